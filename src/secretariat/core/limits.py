"""Request bodies larger than any form or endpoint accepts are refused before they are read."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    """413 for a declared body above MAX_REQUEST_BYTES (the largest upload plus its form).

    Django's own DATA_UPLOAD_MAX_MEMORY_SIZE bounds form fields and JSON but not files, which
    it streams to disk; this bounds the whole body. The proxy in front should refuse the same
    size, so that a body sent without a length never reaches the application.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return HttpResponse(
                _("The request is too large: %(limit)s MB at most.")
                % {"limit": settings.MAX_REQUEST_BYTES // (1024 * 1024)},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _too_large_message(scope) -> bytes:
    """The 413's text in the language the browser asks for (as LocaleMiddleware would)."""
    from django.utils import translation

    accepted = _header(scope, b"accept-language") or ""
    language = settings.LANGUAGE_CODE
    for code, _quality in translation.trans_real.parse_accept_lang_header(accepted):
        try:
            language = translation.get_supported_language_variant(code)
            break
        except LookupError:
            continue
    with translation.override(language):
        text = _("The request is too large: %(limit)s MB at most.") % {
            "limit": settings.MAX_REQUEST_BYTES // (1024 * 1024)
        }
    return text.encode()


async def _refuse(scope, send):
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": _too_large_message(scope)})


def with_body_limit(application):
    """An ASGI application refusing (413) a request body above MAX_REQUEST_BYTES before
    Django sees it: at once from its Content-Length, or as soon as the bytes streamed in pass
    the limit (a body sent without a length, or longer than it said). Django's ASGI handler
    reads the whole body to a temporary file before any middleware runs, so the limit must
    act in front of it."""

    async def limited(scope, receive, send):
        if scope["type"] != "http":
            return await application(scope, receive, send)
        limit = settings.MAX_REQUEST_BYTES
        length = _header(scope, b"content-length")
        if length is not None and (not length.strip().isdigit() or int(length) > limit):
            return await _refuse(scope, send)
        received = 0
        started = too_large = False

        async def receive_limited():
            nonlocal received, too_large
            if too_large:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # As if the client had gone: Django drops what it read (its temporary
                    # file too) and answers nothing; the 413 is sent below.
                    too_large = True
                    return {"type": "http.disconnect"}
            return message

        async def send_watched(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await application(scope, receive_limited, send_watched)
        if too_large and not started:
            await _refuse(scope, send)

    return limited


def _networks():
    import ipaddress

    return [ipaddress.ip_network(p, strict=False) for p in settings.TRUSTED_PROXIES]


def _trusted(address: str, networks) -> bool:
    import ipaddress

    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(scope) -> str:
    """The address of the client behind an ASGI `scope`: the peer, or, when the peer is a
    trusted proxy (TRUSTED_PROXIES), the last address in X-Forwarded-For that is not one.
    (uvicorn, run by `serve` with the same proxies, may already have put it in the scope.)"""
    peer = (scope.get("client") or ("", 0))[0] or ""
    networks = _networks()
    if not _trusted(peer, networks):
        return peer
    forwarded = _header(scope, b"x-forwarded-for") or ""
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        if not _trusted(hop, networks):
            return hop
    return peer


class RateLimit:
    """At most `per_minute` events per key, as a bucket refilled evenly (in this process)."""

    MAX_KEYS = 10_000

    def __init__(self, per_minute):
        self.per_minute = per_minute  # a number, or a callable reading it from the settings
        self.buckets = {}

    def allow(self, key, now=None) -> bool:
        import time

        now = time.monotonic() if now is None else now
        capacity = self.per_minute() if callable(self.per_minute) else self.per_minute
        tokens, then = self.buckets.get(key, (capacity, now))
        tokens = min(capacity, tokens + (now - then) * capacity / 60)
        if len(self.buckets) >= self.MAX_KEYS and key not in self.buckets:
            self.buckets.clear()  # memory stays bounded; every key starts full again
        if tokens < 1:
            self.buckets[key] = (tokens, now)
            return False
        self.buckets[key] = (tokens - 1, now)
        return True
