"""Several server processes: a shared cache keeps one count of failed sign-ins, both answer
their probes, and a process killed in the middle of writes loses no acknowledged request and
leaves no half-written record."""

import re
import threading
import time
import uuid

import pytest
import requests

from .server import DemoServer

pytestmark = pytest.mark.slow

CONTACT_POINT = "cp.indonesia@demo.example.org"
TOO_MANY = "Too many failed login attempts. Try again later."


class SharedCacheServer(DemoServer):
    """The demo with the cache in the local Redis, under a prefix of its own."""

    prefix = f"test-{uuid.uuid4().hex[:8]}"

    def _env(self):
        return super()._env() | {
            "SECRETARIAT_CACHE_URL": "redis://127.0.0.1:6379/0",
            "SECRETARIAT_CACHE_PREFIX": self.prefix,
        }


def sign_in(base, email, password) -> tuple[requests.Session, requests.Response]:
    client = requests.Session()
    # As behind one proxy: every process sees the site's own host name, whatever its port.
    # (allauth's per-account count is keyed on the host and the address typed.)
    client.headers["Host"] = "localhost"
    client.get(f"{base}/accounts/login/", timeout=10)
    response = client.post(
        f"{base}/accounts/login/",
        data={"login": email, "password": password},
        headers={"Referer": f"{base}/accounts/login/", "X-CSRFToken": client.cookies["csrftoken"]},
        timeout=10,
    )
    return client, response


def test_two_processes_share_the_count_of_failed_sign_ins():
    with SharedCacheServer() as server:
        other = server.serve_another()
        for base in (server.url, other):
            ready = requests.get(f"{base}/health/ready", timeout=10)
            assert ready.status_code == 200, ready.text
            assert ready.json()["cache"] == "ok"
        # Five failures for one account, spread over both processes (allauth: 5 per 5 min).
        for base in (server.url, other, server.url, other, server.url):
            _client, response = sign_in(base, CONTACT_POINT, "not-the-password")
            assert "/accounts/login/" in response.url
        # Each process alone has seen at most three; only a shared count refuses now.
        _client, response = sign_in(other, CONTACT_POINT, server.password)
        assert "/accounts/login/" in response.url
        assert TOO_MANY in response.text


def _practice_form(client, base) -> dict:
    """The add-a-practice form's fields, filled with the first choice of each list."""
    page = client.get(f"{base}/ap/practices/new/", timeout=10).text
    data = {"csrfmiddlewaretoken": client.cookies["csrftoken"]}
    for name, options in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', page, re.S):
        data[name] = re.search(r'<option value="([^"]+)"', options)[1]
    data["themes"] = re.search(r'name="themes" value="(\d+)"', page)[1]
    return data | {"summary": "Written while the server is killed.", "body": "Body."}


def test_a_process_killed_during_writes_loses_nothing_it_acknowledged():
    with DemoServer() as server:
        client, _ = sign_in(server.url, CONTACT_POINT, server.password)
        form = _practice_form(client, server.url)
        acknowledged, stop = [], threading.Event()

        def write(worker):
            session = requests.Session()
            session.headers["Host"] = client.headers["Host"]  # its cookies belong to that host
            session.cookies.update(client.cookies)
            for n in range(10_000):
                if stop.is_set():
                    return
                title = f"Kill test {worker}-{n}"
                try:
                    response = session.post(
                        f"{server.url}/ap/practices/new/",
                        data=form | {"title": title},
                        headers={"Referer": f"{server.url}/ap/practices/new/"},
                        allow_redirects=False,
                        timeout=10,
                    )
                except requests.RequestException:
                    return  # the server is gone: this request may or may not have committed
                if response.status_code == 302:
                    acknowledged.append(title)

        writers = [threading.Thread(target=write, args=(w,)) for w in range(6)]
        for writer in writers:
            writer.start()
        deadline = time.monotonic() + 30
        while len(acknowledged) < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
        server.kill_and_restart()
        stop.set()
        for writer in writers:
            writer.join()

        assert len(acknowledged) >= 20, "the writers did not get going before the kill"
        stored = {
            title: pk
            for pk, title in server.sql(
                "SELECT id, title FROM practices_practice WHERE title LIKE 'Kill test %'"
            )
        }
        assert set(acknowledged) <= set(stored)  # every acknowledged write survived
        audited = {
            int(target)
            for (target,) in server.sql(
                "SELECT a.target_id FROM core_auditentry a JOIN django_content_type t"
                " ON t.id = a.target_type_id WHERE t.app_label = 'practices'"
                " AND t.model = 'practice' AND a.action = 'created'"
            )
        }
        themed = {pk for (pk,) in server.sql("SELECT practice_id FROM practices_practice_themes")}
        for title, pk in stored.items():  # no practice without its audit entry or its theme
            assert pk in audited, f"{title} has no audit entry"
            assert pk in themed, f"{title} lost its themes"
        # The restarted process serves the survivors.
        client, _ = sign_in(server.url, CONTACT_POINT, server.password)
        some = stored[acknowledged[-1]]
        assert acknowledged[-1] in client.get(f"{server.url}/ap/practices/{some}/", timeout=10).text
