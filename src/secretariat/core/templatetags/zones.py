"""Times always say their zone and, where it differs, the viewer's own."""

import zoneinfo

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


def _label(moment):
    """ "WIB (UTC+07:00)"; a zone without an abbreviation goes by its name, "Pacific/Tongatapu"."""
    offset = moment.strftime("%z")
    name = moment.tzname()
    if name.startswith(("+", "-")):
        name = str(moment.tzinfo).replace("_", " ")
    return f"{name} (UTC{offset[:3]}:{offset[3:]})" if offset else name


def _zone(name):
    try:
        return zoneinfo.ZoneInfo(str(name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


def _there_and_here(moment, zone, show):
    """`show(moment in a zone)` in `zone` (an event's zone) and, if different, in the viewer's."""
    if moment is None:
        return ""
    event_zone = _zone(zone) if zone else timezone.get_current_timezone()
    there = timezone.localtime(moment, event_zone)
    text = f"{show(there)} {_label(there)}"
    here = timezone.localtime(moment)
    if here.utcoffset() != there.utcoffset():
        mine = f"{show(here)} {_label(here)}"
        return format_html(
            '<time datetime="{}">{}</time> <span class="muted">{}</span>',
            there.isoformat(),
            text,
            _("(your time: %(time)s)") % {"time": mine},
        )
    return format_html('<time datetime="{}">{}</time>', there.isoformat(), text)


@register.simple_tag
def when(moment, zone=None):
    """`moment` in `zone` (an event's zone) and, if different, in the viewer's zone."""
    return _there_and_here(moment, zone, lambda m: formats.date_format(m, "DATETIME_FORMAT"))


@register.simple_tag
def day_and_time(moment, zone=None):
    """An agenda item's day and time in `zone` ("Thursday 12 November, 12:00 WIB (UTC+07:00)")
    and, if different, in the viewer's zone."""
    return _there_and_here(moment, zone, lambda m: f"{formats.date_format(m, 'l j F')}, {m:%H:%M}")
