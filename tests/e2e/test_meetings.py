"""A meeting from creation to its participant list, through the browser.

The secretariat creates a meeting, builds and reorders its agenda (with the keyboard),
uploads a document and invites the Members; Indonesia's contact point registers its
delegation; the secretariat approves it and the participant list shows it.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SECRETARIAT = "secretariat@demo.example.org"
CONTACT_POINT = "cp.indonesia@demo.example.org"

# The smallest PDF a reader accepts: a catalogue, an empty page tree, a cross-reference table.
_OBJECTS = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
]


def minimal_pdf() -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(_OBJECTS, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(_OBJECTS) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(_OBJECTS) + 1,
        xref,
    )
    return bytes(out)


def agenda_titles(page) -> list[str]:
    return page.locator("main ol.agenda > li > .agenda-title").all_inner_texts()


def switch_to(page, sign_in, email):
    page.context.clear_cookies()
    sign_in(page, email)


def test_meeting_from_creation_to_participant_list(page, sign_in):
    later = datetime.date.today() + datetime.timedelta(days=120)
    deadline = later - datetime.timedelta(days=30)

    # The secretariat creates RCP 40, virtual, in the future.
    sign_in(page, SECRETARIAT)
    page.goto("/ap/meetings/new/")
    page.get_by_label("Series").select_option(label="Regional Contact Point Meeting")
    page.get_by_label("Number").fill("40")
    page.get_by_label("Time zone").select_option("Asia/Jakarta")
    page.get_by_label("Starts").fill(f"{later.isoformat()}T09:00")
    page.get_by_label("Ends").fill(f"{later.isoformat()}T12:00")
    page.get_by_label("Mode").select_option(label="virtual")
    page.get_by_role("button", name="Create the meeting").click()

    expect(page.get_by_role("status")).to_contain_text("The meeting is created as a draft")
    expect(page).to_have_url(re.compile(r"/ap/meetings/\d+/$"))
    session_url = page.url
    page.get_by_role("button", name="Publish the session").click()
    expect(page.get_by_role("status")).to_contain_text("The session is published")
    expect(page.get_by_role("heading", level=1)).to_contain_text("40")
    expect(page.locator("main")).to_contain_text("Virtual")

    # Three agenda items, then the last one moves up, by keyboard.
    page.get_by_role("link", name="Edit the agenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit the agenda")
    titles = ["Opening of the meeting", "Reports of the Members", "Adoption of the agenda"]
    for title in titles:
        page.get_by_label("Title (English)").fill(title)
        page.get_by_role("button", name="Add", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("The item is added.")
    assert agenda_titles(page) == titles

    up = page.get_by_role("button", name="Move “Adoption of the agenda” up")
    up.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("main ol.agenda > li > .agenda-title").nth(1)).to_have_text(
        "Adoption of the agenda"
    )
    assert agenda_titles(page) == [
        "Opening of the meeting",
        "Adoption of the agenda",
        "Reports of the Members",
    ]
    # The session page shows the same order, numbered.
    page.goto(session_url)
    assert agenda_titles(page) == [
        "Opening of the meeting",
        "Adoption of the agenda",
        "Reports of the Members",
    ]

    # A document, uploaded from memory.
    page.get_by_role("link", name="Upload a document").click()
    page.get_by_label("Reference").fill("RCP40/1")
    page.get_by_label("Title (English)").fill("Provisional agenda")
    page.get_by_label("File").set_input_files(
        {"name": "agenda.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf()}
    )
    page.get_by_role("button", name="Upload").click()
    documents = page.locator("section[aria-labelledby=documents-heading]")
    expect(documents.get_by_role("link", name="Provisional agenda")).to_be_visible()
    expect(documents).to_contain_text("RCP40/1")
    expect(documents).to_contain_text("PDF")

    # The Members are invited (all are ticked by default), with a deadline ahead.
    page.get_by_role("link", name="Participants and delegations").click()
    page.get_by_role("link", name="Invite", exact=True).click()
    expect(page.get_by_label("Indonesia", exact=True)).to_be_checked()
    page.get_by_label("Registration deadline").fill(f"{deadline.isoformat()}T17:00")
    page.get_by_role("button", name="Send the invitations").click()
    expect(page.get_by_role("status")).to_contain_text("invitations sent")
    expect(page.get_by_role("row").filter(has_text="Indonesia")).to_contain_text(
        "not registered yet"
    )

    # Indonesia's contact point finds the to-do on its home page and registers.
    switch_to(page, sign_in, CONTACT_POINT)
    page.goto("/me/")
    page.get_by_role("link", name=re.compile(r"Register your delegation for .*40")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delegation of Indonesia")
    page.get_by_label("Role of Mr Budi Santoso").select_option(label="head of delegation")
    page.get_by_role("button", name="Register the delegation").click()
    expect(page.get_by_role("status")).to_contain_text("Your delegation is registered")

    # The secretariat approves it.
    switch_to(page, sign_in, SECRETARIAT)
    page.goto(session_url + "participants/")
    page.get_by_role("button", name="Approve Indonesia", exact=True).click()
    expect(page.get_by_role("status")).to_be_visible()
    indonesia = page.get_by_role("row").filter(has_text="Indonesia")
    expect(indonesia).to_contain_text("Budi Santoso")
    expect(indonesia).to_contain_text("head of delegation")
    expect(indonesia).to_contain_text(re.compile("approved", re.I))

    # Indonesia sees the same list.
    switch_to(page, sign_in, CONTACT_POINT)
    page.goto(session_url + "participants/")
    indonesia = page.get_by_role("row").filter(has_text="Indonesia")
    expect(indonesia).to_contain_text("Budi Santoso")
    expect(indonesia).to_contain_text(re.compile("approved", re.I))
