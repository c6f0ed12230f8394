"""The language switch, and the page read with a keyboard."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_language_switch_turns_the_page_french_and_back(page):
    page.goto("/ap/members/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Français").click()

    expect(page).to_have_url(re.compile(r"/ap/members/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    nav = page.locator("nav.main-nav")
    expect(nav.get_by_role("link", name="Membres", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Entités", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Membres")
    # Names of Members have a French form too.
    expect(page.get_by_role("link", name="Bhoutan", exact=True)).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(nav.get_by_role("link", name="Members", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Bhutan", exact=True)).to_be_visible()


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    page.goto("/ap/members/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # visible when focused, not only to screen readers
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab goes on inside the content, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_every_control_in_the_header_is_reachable_by_keyboard(page):
    page.goto("/ap/")
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.textContent.trim()"))
    for name in ("Skip to content", "Français", "Sign in", "Overview", "Members", "Entities"):
        assert name in seen, (name, seen)
