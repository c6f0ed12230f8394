"""`make bench`: serve the app as production would, load it with wrk, print one table.

The server is uvicorn with two workers on a free loopback port, production settings
(DEBUG off, a bench secret key, static files through WhiteNoise from a collectstatic
folder), on a fresh SQLite file in a temporary folder, or on PostgreSQL when
DATABASE_URL is set (its database must be named bench...: it is dropped, created,
and dropped again at the end). The Asia/Pacific demo data is loaded first.

Each app page is measured right after its bare baseline (bench/views.py): the same
Members read with one plain query and rendered by a standalone template of similar
size, served by the same server in the same run. The ratio is the page's requests/s
over its baseline's; the bar is 0.50. The exit status is 1 when a page is below it.

Knobs (environment): BENCH_SECONDS (10), BENCH_WARMUP (2), BENCH_CONNECTIONS (16),
BENCH_THREADS (2), BENCH_WORKERS (2),
BENCH_ROUNDS (2: the seconds are split into rounds that interleave the pages).
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
BAR = 0.5

# wrk calls done() once at the end; latencies are in microseconds.
DONE_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


@dataclass
class Page:
    name: str
    path: str
    expect: str  # text the page must show, so a 404 or an error page is never measured
    baseline: "Page | None" = None
    size: int = 0
    requests: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    p50s: list = field(default_factory=list)
    p99s: list = field(default_factory=list)

    @property
    def rate(self):
        return self.requests / self.seconds

    @property
    def ratio(self):
        return self.rate / self.baseline.rate

    @property
    def cpu_ms(self):
        """The server's CPU time (all workers) per request: steady when the machine is busy."""
        return self.cpu_seconds / self.requests * 1000


def main() -> int:
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: `make bench` installs it (apt-get install wrk).")
    tmp = Path(tempfile.mkdtemp(prefix="secretariat-bench-"))
    pg_url = os.environ.get("DATABASE_URL", "")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "SECRETARIAT_MODE": "production",
        "SECRETARIAT_SECRET_KEY": "bench-" + secrets.token_urlsafe(32),
        "SECRETARIAT_SSL_REDIRECT": "0",
        "SECRETARIAT_DEBUG": "0",
        "SECRETARIAT_DATA_DIR": str(tmp),
        "SECRETARIAT_ALLOWED_HOSTS": "127.0.0.1",
    }
    server = None
    log = tmp / "server.log"
    try:
        if pg_url:
            _create_database(pg_url)
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        region, member, session = _prepare()
        port = _free_port()
        server = _serve(port, env, log)
        base = f"http://127.0.0.1:{port}"
        pages = _pages(region, member, session)
        for page in pages:
            _check(base, page)
        script = tmp / "done.lua"
        script.write_text(DONE_LUA)
        if WARMUP:
            for page in pages:
                _wrk(base + page.path, WARMUP, script)
        # Rounds interleave each page with its baseline, so a busy spell on the machine
        # weighs on both sides of a ratio alike.
        for _ in range(ROUNDS):
            for page in pages:
                _measure(base, page, script, server)
        database = "PostgreSQL" if pg_url else "SQLite"
        _print_table(pages, database)
    except BaseException:
        if log.exists():
            print(f"server log (last lines):\n{_tail(log)}", file=sys.stderr)
        raise
    finally:
        if server is not None:
            _stop(server)
        if pg_url:
            _drop_database(pg_url)
        shutil.rmtree(tmp, ignore_errors=True)
    below = [p for p in pages if p.baseline and p.ratio < BAR]
    for page in below:
        print(f"below the bar: {page.name} at {page.ratio:.2f}", file=sys.stderr)
    return 1 if below else 0


def _tail(path, lines=30):
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _prepare():
    """Migrate, collect static files, load the demo; return the region and the busiest Member."""
    import django
    from django.core.management import call_command
    from django.db import connections
    from django.db.models import Count

    django.setup()
    from secretariat.demo import asia_pacific
    from secretariat.meetings.models import Meeting

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    region = asia_pacific.load()
    # The Member with the most posts and contacts: the heaviest Member page.
    member = (
        region.members.annotate(n=Count("holdings", distinct=True) + Count("people", distinct=True))
        .order_by("-n", "slug")
        .first()
    )
    joint = Meeting.objects.get(series__region=region, series__reference="RHCAC", number=21)
    connections.close_all()
    return region.slug, (member.slug, member.short_name_en), joint.session_id


def _pages(region, member, session):
    slug, name = member
    bare_list = Page("bare view: Members", f"/_bench/{region}/members/", "Members")
    bare_member = Page(f"bare view: {name}", f"/_bench/{region}/members/{slug}/", name)
    joint = "Joint Session"
    bare_session = Page("bare view: session", f"/_bench/{region}/meetings/{session}/", joint)
    return [
        bare_session,
        Page("Joint session", f"/{region}/meetings/{session}/", joint, baseline=bare_session),
        bare_list,
        Page("Members", f"/{region}/members/", "Members", baseline=bare_list),
        bare_member,
        Page(f"Member: {name}", f"/{region}/members/{slug}/", name, baseline=bare_member),
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(port, env, log_path):
    command = [
        *(sys.executable, "-m", "uvicorn", "secretariat.asgi:application"),
        *("--host", "127.0.0.1", "--port", str(port), "--workers", str(WORKERS)),
        *("--lifespan", "off", "--no-access-log", "--log-level", "warning"),
    ]
    log = log_path.open("wb")
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server stopped")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    _stop(server)
    raise SystemExit("the server did not answer within 30 s")


def _stop(server):
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _check(base, page):
    with urllib.request.urlopen(base + page.path, timeout=10) as response:
        body = response.read().decode()
    if page.expect not in body:
        raise SystemExit(f"{page.path} does not show {page.expect!r}")
    page.size = len(body.encode())


def _wrk(url, seconds, script):
    command = [
        *("wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s"),
        *("--timeout", "5s", "-s", str(script), url),
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 30)
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("BENCH "))
    requests, duration_us, p50, p99, errors = (int(x) for x in line.split()[1:])
    return requests, duration_us, p50, p99, errors


def _measure(base, page, script, server):
    seconds = max(1, SECONDS // ROUNDS)
    cpu_before = _server_cpu(server)
    requests, duration_us, p50, p99, errors = _wrk(base + page.path, seconds, script)
    page.cpu_seconds += _server_cpu(server) - cpu_before
    if errors:
        raise SystemExit(f"{page.path}: {errors} failed requests out of {requests}")
    page.requests += requests
    page.seconds += duration_us / 1e6
    page.p50s.append(p50 / 1000)
    page.p99s.append(p99 / 1000)


def _server_cpu(server) -> float:
    """CPU seconds used so far by the server and its worker processes (Linux /proc)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, rest = stat.read_text().split(" ", 1)
            fields = rest.rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(pid) == server.pid or int(fields[1]) == server.pid:
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / os.sysconf("SC_CLK_TCK")


def _print_table(pages, database):
    header = ("page", "requests/s", "p50 ms", "p99 ms", "ratio to bare view", "CPU ms/req", "kB")
    rows = [
        (
            p.name,
            f"{p.rate:.0f}",
            f"{max(p.p50s):.1f}",
            f"{max(p.p99s):.1f}",
            f"{p.ratio:.2f}" if p.baseline else "(baseline)",
            f"{p.cpu_ms:.1f}",
            f"{p.size / 1000:.1f}",
        )
        for p in pages
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    title = (
        f"uvicorn, {WORKERS} workers, {database}; wrk {THREADS} threads, {CONNECTIONS} "
        f"connections, {SECONDS} s a page in {ROUNDS} rounds after {WARMUP} s of warm-up; "
        f"bar: ratio >= {BAR:.2f}"
    )
    print(f"\n{title}\n")
    print(_row(header, widths))
    print(_row(["-" * w for w in widths], widths))
    for row in rows:
        print(_row(row, widths))
    print()


def _row(cells, widths):
    first, *rest = cells
    right = (cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True))
    return " | ".join([first.ljust(widths[0]), *right])


# PostgreSQL: a database of its own, named bench..., created fresh and dropped after.


def _pg_parts(url):
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("bench"):
        raise SystemExit(
            f"DATABASE_URL names the database {name!r}; the benchmark drops and recreates its "
            "database, so it must be named bench (or bench_...)."
        )
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    return name, maintenance


def _create_database(url):
    _drop_database(url)
    _on_server(url, "CREATE DATABASE {}")


def _drop_database(url):
    _on_server(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")


def _on_server(url, statement):
    import psycopg
    from psycopg import sql

    name, maintenance = _pg_parts(url)
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL(statement).format(sql.Identifier(name)))


if __name__ == "__main__":
    sys.exit(main())
