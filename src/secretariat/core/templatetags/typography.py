from django import template
from django.utils.translation import pgettext

register = template.Library()


@register.simple_tag
def colon():
    """':' as the reader's language writes it: French puts a no-break space before it."""
    return pgettext("punctuation before an explanation", ":")
