"""The one function owning services call to put an object in the search, and its undo."""

from dataclasses import dataclass

from django.db import connection, transaction

from .backends import backend
from .models import Entry, Facet
from .query import expand_codes


@dataclass(frozen=True)
class FacetValue:
    name: str  # member, theme, status, year, type
    value: str
    label_en: str
    label_fr: str = ""


@transaction.atomic
def entry_write(
    *,
    obj,
    kind,
    region,
    title,
    text,
    url,
    visibility,
    updated_at,
    facets=(),
    shared_with=(),
    language="en",
) -> Entry:
    """Create or replace the search entry of `obj` with what a reader may find of it."""
    entry, _ = Entry.objects.update_or_create(
        kind=kind,
        object_id=str(obj.pk),
        defaults={
            "region": region,
            "title": title[:300],
            "text": text,
            "url": url,
            "visibility": visibility,
            "updated_at": updated_at,
            "language": language,
        },
    )
    entry.shared_with.set(shared_with)
    entry.facets.all().delete()
    Facet.objects.bulk_create(
        Facet(entry=entry, name=f.name, value=f.value, label_en=f.label_en, label_fr=f.label_fr)
        for f in [FacetValue("type", kind, kind), *facets]
    )
    with connection.cursor() as cursor:
        backend().write(cursor, entry.pk, expand_codes(title), expand_codes(text))
    return entry


@transaction.atomic
def entry_remove(*, obj, kind) -> None:
    for entry in Entry.objects.filter(kind=kind, object_id=str(obj.pk)):
        with connection.cursor() as cursor:
            backend().remove(cursor, entry.pk)
        entry.delete()
