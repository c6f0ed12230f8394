"""Signing in through allauth's page; the demo password; sign-up closed."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from secretariat.accounts.backends import DEMO_PASSWORD
from secretariat.accounts.models import User

from ..factories import PASSWORD, UserFactory

LOGIN = "/accounts/login/"
WRONG = "The email address and/or password you specified are not correct."


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()  # allauth counts failed sign-ins per address in the cache
    yield
    cache.clear()


def sign_in(client, email, password):
    return client.post(LOGIN, {"login": email, "password": password})


@pytest.mark.django_db
class TestSignIn:
    def test_email_and_password_sign_in(self, client, cast):
        assert client.get(LOGIN).status_code == 200
        response = sign_in(client, "alice@example.org", PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:home")
        assert client.get(reverse("accounts:home")).context["user"] == cast.alice

    def test_email_is_not_case_sensitive(self, client, cast):
        response = sign_in(client, "Alice@Example.org", PASSWORD)
        assert response.status_code == 302

    def test_wrong_password_is_refused(self, client, cast):
        response = sign_in(client, "alice@example.org", "not-the-password")
        assert response.status_code == 200
        assert WRONG in response.text
        assert "_auth_user_id" not in client.session

    def test_a_deactivated_person_cannot_sign_in(self, client, cast):
        User.objects.filter(pk=cast.alice.pk).update(is_active=False)
        sign_in(client, "alice@example.org", PASSWORD)
        assert "_auth_user_id" not in client.session

    def test_next_is_followed_when_on_this_site(self, client, cast):
        response = client.post(
            f"{LOGIN}?next=/ap/members/", {"login": "alice@example.org", "password": PASSWORD}
        )
        assert response["Location"] == "/ap/members/"

    def test_next_to_another_site_is_not_followed(self, client, cast):
        response = client.post(
            f"{LOGIN}?next=https://evil.example/",
            {"login": "alice@example.org", "password": PASSWORD},
        )
        assert response.status_code == 302
        assert "evil.example" not in response["Location"]


@pytest.mark.django_db
class TestDemoPassword:
    @pytest.fixture
    def demo_user(self):
        return UserFactory(email="vice.chair@demo.example", password=DEMO_PASSWORD)

    def test_refused_outside_demo_mode_even_when_it_is_the_real_password(
        self, client, settings, demo_user
    ):
        assert settings.DEMO is False
        assert demo_user.check_password(DEMO_PASSWORD)
        response = sign_in(client, "vice.chair@demo.example", DEMO_PASSWORD)
        assert response.status_code == 200
        assert WRONG in response.text
        assert "_auth_user_id" not in client.session
        assert not client.login(email="vice.chair@demo.example", password=DEMO_PASSWORD)

    def test_accepted_in_demo_mode(self, client, settings, demo_user):
        settings.DEMO = True
        response = sign_in(client, "vice.chair@demo.example", DEMO_PASSWORD)
        assert response.status_code == 302
        assert int(client.session["_auth_user_id"]) == demo_user.pk


@pytest.mark.django_db
class TestSignUpClosed:
    def test_sign_up_page_says_closed_and_creates_nobody(self, client):
        response = client.get("/accounts/signup/")
        assert response.status_code == 200
        assert "Sign Up Closed" in response.text
        client.post(
            "/accounts/signup/",
            {"email": "intruder@example.org", "password1": "Quite-a-long-one-9"},
        )
        assert not User.objects.filter(email="intruder@example.org").exists()
