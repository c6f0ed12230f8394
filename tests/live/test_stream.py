"""The event stream served in front of Django: which requests it takes, and who may open
one, decided once at connect by the same rules as the pages (the streaming itself runs over
a real server in tests/e2e/test_live_stream.py)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from secretariat.core.visibility import Visibility
from secretariat.live import services
from secretariat.live.stream import _open, is_stream

pytestmark = pytest.mark.django_db


@pytest.fixture
def under_way(session, items, cast):
    services.live_item_set(session=session, item=items[0], by=cast.sam)
    return session


def scope(path, *, client=None, query=b"", host=b"testserver", method="GET"):
    cookies = "; ".join(f"{k}={v.value}" for k, v in client.cookies.items()) if client else ""
    return {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": query,
        "headers": [(b"host", host), (b"cookie", cookies.encode())],
    }


def stream_path(session):
    return reverse("live:events", args=[session.region.slug, session.pk])


def opened(client, session, who, **kwargs):
    if who:
        client.force_login(who)
    return _open(
        scope(stream_path(session), client=client, **kwargs), session.region.slug, session.pk
    )


def test_only_the_stream_url_is_taken_from_django(under_way):
    path = stream_path(under_way)
    assert is_stream(scope(path)) == {"region": under_way.region.slug, "pk": under_way.pk}
    assert is_stream(scope(path, method="POST")) is None
    assert is_stream(scope(path.replace("/events/", "/"))) is None
    assert is_stream(scope("/nowhere/live/events/")) is None
    assert is_stream({"type": "lifespan"}) is None


@pytest.mark.parametrize(
    ("who", "query", "audience"),
    [
        ("sam", b"", "chair"),
        ("sam", b"audience=screen", "screen"),
        ("alice", b"audience=chair", "delegate"),  # asking for the chair's payload gives one's own
        ("dana", b"", "public"),
        (None, b"audience=chair", "public"),
    ],
)
def test_a_public_meeting_streams_each_viewer_their_audience(
    client, cast, under_way, who, query, audience
):
    who = getattr(cast, who) if who else None
    assert opened(client, under_way, who, query=query) == (under_way.pk, audience)


@pytest.mark.parametrize(
    ("who", "outcome"), [("sam", "chair"), ("alice", "delegate"), ("dana", 404), (None, 404)]
)
def test_a_members_only_meeting_streams_to_the_region_only(client, cast, under_way, who, outcome):
    under_way.meetings.update(visibility=Visibility.MEMBERS)
    result = opened(client, under_way, getattr(cast, who) if who else None)
    assert result == (outcome if isinstance(outcome, int) else (under_way.pk, outcome))


def test_a_stream_of_another_region_or_session_does_not_exist(client, cast, under_way):
    path = stream_path(under_way)
    assert _open(scope(path), "nowhere", under_way.pk) == 404
    assert _open(scope(path), under_way.region.slug, under_way.pk + 1000) == 404


def test_an_unknown_host_is_refused(client, under_way):
    assert opened(client, under_way, None, host=b"evil.example.org") == 400


@override_settings(MFA_REQUIRED_FOR_SECRETARIAT=True)
def test_the_secretariat_sets_up_two_factor_before_streaming(client, cast, under_way):
    assert opened(client, under_way, cast.sam) == 403
    assert opened(client, under_way, cast.alice) == (under_way.pk, "delegate")
