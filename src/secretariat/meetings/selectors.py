"""Reads worth a name: the sessions and meetings a viewer may see."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Max, OuterRef, Prefetch, Q
from django.utils import timezone

from secretariat.core.models import AuditEntry
from secretariat.core.visibility import Viewer, can_see, visible_q

from .models import AgendaItem, Meeting, PresidingOfficer, Session
from .services import SESSION_CHANGED, STATUS_CHANGED


def published_q(viewer: Viewer, *, session="session__", region="series__region") -> Q:
    """Rows of published sessions, and for a region's secretariat its drafts too.

    The one rule of the draft state: an unpublished session, and whatever hangs on it
    (its meetings, agenda, documents, decisions, records, live floor), is the secretariat's
    alone. `session` is the lookup prefix to the session ("" on Session itself).
    """
    q = Q(**{f"{session}published_at__isnull": False})
    if viewer.secretariat_regions:
        q |= Q(**{f"{region}__in": viewer.secretariat_regions})
    return q


def visible_meetings(viewer: Viewer):
    """Meetings `viewer` may see: by their visibility, in a session published (or theirs to
    prepare). Every page, list, export, feed and API of a meeting reads through this."""
    return Meeting.objects.filter(
        visible_q(viewer, region="series__region", named=None) & published_q(viewer)
    )


def session_seen_by(viewer: Viewer, session) -> bool:
    """The same rule as `visible_meetings`, for one session already loaded with its meetings."""
    if session.published_at is None and not viewer.is_secretariat(session.region_id):
        return False
    return any(
        can_see(viewer, meeting, region_id=session.region_id) for meeting in session.meetings.all()
    )


def _visible_sessions(region, viewer: Viewer):
    """Sessions of `region` holding at least one meeting `viewer` may see."""
    return Session.objects.filter(region=region, merged_into__isnull=True).filter(
        Exists(visible_meetings(viewer).filter(session=OuterRef("pk")))
    )


def _meetings_in_order(meetings):
    return Prefetch("meetings", queryset=meetings.order_by("series__order", "series__name_en"))


def sessions_for(region, viewer: Viewer):
    """The sessions `viewer` may see, newest first, each with its visible meetings."""
    meetings = visible_meetings(viewer).select_related("series")
    return (
        _visible_sessions(region, viewer)
        .select_related("region")
        .prefetch_related(_meetings_in_order(meetings))
        .order_by("-starts_at")
    )


def upcoming_and_past(region, viewer: Viewer):
    now = timezone.now()
    upcoming, past = [], []
    for session in sessions_for(region, viewer):
        if session.starts_at is None or (session.ends_at or session.starts_at) >= now:
            upcoming.append(session)
        else:
            past.append(session)
    return upcoming[::-1], past


def session_page(region, pk, viewer: Viewer) -> Session:
    """A session the viewer may see, with its meetings, their history and `visible_agenda`."""
    meetings = visible_meetings(viewer).select_related("series").prefetch_related("postponements")
    session = (
        Session.objects.filter(region=region, merged_into__isnull=True)
        .select_related("host")
        .annotate(registration_closes=Max("invitations__registration_deadline"))
        .prefetch_related(
            _meetings_in_order(meetings),
            Prefetch("presiding", queryset=PresidingOfficer.objects.select_related("person")),
            Prefetch(
                "agenda",
                queryset=AgendaItem.objects.filter(parent=None)
                .select_related("presenter_member", "presenter_entity", "presenter_person")
                .prefetch_related(
                    Prefetch(
                        "children",
                        queryset=AgendaItem.objects.select_related(
                            "presenter_member", "presenter_entity", "presenter_person"
                        ),
                    )
                ),
            ),
        )
        .get(pk=pk)
    )
    # A session is seen through its meetings: none visible, no session.
    visible = {meeting.pk: meeting for meeting in session.meetings.all()}
    if not visible:
        raise Session.DoesNotExist
    session.region = region
    # In a joint session, the part of a meeting the viewer may not see stays hidden.
    session.visible_agenda = []
    for item in session.agenda.all():
        if item.meeting_id is None:
            session.visible_agenda.append(item)
        elif item.meeting_id in visible:
            item.meeting = visible[item.meeting_id]
            session.visible_agenda.append(item)
    return session


def calendar_sessions(viewer: Viewer):
    """Dated sessions of every region `viewer` takes part in, with their visible meetings."""
    regions = viewer.participant_regions | viewer.secretariat_regions
    meetings = visible_meetings(viewer).select_related("series")
    return (
        Session.objects.filter(region__in=regions, merged_into__isnull=True)
        .exclude(starts_at=None)
        .filter(Exists(visible_meetings(viewer).filter(session=OuterRef("pk"))))
        .select_related("region")
        .prefetch_related(_meetings_in_order(meetings))
        .order_by("starts_at")
    )


def agenda_amendments(session: Session):
    """The changes made to `session`'s agenda after its adoption, oldest first (one query)."""
    return list(session.amendments.select_related("by"))


@dataclass
class StatusChange:
    at: object
    status: str
    label: str


def status_changes(meetings) -> dict:
    """Each meeting's status changes from the audit trail, oldest first (one query).

    Postponements are left out: the meeting's Postponement rows tell them, with the reason.
    """
    by_meeting = {meeting.pk: [] for meeting in meetings}
    entries = AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Meeting),
        target_id__in=[str(pk) for pk in by_meeting],
        action=STATUS_CHANGED,
    ).order_by("at", "pk")
    for entry in entries:
        status = entry.changes.get("status", [None, None])[1]
        if status in Meeting.Status.values and status != Meeting.Status.POSTPONED:
            by_meeting[int(entry.target_id)].append(
                StatusChange(at=entry.at, status=status, label=Meeting.Status(status).label)
            )
    return by_meeting


@dataclass
class Move:
    """One change of a session's dates or place, for its history: what it was, what it became."""

    at: object
    reason: str
    rows: list  # (label, old, new, is_time)


_TIMES = {"starts_at", "ends_at"}


def _value(name, value):
    if value and name in _TIMES:
        return datetime.datetime.fromisoformat(value)
    if value and name == "mode":
        return Session.Mode(value).label
    return value


def session_moves(session) -> list[Move]:
    """The session's moves (edits of its dates or venue once published), oldest first, from
    the audit trail (one query). Postponements are told by the meetings' own history."""
    entries = AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Session),
        target_id=str(session.pk),
        action=SESSION_CHANGED,
    ).order_by("at", "pk")
    moves = []
    for entry in entries:
        rows = [
            (
                Session._meta.get_field(name).verbose_name,
                _value(name, old),
                _value(name, new),
                name in _TIMES,
            )
            for name, (old, new) in entry.changes.items()
            if name in ("starts_at", "ends_at", "venue", "mode", "time_zone")
        ]
        moves.append(Move(at=entry.at, reason=entry.note, rows=rows))
    return moves
