"""The secretariat adds a person, gives them a role, and hands the role over."""

import datetime
import re
import uuid

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _add_person(page, name, member):
    page.goto("/ap/manage/")
    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Member").select_option(label=member)
    page.get_by_label("Send an invitation to sign in").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("status")).to_contain_text(f"{name} is added.")
    return page.url


def test_secretariat_adds_person_assigns_contact_point_and_hands_it_over(page, sign_in):
    sign_in(page, "secretariat@demo.example.org")
    suffix = uuid.uuid4().hex[:4]
    old_name, new_name = f"Mere Vula {suffix}", f"Sione Tuilagi {suffix}"

    old_url = _add_person(page, old_name, "Fiji")
    expect(page.get_by_text("No role yet.")).to_be_visible()
    page.get_by_role("link", name="Assign a role").click()
    page.get_by_label("Role").select_option(label="Contact point")
    page.get_by_label("Member").select_option(label="Fiji")
    page.get_by_label("From").fill("2025-01-01")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The role is assigned.")
    row = page.get_by_role("row", name=re.compile("Contact point"))
    expect(row).to_contain_text("Fiji")
    expect(row.get_by_role("cell").nth(3)).to_have_text("—")  # no end yet

    _add_person(page, new_name, "Fiji")
    page.goto(old_url)
    page.get_by_role("row", name=re.compile("Contact point")).get_by_role(
        "link", name="Hand over"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hand over a role")
    page.get_by_label("Hand over to").select_option(label=new_name)
    page.get_by_label("From").fill("2026-01-01")
    page.get_by_role("button", name="Hand over").click()

    # The new person's page: the role from the chosen day.
    expect(page.get_by_role("status")).to_contain_text(f"The role is handed over to {new_name}.")
    expect(page.get_by_role("heading", level=1)).to_have_text(new_name)
    new_row = page.get_by_role("row", name=re.compile("Contact point"))
    expect(new_row).to_contain_text("Fiji")
    expect(new_row.get_by_role("cell").nth(2)).to_have_text(_date(2026, 1, 1))

    # The old holder's page keeps the role, now with an end date: the day before.
    page.goto(old_url)
    old_row = page.get_by_role("row", name=re.compile("Contact point"))
    expect(old_row.get_by_role("cell").nth(2)).to_have_text(_date(2025, 1, 1))
    expect(old_row.get_by_role("cell").nth(3)).to_have_text(_date(2025, 12, 31))
    expect(old_row.get_by_role("link", name="Hand over")).to_have_count(0)

    # Fiji's public page now names the new contact point.
    page.goto("/ap/members/fiji/")
    expect(page.get_by_role("row", name=re.compile(new_name))).to_contain_text("Contact point")


def _date(*ymd):
    # Django's English DATE_FORMAT, "N j, Y": "Jan. 1, 2026".
    d = datetime.date(*ymd)
    month = d.strftime("%b") + ("." if d.month not in (5, 6, 7) else "")
    month = {"Jun.": "June", "Jul.": "July", "Sep.": "Sept."}.get(month, month)
    return f"{month} {d.day}, {d.year}"
