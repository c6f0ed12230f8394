"""Elections on a call: present delegations name candidates, the seats fill in order of votes."""

import datetime
import zoneinfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from secretariat.core.models import AuditEntry
from secretariat.decisions import services as decisions
from secretariat.decisions.models import Decision, SecretTally, VoteCast
from secretariat.nominations import services
from secretariat.nominations.models import Call, EligibilityRule, Nomination
from secretariat.regions.models import Holding

from ..factories import MemberFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def third(region):
    return MemberFactory(region=region, short_name_en="Japan", slug="japan")


def _slate(cast, meeting, item, *, seats, nominees):
    """A call for `seats` seats with `nominees` (in order of nomination), its slate tabled."""
    post = PostFactory(region=meeting.series.region, name_en="Finance Committee", seat_count=4)
    EligibilityRule.objects.create(post=post, kind=EligibilityRule.Kind.CURRENT_MEMBER)
    call = services.call_open(
        post=post,
        by=cast.sam,
        seats=seats,
        deadline=timezone.now() + datetime.timedelta(days=5),
        term_starts_on=datetime.date(2030, 7, 1),
        term_ends_on=datetime.date(2032, 6, 30),
    )
    for nominee in nominees:
        services.nomination_propose(
            call=call, by=cast.sam, proposed_by=nominee, nominee=nominee, statement="Ready."
        )
    services.call_table_slate(
        call=call, by=cast.sam, series=meeting.series, meeting=meeting, agenda_item=item
    )
    call.refresh_from_db()
    return call


def _nomination(call, member):
    return call.nominations.get(member=member)


def _tallied(call):
    """The votes each candidate has received so far, as the secret tallies hold them."""
    tallies = SecretTally.objects.filter(vote__proposal__call=call)
    return {int(choice): n for choice, n in tallies.values_list("choice", "ballots")}


def _holders(call):
    return set(
        Holding.objects.filter(post=call.post).values_list("member__short_name_en", flat=True)
    )


def test_more_candidates_than_seats_fills_exactly_the_seats(
    cast, meeting, item, present, member, other_member, third
):
    call = _slate(cast, meeting, item, seats=2, nominees=[member, other_member, third])
    services.election_open(call=call, by=cast.sam)
    services.election_vote(
        call=call,
        member=member,
        by=cast.alice,
        nominations=[_nomination(call, member), _nomination(call, third)],
    )
    services.election_vote(
        call=call, member=other_member, by=cast.charlie, nominations=[_nomination(call, third)]
    )
    result = services.election_close(call=call, by=cast.sam)

    assert len(result.elected) == 2 and not result.tied_at_the_last_seat
    assert _holders(call) == {"Japan", "Indonesia"}
    votes = {n.nominee.short_name_en: (n.votes, n.status) for n in call.nominations.all()}
    assert votes == {
        "Indonesia": (1, Nomination.Status.APPOINTED),
        "Australia": (0, Nomination.Status.NOT_APPOINTED),
        "Japan": (2, Nomination.Status.APPOINTED),
    }
    call.refresh_from_db()
    decision = call.proposal.decision
    assert call.status == Call.Status.DECIDED
    assert (decision.method, decision.outcome) == (Decision.Method.VOTE, Decision.Outcome.ADOPTED)
    assert decision.result == "2 ballots, of 2 Members entitled; seats filled in order of votes"
    assert (
        Holding.objects.get(post=call.post, member=third).note == f"Decision {decision.reference}"
    )
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"election opened", "election ballot cast", "election counted"} <= actions
    assert {"nominee appointed", "nominee not appointed"} <= actions


def test_a_tie_at_the_last_seat_goes_to_the_earliest_nominated(
    cast, meeting, item, present, member, other_member
):
    call = _slate(cast, meeting, item, seats=1, nominees=[other_member, member])
    services.election_open(call=call, by=cast.sam)
    services.election_vote(
        call=call, member=member, by=cast.alice, nominations=[_nomination(call, member)]
    )
    services.election_vote(
        call=call,
        member=other_member,
        by=cast.charlie,
        nominations=[_nomination(call, other_member)],
    )
    result = services.election_close(call=call, by=cast.sam)
    assert result.tied_at_the_last_seat
    assert _holders(call) == {"Australia"}  # nominated first
    assert "a tie at the last seat went to the earliest nominated" in (
        Call.objects.get(pk=call.pk).proposal.decision.result
    )


def test_a_ballot_is_one_per_member_within_the_seats_and_kept_apart(
    cast, meeting, item, present, member, other_member, third
):
    call = _slate(cast, meeting, item, seats=2, nominees=[member, other_member, third])
    services.election_open(call=call, by=cast.sam)
    every = list(call.nominations.all())
    with pytest.raises(ValidationError, match="Choose from 1 to 2"):
        services.election_vote(call=call, member=member, by=cast.alice, nominations=every)
    with pytest.raises(ValidationError, match="Choose from 1 to 2"):
        services.election_vote(call=call, member=member, by=cast.alice, nominations=[])
    with pytest.raises(PermissionDenied):
        services.election_vote(call=call, member=other_member, by=cast.alice, nominations=every[:1])
    services.election_vote(call=call, member=member, by=cast.alice, nominations=every[:1])
    with pytest.raises(ValidationError, match="already voted"):
        services.election_vote(call=call, member=member, by=cast.bob, nominations=every[1:2])
    assert VoteCast.objects.get().choice == ""
    assert _tallied(call) == {every[0].pk: 1, every[1].pk: 0, every[2].pk: 0}
    # The generic yes/no machinery refuses an election's vote.
    vote = call.proposal.vote
    with pytest.raises(ValidationError, match="an election"):
        decisions.vote_cast(vote=vote, member=other_member, choice="yes", by=cast.charlie)
    with pytest.raises(ValidationError, match="an election"):
        decisions.vote_close(vote=vote, by=cast.sam)
    # No ballot ever enters the audit history; the record of voting carries no choice.
    ballot_type = ContentType.objects.get_for_model(SecretTally)
    assert not AuditEntry.objects.filter(target_type=ballot_type).exists()
    entry = AuditEntry.objects.get(action="election ballot cast")
    assert entry.changes.get("choice", [None, ""])[1] == ""


def test_an_election_needs_more_candidates_than_seats_and_the_secretariat(
    cast, meeting, item, present, member, other_member
):
    call = _slate(cast, meeting, item, seats=2, nominees=[member, other_member])
    with pytest.raises(ValidationError, match="No more candidates than seats"):
        services.election_open(call=call, by=cast.sam)
    call = _slate(cast, meeting, item, seats=1, nominees=[member, other_member])
    with pytest.raises(PermissionDenied):
        services.election_open(call=call, by=cast.alice)
    services.election_open(call=call, by=cast.sam)
    with pytest.raises(PermissionDenied):
        services.election_close(call=call, by=cast.alice)
    services.election_close(call=call, by=cast.sam)  # nobody voted: the first nominated
    with pytest.raises(ValidationError):
        services.election_close(call=call, by=cast.sam)
    assert _holders(call) == {"Indonesia"}


# --- pages -----------------------------------------------------------------------------------


def url(name, call):
    return reverse(f"nominations:{name}", args=[call.region.slug, call.pk])


@pytest.fixture
def election(cast, meeting, item, present, member, other_member, third):
    call = _slate(cast, meeting, item, seats=2, nominees=[member, other_member, third])
    services.election_open(call=call, by=cast.sam)
    return call


def test_the_secretariat_opens_the_election_from_the_page(
    client, cast, meeting, item, present, member, other_member
):
    call = _slate(cast, meeting, item, seats=1, nominees=[member, other_member])
    client.force_login(cast.sam)
    assert "Hold an election" in client.get(url("call-detail", call)).text
    page = client.post(url("election-open", call), {"mode": "written"})  # no deadline
    assert page.status_code == 400 and "Give a deadline in the future" in page.text
    assert client.post(url("election-open", call), {"mode": "meeting"}).status_code == 302
    assert call.proposal.__class__.objects.get(pk=call.proposal_id).vote.election


@pytest.mark.parametrize(
    ("who", "status"), [(None, 302), ("alice", 403), ("charlie", 403), ("dana", 403)]
)
def test_only_the_secretariat_opens_or_closes_it(client, cast, election, who, status):
    if who:
        client.force_login(getattr(cast, who))
    for name in ("election-open", "election-close"):
        response = client.post(url(name, election), {"mode": "meeting"})
        assert response.status_code == status
        if who is None:
            assert "/accounts/" in response["Location"]
    assert Call.objects.get(pk=election.pk).status == Call.Status.SLATE
    assert election.proposal.vote.is_open and not Holding.objects.filter(post=election.post)


def test_a_contact_point_votes_on_the_page_for_its_own_member(
    client, cast, election, member, other_member
):
    client.force_login(cast.alice)
    page = client.get(url("call-detail", election)).text
    assert "Cast the ballot" in page and "Choose up to 2." in page
    japan = election.nominations.get(member__short_name_en="Japan")
    # For another Member: refused, nothing recorded.
    response = client.post(
        url("election-vote", election), {"member": other_member.pk, "nominations": [japan.pk]}
    )
    assert response.status_code == 400 and not any(_tallied(election).values())
    response = client.post(
        url("election-vote", election), {"member": member.pk, "nominations": [japan.pk]}
    )
    assert response.status_code == 302 and sum(_tallied(election).values()) == 1
    assert "Cast the ballot" not in client.get(url("call-detail", election)).text


@pytest.mark.parametrize("who", [None, "dana"])
def test_outsiders_cannot_vote(client, cast, election, member, who):
    if who:
        client.force_login(getattr(cast, who))
    japan = election.nominations.get(member__short_name_en="Japan")
    response = client.post(
        url("election-vote", election), {"member": member.pk, "nominations": [japan.pk]}
    )
    assert response.status_code in (302, 403) and not any(_tallied(election).values())


def test_the_result_is_published_on_the_call(client, cast, election, member, other_member):
    japan = election.nominations.get(member__short_name_en="Japan")
    services.election_vote(call=election, member=member, by=cast.alice, nominations=[japan])
    client.force_login(cast.sam)
    assert "Close the election" in client.get(url("call-detail", election)).text
    response = client.post(url("election-close", election))
    assert response.status_code == 302
    client.logout()
    page = client.get(url("call-detail", election)).text
    assert "Votes received" in page and "1 ballots, of 2 Members entitled" in page
    assert _holders(election) == {"Japan", "Indonesia"}


# --- elections in writing ------------------------------------------------------------------------


def _written_slate(cast, region, series, *, seats, nominees):
    """A call whose slate goes to a written procedure: no meeting, every Member votes."""
    post = PostFactory(region=region, name_en="Audit Committee", seat_count=2)
    call = services.call_open(
        post=post,
        by=cast.sam,
        seats=seats,
        deadline=timezone.now() + datetime.timedelta(days=5),
        term_starts_on=datetime.date(2030, 7, 1),
    )
    for nominee in nominees:
        services.nomination_propose(
            call=call, by=cast.sam, proposed_by=nominee, nominee=nominee, statement="Ready."
        )
    services.call_table_slate(call=call, by=cast.sam, series=series)
    call.refresh_from_db()
    return call


@pytest.fixture
def written(cast, region, meeting, member, other_member, third):
    call = _written_slate(
        cast, region, meeting.series, seats=1, nominees=[member, other_member, third]
    )
    opened = timezone.now()
    deadline = opened + datetime.timedelta(days=10)
    vote = services.election_open(call=call, by=cast.sam, mode="written", deadline=deadline)
    return call, vote


def test_an_election_in_writing_asks_every_member_by_mail(
    written, member, other_member, third, region, cast
):
    from secretariat.core.models import OutboxMessage

    call, vote = written
    assert call.proposal.meeting is None
    assert set(vote.electorate.all()) == {member, other_member, third}
    assert vote.mode == "written" and vote.ballot == "secret"
    # The written procedure's circular goes to the contact points of every Member.
    assert {m.to for m in OutboxMessage.objects.all()} >= {
        "alice@example.org",
        "charlie@example.org",
    }


def test_an_election_in_writing_needs_a_deadline(cast, region, meeting, member, other_member):
    call = _written_slate(cast, region, meeting.series, seats=1, nominees=[member, other_member])
    with pytest.raises(ValidationError, match="deadline in the future"):
        services.election_open(call=call, by=cast.sam, mode="written")
    with pytest.raises(ValidationError, match="meeting or in writing"):
        services.election_open(
            call=call,
            by=cast.sam,
            mode="silence",
            deadline=timezone.now() + datetime.timedelta(days=1),
        )


def test_no_ballot_after_the_deadline_and_no_count_before_it(written, member, cast):
    call, vote = written
    with pytest.raises(ValidationError, match="deadline has not passed"):
        services.election_close(call=call, by=cast.sam)
    late = vote.deadline + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="closed"):
        services.election_vote(
            call=call,
            member=member,
            by=cast.alice,
            nominations=[_nomination(call, member)],
            now=late,
        )


def test_the_tick_counts_it_at_the_deadline_as_a_decision_of_that_date(
    written, member, other_member, third, cast
):
    call, vote = written
    for voter, by in ((member, cast.alice), (other_member, cast.charlie)):
        services.election_vote(
            call=call, member=voter, by=by, nominations=[_nomination(call, third)]
        )
    before = vote.deadline - datetime.timedelta(minutes=1)
    assert services.written_elections_due(now=before) == 0
    assert decisions.written_procedures_due(now=vote.deadline) == 0  # not the vote's to count
    after = vote.deadline + datetime.timedelta(hours=1)
    assert services.written_elections_due(now=after) == 1
    assert services.written_elections_due(now=after) == 0  # once
    decision = Decision.objects.get(proposal=call.proposal)
    assert decision.method == Decision.Method.WRITTEN_VOTE
    assert decision.reference == "RHCAC/W1" and decision.meeting is None
    zone = zoneinfo.ZoneInfo(call.region.time_zone)
    assert decision.decided_on == vote.deadline.astimezone(zone).date()
    assert _holders(call) == {"Japan"}
    assert {n.nominee.short_name_en: n.votes for n in call.nominations.all()} == {
        "Indonesia": 0,
        "Australia": 0,
        "Japan": 2,
    }


def test_a_tie_in_writing_goes_to_the_earliest_nominated(written, member, other_member, cast):
    call, vote = written
    services.election_vote(
        call=call, member=member, by=cast.alice, nominations=[_nomination(call, other_member)]
    )
    services.election_vote(
        call=call, member=other_member, by=cast.charlie, nominations=[_nomination(call, member)]
    )
    services.election_close(call=call, by=cast.sam, now=vote.deadline)
    assert _holders(call) == {"Indonesia"}  # nominated before Australia
    assert "a tie at the last seat went to the earliest nominated" in (
        Decision.objects.get(proposal=call.proposal).result
    )


def test_the_page_offers_the_written_ballot_and_no_early_close(client, written, cast, member):
    call, _vote = written
    client.force_login(cast.alice)
    page = client.get(url("call-detail", call)).text
    assert "A secret ballot in writing of every Member" in page and "Cast the ballot" in page
    client.force_login(cast.sam)
    assert "Close the election" not in client.get(url("call-detail", call)).text
    response = client.post(url("election-close", call))
    assert response.status_code == 302 and not Holding.objects.filter(post=call.post).exists()


@pytest.mark.parametrize("who", [None, "alice", "sam"])
def test_the_api_gives_each_candidates_votes_once_counted_and_only_totals(
    client, cast, election, member, other_member, third, who
):
    if who:
        client.force_login(getattr(cast, who))
    services.election_vote(
        call=election,
        member=member,
        by=cast.alice,
        nominations=[_nomination(election, member), _nomination(election, third)],
    )

    def body():
        [row] = client.get("/api/regions/ap/nominations").json()
        return row

    row = body()
    assert row["election"] == {
        "mode": "meeting",
        "deadline": None,
        "closed": False,
        "ballots": None,
        "entitled": None,
    }
    assert [n["votes"] for n in row["nominations"]] == [None, None, None]
    services.election_vote(
        call=election,
        member=other_member,
        by=cast.charlie,
        nominations=[_nomination(election, third)],
    )
    services.election_close(call=election, by=cast.sam)
    row = body()
    assert row["election"]["closed"] and row["election"]["ballots"] == 2
    assert {n["nominee"]: n["votes"] for n in row["nominations"]} == {
        "Indonesia": 1,
        "Australia": 0,
        "Japan": 2,
    }
    # Totals only: nothing in the answer says which Member chose whom.
    text = str(row)
    assert "ballot" not in text.replace("'ballots'", "") and "choice" not in text
