"""Screenshots of the key pages for the user guide, in English and in French.

    .venv/bin/python docs/screenshots.py            # all of them, into docs/images/
    .venv/bin/python docs/screenshots.py members    # only the shots whose name has "members"

It serves the Asia/Pacific demo on a throw-away database exactly as the browser tests do
(tests/e2e/server.py) and drives Debian's chromium. Desktop shots are 1280 pixels wide and
cut at 1400 pixels high (the top of a long page says what it is); the Members page is also
taken at phone width (390 pixels).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.server import CHROMIUM, DemoServer  # noqa: E402

IMAGES = ROOT / "docs" / "images"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
MAX_HEIGHT = 1400

# name, who is signed in (None: a visitor), path, viewport
SHOTS = [
    ("overview", None, "/ap/", DESKTOP),
    ("members", None, "/ap/members/", DESKTOP),
    ("members-2020", None, "/ap/members/?on=2020-11-12", DESKTOP),
    ("members-phone", None, "/ap/members/", PHONE),
    ("member-phone", "cp.indonesia@demo.example.org", "/ap/members/indonesia/", PHONE),
    ("member", None, "/ap/members/indonesia/", DESKTOP),
    ("entities", None, "/ap/entities/", DESKTOP),
    ("posts", None, "/ap/posts/", DESKTOP),
    ("post-vice-chair", None, "/ap/posts/vice-chair/", DESKTOP),
    ("sign-in", None, "/accounts/login/", DESKTOP),
    ("password-reset", None, "/accounts/password/reset/", DESKTOP),
    ("contact-point-home", "cp.indonesia@demo.example.org", "/me/", DESKTOP),
    ("member-signed-in", "cp.indonesia@demo.example.org", "/ap/members/indonesia/", DESKTOP),
    ("member-edit", "cp.indonesia@demo.example.org", "/ap/members/indonesia/edit/", DESKTOP),
    ("not-allowed", "cp.indonesia@demo.example.org", "/ap/members/australia/edit/", DESKTOP),
    ("head-home", "head.japan@demo.example.org", "/me/", DESKTOP),
    ("preferences", "head.japan@demo.example.org", "/me/preferences/", DESKTOP),
    ("tokens", "head.japan@demo.example.org", "/me/tokens/", DESKTOP),
    ("manage", "secretariat@demo.example.org", "/ap/manage/", DESKTOP),
    ("person-add", "secretariat@demo.example.org", "/ap/manage/people/add/", DESKTOP),
    ("person", "secretariat@demo.example.org", "person:Budi Santoso", DESKTOP),
    ("role-assign", "secretariat@demo.example.org", "person:Budi Santoso:roles", DESKTOP),
    ("hand-over", "secretariat@demo.example.org", "person:Budi Santoso:hand-over", DESKTOP),
    ("holding-add", "secretariat@demo.example.org", "/ap/manage/holdings/add/", DESKTOP),
    ("audit", "secretariat@demo.example.org", "/ap/manage/audit/", DESKTOP),
    ("joint-session", "cp.indonesia@demo.example.org", "session:RCP30", DESKTOP),
    ("agenda-edit", "secretariat@demo.example.org", "session:RCP30:agenda", DESKTOP),
    ("participants", "secretariat@demo.example.org", "session:RCP30:participants", DESKTOP),
    ("live-delegate", "cp.indonesia@demo.example.org", "session:RCP30:live", DESKTOP),
    ("live-chair", "secretariat@demo.example.org", "session:RCP30:live/chair", DESKTOP),
    ("live-screen", "secretariat@demo.example.org", "session:RCP30:live/screen", DESKTOP),
    ("register", None, "/ap/decisions/", DESKTOP),
    ("vote-result", None, "/ap/decisions/?q=Regional+priorities", DESKTOP),
    ("matters-arising", "secretariat@demo.example.org", "/ap/actions/", DESKTOP),
    ("news-item", None, "news:", DESKTOP),
    ("news-archive", None, "/ap/news/", DESKTOP),
    ("news-edit", "secretariat@demo.example.org", "news:edit/", DESKTOP),
    ("gallery", None, "gallery:", DESKTOP),
    ("gallery-phone", None, "gallery:", PHONE),
    ("gallery-manage", "secretariat@demo.example.org", "gallery:photos/", DESKTOP),
    ("photo-upload", "secretariat@demo.example.org", "gallery:photos/add/", DESKTOP),
    ("plan-dashboard", None, "/ap/plans/rsp-2020-2022/", DESKTOP),
    ("plan-indicator", None, "indicator:3.2.a", DESKTOP),
    ("plan-indicator-edit", "secretariat@demo.example.org", "indicator:3.2.a:edit", DESKTOP),
    ("plan-review", "secretariat@demo.example.org", "/ap/plans/rsp-2020-2022/review/", DESKTOP),
    ("activity-report", "secretariat@demo.example.org", "/ap/reports/", DESKTOP),
    ("record", "secretariat@demo.example.org", "record:RHCAC21", DESKTOP),
    ("record-comments", "cp.australia@demo.example.org", "record:RHCAC21", DESKTOP),
    ("record-comment-form", "cp.indonesia@demo.example.org", "record:RHCAC22:comment", DESKTOP),
]


def use_language(page, language: str) -> None:
    """Switch with the header's button, as a person would (a signed-in person keeps it)."""
    page.goto("/ap/")
    if page.locator("html").get_attribute("lang") != language:
        page.locator(f"form.lang button[value={language}]").click()
        page.wait_for_load_state()


def open_shot(page, path: str) -> None:
    """Go to `path`; "person:NAME[:roles|:hand-over]" finds a person from the Manage page,
    "session:REFERENCE[:agenda|:participants]" a meeting's session from the Meetings page,
    "record:REFERENCE[:comment]" a summary record (with its first comment form open),
    "gallery:[rest]" the first photo gallery (and `rest` under its address), "news:[rest]"
    the newest news item (and `rest` under its address), "indicator:CODE[:edit]" an indicator
    of the 2020–2022 plan."""
    if path.startswith("indicator:"):
        _, code, *step = path.split(":")
        page.goto("/ap/plans/rsp-2020-2022/")
        page.get_by_role("link", name=code).first.click()
        page.wait_for_load_state()
        if step:
            page.goto(page.url + f"{step[0]}/")
        return
    if path.startswith("news:"):
        page.goto("/ap/news/")
        page.locator(".news-summary h3 a").first.click()
        page.wait_for_load_state()
        if path != "news:":
            page.goto(page.url + path.removeprefix("news:"))
        return
    if path.startswith("gallery:"):
        page.goto("/ap/galleries/")
        page.locator("ul.sessions > li a").first.click()
        page.wait_for_load_state()
        if path != "gallery:":
            page.goto(page.url + path.removeprefix("gallery:"))
        return
    if path.startswith("record:"):
        _, reference, *step = path.split(":")
        page.goto("/ap/meetings/records/")
        page.locator("ul.records > li", has_text=reference).get_by_role("link").first.click()
        page.wait_for_load_state()
        if step == ["comment"]:
            page.locator("details.comment-form summary").first.click()
        return
    if path.startswith("session:"):
        _, reference, *step = path.split(":")
        page.goto("/ap/meetings/")
        page.locator("ul.sessions > li", has_text=reference).get_by_role("link").first.click()
        page.wait_for_load_state()
        if step:
            page.goto(page.url + f"{step[0]}/")
        return
    if not path.startswith("person:"):
        page.goto(path)
        return
    _, name, *step = path.split(":")
    page.goto("/ap/manage/")
    page.get_by_role("link", name=name, exact=False).first.click()
    if step == ["roles"]:
        page.locator("a[href$='/roles/add/']").click()
    elif step == ["hand-over"]:
        page.locator("a[href*='/hand-over/']").first.click()
    page.wait_for_load_state()


def take(browser, server, shots, language: str) -> list[Path]:
    written = []
    by_account: dict[str | None, list] = {}
    for shot in shots:
        by_account.setdefault(shot[1], []).append(shot)
    for account, group in by_account.items():
        for viewport in (DESKTOP, PHONE):
            todo = [s for s in group if s[3] is viewport]
            if not todo:
                continue
            context = browser.new_context(
                base_url=server.url,
                viewport=viewport,
                device_scale_factor=1,
                locale={"en": "en-GB", "fr": "fr-FR"}[language],
            )
            page = context.new_page()
            if account:
                server.sign_in(page, account)
            use_language(page, language)
            for name, _account, path, _viewport in todo:
                open_shot(page, path)
                page.wait_for_load_state("networkidle")
                height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
                target = IMAGES / f"{name}.{language}.png"
                page.screenshot(
                    path=target,
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": viewport["width"], "height": height},
                )
                written.append(target)
            context.close()
    return written


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    wanted = [s for s in SHOTS if not argv or any(a in s[0] for a in argv)]
    IMAGES.mkdir(parents=True, exist_ok=True)
    with DemoServer() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        for language in ("en", "fr"):
            for path in take(browser, server, wanted, language):
                print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
