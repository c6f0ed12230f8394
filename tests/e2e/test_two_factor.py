"""A secretariat member signs in, is sent to set up TOTP, enters a code and reaches their pages.

The shared demo server lets its people in with a password alone; this one requires
two-factor authentication of the secretariat, as production does.
"""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from .server import DemoServer, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SECRETARIAT = "secretariat@demo.example.org"


class TwoFactorDemoServer(DemoServer):
    def _env(self):
        return super()._env() | {"SECRETARIAT_MFA_REQUIRED": "1"}


@pytest.fixture(scope="module")
def server():
    server = TwoFactorDemoServer().start()
    yield server
    server.stop()


@pytest.fixture
def page(browser, server, console):
    context = browser.new_context(base_url=server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    console.attach(page)
    yield page
    context.close()
    assert not console, "The browser reported errors:\n" + "\n".join(console)


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_secretariat_sets_up_totp_then_reaches_the_secretariat_page(page, server):
    sign_in(page, server.url, SECRETARIAT, server.password)
    page.goto("/ap/manage/")
    # allauth asks for the password again before an authenticator is added.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    expect(page.get_by_role("status")).to_contain_text(
        "Your secretariat role requires two-factor authentication"
    )
    page.locator("input[name=password]").fill(server.password)
    page.locator("main button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(current_code(secret))
    page.get_by_role("button", name="Activate").click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    page.goto("/ap/manage/")
    expect(page).to_have_url(re.compile(r"/ap/manage/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
