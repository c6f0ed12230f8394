"""Two-factor authentication: the secretariat must set it up; anyone may; sign-in asks for it."""

import email
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from secretariat.core.models import OutboxMessage

from ..factories import PASSWORD

LOGIN = "/accounts/login/"
ACTIVATE = "/accounts/2fa/totp/activate/"
MANAGE = "/ap/manage/"


def code_for(secret: str, *, step: int = 0) -> str:
    """The code an authenticator app shows now (or `step` periods later)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


def sign_in(client, user):
    return client.post(LOGIN, {"login": user.email, "password": PASSWORD})


def confirm_password(client, user):
    """allauth asks for the password again before a change of authenticator."""
    response = client.post(f"/accounts/reauthenticate/?next={ACTIVATE}", {"password": PASSWORD})
    assert response["Location"] == ACTIVATE


def subject_of(envelope) -> str:
    return str(email.message_from_bytes(envelope.content)["Subject"])


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED_FOR_SECRETARIAT = True


@pytest.mark.django_db
class TestSecretariatMustSetItUp:
    def test_every_page_but_the_account_pages_leads_to_the_set_up(self, client, cast, required):
        sign_in(client, cast.sam)
        for path in (MANAGE, "/me/", "/ap/members/"):
            response = client.get(path)
            assert response.status_code == 302, path
            assert response["Location"] == ACTIVATE
        assert client.get(ACTIVATE)["Location"].startswith("/accounts/reauthenticate/")
        confirm_password(client, cast.sam)
        page = client.get(ACTIVATE)
        assert page.status_code == 200
        assert "requires two-factor authentication" in page.text

    def test_an_action_is_refused_too_and_changes_nothing(self, client, cast, region, required):
        sign_in(client, cast.sam)
        response = client.post(f"/ap/manage/people/{cast.bob.person.pk}/deactivate/")
        assert response.status_code == 302
        assert response["Location"] == ACTIVATE
        cast.bob.person.refresh_from_db()
        assert cast.bob.person.is_active

    def test_other_roles_are_not_asked(self, client, cast, required):
        sign_in(client, cast.bob)
        assert client.get("/me/").status_code == 200

    def test_off_when_the_setting_says_so(self, client, cast, settings):
        settings.MFA_REQUIRED_FOR_SECRETARIAT = False
        sign_in(client, cast.sam)
        assert client.get(MANAGE).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_setting_up_totp_opens_the_secretariat_pages_and_mails_the_person(
    client, cast, required, smtp
):
    sign_in(client, cast.sam)
    confirm_password(client, cast.sam)
    form = client.get(ACTIVATE).context["form"]
    wrong = client.post(ACTIVATE, {"code": "000000" if code_for(form.secret) != "000000" else "1"})
    assert wrong.status_code == 200
    assert "Incorrect code." in wrong.text
    assert not Authenticator.objects.filter(user=cast.sam).exists()

    done = client.post(ACTIVATE, {"code": code_for(form.secret)})
    assert done.status_code == 302
    assert done["Location"] == "/accounts/2fa/recovery-codes/"
    codes = client.get(done["Location"])
    assert len(codes.context["unused_codes"]) == 10
    assert client.get(MANAGE).status_code == 200
    assert {a.type for a in Authenticator.objects.filter(user=cast.sam)} == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }
    sent = OutboxMessage.objects.filter(to=cast.sam.email)
    assert {m.status for m in sent} == {OutboxMessage.Status.SENT}
    assert [subject_of(e) for e in smtp] == ["[Secretariat] Authenticator App Activated"]


@pytest.mark.django_db
class TestSignInWithTwoFactor:
    @pytest.fixture
    def secret(self, cast):
        secret = "JBSWY3DPEHPK3PXP"
        TOTP.activate(cast.bob, secret)
        return secret

    def test_the_password_alone_does_not_sign_in(self, client, cast, secret):
        response = sign_in(client, cast.bob)
        assert response["Location"] == "/accounts/2fa/authenticate/"
        assert client.get("/me/")["Location"].startswith(LOGIN)

    def test_the_code_completes_the_sign_in(self, client, cast, secret):
        sign_in(client, cast.bob)
        response = client.post("/accounts/2fa/authenticate/", {"code": code_for(secret)})
        assert response.status_code == 302
        assert client.get("/me/").status_code == 200

    def test_a_wrong_code_is_refused(self, client, cast, secret):
        sign_in(client, cast.bob)
        response = client.post("/accounts/2fa/authenticate/", {"code": "12345"})
        assert response.status_code == 200
        assert "Incorrect code." in response.text
        assert client.get("/me/").status_code == 302

    def test_a_recovery_code_works_once(self, client, cast, secret):
        code = RecoveryCodes.activate(cast.bob).generate_codes()[0]
        sign_in(client, cast.bob)
        assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
        client.post("/accounts/logout/")
        sign_in(client, cast.bob)
        again = client.post("/accounts/2fa/authenticate/", {"code": code})
        assert again.status_code == 200
        assert "Incorrect code." in again.text

    def test_in_french(self, client, cast, secret):
        cast.bob.language = "fr"
        cast.bob.save()
        sign_in(client, cast.bob)
        page = client.get("/accounts/2fa/authenticate/", HTTP_ACCEPT_LANGUAGE="fr")
        assert "Authentification à deux facteurs" in page.text or "deux facteurs" in page.text
