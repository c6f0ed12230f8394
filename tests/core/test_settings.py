"""Production settings fail closed and pass Django's deployment checks."""

import os
import subprocess
import sys

BASE_ENV = {"PATH": os.environ["PATH"], "PYTHONPATH": os.pathsep.join(sys.path)}


def run(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "secretariat", *args],
        env=BASE_ENV | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run("check")
    assert result.returncode != 0
    assert "Set SECRETARIAT_SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRETARIAT_SECRET_KEY="k" * 20 + "-a-long-random-production-secret-value",
        SECRETARIAT_ALLOWED_HOSTS="secretariat.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
