"""The migrations that fold secret ballots into tallies lose no vote, either way."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from secretariat.decisions import services as decisions
from secretariat.decisions.models import SecretTally, Vote
from secretariat.nominations import services as nominations

from ..nominations.test_elections import _nomination, _slate

BEFORE = [
    ("decisions", "0005_proposal_and_decision_share_a_matter"),
    ("nominations", "0002_election_ballots"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _tallies(vote):
    return dict(SecretTally.objects.filter(vote=vote).values_list("choice", "ballots"))


@pytest.mark.django_db(transaction=True)
def test_ballots_become_tallies_and_back(
    tabled, present, cast, meeting, item, member, other_member
):
    vote = decisions.vote_open(
        proposal=tabled, by=cast.sam, mode=Vote.Mode.MEETING, ballot=Vote.Ballot.SECRET
    )
    decisions.vote_cast(vote=vote, member=member, choice="yes", by=cast.alice)
    decisions.vote_cast(vote=vote, member=other_member, choice="no", by=cast.charlie)
    call = _slate(cast, meeting, item, seats=1, nominees=[member, other_member])
    election = nominations.election_open(call=call, by=cast.sam)
    nominations.election_vote(
        call=call, member=member, by=cast.alice, nominations=[_nomination(call, other_member)]
    )
    counted = {vote: _tallies(vote), election: _tallies(election)}
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()

    old = _migrate(BEFORE)
    ballots = old.get_model("decisions", "SecretBallot").objects.filter(vote=vote.pk)
    assert sorted(ballots.values_list("choice", flat=True)) == ["no", "yes"]
    named = old.get_model("nominations", "ElectionBallot").objects.values_list(
        "nominations", flat=True
    )
    assert list(named) == [[_nomination(call, other_member).pk]]

    _migrate(leaf)
    assert {v: _tallies(v) for v in counted} == counted
    result = nominations.election_close(call=call, by=cast.sam)
    assert result.elected == (_nomination(call, other_member).pk,)
