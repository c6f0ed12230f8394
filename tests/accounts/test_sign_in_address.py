"""One sign-in address per account, changed only by its holder (issue 14, items 1 and 4).

allauth's email page (/accounts/email/) let head.japan add another person's address, "make
primary" answered 500 yet marked it primary, and a reset for that address then mailed a link
for head.japan's account. The page is now the sign-in address page: the holder asks for a new
address with their password, a link goes to the new address, the change happens when they
follow it, and the old address is told. Every mail goes through the real SMTP fixture.
"""

import email
import re
from urllib.parse import urlsplit

import pytest
from allauth.account.internal.userkit import filter_users_by_email
from allauth.account.models import EmailAddress

from secretariat.accounts.models import User

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
PAGE = "/accounts/email/"
NEW = "bob.new@customs.example"


def body_of(envelope) -> str:
    return email.message_from_bytes(envelope.content).get_payload(decode=True).decode()


def subject_of(envelope) -> str:
    return str(email.message_from_bytes(envelope.content)["Subject"])


def link_in(envelope, pattern) -> str:
    return urlsplit(re.search(r"https?://\S+" + pattern + r"\S*", body_of(envelope))[0]).path


def reset(client, address):
    return client.post("/accounts/password/reset/", {"email": address})


def test_another_persons_address_is_refused_and_stays_theirs(client, cast, smtp):
    bob, alice = cast.bob, cast.alice
    client.force_login(bob)
    # allauth's own form fields, as the old page took them...
    client.post(PAGE, {"action_add": "", "email": alice.email})
    client.post(PAGE, {"action_primary": "", "email": alice.email})
    # ...and the page's own, with the right password.
    response = client.post(PAGE, {"email": alice.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Another account signs in with this address." in response.text
    bob.refresh_from_db()
    assert bob.email == "bob@example.org"
    assert not EmailAddress.objects.filter(user=bob).exclude(email=bob.email).exists()
    assert filter_users_by_email(alice.email) == [alice]
    smtp.clear()
    client.logout()
    reset(client, alice.email)
    assert [e.rcpt_tos for e in smtp] == [[alice.email]]
    form = client.get(link_in(smtp[0], "/accounts/password/reset/key/"), follow=True)
    new = "a-new-long-passphrase"
    client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert alice.check_password(new) and bob.check_password(PASSWORD)


def test_the_holder_changes_it_through_the_new_address_and_the_old_one_is_told(client, cast, smtp):
    bob = cast.bob
    client.force_login(bob)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "You sign in as <strong>bob@example.org</strong>" in page.text
    wrong = client.post(PAGE, {"email": NEW, "password": "not-my-password"})
    assert wrong.status_code == 400 and smtp == []

    asked = client.post(PAGE, {"email": NEW, "password": PASSWORD}, follow=True)
    assert "A confirmation link is on its way to bob.new@customs.example" in asked.text
    assert [e.rcpt_tos for e in smtp] == [[NEW]]
    assert subject_of(smtp[0]) == "Confirm your new sign-in address"
    confirm = link_in(smtp[0], "/me/sign-in-address/")
    bob.refresh_from_db()
    assert bob.email == "bob@example.org"  # nothing changes until the link is followed

    shown = client.get(confirm)
    assert shown.status_code == 200 and NEW in shown.text
    bob.refresh_from_db()
    assert bob.email == "bob@example.org"  # a mail scanner opening the link changes nothing
    done = client.post(confirm, follow=True)
    assert "You now sign in as bob.new@customs.example." in done.text
    bob.refresh_from_db()
    assert bob.email == NEW
    assert [e.rcpt_tos for e in smtp][1:] == [["bob@example.org"]]
    assert subject_of(smtp[1]) == "Your sign-in address has changed"
    assert "now signs in as bob.new@customs.example" in body_of(smtp[1])
    assert bob.person.email == "bob@example.org"  # the contact address is another matter

    assert client.post(confirm).status_code == 404  # used once
    client.logout()
    assert client.login(email=NEW, password=PASSWORD)
    client.logout()
    smtp.clear()
    reset(client, "bob@example.org")  # the old address opens nothing any more
    assert smtp == []


def test_a_link_works_only_for_its_holder(client, cast, smtp):
    client.force_login(cast.bob)
    client.post(PAGE, {"email": NEW, "password": PASSWORD})
    confirm = link_in(smtp[0], "/me/sign-in-address/")
    client.force_login(cast.alice)
    assert client.get(confirm).status_code == 404
    assert client.post(confirm).status_code == 404
    client.logout()
    assert urlsplit(client.post(confirm)["Location"]).path == "/accounts/login/"
    assert set(User.objects.values_list("email", flat=True)) >= {
        "bob@example.org",
        "alice@example.org",
    }
    assert not User.objects.filter(email=NEW).exists()


def test_the_address_cannot_be_taken_between_asking_and_confirming(client, cast, smtp):
    client.force_login(cast.bob)
    client.post(PAGE, {"email": NEW, "password": PASSWORD})
    confirm = link_in(smtp[0], "/me/sign-in-address/")
    User.objects.filter(pk=cast.alice.pk).update(email=NEW, username=NEW)
    response = client.post(confirm)
    assert response.status_code == 404
    assert "Another account signs in with this address." in response.text
    cast.bob.refresh_from_db()
    assert cast.bob.email == "bob@example.org"


class TestAllauthMail:
    def test_a_reset_mail_names_the_site_and_links_only_what_works(self, client, cast, smtp):
        reset(client, cast.alice.email)
        text = body_of(smtp[0])
        assert "Hello from Secretariat!" in text
        assert "Thank you for using Secretariat!" in text
        assert "from !" not in text and "using !" not in text
        for url in re.findall(r"https?://\S+", text):
            path = urlsplit(url).path
            assert client.get(path).status_code in (200, 302), path
            assert "signup" not in path

    def test_a_reset_for_an_unknown_address_mails_nothing(self, client, db, smtp):
        response = reset(client, "nobody@example.org")
        assert response.status_code == 302  # the same answer as for a known address
        assert smtp == []

    def test_the_reset_pages_say_what_a_reset_revokes(self, client, cast):
        page = client.get("/accounts/password/reset/")
        assert "also revokes your API access tokens and your calendar address" in page.text
