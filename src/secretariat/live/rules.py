"""Who may do what in a live session. The objects are Sessions (and Delegations)."""

import rules

from secretariat.meetings.participation import presiding_officers
from secretariat.meetings.selectors import session_seen_by
from secretariat.regions.rules import is_secretariat
from secretariat.regions.selectors import viewer_for

from . import selectors


@rules.predicate
def is_chair(user, session):
    """Who presides over the session (its chair or co-chairs, named on the session), or the
    region's secretariat."""
    if session is None or not getattr(user, "is_authenticated", False):
        return False
    if is_secretariat(user, session):
        return True
    return any(o.person.user_id == user.pk for o in presiding_officers(session))


@rules.predicate
def may_follow(user, session):
    """Whoever may see one of the session's meetings (public, the region's, named...), once
    the session is published."""
    return session is not None and session_seen_by(viewer_for(user), session)


@rules.predicate
def sits_in_delegation(user, session):
    """A delegate of a registered Member delegation of the session (observers do not)."""
    return session is not None and selectors.delegation_of(user, session) is not None


@rules.predicate
def speaks_for(user, request):
    """On (session, delegation, chair): the chair for any delegation; without `chair`, also a
    delegate for their own delegation."""
    session, delegation, chair = request
    if is_chair(user, session):
        return True
    return (
        not chair
        and delegation is not None
        and selectors.delegation_of(user, session) == delegation
    )


rules.add_perm("live.run_session", is_chair)
rules.add_perm("live.speak_for_delegation", speaks_for)
rules.add_perm("live.follow_session", is_chair | may_follow)
rules.add_perm("live.request_floor", sits_in_delegation)


def audience_for(user, session, wanted="") -> str:
    """Which rendering of the live state `user` receives: the chair side may ask for any."""
    if user.has_perm("live.run_session", session):
        return wanted if wanted in selectors.AUDIENCES else "chair"
    if wanted == "screen":
        return "screen"
    return "delegate" if selectors.delegation_of(user, session) else "public"
