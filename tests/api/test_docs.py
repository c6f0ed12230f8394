"""The OpenAPI document and the docs page, which must work under the site's strict CSP."""

import re

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.django_db
def test_openapi_document_is_3_1_and_says_credentials_are_optional(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    members = schema["paths"]["/api/regions/{region}/members"]["get"]
    assert {} in members["security"]
    assert {"AccessTokenAuth": []} in members["security"]
    assert set(members["responses"]) == {"200", "401", "404", "422"}


@pytest.mark.django_db
def test_docs_page_uses_only_local_files_and_no_inline_script(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    # The only script element with a body is JSON data, which a browser never runs.
    assert [attrs for attrs, body in scripts if body.strip()] == [
        ' type="application/json" id="swagger-settings"'
    ]
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    for path in sources:
        if path.startswith("/static/"):
            assert finders.find(path.removeprefix("/static/")), path
    assert '"validatorUrl": null' in html
    assert ' style="' not in html and "<style" not in html
