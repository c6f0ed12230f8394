"""Written procedure: circulated by mail, reminders by the tick, closed at the deadline."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from secretariat.decisions import services
from secretariat.decisions.models import Decision, Vote

pytestmark = pytest.mark.django_db

START = datetime.datetime(2023, 3, 1, 2, 0, tzinfo=datetime.UTC)
DEADLINE = START + datetime.timedelta(days=10)


def tick():
    out = io.StringIO()
    call_command("tick", stdout=out)
    return out.getvalue()


@pytest.fixture
def written(region, meeting, cast, member, other_member):
    """A secretariat proposal with no meeting: decided in writing, referenced from the series."""
    return services.proposal_create(
        region=region,
        by=cast.sam,
        series=meeting.series,
        title_en="Intersessional voting process",
        text_en="The region adopts a written voting process between meetings.",
        secretariat=True,
    )


def subjects(inbox):
    return sorted(
        (e.rcpt_tos[0], e.content.decode().split("Subject: ")[1].splitlines()[0]) for e in inbox
    )


def test_silence_procedure_from_circulation_to_decision(
    written, cast, member, other_member, smtp, django_capture_on_commit_callbacks
):
    with time_machine.travel(START, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            vote = services.vote_open(
                proposal=written, by=cast.sam, mode=Vote.Mode.SILENCE, deadline=DEADLINE
            )
        assert set(vote.electorate.all()) == {member, other_member}
        assert subjects(smtp) == [
            ("alice@example.org", "For decision in writing: Intersessional voting process"),
            ("charlie@example.org", "For decision in writing: Intersessional voting process"),
        ]
    smtp.clear()
    with time_machine.travel(DEADLINE - datetime.timedelta(days=5), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert "'reminded': 0" in tick()
        services.vote_cast(vote=vote, member=other_member, choice="no", by=cast.charlie)
    with time_machine.travel(DEADLINE - datetime.timedelta(days=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert "'reminded': 1" in tick()
            assert "'reminded': 0" in tick()  # once only
        # Only the Member that has not answered is reminded.
        assert subjects(smtp) == [
            ("alice@example.org", "Reminder, deadline near: Intersessional voting process")
        ]
        with pytest.raises(ValidationError, match="deadline has not passed"):
            services.vote_close(vote=vote, by=cast.sam)
    with time_machine.travel(DEADLINE + datetime.timedelta(minutes=1), tick=False):
        assert "'closed': 1" in tick()
        assert "'closed': 0" in tick()
    decision = Decision.objects.get()
    assert decision.reference == "RHCAC/W1"
    assert decision.method == Decision.Method.SILENCE
    assert decision.outcome == Decision.Outcome.REJECTED  # Australia objected
    assert decision.decided_on == datetime.date(2023, 3, 11)
    assert decision.result == "1 objection"


def test_written_vote_at_the_deadline_counts_the_ballots(written, cast, member):
    with time_machine.travel(START, tick=False):
        vote = services.vote_open(
            proposal=written, by=cast.sam, mode=Vote.Mode.WRITTEN, deadline=DEADLINE
        )
        services.vote_cast(vote=vote, member=member, choice="yes", by=cast.alice)
    with time_machine.travel(DEADLINE, tick=False):
        with pytest.raises(ValidationError, match="closed"):
            services.vote_cast(
                vote=vote,
                member=member,
                choice="no",
                by=cast.alice,
                now=DEADLINE + datetime.timedelta(seconds=1),
            )
        tick()
    decision = Decision.objects.get()
    assert decision.method == Decision.Method.WRITTEN_VOTE
    assert decision.outcome == Decision.Outcome.ADOPTED  # 1 yes of 1 cast
    assert decision.result == "1 yes, 0 no, 0 abstentions, of 2 Members entitled"


def test_a_deadline_in_the_past_is_refused(written, cast):
    with (
        time_machine.travel(START, tick=False),
        pytest.raises(ValidationError, match="deadline in the future"),
    ):
        services.vote_open(
            proposal=written,
            by=cast.sam,
            mode=Vote.Mode.SILENCE,
            deadline=START - datetime.timedelta(hours=1),
        )
    assert not Vote.objects.exists()


def test_in_silence_only_an_objection_can_be_made(written, cast, member):
    with time_machine.travel(START, tick=False):
        vote = services.vote_open(
            proposal=written, by=cast.sam, mode=Vote.Mode.SILENCE, deadline=DEADLINE
        )
        with pytest.raises(ValidationError):
            services.vote_cast(vote=vote, member=member, choice="yes", by=cast.alice)
    assert not vote.casts.exists()
