"""Sessions as iCalendar (RFC 5545) events, for a single download or a personal feed.

Each event carries its session's own time zone (a TZID with its VTIMEZONE), so a
calendar program shows 12:00 Jakarta time as 12:00 in Jakarta and the right hour
wherever the reader is. The join link is written only when the caller says the
reader may see it (`meetings.see_join_link`).
"""

import datetime
import zoneinfo
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Meeting, Session

PRODID = "-//Secretariat//Meetings//EN"


def _zone(name):
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.UTC


def uid(session) -> str:
    """Stable across downloads and edits, so a calendar updates the event it already has."""
    domain = urlsplit(settings.SITE_URL).hostname or "secretariat"
    return f"session-{session.pk}@{domain}"


def location(session) -> str:
    if session.venue:
        return session.venue
    if session.mode != Session.Mode.IN_PERSON:
        return _("Virtual")
    return ""


def _description(session, url, show_join_link):
    lines = [m.full_title for m in session.meetings.all()]
    if session.mode != Session.Mode.IN_PERSON and session.video_platform:
        lines.append(_("Video platform: %(platform)s") % {"platform": session.video_platform})
    if show_join_link and session.join_link:
        lines.append(_("Join the call: %(link)s") % {"link": session.join_link})
    lines.append(_("Meeting page: %(url)s") % {"url": url})
    return "\n".join(lines)


def event(session, *, url, show_join_link, stamp=None) -> icalendar.Event:
    """One VEVENT for a dated session, in the active language."""
    zone = _zone(session.time_zone)
    vevent = icalendar.Event()
    vevent.add("uid", uid(session))
    vevent.add("dtstamp", stamp or timezone.now())
    vevent.add("sequence", session.sequence)
    vevent.add("summary", session.title)
    vevent.add("dtstart", session.starts_at.astimezone(zone))
    if session.ends_at:
        vevent.add("dtend", session.ends_at.astimezone(zone))
    where = location(session)
    if where:
        vevent.add("location", where)
    vevent.add("url", url)
    vevent.add("description", _description(session, url, show_join_link))
    statuses = {m.status for m in session.meetings.all()}
    if statuses == {Meeting.Status.CANCELLED}:
        vevent.add("status", "CANCELLED")
    elif statuses & {Meeting.Status.POSTPONED}:
        vevent.add("status", "TENTATIVE")
    else:
        vevent.add("status", "CONFIRMED")
    return vevent


def calendar(events, *, name=None) -> bytes:
    """A VCALENDAR of `events` with the VTIMEZONE of every zone they use."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    for vevent in events:
        cal.add_component(vevent)
    cal.add_missing_timezones()
    return cal.to_ical()
