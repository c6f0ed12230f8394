"""Who takes part in a session, read one way by every app: registered delegations, who
attended, who votes at the meeting, and the agenda's numbering.

A delegation is registered once its Member (or observer organisation) submitted it, approved
or not yet; a draft or returned one is not. Live (the floor, the tour de table), decisions
(the vote), records (the attendance paragraph), documents (the digest) and the pages read
these names instead of writing the rule again.

"Present" has two readings, kept apart on purpose:
- `attending`: the delegations with someone marked as attending (all of them until attendance
  is marked): the summary record and the tour de table;
- `present_members`: the Members whose approved delegation was not marked absent: who votes
  at the meeting, so a Member whose attendance nobody marked keeps its vote.
A Member's contact points are a role in the region: `regions.selectors.contact_points`.
"""

from django.db.models import Count, Q

from secretariat.regions.models import Member

from .models import AgendaItem, Delegate, Delegation, Series, Session

REGISTERED = (Delegation.Status.SUBMITTED, Delegation.Status.APPROVED)


def registered_delegations(session: Session):
    """The session's registered delegations, of Members and of observer organisations."""
    return Delegation.objects.filter(invitation__session=session, status__in=REGISTERED)


def member_delegations(session: Session):
    """The registered delegations of Members (not observers), by Member: who may take the floor."""
    return (
        registered_delegations(session)
        .filter(invitation__member__isnull=False)
        .select_related("invitation__member__sub_region")
        .order_by("invitation__member__short_name_en")
    )


def registered_delegates(session: Session):
    """The people in the session's registered delegations."""
    return Delegate.objects.filter(
        delegation__invitation__session=session, delegation__status__in=REGISTERED
    )


def attending(delegations) -> list:
    """Those of `delegations` with a delegate marked as attending; all of them while nobody
    among them is marked (before the roll call or the attendance sheet)."""
    delegations = list(delegations)
    attended = set(
        Delegate.objects.filter(delegation__in=delegations, attended=True).values_list(
            "delegation", flat=True
        )
    )
    return [d for d in delegations if d.pk in attended] if attended else delegations


def present_members(session: Session) -> list[Member]:
    """Members whose approved delegation was not marked absent: they vote at the meeting."""
    # A delegate counts as present unless marked absent (attendance may not be marked yet).
    delegations = (
        Delegation.objects.filter(
            invitation__session=session,
            invitation__member__isnull=False,
            status=Delegation.Status.APPROVED,
        )
        .annotate(absent=Count("delegates", filter=Q(delegates__attended=False)))
        .annotate(total=Count("delegates"))
        .select_related("invitation__member")
    )
    return [d.invitation.member for d in delegations if d.total == 0 or d.absent < d.total]


def agenda_numbering(session: Session) -> str:
    """How the session's agenda is numbered: as its first meeting's series says (Arabic with
    no meeting). Reads the meetings a page prefetched (in series order) without a query."""
    if "meetings" in getattr(session, "_prefetched_objects_cache", {}):
        meeting = next(iter(session.meetings.all()), None)
    else:
        meeting = (
            session.meetings.select_related("series")
            .order_by("series__order", "series__name_en")
            .first()
        )
    return meeting.series.agenda_numbering if meeting else Series.Numbering.ARABIC


def agenda_number(item: AgendaItem, numbering: str, parent: AgendaItem | None = None) -> str:
    """ "III" or "3" for an item; "3.2" for an item under `parent`."""
    if parent is None:
        return item.number_in(numbering)
    return f"{parent.number_in(numbering)}.{item.position}"
