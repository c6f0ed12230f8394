"""What the search indexes of meetings: one entry per session (registered in hooks.py)."""

from django.db.models import Prefetch
from django.utils import timezone

from secretariat.core.visibility import Visibility
from secretariat.search.index import Item, item, year_facet

from .models import Meeting, Series, Session

# From the most open to the most restricted.
ORDER = [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.NAMED, Visibility.SECRETARIAT]


def session_visibility(session):
    """As open as the session's most open meeting: an entry is never more visible than the page
    it leads to. A meeting shows NAMED rows to the secretariat only (visible_q named=None),
    and a draft session is the secretariat's alone."""
    if session.published_at is None:
        return Visibility.SECRETARIAT
    meetings = [
        Visibility.SECRETARIAT if m.visibility == Visibility.NAMED else m.visibility
        for m in session.meetings.all()
    ]
    return min(meetings, key=ORDER.index) if meetings else Visibility.SECRETARIAT


def session_follows(lookup):
    """What the entries of another kind read from a session (its title, year and visibility)
    follow, from the `lookup` to the session: the session, its meetings and their series."""
    return {
        Session: lookup,
        Meeting: f"{lookup}__meetings",
        Series: f"{lookup}__meetings__series",
    }


def sessions():
    """Sessions, but not those merged into a joint session (their page leads to it)."""
    return (
        Session.objects.filter(merged_into=None)
        .select_related("region")
        .prefetch_related(
            Prefetch("meetings", queryset=Meeting.objects.select_related("series")), "agenda"
        )
    )


def session_item(session) -> Item:
    meetings = list(session.meetings.all())
    return item(
        obj=session,
        kind="session",
        region=session.region,
        title=session.title_en,
        text="\n".join(
            [m.reference for m in meetings]
            + [m.full_title for m in meetings]
            + [agenda_item.title_en for agenda_item in session.agenda.all()]
        ),
        url=session.get_absolute_url(),
        visibility=session_visibility(session),
        updated_at=session.starts_at or timezone.now(),
        facets=year_facet(session.starts_at),
    )
