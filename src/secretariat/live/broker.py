"""Fan-out of live events to the open streams of this process.

Each stream subscribes a queue for its session and audience. When an event is committed
(`wake`, in this process; or a PostgreSQL NOTIFY from another process, `listen`), the broker
reads the new events of that session once and puts the already-rendered bytes for each
audience on every subscribed queue: one database read per event and process, not one per
connection. Events of one session are written under a row lock, so their ids grow in commit
order and "everything after the last id read" misses none.
"""

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass, field

from asgiref.sync import sync_to_async
from django.db import connection

log = logging.getLogger(__name__)
CHANNEL = "secretariat_live"
QUEUE_LIMIT = 1000  # a client this far behind is dropped; it reconnects and catches up


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


def _events_after(session_id: int, after: int, limit: int = 500):
    from .models import LiveEvent

    return list(
        LiveEvent.objects.filter(session_id=session_id, id__gt=after)
        .order_by("id")
        .values_list("id", "payloads")[:limit]
    )


def _last_id(session_id: int) -> int:
    from .models import LiveEvent

    last = LiveEvent.objects.filter(session_id=session_id).order_by("-id").first()
    return last.pk if last else 0


events_after = in_thread(_events_after)
last_id = in_thread(_last_id)


@dataclass
class _Topic:
    last: int
    queues: dict = field(default_factory=dict)  # queue -> audience
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class Broker:
    def __init__(self):
        self.loop = None
        self.topics: dict[int, _Topic] = {}
        self._listener = None

    async def subscribe(self, session_id: int, audience: str) -> asyncio.Queue:
        self.loop = asyncio.get_running_loop()
        self._ensure_listener()
        topic = self.topics.get(session_id)
        if topic is None:
            topic = _Topic(last=await last_id(session_id))
            topic = self.topics.setdefault(session_id, topic)
        queue = asyncio.Queue(maxsize=QUEUE_LIMIT)
        topic.queues[queue] = audience
        return queue

    def unsubscribe(self, session_id: int, queue) -> None:
        topic = self.topics.get(session_id)
        if topic is not None:
            topic.queues.pop(queue, None)
            if not topic.queues:
                self.topics.pop(session_id, None)

    async def deliver(self, session_id: int) -> None:
        """Read the session's new events once and hand them to each subscriber."""
        topic = self.topics.get(session_id)
        if topic is None:
            return
        async with topic.lock:
            for event_id, payloads in await events_after(session_id, topic.last):
                topic.last = event_id
                rendered = {a: sse(event_id, p) for a, p in payloads.items()}
                for queue, audience in list(topic.queues.items()):
                    try:
                        queue.put_nowait((event_id, rendered[audience]))
                    except asyncio.QueueFull:
                        # Too slow a client: the stream ends, the browser reconnects with
                        # its Last-Event-ID and catches up from the table.
                        topic.queues.pop(queue, None)
                        queue.overflow = True

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

        settings = connection.settings_dict
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    host=settings["HOST"] or None,
                    port=settings["PORT"] or None,
                    user=settings["USER"] or None,
                    password=settings["PASSWORD"] or None,
                    dbname=settings["NAME"],
                    autocommit=True,
                ) as conn:
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
