"""Issue 16, item 5: the body limit acts in front of Django, before the body is read.

Django's ASGI handler reads a whole body into a temporary file before any middleware runs,
so an anonymous 200 MB POST to the sign-in page was written to disk before its 413. The
application `serve` and `demo` run (secretariat.asgi.application) now refuses it from its
Content-Length, and a body without one as soon as what streamed in passes the limit.
"""

import asyncio

import pytest

MB = 1024 * 1024


def _post(headers, chunks):
    """POST /accounts/login/ to the ASGI application: (status, body, chunks it read)."""
    from secretariat.asgi import application

    sent, read = [], [0]
    pending = list(chunks)

    async def receive():
        if not pending:
            return {"type": "http.disconnect"}
        read[0] += 1
        body = pending.pop(0)
        return {"type": "http.request", "body": body, "more_body": bool(pending)}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/accounts/login/",
        "raw_path": b"/accounts/login/",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("203.0.113.9", 50000),
        "server": ("testserver", 80),
    }
    asyncio.run(application(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], body, read[0]


def _chunks(n):
    return (b"x" * MB for _ in range(n))


@pytest.mark.django_db(transaction=True)
def test_a_declared_200_mb_body_is_refused_unread():
    status, body, read = _post(
        [
            (b"content-type", b"application/x-www-form-urlencoded"),
            (b"content-length", b"%d" % (200 * MB)),
        ],
        _chunks(200),
    )
    assert status == 413
    assert b"The request is too large: 25 MB at most." in body
    assert read == 0


@pytest.mark.django_db(transaction=True)
def test_a_body_without_a_length_is_refused_once_past_the_limit():
    status, _body, read = _post([(b"content-type", b"application/octet-stream")], _chunks(200))
    assert status == 413
    assert read <= 26  # 25 MB and the chunk that passed it


@pytest.mark.django_db(transaction=True)
def test_the_refusal_speaks_french_to_a_french_browser():
    status, body, _read = _post(
        [(b"content-length", b"%d" % (30 * MB)), (b"accept-language", b"fr-FR,fr;q=0.9")], []
    )
    assert status == 413
    assert "La requête est trop grande : 25 Mo au plus." in body.decode()
