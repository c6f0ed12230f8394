"""Issue 16, item 6: a client far behind gets the current state, not the history, and
stream opens are limited per client address (behind trusted proxies, the forwarded one).

Each event carries the whole state, so the latest is all a far-behind client needs; before,
`?after=0` sent every event since the session began, to anyone, as often as asked.
"""

import asyncio

import pytest

from secretariat.live import broker, services, stream
from secretariat.live.models import LiveEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(session, items, cast):
    """The session's own events: an item set, then the list opened and closed many times."""
    services.live_item_set(session=session, item=items[0], by=cast.sam)
    for n in range(80):  # more than a catch-up sends (broker.CATCH_UP)
        services.live_list_open(session=session, is_open=n % 2 == 0, by=cast.sam)
    return list(
        LiveEvent.objects.filter(session=session).order_by("id").values_list("id", flat=True)
    )


def test_a_client_far_behind_gets_the_current_state_only(session, history):
    sent = broker._catch_up(session.pk, 0)
    assert [event_id for event_id, _payloads in sent] == [history[-1]]


def test_a_client_a_few_events_behind_gets_what_it_missed(session, history):
    sent = broker._catch_up(session.pk, history[-4])
    assert [event_id for event_id, _payloads in sent] == history[-3:]


def test_a_new_client_gets_the_latest(session, history):
    assert [i for i, _p in broker._catch_up(session.pk, None)] == [history[-1]]


def _open_stream(address, *, forwarded=None):
    """Open a stream of a region that does not exist (the access check answers 404 after
    reading the database, as for any stream): (status, body)."""
    headers = [(b"host", b"testserver")]
    if forwarded:
        headers.append((b"x-forwarded-for", forwarded.encode()))
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/ap/meetings/999999/live/events/",
        "query_string": b"after=0",
        "headers": headers,
        "client": (address, 40000),
    }
    sent = []

    async def receive():
        await asyncio.sleep(3600)

    async def send(message):
        sent.append(message)

    asyncio.run(stream.serve(scope, receive, send, region="ap", pk=999999))
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body


@pytest.mark.django_db(transaction=True)
def test_stream_opens_are_limited_per_client_address(settings):
    settings.LIVE_OPENS_PER_MINUTE = 3
    stream.opens.buckets.clear()
    answers = [_open_stream("198.51.100.7") for _ in range(4)]
    assert [status for status, _body in answers] == [404, 404, 404, 200]
    assert answers[-1][1] == b"retry: 15000\n\n"  # come back later, with no state read
    assert _open_stream("198.51.100.8")[0] == 404  # another address is not held back


@pytest.mark.django_db(transaction=True)
def test_behind_a_trusted_proxy_the_forwarded_address_is_limited(settings):
    settings.LIVE_OPENS_PER_MINUTE = 2
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    stream.opens.buckets.clear()
    for _ in range(2):
        assert _open_stream("10.1.2.3", forwarded="198.51.100.7")[0] == 404
    assert _open_stream("10.1.2.3", forwarded="198.51.100.7")[0] == 200  # limited
    assert _open_stream("10.1.2.3", forwarded="198.51.100.9")[0] == 404  # someone else


def test_the_client_address_believes_only_trusted_proxies(settings):
    from secretariat.core.limits import client_address

    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]

    def scope(peer, forwarded):
        return {"client": (peer, 1), "headers": [(b"x-forwarded-for", forwarded.encode())]}

    assert client_address(scope("127.0.0.1", "203.0.113.5, 10.0.0.2")) == "203.0.113.5"
    assert client_address(scope("198.51.100.7", "203.0.113.5")) == "198.51.100.7"
    assert client_address(scope("10.0.0.2", "")) == "10.0.0.2"
