"""`make bench-live CLIENTS=N`: how fast a chair's action reaches N open live streams.

Two uvicorn processes (`--workers 2`) serve the Asia/Pacific demo on a PostgreSQL database
of their own (named bench_live, dropped and created again; BENCH_LIVE_DATABASE_URL names
the server). A separate client process opens N Server-Sent Events streams on the joint
session (asyncio, plain sockets), half of them landing on each server process. The chair
acts once a second for BENCH_LIVE_SECONDS (60), through the live services in this process:
a third process, so every event reaches the servers by LISTEN/NOTIFY.

It prints, for each N (CLIENTS, default 100,1000,5000): delivery latency p50 and p99 from
the action to each client, events missed (must be 0), the servers' memory, and the CPU the
client process used. The exit status is 1 when an event is missed.
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


async def _connect(host, port):
    for _ in range(50):
        try:
            return await asyncio.open_connection(host, port, limit=2**20)
        except OSError:  # the listen queue is full for a moment: try again
            await asyncio.sleep(0.2)
    raise RuntimeError(f"could not connect to {host}:{port}")


async def _stream(host, port, path, received, ready):
    reader, writer = await _connect(host, port)
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    first = True
    while True:
        line = await reader.readline()
        if not line:
            return
        if line.startswith(b"id: "):
            received.append((int(line[4:]), time.time()))
            if first:
                first = False
                ready.release()


async def _clients(url, count):
    parts = urllib.parse.urlsplit(url)
    received = [[] for _ in range(count)]
    ready = asyncio.Semaphore(0)
    tasks = []
    for i in range(count):
        tasks.append(
            asyncio.create_task(_stream(parts.hostname, parts.port, parts.path, received[i], ready))
        )
        if i % 100 == 99:
            await asyncio.sleep(0.05)  # a ramp, not a storm of connects

    async def all_ready():
        for _ in range(count):
            await ready.acquire()

    try:
        await asyncio.wait_for(all_ready(), timeout=READY_SECONDS)
    except TimeoutError:
        failed = [t.exception() for t in tasks if t.done() and t.exception()]
        print(f"NOT READY: {len(failed)} streams failed, e.g. {failed[:1]}", flush=True)
        return
    print("READY", flush=True)
    last = int(await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline))
    # Late is not lost: wait (a minute at most) for every stream to get the last event.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not all(r and r[-1][0] >= last for r in received):
        await asyncio.sleep(0.1)
    for task in tasks:
        task.cancel()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"received": received, "cpu": usage.ru_utime + usage.ru_stime}), flush=True)


def client_main(url, count):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, count + 1000)), hard))
    asyncio.run(_clients(url, count))


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


def _rss_kib(pid):
    """Resident memory of a process and its children (the uvicorn workers)."""
    total = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            status = (proc / "status").read_text()
        except OSError:
            continue
        if proc.name == str(pid) or stat[1] == str(pid):
            total += next(
                (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")),
                0,
            )
    return total


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
    client = subprocess.Popen(
        [sys.executable, __file__, "--client", url, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = client.stdout.readline()
        if line.strip() != "READY":
            raise RuntimeError(f"the client process failed: {line}")
        actions = {}
        for _ in range(SECONDS):
            tick = time.monotonic()
            event_id, started = _act(session, by)
            actions[event_id] = started
            time.sleep(max(0, 1 - (time.monotonic() - tick)))
        memory = _rss_kib(server.pid)
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
    return {
        "clients": count,
        "p50": _percentile(latencies, 50) if latencies else float("nan"),
        "p99": _percentile(latencies, 99) if latencies else float("nan"),
        "missed": missed,
        "events": len(actions),
        "memory_mib": memory / 1024,
        "client_cpu_s": result["cpu"],
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
            ],
            env=env,
            cwd=tmp,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        _wait_until_up(f"http://127.0.0.1:{port}/{region}/meetings/{session.pk}/live/", server)
        url = f"http://127.0.0.1:{port}/{region}/meetings/{session.pk}/live/events/"
        _print_header()
        for count in CLIENTS:
            rows.append(_run(count, url, server, session, by))
            _print_row(rows[-1])
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
        "PostgreSQL (LISTEN/NOTIFY), the clients in a separate asyncio process\n"
    )
    print(" | ".join(HEADER))
    print(" | ".join("-" * len(h) for h in HEADER), flush=True)


HEADER = ["clients", "events", "p50 ms", "p99 ms", "missed", "server MiB", "client CPU s"]


def _print_row(r):
    print(
        f"{r['clients']:>7} | {r['events']:>6} | {r['p50']:>6.1f} | {r['p99']:>6.1f} | "
        f"{r['missed']:>6} | {r['memory_mib']:>10.0f} | {r['client_cpu_s']:>12.1f}",
        flush=True,
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--client":
        client_main(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(main())
