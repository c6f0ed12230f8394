"""From 'add a person' to a signed-in account, through a real mail and its link."""

import datetime
import email
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import reverse

from secretariat.accounts.models import Invitation, User
from secretariat.core.models import AuditEntry
from secretariat.regions.models import Person

GOOD_PASSWORD = "Borobudur-lantern-42"


def add_person(client, cast, member, capture, **extra):
    client.force_login(cast.sam)
    data = {
        "honorific": "Ms",
        "name": "Sari Dewi",
        "position_en": "Director of Customs Facilitation",
        "email": "sari@customs.go.id",
        "member": member.pk,
        "invite": "on",
    } | extra
    with capture(execute=True):
        response = client.post(reverse("accounts:person-add", args=["ap"]), data)
    client.logout()
    return response


def body_of(envelope) -> str:
    return email.message_from_bytes(envelope.content).get_payload(decode=True).decode()


def link_in(envelope) -> str:
    url = re.search(r"https?://\S+/me/invitation/\S+/", body_of(envelope)).group(0)
    return urlsplit(url).path


@pytest.fixture
def invited(client, cast, member, smtp, django_capture_on_commit_callbacks):
    """Sam adds and invites Sari; returns the path of the link she receives."""
    response = add_person(client, cast, member, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert len(smtp) == 1
    return link_in(smtp[0])


def activate(client, path, password, again=None):
    return client.post(path, {"password1": password, "password2": again or password})


@pytest.mark.django_db
class TestInvitationFlow:
    def test_the_mail_arrives_with_a_working_link(self, client, smtp, invited):
        envelope = smtp[0]
        assert envelope.rcpt_tos == ["sari@customs.go.id"]
        assert "Subject: Your invitation to the A/P Secretariat" in envelope.content.decode()
        text = body_of(envelope)
        assert "Dear Sari Dewi," in text
        assert "the link works for 14 days" in text
        person = Person.objects.get(email="sari@customs.go.id")
        assert not person.user.has_usable_password()
        # Only a hash of the key in the link is stored.
        key = invited.rstrip("/").rsplit("/", 1)[1]
        assert not Invitation.objects.filter(digest=key).exists()
        assert AuditEntry.objects.filter(action="invited", target_id=str(person.pk)).exists()

        response = client.get(invited)
        assert response.status_code == 200
        assert "Activate your account" in response.text
        assert "Welcome, Sari Dewi. Choose a password to sign in as sari@customs.go.id." in (
            response.text
        )

    def test_weak_password_is_refused_with_a_clear_message(self, client, invited):
        response = activate(client, invited, "password")
        assert response.status_code == 400
        assert "This password is too short. It must contain at least 10 characters." in (
            response.text
        )
        assert "This password is too common." in response.text
        assert not User.objects.get(email="sari@customs.go.id").has_usable_password()
        assert "_auth_user_id" not in client.session

    def test_different_passwords_are_refused(self, client, invited):
        response = activate(client, invited, GOOD_PASSWORD, GOOD_PASSWORD + "x")
        assert response.status_code == 400
        assert "The two passwords differ." in response.text

    def test_a_french_user_reads_the_refusal_in_french(self, client, invited):
        User.objects.filter(email="sari@customs.go.id").update(language="fr")
        response = activate(client, invited, "password")
        assert response.status_code == 400
        assert '<html lang="fr">' in response.text
        assert "Ce mot de passe est trop courant." in response.text

    def test_the_visitors_own_language_choice_wins(self, client, invited):
        User.objects.filter(email="sari@customs.go.id").update(language="fr")
        client.post(reverse("accounts:language"), {"language": "en", "next": invited})
        response = activate(client, invited, "password")
        assert "This password is too common." in response.text

    def test_a_good_password_activates_and_signs_in(self, client, invited):
        response = activate(client, invited, GOOD_PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:home")
        user = User.objects.get(email="sari@customs.go.id")
        assert user.check_password(GOOD_PASSWORD) and user.is_active
        home = client.get(reverse("accounts:home"))
        assert home.status_code == 200
        assert "Welcome, Sari Dewi" in home.text
        assert "Welcome! Your account is active." in home.text
        # She can sign in again later with that password.
        client.logout()
        assert client.login(email="sari@customs.go.id", password=GOOD_PASSWORD)

    def test_the_link_works_only_once(self, client, invited):
        activate(client, invited, GOOD_PASSWORD)
        client.logout()
        response = client.get(invited)
        assert response.status_code == 404
        assert "This invitation is not valid" in response.text
        response = activate(client, invited, "Another-password-77")
        assert response.status_code == 404
        assert User.objects.get(email="sari@customs.go.id").check_password(GOOD_PASSWORD)

    def test_an_expired_link_shows_the_not_valid_page(self, client, invited):
        with time_machine.travel(datetime.timedelta(days=15)):
            response = client.get(invited)
            assert response.status_code == 404
            assert "This invitation is not valid" in response.text
            activate(client, invited, GOOD_PASSWORD)
        assert not User.objects.get(email="sari@customs.go.id").has_usable_password()

    def test_a_new_invitation_replaces_the_old_link(
        self, client, cast, smtp, invited, django_capture_on_commit_callbacks
    ):
        person = Person.objects.get(email="sari@customs.go.id")
        client.force_login(cast.sam)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("accounts:person-invite", args=["ap", person.pk]))
        client.logout()
        assert len(smtp) == 2
        assert client.get(invited).status_code == 404
        assert client.get(link_in(smtp[1])).status_code == 200

    def test_a_garbage_key_shows_the_not_valid_page(self, client, db):
        response = client.get(reverse("accounts:invitation-accept", args=["nonsense"]))
        assert response.status_code == 404
        assert "This invitation is not valid" in response.text


@pytest.mark.django_db
def test_adding_without_invite_sends_nothing(
    client, cast, member, smtp, django_capture_on_commit_callbacks
):
    response = add_person(client, cast, member, django_capture_on_commit_callbacks, invite="")
    assert response.status_code == 302
    assert smtp == []
    person = Person.objects.get(email="sari@customs.go.id")
    assert person.user is None and person.member == member
