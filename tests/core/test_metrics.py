"""Prometheus metrics: requests by route and status, what the database knows at each scrape,
several processes counted together on the address the operator chose; error reports only
with a DSN."""

import datetime
import http.server
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zlib

import brotli
import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from secretariat.core import metrics
from secretariat.core.mail import mail_queue_text
from secretariat.core.models import OutboxMessage

from .test_settings import BASE_ENV, run

pytestmark = pytest.mark.django_db


def samples(text) -> dict:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def requests_counted(route, status):
    labels = {"route": route, "method": "GET", "status": status}
    return REGISTRY.get_sample_value("secretariat_http_requests_total", labels) or 0


def test_requests_are_counted_by_route_and_status_with_their_latency(client, region):
    ok, missing = requests_counted("/health/live", "200"), requests_counted("unmatched", "404")
    page = requests_counted("/<slug:region>/meetings/", "200")
    client.get("/health/live")
    client.get("/no-such-page/at/all/")
    client.get(f"/{region.slug}/meetings/")
    assert requests_counted("/health/live", "200") == ok + 1
    assert requests_counted("unmatched", "404") == missing + 1  # not one label per address
    assert requests_counted("/<slug:region>/meetings/", "200") == page + 1
    latency = REGISTRY.get_sample_value(
        "secretariat_http_request_duration_seconds_count",
        {"route": "/health/live", "method": "GET"},
    )
    assert latency >= 1


def test_a_scrape_reads_the_outbox_and_the_task_queue():
    mail_queue_text(to="a@example.org", subject="Queued", body="Body")
    mail_queue_text(to="b@example.org", subject="Queued too", body="Body")
    OutboxMessage.objects.create(to="c@example.org", subject="Gave up", body="B", status="failed")
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="secretariat.core.mail.mail_deliver",
        backend_name="default",
        queue_name="default",
        priority=0,
        run_after=timezone.now() - datetime.timedelta(minutes=10),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    scraped = samples(metrics.scrape())
    assert scraped["secretariat_outbox_messages", (("status", "queued"),)] == 2
    assert scraped["secretariat_outbox_messages", (("status", "failed"),)] == 1
    assert scraped["secretariat_task_queue_waiting", ()] == 1
    assert 590 < scraped["secretariat_task_queue_lag_seconds", ()] < 700
    assert scraped["secretariat_metrics_database_up", ()] == 1


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_several_processes_are_counted_together_on_the_chosen_address(tmp_path):
    """prometheus-client's multi-process mode: each process writes its counts to files; the
    process that exposes them sums them at each scrape."""
    address = f"127.0.0.1:{free_port()}"
    env = BASE_ENV | {
        "SECRETARIAT_MODE": "demo",
        "SECRETARIAT_DATA_DIR": str(tmp_path),
        "SECRETARIAT_METRICS_ADDRESS": address,
        "DJANGO_SETTINGS_MODULE": "secretariat.settings",
    }
    exposing = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import django, time; django.setup(); from django.conf import settings;"
            "from secretariat.core import metrics; metrics.expose(settings.METRICS_ADDRESS);"
            "print('up', flush=True); time.sleep(120)",
        ],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert exposing.stdout.readline().strip() == "up"
        for _ in range(2):  # two more processes, each running a tick step
            counted = run(
                "shell",
                "--no-imports",
                "-c",
                "from secretariat.core import metrics; metrics.tick_step('demo.step', ok=True)",
                **{k: v for k, v in env.items() if k not in BASE_ENV},
            )
            assert counted.returncode == 0, counted.stderr
        with urllib.request.urlopen(f"http://{address}/metrics", timeout=10) as response:
            scraped = samples(response.read().decode())
    finally:
        exposing.kill()
        exposing.wait()
        exposing.stdout.close()
    assert scraped["secretariat_tick_steps_total", (("outcome", "ok"), ("step", "demo.step"))] == 2
    assert (tmp_path / "metrics").is_dir()


class _Envelopes(http.server.BaseHTTPRequestHandler):
    received: list

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = zlib.decompress(body, 16 + zlib.MAX_WBITS)
        elif encoding == "br":
            body = brotli.decompress(body)
        self.received.append((self.path, body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_errors_are_reported_only_when_a_dsn_is_set():
    received = []
    handler = type("Handler", (_Envelopes,), {"received": received})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    script = (
        "import logging, sentry_sdk; print(sentry_sdk.get_client().is_active());"
        "logging.getLogger('secretariat.test').error('the tick broke down');"
        "sentry_sdk.flush(5)"
    )
    try:
        without = run("shell", "--no-imports", "-c", script, SECRETARIAT_MODE="demo")
        dsn = f"http://public@127.0.0.1:{server.server_port}/7"
        with_dsn = run(
            "shell", "--no-imports", "-c", script, SECRETARIAT_MODE="demo",
            SECRETARIAT_SENTRY_DSN=dsn,
        )  # fmt: skip
        deadline = time.monotonic() + 5
        while not received and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        server.shutdown()
        server.server_close()
    assert without.stdout.split()[0] == "False", without.stderr  # not even started
    assert with_dsn.stdout.split()[0] == "True", with_dsn.stderr
    assert {path for path, _ in received} == {"/api/7/envelope/"}
    items = [json.loads(line) for _, body in received for line in body.splitlines() if line]
    events = [i for i in items if "logentry" in i or "message" in i]
    assert len(events) == 1
    assert "the tick broke down" in json.dumps(events[0])
    assert events[0]["environment"] == "demo"
    assert events[0]["level"] == "error"
