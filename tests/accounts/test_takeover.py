"""No one takes over an account through its contact address (issue 14, item 1).

Decision 0002: `Person.email` is the contact address (meeting mail), `User.email` the sign-in
address; sign-in, reset and invitation mail go to the sign-in address, which only its holder
changes. An invitation is for a sign-in nobody holds yet and never touches one in use.
"""

import email
import re
from urllib.parse import urlsplit

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from secretariat.accounts import services
from secretariat.accounts.models import Invitation
from secretariat.demo import asia_pacific
from secretariat.regions.models import Person

from ..factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db
ATTACKER = "attacker@evil.example"


def body_of(envelope) -> str:
    return email.message_from_bytes(envelope.content).get_payload(decode=True).decode()


def contact_edit(client, person, **changes):
    member = person.member
    url = reverse("regions:contact-edit", args=[member.region.slug, member.slug, person.pk])
    data = {
        "honorific": person.honorific,
        "name": person.name,
        "position_en": person.position_en,
        "position_fr": person.position_fr,
        "email": person.email,
        "phone": person.phone,
        "version": person.version,
    } | changes
    return client.post(url, data)


def invite(client, person, capture):
    with capture(execute=True):
        return client.post(reverse("accounts:person-invite", args=["ap", person.pk]), follow=True)


def test_the_secretariat_cannot_take_over_an_account_through_its_contact_address(
    client, cast, smtp, django_capture_on_commit_callbacks
):
    """The attack of the issue: change the contact's address, invite, accept the mail."""
    bob = cast.bob
    TOTP.activate(bob, "JBSWY3DPEHPK3PXP")  # his account has a second factor
    client.force_login(cast.sam)
    assert contact_edit(client, bob.person, email=ATTACKER).status_code == 302
    bob.refresh_from_db()
    assert bob.email == "bob@example.org"  # the contact address changed, the sign-in did not

    response = invite(client, bob.person, django_capture_on_commit_callbacks)
    assert "already signs in" in response.text
    assert [e.rcpt_tos for e in smtp] == []  # no mail, to the new address nor anywhere
    assert not Invitation.objects.filter(person=bob.person).exists()
    bob.refresh_from_db()
    assert bob.check_password(PASSWORD)


def test_an_open_invitation_dies_once_its_account_is_claimed(
    client, cast, member, smtp, django_capture_on_commit_callbacks
):
    person = PersonFactory(region=member.region, member=member, email="sari@customs.go.id")
    client.force_login(cast.sam)
    invite(client, person, django_capture_on_commit_callbacks)
    path = urlsplit(re.search(r"https?://\S+/me/invitation/\S+/", body_of(smtp[0]))[0]).path
    person.refresh_from_db()
    # She set a password another way meanwhile (a reset from the sign-in page).
    person.user.set_password("Her-own-password-1")
    person.user.save()
    client.logout()
    assert client.get(path).status_code == 404
    response = client.post(path, {"password1": "Taken-over-77", "password2": "Taken-over-77"})
    assert response.status_code == 404
    person.user.refresh_from_db()
    assert person.user.check_password("Her-own-password-1")
    assert "_auth_user_id" not in client.session


def test_accepting_refuses_an_account_in_use(cast, member):
    person = PersonFactory(region=member.region, member=member, email="sari@customs.go.id")
    invitation = services.person_invite(person=person, by=cast.sam)
    person.user.set_password("Her-own-password-1")
    person.user.save()
    with pytest.raises(Exception, match="no longer valid"):
        services.invitation_accept(invitation=invitation, password="Taken-over-77")
    person.user.refresh_from_db()
    assert person.user.check_password("Her-own-password-1")


def test_a_new_invitation_follows_a_corrected_contact_address_until_claimed(
    client, cast, member, smtp, django_capture_on_commit_callbacks
):
    person = PersonFactory(region=member.region, member=member, email="sari@custms.go.id")
    client.force_login(cast.sam)
    invite(client, person, django_capture_on_commit_callbacks)
    person.refresh_from_db()
    assert contact_edit(client, person, email="sari@customs.go.id").status_code == 302
    invite(client, person, django_capture_on_commit_callbacks)
    assert [e.rcpt_tos for e in smtp] == [["sari@custms.go.id"], ["sari@customs.go.id"]]
    person.user.refresh_from_db()
    assert person.user.email == "sari@customs.go.id"


def test_a_contact_point_editing_their_contact_address_keeps_the_sign_in(client, cast):
    client.force_login(cast.alice)
    person = cast.alice.person
    assert contact_edit(client, person, email="office@customs.example").status_code == 302
    cast.alice.refresh_from_db()
    assert cast.alice.email == "alice@example.org"
    assert Person.objects.get(pk=person.pk).email == "office@customs.example"


def test_the_demo_restarts_after_a_contact_point_renamed_its_own_contact(client):
    """`make demo` loads the demo again at each start; it failed with an IntegrityError on
    accounts_user.email once cp.indonesia had renamed Budi Santoso (himself)."""
    region = asia_pacific.load()
    budi = Person.objects.get(region=region, user__email="cp.indonesia@demo.example.org")
    client.force_login(budi.user)
    response = contact_edit(
        client, budi, name="Budi Santoso Jr", email="budi.santoso@customs.example"
    )
    assert response.status_code == 302
    people = Person.objects.count()
    asia_pacific.load()
    assert Person.objects.count() == people
    budi.refresh_from_db()
    assert (budi.name, budi.user.email) == ("Budi Santoso Jr", "cp.indonesia@demo.example.org")
