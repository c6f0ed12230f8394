"""Who may do what with accounts: the secretariat invites its region's people; a token or a
calendar address is its owner's alone."""

import rules

from secretariat.regions.rules import is_secretariat


@rules.predicate
def owns(user, obj):
    return obj is not None and getattr(user, "is_authenticated", False) and obj.user_id == user.pk


rules.add_perm("accounts.invite_person", is_secretariat)
rules.add_perm("accounts.revoke_token", owns)
rules.add_perm("accounts.revoke_calendar_feed", owns)
