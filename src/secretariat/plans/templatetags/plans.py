from django import template
from django.utils.formats import number_format

from ..presenters import STATUS_LABELS
from ..status import Status

register = template.Library()


@register.filter
def status_label(value):
    return STATUS_LABELS[Status(value)]


@register.filter
def number(value):
    """A figure without trailing zeros: 12, 12.5, in the viewer's number format."""
    if value is None:
        return ""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return number_format(float(text), decimal_pos=None if "." in text else 0)
