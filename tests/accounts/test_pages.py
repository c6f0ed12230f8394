"""Home, preferences, the language switch and API tokens."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from secretariat.accounts.models import AccessToken, User
from secretariat.regions.models import Role

from ..factories import RoleFactory, UserFactory

HOME = reverse("accounts:home")
PREFERENCES = reverse("accounts:preferences")
LANGUAGE = reverse("accounts:language")
TOKENS = reverse("accounts:tokens")


@pytest.mark.django_db
class TestHome:
    def test_lists_current_roles(self, client, cast, member, other_member):
        person = cast.alice.person
        RoleFactory(
            person=person,
            kind=Role.Kind.HEAD_OF_CUSTOMS,
            member=other_member,
            starts_on=datetime.date(2018, 1, 1),
            ends_on=datetime.date(2019, 12, 31),
        )
        client.force_login(cast.alice)
        response = client.get(HOME)
        assert response.status_code == 200
        assert "Contact point — Indonesia" in response.text
        assert "Head of Customs" not in response.text  # ended in 2019

    def test_a_user_without_roles_is_told_so(self, client, db):
        client.force_login(UserFactory())
        response = client.get(HOME)
        assert "You have no current role." in response.text

    def test_anonymous_is_sent_to_sign_in(self, client, db):
        response = client.get(HOME)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={HOME}"


@pytest.mark.django_db
class TestPreferences:
    def test_language_and_zone_are_saved_and_applied(self, client, cast):
        client.force_login(cast.alice)
        response = client.post(PREFERENCES, {"language": "fr", "time_zone": "Asia/Jakarta"})
        assert response.status_code == 302
        user = User.objects.get(pk=cast.alice.pk)
        assert (user.language, user.time_zone) == ("fr", "Asia/Jakarta")
        page = client.get(PREFERENCES)
        assert '<html lang="fr">' in page.text
        assert 'value="Asia/Jakarta" selected' in page.text
        # Django's own strings come in French too.
        bad = client.post(PREFERENCES, {"language": "fr", "time_zone": "Mars/Olympus"})
        assert bad.status_code == 400
        assert "Sélectionnez un choix valide" in bad.text
        assert User.objects.get(pk=cast.alice.pk).time_zone == "Asia/Jakarta"

    def test_times_are_shown_in_the_persons_zone(self, client, cast):
        with time_machine.travel(datetime.datetime(2020, 11, 12, 3, 0, tzinfo=datetime.UTC)):
            AccessToken.issue(user=cast.alice, name="Statistics")
        User.objects.filter(pk=cast.alice.pk).update(time_zone="Pacific/Tongatapu")
        client.force_login(cast.alice)
        assert "Nov. 12, 2020, 4 p.m. Pacific/Tongatapu (UTC+13:00)" in client.get(TOKENS).text
        User.objects.filter(pk=cast.alice.pk).update(language="fr", time_zone="Asia/Jakarta")
        assert "12 novembre 2020 10:00 WIB (UTC+07:00)" in client.get(TOKENS).text

    def test_anonymous_is_sent_to_sign_in(self, client, db):
        response = client.post(PREFERENCES, {"language": "fr", "time_zone": "UTC"})
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
class TestLanguageSwitch:
    def test_anonymous_gets_a_cookie_and_the_next_page_in_french(self, client, region):
        response = client.post(LANGUAGE, {"language": "fr", "next": "/ap/members/"})
        assert response.status_code == 302
        assert response["Location"] == "/ap/members/"
        assert response.cookies["django_language"].value == "fr"
        assert '<html lang="fr">' in client.get("/ap/members/").text

    def test_a_signed_in_person_keeps_the_choice(self, client, cast):
        client.force_login(cast.alice)
        client.post(LANGUAGE, {"language": "fr", "next": "/"})
        assert User.objects.get(pk=cast.alice.pk).language == "fr"

    @pytest.mark.parametrize(
        "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
    )
    def test_an_unsafe_next_is_not_followed(self, client, db, target):
        response = client.post(LANGUAGE, {"language": "fr", "next": target})
        assert response.status_code == 302
        assert response["Location"] == "/"

    def test_an_unknown_language_changes_nothing(self, client, cast):
        client.force_login(cast.alice)
        response = client.post(LANGUAGE, {"language": "xx", "next": "/"})
        assert "django_language" not in response.cookies
        assert User.objects.get(pk=cast.alice.pk).language == "en"

    def test_get_is_not_allowed(self, client, db):
        assert client.get(LANGUAGE, {"language": "fr"}).status_code == 405


@pytest.mark.django_db
class TestTokens:
    def test_the_secret_is_shown_once_and_stored_only_hashed(self, client, cast):
        client.force_login(cast.alice)
        response = client.post(TOKENS, {"name": "Monthly statistics"})
        assert response.status_code == 200
        secret = response.context["secret"]
        assert secret.startswith("sec_") and secret in response.text
        assert "it is shown only once" in response.text
        token = AccessToken.objects.get(user=cast.alice)
        assert token.name == "Monthly statistics"
        assert token.digest != secret and secret not in token.digest
        assert token.hint == secret[:8]
        assert AccessToken.find(secret) == token
        again = client.get(TOKENS)
        assert secret not in again.text
        assert "Monthly statistics" in again.text

    def test_a_blank_name_is_refused(self, client, cast):
        client.force_login(cast.alice)
        response = client.post(TOKENS, {"name": "   "})
        assert response.status_code == 400
        assert not AccessToken.objects.exists()

    def test_revoking_ones_own_token(self, client, cast):
        token, secret = AccessToken.issue(user=cast.alice, name="Statistics")
        client.force_login(cast.alice)
        response = client.post(reverse("accounts:token-revoke", args=[token.pk]))
        assert response.status_code == 302
        token.refresh_from_db()
        assert token.revoked_at is not None
        assert AccessToken.find(secret) is None
        assert "The token “Statistics” is revoked." in client.get(TOKENS).text

    @pytest.mark.parametrize("who", ["bob", "charlie", "sam"])
    def test_someone_elses_token_is_not_found_and_stays(self, client, cast, who):
        token, secret = AccessToken.issue(user=cast.alice, name="Statistics")
        client.force_login(getattr(cast, who))
        response = client.post(reverse("accounts:token-revoke", args=[token.pk]))
        assert response.status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None
        assert AccessToken.find(secret) == token
        assert "Statistics" not in client.get(TOKENS).text

    def test_anonymous_cannot_list_or_revoke(self, client, cast):
        token, _secret = AccessToken.issue(user=cast.alice, name="Statistics")
        assert client.get(TOKENS).status_code == 302
        response = client.post(reverse("accounts:token-revoke", args=[token.pk]))
        assert response.status_code == 302
        token.refresh_from_db()
        assert token.revoked_at is None

    def test_a_deactivated_users_token_no_longer_works(self, cast):
        _token, secret = AccessToken.issue(user=cast.alice, name="Statistics")
        User.objects.filter(pk=cast.alice.pk).update(is_active=False)
        assert AccessToken.find(secret) is None
