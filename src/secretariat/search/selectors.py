"""The search a reader runs: what they may see, matching their words and facets, ranked."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from secretariat.core.visibility import Viewer, Visibility, visible_q

from .backends import START, STOP, backend
from .models import Entry, Facet
from .query import parse
from .snippets import snippet

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
    """The snippet escaped, with its marks (START, STOP) turned into <mark>."""
    marked = escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(marked)  # noqa: S308 - escaped above; only our marks are HTML


def visible_entries(region, viewer: Viewer):
    """The entries of `region` that `viewer` may open.

    `visible_q`'s rule, with the named Members as a subquery instead of a join: a join
    repeats an entry shared with two of the viewer's Members, and DISTINCT would make the
    database read every match before it can stop at the newest.
    """
    visible = visible_q(viewer, named=None)
    if viewer.member_ids:
        shared = Entry.shared_with.through.objects.filter(member_id__in=viewer.member_ids)
        visible |= Q(visibility=Visibility.NAMED, pk__in=shared.values("entry_id"))
    return Entry.objects.filter(region=region).filter(visible)


def _window(entries, terms, selected):
    """(id, rank) of the newest CAP + 1 `entries` matching `terms` and every selected facet,
    newest first. Facets are matched in the text index, with the words."""
    facets = {name: values for name, values in selected.items() if values}
    if terms or facets:
        return backend().window(entries, terms, facets, CAP + 1)
    return [(pk, 0.0) for pk in entries.order_by("-pk").values_list("pk", flat=True)[: CAP + 1]]


def _facet_counts(ids, selected):
    french = (get_language() or "en").startswith("fr")
    rows = (
        Facet.objects.filter(entry_id__in=backend().ids(ids), name__in=FACETS)
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

    def __init__(self, window, terms):
        # Best rank first, then newest; without words, newest first.
        self.ids = [pk for pk, _ in sorted(window, key=lambda hit: (-hit[1], -hit[0]))]
        self.terms = terms

    def count(self):
        return len(self.ids)

    def __getitem__(self, page):
        ids = self.ids[page]
        rows = Entry.objects.only("pk", "kind", "title", "text", "url").in_bulk(ids)
        for entry in rows.values():
            entry.kind_label = KIND_LABELS.get(entry.kind, entry.kind)
            entry.snippet = highlight(snippet(entry.text, self.terms))
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
    window = _window(visible_entries(region, viewer), terms, selected)
    more = len(window) > CAP
    hits = _Hits(window[:CAP], terms)
    results_page = Paginator(hits, PAGE_SIZE).get_page(page)
    results_page.object_list = list(results_page.object_list)
    return Results(
        terms=terms, page=results_page, facets=_facet_counts(hits.ids, selected), more=more
    )
