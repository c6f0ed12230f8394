"""Who may do what with meetings."""

import rules

from secretariat.regions.rules import is_participant, is_secretariat

from .participation import registrar_for


@rules.predicate
def registers_delegation(user, delegation):
    """Whoever registers for the invitee: a Member's contact point or Head of Customs, an
    entity's officer, an observer organisation's observer, an invited individual themself;
    and the region's secretariat for anyone (on their behalf, late too)."""
    if delegation is None:
        return False
    invitation = delegation.invitation
    if is_secretariat(user, invitation.session):
        return True
    return registrar_for(user).registers(invitation)


rules.add_perm("meetings.manage_meetings", is_secretariat)
rules.add_perm("meetings.register_delegation", registers_delegation)
# The video link is for the region's participants (registered delegations come later).
rules.add_perm("meetings.see_join_link", is_secretariat | is_participant)
