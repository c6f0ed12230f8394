"""Scheduled work of the search: re-index what other apps changed since the last tick, and
everything after a restore (the text indexes are made from the rows, not archived)."""

from secretariat.core.registry import after_restore, tick_step

from .index import text_index_rebuild
from .sources import reindex_changed

tick_step(reindex_changed)
after_restore(text_index_rebuild)
