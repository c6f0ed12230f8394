"""The Asia/Pacific demo served by uvicorn in a subprocess, on a throw-away database.

The browser tests (tests/e2e/conftest.py) and the screenshot script (docs/screenshots.py)
share it. Django's threaded `live_server` cannot hold an event stream open, and sync
Playwright blocks ORM calls in the test process, so the app runs in its own process:
`python -m secretariat demo --no-serve` migrates a fresh database and loads the demo, then
uvicorn serves it. The database is a SQLite file in a temporary directory, or, when
DATABASE_URL names a PostgreSQL server, a database of its own, created here and dropped after.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """On Linux, the server ends when the test run is killed, instead of lingering."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class _Postgres:
    """A database of its own on the server DATABASE_URL names, reached with every setting of
    that address (TLS, certificates, options), as the application reaches it."""

    def __init__(self, url: str):
        self.url = urllib.parse.urlsplit(url)
        self.name = f"e2e_{uuid.uuid4().hex[:12]}"

    def _admin(self):
        import psycopg

        return psycopg.connect(self.url._replace(path="/postgres").geturl(), autocommit=True)

    def create(self) -> str:
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
        return self.url._replace(path=f"/{self.name}").geturl()

    def drop(self) -> None:
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class DemoServer:
    """Start with `start()`, stop with `stop()`; `url` is the site's root (no trailing slash)."""

    def __init__(self, *, database_url: str | None = None):
        self.database_url = (
            database_url if database_url is not None else (os.environ.get("DATABASE_URL", ""))
        )
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = Path(tempfile.mkdtemp(prefix="secretariat-e2e-"))
        self.log_path = self.data_dir / "uvicorn.log"
        self._postgres = _Postgres(self.database_url) if self.database_url else None
        self._process = None
        self.others: list[subprocess.Popen] = []
        self._log = None
        self.password = ""
        self.accounts: dict[str, str] = {}

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRETARIAT_"))}
        env.pop("DATABASE_URL", None)
        env.update(
            SECRETARIAT_MODE="demo",
            SECRETARIAT_DATA_DIR=str(self.data_dir),
            SECRETARIAT_ALLOWED_HOSTS="127.0.0.1,localhost",
            # Links in mail (invitations) point to this server, as the site's address.
            SECRETARIAT_SITE_URL=self.url,
            DJANGO_SETTINGS_MODULE="secretariat.settings",
            PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")])),
        )
        if self._postgres:
            env["DATABASE_URL"] = self._db_url
        return env

    def start(self) -> "DemoServer":
        try:
            if self._postgres:
                self._db_url = self._postgres.create()
            loaded = subprocess.run(
                [sys.executable, "-m", "secretariat", "demo", "--no-serve"],
                env=self._env(),
                cwd=self.data_dir,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            if loaded.returncode:
                raise RuntimeError(f"Loading the demo failed:\n{loaded.stdout}{loaded.stderr}")
            # What the demo prints for people is what the tests sign in with.
            self.password = re.search(r"password for all: (\S+)\)", loaded.stdout)[1]
            self.accounts = dict(re.findall(r"^  (\S+@\S+)\s+(.+)$", loaded.stdout, re.M))
            self._log = self.log_path.open("wb")
            self._process = self._uvicorn(self.port)
            self._wait_until_up()
        except BaseException:
            self.stop()
            raise
        return self

    def _uvicorn(self, port: int) -> subprocess.Popen:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "secretariat.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=self._env(),
            cwd=self.data_dir,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,  # before any thread starts in the child
        )

    def serve_another(self) -> str:
        """Another uvicorn process on the same database and settings; returns its address."""
        port = free_port()
        process = self._uvicorn(port)
        self.others.append(process)
        url = f"http://127.0.0.1:{port}"
        self._wait_until_up(url, process)
        return url

    def kill_and_restart(self) -> None:
        """As a crash would: SIGKILL, then the same command again on the same port."""
        self._process.send_signal(signal.SIGKILL)
        self._process.wait()
        self._process = self._uvicorn(self.port)
        self._wait_until_up()

    def sql(self, query: str, params=()) -> list[tuple]:
        """Rows read straight from the server's database, beside the application."""
        if self._postgres:
            import psycopg

            with psycopg.connect(self._db_url) as conn:
                sql = query.replace("%", "%%").replace("?", "%s")  # psycopg's placeholders
                return conn.execute(sql, params).fetchall()
        with contextlib.closing(sqlite3.connect(self.data_dir / "demo.sqlite3")) as conn:
            return conn.execute(query, params).fetchall()

    def _wait_until_up(self, url=None, process=None, timeout: float = 30) -> None:
        url, process = url or self.url, process or self._process
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"uvicorn exited early:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(url + "/", timeout=2):
                    return
            except urllib.error.HTTPError:
                return  # it answers, even if not with 200
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"uvicorn did not answer on {url}:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        for process in [self._process, *self.others]:
            if process is not None and process.poll() is None:
                process.terminate()  # open streams may hold a graceful stop: then kill
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self._process, self.others = None, []
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._postgres:
            with contextlib.suppress(Exception):
                self._postgres.drop()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def sign_in(self, page, email: str) -> None:
        """Sign in as a demo account through the real login form, as a person would."""
        if email not in self.accounts:
            raise KeyError(f"{email} is not a demo account: {sorted(self.accounts)}")
        sign_in(page, self.url, email, self.password)


def sign_in(page, base_url: str, email: str, password: str) -> None:
    """Sign in through the login form; fails loudly when the site refuses."""
    page.goto(f"{base_url}/accounts/login/")
    # By field name, not label: the page may be in any language.
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        raise AssertionError(f"Could not sign in as {email}: still on {page.url}")
