from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def pick(data, base):
    """The French or English edition of `base` in a live payload, in the active language."""
    if not data:
        return ""
    lang = "fr" if (get_language() or "en").startswith("fr") else "en"
    return data.get(f"{base}_{lang}") or data.get(f"{base}_en", "")


@register.filter
def kind_label(kind):
    from ..models import SpeakerRequest

    return SpeakerRequest.Kind(kind).label if kind in SpeakerRequest.Kind.values else ""


@register.filter
def clock(timer, server_now):
    """The speaking time left as m:ss when the page was rendered (the script keeps it going)."""
    left = timer["limit"] - timer["elapsed"]
    if timer["since"]:
        left -= (server_now - timer["since"]) / 1000
    sign = "-" if left < 0 else ""
    left = int(abs(left))
    return f"{sign}{left // 60}:{left % 60:02d}"
