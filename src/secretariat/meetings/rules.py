"""Who may do what with meetings."""

import rules

from secretariat.regions.rules import is_participant, is_secretariat, represents_member


@rules.predicate
def registers_delegation(user, delegation):
    """An invited Member's contact point or Head of Customs; for an organisation (or anyone,
    late too) the secretariat."""
    if delegation is None:
        return False
    invitation = delegation.invitation
    if is_secretariat(user, invitation.session):
        return True
    return bool(invitation.member_id) and represents_member(user, invitation.member)


rules.add_perm("meetings.manage_meetings", is_secretariat)
rules.add_perm("meetings.register_delegation", registers_delegation)
# The video link is for the region's participants (registered delegations come later).
rules.add_perm("meetings.see_join_link", is_secretariat | is_participant)
