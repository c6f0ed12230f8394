"""A meeting of the region with both Members' delegations approved, and proposals on it."""

import datetime

import pytest

from secretariat.decisions import services
from secretariat.meetings.models import Delegation, MeetingInvitation

from ..meetings.factories import AgendaItemFactory, MeetingFactory


@pytest.fixture
def meeting(region):
    return MeetingFactory(
        series__region=region, series__reference="RHCAC", series__name_en="Heads", number=21
    )


@pytest.fixture
def item(meeting):
    return AgendaItemFactory(session=meeting.session, meeting=meeting, title_en="Nominations")


@pytest.fixture
def present(meeting, member, other_member):
    """Both Members' delegations approved: both vote at the meeting."""
    for m in (member, other_member):
        invitation = MeetingInvitation.objects.create(
            session=meeting.session,
            member=m,
            registration_deadline=meeting.session.starts_at - datetime.timedelta(days=1),
        )
        Delegation.objects.create(invitation=invitation, status=Delegation.Status.APPROVED)
    return [member, other_member]


@pytest.fixture
def make_proposal(region, meeting, item, cast, member):
    def make(title="Regional representatives", by=None, **fields):
        fields.setdefault("members", [member])
        return services.proposal_create(
            region=region,
            by=by or cast.alice,
            series=meeting.series,
            meeting=meeting,
            agenda_item=item,
            title_en=title,
            text_en=fields.pop("text_en", "The region **nominates** its representatives."),
            **fields,
        )

    return make


@pytest.fixture
def tabled(make_proposal, cast):
    proposal = make_proposal()
    return services.proposal_table(proposal=proposal, by=cast.alice)
