"""The search a reader runs: what they may see, matching their words and facets, ranked."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from secretariat.core.visibility import Viewer, visible_q

from .backends import START, STOP, backend
from .models import Entry, Facet
from .query import parse

PAGE_SIZE = 20
# Beyond this many matches the count reads "more than CAP", and the newest CAP matches are
# the ones ranked and counted in facets (decision 0011).
CAP = 1000
FACETS = ("type", "member", "theme", "status", "year")
FACET_TITLES = {
    "type": _("Type"),
    "member": _("Member"),
    "theme": _("Theme"),
    "status": _("Status"),
    "year": _("Year"),
}
KIND_LABELS = {
    "practice": _("Practice"),
    "reference": _("Reference row"),
    "session": _("Meeting"),
    "document": _("Document"),
    "decision": _("Decision"),
    "news": _("News"),
    "record": _("Summary record"),
}


@dataclass
class FacetCount:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Results:
    terms: list
    page: object
    facets: dict = field(default_factory=dict)
    more: bool = False  # more than `count` (CAP) matches

    @property
    def count(self):
        return self.page.paginator.count


def highlight(snippet: str) -> str:
    """The snippet escaped, with the engine's marks turned into <mark>."""
    marked = escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(marked)  # noqa: S308 - escaped above; only our marks are HTML


def visible_entries(region, viewer: Viewer):
    return Entry.objects.filter(region=region).filter(visible_q(viewer))


def _filtered(region, viewer, selected):
    entries = visible_entries(region, viewer)
    for name, values in selected.items():
        if values:
            entries = entries.filter(
                pk__in=Facet.objects.filter(name=name, value__in=values).values("entry_id")
            )
    return entries


def _window(entries, terms):
    """Ids of the newest CAP + 1 entries matching `terms`, newest first."""
    if terms:
        return backend().window(entries, terms, CAP + 1)
    return list(entries.order_by("-pk").values_list("pk", flat=True)[: CAP + 1])


def _facet_counts(ids, selected):
    french = (get_language() or "en").startswith("fr")
    rows = (
        Facet.objects.filter(entry_id__in=ids, name__in=FACETS)
        .values("name", "value", "label_en", "label_fr")
        .annotate(n=Count("entry_id", distinct=True))
        .order_by("name", "-n", "label_en")
    )
    out = {name: [] for name in FACETS}
    for row in rows:
        name, value = row["name"], row["value"]
        if name == "type":
            label = str(KIND_LABELS.get(value, value))
        else:
            label = (french and row["label_fr"]) or row["label_en"]
        out[name].append(FacetCount(value, label, row["n"], value in selected.get(name, ())))
    return {name: counts for name, counts in out.items() if counts}


class _Hits:
    """The window of matches as the paginator sees them: a count, and ranked slices."""

    def __init__(self, ids, terms):
        self.ids, self.terms = ids, terms

    def count(self):
        return len(self.ids)

    def __getitem__(self, page):
        offset, limit = page.start, page.stop - page.start
        if self.terms:
            ids = backend().ranked_ids(self.ids, self.terms, offset, limit)
        else:
            ids = self.ids[offset : offset + limit]
        rows = Entry.objects.only("pk", "kind", "title", "text", "url").in_bulk(ids)
        return [rows[pk] for pk in ids]


def search(*, region, viewer: Viewer, q="", selected=None, page=1) -> Results:
    """One page of the entries `viewer` may see matching `q` and every selected facet.

    Counts and facets are computed from the same visible rows, in SQL: what a reader may not
    open is never counted. Beyond CAP matches, only the newest CAP are counted, ranked and
    faceted, and the count reads "more than CAP" (decision 0011).
    """
    # A NUL byte matches no facet, and PostgreSQL refuses it in a query.
    selected = {
        k: [value for value in v if "\x00" not in value]
        for k, v in (selected or {}).items()
        if k in FACETS
    }
    terms = parse(q)
    ids = _window(_filtered(region, viewer, selected), terms)
    more = len(ids) > CAP
    ids = ids[:CAP]
    results_page = Paginator(_Hits(ids, terms), PAGE_SIZE).get_page(page)
    rows = list(results_page.object_list)
    snippets = backend().snippets([e.pk for e in rows], terms) if terms and rows else {}
    for entry in rows:
        entry.kind_label = KIND_LABELS.get(entry.kind, entry.kind)
        entry.snippet = highlight(snippets.get(entry.pk) or entry.text[:240])
    results_page.object_list = rows
    return Results(terms=terms, page=results_page, facets=_facet_counts(ids, selected), more=more)
