"""Scheduled work of the search: re-index what other apps changed since the last tick."""

from secretariat.core.registry import tick_step

from .sources import reindex_changed

tick_step(reindex_changed)
