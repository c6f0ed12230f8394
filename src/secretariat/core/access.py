"""The access stamp: it moves whenever what someone may follow can have narrowed.

A live stream checks access once, at connect (live.stream), and is open for hours. Rather
than asking again per event or per heartbeat, each process reads this stamp once per
heartbeat, and only the streams checked under an older stamp ask again (decision 0008).
Services record what narrows access (`narrowed`); every change made in the admin (a
meeting made members-only, a user deactivated there) moves the admin's own log, which the
stamp includes.
"""

from django.contrib.admin.models import LogEntry

from .models import AccessChange


def narrowed(reason: str) -> None:
    """Record that access can have narrowed; visible to streams once the transaction commits."""
    AccessChange.objects.create(reason=reason)


def _newest(model) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def stamp() -> tuple[int, int]:
    """The newest access change and the newest admin change: two primary-key reads."""
    return _newest(AccessChange), _newest(LogEntry)
