"""After a restore: the live screens' events are the state rendered per audience, made from
rows, so a backup does not carry them; each session's state is rendered once anew."""

from secretariat.core.registry import after_restore, derived_tables

from . import selectors
from .models import LiveEvent, LiveState

derived_tables("live.liveevent")


@after_restore
def live_events_rebuild() -> int:
    """One event per session with a live state, its ids after the archived ones (a screen
    open before the restore reconnects with its last id and gets the state that follows)."""
    states = LiveState.objects.select_related("session__region", "current_item__parent")
    events = [
        LiveEvent(session=state.session, kind="restored", payloads=selectors.state_payloads(state))
        for state in states.iterator(chunk_size=100)
    ]
    return len(LiveEvent.objects.bulk_create(events, batch_size=100))
