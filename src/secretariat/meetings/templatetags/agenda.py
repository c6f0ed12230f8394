from django import template

register = template.Library()


@register.simple_tag
def item_number(item, numbering, parent=None):
    """ "III" or "3" for an item; "3.2" under its parent."""
    own = item.number_in(numbering) if parent is None else str(item.position)
    return f"{parent.number_in(numbering)}.{own}" if parent is not None else own
