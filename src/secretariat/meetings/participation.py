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

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from secretariat.regions.models import Member, Person, Role
from secretariat.regions.selectors import viewer_for

from .models import (
    AgendaItem,
    Delegate,
    Delegation,
    MeetingInvitation,
    PresidingOfficer,
    Series,
    Session,
)

REGISTERED = (Delegation.Status.SUBMITTED, Delegation.Status.APPROVED)


@dataclass(frozen=True)
class AttendanceCount:
    """A session's attendance in numbers, as news items tell it: "20 of 23 Members; 84
    participants, 31 online". Counts people marked present (in person, online, or present
    with the way not said); `marked` is False while nobody's attendance is marked."""

    members_invited: int = 0
    members_present: int = 0
    participants: int = 0
    in_person: int = 0
    online: int = 0
    by_kind: tuple = ()  # (invitation kind, people present), Members first
    marked: bool = False


def attendance_count(session: Session) -> AttendanceCount:
    """The session's attendance in numbers, in two queries: the participant page shows it;
    the summary record and the news item may say it."""
    members_invited = MeetingInvitation.objects.filter(
        session=session, member__isnull=False
    ).count()
    seats = list(
        Delegate.objects.filter(
            delegation__invitation__session=session, delegation__status__in=REGISTERED
        )
        .exclude(attended=None)
        .values_list(
            "attended",
            "mode",
            "delegation__invitation__member",
            "delegation__invitation__entity",
            "delegation__invitation__organisation",
            "delegation__invitation__person",
        )
    )
    present = [s for s in seats if s[0]]
    by_kind = {}
    for _attended, _mode, *invitee in present:
        kind = next(k for k, pk in zip(MeetingInvitation.KINDS, invitee, strict=True) if pk)
        by_kind[kind] = by_kind.get(kind, 0) + 1
    return AttendanceCount(
        members_invited=members_invited,
        members_present=len({s[2] for s in present if s[2]}),
        participants=len(present),
        in_person=sum(1 for s in present if s[1] == Delegate.Mode.IN_PERSON),
        online=sum(1 for s in present if s[1] == Delegate.Mode.ONLINE),
        by_kind=tuple((k, by_kind[k]) for k in MeetingInvitation.KINDS if k in by_kind),
        marked=bool(seats),
    )


def presiding_officers(session: Session) -> list[PresidingOfficer]:
    """Who presides over the session, in order: its chair, or its co-chairs (none named: the
    secretariat runs the sitting). The live console, the record and the news read this."""
    return list(PresidingOfficer.objects.filter(session=session).select_related("person__user"))


# --- who registers whose delegation -----------------------------------------------------


def registrar_role_q(entity_id=None, organisation_id=None) -> Q:
    """The roles whose holders register an entity's delegation (its officers) or an observer
    organisation's (its observers)."""
    if entity_id:
        return Q(entity=entity_id, kind=Role.Kind.ENTITY_OFFICER)
    return Q(organisation=organisation_id, kind=Role.Kind.OBSERVER)


@dataclass(frozen=True)
class Registrar:
    """Whose delegations a user registers, by the roles they hold today."""

    member_ids: frozenset = frozenset()
    entity_ids: frozenset = frozenset()
    organisation_ids: frozenset = frozenset()
    person_id: int | None = None

    def registers(self, invitation: MeetingInvitation) -> bool:
        return bool(
            invitation.member_id in self.member_ids
            or invitation.entity_id in self.entity_ids
            or invitation.organisation_id in self.organisation_ids
            or (invitation.person_id and invitation.person_id == self.person_id)
        )

    def invitations_q(self, prefix="") -> Q:
        """A filter for the invitations this registrar registers for."""
        q = Q(**{f"{prefix}member__in": self.member_ids})
        q |= Q(**{f"{prefix}entity__in": self.entity_ids})
        q |= Q(**{f"{prefix}organisation__in": self.organisation_ids})
        if self.person_id:
            q |= Q(**{f"{prefix}person": self.person_id})
        return q

    def __bool__(self):
        return bool(self.member_ids or self.entity_ids or self.organisation_ids or self.person_id)


NOBODY = Registrar()


def registrar_for(user) -> Registrar:
    """Whose delegations `user` registers: their Members' (contact point, Head of Customs),
    their entities' (officer), their organisations' (observer), and their own invitation as
    an individual. Cached on the user for the request."""
    if not getattr(user, "is_authenticated", False):
        return NOBODY
    cached = getattr(user, "_registrar", None)
    if cached is not None:
        return cached
    person = getattr(user, "person", None)
    roles = list(
        Role.objects.active_on(timezone.localdate())
        .filter(person__user=user, person__is_active=True)
        .values_list("kind", "entity_id", "organisation_id")
    )
    registrar = Registrar(
        member_ids=viewer_for(user).member_editor_ids,
        entity_ids=frozenset(e for k, e, _o in roles if k == Role.Kind.ENTITY_OFFICER and e),
        organisation_ids=frozenset(o for k, _e, o in roles if k == Role.Kind.OBSERVER and o),
        person_id=person.pk if person is not None and person.is_active else None,
    )
    user._registrar = registrar
    return registrar


def may_sit_for(person, invitation: MeetingInvitation) -> bool:
    """Whether `person` may be in the invitee's delegation: one of its people (an invited
    individual's delegation is themself)."""
    if invitation.person_id:
        return person.pk == invitation.person_id
    for kind in ("member", "entity", "organisation"):
        if getattr(invitation, f"{kind}_id"):
            return getattr(person, f"{kind}_id") == getattr(invitation, f"{kind}_id")
    return False


def invitee_people(invitation: MeetingInvitation):
    """The people who may be in the invitee's delegation."""
    if invitation.person_id:
        return Person.objects.filter(pk=invitation.person_id)
    kind = invitation.kind
    # Of a body every region shares (the WCO Secretariat): its people in the meeting's region
    # and the shared ones (the Secretary General), never another region's.
    return Person.objects.for_region(invitation.session.region_id).filter(
        is_active=True, **{kind: getattr(invitation, kind)}
    )


def registered_delegations(session: Session):
    """The session's registered delegations, of every kind of participant."""
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
