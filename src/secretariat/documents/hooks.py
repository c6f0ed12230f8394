"""Scheduled work of the documents app."""

from secretariat.core.registry import tick_step

from .digest import digest_send_due

tick_step(digest_send_due)
