"""Liveness and readiness probes, and log lines a collector can read."""

import json
import logging
import sys
import uuid

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.test import RequestFactory

from secretariat.core.logs import JsonFormatter

from .test_settings import run

pytestmark = pytest.mark.django_db


def test_live_answers_anyone_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_ready_reports_each_check(client):
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "ok",
        "cache": "ok",
    }


def test_ready_fails_while_a_migration_is_not_applied(client):
    MigrationRecorder.Migration.objects.filter(app="meetings").order_by("-id").first().delete()
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["migrations"] == "failing"
    assert response.json()["database"] == "ok"


def test_ready_fails_without_the_shared_cache_and_says_no_more(client, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "database": "ok",
        "migrations": "ok",
        "cache": "failing",
    }
    assert "127.0.0.1:1" not in response.text  # the reason is logged, not answered
    assert "Readiness check failed" in caplog.text


def test_a_log_record_is_one_json_line_with_its_request_and_extras():
    request = RequestFactory().get("/ap/meetings/")
    try:
        raise ValueError("boom")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Failed: %s", ("/ap/",), exc_info
    )
    record.request = request
    record.status_code = 500
    line = JsonFormatter().format(record)
    assert "\n" not in line.split('"exception"')[0]
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "django.request"
    assert entry["message"] == "Failed: /ap/"
    assert entry["method"] == "GET"
    assert entry["path"] == "/ap/meetings/"
    assert entry["status_code"] == 500
    assert entry["time"].endswith("+00:00")
    assert "ValueError: boom" in entry["exception"]


def test_production_logs_json_and_refuses_an_unknown_format(tmp_path):
    script = "from django.conf import settings; print(settings.LOGGING['handlers'])"
    env = {
        "SECRETARIAT_SECRET_KEY": "k" * 50,
        "SECRETARIAT_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "secretariat.settings",
    }
    shown = run("shell", "--no-imports", "-c", script, **env)
    assert "'formatter': 'json'" in shown.stdout, shown.stderr
    refused = run("check", SECRETARIAT_LOG_FORMAT="xml", **env)
    assert refused.returncode != 0
    assert "SECRETARIAT_LOG_FORMAT must be json or text" in refused.stderr


def test_with_a_cache_url_one_process_reads_what_another_wrote(tmp_path):
    key = f"shared-{uuid.uuid4().hex}"
    env = {
        "SECRETARIAT_SECRET_KEY": "k" * 50,
        "SECRETARIAT_DATA_DIR": str(tmp_path),
        "SECRETARIAT_CACHE_URL": "redis://127.0.0.1:6379/0",
        "SECRETARIAT_CACHE_PREFIX": "secretariat-test",
    }
    write = f"from django.core.cache import cache; cache.set('{key}', 'seen', 30)"
    read = f"from django.core.cache import cache; print(cache.get('{key}'))"
    assert run("shell", "--no-imports", "-c", write, **env).returncode == 0
    shown = run("shell", "--no-imports", "-c", read, **env)
    assert shown.stdout.strip() == "seen", shown.stderr
