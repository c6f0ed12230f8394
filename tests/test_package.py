"""The package: its dependencies, its locks, its deploy files, and (slow) the wheel itself.

The slow test builds the wheel, installs it with the run-time lock into a clean
virtualenv with no checkout on the path, and serves a page from it, as an operator's
install does (docs/operator-guide.md).
"""

import ast
import email
import importlib.metadata
import json
import re
import subprocess
import sys
import time
import tomllib
import urllib.request
import zipfile
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from tests.e2e.server import free_port

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "secretariat"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
LOCKS = {name: ROOT / "requirements" / f"{name}.lock" for name in ("run", "test", "dev")}
DEPLOY = ROOT / "deploy"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", re.M)


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement):
    return canonical(re.match(r"[A-Za-z0-9._-]+", requirement)[0])


def pins(lock):
    return {canonical(name): version for name, version in PIN.findall(lock.read_text())}


RUN_TIME = {requirement_name(r) for r in PROJECT["dependencies"]}
TEST_TOOLS = {
    requirement_name(r)
    for extra in ("test", "dev")
    for r in PROJECT["optional-dependencies"][extra]
}


def test_pyproject_declares_run_time_dependencies_extras_and_the_command():
    assert {"django", "weasyprint", "psycopg", "uvicorn", "whitenoise"} <= RUN_TIME
    assert {"pytest", "playwright", "hypothesis", "schemathesis", "moto", "ruff"} <= TEST_TOOLS
    assert not RUN_TIME & TEST_TOOLS
    assert PROJECT["scripts"] == {"secretariat": "secretariat.__main__:main"}


def test_the_run_time_lock_holds_no_test_tool_and_every_run_time_dependency():
    run = pins(LOCKS["run"])
    assert set(run) >= RUN_TIME
    test_only = set(pins(LOCKS["test"])) - set(run)
    assert {"pytest", "playwright", "faker", "flask", "moto", "aiosmtpd", "hypothesis"} <= (
        test_only
    )
    assert not TEST_TOOLS & set(run)


def test_every_locked_version_has_hashes_and_a_reason_and_the_locks_agree():
    """Written by `make lock`: a line added by hand (no hash, no `# via`) breaks the
    hash-checked install; add the dependency to pyproject.toml and run `make lock`."""
    for name, lock in LOCKS.items():
        entries = re.split(r"\n(?=[A-Za-z0-9])", lock.read_text().split("\n", 2)[2])
        for entry in entries:
            assert "--hash=sha256:" in entry and "# via" in entry, f"{name}.lock: {entry}"
    run, test, dev = (pins(LOCKS[name]) for name in ("run", "test", "dev"))
    assert run.items() <= test.items() <= dev.items()
    assert "django-simple-history" not in dev  # pinned once, imported nowhere


def imported_packages():
    """The top-level names src/ imports that are not its own or the standard library's."""
    names = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"secretariat"}


def test_every_package_the_code_imports_is_a_run_time_dependency():
    providers = importlib.metadata.packages_distributions()
    run = set(pins(LOCKS["run"]))
    missing = {name: providers.get(name) for name in imported_packages()}
    missing = {n: d for n, d in missing.items() if not d or not {canonical(x) for x in d} & run}
    assert missing == {}


def unit(name):
    """A systemd unit's settings (the last value of each key)."""
    text = (DEPLOY / "systemd" / name).read_text()
    return dict(re.findall(r"^(\w+)=(.*)$", text, re.M))


def test_each_unit_runs_a_command_the_package_has_with_the_environment_file():
    env = dict(re.findall(r"^(\w+)=(.*)$", (DEPLOY / "secretariat.env").read_text(), re.M))
    commands = get_commands()
    services = sorted(p.name for p in (DEPLOY / "systemd").glob("*.service"))
    assert services == [f"secretariat-{n}.service" for n in ("backup", "tick", "web", "worker")]
    for service in services:
        settings = unit(service)
        program, command, *args = settings["ExecStart"].split()
        assert program == "/opt/secretariat/current/bin/secretariat"
        # The arguments parse as the command's own: a renamed option fails here.
        load_command_class(commands[command], command).create_parser(
            "secretariat", command
        ).parse_args(args)
        assert settings["EnvironmentFile"] == "/etc/secretariat/env"
        assert settings["User"] == "secretariat"
        assert settings["ReadWritePaths"] == env["SECRETARIAT_DATA_DIR"]
    for timer in ("tick", "backup"):
        assert unit(f"secretariat-{timer}.timer")["OnCalendar"]
        assert unit(f"secretariat-{timer}.service")["Type"] == "oneshot"
    assert env["SECRETARIAT_MODE"] == "production"


# --- the wheel, installed as an operator installs it -----------------------------------


def production_env(data_dir):
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(data_dir),
        "SECRETARIAT_MODE": "production",
        "SECRETARIAT_SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-value",
        "SECRETARIAT_ALLOWED_HOSTS": "secretariat.example.org",
        "SECRETARIAT_DATA_DIR": str(data_dir),
    }


def git_files(folder_pattern):
    listed = subprocess.run(
        ["git", "ls-files", "src/secretariat"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [f for f in listed if re.search(folder_pattern, f)]


@pytest.mark.slow
def test_the_wheel_installs_alone_and_serves_a_page(tmp_path):
    dist, venv, data = tmp_path / "dist", tmp_path / "venv", tmp_path / "data"
    data.mkdir()
    # As `make wheel` does.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("secretariat-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    meta = email.message_from_bytes(
        zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA")))
    )
    entry_points = zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith("entry_points.txt"))
    )
    counts = {
        "templates": sum("/templates/" in n for n in names),
        "static": sum("/static/" in n for n in names),
        "mo": sum(n.endswith(".mo") for n in names),
        "requires": len([r for r in meta.get_all("Requires-Dist") if "extra ==" not in r]),
    }
    print("wheel:", wheel.name, wheel.stat().st_size, "bytes", len(names), "files", counts)
    assert counts == {
        "templates": len(git_files(r"/templates/")),
        "static": len(git_files(r"/static/")),
        "mo": 1,
        "requires": len(PROJECT["dependencies"]),
    }
    required = {requirement_name(r) for r in meta.get_all("Requires-Dist") if "extra ==" not in r}
    assert required == RUN_TIME
    assert not required & TEST_TOOLS
    assert b"secretariat = secretariat.__main__:main" in entry_points

    # A clean virtualenv: the locked run-time dependencies, then the wheel alone. This
    # environment's pip installs into it (no ensurepip, no pip upgrade: quicker).
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--without-pip", str(venv)], check=True)
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python")]
    install = [*pip, "install", "--quiet", "--no-compile"]
    subprocess.run([*install, "--require-hashes", "-r", str(LOCKS["run"])], check=True)
    subprocess.run([*install, "--no-deps", str(wheel)], check=True)
    installed = subprocess.run(
        [*pip, "list", "--format=json"], capture_output=True, text=True, check=True
    ).stdout
    assert not {canonical(p["name"]) for p in json.loads(installed)} & TEST_TOOLS

    env = production_env(data)
    command = str(venv / "bin" / "secretariat")

    def run(*args):
        result = subprocess.run(
            [command, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import secretariat; print(secretariat.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(venv)), where
    assert "no issues" in run("check", "--deploy", "--fail-level", "WARNING")
    run("migrate", "--no-input")
    run("collectstatic", "--no-input")
    assert (data / "static" / "staticfiles.json").exists()

    port = free_port()
    log = (data / "serve.log").open("w")
    server = subprocess.Popen(
        [command, "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        headers = {"Host": "secretariat.example.org", "X-Forwarded-Proto": "https"}

        def get(path, **more):
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", headers=headers | more
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()

        for _ in range(120):
            try:
                status, page = get("/accounts/login/", **{"Accept-Language": "fr"})
                break
            except OSError:
                assert server.poll() is None, (data / "serve.log").read_text()
                time.sleep(0.5)
        assert status == 200
        assert "Aller au contenu" in page  # "Skip to content": from the compiled catalogue
        stylesheet = re.search(r'href="(/static/secretariat/app\.[0-9a-f]+\.css)"', page)[1]
        assert get(stylesheet)[0] == 200  # collected, hashed, served by WhiteNoise
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
