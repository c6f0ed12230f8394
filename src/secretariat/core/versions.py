"""Optimistic locking: a save based on a stale version is refused with both versions shown."""

from dataclasses import dataclass

from django.db.models import F

from .regions import check_one_region


@dataclass
class StaleEdit(Exception):
    """Raised when someone saved the row since the editor loaded it."""

    current: object  # the row as saved by the other person
    mine: object  # the unsaved instance with this editor's values
    fields: list

    def rows(self):
        """(label, theirs, mine) for each field where the two versions differ."""
        out = []
        for name in self.fields:
            field = self.current._meta.get_field(name)
            theirs, mine = getattr(self.current, name), getattr(self.mine, name)
            if theirs != mine:
                out.append((field.verbose_name, theirs, mine))
        return out


def save_versioned(obj, *, expected_version: int, fields: list[str]) -> None:
    """Write `fields` of `obj` only if the row is still at `expected_version`.

    An update bypasses save(): the one-region rule is checked here (decision 0019).
    """
    check_one_region(obj)
    model = type(obj)
    values = {name: getattr(obj, name) for name in fields}
    done = model.objects.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if not done:
        raise StaleEdit(current=model.objects.get(pk=obj.pk), mine=obj, fields=fields)
    obj.version = expected_version + 1
