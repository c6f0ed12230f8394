"""A second region set up from nothing in the browser, with no admin page and no command
(issue 21): the platform administrator opens West and Central Africa and invites its first
secretariat person, who imports its Members from a file, adds a sub-region, an entity, an
organisation, a post and a meeting series, and invites the shared WCO Secretariat to a
published meeting. The test counts the pages opened and the steps taken (a click that
leads on, or a form sent), and keeps the screenshots the issue asks for."""

import csv
import io
import os
import re
import subprocess
import sys
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .server import DemoServer, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ADMIN = "admin@demo.example.org"
AWA = "awa.diop@example.org"
PASSWORD = "a-long-passphrase-for-awa"
SHOTS = (
    Path(os.environ.get("SECRETARIAT_SHOTS", "")) if os.environ.get("SECRETARIAT_SHOTS") else None
)

DGD = "Direction générale des douanes"
MEMBERS = [
    # short (en, fr), official (en, fr), administration (en), sub-region, code, joined
    ("Senegal", "Sénégal", "Republic of Senegal", "République du Sénégal", "SAH", "SN", 1976),
    ("Côte d'Ivoire", "Côte d'Ivoire", "Republic of Côte d'Ivoire", "", "GG", "CI", 1963),
    ("Mali", "Mali", "Republic of Mali", "République du Mali", "SAH", "ML", 1965),
    ("Cameroon", "Cameroun", "Republic of Cameroon", "République du Cameroun", "GG", "CM", 1965),
    ("Burkina Faso", "Burkina Faso", "Burkina Faso", "Burkina Faso", "SAH", "BF", 1967),
]
SUB = {"SAH": "Sahel and Atlantic", "GG": "Gulf of Guinea"}
HEADER = (
    "short_name_en,short_name_fr,official_name_en,official_name_fr,administration_en,"
    "administration_fr,sub_region,country_code,joined_on,contact_name,contact_position,"
    "contact_position_fr,contact_email"
)
CONTACT = ["Moussa Ba", "Regional contact point", "Point de contact régional", "mb@example.org"]


def _members_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER.split(","))
    for i, (en, fr, off_en, off_fr, sub, code, year) in enumerate(MEMBERS):
        contact = CONTACT if i == 0 else ["", "", "", ""]
        row = [en, fr, off_en, off_fr, "Customs", DGD, SUB[sub], code, f"{year}-01-01"]
        writer.writerow(row + contact)
    return out.getvalue()


# A platform with no region yet: its administrator, and the bodies every region shares (the
# WCO Secretariat and its Secretary General), made as the demo makes them.
PLATFORM = """
import django
django.setup()
from secretariat.accounts.backends import DEMO_PASSWORD
from secretariat.accounts.models import User
from secretariat.demo import asia_pacific
User.objects.create_superuser(email=asia_pacific.ADMIN_EMAIL, password=DEMO_PASSWORD)
asia_pacific.load_shared()
print(DEMO_PASSWORD)
"""


class EmptyPlatform(DemoServer):
    """The demo server's process and settings, on a platform that holds no region: the new
    region is set up from nothing, and the shared demo's other tests are left alone."""

    def start(self):
        try:
            if self._postgres:  # a database of its own, as the demo server makes
                self._db_url = self._postgres.create()
            env = self._env()
            run = {"env": env, "cwd": self.data_dir, "capture_output": True, "text": True}
            subprocess.run(
                [sys.executable, "-m", "secretariat", "migrate"], check=True, timeout=900, **run
            )
            made = subprocess.run([sys.executable, "-c", PLATFORM], check=True, timeout=300, **run)
            self.password = made.stdout.strip().splitlines()[-1]
            self._log = self.log_path.open("wb")
            self._process = self._uvicorn(self.port)
            self._wait_until_up(timeout=300)  # a loaded machine starts uvicorn slowly
        except BaseException:
            self.stop()
            raise
        return self


@pytest.fixture(scope="module")
def site():
    server = EmptyPlatform().start()
    yield server
    server.stop()


class Walk:
    """Counts the pages a person opens and the steps they take."""

    def __init__(self):
        self.pages: list[str] = []
        self.steps: list[str] = []

    def watch(self, page):
        page.on("framenavigated", lambda frame: frame == page.main_frame and self._page(frame.url))

    def _page(self, url):
        path = re.sub(r"^https?://[^/]+", "", url).split("?")[0]
        self.pages.append(path)

    def step(self, what):
        self.steps.append(what)


def _shoot(page, name):
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def _invitation_link(server, email):
    for path in sorted((server.data_dir / "demo-mail").glob("*.log")):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if not raw.strip():
                continue
            message = message_from_bytes(raw.strip(), policy=default)
            if message["To"] == email:
                body = message.get_body(("plain",)).get_content()
                return re.search(r"https?://\S+/me/invitation/\S+/", body)[0]
    raise AssertionError(f"No invitation mail to {email}")


def _manage(page, walk, link):
    page.get_by_role("link", name="Manage", exact=True).click()
    walk.step("Manage")
    page.get_by_role("link", name=link, exact=True).click()
    walk.step(link)


def _send(page, walk, button="Save"):
    page.get_by_role("button", name=button).click()
    walk.step(f"send: {button}")


@pytest.fixture
def patient():
    """A loaded machine answers slowly: wait longer for what the page should show."""
    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=5_000)


def test_a_second_region_from_nothing(browser, site, tmp_path, console, patient):
    walk = Walk()

    # The platform administrator opens the region and invites its first secretariat person.
    admin = browser.new_context(base_url=site.url, locale="en-GB")
    admin.set_default_timeout(60_000)
    page = admin.new_page()
    console.attach(page)
    walk.watch(page)
    sign_in(page, site.url, ADMIN, site.password)
    walk.step("sign in")
    page.goto("/me/")
    page.get_by_role("link", name="Open a region").click()
    walk.step("Open a region")
    page.locator("[name=name_en]").fill("West and Central Africa")
    page.locator("[name=name_fr]").fill("Afrique occidentale et centrale")
    page.locator("[name=short_name_en]").fill("West and Central Africa")
    page.locator("[name=short_name_fr]").fill("Afrique occidentale et centrale")
    page.locator("[name=abbreviation]").fill("AOC")
    page.locator("[name=slug]").fill("wca")
    page.locator("[name=time_zone]").select_option("Africa/Abidjan")
    page.locator("[name=person_name]").fill("Awa Diop")
    page.locator("[name=person_email]").fill(AWA)
    page.locator("[name=person_position]").fill("Regional secretariat officer")
    _send(page, walk, "Open the region and invite")
    expect(page.get_by_role("status")).to_contain_text("Awa Diop is invited")
    admin.close()

    # Awa follows the link in her mail, chooses a password and sets the region up.
    context = browser.new_context(base_url=site.url, locale="en-GB")
    context.set_default_timeout(60_000)
    page = context.new_page()
    console.attach(page)
    walk.watch(page)
    link = _invitation_link(site, AWA)
    assert link.startswith(site.url), link  # the site's address, not port 8000
    page.goto(link)
    page.locator("[name=password1]").fill(PASSWORD)
    page.locator("[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name="Activate").click()
    walk.step("activate")
    page.goto("/wca/")

    for sub in ("Sahel and Atlantic", "Gulf of Guinea"):
        _manage(page, walk, "Add a sub-region")
        page.locator("[name=name_en]").fill(sub)
        _send(page, walk)
        expect(page.get_by_role("status")).to_contain_text(f"The sub-region {sub} is added.")

    members = tmp_path / "wca-members.csv"
    members.write_text(_members_csv(), encoding="utf-8")
    _manage(page, walk, "Import Members")
    page.locator("[name=file]").set_input_files(str(members))
    _send(page, walk, "Send the file")
    expect(page.get_by_role("status")).to_have_text(
        "Dry run, nothing written: 6 would be created, 0 updated, 0 unchanged."
    )
    page.locator("[name=file]").set_input_files(str(members))
    page.locator("[name=dry_run]").uncheck()
    _send(page, walk, "Send the file")
    expect(page.get_by_role("status")).to_have_text("6 created, 0 updated, 0 unchanged.")

    _manage(page, walk, "Add a regional entity")
    page.locator("[name=kind]").select_option(label="Regional Office for Capacity Building")
    page.locator("[name=name_en]").fill("Regional Office for Capacity Building WCA")
    page.locator("[name=name_fr]").fill("Bureau régional de renforcement des capacités AOC")
    page.locator("[name=short_name_en]").fill("ROCB WCA")
    page.locator("[name=city]").fill("Abidjan")
    _send(page, walk)

    _manage(page, walk, "Add an organisation")
    page.locator("[name=kind]").select_option(label="Partner organisation")
    page.locator("[name=name_en]").fill("ECOWAS Commission")
    page.locator("[name=name_fr]").fill("Commission de la CEDEAO")
    _send(page, walk)
    expect(page.get_by_role("heading", name="WCO Secretariat")).to_be_visible()  # shared

    _manage(page, walk, "Add a post")
    page.locator("[name=name_en]").fill("Vice-Chair")
    page.locator("[name=name_fr]").fill("Vice-présidence")
    page.locator("[name=body_en]").fill("WCO Council and Policy Commission")
    page.locator("[name=term_months]").fill("24")
    page.locator("[name=term_start_month]").select_option(label="July")
    _send(page, walk)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vice-Chair")
    expect(page.get_by_text("Vacant", exact=True)).to_be_visible()
    post_url = page.url

    _add_series(page, walk)
    _add_meeting_and_invite(page, walk)

    # What the region looks like now.
    page.goto("/wca/")
    walk.step("home")
    expect(page.locator(".card .stat").first).to_have_text("5")
    _shoot(page, "new-region-home")
    page.goto("/wca/members/")
    expect(page.get_by_role("link", name="Senegal")).to_be_visible()
    _shoot(page, "new-region-members")
    page.goto(post_url)
    _shoot(page, "new-region-post")
    context.close()

    # No admin page and no command: every page was the site's own.
    assert not [p for p in walk.pages if p.startswith("/admin/")], walk.pages
    distinct = sorted(set(walk.pages))
    print(
        f"\nSet-up: {len(distinct)} distinct pages, {len(walk.pages)} page loads, "
        f"{len(walk.steps)} steps"
    )
    print("Pages:", ", ".join(distinct))
    print("Steps:", ", ".join(walk.steps))


def _add_series(page, walk):
    page.goto("/wca/meetings/")
    page.get_by_role("link", name="New series").click()
    walk.step("New series")
    page.locator("[name=name_en]").fill("Conference of Directors General of Customs")
    page.locator("[name=name_fr]").fill("Conférence des directeurs généraux des douanes")
    page.locator("[name=reference]").fill("CDG")
    _send(page, walk)


def _add_meeting_and_invite(page, walk):
    page.goto("/wca/meetings/")
    page.get_by_role("link", name="New meeting").click()
    walk.step("New meeting")
    page.locator("[name=series]").select_option(label="Conference of Directors General of Customs")
    page.locator("[name=number]").fill("1")
    page.locator("[name=visibility]").select_option("public")
    _send(page, walk, "Create the meeting")
    expect(page.get_by_role("status")).to_contain_text("The meeting is created")
    publish = page.get_by_role("button", name="Publish")
    if publish.count():
        publish.click()
        walk.step("Publish")
    page.get_by_role("link", name="Participants and delegations").click()
    walk.step("Participants")
    page.get_by_role("link", name="Invite", exact=True).click()
    walk.step("Invite")
    page.get_by_label("WCO Secretariat", exact=True).check()
    page.get_by_label("Senegal", exact=True).check()
    page.locator("[name=deadline]").fill("2030-01-01T12:00")
    _send(page, walk, "Send the invitations")
    expect(page.get_by_role("status")).to_contain_text("invitations sent")
