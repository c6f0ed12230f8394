"""Sign-in attempts limited, password rules, sessions revocable, mail on a password change."""

import email

import pytest
from django.test import Client

from secretariat.core.models import OutboxMessage

from ..factories import PASSWORD, UserFactory

LOGIN = "/accounts/login/"
TOO_MANY = "Too many failed login attempts. Try again later."


def sign_in(client, address, password, ip="192.0.2.1"):
    return client.post(LOGIN, {"login": address, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
class TestSignInAttemptsAreLimited:
    def test_per_account_even_from_several_addresses(self, client, cast):
        for i in range(5):
            refused = sign_in(client, cast.bob.email, "wrong-password", ip=f"192.0.2.{i}")
            assert TOO_MANY not in refused.text
        blocked = sign_in(client, cast.bob.email, PASSWORD, ip="192.0.2.99")
        assert blocked.status_code == 200
        assert TOO_MANY in blocked.text
        assert "_auth_user_id" not in client.session
        # Another account is not blocked by Bob's failures.
        assert sign_in(client, cast.charlie.email, PASSWORD, ip="192.0.2.98").status_code == 302

    def test_per_address_across_accounts(self, client, db):
        users = [UserFactory(email=f"person{i}@example.org") for i in range(11)]
        for user in users[:10]:
            assert TOO_MANY not in sign_in(client, user.email, "wrong-password").text
        blocked = sign_in(client, users[10].email, PASSWORD)
        assert TOO_MANY in blocked.text
        assert "_auth_user_id" not in client.session
        assert sign_in(Client(), users[10].email, PASSWORD, ip="198.51.100.7").status_code == 302

    def test_the_message_is_in_french(self, client, cast):
        for _ in range(5):
            sign_in(client, cast.bob.email, "wrong-password")
        blocked = client.post(
            LOGIN, {"login": cast.bob.email, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="fr"
        )
        assert "Trop de tentatives" in blocked.text


@pytest.mark.django_db
class TestPasswordChange:
    URL = "/accounts/password/change/"

    def change(self, client, new):
        return client.post(self.URL, {"oldpassword": PASSWORD, "password1": new, "password2": new})

    @pytest.mark.parametrize(
        ("password", "message"),
        [
            ("qwertyuiop", "This password is too common."),
            ("short-1", "This password is too short."),
            ("4829175630", "This password is entirely numeric."),
        ],
    )
    def test_weak_passwords_are_refused(self, client, cast, password, message):
        client.force_login(cast.bob)
        response = self.change(client, password)
        assert response.status_code == 200
        assert message in response.text
        cast.bob.refresh_from_db()
        assert cast.bob.check_password(PASSWORD)

    @pytest.mark.django_db(transaction=True)
    def test_a_change_is_mailed_to_the_person_through_the_outbox(self, client, cast, smtp):
        client.force_login(cast.bob)
        response = self.change(client, "a-long-and-fresh-passphrase")
        assert response.status_code == 302
        cast.bob.refresh_from_db()
        assert cast.bob.check_password("a-long-and-fresh-passphrase")
        message = OutboxMessage.objects.get(to=cast.bob.email)
        assert message.status == OutboxMessage.Status.SENT
        [envelope] = smtp
        parsed = email.message_from_bytes(envelope.content)
        assert parsed["Subject"] == "[Secretariat] Password Changed"
        assert parsed["To"] == cast.bob.email
        assert "password has been changed" in parsed.get_payload(decode=True).decode()


@pytest.mark.django_db
class TestSessions:
    def test_listed_and_the_others_revoked(self, cast):
        laptop, phone = Client(), Client()
        for browser in (laptop, phone):
            assert sign_in(browser, cast.bob.email, PASSWORD).status_code == 302
        home = laptop.get("/me/")
        assert "/accounts/sessions/" in home.text
        listed = laptop.get("/accounts/sessions/")
        assert listed.context["session_count"] == 2
        assert phone.get("/me/").status_code == 200
        assert laptop.post("/accounts/sessions/").status_code == 302
        assert phone.get("/me/").status_code == 302  # signed out there
        assert laptop.get("/me/").status_code == 200
        assert laptop.get("/accounts/sessions/").context["session_count"] == 1

    def test_signed_out_visitors_are_sent_to_sign_in(self, client):
        response = client.get("/accounts/sessions/")
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
