"""Scheduled work of the practices app: reminding Members of practices left stale."""

from secretariat.core.registry import tick_step

from .services import practices_remind_stale

tick_step(practices_remind_stale)
