"""The live event stream over a real uvicorn server: catch-up with Last-Event-ID, the
heartbeat, one request for a burst of clicks, a restart that loses nothing, and two server
processes on PostgreSQL kept in step by LISTEN/NOTIFY."""

import json
import os
import queue
import re
import threading
import time

import pytest
import requests

from .server import DemoServer

pytestmark = pytest.mark.slow

CHAIR = "secretariat@demo.example.org"
DELEGATE = "cp.indonesia@demo.example.org"  # Budi Santoso, in Indonesia's delegation
PG_URL = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"


class LiveServer(DemoServer):
    """The demo with a one-second heartbeat (DemoServer starts more processes and restarts)."""

    def _env(self):
        return super()._env() | {"SECRETARIAT_LIVE_HEARTBEAT": "1"}


def signed_in(server, email, base=None):
    base = base or server.url
    client = requests.Session()
    client.get(f"{base}/accounts/login/", timeout=10)
    response = client.post(
        f"{base}/accounts/login/",
        data={"login": email, "password": server.password},
        headers={"Referer": f"{base}/accounts/login/", "X-CSRFToken": client.cookies["csrftoken"]},
        timeout=10,
    )
    assert "/accounts/login/" not in response.url, f"could not sign in as {email}"
    client.base = base
    return client


def post(client, path, data=None, *, follow=True):
    response = client.post(
        client.base + path,
        data=(data or {}) | {"csrfmiddlewaretoken": client.cookies["csrftoken"]},
        headers={"Referer": client.base + path},
        timeout=10,
        allow_redirects=follow,
    )
    assert response.status_code == (200 if follow else 302), response.status_code
    return response


def joint_session_path(client):
    page = client.get(client.base + "/ap/meetings/", timeout=10).text
    pk = re.search(r'href="/ap/meetings/(\d+)/"[^>]*>\s*Joint Session', page)[1]
    return f"/ap/meetings/{pk}/live"


class Stream:
    """An SSE client reading in a thread: `next()` returns (id, data) or a heartbeat."""

    def __init__(self, client, path, last_event_id=None):
        headers = {"Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        self.response = client.get(
            client.base + path + "/events/", headers=headers, stream=True, timeout=10
        )
        assert self.response.status_code == 200
        assert self.response.headers["Content-Type"].startswith("text/event-stream")
        self.items = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        event = {}
        try:
            for line in self.response.iter_lines(decode_unicode=True):
                if line.startswith(":"):
                    self.items.put(("heartbeat", None))
                elif line.startswith("id: "):
                    event["id"] = int(line[4:])
                elif line.startswith("data: "):
                    event["data"] = json.loads(line[6:])
                elif not line and "id" in event:
                    self.items.put((event["id"], event["data"]))
                    event = {}
        except Exception:  # the test closed the stream under the reader
            pass

    def next_event(self, timeout=2.0):
        deadline = time.monotonic() + timeout
        while True:
            kind, data = self.items.get(timeout=max(deadline - time.monotonic(), 0.01))
            if kind != "heartbeat":
                return kind, data

    def close(self):
        self.response.close()


@pytest.fixture(scope="module")
def server():
    server = LiveServer().start()
    yield server
    server.stop()


def waiting(data):
    return [w["name_en"] for w in data["waiting"]]


def test_stream_catch_up_heartbeat_and_one_request_per_burst(server):
    chair, delegate = signed_in(server, CHAIR), signed_in(server, DELEGATE)
    live = joint_session_path(chair)
    stream = Stream(delegate, live)
    first_id, state = stream.next_event()
    assert state["speaking"]["name_en"] == "Australia"  # the demo's state
    assert "notes" not in state  # the delegate's payload, not the chair's
    # The heartbeat keeps an idle stream talking.
    assert stream.items.get(timeout=3) == ("heartbeat", None)

    # A burst of clicks from the delegate makes one request, seen within a second.
    started = time.monotonic()
    clicks = [
        threading.Thread(target=post, args=(delegate, live + "/floor/", {"action": "floor"}))
        for _ in range(5)
    ]
    for click in clicks:
        click.start()
    for click in clicks:
        click.join()
    event_id, state = stream.next_event()
    assert time.monotonic() - started < 2
    assert waiting(state) == ["Japan", "Indonesia"]
    with pytest.raises(queue.Empty):
        stream.next_event(timeout=1.5)  # no second request, so no second event
    stream.close()

    # Two chairs pressing "next" on the same view advance once.
    after = str(state["speaking"]["id"])
    nexts = [
        threading.Thread(target=post, args=(chair, live + "/chair/next/", {"after": after}))
        for _ in range(2)
    ]
    for n in nexts:
        n.start()
    for n in nexts:
        n.join()

    # A client that reconnects with its last id catches up on what it missed.
    again = Stream(delegate, live, last_event_id=first_id)
    caught_up = [again.next_event() for _ in range(2)]
    assert caught_up[0][0] == event_id
    assert caught_up[1][1]["speaking"]["name_en"] == "Japan"
    assert waiting(caught_up[1][1]) == ["Indonesia"]
    with pytest.raises(queue.Empty):
        again.next_event(timeout=1.5)
    again.close()


def test_a_restart_loses_nothing_and_clients_resync(server):
    chair = signed_in(server, CHAIR)
    live = joint_session_path(chair)
    stream = Stream(chair, live)
    last_id, before = stream.next_event()
    assert before["item"] is not None and before["waiting"]
    server.kill_and_restart()
    # The browser's EventSource reconnects with its Last-Event-ID: nothing new, same state.
    stream = Stream(chair, live, last_event_id=last_id)
    post(chair, live + "/chair/timer/", {"timer": "pause"})
    _event_id, after = stream.next_event()
    assert (after["item"], after["waiting"], after["speaking"]) == (
        before["item"],
        before["waiting"],
        before["speaking"],
    )
    stream.close()


def test_two_processes_on_postgresql_stay_in_step():
    with LiveServer(database_url=PG_URL) as server:
        other = server.serve_another()
        chair = signed_in(server, CHAIR)
        delegate = signed_in(server, DELEGATE, base=other)
        live = joint_session_path(chair)
        stream = Stream(delegate, live)  # on the second process
        stream.next_event()
        indonesia = _delegation_id(chair, live, "Indonesia")
        started = time.monotonic()
        post(chair, live + "/chair/add/", {"delegation": indonesia}, follow=False)
        _event_id, state = stream.next_event()
        assert time.monotonic() - started < 1  # the action and its delivery, not the page
        assert "Indonesia" in waiting(state)
        stream.close()


def test_a_stopping_server_ends_its_streams_and_does_not_wait_for_them():
    with LiveServer() as server:
        delegate = signed_in(server, DELEGATE)
        stream = Stream(delegate, joint_session_path(delegate))
        stream.next_event()
        started = time.monotonic()
        server._process.terminate()  # uvicorn waits for open responses before it stops
        server._process.wait(timeout=20)
        assert time.monotonic() - started < 5
        stream.close()


def _delegation_id(client, live, name):
    page = client.get(client.base + live + "/chair/", timeout=10).text
    return re.search(rf'<option value="(\d+)">{name}</option>', page)[1]
