"""An anonymous visitor browses the region's public pages."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_visitor_browses_overview_members_member_entities_posts(page):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/ap/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Far East, South and South East Asia, Australasia and the Pacific Islands"
    )
    nav = page.get_by_role("navigation", name="Main")

    nav.get_by_role("link", name="Members").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Members")
    expect(page.locator(".lead")).to_contain_text("35 Members on")
    expect(page.get_by_role("heading", level=2)).to_have_text(
        ["Sub-Continent (9)", "Far East (6)", "ASEAN (10)", "Australasia/Oceania (10)"]
    )

    page.get_by_role("link", name="Indonesia", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indonesia")
    expect(page.get_by_text("Republic of Indonesia", exact=False).first).to_be_visible()
    # The Vice-Chair term 2020–22 is on Indonesia's page; contacts' emails are not, signed out.
    expect(page.get_by_role("cell", name="Vice-Chair")).to_be_visible()
    expect(page.get_by_text("Email addresses and phone numbers are shown")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("@demo.example.org"))).to_have_count(0)
    expect(page.get_by_role("link", name="Edit profile")).to_have_count(0)

    nav.get_by_role("link", name="Entities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regional entities")
    for entity in ("Vice-Chair", "ROCB A/P", "RILO A/P", "RTCs", "Laboratories", "RPSG A/P"):
        expect(page.get_by_role("link", name=entity, exact=True)).to_be_visible()
    expect(page.get_by_text("Oceania Customs Organisation")).to_be_visible()

    nav.get_by_role("link", name="Posts and terms").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Posts and terms")
    page.get_by_role("link", name="Vice-Chair", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vice-Chair")
    holders = page.get_by_role("table").locator("tbody tr td:first-child")
    expect(holders).to_have_text(["Hong Kong China", "Australia", "Indonesia", "India"])
    expect(page.get_by_role("row", name=re.compile("Indonesia"))).to_contain_text("Jul 2020")


def test_members_on_the_day_of_the_joint_session(page):
    page.goto("/ap/members/")
    page.get_by_label("Members on").fill("2020-11-12")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"\?on=2020-11-12$"))
    expect(page.locator(".lead")).to_contain_text("33 Members on")
    expect(page.get_by_role("heading", level=2)).to_have_text(
        [
            "Sub-Continent (9)",
            "Far East (6)",
            "ASEAN (10)",
            "Australasia/Oceania (8)",
            "Joined later",
        ]
    )
    later = page.get_by_role("region", name="Joined later")
    expect(later.get_by_role("link")).to_have_text(["Solomon Islands", "Palau"])
    expect(later).to_contain_text("Joined January 2023")
    expect(later).to_contain_text("Joined February 2024")
    # Neither counts among the 33.
    expect(page.get_by_role("link", name="Palau")).to_have_count(1)
    expect(page.get_by_role("link", name="Solomon Islands")).to_have_count(1)
    page.get_by_role("link", name="Today").click()
    expect(page.locator(".lead")).to_contain_text("35 Members on")
