"""Fan-out of live events to the open streams of this process.

Each stream (live/stream.py) subscribes for its session and audience. When an event is
committed (`wake`, in this process; or a PostgreSQL NOTIFY from another process, `listen`),
the broker reads the new events of that session once, encodes them once per audience, and
hands the same bytes to every subscriber: one database read and one encoding per event and
process, and per connection nothing but a list append and the send. Events of one session
are written under a row lock, so their ids grow in commit order and "everything after the
last id read" misses none. One heartbeat task per process keeps idle streams talking, and
reads the access stamp (core.access) once per beat: the streams checked under an older stamp
are told to check their access again (RECHECK), so access is read again only when it can
have changed, and once per stamp for all the streams that asked alike.
"""

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass, field

from asgiref.sync import sync_to_async
from django.db import DatabaseError, connection, connections

from secretariat.core import metrics

log = logging.getLogger(__name__)
CHANNEL = "secretariat_live"
QUEUE_LIMIT = 1000  # a client this far behind is dropped; it reconnects and catches up
PAGE = 500  # events read at once when catching up
# Each event carries the whole state: a client further behind than this gets the latest
# event only (the current state), not the history.
CATCH_UP = 50
HEARTBEAT = b": heartbeat\n\n"
RECHECK = -1  # the id of the item telling a stream to check its access again


def sse(event_id: int, payload: dict) -> bytes:
    data = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return f"id: {event_id}\nevent: state\ndata: {data}\n\n".encode()


def in_thread(fn):
    """Run ORM work in a worker thread and give its connection back at once: a stream open
    for hours must not hold a database connection."""

    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        finally:
            connection.close()

    return sync_to_async(run, thread_sensitive=False)


def _events_after(session_id: int, after: int, limit: int = PAGE):
    from .models import LiveEvent

    return list(
        LiveEvent.objects.filter(session_id=session_id, id__gt=after)
        .order_by("id")
        .values_list("id", "payloads")[:limit]
    )


def _catch_up(session_id: int, after: int | None):
    """What a stream sends first: the events after `after` if they are few (CATCH_UP), else
    only the latest, which holds the current state; the latest for a new client too."""
    from .models import LiveEvent

    latest = LiveEvent.objects.filter(session_id=session_id).order_by("-id")
    if after is None:
        return list(latest.values_list("id", "payloads")[:1])
    missed = list(latest.filter(id__gt=after).values_list("id", "payloads")[: CATCH_UP + 1])
    return missed[:1] if len(missed) > CATCH_UP else missed[::-1]


def _last_id(session_id: int) -> int:
    from .models import LiveEvent

    last = LiveEvent.objects.filter(session_id=session_id).order_by("-id").first()
    return last.pk if last else 0


def _access_stamp():
    from secretariat.core import access

    return access.stamp()


events_after = in_thread(_events_after)
catch_up = in_thread(_catch_up)
last_id = in_thread(_last_id)
access_stamp = in_thread(_access_stamp)


def listen_params() -> dict:
    """How the listening connection connects: with every setting Django's own connections
    use (TLS mode, root and client certificates, `options`, a service name...), taken from
    the database backend itself, not a hand-picked few. SECRETARIAT_LIVE_DATABASE_URL, when
    set, names another address for it: PostgreSQL itself when the app's connections go
    through PgBouncer in transaction mode, which cannot keep a LISTEN (operator guide)."""
    from django.conf import settings

    if settings.LIVE_DATABASE_URL:
        import dj_database_url
        from django.db.backends.postgresql.base import DatabaseWrapper

        own = dj_database_url.parse(settings.LIVE_DATABASE_URL)
        wrapper = DatabaseWrapper({**connections["default"].settings_dict, **own}, "listener")
    else:
        wrapper = connections["default"]
    params = wrapper.get_connection_params()
    # Django's cursor class and adapters are for its own synchronous connections.
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return params | {"autocommit": True}


class Subscriber:
    """One open stream: what the broker handed it and the stream has not sent yet, as
    (event id, bytes) pairs; id 0 is a heartbeat, RECHECK asks the stream to check its
    access again. `stamp` is the access stamp its access was last checked under."""

    __slots__ = ("_waiter", "audience", "closed", "pending", "stamp")

    def __init__(self, audience: str, stamp=None):
        self.audience = audience
        self.stamp = stamp
        self.pending = []
        self.closed = False
        self._waiter = None

    def push(self, item) -> bool:
        if len(self.pending) >= QUEUE_LIMIT:
            # Too slow a client: the stream ends now, the browser reconnects with its
            # Last-Event-ID and catches up from the table.
            self.pending.clear()
            self.close()
            return False
        self.pending.append(item)
        self._wake()
        return True

    def close(self) -> None:
        self.closed = True
        self._wake()

    def _wake(self):
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def take(self) -> list | None:
        """What is pending, once there is some; None once closed and sent."""
        while not self.pending:
            if self.closed:
                return None
            self._waiter = asyncio.get_running_loop().create_future()
            await self._waiter
        items, self.pending = self.pending, []
        return items


@dataclass
class _Topic:
    last: int
    subscribers: dict = field(default_factory=dict)  # an ordered set
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class Broker:
    def __init__(self):
        self.loop = None
        self.topics: dict[int, _Topic] = {}
        self._listener = None
        self._heartbeat = None
        self.rechecks = {}  # (stamp, what a stream asked for) -> its access, checked once

    async def subscribe(self, session_id: int, audience: str, stamp=None) -> Subscriber:
        loop = asyncio.get_running_loop()
        if loop is not self.loop:  # the first stream, or a new event loop (tests)
            self.loop, self._listener, self.rechecks = loop, None, {}
            self._heartbeat = loop.create_task(self._beat())
        self._ensure_listener()
        topic = self.topics.get(session_id)
        if topic is None:
            topic = _Topic(last=await last_id(session_id))
            topic = self.topics.setdefault(session_id, topic)
        subscriber = Subscriber(audience, stamp)
        topic.subscribers[subscriber] = None
        return subscriber

    def unsubscribe(self, session_id: int, subscriber: Subscriber) -> None:
        topic = self.topics.get(session_id)
        if topic is not None:
            topic.subscribers.pop(subscriber, None)
            if not topic.subscribers:
                self.topics.pop(session_id, None)

    async def deliver(self, session_id: int) -> None:
        """Read the session's new events once and hand them to each subscriber."""
        topic = self.topics.get(session_id)
        if topic is None:
            return
        async with topic.lock:
            for event_id, payloads in await events_after(session_id, topic.last):
                topic.last = event_id
                encoded = {a: sse(event_id, p) for a, p in payloads.items()}
                items = {a: (event_id, data) for a, data in encoded.items()}
                for subscriber in list(topic.subscribers):
                    if not subscriber.push(items[subscriber.audience]):
                        topic.subscribers.pop(subscriber, None)
                metrics.live_fanned_out(len(topic.subscribers))

    def close_all(self) -> None:
        """End every stream of this process (it is stopping): each sends what it holds."""
        for topic in list(self.topics.values()):
            for subscriber in list(topic.subscribers):
                subscriber.close()

    async def _beat(self):
        from django.conf import settings

        while True:
            await asyncio.sleep(settings.LIVE_HEARTBEAT_SECONDS)
            try:
                stamp = await access_stamp() if self.topics else None
            except DatabaseError:  # the database is away for a moment: beat, read it next time
                log.warning("live: the access stamp could not be read", exc_info=True)
                stamp = None
            for topic in list(self.topics.values()):
                for subscriber in list(topic.subscribers):
                    if stamp is not None and subscriber.stamp != stamp:
                        subscriber.stamp = stamp
                        subscriber.push((RECHECK, stamp))
                    subscriber.push((0, HEARTBEAT))

    def recheck(self, stamp, key, check):
        """The access of the streams that asked for `key`, checked once per stamp: every
        anonymous viewer of a session shares one check, a signed-in one a check per cookie."""
        if self.rechecks and next(iter(self.rechecks))[0] != stamp:
            self.rechecks.clear()
        future = self.rechecks.get((stamp, key))
        if future is None or (future.done() and future.exception() is not None):
            future = self.rechecks[stamp, key] = asyncio.ensure_future(check())
        return future

    def wake(self, session_id: int) -> None:
        """Called after a commit, from any thread of this process."""
        loop = self.loop
        if loop is None or loop.is_closed() or session_id not in self.topics:
            return
        with contextlib.suppress(RuntimeError):  # the loop stopped meanwhile
            asyncio.run_coroutine_threadsafe(self.deliver(session_id), loop)

    # --- PostgreSQL: one listening connection per process ---------------------------------

    def _ensure_listener(self):
        if connection.vendor != "postgresql" or self._listener is not None:
            return
        self._listener = asyncio.get_running_loop().create_task(self._listen())

    async def _listen(self):
        import psycopg

        while True:
            try:
                async with await psycopg.AsyncConnection.connect(**listen_params()) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    # Anything committed while (re)connecting is read now.
                    for session_id in list(self.topics):
                        await self.deliver(session_id)
                    async for notify in conn.notifies():
                        session_id = int(notify.payload.split(":", 1)[0])
                        if session_id in self.topics:
                            await self.deliver(session_id)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("Live listener lost its connection; reconnecting")
                await asyncio.sleep(1)


broker = Broker()
wake = broker.wake
