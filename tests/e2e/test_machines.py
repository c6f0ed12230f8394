"""Several machines, proven on this one: three network namespaces, joined by a bridge.

- `db`: PostgreSQL accepting only TLS with a client certificate (pgtls.py), Redis, and
  moto's S3 server (the bucket);
- `a` and `b`: two application machines, each running `secretariat serve --workers 2`
  with its own data folder, reaching the database, the cache and the bucket only over the
  network, and exposing its metrics on its own address.

The test process is the browser, outside the three. It shows: a chair's action on `a`
reaches a live stream on `b`; a sign-in lockout counts attempts made on both; a file
uploaded on `a` downloads on `b` (through a signed address of the bucket); the metrics of
each machine count what it did; killing `a`'s processes during writes loses no write it
acknowledged, and `b` serves them. Every namespace, link and process is removed on the
way out, whatever happened.
"""

import contextlib
import os
import queue
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from .pgtls import TlsPostgres
from .server import ROOT, _die_with_parent
from .test_live_stream import Stream, _delegation_id, joint_session_path, post, waiting
from .test_processes import TOO_MANY, _practice_form

pytestmark = pytest.mark.slow

CHAIR = "secretariat@demo.example.org"
DELEGATE = "cp.indonesia@demo.example.org"
LOCKED_OUT = "cp.australia@demo.example.org"  # the lockout test's; the others use DELEGATE
BUCKET = "secretariat-files"
KEYS = {"SECRETARIAT_S3_ACCESS_KEY": "testing", "SECRETARIAT_S3_SECRET_KEY": "testing-secret"}
FIGURES = {}  # what the test measured, printed at the end (-s shows it)


def sh(*args, check=True):
    return subprocess.run(args, check=check, capture_output=True, text=True)


class Network:
    """Three namespaces and a bridge; the test process sits on the bridge (.1)."""

    def __init__(self):
        self.tag = secrets.token_hex(2)
        self.subnet = f"10.{200 + os.getpid() % 50}.{int(self.tag, 16) % 250 + 1}"
        self.bridge = f"sbr{self.tag}"
        self.names = {role: f"sec{self.tag}-{role}" for role in ("db", "a", "b")}
        self.ips = {"db": f"{self.subnet}.2", "a": f"{self.subnet}.3", "b": f"{self.subnet}.4"}

    def up(self):
        sh("ip", "link", "add", self.bridge, "type", "bridge")
        sh("ip", "addr", "add", f"{self.subnet}.1/24", "dev", self.bridge)
        sh("ip", "link", "set", self.bridge, "up")
        for role, ns in self.names.items():
            outside, inside = f"s{self.tag}{role}", f"s{self.tag}{role}i"
            sh("ip", "netns", "add", ns)
            sh("ip", "link", "add", outside, "type", "veth", "peer", "name", inside)
            sh("ip", "link", "set", inside, "netns", ns)
            sh("ip", "link", "set", outside, "master", self.bridge)
            sh("ip", "link", "set", outside, "up")
            inns = ("ip", "netns", "exec", ns, "ip")
            sh(*inns, "addr", "add", f"{self.ips[role]}/24", "dev", inside)
            sh(*inns, "link", "set", inside, "up")
            sh(*inns, "link", "set", "lo", "up")
        return self

    def down(self):
        for role, ns in self.names.items():
            sh("ip", "link", "del", f"s{self.tag}{role}", check=False)
            sh("ip", "netns", "del", ns, check=False)
        sh("ip", "link", "del", self.bridge, check=False)


class Machines:
    def __init__(self):
        self.net = Network()
        self.dir = Path(tempfile.mkdtemp(prefix="secretariat-machines-"))
        self.processes = {}  # name -> Popen (each the leader of its process group)
        self.database = None
        self.password = ""
        self.url = {}

    # --- the database machine -------------------------------------------------------------
    def _spawn(self, name, role, args, env=None):
        log = (self.dir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            ["ip", "netns", "exec", self.net.names[role], *args],
            env=env,
            cwd=self.dir,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # one process group: killed at once, workers included
            preexec_fn=_die_with_parent,
        )
        log.close()

    def _wait_port(self, host, port, name, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.processes[name].poll() is not None:
                raise RuntimeError(f"{name} ended:\n{self.log(name)}")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"http://{host}:{port}/", timeout=2),
            ):
                return
            with contextlib.suppress(OSError):
                import socket

                socket.create_connection((host, port), timeout=1).close()
                return
            time.sleep(0.2)
        raise RuntimeError(f"{name} did not answer on {host}:{port}:\n{self.log(name)}")

    def log(self, name):
        path = self.dir / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def start(self):
        db = self.net.ips["db"]
        self.net.up()
        self.database = TlsPostgres(host=db, port=5432, netns=self.net.names["db"]).start()
        self._spawn(
            "redis",
            "db",
            ["redis-server", "--bind", db, "--port", "6379", "--save", "", "--appendonly", "no",
             "--protected-mode", "no"],
        )  # fmt: skip
        self._spawn(
            "s3",
            "db",
            [sys.executable, "-m", "moto.server", "-H", db, "-p", "5000"],
            env=self._base_env(),
        )
        self._wait_port(db, 6379, "redis")
        self._wait_port(db, 5000, "s3")
        import boto3

        boto3.client(
            "s3",
            endpoint_url=f"http://{db}:5000",
            region_name="us-east-1",
            aws_access_key_id=KEYS["SECRETARIAT_S3_ACCESS_KEY"],
            aws_secret_access_key=KEYS["SECRETARIAT_S3_SECRET_KEY"],
        ).create_bucket(Bucket=BUCKET)
        import psycopg

        with psycopg.connect(self.database.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE secretariat")
        # The demo, loaded once from outside (as a release's migrate step would be).
        started = time.monotonic()
        loaded = subprocess.run(
            [sys.executable, "-m", "secretariat", "demo", "--no-serve"],
            env=self._env("loader"),
            cwd=self.dir,
            capture_output=True,
            text=True,
            timeout=900,  # a shared, busy machine: minutes (about 1 on an idle one)
            check=False,
        )
        if loaded.returncode:
            raise RuntimeError(f"Loading the demo failed:\n{loaded.stdout}{loaded.stderr}")
        FIGURES["demo loaded (s)"] = round(time.monotonic() - started, 1)
        self.password = re.search(r"password for all: (\S+)\)", loaded.stdout)[1]
        for role in ("a", "b"):
            self.serve(role)
        return self

    # --- the application machines ---------------------------------------------------------
    def _base_env(self):
        keep = ("PATH", "LANG", "HOME")
        return {k: os.environ[k] for k in keep if k in os.environ} | {
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), *sys.path])),
        }

    def _env(self, machine):
        db = self.net.ips["db"]
        data = self.dir / machine
        data.mkdir(exist_ok=True)
        return (
            self._base_env()
            | KEYS
            | {
                "DJANGO_SETTINGS_MODULE": "secretariat.settings",
                "SECRETARIAT_MODE": "demo",
                "SECRETARIAT_DATA_DIR": str(data),
                "SECRETARIAT_ALLOWED_HOSTS": "*",
                "DATABASE_URL": self.database.url("secretariat"),
                "SECRETARIAT_CACHE_URL": f"redis://{db}:6379/0",
                "SECRETARIAT_S3_BUCKET": BUCKET,
                "SECRETARIAT_S3_ENDPOINT_URL": f"http://{db}:5000",
                "SECRETARIAT_S3_REGION": "us-east-1",
                "SECRETARIAT_LIVE_HEARTBEAT": "1",
                "SECRETARIAT_METRICS_ADDRESS": f"{self.net.ips.get(machine, '127.0.0.1')}:9464",
            }
        )

    def serve(self, role):
        ip = self.net.ips[role]
        self._spawn(
            role,
            role,
            [sys.executable, "-m", "secretariat", "serve", "--host", ip, "--port", "8000",
             "--workers", "2"],
            env=self._env(role),
        )  # fmt: skip
        self.url[role] = f"http://{ip}:8000"
        self._wait_port(ip, 8000, role)
        self._wait_port(ip, 9464, role)

    def kill(self, role):
        """As a power cut would: SIGKILL to the server and its workers at once."""
        process = self.processes.pop(role)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def metrics(self, role) -> dict:
        address = f"http://{self.net.ips[role]}:9464/metrics"
        with urllib.request.urlopen(address, timeout=10) as response:
            text = response.read().decode()
        (self.dir / f"metrics-{role}.txt").write_text(text)
        return {
            (s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text)
            for s in family.samples
        }

    def sql(self, query):
        import psycopg

        with psycopg.connect(self.database.url("secretariat")) as conn:
            return conn.execute(query).fetchall()

    def stop(self):
        for name in list(self.processes):
            process = self.processes.pop(name)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
        if self.database is not None:
            self.database.stop()
        self.net.down()
        shutil.rmtree(self.dir, ignore_errors=True)


def signed_in(machines, email, role):
    base = machines.url[role]
    client = requests.Session()
    client.headers["Host"] = "localhost"  # one site name behind one proxy, as in production
    client.get(f"{base}/accounts/login/", timeout=10)
    response = client.post(
        f"{base}/accounts/login/",
        data={"login": email, "password": machines.password},
        headers={"Referer": f"{base}/accounts/login/", "X-CSRFToken": client.cookies["csrftoken"]},
        timeout=10,
    )
    assert "/accounts/login/" not in response.url, f"could not sign in as {email} on {role}"
    client.base = base
    return client


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0)


@pytest.fixture(scope="module")
def machines():
    if os.geteuid() != 0 or not shutil.which("ip"):
        pytest.fail("the machines test needs root and iproute2 (network namespaces)")
    started = time.monotonic()
    machines = Machines()
    try:
        machines.start()
        FIGURES["three machines up (s)"] = round(time.monotonic() - started, 1)
        yield machines
    finally:
        machines.stop()
        leftover = sh("ip", "netns", "list").stdout
        assert machines.net.tag not in leftover, leftover
        print("\nFIGURES " + ", ".join(f"{k}: {v}" for k, v in FIGURES.items()))


def test_a_chairs_action_on_one_machine_reaches_a_stream_on_the_other(machines):
    chair = signed_in(machines, CHAIR, "a")
    delegate = signed_in(machines, DELEGATE, "b")
    live = joint_session_path(chair)
    stream = Stream(delegate, live)  # on machine b
    stream.next_event(timeout=10)
    indonesia = _delegation_id(chair, live, "Indonesia")
    started = time.monotonic()
    post(chair, live + "/chair/add/", {"delegation": indonesia}, follow=False)  # on machine a
    try:
        _event_id, state = stream.next_event(timeout=5)
    except queue.Empty:
        pytest.fail(f"The chair's action on a never reached b. b's log:\n{machines.log('b')}")
    FIGURES["chair on a -> stream on b (ms)"] = round((time.monotonic() - started) * 1000)
    assert "Indonesia" in waiting(state)
    stream.close()
    assert "Live listener lost its connection" not in machines.log("b")


def test_a_sign_in_lockout_counts_attempts_on_both_machines(machines):
    def attempt(role, password):
        base = machines.url[role]
        client = requests.Session()
        client.headers["Host"] = "localhost"
        client.get(f"{base}/accounts/login/", timeout=10)
        return client.post(
            f"{base}/accounts/login/",
            data={"login": LOCKED_OUT, "password": password},
            headers={
                "Referer": f"{base}/accounts/login/",
                "X-CSRFToken": client.cookies["csrftoken"],
            },
            timeout=10,
        )

    for role in ("a", "b", "a", "b", "a"):  # five failures, three on a, two on b
        assert "/accounts/login/" in attempt(role, "not-the-password").url
    refused = attempt("b", machines.password)  # b alone has seen two: only a shared count
    assert "/accounts/login/" in refused.url
    assert TOO_MANY in refused.text


def test_a_file_uploaded_on_one_machine_downloads_on_the_other(machines):
    from secretariat.documents.demo import tiny_pdf

    chair = signed_in(machines, CHAIR, "a")
    session = joint_session_path(chair).removesuffix("/live").rsplit("/", 1)[1]
    content = tiny_pdf("Uploaded on machine a")
    page = chair.get(f"{chair.base}/ap/meetings/{session}/documents/add/", timeout=10)
    assert page.status_code == 200
    response = chair.post(
        f"{chair.base}/ap/meetings/{session}/documents/add/",
        data={
            "csrfmiddlewaretoken": chair.cookies["csrftoken"],
            "reference": "MACHINES/Doc 1",
            "title_en": "Uploaded on a, read on b",
            "language": "en",
            "visibility": "members",
        },
        files={"file": ("machines.pdf", content, "application/pdf")},
        headers={"Referer": f"{chair.base}/ap/meetings/{session}/documents/add/"},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:2000]
    (pk,) = machines.sql("SELECT id FROM documents_document WHERE reference = 'MACHINES/Doc 1'")[0]
    delegate = signed_in(machines, DELEGATE, "b")
    handed = delegate.get(f"{delegate.base}/ap/documents/{pk}/", allow_redirects=False, timeout=10)
    assert handed.status_code == 302  # a signed address of the bucket, on the db machine
    assert handed.headers["Location"].startswith(f"http://{machines.net.ips['db']}:5000/")
    downloaded = requests.get(handed.headers["Location"], timeout=10)
    assert downloaded.status_code == 200
    assert downloaded.content == content
    # Nobody else gets the address: signed out, b refuses.
    anonymous = requests.get(
        f"{delegate.base}/ap/documents/{pk}/",
        headers={"Host": "localhost"},
        allow_redirects=False,
        timeout=10,
    )
    assert anonymous.status_code in (302, 404)
    assert machines.net.ips["db"] not in anonymous.headers.get("Location", "")


def test_the_metrics_of_each_machine_count_what_it_did(machines):
    a, b = machines.metrics("a"), machines.metrics("b")
    requests_total = "secretariat_http_requests_total"
    # The chair's action was answered by a, the delegate's stream and download by b.
    chair_route = "/<slug:region>/meetings/<int:pk>/live/chair/<slug:action>/"
    assert value(a, requests_total, route=chair_route, method="POST", status="302") >= 1
    assert value(b, requests_total, route=chair_route, method="POST", status="302") == 0
    download = "/<slug:region>/documents/<int:pk>/"
    assert value(b, requests_total, route=download, method="GET", status="302") >= 1
    assert value(a, requests_total, route=download, method="GET", status="302") == 0
    # b's broker fanned the chair's event out to its stream; a had no stream open.
    assert value(b, "secretariat_live_events_fanned_out_total") >= 1
    assert value(b, "secretariat_live_deliveries_total") >= 1
    assert value(a, "secretariat_live_deliveries_total") == 0
    # Sign-ins: three failures on a, two and the refusal on b (login answers 200 on failure).
    login = "/accounts/login/"
    assert value(a, requests_total, route=login, method="POST", status="200") >= 3
    assert value(b, requests_total, route=login, method="POST", status="200") >= 3
    # Both workers of a machine are counted (multi-process mode), and the database's state.
    for samples in (a, b):
        assert value(samples, "secretariat_metrics_database_up") == 1
        assert ("secretariat_outbox_messages", (("status", "queued"),)) in samples
        assert ("secretariat_task_queue_lag_seconds", ()) in samples
    for role, samples in (("a", a), ("b", b)):  # shown with -s, for the closing note
        print(f"\n--- scrape of machine {role} (secretariat_*, buckets left out) ---")
        for (name, labels), v in sorted(samples.items()):
            if name.startswith("secretariat_") and not name.endswith("_bucket"):
                shown = ",".join(f'{k}="{x}"' for k, x in labels)
                print(f"{name}{{{shown}}} {v:g}" if shown else f"{name} {v:g}")
    FIGURES["requests counted on a"] = int(sum(v for (n, _), v in a.items() if n == requests_total))
    FIGURES["requests counted on b"] = int(sum(v for (n, _), v in b.items() if n == requests_total))


def test_killing_one_machine_during_writes_loses_no_acknowledged_write(machines):
    client = signed_in(machines, DELEGATE, "a")
    form = _practice_form(client, machines.url["a"])
    acknowledged, stop = [], threading.Event()

    def write(worker):
        session = requests.Session()
        session.headers["Host"] = "localhost"
        session.cookies.update(client.cookies)
        for n in range(10_000):
            if stop.is_set():
                return
            title = f"Machines kill {worker}-{n}"
            try:
                response = session.post(
                    f"{machines.url['a']}/ap/practices/new/",
                    data=form | {"title": title},
                    headers={"Referer": f"{machines.url['a']}/ap/practices/new/"},
                    allow_redirects=False,
                    timeout=10,
                )
            except requests.RequestException:
                return  # machine a is gone: this one may or may not have committed
            if response.status_code == 302:
                acknowledged.append(title)

    writers = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for writer in writers:
        writer.start()
    deadline = time.monotonic() + 60
    while len(acknowledged) < 15 and time.monotonic() < deadline:
        time.sleep(0.05)
    machines.kill("a")
    stop.set()
    for writer in writers:
        writer.join()
    assert len(acknowledged) >= 15, "the writers did not get going before the kill"
    stored = {
        title
        for (title,) in machines.sql(
            "SELECT title FROM practices_practice WHERE title LIKE 'Machines kill %'"
        )
    }
    FIGURES["writes acknowledged before the kill"] = len(acknowledged)
    FIGURES["rows stored"] = len(stored)
    assert set(acknowledged) <= stored
    # Machine b serves what a acknowledged, while a is down.
    reader = signed_in(machines, DELEGATE, "b")
    ((last,),) = machines.sql(
        f"SELECT id FROM practices_practice WHERE title = '{acknowledged[-1]}'"
    )
    page = reader.get(f"{reader.base}/ap/practices/{last}/", timeout=10)
    assert acknowledged[-1] in page.text
    # And a comes back on the same data.
    machines.serve("a")
    ready = requests.get(
        f"{machines.url['a']}/health/ready", headers={"Host": "localhost"}, timeout=10
    )
    assert ready.status_code == 200, ready.text
