"""Content written in English and, where given, French."""

from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language


class Localized:
    """`obj.name` reads `name_fr` when French is active and given, else `name_en`."""

    def __set_name__(self, owner, name):
        self.base = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return self.pick(obj, self.base)

    @staticmethod
    def pick(obj, base):
        """`obj.<base>_fr` when French is active and given, else `obj.<base>_en`."""
        if (get_language() or "en").startswith("fr"):
            return getattr(obj, f"{base}_fr") or getattr(obj, f"{base}_en")
        return getattr(obj, f"{base}_en")


def localized_order(base: str):
    """An expression to sort by the active language's form of `base`, falling back to English."""
    if (get_language() or "en").startswith("fr"):
        return Coalesce(NullIf(f"{base}_fr", Value("")), f"{base}_en")
    return f"{base}_en"
