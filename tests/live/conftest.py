"""A sitting under way: two Members invited, each with a registered delegation.

alice (contact point of `member`) sits in Indonesia's delegation, charlie in Australia's;
bob (Head of Customs of Indonesia) is in no delegation; sam is the secretariat (the chair).
"""

import datetime

import pytest
from django.utils import timezone

from secretariat.meetings import delegations
from secretariat.meetings.models import Delegate, Delegation

from ..meetings.factories import AgendaItemFactory, MeetingFactory


@pytest.fixture
def session(region, cast, member, other_member):
    starts = timezone.now()
    meeting = MeetingFactory(
        series__region=region,
        series__name_en="Heads Conference",
        number=21,
        session__starts_at=starts,
        session__ends_at=starts + datetime.timedelta(hours=4),
        session__join_link="https://video.example.org/join/21",
    )
    session = meeting.session
    delegations.session_invite(
        session=session,
        members=[member, other_member],
        deadline=starts - datetime.timedelta(hours=1),
        by=cast.sam,
    )
    for user, who in ((cast.alice, member), (cast.charlie, other_member)):
        delegation = Delegation.objects.get(invitation__session=session, invitation__member=who)
        delegation.status = Delegation.Status.APPROVED
        delegation.save()
        Delegate.objects.create(delegation=delegation, person=user.person, role="head")
    return session


@pytest.fixture
def items(session):
    return [
        AgendaItemFactory(session=session, position=n, title_en=f"Item {n}", title_fr=f"Point {n}")
        for n in (1, 2, 3)
    ]


@pytest.fixture
def ours(session, member):
    return Delegation.objects.get(invitation__session=session, invitation__member=member)


@pytest.fixture
def theirs(session, other_member):
    return Delegation.objects.get(invitation__session=session, invitation__member=other_member)
