"""Calendar files: one session's ICS, and each person's private feed of their meetings."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from secretariat.accounts import services as account_services
from secretariat.core.files import download
from secretariat.regions.selectors import viewer_for
from secretariat.regions.web import with_region

from . import calendar, selectors
from .models import Session

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _ics_response(body, filename=None):
    # What is in it depends on who asks (the join link): no shared cache keeps it.
    if filename:
        return download(body, filename=filename, content_type=CONTENT_TYPE)
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Cache-Control"] = "private, no-cache"
    return response


@with_region
def session_calendar(request, region, pk):
    try:
        session = selectors.sessions_for(region, viewer_for(request.user)).get(pk=pk)
    except Session.DoesNotExist:
        raise Http404 from None
    if session.starts_at is None:
        return render(request, "meetings/calendar_undated.html", {"session": session}, status=404)
    vevent = calendar.event(
        session,
        url=request.build_absolute_uri(session.get_absolute_url()),
        show_join_link=request.user.has_perm("meetings.see_join_link", region),
    )
    references = "-".join(m.reference for m in session.meetings.all())
    return _ics_response(calendar.calendar([vevent]), f"{references or 'session'}.ics")


def calendar_feed(request, token):
    """The sessions the feed's owner may see in their regions, in the owner's language."""
    feed = account_services.calendar_feed_read(token)
    if feed is None:
        raise Http404
    user = feed.user
    with translation.override(user.language):
        events = [
            calendar.event(
                session,
                url=request.build_absolute_uri(session.get_absolute_url()),
                show_join_link=user.has_perm("meetings.see_join_link", session.region),
            )
            for session in selectors.calendar_sessions(viewer_for(user))
        ]
        body = calendar.calendar(events, name=_("Meetings"))
    return _ics_response(body)
