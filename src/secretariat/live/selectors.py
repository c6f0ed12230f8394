"""Reads worth a name: the live state, whose delegation a person speaks for, and the state
rendered once per audience (what every page and every event stream shows)."""

from django.db.models import Max
from django.utils import translation

from secretariat.meetings.participation import (
    agenda_number,
    agenda_numbering,
    member_delegations,
    registered_delegates,
)

from .models import ItemRecord, LiveEvent, LiveState, RollCall, SpeakerRequest

AUDIENCES = ("chair", "delegate", "screen", "public")
SCREEN_NEXT = 5


def live_state(session) -> LiveState:
    """The session's state; a fresh, unsaved one before the chair first acts."""
    state = LiveState.objects.filter(session=session).select_related("current_item__parent").first()
    return state or LiveState(session=session)


def delegation_of(user, session):
    """The registered Member delegation `user` sits in for `session`, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    seat = (
        registered_delegates(session)
        .filter(
            person__user=user,
            person__is_active=True,
            delegation__invitation__member__isnull=False,
        )
        .select_related("delegation__invitation__member")
        .first()
    )
    return seat.delegation if seat else None


def last_event_id(session) -> int:
    return LiveEvent.objects.filter(session=session).aggregate(m=Max("id"))["m"] or 0


def open_roll_call(session):
    return RollCall.objects.filter(session=session, closed_at=None).first()


def quorum_needed(total: int) -> int:
    """More than half of the Members with a registered delegation."""
    return total // 2 + 1


def agenda_picker(session) -> list:
    """The session's items in agenda order, each as (item, the number the agenda shows)."""
    numbering = agenda_numbering(session)
    items = sorted(
        session.agenda.select_related("parent"),
        key=lambda i: (i.parent.position, i.position) if i.parent_id else (i.position, 0),
    )
    return [(item, _item(item, numbering)["number"]) for item in items]


def _item(item, numbering):
    if item is None:
        return None
    return {
        "id": item.pk,
        "number": agenda_number(item, numbering, item.parent if item.parent_id else None),
        "title_en": item.title_en,
        "title_fr": item.title_fr or item.title_en,
    }


def _speaker(request):
    member = request.delegation.invitation.member
    return {
        "id": request.pk,
        "delegation": request.delegation_id,
        "name_en": member.short_name_en,
        "name_fr": member.short_name_fr or member.short_name_en,
        "kind": request.kind,
    }


def _roll_call(session, total):
    roll_call = open_roll_call(session)
    if roll_call is None:
        return None
    present = {a.delegation_id for a in roll_call.answers.all() if a.present}
    return {
        "id": roll_call.pk,
        "present": len(present),
        "answered": roll_call.answers.count(),
        "total": total,
        "quorum": quorum_needed(total),
        "present_ids": sorted(present),
    }


def state_payloads(state: LiveState) -> dict:
    """The state as each audience may see it: built once per change, sent to every viewer.

    Titles and names come in English and French; the page picks its language, and derives
    the personal touches (my delegation's place) itself.
    """
    session = state.session
    item = state.current_item
    requests = []
    if item is not None:
        requests = list(
            SpeakerRequest.objects.filter(item=item, status__in=SpeakerRequest.ACTIVE)
            .select_related("delegation__invitation__member")
            .order_by("priority", "pk")
        )
    speaking = next((r for r in requests if r.status == SpeakerRequest.Status.SPEAKING), None)
    waiting = [_speaker(r) for r in requests if r.status == SpeakerRequest.Status.WAITING]
    since = state.timer_running_since
    total = member_delegations(session).count()
    base = {
        "session": session.pk,
        "item": _item(item, agenda_numbering(session)),
        "list_open": state.list_open,
        "speaking": _speaker(speaking) if speaking else None,
        "waiting": waiting,
        "timer": {
            "limit": state.timer_limit,
            "elapsed": round(state.timer_elapsed, 1),
            "since": int(since.timestamp() * 1000) if since else None,
            "warning": state.warning_seconds,
        },
        "roll_call": _roll_call(session, total),
    }
    notes = ""
    if item is not None:
        notes = ItemRecord.objects.filter(item=item).values_list("notes", flat=True).first() or ""
    return {
        "chair": base | {"notes": notes},
        "delegate": base,
        "screen": base | {"waiting": waiting[:SCREEN_NEXT]},
        "public": base,
    }


def labels() -> dict:
    """The words the page script needs, in the active language (kinds of request)."""
    return {kind: str(label) for kind, label in SpeakerRequest.Kind.choices} | {
        "lang": translation.get_language() or "en"
    }
