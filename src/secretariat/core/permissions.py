"""Every write service checks its caller here, from the rules of its app (decision 0017).

A service is declared with `@service("app.perm", on="kwarg.path")`: before it runs, `by` must
have the permission on the object the path names (a tuple of paths names a tuple of objects).
`by=None` is refused: the platform acting by itself (the demo loader, the tick, imports,
restore) passes `SYSTEM`, so that no caller is let through by forgetting to name itself.
The registry lets a test call every service with a caller who may not.
"""

import functools
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied


class SystemActor:
    """The platform acting by itself. It may do anything and has no account, so the audit
    trail and the `*_by` columns record no person (as for writes made before accounts)."""

    pk = None
    id = None
    is_authenticated = False
    is_anonymous = False
    is_active = True
    is_superuser = False

    def has_perm(self, perm, obj=None) -> bool:
        return True

    def __repr__(self):
        return "SYSTEM"


SYSTEM = SystemActor()


def user_of(by):
    """The account behind `by` for a `*_by` column: none for SYSTEM or an anonymous caller."""
    return by if getattr(by, "is_authenticated", False) else None


@dataclass(frozen=True)
class Service:
    func: object  # the checked service, as callers call it
    perm: str
    on: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.func.__module__}.{self.func.__name__}"

    def target(self, kwargs):
        """The object (or tuple of objects) the permission is asked on."""
        found = tuple(_follow(kwargs, path) for path in self.on)
        return found[0] if len(found) == 1 else (found or None)


SERVICES: list[Service] = []


def _follow(kwargs, path):
    name, *attributes = path.split(".")
    obj = kwargs.get(name)
    for attribute in attributes:
        if obj is None:
            break
        if attribute.isdigit():  # an item of a list: "meetings.0.series"
            index = int(attribute)
            obj = obj[index] if index < len(obj) else None
        else:
            obj = getattr(obj, attribute)
    return obj


def check(by, perm, obj=None) -> None:
    """Raise PermissionDenied unless `by` (a user, or SYSTEM) has `perm` on `obj`."""
    if by is None or not by.has_perm(perm, obj):
        raise PermissionDenied


def service(perm, *, on):
    """Declare a write service: `by` must have `perm` on `on` (a keyword path, a tuple of
    them, or None for a permission on no object)."""
    paths = (on,) if isinstance(on, str) else tuple(on or ())

    def declare(func):
        @functools.wraps(func)
        def checked(**kwargs):
            check(kwargs.get("by"), perm, entry.target(kwargs))
            return func(**kwargs)

        entry = Service(func=checked, perm=perm, on=paths)
        checked.service = entry
        # For a service that has already let `by` in under its own rule and writes through
        # another app's service as part of it (the live roll call's close writes attendance
        # for the chair): the one way past a check, written where it is taken.
        checked.trusted = func
        SERVICES.append(entry)
        return checked

    return declare
