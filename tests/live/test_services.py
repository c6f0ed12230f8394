"""The rules of a live session, on the services: the list of speakers, the timer, closing an
item, tour de table and roll call; and that every change appends one event."""

import pytest
from django.core.exceptions import ValidationError

from secretariat.core.models import AuditEntry
from secretariat.live import services
from secretariat.live.models import ItemRecord, LiveEvent, SpeakerRequest
from secretariat.meetings.models import Delegate

pytestmark = pytest.mark.django_db
Status = SpeakerRequest.Status


@pytest.fixture
def under_way(session, items, cast):
    services.live_item_set(session=session, item=items[0], by=cast.sam)
    services.live_list_open(session=session, is_open=True, by=cast.sam)
    return session


def names(event):
    return [w["name_en"] for w in event.payloads["delegate"]["waiting"]]


def test_a_request_joins_the_list_and_every_audience_sees_it(under_way, ours, cast):
    services.speaker_request(session=under_way, delegation=ours, by=cast.alice)
    event = LiveEvent.objects.last()
    assert event.kind == "request"
    assert names(event) == ["Indonesia"]
    assert set(event.payloads) == {"chair", "delegate", "screen", "public"}
    assert event.payloads["public"]["item"]["title_fr"] == "Point 1"


def test_asking_twice_makes_one_request(under_way, ours, cast):
    first = services.speaker_request(session=under_way, delegation=ours, by=cast.alice)
    again = services.speaker_request(session=under_way, delegation=ours, by=cast.alice)
    assert first == again
    assert SpeakerRequest.objects.count() == 1


def test_a_point_of_order_goes_to_the_top(under_way, ours, theirs, cast):
    services.speaker_request(session=under_way, delegation=theirs, by=cast.charlie)
    services.speaker_request(
        session=under_way, delegation=ours, kind="point_of_order", by=cast.alice
    )
    assert names(LiveEvent.objects.last()) == ["Indonesia", "Australia"]


def test_a_request_on_a_closed_list_is_refused_with_a_message(under_way, ours, cast):
    services.live_list_open(session=under_way, is_open=False, by=cast.sam)
    with pytest.raises(ValidationError, match="closed"):
        services.speaker_request(session=under_way, delegation=ours, by=cast.alice)
    assert not SpeakerRequest.objects.exists()
    # The chair may still add a delegation on its behalf, and anyone raise a point of order.
    services.speaker_request(session=under_way, delegation=ours, by=cast.sam, chair=True)
    assert SpeakerRequest.objects.count() == 1


def test_no_request_before_an_item_is_taken_up(session, ours, cast):
    with pytest.raises(ValidationError, match="No agenda item"):
        services.speaker_request(session=session, delegation=ours, by=cast.alice)


def test_next_gives_the_floor_once_and_starts_the_timer(under_way, ours, theirs, cast):
    services.speaker_request(session=under_way, delegation=ours, by=cast.alice)
    services.speaker_request(session=under_way, delegation=theirs, by=cast.charlie)
    first = services.speaker_call_next(session=under_way, after=None, by=cast.sam)
    assert first.delegation == ours and first.status == Status.SPEAKING
    # A second chair pressing "next" on the same view (nobody speaking then) changes nothing.
    again = services.speaker_call_next(session=under_way, after=None, by=cast.sam)
    assert again == first
    assert SpeakerRequest.objects.get(delegation=theirs).status == Status.WAITING
    second = services.speaker_call_next(session=under_way, after=first.pk, by=cast.sam)
    assert second.delegation == theirs
    first.refresh_from_db()
    assert first.status == Status.DONE
    timer = LiveEvent.objects.last().payloads["screen"]["timer"]
    assert timer["since"] is not None and timer["limit"] == 180


def test_withdraw_leaves_the_list(under_way, ours, cast):
    services.speaker_request(session=under_way, delegation=ours, by=cast.alice)
    services.speaker_withdraw(session=under_way, delegation=ours, by=cast.alice)
    assert SpeakerRequest.objects.get().status == Status.WITHDRAWN
    assert names(LiveEvent.objects.last()) == []
    # The delegation may ask again.
    services.speaker_request(session=under_way, delegation=ours, by=cast.alice)
    assert SpeakerRequest.objects.filter(status=Status.WAITING).count() == 1


def test_timer_pause_extend_and_settings(under_way, ours, cast):
    services.live_settings_set(
        session=under_way, speaking_seconds=120, warning_seconds=20, by=cast.sam
    )
    services.speaker_request(session=under_way, delegation=ours, by=cast.alice)
    services.speaker_call_next(session=under_way, after=None, by=cast.sam)
    services.timer_run(session=under_way, action="pause", by=cast.sam)
    services.timer_run(session=under_way, action="extend", by=cast.sam)
    timer = LiveEvent.objects.last().payloads["chair"]["timer"]
    assert timer == {"limit": 180, "elapsed": timer["elapsed"], "since": None, "warning": 20}
    with pytest.raises(ValidationError):
        services.live_settings_set(
            session=under_way, speaking_seconds=30, warning_seconds=40, by=cast.sam
        )


def test_closing_an_item_keeps_who_was_not_heard(under_way, ours, theirs, items, cast):
    services.item_notes_save(session=under_way, notes="Consensus likely.", by=cast.sam)
    services.speaker_request(session=under_way, delegation=ours, by=cast.alice)
    with pytest.raises(ValidationError, match="outcome"):
        services.item_close(session=under_way, outcome="  ", by=cast.sam)
    services.item_close(session=under_way, outcome="Endorsed.", by=cast.sam)
    record = ItemRecord.objects.get(item=items[0])
    assert (record.notes, record.outcome) == ("Consensus likely.", "Endorsed.")
    assert SpeakerRequest.objects.get().status == Status.NOT_HEARD
    assert AuditEntry.objects.filter(action=services.ITEM_CLOSED).count() == 1
    assert LiveEvent.objects.last().payloads["delegate"]["item"] is None
    # Private notes go to the chair's payload only.
    notes_event = LiveEvent.objects.get(kind="notes")
    assert notes_event.payloads["chair"]["notes"] == "Consensus likely."
    assert "notes" not in notes_event.payloads["delegate"]


def test_tour_de_table_queues_every_present_delegation(under_way, ours, theirs, cast):
    services.speaker_request(session=under_way, delegation=theirs, by=cast.charlie)
    services.tour_start(session=under_way, order="alphabetical", by=cast.sam)
    assert names(LiveEvent.objects.last()) == ["Australia", "Indonesia"]


def test_tour_de_table_orders(under_way, ours, theirs, cast):
    services.tour_start(session=under_way, order="custom", custom=[ours.pk, theirs.pk], by=cast.sam)
    assert names(LiveEvent.objects.last()) == ["Indonesia", "Australia"]
    with pytest.raises(ValidationError):
        services.tour_start(session=under_way, order="nonsense", by=cast.sam)


def test_a_seeded_shuffle_is_repeatable(under_way, cast):
    orders = []
    for _ in range(2):
        services.tour_start(session=under_way, order="shuffle", seed=7, by=cast.sam)
        orders.append(names(LiveEvent.objects.last()))
        SpeakerRequest.objects.update(status=Status.WITHDRAWN)
    assert orders[0] == orders[1] and sorted(orders[0]) == ["Australia", "Indonesia"]


def test_roll_call_shows_quorum_and_writes_attendance(under_way, ours, theirs, cast):
    services.roll_call_start(session=under_way, by=cast.sam)
    services.roll_call_answer(session=under_way, delegation=ours, present=True, by=cast.sam)
    roll = LiveEvent.objects.last().payloads["chair"]["roll_call"]
    assert (roll["present"], roll["total"], roll["quorum"]) == (1, 2, 2)
    services.roll_call_answer(session=under_way, delegation=theirs, present=False, by=cast.sam)
    services.roll_call_close(session=under_way, by=cast.sam)
    assert dict(Delegate.objects.values_list("delegation", "attended")) == {
        ours.pk: True,
        theirs.pk: False,
    }
    assert LiveEvent.objects.last().payloads["chair"]["roll_call"] is None
    # The tour de table then queues the present delegations only.
    services.tour_start(session=under_way, order="alphabetical", by=cast.sam)
    assert names(LiveEvent.objects.last()) == ["Indonesia"]


def test_event_ids_grow_with_each_change(under_way, ours, cast):
    before = LiveEvent.objects.count()
    services.speaker_request(session=under_way, delegation=ours, by=cast.alice)
    services.speaker_call_next(session=under_way, after=None, by=cast.sam)
    ids = list(LiveEvent.objects.values_list("id", flat=True))
    assert len(ids) == before + 2 and ids == sorted(ids)
