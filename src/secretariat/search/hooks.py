"""Scheduled work of the search: repair what was written around the services, and rebuild the
text index after a restore (it is made from the rows, not archived)."""

from secretariat.core.registry import after_restore, tick_step

from .index import entries_repair, text_index_rebuild

tick_step(entries_repair)
after_restore(text_index_rebuild)
