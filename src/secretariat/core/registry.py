"""Hooks later capabilities plug into: tick steps, the home page's to-do items, the
sections later apps add to a region's public home (decision 0012), the panels they add
to a session's page, what the search indexes (decision 0009), and what a restore rebuilds.

Apps register from their `hooks.py`, found by autodiscovery in CoreConfig.ready.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

log = logging.getLogger(__name__)
TICK_STEPS = []
TODO_SOURCES = []
HOME_SECTIONS = []
SESSION_PANELS = []
AFTER_RESTORE = []
DERIVED_TABLES = []
SEARCH_SOURCES = {}


@dataclass
class Todo:
    title: str
    url: str
    due: datetime | None = None


def tick_step(func):
    """Register `func(now)`: it must be idempotent, since the tick runs every minute."""
    TICK_STEPS.append(func)
    return func


def todo_source(func):
    """Register `func(user) -> list[Todo]` for the signed-in home page."""
    TODO_SOURCES.append(func)
    return func


def home_section(func):
    """Register `func(request, region) -> str`: a rendered section of the region's home page."""
    HOME_SECTIONS.append(func)
    return func


def home_sections_for(request, region) -> list[str]:
    return [section(request, region) for section in HOME_SECTIONS]


@dataclass(frozen=True)
class SearchSource:
    """What the search indexes of one kind of object, and who may see it.

    `objects()`: what is indexed, with the related rows the entries read (a draft is not).
    `item(obj)`: the entry of one of them: its text, facets, visibility and the Members it is
    shared with.
    `follows`: for each model whose change changes these entries, the lookup from an object
    of the kind to it ("pk" for the kind's own model, "meetings" from a session to a meeting).
    """

    kind: str
    objects: Callable
    item: Callable
    follows: dict


def search_source(kind, *, objects, item, follows):
    """Register a kind of search entry; the owning app's services write its entries through
    `search.index.entries_refresh` in the transaction of each change."""
    SEARCH_SOURCES[kind] = SearchSource(kind, objects, item, follows)


def session_panel(*, order):
    """Register `func(request, session) -> str`: a rendered panel under a session's agenda.

    Panels show by `order` (decisions 10, documents 20), so the page does not depend
    on the order apps are installed in. The page is kept per kind of reader (decision
    0007): a panel may depend only on what the reader may see, their language and zone.
    """

    def register(func):
        SESSION_PANELS.append((order, func))
        return func

    return register


def session_panels_for(request, session) -> list[str]:
    return [panel(request, session) for _, panel in sorted(SESSION_PANELS, key=lambda p: p[0])]


def after_restore(func):
    """Register `func()`: it rebuilds what a backup does not carry (an index made from rows)."""
    AFTER_RESTORE.append(func)
    return func


@dataclass(frozen=True)
class StepFailed:
    """What a tick step that raised returns in `run_tick`'s results."""

    error: str

    def __str__(self):
        return f"FAILED ({self.error})"


def derived_tables(*labels):
    """Name tables made from other rows ("app.model": an index, a rendered feed): a backup
    leaves them out, with their many-to-many links; the app rebuilds them `after_restore`."""
    DERIVED_TABLES.extend(label.lower() for label in labels)


def run_tick(now) -> dict:
    """Run every step; one that raises is logged and counted, and the others still run."""
    from . import metrics

    results = {}
    for step in TICK_STEPS:
        name = f"{step.__module__}.{step.__name__}"
        try:
            results[name] = step(now)
        except Exception as error:
            log.exception("tick step %s failed", name)
            results[name] = StepFailed(f"{type(error).__name__}: {error}")
        metrics.tick_step(name, ok=not isinstance(results[name], StepFailed))
    return results


def todos_for(user) -> list[Todo]:
    items = [item for source in TODO_SOURCES for item in source(user)]
    return sorted(items, key=lambda t: (t.due is None, t.due or 0))
