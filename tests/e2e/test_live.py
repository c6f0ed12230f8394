"""Two browsers on the joint session: the chair takes up an item and calls the next speaker,
the delegate's page shows both without reloading; the delegate requests the floor and the
chair's console shows it. Screenshots of the three views go to docs when asked."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import ConsoleWatch

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHAIR = "secretariat@demo.example.org"
DELEGATE = "cp.indonesia@demo.example.org"


@pytest.fixture
def second_page(browser, demo_server):
    watch = ConsoleWatch()
    context = browser.new_context(
        base_url=demo_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    watch.attach(page)
    yield page
    context.close()
    assert not watch, "The browser reported errors:\n" + "\n".join(watch)


def test_chair_and_delegate_follow_each_other_live(page, second_page, sign_in):
    chair, delegate = page, second_page
    sign_in(chair, CHAIR)
    sign_in(delegate, DELEGATE)
    chair.goto("/ap/meetings/")
    chair.get_by_role("link", name=re.compile("Joint Session")).first.click()
    chair.get_by_role("link", name="Live session").click()
    live_url = chair.url
    delegate.goto(live_url)
    chair.get_by_role("link", name="Chair's console").click()
    expect(delegate.locator("[data-live=connection]")).to_have_text("Updates live.")
    expect(chair.locator("[data-live=connection]")).to_have_text("Updates live.")

    # The chair takes up another item: the delegate's page follows without reloading.
    delegate.evaluate("window.notReloaded = true")
    other_business = chair.locator("#live-item option", has_text="Other business")
    chair.get_by_label("Item", exact=True).select_option(other_business.get_attribute("value"))
    chair.get_by_role("button", name="Take up this item").click()
    expect(delegate.locator("h2[data-live=item]")).to_contain_text("Other business", timeout=1000)
    chair.get_by_role("button", name="Open the list").click()
    expect(delegate.locator("[data-live=list]")).to_have_text("open", timeout=1000)

    # The delegate requests the floor: the chair's console shows it without reloading.
    chair.evaluate("window.notReloaded = true")
    delegate.get_by_role("button", name="Request the floor").click()
    expect(delegate.locator("[data-live=my-place]")).to_have_text(
        "Your delegation is number 1 on the list."
    )
    delegate.evaluate("window.notReloaded = true")  # its own form post reloaded it
    expect(chair.locator("ol[data-live=waiting]")).to_contain_text("Indonesia", timeout=1000)
    assert chair.evaluate("window.notReloaded") is True

    # The chair calls the next speaker: the delegate's page shows it within a second.
    chair.get_by_role("button", name="Call the next speaker").click()
    expect(delegate.locator("[data-live=speaking]")).to_have_text("Indonesia", timeout=1000)
    expect(delegate.locator("[data-live=my-place]")).to_have_text("Your delegation has the floor.")
    assert delegate.evaluate("window.notReloaded") is True
    expect(delegate.locator("[data-live=timer]")).to_have_text(re.compile(r"^[23]:\d\d$"))
