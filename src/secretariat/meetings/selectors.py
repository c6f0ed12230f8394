"""Reads worth a name: the sessions and meetings a viewer may see."""

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from secretariat.core.visibility import Viewer, visible_q

from .models import AgendaItem, Meeting, Session


def visible_meetings(viewer: Viewer):
    return Meeting.objects.filter(visible_q(viewer, region="series__region", named=None))


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
        _visible_sessions(region, viewer)
        .select_related("host", "region")
        .prefetch_related(
            _meetings_in_order(meetings),
            Prefetch(
                "agenda",
                queryset=AgendaItem.objects.filter(parent=None)
                .select_related(
                    "meeting__series", "presenter_member", "presenter_entity", "presenter_person"
                )
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
    # In a joint session, the part of a meeting the viewer may not see stays hidden.
    visible = {meeting.pk for meeting in session.meetings.all()}
    session.visible_agenda = [
        item
        for item in session.agenda.all()
        if item.meeting_id is None or item.meeting_id in visible
    ]
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
