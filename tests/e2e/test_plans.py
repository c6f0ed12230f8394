"""A coordinator reports progress, the secretariat approves it, the dashboard changes."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.slow, pytest.mark.browser]

DASHBOARD = "/ap/plans/rsp-2020-2022/"


def _area_one(page):
    """The text the focus-area chart shows for focus area 1, read from the SVG itself."""
    return page.locator("figure svg").first.locator("text").filter(has_text="·").first


def test_progress_submitted_approved_and_counted(page, sign_in):
    page.goto(DASHBOARD)  # public: no sign-in needed
    expect(_area_one(page)).to_have_text("75% · At risk")
    expect(page.locator("figcaption").first).to_contain_text(
        "1. Facilitating legitimate trade: 75%, at risk"
    )

    sign_in(page, "rocb@demo.example.org")
    page.goto(DASHBOARD)
    mine = page.get_by_role("region", name="You report on")
    mine.get_by_role("link", name="Report progress").click()
    page.get_by_label("Reporting period").select_option(label="2021–22")
    page.get_by_label("Value").fill("14")
    page.get_by_label("What was done").fill("Fourteen Members apply the package (demo).")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_role("status")).to_contain_text("Submitted to the secretariat")
    expect(page.locator("main")).to_contain_text("Fourteen Members apply the package")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "secretariat@demo.example.org")
    page.goto(DASHBOARD + "review/")
    page.get_by_role("link", name=re.compile("1.3.a")).click()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("Approved")

    page.goto(DASHBOARD)
    expect(_area_one(page)).to_have_text("100% · On track")
    page.get_by_text("Show the figures as a table").first.click()
    expect(page.locator("figure table").first).to_contain_text("100%")
