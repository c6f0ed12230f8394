from django import template

from secretariat.meetings.participation import agenda_number

register = template.Library()


@register.simple_tag
def item_number(item, numbering, parent=None):
    """ "III" or "3" for an item; "3.2" under its parent."""
    return agenda_number(item, numbering, parent)
