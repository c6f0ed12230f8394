"""The demo's joint session in progress: the tour de table item under discussion, the list
of speakers open, Australia speaking and Japan waiting, so the chair (the secretariat's
account) and a delegate (Indonesia's contact point) can try it in two browsers."""

from secretariat.accounts.models import User
from secretariat.meetings.models import AgendaItem, Delegation, Meeting

from . import services
from .models import LiveState

SECRETARIAT = "secretariat@demo.example.org"


def load(region):
    """Create what is missing (run it twice: same data)."""
    meeting = Meeting.objects.filter(series__region=region, series__reference="RHCAC", number=21)
    session = meeting.get().session if meeting.exists() else None
    if session is None or LiveState.objects.filter(session=session).exists():
        return
    item = session.agenda.filter(kind=AgendaItem.Kind.TOUR_DE_TABLE).first()
    if item is None:
        return
    by = User.objects.get(email=SECRETARIAT)
    services.live_item_set(session=session, item=item, by=by)
    services.live_list_open(session=session, is_open=True, by=by)
    for name in ("Australia", "Japan"):
        delegation = Delegation.objects.get(
            invitation__session=session, invitation__member__short_name_en=name
        )
        services.speaker_request(session=session, delegation=delegation, by=by, chair=True)
    services.speaker_call_next(session=session, after=None, by=by)
