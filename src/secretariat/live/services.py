"""Every write of a live session. Each one locks the session's LiveState row first, so two
chairs pressing "next" together advance once, and a request for the floor made while the
list closes is either on the list or refused with a message, never lost."""

import random

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from secretariat.core import audit
from secretariat.core.permissions import service, user_of
from secretariat.meetings import delegations as meeting_delegations
from secretariat.meetings import participation
from secretariat.meetings.models import Delegate

from . import broker, selectors
from .models import ItemRecord, LiveEvent, LiveState, RollCall, RollCallAnswer, SpeakerRequest

ITEM_CLOSED = gettext_noop("item closed with an outcome")
ROLL_CALL_CLOSED = gettext_noop("roll call closed")
FLOOR_REQUESTED = gettext_noop("floor requested")
REQUEST_WITHDRAWN = gettext_noop("request withdrawn")
EXTEND_SECONDS = 60
Status = SpeakerRequest.Status


def _lock(session) -> LiveState:
    """The session's state, locked until the transaction ends (created on first use)."""
    LiveState.objects.get_or_create(session=session)
    return (
        LiveState.objects.select_for_update(of=("self",))
        .select_related("session__region", "current_item__parent")
        .get(session=session)
    )


def _publish(state: LiveState, kind: str, by) -> LiveEvent:
    """Append the event every open view receives, and wake the streams once it is committed."""
    event = LiveEvent.objects.create(
        session=state.session,
        kind=kind,
        actor=by if by is not None and by.is_authenticated else None,
        payloads=selectors.state_payloads(state),
    )
    if connection.vendor == "postgresql":
        # Delivered at commit to every process listening; it carries ids only.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_notify(%s, %s)", [broker.CHANNEL, f"{state.session_id}:{event.pk}"]
            )
    session_id = state.session_id
    transaction.on_commit(lambda: broker.wake(session_id))
    return event


def _stop_timer(state, now):
    if state.timer_running_since is not None:
        state.timer_elapsed += (now - state.timer_running_since).total_seconds()
        state.timer_running_since = None


def _current_item(state):
    if state.current_item is None:
        raise ValidationError(_("No agenda item is under discussion yet."))
    return state.current_item


@service("live.run_session", on="session")
@transaction.atomic
def live_item_set(*, session, item, by) -> LiveState:
    """Take up `item`: its list of speakers starts closed and empty, the timer stopped."""
    if item.session_id != session.pk:
        raise ValidationError(_("This item is not on this session's agenda."))
    state = _lock(session)
    if state.current_item_id == item.pk:
        return state
    _end_speaker(state, Status.DONE)
    state.current_item = item
    state.list_open = False
    state.timer_running_since = None
    state.timer_elapsed = 0
    state.save()
    _publish(state, "item", by)
    return state


@service("live.run_session", on="session")
@transaction.atomic
def live_list_open(*, session, is_open: bool, by) -> LiveState:
    state = _lock(session)
    _current_item(state)
    if state.list_open != is_open:
        state.list_open = is_open
        state.save(update_fields=["list_open"])
        _publish(state, "list", by)
    return state


@service("live.run_session", on="session")
@transaction.atomic
def live_settings_set(*, session, speaking_seconds: int, warning_seconds: int, by) -> LiveState:
    if not 10 <= speaking_seconds <= 3600:
        raise ValidationError(_("Speaking time must be between 10 seconds and an hour."))
    if not 0 <= warning_seconds < speaking_seconds:
        raise ValidationError(_("The warning must come before the time is up."))
    state = _lock(session)
    state.speaking_seconds = speaking_seconds
    state.warning_seconds = warning_seconds
    state.save(update_fields=["speaking_seconds", "warning_seconds"])
    _publish(state, "settings", by)
    return state


def _end_speaker(state, status):
    now = timezone.now()
    SpeakerRequest.objects.filter(session=state.session, status=Status.SPEAKING).update(
        status=status, ended_at=now
    )
    _stop_timer(state, now)


@service("live.run_session", on="session")
@transaction.atomic
def speaker_call_next(*, session, after: int | None, by) -> SpeakerRequest | None:
    """Give the floor to the next speaker, if the one speaking is still `after`.

    `after` is the request the chair saw speaking (None: nobody): a second "next" sent on
    the same view finds someone else speaking and changes nothing.
    """
    state = _lock(session)
    item = _current_item(state)
    speaking = SpeakerRequest.objects.filter(item=item, status=Status.SPEAKING).first()
    if (speaking.pk if speaking else None) != after:
        return speaking
    _end_speaker(state, Status.DONE)
    following = (
        SpeakerRequest.objects.filter(item=item, status=Status.WAITING)
        .order_by("priority", "pk")
        .first()
    )
    now = timezone.now()
    if following is not None:
        following.status = Status.SPEAKING
        following.started_at = now
        following.save(update_fields=["status", "started_at"])
        state.timer_limit = state.speaking_seconds
        state.timer_elapsed = 0
        state.timer_running_since = now
    else:
        state.timer_elapsed = 0
    state.save()
    _publish(state, "next", by)
    return following


@service("live.run_session", on="session")
@transaction.atomic
def timer_run(*, session, action: str, by) -> LiveState:
    """Pause, resume, extend by a minute or restart the speaking timer."""
    state = _lock(session)
    now = timezone.now()
    if action == "pause":
        _stop_timer(state, now)
    elif action == "resume":
        if state.timer_running_since is None:
            state.timer_running_since = now
    elif action == "extend":
        state.timer_limit += EXTEND_SECONDS
    elif action == "restart":
        state.timer_elapsed = 0
        state.timer_limit = state.speaking_seconds
        state.timer_running_since = now
    else:
        raise ValidationError(_("Unknown timer action."))
    state.save()
    _publish(state, "timer", by)
    return state


@service("live.run_session", on="session")
@transaction.atomic
def item_close(*, session, outcome: str, by) -> ItemRecord:
    """Close the current item with a short outcome; anyone still waiting is kept, marked
    as not heard (a request is never silently dropped)."""
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError(_("Write the item's outcome before closing it."))
    state = _lock(session)
    item = _current_item(state)
    _end_speaker(state, Status.DONE)
    SpeakerRequest.objects.filter(item=item, status=Status.WAITING).update(
        status=Status.NOT_HEARD, ended_at=timezone.now()
    )
    record, _created = ItemRecord.objects.get_or_create(item=item)
    before = audit.snapshot(record)
    record.outcome = outcome
    record.closed_at = timezone.now()
    record.save()
    audit.record(by=by, action=ITEM_CLOSED, obj=record, before=before)
    state.current_item = None
    state.list_open = False
    state.save()
    _publish(state, "close", by)
    return record


@service("live.run_session", on="session")
@transaction.atomic
def item_notes_save(*, session, notes: str, by) -> ItemRecord:
    """The chair's private notes on the current item (they later feed the summary record)."""
    state = _lock(session)
    record, _created = ItemRecord.objects.get_or_create(item=_current_item(state))
    record.notes = notes
    record.save(update_fields=["notes"])
    _publish(state, "notes", by)
    return record


# --- requests for the floor ----------------------------------------------------------------


@service("live.speak_for_delegation", on=("session", "delegation", "chair"))
@transaction.atomic
def speaker_request(*, session, delegation, kind=SpeakerRequest.Kind.FLOOR, by, chair=False):
    """Put `delegation` on the current item's list (once: asking twice returns the first).

    A point of order goes to the top and may be raised while the list is closed; the chair
    (`chair=True`) may add a delegation on its behalf at any time.
    """
    if kind not in SpeakerRequest.Kind.values or kind == SpeakerRequest.Kind.TOUR:
        raise ValidationError(_("Unknown kind of request."))
    if delegation.invitation.session_id != session.pk or delegation.invitation.member_id is None:
        raise ValidationError(_("This delegation does not take part in this session."))
    state = _lock(session)
    item = _current_item(state)
    existing = SpeakerRequest.objects.filter(
        item=item, delegation=delegation, status__in=SpeakerRequest.ACTIVE
    ).first()
    if existing is not None:
        return existing
    point_of_order = kind == SpeakerRequest.Kind.POINT_OF_ORDER
    if not (state.list_open or point_of_order or chair):
        raise ValidationError(_("The list of speakers is closed: your request was not added."))
    request = SpeakerRequest.objects.create(
        session=session,
        item=item,
        delegation=delegation,
        kind=kind,
        priority=0 if point_of_order else 1,
        requested_by=user_of(by),
    )
    audit.record(by=by, action=FLOOR_REQUESTED, obj=request, created=True)
    _publish(state, "request", by)
    return request


@service("live.speak_for_delegation", on=("session", "delegation", "chair"))
@transaction.atomic
def speaker_withdraw(*, session, delegation, by) -> SpeakerRequest | None:
    """Withdraw the delegation's waiting request on the current item, if it has one."""
    state = _lock(session)
    request = SpeakerRequest.objects.filter(
        item=state.current_item, delegation=delegation, status=Status.WAITING
    ).first()
    if request is None:
        return None
    before = audit.snapshot(request)
    request.status = Status.WITHDRAWN
    request.ended_at = timezone.now()
    request.save(update_fields=["status", "ended_at"])
    audit.record(by=by, action=REQUEST_WITHDRAWN, obj=request, before=before)
    _publish(state, "withdraw", by)
    return request


# --- tour de table and roll call ----------------------------------------------------------

TOUR_ORDERS = ("alphabetical", "sub_region", "custom", "shuffle")


def present_delegations(session):
    """The delegations present: by the last roll call, else by attendance, else all."""
    delegations = participation.member_delegations(session)
    last = RollCall.objects.filter(session=session).exclude(closed_at=None).first()
    if last is not None:
        present = set(last.answers.filter(present=True).values_list("delegation", flat=True))
        return [d for d in delegations if d.pk in present]
    return participation.attending(delegations)


def _tour_order(delegations, order, seed, custom):
    if order == "alphabetical":
        return delegations  # member_delegations comes by name
    if order == "sub_region":
        return sorted(
            delegations,
            key=lambda d: (
                d.invitation.member.sub_region.order if d.invitation.member.sub_region else 999,
                d.invitation.member.short_name_en,
            ),
        )
    if order == "shuffle":
        shuffled = list(delegations)
        random.Random(seed).shuffle(shuffled)  # noqa: S311 - repeatable on purpose, not secret
        return shuffled
    if order == "custom":
        by_id = {d.pk: d for d in delegations}
        unknown = [pk for pk in custom if pk not in by_id]
        if unknown or not custom:
            raise ValidationError(_("Choose the delegations of the tour, in order."))
        return [by_id[pk] for pk in dict.fromkeys(custom)]
    raise ValidationError(_("Unknown order for the tour de table."))


@service("live.run_session", on="session")
@transaction.atomic
def tour_start(*, session, order: str, by, seed: int = 0, custom=()) -> list:
    """Queue every present delegation on the current item, in the chosen order.

    Delegations already on the list keep their place; the others follow in tour order.
    """
    state = _lock(session)
    item = _current_item(state)
    queued = set(
        SpeakerRequest.objects.filter(item=item, status__in=SpeakerRequest.ACTIVE).values_list(
            "delegation", flat=True
        )
    )
    added = []
    for delegation in _tour_order(present_delegations(session), order, seed, list(custom)):
        if delegation.pk in queued:
            continue
        added.append(
            SpeakerRequest.objects.create(
                session=session,
                item=item,
                delegation=delegation,
                kind=SpeakerRequest.Kind.TOUR,
                requested_by=user_of(by),
            )
        )
    _publish(state, "tour", by)
    return added


@service("live.run_session", on="session")
@transaction.atomic
def roll_call_start(*, session, by) -> RollCall:
    state = _lock(session)
    roll_call = selectors.open_roll_call(session) or RollCall.objects.create(session=session)
    _publish(state, "roll_call", by)
    return roll_call


@service("live.run_session", on="session")
@transaction.atomic
def roll_call_answer(*, session, delegation, present: bool, by) -> RollCallAnswer:
    state = _lock(session)
    roll_call = selectors.open_roll_call(session)
    if roll_call is None:
        raise ValidationError(_("No roll call is open."))
    if not participation.member_delegations(session).filter(pk=delegation.pk).exists():
        raise ValidationError(_("This delegation does not take part in this session."))
    answer, _created = RollCallAnswer.objects.update_or_create(
        roll_call=roll_call, delegation=delegation, defaults={"present": present}
    )
    _publish(state, "roll_call", by)
    return answer


@service("live.run_session", on="session")
@transaction.atomic
def roll_call_close(*, session, by) -> RollCall:
    """Close the roll call and write it as the session's attendance (through the meetings
    app: one record of who was present). Members not called keep their attendance."""
    state = _lock(session)
    roll_call = selectors.open_roll_call(session)
    if roll_call is None:
        raise ValidationError(_("No roll call is open."))
    answers = dict(roll_call.answers.values_list("delegation", "present"))
    attended = dict(
        (pk, answers[delegation])
        for pk, delegation in Delegate.objects.filter(delegation__in=list(answers)).values_list(
            "pk", "delegation"
        )
    )
    # The chair (maybe a delegate, not the secretariat) closes it: already let in above.
    meeting_delegations.attendance_mark.trusted(session=session, attended=attended, by=by)
    roll_call.closed_at = timezone.now()
    roll_call.save(update_fields=["closed_at"])
    audit.record(by=by, action=ROLL_CALL_CLOSED, obj=roll_call, created=True)
    _publish(state, "roll_call", by)
    return roll_call
