from django import template

from secretariat.core.markdown import render

register = template.Library()


@register.filter
def markdown(text):
    """Text the entity wrote, as sanitised HTML."""
    return render(text)
