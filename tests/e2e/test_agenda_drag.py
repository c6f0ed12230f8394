"""Reordering an agenda by dragging with the mouse, the enhancement over the move buttons.

The secretariat creates a meeting, adds three items and drags the last one to the top;
the screen reader's live region says where it went, and the order holds after a reload.
Then the agenda is adopted, and a later move asks for the reason and is listed as an
amendment on the session page.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SECRETARIAT = "secretariat@demo.example.org"
TITLES = ["Opening of the meeting", "Reports of the Members", "Adoption of the agenda"]


def agenda_titles(page) -> list[str]:
    return page.locator("main ol.agenda > li > .agenda-title").all_inner_texts()


def test_drag_an_item_to_the_top_then_amend_after_adoption(page, sign_in):
    later = datetime.date.today() + datetime.timedelta(days=150)
    sign_in(page, SECRETARIAT)
    page.goto("/ap/meetings/new/")
    page.get_by_label("Series").select_option(label="Regional Contact Point Meeting")
    page.get_by_label("Number").fill("41")
    page.get_by_label("Time zone").select_option("Asia/Jakarta")
    page.get_by_label("Starts").fill(f"{later.isoformat()}T09:00")
    page.get_by_label("Mode").select_option(label="virtual")
    page.get_by_role("button", name="Create the meeting").click()
    expect(page).to_have_url(re.compile(r"/ap/meetings/\d+/$"))
    session_url = page.url

    page.get_by_role("link", name="Edit the agenda").click()
    for title in TITLES:
        page.get_by_label("Title (English)").fill(title)
        page.get_by_role("button", name="Add", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("The item is added.")
    assert agenda_titles(page) == TITLES

    items = page.locator("#agenda-list > li")
    expect(items.nth(2)).to_have_attribute("draggable", "true")
    items.nth(2).drag_to(items.nth(0), target_position={"x": 20, "y": 2})
    expect(page.locator("#agenda-announce")).to_have_text(
        "“Adoption of the agenda” moved to place 1 of 3."
    )
    expect(page.locator("#agenda-list > li .agenda-number").first).to_have_text("1.")
    assert agenda_titles(page) == [TITLES[2], TITLES[0], TITLES[1]]

    page.reload()
    assert agenda_titles(page) == [TITLES[2], TITLES[0], TITLES[1]]
    page.goto(session_url)
    assert agenda_titles(page) == [TITLES[2], TITLES[0], TITLES[1]]

    # Adopted: no more dragging; a move asks for the reason and is listed as an amendment.
    page.get_by_role("link", name="Edit the agenda").click()
    page.get_by_role("button", name="Adopt the agenda").click()
    page.get_by_role("link", name="Edit the agenda").click()
    expect(page.locator("#agenda-list > li").first).not_to_have_attribute("draggable", "true")
    page.get_by_role("link", name="Move “Reports of the Members” up").click()
    page.get_by_label("Reason for the amendment (English)").fill("Reports before the opening")
    page.get_by_role("button", name="Move it up").click()
    assert agenda_titles(page) == [TITLES[2], TITLES[1], TITLES[0]]
    page.goto(session_url)
    amendments = page.locator("section[aria-labelledby=amendments-heading]")
    expect(amendments).to_contain_text("Agenda amended on")
    expect(amendments).to_contain_text("Reports before the opening")
