"""The API docs page renders and runs requests under the site's strict CSP, with no network."""

import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_docs_list_operations_and_try_one_out(page, demo_server):
    outside = []
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith(demo_server.url) or r.url.startswith("data:")
            else outside.append(r.url)
        ),
    )
    page.goto("/api/docs")
    expect(page.get_by_role("heading", name=re.compile("Secretariat API"))).to_be_visible()
    operations = page.locator(".opblock-summary-path")
    # Every operation of the schema is listed (as many as the API has, not a number to update).
    schema = page.request.get("/api/openapi.json").json()
    expected = sum(len(methods) for methods in schema["paths"].values())
    assert expected >= 10
    expect(operations).to_have_count(expected)
    expect(operations.first).to_have_text("/api/regions")

    page.get_by_text("/api/regions/{region}/members", exact=True).click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_placeholder("region", exact=True).fill("ap")
    page.get_by_placeholder("on", exact=True).fill("2020-11-12")
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table .response .response-col_status").first
    expect(status).to_have_text("200")
    body = json.loads(page.locator(".live-responses-table .microlight").first.inner_text())
    assert len(body) == 33  # the A/P Members of November 2020
    assert outside == []
