"""A contact point nominates; the endorsement is recorded; the register and the post show it."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ITEM = "RHCAC21: Nominations of representatives at WCO regional entities, on Members' proposals"


def test_nomination_endorsed_at_the_meeting_starts_a_term(page, sign_in):
    sign_in(page, "cp.indonesia@demo.example.org")
    page.goto("/ap/nominations/")
    page.get_by_role("link", name="Policy Commission").first.click()
    page.get_by_role("combobox", name="Proposed by").select_option(label="Indonesia")
    page.get_by_role("combobox", name="Nominee").select_option(label="Thailand")
    page.get_by_role("textbox", name="Statement").fill(
        "Thailand hosts ROCB A/P and offers its experience."
    )
    page.get_by_role("button", name="Propose", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("The nomination is recorded.")
    expect(page.locator("main")).to_contain_text("Thailand hosts ROCB A/P")
    call_url = page.url

    page.context.clear_cookies()
    sign_in(page, "secretariat@demo.example.org")
    page.goto(call_url)
    page.get_by_role("combobox", name="Agenda item").select_option(label=ITEM)
    page.get_by_role("button", name="Table the slate").click()
    expect(page.get_by_role("status")).to_contain_text("The slate is tabled.")

    page.get_by_role("link", name=re.compile("nominations for the term from 2027")).click()
    page.get_by_role("combobox", name="Outcome").select_option("endorsed")
    page.get_by_role("button", name="Record as the chair declared it").click()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"Decision RHCAC21/D\d+ is"))
    reference = re.search(r"RHCAC21/D\d+", page.get_by_role("status").inner_text()).group(0)

    page.goto(call_url)
    page.get_by_role("button", name="Appoint as decided").click()
    expect(page.get_by_role("status")).to_contain_text("4 holding(s) started on the post.")

    page.goto("/ap/decisions/")
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    page.goto("/ap/posts/policy-commission/")
    expect(page.locator("main")).to_contain_text("Thailand")


def test_the_secretariat_edits_then_deletes_a_follow_up_action(page, sign_in):
    sign_in(page, "secretariat@demo.example.org")
    page.goto("/ap/actions/")
    expect(page.locator("main")).to_contain_text("in progress")
    page.locator("tr", has_text="capacity-building").get_by_role("link").click()
    page.get_by_role(
        "link", name="Edit Propose a capacity-building programme on e-commerce"
    ).click()
    page.get_by_role("textbox", name="Action (English)").fill(
        "Propose a capacity-building programme on e-commerce and its budget"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The follow-up action is updated.")
    expect(page.locator("main")).to_contain_text("and its budget")

    page.get_by_role("link", name=re.compile("^Delete Propose")).click()
    expect(page.locator("main")).to_contain_text("The history keeps a record that it existed.")
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("status")).to_contain_text("The follow-up action is deleted.")
    expect(page.locator("main")).not_to_contain_text("and its budget")
