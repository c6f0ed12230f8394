"""The live event stream as a plain ASGI application, mounted before Django's (asgi.py).

A stream is open for hours on thousands of connections at once, so it skips Django's
request cycle: the permission check runs at connect, through the live rules (the session
and user from the session cookie, as the middleware would find them), and from then on a
stream only sends the bytes the broker hands it, encoded once per event and audience and
shared by every connection of this process. It checks again only when the access stamp
(core.access) has moved since, which the broker reads once per heartbeat, and ends when
its access is gone or has changed (the browser reconnects and is answered anew). The URL
stays in live/urls.py, so `{% url 'live:events' %}` names it and the router here resolves
it the same way.
"""

import asyncio
import io
import signal
import threading
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user
from django.core.exceptions import DisallowedHost, PermissionDenied
from django.core.handlers.asgi import ASGIRequest
from django.db import DatabaseError
from django.http import Http404
from django.urls import Resolver404, resolve

from secretariat.core import metrics
from secretariat.core.limits import RateLimit, client_address

from . import broker

HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),  # proxies pass each event at once
    (b"x-content-type-options", b"nosniff"),
]


def is_stream(scope) -> dict | None:
    """The URL's arguments when `scope` asks for a live event stream, else None."""
    if (
        scope["type"] != "http"
        or scope["method"] not in ("GET", "HEAD")
        or not scope["path"].endswith("/live/events/")
    ):
        return None
    try:
        match = resolve(scope["path"])
    except Resolver404:
        return None
    return match.kwargs if match.view_name == "live:events" else None


def _open(scope, region, pk):
    """Who asks, and may they follow this session? (session id, audience), or an HTTP status."""
    from secretariat.accounts.middleware import needs_two_factor

    from .views import stream_access

    request = ASGIRequest(scope, io.BytesIO())
    try:
        request.get_host()  # ALLOWED_HOSTS, as CommonMiddleware checks it
        store = import_module(settings.SESSION_ENGINE).SessionStore
        request.session = store(request.COOKIES.get(settings.SESSION_COOKIE_NAME))
        request.user = get_user(request)
        if (
            settings.MFA_REQUIRED_FOR_SECRETARIAT
            and request.user.is_authenticated
            and needs_two_factor(request.user)
        ):
            raise PermissionDenied  # the pages send them to set up two-factor first
        return stream_access(request, region, pk, request.GET.get("audience", ""))
    except DisallowedHost:
        return 400
    except Http404:
        return 404
    except PermissionDenied:
        return 403


def _checked(scope, region, pk):
    """The access stamp, then the access. Read in this order, a change committed in between
    moves the stamp past the one kept, and the stream checks again at the next heartbeat."""
    from secretariat.core import access

    return access.stamp(), _open(scope, region, pk)


def _asked(scope) -> tuple:
    """What a stream's access depends on besides the data: its address, host, session
    cookie and the audience it asked for. Streams that asked alike share a re-check."""
    request = ASGIRequest(scope, io.BytesIO())
    return (
        scope["path"],
        request.headers.get("host", ""),
        request.COOKIES.get(settings.SESSION_COOKIE_NAME, ""),
        request.GET.get("audience", ""),
    )


async def _still_allowed(scope, region, pk, stamp, access, subscriber) -> bool:
    try:
        again = await broker.broker.recheck(
            stamp, _asked(scope), lambda: broker.in_thread(_open)(scope, region, pk)
        )
    except DatabaseError:
        # The access could not be read (the database is away, or SQLite busy): the stream
        # keeps its stamp unseen, so the next heartbeat asks again.
        subscriber.stamp = None
        return True
    return again == access


def _after(scope) -> int | None:
    """The id the client saw last: its Last-Event-ID header, or ?after= from the page."""
    request = ASGIRequest(scope, io.BytesIO())
    for value in (request.headers.get("Last-Event-ID"), request.GET.get("after")):
        if value and value.isdigit() and len(value) <= 18:  # an id the database can hold
            return int(value)
    return None


# Streams opened per client address: each one checks access and reads the latest events.
opens = RateLimit(lambda: settings.LIVE_OPENS_PER_MINUTE)
LATER = 15  # seconds a client over the limit waits before it reconnects


async def _later(send):
    """A stream that ends at once, telling the browser to reconnect in LATER seconds (an
    error status would make it give up for good)."""
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": f"retry: {LATER * 1000}\n\n".encode()})


async def _refuse(send, status):
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": b""})


def _chunk(parts):
    return {"type": "http.response.body", "body": b"".join(parts), "more_body": True}


async def _until_disconnect(receive, subscriber):
    while (await receive())["type"] != "http.disconnect":
        pass
    subscriber.close()


async def serve(scope, receive, send, region, pk):
    """Server-Sent Events: what happened since the client's last id, then each change as it
    is committed, and a comment line every few seconds so proxies keep the stream open."""
    if not opens.allow(client_address(scope)):
        await _later(send)
        return
    stamp, access = await broker.in_thread(_checked)(scope, region, pk)  # gives its connection back
    if isinstance(access, int):
        await _refuse(send, access)
        return
    session_id, audience = access
    subscriber = await broker.broker.subscribe(session_id, audience, stamp)
    watcher = asyncio.ensure_future(_until_disconnect(receive, subscriber))
    metrics.LIVE_STREAMS.inc()
    try:
        await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
        if scope["method"] == "HEAD":
            await send({"type": "http.response.body", "body": b""})
            return
        after = _after(scope)
        body, sent = [b"retry: 1000\n\n"], after or 0
        # A few missed events, or the latest only (the current state) for a new client or
        # one far behind.
        for event_id, payloads in await broker.catch_up(session_id, after):
            body.append(broker.sse(event_id, payloads[audience]))
            sent = event_id
        await send(_chunk(body))
        while (items := await subscriber.take()) is not None:
            rechecks = [data for event_id, data in items if event_id == broker.RECHECK]
            if rechecks and not await _still_allowed(
                scope, region, pk, rechecks[-1], access, subscriber
            ):
                break  # nothing more for a viewer who lost access; a reconnect is answered anew
            body = []
            for event_id, data in items:
                if event_id == 0 or event_id > sent:  # 0: a heartbeat
                    body.append(data)
                    sent = max(sent, event_id)
            if body:
                await send(_chunk(body))
        await send({"type": "http.response.body", "body": b""})
    finally:
        metrics.LIVE_STREAMS.dec()
        watcher.cancel()
        broker.broker.unsubscribe(session_id, subscriber)


def _end_streams_on_exit(loop):
    """uvicorn waits for open responses before it stops, and a stream never ends by itself:
    on SIGTERM or SIGINT this process's streams end first (browsers reconnect with their
    Last-Event-ID, to another process or to the restarted one), then uvicorn's own handler
    runs as before."""
    if threading.current_thread() is not threading.main_thread():
        return  # signal handlers belong to the main thread; a test server may run elsewhere

    def chain(previous):
        def handler(sig, frame):
            loop.call_soon_threadsafe(broker.broker.close_all)
            if callable(previous):
                previous(sig, frame)
            else:
                signal.signal(sig, signal.SIG_DFL if previous is None else previous)
                signal.raise_signal(sig)

        return handler

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, chain(signal.getsignal(signum)))


def with_live_streams(django_application):
    """Django's ASGI application, with the live streams served in front of it."""

    hooked = []

    async def application(scope, receive, send):
        kwargs = is_stream(scope)
        if kwargs is None:
            return await django_application(scope, receive, send)
        if not hooked:
            hooked.append(True)
            _end_streams_on_exit(asyncio.get_running_loop())
        return await serve(scope, receive, send, **kwargs)

    return application
