"""How owning services put objects in the search, and take them out (decision 0009).

Each app registers its kinds of entry in `core.registry.search_source` (from its hooks.py),
and its services call `entries_refresh(obj)` in the transaction of each change: the entries
that change are written at once, or the change is undone with them. The tick only repairs
(`entries_repair`); `reindex` rebuilds everything.

One code path writes entries: `entries_write`, in bulk (one upsert of the entries, their
facets and shares in a few statements, the text index in one statement). `entries_refresh`
and `entry_write` are that path with a few items; `entries_rebuild`, what `reindex` runs over
every object of a kind, is that path in chunks.
"""

import datetime
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q

from secretariat.core import metrics
from secretariat.core.registry import SEARCH_SOURCES

from .backends import backend
from .models import Entry, Facet
from .query import facet_token

CHUNK = 500  # entries per bulk write


@dataclass(frozen=True)
class FacetValue:
    name: str  # member, theme, status, year, type
    value: str
    label_en: str
    label_fr: str = ""


@dataclass(frozen=True)
class Item:
    """What a reader may find of one object: the entry `entries_write` writes."""

    kind: str
    object_id: str
    region_id: int
    title: str
    text: str
    url: str
    visibility: str
    updated_at: datetime.datetime
    facets: tuple = ()
    shared_with: tuple = ()  # Member ids
    language: str = "en"


def year_facet(value) -> list[FacetValue]:
    """The year facet of a date or time (none for None)."""
    return [FacetValue("year", str(value.year), str(value.year))] if value else []


def item(
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
) -> Item:
    return Item(
        kind=kind,
        object_id=str(obj.pk),
        region_id=region.pk,
        title=title[:300],
        text=text,
        url=url,
        visibility=visibility,
        updated_at=updated_at,
        facets=tuple(facets),
        shared_with=tuple(getattr(m, "pk", m) for m in shared_with),
        language=language,
    )


@transaction.atomic
def entries_write(items: list[Item]) -> list[Entry]:
    """Create or replace the entries of `items`, their facets, shares and text index."""
    if not items:
        return []
    # Replaced entries are deleted and written anew: an entry's id then follows when it was
    # last written, the order a search window of many matches reads (see selectors.CAP).
    for kind in {i.kind for i in items}:
        entries_remove(kind, [i.object_id for i in items if i.kind == kind])
    entries = Entry.objects.bulk_create(
        Entry(
            kind=i.kind,
            object_id=i.object_id,
            region_id=i.region_id,
            title=i.title,
            text=i.text,
            url=i.url,
            visibility=i.visibility,
            updated_at=i.updated_at,
            language=i.language,
        )
        for i in items
    )
    facets = [
        (e.pk, f.name, f.value, f.label_en, f.label_fr)
        for e, i in zip(entries, items, strict=True)
        for f in [FacetValue("type", i.kind, i.kind), *i.facets]
    ]
    shares = [(e.pk, m) for e, i in zip(entries, items, strict=True) for m in i.shared_with]
    with connection.cursor() as cursor:
        # Plain statements: building the ORM's INSERT of 5 rows an entry costs more than running it.
        cursor.executemany(
            "INSERT INTO search_facet (entry_id, name, value, label_en, label_fr)"
            " VALUES (%s, %s, %s, %s, %s)",
            facets,
        )
        if shares:
            cursor.executemany(
                "INSERT INTO search_entry_shared_with (entry_id, member_id) VALUES (%s, %s)",
                shares,
            )
        backend().write_many(
            cursor,
            [
                Text(e.pk, e.title, e.text, " ".join(facet_token(f[1], f[2]) for f in fs))
                for e, fs in zip(entries, _by_entry(facets, entries), strict=True)
            ],
        )
    return entries


@dataclass(frozen=True)
class Text:
    """What the text index holds of an entry."""

    id: int
    title: str
    text: str
    facets: str  # the facet tokens, space separated


def _by_entry(facets, entries):
    by_id = {}
    for row in facets:
        by_id.setdefault(row[0], []).append(row)
    return [by_id.get(e.pk, []) for e in entries]


def text_index_rebuild(chunk=500) -> int:
    """Write the text index anew from the stored entries and their facets; return how many.

    The index is made from rows: this writes it again when it was lost beside them.
    """
    rows = Entry.objects.order_by("pk").values_list("pk", "title", "text")
    written = 0
    with connection.cursor() as cursor:
        for batch in itertools.batched(rows.iterator(chunk_size=chunk), chunk):
            tokens = {}
            facets = Facet.objects.filter(entry_id__in=[pk for pk, _t, _x in batch])
            for entry_id, name, value in facets.values_list("entry_id", "name", "value"):
                tokens.setdefault(entry_id, []).append(facet_token(name, value))
            backend().write_many(
                cursor,
                [Text(pk, title, text, " ".join(tokens.get(pk, []))) for pk, title, text in batch],
            )
            written += len(batch)
        backend().tidy(cursor)
    return written


def entry_write(**fields) -> Entry:
    """Create or replace the search entry of `obj` (see `item` for the fields)."""
    return entries_write([item(**fields)])[0]


@transaction.atomic
def entries_remove(kind, object_ids) -> None:
    entries = Entry.objects.filter(kind=kind, object_id__in=[str(i) for i in object_ids])
    ids = list(entries.values_list("pk", flat=True))
    if ids:
        with connection.cursor() as cursor:
            backend().remove_many(cursor, ids)
        Facet.objects.filter(entry_id__in=ids).delete()
        Entry.shared_with.through.objects.filter(entry_id__in=ids).delete()
        Entry.objects.filter(pk__in=ids).delete()


def entries_rebuild(kind, objects: Iterable, to_item: Callable) -> int:
    """Write the entries of `objects` in chunks (`to_item(obj)` gives an object's Item);
    remove the others of `kind`. Returns how many entries were written."""
    seen, chunk, written = set(), [], 0
    for obj in objects:
        found = to_item(obj)
        seen.add(found.object_id)
        chunk.append(found)
        if len(chunk) >= CHUNK:
            written += len(entries_write(chunk))
            chunk = []
    written += len(entries_write(chunk))
    gone = [
        object_id
        for object_id in Entry.objects.filter(kind=kind).values_list("object_id", flat=True)
        if object_id not in seen
    ]
    for start in range(0, len(gone), CHUNK):
        entries_remove(kind, gone[start : start + CHUNK])
    return written


def index_tidy() -> None:
    """Tidy the text index after a rebuild (outside a transaction: VACUUM cannot run in one)."""
    with connection.cursor() as cursor:
        backend().tidy(cursor)


def _refresh(source, ids) -> int:
    """Write the entries of the objects of `ids` the kind indexes; remove the others' (an
    object deleted, or left out of the search: a draft). Returns how many were written."""
    found = list(source.objects().filter(pk__in=ids))
    entries_write([source.item(obj) for obj in found])
    entries_remove(source.kind, set(ids) - {obj.pk for obj in found})
    return len(found)


@transaction.atomic
def entries_refresh(*objects) -> None:
    """Write again every entry a change to `objects` changes, in the caller's transaction.

    An object's own entry, and those of the kinds that follow its model (a meeting's
    visibility is its session's, its documents' and its records'). An object deleted, or now
    left out of the search, leaves it.
    """
    for source in SEARCH_SOURCES.values():
        by_lookup = {}
        for obj in objects:
            lookup = source.follows.get(obj._meta.concrete_model)
            if lookup is not None:
                by_lookup.setdefault(lookup, set()).add(obj.pk)
        if by_lookup:
            match = Q()
            for lookup, pks in by_lookup.items():
                match |= Q(**{f"{lookup}__in": pks})
            model = source.objects().model
            ids = set(model.objects.filter(match).values_list("pk", flat=True))
            _refresh(source, ids | by_lookup.get("pk", set()))


def reindex(kinds=None) -> dict:
    """Rebuild the entries of `kinds` (every registered kind) from their objects, in bulk;
    drop those of deleted objects. Returns how many entries of each kind were written."""
    sources = [SEARCH_SOURCES[kind] for kind in kinds or SEARCH_SOURCES]
    return {
        s.kind: entries_rebuild(s.kind, s.objects().iterator(chunk_size=CHUNK), s.item)
        for s in sources
    }


def search_rebuild() -> dict:
    """After a restore: every kind's entries from their objects, then the index tidied."""
    counts = reindex()
    index_tidy()
    return counts


def entries_repair(now=None) -> int:
    """The tick's repair: write the entries of objects indexed that have none, drop those of
    objects gone (or left out). Services write every entry as they change its object; this
    catches only writes made around them (a factory, a cascade, a data migration). Returns how
    many entries it wrote or dropped: 0 when the services did their work."""
    repaired = 0
    for source in SEARCH_SOURCES.values():
        indexed = set(Entry.objects.filter(kind=source.kind).values_list("object_id", flat=True))
        shown = source.objects().prefetch_related(None).values_list("pk", flat=True)
        wanted = {str(pk): pk for pk in shown}
        gone = sorted(indexed - wanted.keys())
        missing = [pk for key, pk in wanted.items() if key not in indexed]
        for start in range(0, len(gone), CHUNK):
            entries_remove(source.kind, gone[start : start + CHUNK])
        for start in range(0, len(missing), CHUNK):
            repaired += _refresh(source, missing[start : start + CHUNK])
        repaired += len(gone)
    metrics.search_repaired(repaired)
    return repaired
