"""Production settings fail closed and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

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


def test_production_settings_pass_the_deployment_checks(tmp_path):
    result = run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRETARIAT_SECRET_KEY="k" * 20 + "-a-long-random-production-secret-value",
        SECRETARIAT_ALLOWED_HOSTS="secretariat.example.org",
        SECRETARIAT_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_data_folder(tmp_path):
    """Installed from the wheel, a default data folder would be inside the virtualenv."""
    key = "k" * 50
    for data_dir in (None, "var", str(tmp_path / "missing")):
        env = {"SECRETARIAT_SECRET_KEY": key}
        if data_dir is not None:
            env["SECRETARIAT_DATA_DIR"] = data_dir
        result = run("check", **env)
        assert result.returncode != 0, data_dir
        assert "Set SECRETARIAT_DATA_DIR to the absolute path of an existing folder" in (
            result.stderr
        )
    assert (
        run("check", SECRETARIAT_SECRET_KEY=key, SECRETARIAT_DATA_DIR=str(tmp_path)).returncode == 0
    )


def test_demo_and_tests_keep_their_data_folder_beside_the_code():
    shown = run(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DATA_DIR)",
        SECRETARIAT_MODE="demo",
    )
    assert shown.stdout.strip() == str(Path(__file__).resolve().parents[2] / "var"), shown.stderr
