"""A throw-away PostgreSQL server that speaks only TLS and wants a client certificate.

Debian's PostgreSQL binaries (the version installed), a data folder in a temporary
directory, its own port: the machine's main server is left alone. A certificate authority
made here signs the server's certificate (for the address it listens on) and a client
certificate for the user `postgres`; pg_hba.conf lets in nothing but TLS connections
carrying that certificate (`hostssl ... cert`), so a client that drops `sslcert`/`sslkey`
from its settings is refused, as a managed database requiring client certificates would.
`netns` runs the server inside a network namespace (tests/e2e/test_machines.py).
"""

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is missing: apt-get install postgresql")
    return found[-1]


def _openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


class TlsPostgres:
    def __init__(self, *, host: str = "127.0.0.1", port: int | None = None, netns=None):
        from .server import free_port

        self.host = host
        self.port = port or free_port()
        self.netns = netns
        self.dir = Path(tempfile.mkdtemp(prefix="secretariat-pgtls-"))
        self.data = self.dir / "data"
        self.client = self.dir / "client"
        self.started = False

    def _as_postgres(self, *args, **kwargs):
        prefix = ["ip", "netns", "exec", self.netns] if self.netns else []
        return subprocess.run(
            [*prefix, "runuser", "-u", "postgres", "--", *args],
            check=True,
            capture_output=True,
            text=True,
            **kwargs,
        )

    def _certificates(self):
        d, days = str(self.dir), "2"
        _openssl(
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
            "-days",
            days,
            "-subj",
            "/CN=secretariat test CA",
            cwd=d,
        )
        for name, subject, extra in (
            ("server", f"/CN={self.host}", f"subjectAltName=IP:{self.host}"),
            ("client", "/CN=postgres", "extendedKeyUsage=clientAuth"),
        ):
            _openssl(
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                f"{name}.key",
                "-out",
                f"{name}.csr",
                "-subj",
                subject,
                cwd=d,
            )
            (self.dir / f"{name}.ext").write_text(extra + "\n")
            _openssl(
                "x509",
                "-req",
                "-in",
                f"{name}.csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                f"{name}.crt",
                "-days",
                days,
                "-extfile",
                f"{name}.ext",
                cwd=d,
            )
        # The client's files stay root's (libpq refuses a key others may read).
        self.client.mkdir(mode=0o700)
        for name in ("client.crt", "client.key", "ca.crt"):
            shutil.copy(self.dir / name, self.client / name)
        (self.client / "client.key").chmod(0o600)
        os.remove(self.dir / "ca.key")

    def start(self) -> "TlsPostgres":
        try:
            self._certificates()
            shutil.chown(self.dir, "postgres", "postgres")
            for name in ("server.crt", "server.key", "ca.crt"):
                shutil.chown(self.dir / name, "postgres", "postgres")
            (self.dir / "server.key").chmod(0o600)
            self._as_postgres(
                _bin("initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
            )
            with (self.data / "postgresql.conf").open("a") as conf:
                conf.write(
                    f"listen_addresses = '{self.host}'\nport = {self.port}\n"
                    f"unix_socket_directories = '{self.dir}'\n"
                    f"ssl = on\nssl_cert_file = '{self.dir}/server.crt'\n"
                    f"ssl_key_file = '{self.dir}/server.key'\nssl_ca_file = '{self.dir}/ca.crt'\n"
                    "max_connections = 200\nfsync = off\nshared_buffers = 32MB\n"
                )
            # TLS with the client's certificate, or nothing (the local socket is the admin's).
            (self.data / "pg_hba.conf").write_text(
                "local all all trust\nhostssl all all 0.0.0.0/0 cert\n"
            )
            self._as_postgres(
                _bin("pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.dir / "log"),
                "-w",
                "-t",
                "30",
                "start",
            )
            self.started = True
        except BaseException:
            self.stop()
            raise
        return self

    def url(self, name: str = "postgres", **options) -> str:
        query = {
            "sslmode": "verify-full",
            "sslrootcert": self.client / "ca.crt",
            "sslcert": self.client / "client.crt",
            "sslkey": self.client / "client.key",
            **options,
        }
        tail = "&".join(f"{k}={v}" for k, v in query.items())
        return f"postgres://postgres@{self.host}:{self.port}/{name}?{tail}"

    def stop(self) -> None:
        if self.started:
            with contextlib.suppress(subprocess.CalledProcessError):
                self._as_postgres(_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
            self.started = False
        for _ in range(20):  # the server's files may go a moment after it stops
            shutil.rmtree(self.dir, ignore_errors=True)
            if not self.dir.exists():
                break
            time.sleep(0.1)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
