"""Tick steps of the nominations app."""

from secretariat.core.registry import tick_step

from . import services


@tick_step
def written_elections(now):
    """At the deadline of an election in writing, count it and start the elected's holdings."""
    return {"elections_counted": services.written_elections_due(now=now)}
