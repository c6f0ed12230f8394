"""A joint session with attendance, speakers, the chair's notes and decisions on its items."""

import datetime

import pytest

from secretariat.decisions.models import Decision, Proposal, SecretTally, Vote
from secretariat.live.models import ItemRecord, SpeakerRequest
from secretariat.meetings.models import AgendaItem, Delegate, Delegation, MeetingInvitation
from secretariat.records import services

from ..factories import OrganisationFactory, PersonFactory
from ..meetings.factories import AgendaItemFactory, joint_session

DAY = datetime.datetime(2020, 11, 12, 5, tzinfo=datetime.UTC)


def _delegation(session, *, member=None, organisation=None, attended=None):
    invitation = MeetingInvitation.objects.create(
        session=session,
        member=member,
        organisation=organisation,
        registration_deadline=DAY - datetime.timedelta(days=3),
    )
    delegation = Delegation.objects.create(invitation=invitation, status=Delegation.Status.APPROVED)
    person = PersonFactory(region=session.region, member=member, organisation=organisation)
    Delegate.objects.create(
        delegation=delegation, person=person, role=Delegate.Role.HEAD, attended=attended
    )
    return delegation


def _decision(item, *, number, outcome, method, title_en, title_fr="", vote=None):
    meeting = item.meeting or item.session.meetings.order_by("series__order").first()
    proposal = Proposal.objects.create(
        region=item.session.region,
        meeting=meeting,
        agenda_item=item,
        series=meeting.series,
        title_en=title_en,
        title_fr=title_fr,
        text_en="Text.",
        status=Proposal.Status.DECIDED,
    )
    if vote:
        Vote.objects.create(proposal=proposal, opened_at=DAY, closed_at=DAY, **vote)
    return Decision.objects.create(
        region=item.session.region,
        proposal=proposal,
        series=meeting.series,
        meeting=meeting,
        agenda_item=item,
        number=number,
        reference=f"{meeting.reference}/D{number}",
        title_en=title_en,
        title_fr=title_fr,
        text_en="Text.",
        decided_on=DAY.date(),
        method=method,
        outcome=outcome,
    )


@pytest.fixture
def bare_session(region, member):
    """The joint session of RHCAC21 and RCP30 with its agenda only: no live data, no decision."""
    return joint_session(region, member)


@pytest.fixture
def session(bare_session, member, other_member, region):
    """The joint session as it ran: attendance, speakers, notes, two decisions (one secret)."""
    session = bare_session
    ours = _delegation(session, member=member, attended=True)
    theirs = _delegation(session, member=other_member, attended=True)
    ocean = OrganisationFactory(region=region, name_en="Oceania Customs Organisation")
    _delegation(session, organisation=ocean, attended=True)
    opening = session.agenda.get(position=1, parent=None)
    report = session.agenda.get(position=3, parent=None)
    tour = AgendaItemFactory(
        session=session,
        position=4,
        kind=AgendaItem.Kind.TOUR_DE_TABLE,
        title_en="COVID-19 exchange",
        title_fr="Échange sur la COVID-19",
    )
    for n, delegation in enumerate([theirs, ours]):
        SpeakerRequest.objects.create(
            session=session,
            item=tour,
            delegation=delegation,
            kind=SpeakerRequest.Kind.TOUR,
            status=SpeakerRequest.Status.DONE,
            started_at=DAY + datetime.timedelta(minutes=n),
        )
    SpeakerRequest.objects.create(
        session=session,
        item=report,
        delegation=theirs,
        status=SpeakerRequest.Status.DONE,
        started_at=DAY,
    )
    ItemRecord.objects.create(
        item=opening,
        notes="The chair welcomed the delegates.\n\nThe Secretary General joined online.",
    )
    ItemRecord.objects.create(item=report, outcome="The report was well received.")
    _decision(
        report,
        number=1,
        outcome=Decision.Outcome.ENDORSED,
        method=Decision.Method.CONSENSUS,
        title_en="ROCB A/P work plan",
        title_fr="Plan de travail du BRRC",
    )
    vote = _decision(
        tour,
        number=2,
        outcome=Decision.Outcome.ADOPTED,
        method=Decision.Method.VOTE,
        title_en="Regional representative",
        vote={
            "mode": Vote.Mode.MEETING,
            "ballot": Vote.Ballot.SECRET,
            "yes": 2,
            "no": 0,
            "abstain": 0,
            "electorate_size": 2,
            "quorum_met": True,
        },
    )
    SecretTally.objects.create(vote=vote.proposal.vote, choice="yes", ballots=2)
    return session


@pytest.fixture
def record(session, cast):
    return services.record_draft(session=session, by=cast.sam)
