"""The demo's invitations and delegations to the 12 November 2020 Joint Session.

All the region's Members of the day and the WCO and OCO as observers are invited; three
delegations are registered and approved. The seed names no deadline: a week before is a
demo value. The secretariat's demo account registers them (late, as the secretariat may),
so the audit trail names a person.
"""

import datetime

from secretariat.accounts.models import User
from secretariat.meetings import delegations as services
from secretariat.meetings.models import Delegate, Delegation, Meeting, MeetingInvitation
from secretariat.regions.models import Organisation, Person
from secretariat.regions.selectors import members_on

SECRETARIAT = "secretariat@demo.example.org"

# Member short name: (person name, role in the delegation)
DELEGATIONS = {
    "Indonesia": [("Heru Pambudi", Delegate.Role.HEAD), ("Budi Santoso", Delegate.Role.DELEGATE)],
    "Australia": [("Olivia Grant", Delegate.Role.HEAD)],
    "Japan": [("Kenji Sato", Delegate.Role.HEAD)],
}


def load(region):
    """Create what is missing (run it twice: same data)."""
    meeting = Meeting.objects.filter(series__region=region, series__reference="RHCAC", number=21)
    session = meeting.get().session if meeting.exists() else None
    if session is None or MeetingInvitation.objects.filter(session=session).exists():
        return
    by = User.objects.get(email=SECRETARIAT)
    services.session_invite(
        session=session,
        members=members_on(region, session.starts_at.date()),
        organisations=Organisation.objects.for_region(region).filter(slug__in=["wco", "oco"]),
        deadline=session.starts_at - datetime.timedelta(days=7),
        by=by,
    )
    services.registration_question_add(
        session=session,
        kind="yes_no",
        text_en="Will you take the floor in the tour de table?",
        text_fr="Prendrez-vous la parole lors du tour de table ?",
        by=by,
    )
    for member_name, seats in DELEGATIONS.items():
        delegation = Delegation.objects.get(
            invitation__session=session, invitation__member__short_name_en=member_name
        )
        delegates = [
            (Person.objects.get(region=region, name=name), role, False) for name, role in seats
        ]
        services.delegation_register(delegation=delegation, delegates=delegates, by=by)
        services.delegation_approve(delegation=delegation, by=by)
