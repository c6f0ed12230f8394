"""A Member's contact point keeps its own Member's profile, and only that."""

import re
import uuid

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_contact_point_edits_own_member_profile(page, sign_in):
    sign_in(page, "cp.indonesia@demo.example.org")
    page.goto("/ap/members/indonesia/")
    # Signed in, a participant sees the contacts' email addresses.
    expect(
        page.locator("main").get_by_role("link", name="cp.indonesia@demo.example.org")
    ).to_be_visible()
    page.get_by_role("link", name="Edit profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit Indonesia")

    text = f"Directorate General of Customs and Excise, Jakarta ({uuid.uuid4().hex[:6]})."
    page.get_by_label("Profile (English)").fill(text)
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(r"/ap/members/indonesia/$"))
    expect(page.get_by_role("status")).to_contain_text("The Member's profile is saved.")
    expect(page.locator("main")).to_contain_text(text)
    page.reload()
    expect(page.locator("main")).to_contain_text(text)


def test_contact_point_cannot_edit_another_member(page, sign_in, console):
    sign_in(page, "cp.indonesia@demo.example.org")
    page.goto("/ap/members/australia/")
    expect(page.get_by_role("link", name="Edit profile")).to_have_count(0)
    # The browser logs the refusal as a console error; that one, and only that, is expected.
    console.allow("status of 403")
    response = page.goto("/ap/members/australia/edit/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    # Nothing changed: the profile page shows no trace of an edit by Indonesia.
    page.goto("/ap/members/australia/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Australia")
