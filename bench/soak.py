"""`make soak`: 200 simulated people for 5 minutes on loopback; no error, no lost write.

The Asia/Pacific demo is served by uvicorn (tests/e2e/server.py: a throw-away SQLite
file, or, with DATABASE_URL naming a PostgreSQL server, a database of its own and a second
process, people spread over both). Each simulated person signs in as one of the demo
accounts and, until the time is up, thinks for 5 to 15 seconds and then does one thing:
reads a page (meetings, the joint session, a Member, practices, search, the live room),
or, for contact points, adds a practice (a write whose acknowledgement is remembered).
Some people keep the live session's event stream open while the chair adds a speaker and
calls the next one every two seconds.

At the end every acknowledged practice is looked up in the database, and each stream's
last event id is compared with the session's last live event in the database. It prints
one table and exits 1 on any server error, failed request, lost write, stream that fell
behind, or chair whose actions made no live event.

Knobs (environment): SOAK_PEOPLE (200), SOAK_SECONDS (300), SOAK_STREAMS (20),
SOAK_THINK (5-15: seconds between one person's steps).
"""

import json
import os
import random
import re
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.server import DemoServer  # noqa: E402 (the same server the browser tests use)

PEOPLE = int(os.environ.get("SOAK_PEOPLE", "200"))
SECONDS = int(os.environ.get("SOAK_SECONDS", "300"))
STREAMS = int(os.environ.get("SOAK_STREAMS", "20"))
THINK = [float(s) for s in os.environ.get("SOAK_THINK", "5-15").split("-")]
CHAIR = "secretariat@demo.example.org"
WRITERS = ["cp.indonesia@demo.example.org", "cp.australia@demo.example.org"]
READERS = [*WRITERS, "head.japan@demo.example.org", "rocb@demo.example.org", CHAIR]


class Tally:
    """Latencies per kind of request, failures with their reason, acknowledged writes."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.failures = defaultdict(int)
        self.written: list[str] = []

    def timed(self, kind, call, expect=(200,)):
        started = time.perf_counter()
        try:
            response = call()
        except requests.RequestException as error:
            self.fail(kind, type(error).__name__)
            return None
        with self.lock:
            self.latency[kind].append(time.perf_counter() - started)
        if response.status_code not in expect:
            self.fail(kind, f"HTTP {response.status_code}")
        return response

    def fail(self, kind, reason):
        with self.lock:
            self.failures[f"{kind}: {reason}"] += 1


def sign_in(base, email, password) -> requests.Session:
    client = requests.Session()
    client.headers["Host"] = "localhost"  # one site name for every process, as behind a proxy
    client.get(f"{base}/accounts/login/", timeout=30)
    response = client.post(
        f"{base}/accounts/login/",
        data={"login": email, "password": password},
        headers={"X-CSRFToken": client.cookies["csrftoken"]},
        timeout=30,
    )
    if "/accounts/login/" in response.url:
        raise SystemExit(f"Could not sign in as {email}")
    client.base = base
    return client


def practice_form(client) -> dict:
    """A new practice of the contact point's Member: the first choice of every list."""
    form = client.get(f"{client.base}/ap/practices/new/", timeout=30).text
    fields = {"summary": "Written during the soak.", "body": "Body."}
    for name, options in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', form, re.S):
        fields[name] = re.search(r'<option value="([^"]+)"', options)[1]
    fields["themes"] = re.search(r'name="themes" value="(\d+)"', form)[1]
    return fields


def discover(client) -> dict:
    """The addresses the people visit, read from the demo's own pages."""
    meetings = client.get(f"{client.base}/ap/meetings/", timeout=30).text
    session = re.search(r'href="/ap/meetings/(\d+)/"[^>]*>\s*Joint Session', meetings)[1]
    console = client.get(f"{client.base}/ap/meetings/{session}/live/chair/", timeout=30).text
    select = console.split('name="delegation"')[1].split("</select>")[0]
    delegations = re.findall(r'<option value="(\d+)">', select)
    return {
        "pages": {
            "meetings": "/ap/meetings/",
            "joint session": f"/ap/meetings/{session}/",
            "a Member": "/ap/members/indonesia/",
            "practices": "/ap/practices/",
            "search": "/ap/search/?q=customs",
            "live room": f"/ap/meetings/{session}/live/",
        },
        "session": int(session),
        "live": f"/ap/meetings/{session}/live",
        "delegations": delegations,
    }


def person(number, client, site, tally, stop, practice):
    rng = random.Random(number)
    while not stop.wait(rng.uniform(*THINK)):
        if practice and rng.random() < 0.2:
            title = f"Soak {number}-{time.monotonic_ns()}"
            data = practice | {
                "title": title,
                "csrfmiddlewaretoken": client.cookies["csrftoken"],
            }
            response = tally.timed(
                "write: practice",
                lambda data=data: client.post(
                    f"{client.base}/ap/practices/new/",
                    data=data,
                    allow_redirects=False,
                    timeout=30,
                ),
                expect=(302,),
            )
            if response is not None and response.status_code == 302:
                with tally.lock:
                    tally.written.append(title)
        else:
            name, path = rng.choice(list(site["pages"].items()))
            tally.timed(
                f"read: {name}", lambda path=path: client.get(client.base + path, timeout=30)
            )


def chair(client, site, tally, stop, actions):
    console = client.base + site["live"] + "/chair/"
    for step in range(10**9):
        if stop.wait(2):
            return
        token = {"csrfmiddlewaretoken": client.cookies["csrftoken"]}
        if step % 2:
            # "next" names the speaker the chair sees, so that two presses advance once.
            page = tally.timed("chair: console", lambda: client.get(console, timeout=30))
            speaking = re.search(r'name="after" value="(\d+)"', page.text if page else "")
            action, data = "next", {"after": speaking[1]} if speaking else {}
        else:
            delegations = site["delegations"]
            action, data = "add", {"delegation": delegations[step // 2 % len(delegations)]}
        response = tally.timed(
            f"chair: {action}",
            lambda a=action, d=data | token: client.post(
                console + a + "/", data=d, allow_redirects=False, timeout=30
            ),
            expect=(302,),
        )
        if response is not None:
            actions.append(action)


def stream(client, site, tally, stop, received, index):
    """Keeps the id of the last event one open stream received (a heartbeat has none)."""
    try:
        response = client.get(
            client.base + site["live"] + "/events/",
            headers={"Accept": "text/event-stream"},
            stream=True,
            timeout=30,
        )
        for line in response.iter_lines(decode_unicode=True):
            if line.startswith("id: "):
                received[index] = int(line[4:])
            elif line.startswith("data: "):
                json.loads(line[6:])
            if stop.is_set():
                break
        response.close()
    except requests.RequestException as error:
        if not stop.is_set():
            tally.fail("stream", type(error).__name__)


def main() -> int:
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    with DemoServer() as server:
        bases = [server.url]
        if database == "PostgreSQL":
            bases.append(server.serve_another())
        tally, stop = Tally(), threading.Event()
        # One sign-in per account and process (allauth allows 30 a minute from one address);
        # each person then has a connection of their own with that account's cookies.
        accounts = {
            (email, base): sign_in(base, email, server.password)
            for email in READERS
            for base in bases
        }
        admin = accounts[CHAIR, server.url]
        site = discover(admin)
        forms = {email: practice_form(accounts[email, server.url]) for email in WRITERS}
        people = []
        for n in range(PEOPLE):
            email, base = READERS[n % len(READERS)], bases[n % len(bases)]
            client = requests.Session()
            client.headers["Host"] = "localhost"
            client.cookies.update(accounts[email, base].cookies)
            client.base = base
            people.append((client, forms.get(email)))
        received, actions = [0] * STREAMS, []
        first_event = server.sql("SELECT max(id) FROM live_liveevent")[0][0] or 0
        threads = [
            threading.Thread(target=stream, args=(people[i][0], site, tally, stop, received, i))
            for i in range(STREAMS)
        ]
        threads += [
            threading.Thread(target=person, args=(n, c, site, tally, stop, form))
            for n, (c, form) in enumerate(people)
        ]
        threads.append(threading.Thread(target=chair, args=(admin, site, tally, stop, actions)))
        started = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(SECONDS)
        stop.set()
        time.sleep(3)  # the last action's event reaches the streams
        elapsed = time.monotonic() - started
        stored = {row[0] for row in server.sql("SELECT title FROM practices_practice")}
        events = server.sql(
            "SELECT count(*) FROM live_liveevent WHERE session_id = ? AND id > ?",
            (site["session"], first_event),
        )[0][0]
        last_event = server.sql(
            "SELECT max(id) FROM live_liveevent WHERE session_id = ?", (site["session"],)
        )[0][0]
        lost = [title for title in tally.written if title not in stored]
        for client, _form in people:
            client.close()  # ends the open streams, so their threads finish
        for thread in threads:
            thread.join(timeout=35)
    behind = [last for last in received if last < last_event]
    _print(database, len(bases), elapsed, tally, lost, (actions, events, last_event), behind)
    return 1 if tally.failures or lost or behind or not events else 0


def _print(database, processes, elapsed, tally, lost, live, behind):
    actions, events, last_event = live
    print(
        f"\nSoak: {PEOPLE} people, {STREAMS} open live streams, {elapsed:.0f} s, {database}, "
        f"{processes} server process(es); load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'request':<24}{'count':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for kind, values in sorted(tally.latency.items()):
        values = sorted(values)
        p50, p95 = values[len(values) // 2], values[int(len(values) * 0.95)]
        ms = [f"{v * 1000:>9.0f}" for v in (p50, p95, values[-1])]
        print(f"{kind:<24}{len(values):>8}{''.join(ms)}")
    total = sum(len(v) for v in tally.latency.values())
    print(f"{'all requests':<24}{total:>8}   ({total / elapsed:.1f} per second)")
    print(f"failed requests: {sum(tally.failures.values())}")
    for reason, count in sorted(tally.failures.items()):
        print(f"  {reason}: {count}")
    print(f"writes acknowledged: {len(tally.written)}, lost: {len(lost)}")
    print(
        f"chair actions: {len(actions)}, live events they made: {events}; streams that missed "
        f"the last ({last_event}): {len(behind)}"
    )


if __name__ == "__main__":
    sys.exit(main())
