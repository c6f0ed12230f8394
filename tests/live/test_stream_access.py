"""An open stream checks its access again when it can have changed (issue 14, item 3).

The stream checks access at connect and then runs for hours. A delegate deactivated while
following, or anonymous viewers of a session just made members-only in the admin, must stop
receiving it: the broker reads the access stamp once per heartbeat and the streams checked
under an older stamp check again, ending when their access is gone or has changed. These
tests run `serve` itself on an event loop, with a heartbeat of a few milliseconds.
"""

import asyncio
import html.parser
import time

import pytest
from django.test import Client

from secretariat.core.visibility import Visibility
from secretariat.live import broker, services
from secretariat.live.stream import _open, serve
from secretariat.regions.services import person_deactivate, role_end

from ..factories import PASSWORD, UserFactory
from .test_stream import scope, stream_path

pytestmark = pytest.mark.django_db(transaction=True)
NEW_PASSWORD = "a-long-and-fresh-passphrase"


@pytest.fixture(autouse=True)
def quick_heartbeat(settings):
    settings.LIVE_HEARTBEAT_SECONDS = 0.02


@pytest.fixture
def under_way(session, items, cast):
    services.live_item_set(session=session, item=items[0], by=cast.sam)
    return session


class Stream:
    """One connection to `serve`: what it sent, and whether the response has ended."""

    def __init__(self, session, client=None):
        self.scope = scope(stream_path(session), client=client)
        self.sent = []
        self.gone = asyncio.Event()
        self.task = asyncio.ensure_future(
            serve(self.scope, self.receive, self.send, session.region.slug, session.pk)
        )

    async def receive(self):
        await self.gone.wait()
        return {"type": "http.disconnect"}

    async def send(self, message):
        self.sent.append(message)

    @property
    def ended(self) -> bool:
        last = self.sent[-1] if self.sent else {}
        return last.get("type") == "http.response.body" and not last.get("more_body")

    def events(self) -> int:
        return sum(m.get("body", b"").count(b"event: state") for m in self.sent)

    async def close(self):
        self.gone.set()
        await self.task


async def until(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    return condition()


def db(fn, *args, **kwargs):
    """ORM work from the event loop, in a worker thread that gives its connection back."""
    return broker.in_thread(fn)(*args, **kwargs)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


class FormValues(html.parser.HTMLParser):
    """The values a browser would post from the admin's change form."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value", "on"))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def make_members_only_in_the_admin(meeting):
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    form = FormValues()
    form.feed(admin.get(url).text)
    data = {k: v for k, v in form.data.items() if v} | {"visibility": [Visibility.MEMBERS]}
    response = admin.post(url, data)
    assert response.status_code == 302, response.text[:2000]
    meeting.refresh_from_db()
    assert meeting.visibility == Visibility.MEMBERS


def test_a_deactivated_delegate_stops_receiving(cast, under_way, items):
    alice_browser, bob_browser = signed_in(cast.alice), signed_in(cast.bob)

    async def run():
        alice = Stream(under_way, alice_browser)
        bob = Stream(under_way, bob_browser)  # Indonesia's head, in no delegation
        assert await until(lambda: alice.events() == 1 and bob.events() == 1)
        await asyncio.sleep(0.1)  # heartbeats go by: nothing has changed, both stay open
        assert not alice.ended and not bob.ended
        await db(person_deactivate, person=cast.alice.person, by=cast.sam)
        assert await until(lambda: alice.ended), "the deactivated delegate still receives"
        sent = alice.events()
        await db(services.live_item_set, session=under_way, item=items[1], by=cast.sam)
        assert await until(lambda: bob.events() == 2)
        assert alice.events() == sent and not bob.ended
        await bob.close()

    asyncio.run(run())
    # Reconnecting, her browser is no one's: the public payload of a public session.
    assert _open(
        scope(stream_path(under_way), client=signed_in(cast.alice)), "ap", under_way.pk
    ) == (
        under_way.pk,
        "public",
    )


def test_anonymous_viewers_stop_when_the_session_is_made_members_only(cast, under_way, items):
    charlie_browser, meeting = signed_in(cast.charlie), under_way.meetings.get()

    async def run():
        viewers = [Stream(under_way) for _ in range(3)]
        charlie = Stream(under_way, charlie_browser)  # a participant of the region
        assert await until(lambda: all(v.events() == 1 for v in [*viewers, charlie]))
        await db(make_members_only_in_the_admin, meeting)
        assert await until(lambda: all(v.ended for v in viewers)), "anonymous still receive"
        await db(services.live_item_set, session=under_way, item=items[1], by=cast.sam)
        assert await until(lambda: charlie.events() == 2) and not charlie.ended
        await charlie.close()

    asyncio.run(run())
    assert _open(scope(stream_path(under_way)), "ap", under_way.pk) == 404


def test_a_password_change_ends_the_streams_of_the_other_sessions(cast, under_way):
    elsewhere, here = signed_in(cast.alice), signed_in(cast.alice)

    def change_password():
        response = here.post(
            "/accounts/password/change/",
            {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        assert response.status_code == 302

    async def run():
        stream = Stream(under_way, elsewhere)
        assert await until(lambda: stream.events() == 1)
        await db(change_password)
        assert await until(lambda: stream.ended), "a signed-out session still receives"

    asyncio.run(run())


def test_a_change_that_leaves_access_alone_closes_nothing(cast, under_way, items):
    alice_browser, role = signed_in(cast.alice), cast.charlie.person.roles.get()

    async def run():
        alice, anonymous = Stream(under_way, alice_browser), Stream(under_way)
        assert await until(lambda: alice.events() == 1 and anonymous.events() == 1)
        await db(role_end, role=role, on=role.starts_on, by=cast.sam)  # someone else's role
        await asyncio.sleep(0.2)  # several heartbeats: both checked again, both still allowed
        await db(services.live_item_set, session=under_way, item=items[1], by=cast.sam)
        assert await until(lambda: alice.events() == 2 and anonymous.events() == 2)
        assert not alice.ended and not anonymous.ended
        await alice.close()
        await anonymous.close()

    asyncio.run(run())
