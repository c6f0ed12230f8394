"""The browser tier: Debian's chromium, driven by Playwright, against the demo served by uvicorn.

`demo_server` starts once per session (a fresh database with the Asia/Pacific demo; see
server.py) and stops at the end. `page` is a new browser context per test, so each test
starts signed out and in English; `sign_in(page, email)` signs in as a demo account.
Every page a test opens is watched: a console error or a CSP violation fails the test.
"""

import os

import pytest

from .server import CHROMIUM, DemoServer


@pytest.fixture(scope="session")
def demo_server():
    server = DemoServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


class ConsoleWatch(list):
    """Console errors, uncaught exceptions and CSP violations seen by a page.

    A test that provokes an error on purpose (a 403 page) says so with `allow(text)`.
    """

    def __init__(self):
        super().__init__()
        self.allowed: list[str] = []

    def allow(self, text: str) -> None:
        self.allowed.append(text)

    def _console(self, message):
        if message.type == "error" and not any(a in message.text for a in self.allowed):
            self.append(f"console: {message.text} @ {message.location['url']}")

    def attach(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.append(f"uncaught: {e}"))
        # A CSP violation also fires this DOM event; the init script runs outside the page's CSP.
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => console.error("
            "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
        )


@pytest.fixture
def console():
    return ConsoleWatch()


@pytest.fixture
def page(browser, demo_server, console):
    context = browser.new_context(
        base_url=demo_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    console.attach(page)
    yield page
    context.close()
    assert not console, "The browser reported errors:\n" + "\n".join(console)


@pytest.fixture
def sign_in(demo_server):
    """sign_in(page, email): sign in as one of the demo accounts the demo printed."""
    return demo_server.sign_in
