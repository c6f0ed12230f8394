"""Scheduled work of the practices app (reminding Members of practices left stale), and what
the search indexes of it."""

from secretariat.core.registry import search_source, tick_step

from . import indexing
from .models import Practice, ReferenceList, ReferenceRow
from .services import practices_remind_stale

tick_step(practices_remind_stale)
search_source(
    "practice",
    objects=indexing.practices,
    item=indexing.practice_item,
    follows={Practice: "pk"},
)
search_source(
    "reference",
    objects=indexing.reference_rows,
    item=indexing.reference_row_item,
    follows={ReferenceRow: "pk", ReferenceList: "reference_list"},
)
