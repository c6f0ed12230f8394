"""Times always say their zone and, where it differs, the viewer's own."""

import zoneinfo

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


def _label(moment):
    offset = moment.strftime("%z")
    return f"{moment.tzname()} (UTC{offset[:3]}:{offset[3:]})" if offset else moment.tzname()


@register.simple_tag
def when(moment, zone=None):
    """`moment` in `zone` (an event's zone) and, if different, in the viewer's zone."""
    if moment is None:
        return ""
    event_zone = zoneinfo.ZoneInfo(str(zone)) if zone else timezone.get_current_timezone()
    there = timezone.localtime(moment, event_zone)
    text = f"{formats.date_format(there, 'DATETIME_FORMAT')} {_label(there)}"
    here = timezone.localtime(moment)
    if here.utcoffset() != there.utcoffset():
        mine = f"{formats.date_format(here, 'DATETIME_FORMAT')} {_label(here)}"
        return format_html(
            '<time datetime="{}">{}</time> <span class="muted">({}: {})</span>',
            there.isoformat(),
            text,
            _("your time"),
            mine,
        )
    return format_html('<time datetime="{}">{}</time>', there.isoformat(), text)
