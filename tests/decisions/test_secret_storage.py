"""Nothing stored links a secret ballot to the Member who cast it (issue 17, decision 0016).

Twenty Members cast secret ballots in a known, shuffled order. Whatever the casts wrote
beside the record of who voted (`VoteCast`, which names the voter by design, and the audit of
it) is read back as someone with a copy of the database would read it: every column, the
rowid on SQLite, the transaction id (xmin) and the place on disk (ctid) on PostgreSQL, and
the order a plain SELECT returns. For each of these, the ballots' choices laid out in that
stored order are compared with the choices in the order they were cast, by Spearman's rank
correlation. Rows that the stored value cannot tell apart (the same xmin, say) are laid out
in a random order: who reads the copy can only guess between them.

The threshold: where the stored order says nothing of the order of the casts, each run's
correlation has mean 0 and variance 1/(n - 1) = 1/19 (exactly so for a random arrangement of
fixed values), so the mean of RUNS = 10 runs has a standard deviation of 1/sqrt(190) = 0.073,
and the mean of the squares an expected value of 1/19 = 0.053. A mean beyond +-0.3 (4 standard
deviations) or a root mean square above 0.45 fails; a leak-free storage does that less than
once in 10,000 (a fixed seed makes each run repeatable besides). A storage whose order is the
order of the casts scores 1.0 in every run, and one that keeps it for half the ballots 0.5.
"""

import contextlib
import datetime
import json
import random
import statistics

import pytest
from django.db import connection
from django.utils import timezone

from secretariat.core.models import AuditEntry
from secretariat.decisions import services as decisions
from secretariat.decisions.models import Choice, Vote, VoteCast
from secretariat.meetings.models import Delegation, MeetingInvitation
from secretariat.nominations import services as nominations
from secretariat.regions.models import Role

from ..factories import MemberFactory, PostFactory, RegionFactory, user_with_role
from ..meetings.factories import MeetingFactory

VOTERS = 20
RUNS = 10
MEAN_BOUND = 0.3
RMS_BOUND = 0.45
COUNTED = "ballots"  # a tally's row stands for as many ballots as this column counts

pytestmark = pytest.mark.django_db(transaction=True)  # each cast commits, as on the site


@pytest.fixture
def world():
    """A meeting of twenty Members, each present with its contact point, and the secretariat."""
    region = RegionFactory(slug="secret", short_name_en="Secret")
    meeting = MeetingFactory(series__region=region)
    members = [
        MemberFactory(region=region, short_name_en=f"Member {n:02}", slug=f"member-{n:02}")
        for n in range(VOTERS)
    ]
    for member in members:
        invitation = MeetingInvitation.objects.create(
            session=meeting.session,
            member=member,
            registration_deadline=meeting.session.starts_at - datetime.timedelta(days=1),
        )
        Delegation.objects.create(invitation=invitation, status=Delegation.Status.APPROVED)
    voters = {
        m.pk: user_with_role(Role.Kind.CONTACT_POINT, region=region, member=m) for m in members
    }
    secretariat = user_with_role(Role.Kind.SECRETARIAT, region=region)
    return region, meeting, members, voters, secretariat


# --- reading the database as its copy would be read -------------------------------------------


def _tables():
    """Every table of the site but the record of who voted and its audit."""
    public = {VoteCast._meta.db_table, AuditEntry._meta.db_table}
    return sorted(set(connection.introspection.django_table_names()) - public)


def _rows():
    """Each row of `_tables()`, with its rowid (SQLite) or xmin and ctid (PostgreSQL) and its
    place in the order a SELECT without ORDER BY returns."""
    rows = []
    with connection.cursor() as cursor:
        for table in _tables():
            if connection.vendor == "postgresql":
                cursor.execute(f'SELECT xmin::text, ctid::text, * FROM "{table}"')
            else:
                cursor.execute(f'SELECT rowid AS "rowid", * FROM "{table}"')
            names = [c[0] for c in cursor.description]
            if connection.vendor == "postgresql":
                names[:2] = ["xmin", "ctid"]
            for position, values in enumerate(cursor.fetchall()):
                row = dict(zip(names, values, strict=True), table=table, position=position)
                if "xmin" in row:
                    row["xmin"] = int(row["xmin"])
                    row["ctid"] = tuple(int(n) for n in row["ctid"].strip("()").split(","))
                rows.append(row)
    return rows


def _frozen(row):
    """What identifies a row's stored version: its values, rowid, xmin and ctid."""
    return repr(sorted((k, v) for k, v in row.items() if k != "position"))


def _tokens(row, choices):
    """The choices a row names: a text column's value, or the items of a JSON list."""
    found = []
    for name, value in row.items():
        if name == "table" or not isinstance(value, str | list):
            continue
        if isinstance(value, str) and value.startswith("["):
            with contextlib.suppress(ValueError):  # text that only looks like a list
                value = json.loads(value)
        items = value if isinstance(value, list) else [value]
        found += [str(v) for v in items if str(v) in choices]
    return found


def _key(value):
    if isinstance(value, int | float | tuple):
        return (0, value)
    return (1, str(value))


def _correlations(before, after, cast_choices, choices, rng):
    """{feature: Spearman's rho} between the choices in the order cast and in stored order.

    The ballots are the rows the casts wrote or changed that name a choice; each feature is a
    column (or rowid, xmin, ctid, position) by which those rows can be ordered.
    """
    seen = {_frozen(row) for row in before}
    ballots = [row for row in after if _frozen(row) not in seen and _tokens(row, choices)]
    assert ballots, "the casts stored no ballot this test can read"
    assert len({row["table"] for row in ballots}) == 1, "ballots spread over several tables"
    assert all(len(_tokens(row, choices)) == 1 for row in ballots)
    stored = sum(row.get(COUNTED, 1) for row in ballots)
    assert stored == len(cast_choices), "every ballot cast is found in the storage"
    cast_order = [choices.index(c) for c in cast_choices]
    features = sorted(set.intersection(*(set(row) for row in ballots)) - {"table"})
    result = {}
    for feature in features:
        shuffled = rng.sample(ballots, len(ballots))  # rows the feature cannot tell apart
        in_order = sorted(shuffled, key=lambda row: _key(row[feature]))  # stable sort
        stored_order = [
            choices.index(_tokens(row, choices)[0])
            for row in in_order
            for _ in range(row.get(COUNTED, 1))
        ]
        try:
            result[feature] = statistics.correlation(cast_order, stored_order, method="ranked")
        except statistics.StatisticsError:  # one value throughout: no order at all
            result[feature] = 0.0
    return result


def _check(runs):
    """Each feature's mean and root mean square over the runs stay near zero."""
    report = {}
    for feature in runs[0]:
        values = [run[feature] for run in runs]
        mean = statistics.fmean(values)
        rms = statistics.fmean(v * v for v in values) ** 0.5
        report[feature] = (round(mean, 3), round(rms, 3))
    print(f"\n{connection.vendor}: feature (mean rho, rms rho) over {len(runs)} runs: {report}")
    leaks = {f: r for f, r in report.items() if abs(r[0]) >= MEAN_BOUND or r[1] >= RMS_BOUND}
    assert not leaks, f"the stored order follows the order of the casts: {leaks}"


# --- the votes ---------------------------------------------------------------------------------


def test_a_secret_votes_storage_does_not_follow_the_order_of_the_casts(world):
    region, meeting, members, voters, secretariat = world
    rng = random.Random(17)
    runs = []
    choices = [str(c) for c in Choice]
    for run in range(RUNS):
        proposal = decisions.proposal_create(
            region=region,
            by=secretariat,
            series=meeting.series,
            meeting=meeting,
            title_en=f"Proposal {run}",
            text_en="Put to a secret vote.",
            secretariat=True,
        )
        vote = decisions.vote_open(
            proposal=proposal, by=secretariat, mode=Vote.Mode.MEETING, ballot=Vote.Ballot.SECRET
        )
        now = timezone.now()
        order = rng.sample(members, VOTERS)
        cast_choices = [rng.choice(choices) for _ in order]
        before = _rows()
        for n, (member, choice) in enumerate(zip(order, cast_choices, strict=True)):
            decisions.vote_cast(
                vote=vote,
                member=member,
                choice=choice,
                by=voters[member.pk],
                now=now + datetime.timedelta(minutes=n),
            )
        runs.append(_correlations(before, _rows(), cast_choices, choices, rng))
        decisions.vote_close(vote=vote, by=secretariat)
        vote.refresh_from_db()
        counted = (vote.yes, vote.no, vote.abstain)
        assert counted == tuple(cast_choices.count(c) for c in choices)
    _check(runs)


def test_an_elections_storage_does_not_follow_the_order_of_the_casts(world):
    """Each voter names a different candidate: the ballots are told apart by their content."""
    region, meeting, members, voters, secretariat = world
    rng = random.Random(1717)
    runs = []
    for run in range(RUNS):
        now = timezone.now()
        call = nominations.call_open(
            post=PostFactory(region=region, name_en=f"Committee {run}", seat_count=1),
            by=secretariat,
            seats=1,
            deadline=now + datetime.timedelta(days=1),
            term_starts_on=datetime.date(2030, 7, 1),
        )
        for member in members:
            nominations.nomination_propose(
                call=call, by=secretariat, proposed_by=member, nominee=member, statement="Ready."
            )
        nominations.call_table_slate(
            call=call, by=secretariat, series=meeting.series, meeting=meeting
        )
        call.refresh_from_db()
        nominations.election_open(call=call, by=secretariat)
        candidates = list(call.nominations.order_by("created_at", "pk"))
        choices = [str(n.pk) for n in candidates]
        order = rng.sample(members, VOTERS)
        named = rng.sample(candidates, VOTERS)
        before = _rows()
        for n, (member, candidate) in enumerate(zip(order, named, strict=True)):
            nominations.election_vote(
                call=call,
                member=member,
                nominations=[candidate],
                by=voters[member.pk],
                now=now + datetime.timedelta(minutes=n),
            )
        cast_choices = [str(n.pk) for n in named]
        runs.append(_correlations(before, _rows(), cast_choices, choices, rng))
        result = nominations.election_close(call=call, by=secretariat)
        assert result.votes == dict.fromkeys((n.pk for n in candidates), 1)
        assert result.elected == (candidates[0].pk,)  # all tied: the first nominated
    _check(runs)
