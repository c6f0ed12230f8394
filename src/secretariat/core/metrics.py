"""What the processes did, for Prometheus (prometheus-client, decision 0020).

Every process counts here: requests by route, method and status with their latency, open
live streams, live events fanned out, tick steps by outcome, the search index's repairs.
With SECRETARIAT_METRICS_ADDRESS set, settings point prometheus-client's multi-process mode
at a folder under the data folder before anything imports it, so each worker writes its
counts to files there and `secretariat serve` exposes the sum of all of them on that address
(`expose`), together with what only the database knows, read at each scrape: mail queued
and failed in the outbox, tasks waiting and the age of the oldest (the queue's lag).
Without the setting the counts stay in the process and nothing listens.
"""

import atexit
import logging
import os
import shutil
import time
from pathlib import Path

from asgiref.sync import iscoroutinefunction
from django.utils.decorators import sync_and_async_middleware
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily

log = logging.getLogger(__name__)
MULTIPROCESS_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")

REQUESTS = Counter(
    "secretariat_http_requests",
    "Requests answered, by route (the URL pattern), method and status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "secretariat_http_request_duration_seconds",
    "Time from a request's arrival to its response, by route and method.",
    ["route", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
LIVE_STREAMS = Gauge(
    "secretariat_live_streams_open",
    "Live event streams open now.",
    multiprocess_mode="livesum",
)
LIVE_EVENTS = Counter(
    "secretariat_live_events_fanned_out",
    "Live events a process read once and handed to its open streams.",
)
LIVE_DELIVERIES = Counter(
    "secretariat_live_deliveries",
    "Live events handed to streams (one per event and open stream).",
)
TICK_STEPS = Counter(
    "secretariat_tick_steps",
    "Tick steps run, by step and outcome (ok or failed).",
    ["step", "outcome"],
)
SEARCH_REPAIRED = Gauge(
    "secretariat_search_index_lag_entries",
    "Search entries the last repair found missing or stale: how far the index had fallen"
    " behind its objects (0 when every change wrote its entries).",
    multiprocess_mode="mostrecent",
)


def tick_step(name: str, *, ok: bool) -> None:
    TICK_STEPS.labels(step=name, outcome="ok" if ok else "failed").inc()


def search_repaired(count: int) -> None:
    SEARCH_REPAIRED.set(count)


def live_fanned_out(streams: int) -> None:
    LIVE_EVENTS.inc()
    LIVE_DELIVERIES.inc(streams)


def _route(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"  # a 404 before any view: not one label per address asked
    return "/" + match.route if match.route else match.view_name


def _observe(request, response, started):
    route, method = _route(request), request.method
    if method not in {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}:
        method = "other"
    REQUESTS.labels(route=route, method=method, status=str(response.status_code)).inc()
    LATENCY.labels(route=route, method=method).observe(time.perf_counter() - started)


@sync_and_async_middleware
def requests_middleware(get_response):
    """Counts every response Django gives, with its route and how long it took."""
    if iscoroutinefunction(get_response):

        async def middleware(request):
            started = time.perf_counter()
            response = await get_response(request)
            _observe(request, response, started)
            return response

    else:

        def middleware(request):
            started = time.perf_counter()
            response = get_response(request)
            _observe(request, response, started)
            return response

    return middleware


class DatabaseState:
    """What only the database knows, read at each scrape."""

    def collect(self):
        from django.db import DatabaseError, connection
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult, get_date_max

        from .models import OutboxMessage

        up = GaugeMetricFamily(
            "secretariat_metrics_database_up", "1 when the scrape could read the database."
        )
        try:
            statuses = dict.fromkeys(["queued", "failed"], 0)
            for status in statuses:
                statuses[status] = OutboxMessage.objects.filter(status=status).count()
            now = timezone.now()
            ready = DBTaskResult.objects.ready()
            waiting = ready.count()
            oldest = ready.order_by("enqueued_at").values_list("enqueued_at", "run_after")[:1]
            lag = 0.0
            for enqueued_at, run_after in oldest:
                since = enqueued_at if run_after == get_date_max() else max(enqueued_at, run_after)
                lag = max((now - since).total_seconds(), 0.0)
        except DatabaseError:
            log.warning("metrics: the database could not be read", exc_info=True)
            up.add_metric([], 0)
            yield up
            return
        finally:
            connection.close()  # the scrape's thread gives its connection back
        up.add_metric([], 1)
        yield up
        outbox = GaugeMetricFamily(
            "secretariat_outbox_messages", "Mail in the outbox, by status.", labels=["status"]
        )
        for status, count in statuses.items():
            outbox.add_metric([status], count)
        yield outbox
        yield GaugeMetricFamily(
            "secretariat_task_queue_waiting", "Background tasks ready to run.", value=waiting
        )
        yield GaugeMetricFamily(
            "secretariat_task_queue_lag_seconds",
            "How long the oldest task ready to run has waited (0 when none waits).",
            value=lag,
        )


def registry() -> CollectorRegistry:
    """Every process's counts (or this process's alone) and the database's state."""
    exposed = CollectorRegistry(auto_describe=False)
    if MULTIPROCESS_DIR:
        multiprocess.MultiProcessCollector(exposed)
    else:
        exposed.register(REGISTRY)
    exposed.register(DatabaseState())
    return exposed


def scrape() -> str:
    return generate_latest(registry()).decode()


def expose(address: str):
    """Serve the metrics on `address` (host:port) from a thread of this process. The counts
    of earlier runs are wiped first: they belonged to processes gone."""
    host, _, port = address.rpartition(":")
    host = host.strip("[]")  # an IPv6 address is written [::1]:9464
    if MULTIPROCESS_DIR:
        folder = Path(MULTIPROCESS_DIR)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    server, _thread = start_http_server(int(port), addr=host, registry=registry())
    return server


if MULTIPROCESS_DIR:
    # A process that ends takes its open-stream count with it.
    atexit.register(lambda: multiprocess.mark_process_dead(os.getpid()))
