"""Every service that changes what matters calls `record`: one audit trail for all apps."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_noop

from .models import AuditEntry
from .regions import region_id_of

NOT_AUDITED = {"version"}

# The generic actions; services name their own with gettext_noop, so that
# AuditEntry.action_display can show every action in the viewer's language.
CREATED, UPDATED, DELETED = (
    gettext_noop("created"),
    gettext_noop("updated"),
    gettext_noop("deleted"),
)


def _value(obj, field):
    if isinstance(field, models.ForeignKey):
        related = getattr(obj, field.name)
        return str(related) if related is not None else None
    value = getattr(obj, field.attname)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def snapshot(obj) -> dict:
    """The audited field values of `obj`, as JSON-able values."""
    return {
        f.name: _value(obj, f)
        for f in obj._meta.concrete_fields
        if not f.primary_key and f.name not in NOT_AUDITED
    }


def diff(before: dict, after: dict) -> dict:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(*, by, action, obj, before=None, note="", created=False) -> AuditEntry:
    """Record that `by` did `action` to `obj`; with `before` (a snapshot) the changes are kept.

    A new object (action "created", or `created=True` for a creation with its own name,
    such as "role assigned") has all its filled-in fields listed.
    """
    after = snapshot(obj)
    changes = diff(before, after) if before is not None else {}
    if created or action == CREATED:
        changes = {k: [None, v] for k, v in after.items() if v not in (None, "")}
    return AuditEntry.objects.create(
        actor=by if by is not None and by.is_authenticated else None,
        region_id=region_id_of(obj),
        action=action,
        target_type=ContentType.objects.get_for_model(obj),
        target_id=str(obj.pk),
        target_repr=str(obj)[:300],
        changes=changes,
        note=note,
    )


def history_of(obj):
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk)
    ).select_related("actor")


def history_for(obj, *, drafts: bool, actors: bool, published_at=None, limit: int = 50):
    """`obj`'s history as its viewer may read it, newest first.

    Changes made before `published_at` (while a draft: its text is its keepers' business)
    are shown only with `drafts`, and nothing at all while it is unpublished; who made each
    change (an address) only with `actors`. Each entry's `shown_actor` is the person to
    name, or None. Values are shown as readers read them (AuditEntry.change_rows)."""
    entries = history_of(obj)
    if not drafts:
        if published_at is None:
            return []
        entries = entries.filter(at__gte=published_at)
    entries = list(entries[:limit])
    for entry in entries:
        entry.shown_actor = entry.actor if actors else None
    return entries
