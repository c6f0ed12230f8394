from django import template

from ..charts import fmt
from ..presenters import STATUS_LABELS
from ..status import Status

register = template.Library()


@register.filter
def status_label(value):
    return STATUS_LABELS[Status(value)]


@register.filter
def number(value):
    """A figure without trailing zeros: 12, 12.5, in the viewer's number format."""
    return "" if value is None else fmt(float(value))
