"""Oversized bodies refused; production answers with HSTS, secure cookies, CSP, plain errors."""

import json
import os
import subprocess
import sys
import textwrap

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from secretariat.accounts.models import AccessToken
from secretariat.regions.models import Person

MB = 1024 * 1024


@pytest.mark.django_db
class TestOversizedBodies:
    def test_a_form_with_a_huge_file_is_refused_before_it_is_read(self, client, cast):
        client.force_login(cast.sam)
        before = Person.objects.count()
        huge = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (26 * MB))
        response = client.post("/ap/manage/people/add/", {"name": "Huge", "file": huge})
        assert response.status_code == 413
        assert "The request is too large: 25 MB at most." in response.text
        assert Person.objects.count() == before

    def test_a_form_with_a_huge_field_is_refused(self, client, cast):
        client.force_login(cast.sam)
        before = Person.objects.count()
        response = client.post("/ap/manage/people/add/", {"name": "x" * (6 * MB)})
        assert response.status_code == 400
        assert Person.objects.count() == before

    def test_the_api_refuses_huge_json(self, client, cast):
        _token, secret = AccessToken.issue(user=cast.alice, name="script")
        url = "/api/regions/ap/plans/none/indicators/1/progress"
        body = json.dumps({"period": "2025", "value": 1, "note": "x" * (6 * MB)})
        headers = {"Authorization": f"Bearer {secret}"}
        response = client.post(url, body, content_type="application/json", headers=headers)
        assert response.status_code == 400
        bigger = json.dumps({"note": "x" * (26 * MB)})
        response = client.post(url, bigger, content_type="application/json", headers=headers)
        assert response.status_code == 413

    def test_the_message_is_in_french(self, client, cast):
        response = client.post(
            "/ap/manage/people/add/",
            {"file": SimpleUploadedFile("big.bin", b"0" * (26 * MB))},
            HTTP_ACCEPT_LANGUAGE="fr",
        )
        assert response.status_code == 413
        assert "La requête est trop grande : 25 Mo au plus." in response.content.decode()


PRODUCTION = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    if MIGRATE:
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
    client = Client(raise_request_exception=False)
    answers = {}
    for name, path, secure in PAGES:
        r = client.get(path, secure=secure, headers={"host": "secretariat.example.org"})
        answers[name] = {
            "status": r.status_code,
            "headers": dict(r.headers),
            "cookies": {k: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"])}
                        for k, m in r.cookies.items()},
            "body": r.content.decode(errors="replace"),
        }
    print(json.dumps(answers))
    """
)


def production(tmp_path, pages, *, migrate):
    """Requests answered by the app in production mode, in a process of its own."""
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": os.pathsep.join(sys.path),
        "DJANGO_SETTINGS_MODULE": "secretariat.settings",
        "SECRETARIAT_MODE": "production",
        "SECRETARIAT_SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-value",
        "SECRETARIAT_ALLOWED_HOSTS": "secretariat.example.org",
        "SECRETARIAT_DATA_DIR": str(tmp_path),
    }
    script = f"MIGRATE = {migrate!r}\nPAGES = {pages!r}\n" + PRODUCTION
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_answers_with_hsts_secure_cookies_and_csp(tmp_path):
    answers = production(
        tmp_path,
        [("login", "/accounts/login/", True), ("plain", "/accounts/login/", False)],
        migrate=True,
    )
    login = answers["login"]
    assert login["status"] == 200
    headers = login["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert login["cookies"]["csrftoken"]["secure"]
    assert answers["plain"]["status"] == 301
    assert answers["plain"]["headers"]["Location"].startswith("https://")


def test_a_server_error_in_production_shows_the_plain_page_and_nothing_else(tmp_path):
    # No tables: the home page fails on its first query.
    answers = production(tmp_path, [("home", "/", True)], migrate=False)
    error = answers["home"]
    assert error["status"] == 500
    assert "Something went wrong" in error["body"]
    for leak in ("Traceback", "OperationalError", "no such table", "SECRET", "sqlite"):
        assert leak not in error["body"]
    assert "Strict-Transport-Security" in error["headers"]
