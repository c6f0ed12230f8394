"""A contact point shares a practice; a user of another Member finds it with a theme facet."""

import re
import uuid

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_a_practice_added_by_one_member_is_found_by_another(page, sign_in, tmp_path):
    word = f"quokka{uuid.uuid4().hex[:6]}"
    sign_in(page, "cp.indonesia@demo.example.org")
    page.goto("/ap/practices/")
    page.get_by_role("link", name="New practice").click()
    page.get_by_label("Member").select_option(label="Indonesia")
    page.get_by_label("Title").fill("Night clearance of oxygen cylinders")
    page.get_by_label("Summary").fill("Customs offices open at night for oxygen.")
    page.get_by_label("Body").fill(f"Cylinders marked **{word}** are released at once.")
    page.get_by_label("Protecting society").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("saved as a draft")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("status")).to_contain_text("The practice is submitted")
    page.screenshot(path=str(tmp_path / "practice.png"), full_page=True)

    page.context.clear_cookies()
    sign_in(page, "cp.australia@demo.example.org")
    page.goto("/ap/")
    page.get_by_role("searchbox", name="Search the region").fill(word)
    page.get_by_role("searchbox", name="Search the region").press("Enter")
    expect(page).to_have_url(re.compile(r"/ap/search/\?q="))
    expect(page.get_by_role("heading", name="1 result")).to_be_visible()
    page.get_by_role("group", name="Theme").get_by_label(re.compile("Protecting society")).check()
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", name="1 result")).to_be_visible()
    expect(page.locator("mark")).to_have_text(word)
    expect(page.locator(".snippet")).not_to_contain_text("**")  # Markdown marks taken out
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)
    page.get_by_role("link", name="Night clearance of oxygen cylinders").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Night clearance of oxygen cylinders")
