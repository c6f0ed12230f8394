"""Filters the generated news item's templates write their sentences with."""

from django import template
from django.utils.formats import date_format
from django.utils.translation import get_language

from ..generator import as_clause

register = template.Library()

HONORIFICS_FR = {"Mr": "M.", "Mrs": "Mme", "Ms": "Mme", "Miss": "Mlle", "Dr": "Dr", "Prof": "Pr"}


@register.filter
def and_list(values):
    """["A", "B", "C"] -> "A, B and C" ("A, B et C" in French)."""
    values = [str(v) for v in values]
    if len(values) < 2:
        return "".join(values)
    word = "et" if (get_language() or "en").startswith("fr") else "and"
    return f"{', '.join(values[:-1])} {word} {values[-1]}"


@register.filter
def person(person):
    """The person's honorific and name, as a text in the active language names them."""
    honorific = person.honorific.rstrip(".")
    if (get_language() or "en").startswith("fr"):
        honorific = HONORIFICS_FR.get(honorific, honorific)
    return f"{honorific} {person.name}".strip()


@register.filter
def agree(person):
    """The French past participle's ending for `person`: "e" for a woman, by her honorific."""
    return "e" if person.honorific.rstrip(".") in {"Mrs", "Ms", "Miss", "Mme", "Mlle"} else ""


@register.filter
def clause(text):
    return as_clause(text)


@register.filter
def named(entity):
    """ "Regional Office ... Asia/Pacific (ROCB A/P)"; just the name when it holds the short one."""
    if not entity.short_name or entity.short_name in entity.name:
        return entity.name
    return f"{entity.name} ({entity.short_name})"


@register.filter
def titles(objects):
    return [o.title for o in objects]


@register.filter
def short_names(members):
    return [m.short_name for m in members]


@register.filter
def long_date(day):
    """12 November 2020; "1er avril 2021" in French."""
    if day is None:
        return ""
    text = date_format(day, "j F Y")
    if day.day == 1 and (get_language() or "en").startswith("fr"):
        text = "1er" + text[1:]
    return text
