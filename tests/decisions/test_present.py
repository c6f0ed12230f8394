"""Who votes at a meeting: approved delegations with a delegate not marked absent."""

import pytest

from secretariat.meetings.models import Delegate, Delegation
from secretariat.meetings.participation import present_members

from ..factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_delegation_votes_unless_every_delegate_is_marked_absent(
    meeting, present, member, other_member
):
    for m, attended in ((member, None), (other_member, False)):
        delegation = Delegation.objects.get(invitation__member=m)
        Delegate.objects.create(
            delegation=delegation,
            person=PersonFactory(region=m.region),
            role=Delegate.Role.HEAD,
            attended=attended,
        )
    assert present_members(meeting.session) == [member]
