"""`make bench-live CLIENTS=N`: how fast a chair's action reaches N open live streams.

Two uvicorn processes (`--workers 2`, httptools and uvloop when installed, as in production)
serve the Asia/Pacific demo on a PostgreSQL database of their own (named bench_live, dropped
and created again; BENCH_LIVE_DATABASE_URL names the server). A separate client process
opens N Server-Sent Events streams on the joint session (one event loop, a bare asyncio
protocol per stream), spread by the kernel over the two server processes. The chair acts
once a second for BENCH_LIVE_SECONDS (60), through the live services in this process: a
third process, so every event reaches the servers by LISTEN/NOTIFY.

It prints, for each N (CLIENTS, default 100,1000,5000): delivery latency p50, p99 and max
from the start of the action to its arrival at each client (every event at every client),
events missed (must be 0; counted after waiting up to a minute for late ones), the servers'
memory, the CPU the servers used during the minute of actions and the CPU the client process
used (it shares the cores), the open sockets of each worker, how long the streams took to
connect, and the 1-minute load average before and after the row: the machine may be shared,
so compare runs made at the same load. The exit status is 1 when an event is missed.
"""

import asyncio
import json
import os
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_LIVE_SECONDS", "60"))
READY_SECONDS = int(os.environ.get("BENCH_LIVE_READY_SECONDS", "300"))
CLIENTS = [int(n) for n in (os.environ.get("CLIENTS") or "100,1000,5000").split(",") if n]
PG_URL = os.environ.get("BENCH_LIVE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_live")


# --- the client process -------------------------------------------------------------------
# One process, one event loop (uvloop when installed), a bare asyncio Protocol per stream:
# no HTTP library, no line reader, so the clients take as little as possible of the cores
# they share with the servers. An event's receipt time is taken when its bytes arrive.


class _Stream(asyncio.Protocol):
    """One SSE stream: records (event id, arrival time) for each `id:` line it reads."""

    def __init__(self, request, received, on_first):
        self.request = request
        self.received = received
        self.on_first = on_first
        self.tail = b""
        self.lost = False

    def connection_made(self, transport):
        transport.write(self.request)

    def data_received(self, data):
        now = time.time()
        buf = self.tail + data
        end = buf.rfind(b"\n")
        if end < 0:
            self.tail = buf
            return
        self.tail = buf[end:]  # from the last newline: an id line split by a read is kept
        start, first = 0, not self.received
        while (i := buf.find(b"\nid: ", start, end + 1)) >= 0:
            start = buf.index(b"\n", i + 5)
            self.received.append((int(buf[i + 5 : start]), now))
        if first and self.received:
            self.on_first()

    def connection_lost(self, exc):
        self.lost = True


async def _open_stream(loop, host, port, protocol):
    for _ in range(100):
        try:
            return await loop.create_connection(lambda: protocol, host, port)
        except OSError:  # the listen queue is full for a moment: try again
            await asyncio.sleep(0.2)
    raise RuntimeError(f"could not connect to {host}:{port}")


async def _clients(url, count):
    loop = asyncio.get_running_loop()
    parts = urllib.parse.urlsplit(url)
    request = (
        f"GET {parts.path} HTTP/1.1\r\nHost: {parts.hostname}\r\nAccept: text/event-stream\r\n\r\n"
    ).encode()
    received = [[] for _ in range(count)]
    ready = asyncio.Event()
    waiting = [count]

    def on_first():
        waiting[0] -= 1
        if not waiting[0]:
            ready.set()

    streams = [_Stream(request, received[i], on_first) for i in range(count)]
    started = time.monotonic()
    connects = []
    for i, stream in enumerate(streams):
        connects.append(
            asyncio.ensure_future(_open_stream(loop, parts.hostname, parts.port, stream))
        )
        if i % 100 == 99:
            await asyncio.sleep(0.05)  # a ramp, not a storm of connects
    try:
        await asyncio.wait_for(ready.wait(), timeout=READY_SECONDS)
    except TimeoutError:
        failed = [c.exception() for c in connects if c.done() and c.exception()]
        print(f"NOT READY: {waiting[0]} streams without an event, e.g. {failed[:1]}", flush=True)
        return
    print(f"READY {time.monotonic() - started:.1f}", flush=True)
    last = int(await loop.run_in_executor(None, sys.stdin.readline))
    # Late is not lost: wait (a minute at most) for every stream to get the last event.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not all(r[-1][0] >= last for r in received):
        await asyncio.sleep(0.1)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result = {
        "received": received,
        "cpu": usage.ru_utime + usage.ru_stime,
        "lost": sum(s.lost for s in streams),
    }
    print(json.dumps(result), flush=True)


def client_main(url, count):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, count + 1000)), hard))
    try:
        import uvloop
    except ImportError:
        asyncio.run(_clients(url, count))
    else:
        uvloop.run(_clients(url, count))


# --- the bench ------------------------------------------------------------------------------


def _env(tmp):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "secretariat.settings",
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])
        ),
        "SECRETARIAT_MODE": "production",
        "SECRETARIAT_SECRET_KEY": "bench-" + secrets.token_urlsafe(32),
        "SECRETARIAT_SSL_REDIRECT": "0",
        "SECRETARIAT_DATA_DIR": str(tmp),
        "SECRETARIAT_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": PG_URL,
    }


def _prepare():
    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    from secretariat.demo import asia_pacific
    from secretariat.meetings.models import Meeting

    call_command("migrate", interactive=False, verbosity=0)
    region = asia_pacific.load()
    joint = Meeting.objects.get(series__region=region, series__reference="RHCAC", number=21)
    connections.close_all()
    return region.slug, joint.session


def _server_processes(pid):
    """The uvicorn process and its workers: {pid: (RSS KiB, CPU seconds, open sockets)}."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            if proc.name != str(pid) and stat[1] != str(pid):
                continue
            status = (proc / "status").read_text()
            sockets = sum(os.readlink(fd).startswith("socket:") for fd in (proc / "fd").iterdir())
        except OSError:
            continue
        rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
        found[int(proc.name)] = (rss, (int(stat[11]) + int(stat[12])) / tick, sockets)
    return found


def _wait_until_up(url, server, timeout=60):
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("uvicorn exited early")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def _act(session, by):
    """One chair action; returns (event id, when it was started)."""
    from secretariat.live import services
    from secretariat.live.models import LiveEvent

    started = time.time()
    services.timer_run(session=session, action="extend", by=by)
    return LiveEvent.objects.filter(session=session).latest("id").pk, started


def _percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def _run(count, url, server, session, by):
    load_before = os.getloadavg()[0]
    client = subprocess.Popen(
        [sys.executable, __file__, "--client", url, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = client.stdout.readline()
        if not line.startswith("READY"):
            raise RuntimeError(f"the client process failed: {line}")
        ramp = float(line.split()[1])
        before = _server_processes(server.pid)
        actions = {}
        for _ in range(SECONDS):
            tick = time.monotonic()
            event_id, started = _act(session, by)
            actions[event_id] = started
            time.sleep(max(0, 1 - (time.monotonic() - tick)))
        after = _server_processes(server.pid)
        client.stdin.write(f"{max(actions)}\n")
        client.stdin.flush()
        result = json.loads(client.stdout.readline())
    finally:
        client.kill()
        client.wait()
    latencies, missed = [], 0
    for stream in result["received"]:
        seen = dict(stream)
        for event_id, started in actions.items():
            if event_id in seen:
                latencies.append((seen[event_id] - started) * 1000)
            else:
                missed += 1
    workers = [p for p in after if p != server.pid and after[p][2]]  # not the supervisor's helpers
    return {
        "clients": count,
        "p50": _percentile(latencies, 50) if latencies else float("nan"),
        "p99": _percentile(latencies, 99) if latencies else float("nan"),
        "max": max(latencies, default=float("nan")),
        "missed": missed,
        "lost": result["lost"],
        "events": len(actions),
        "memory_mib": sum(rss for rss, _, _ in after.values()) / 1024,
        # CPU over the minute of actions: the servers' (both workers), then the clients'
        # (their whole run: connecting too).
        "server_cpu_s": sum(after[p][1] - before.get(p, after[p])[1] for p in after),
        "client_cpu_s": result["cpu"],
        "split": "/".join(str(after[p][2]) for p in sorted(workers)),
        "ramp_s": ramp,
        "load": f"{load_before:.1f}-{os.getloadavg()[0]:.1f}",
    }


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from bench.pages import _create_database, _drop_database, _free_port

    tmp = Path(tempfile.mkdtemp(prefix="secretariat-bench-live-"))
    env = _env(tmp)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    server = None
    rows = []
    try:
        _create_database(PG_URL)
        region, session = _prepare()
        from secretariat.accounts.models import User

        by = User.objects.get(email="secretariat@demo.example.org")
        port = _free_port()
        log = (tmp / "server.log").open("wb")
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "secretariat.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "2",
                "--no-access-log",
                "--log-level",
                "warning",
                "--timeout-graceful-shutdown",
                "2",
                "--backlog",
                "4096",
            ],
            env=env,
            cwd=tmp,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        _wait_until_up(f"http://127.0.0.1:{port}/{region}/meetings/{session.pk}/live/", server)
        url = f"http://127.0.0.1:{port}/{region}/meetings/{session.pk}/live/events/"
        _print_header()
        started = time.monotonic()
        for count in CLIENTS:
            rows.append(_run(count, url, server, session, by))
            _print_row(rows[-1])
        print(f"\n{time.monotonic() - started:.0f} s for the rows", flush=True)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        from django.db import connections

        connections.close_all()
        _drop_database(PG_URL)
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if any(r["missed"] for r in rows) else 0


def _print_header():
    print(
        f"\nLive push: the chair acting once a second for {SECONDS} s, 2 uvicorn processes on "
        "PostgreSQL (LISTEN/NOTIFY), the clients in a separate asyncio process; load is the "
        "1-minute load average before and after the row, sockets the open sockets of each "
        "worker, CPU over the minute of actions for the servers, the whole run for the clients\n"
    )
    print(" | ".join(HEADER))
    print(" | ".join("-" * len(h) for h in HEADER), flush=True)


HEADER = [
    "clients",
    "events",
    "p50 ms",
    "p99 ms",
    "max ms",
    "missed",
    "server MiB",
    "server CPU s",
    "client CPU s",
    "sockets",
    "connect s",
    "load",
]


def _print_row(r):
    print(
        f"{r['clients']:>7} | {r['events']:>6} | {r['p50']:>6.0f} | {r['p99']:>6.0f} | "
        f"{r['max']:>6.0f} | {r['missed']:>6} | {r['memory_mib']:>10.0f} | "
        f"{r['server_cpu_s']:>12.1f} | {r['client_cpu_s']:>12.1f} | {r['split']:>7} | "
        f"{r['ramp_s']:>9.1f} | {r['load']}",
        flush=True,
    )
    if r["lost"]:
        print(f"        {r['lost']} streams closed by the server before the end", flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--client":
        client_main(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(main())
