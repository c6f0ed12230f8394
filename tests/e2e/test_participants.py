"""Every kind of participant, through the browser (issue 19's bar).

The secretariat invites the Members, ROCB and the WCO Secretariat to a hybrid meeting with
two registration questions; observer.wco registers its delegation and answers; the
secretariat registers on behalf of Indonesia, approves everyone in bulk, names the
Vice-Chair's Head as chair and marks attendance in person and online; the participant page
shows the counts and the live console names the chair.

With SCREENSHOTS set to a folder, the pages the issue's closing note shows are saved there.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SECRETARIAT = "secretariat@demo.example.org"
OBSERVER = "observer.wco@demo.example.org"


def shot(page, name):
    folder = os.environ.get("SCREENSHOTS")
    if not folder:
        return
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def switch_to(page, sign_in, email):
    page.context.clear_cookies()
    sign_in(page, email)


def test_every_kind_of_participant_registers_presides_and_is_counted(page, sign_in):
    later = datetime.date.today() + datetime.timedelta(days=120)
    deadline = later - datetime.timedelta(days=30)

    # The secretariat creates RCP 42, hybrid, and publishes it (41 is the agenda test's).
    sign_in(page, SECRETARIAT)
    page.goto("/ap/meetings/new/")
    page.get_by_label("Series").select_option(label="Regional Contact Point Meeting")
    page.get_by_label("Number").fill("42")
    page.get_by_label("Time zone").select_option("Asia/Bangkok")
    page.get_by_label("Starts").fill(f"{later.isoformat()}T09:00")
    page.get_by_label("Ends").fill(f"{later.isoformat()}T17:00")
    page.get_by_label("Mode").select_option(label="hybrid")
    page.get_by_label("Venue").fill("Bangkok")
    page.get_by_role("button", name="Create the meeting").click()
    expect(page).to_have_url(re.compile(r"/ap/meetings/\d+/$"))
    session_url = page.url
    publish = page.get_by_role("button", name="Publish the session")
    if publish.count():  # sessions start as drafts (issue 18)
        publish.click()

    # Members (all ticked by default), ROCB and the WCO Secretariat are invited.
    page.goto(session_url + "invite/")
    page.get_by_label("ROCB A/P").check()
    page.get_by_label("WCO Secretariat").check()
    page.get_by_label("Registration deadline").fill(f"{deadline.isoformat()}T17:00")
    page.get_by_role("button", name="Send the invitations").click()
    expect(page.get_by_role("status")).to_contain_text("invitations sent")

    # Two questions: dietary needs, and a visa letter.
    page.get_by_role("link", name="Registration deadline and questions").click()
    for preset in ("Dietary needs", "Visa letter"):
        page.get_by_label("Question", exact=True).select_option(label=preset)
        page.get_by_role("button", name="Add the question").click()
        expect(page.get_by_role("status")).to_contain_text("The question is added")
    expect(page.locator("main ol")).to_contain_text("Do you need a letter for your visa?")

    # observer.wco finds the task on its home page and registers its delegation.
    switch_to(page, sign_in, OBSERVER)
    page.goto("/me/")
    page.get_by_role("link", name=re.compile(r"Register your delegation for .*42")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delegation of WCO Secretariat")
    expect(page.locator("thead")).to_contain_text("Dietary needs")
    page.get_by_label("Role of Mr Jean Dupont").select_option(label="head of delegation")
    page.get_by_label("How Mr Jean Dupont attends").select_option(label="online")
    page.get_by_label("Dietary needs (Mr Jean Dupont)").fill("Vegetarian")
    page.get_by_label("Do you need a letter for your visa? (Mr Jean Dupont)").select_option(
        label="no"
    )
    shot(page, "participants-registration-form")
    page.get_by_role("button", name="Register the delegation").click()
    expect(page.get_by_role("status")).to_contain_text("registered")

    # The secretariat registers on behalf of Indonesia, then approves both in bulk.
    switch_to(page, sign_in, SECRETARIAT)
    page.goto(session_url + "participants/")
    page.get_by_role("link", name="Register on their behalf (Indonesia)").click()
    expect(page.locator("main")).to_contain_text("You register on behalf of Indonesia")
    page.get_by_label("Role of Mr Budi Santoso").select_option(label="head of delegation")
    page.get_by_label("How Mr Budi Santoso attends").select_option(label="in person")
    page.get_by_role("button", name="Register the delegation").click()
    page.goto(session_url + "participants/")
    page.get_by_role("button", name="Approve the ticked delegations").click()
    expect(page.get_by_role("status")).to_contain_text("2 delegations approved")
    for invitee in ("Indonesia", "WCO Secretariat"):
        expect(page.get_by_role("row").filter(has_text=invitee).first).to_contain_text("approved")

    # The Vice-Chair's Head presides.
    page.goto(session_url)
    page.get_by_role("link", name="name who presides").click()
    page.locator("#id_person_0").select_option(label="Mr Heru Pambudi")
    page.locator("#id_capacity_en_0").fill("Vice-Chair of the region")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main dl.facts")).to_contain_text(
        "Mr Heru Pambudi, Vice-Chair of the region"
    )

    # Attendance: Indonesia in the room, the WCO online.
    page.goto(session_url + "attendance/")
    page.get_by_label("Attendance of Mr Budi Santoso").select_option(label="present in person")
    page.get_by_label("Attendance of Mr Jean Dupont").select_option(label="present online")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("status")).to_contain_text("Attendance saved")

    # The participant page counts them; the console names the chair.
    page.goto(session_url + "participants/")
    expect(page.locator(".attendance-count")).to_contain_text(
        re.compile(r"1 of \d+ Members; 2 participants, 1 online, 1 in person")
    )
    shot(page, "participants-counts")
    page.goto(session_url + "live/chair/")
    expect(page.locator(".presiding")).to_have_text("Mr Heru Pambudi, Vice-Chair of the region")
    shot(page, "participants-console-chair")
