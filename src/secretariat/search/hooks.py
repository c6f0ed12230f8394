"""Scheduled work of the search: repair what was written around the services; and after a
restore, write every entry and the text index anew from the objects (they are made from
rows, so a backup does not carry them)."""

from secretariat.core.registry import after_restore, derived_tables, tick_step

from .index import entries_repair, search_rebuild

tick_step(entries_repair)
derived_tables("search.entry", "search.facet")
after_restore(search_rebuild)
