"""Links in mail point to the site's configured address, never to the request's Host header;
`make demo PORT=8103` (`secretariat demo --port 8103`) sets that address from its port."""

import io
import re

import pytest
from django.core.management import call_command

from secretariat.accounts.services import person_invite
from secretariat.core.models import OutboxMessage
from secretariat.core.permissions import SYSTEM
from secretariat.regions.models import Person


@pytest.mark.django_db
def test_the_demo_on_another_port_sends_invitation_links_to_that_port(settings, monkeypatch):
    # Today invitation mail from `make demo PORT=8103` linked to port 8000.
    monkeypatch.delenv("SECRETARIAT_SITE_URL", raising=False)
    settings.DEMO = True
    settings.SITE_URL = "http://127.0.0.1:8000"  # the default; restored after the test
    call_command("demo", "--port", "8103", "--no-serve", stdout=io.StringIO())
    person = Person.objects.get(name="Heru Pambudi")
    person.email = "heru@example.org"
    person.save()
    person_invite(person=person, by=SYSTEM)
    body = OutboxMessage.objects.get(to="heru@example.org").body
    assert re.search(r"http://127\.0\.0\.1:8103/me/invitation/\S+", body)
    assert ":8000" not in body


@pytest.mark.django_db
def test_a_password_reset_link_ignores_the_host_header(client, cast, settings):
    settings.SITE_URL = "https://secretariat.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "elsewhere.example.net"]
    response = client.post(
        "/accounts/password/reset/", {"email": cast.alice.email}, HTTP_HOST="elsewhere.example.net"
    )
    assert response.status_code == 302
    body = OutboxMessage.objects.get(to=cast.alice.email).body
    assert "https://secretariat.example.org/accounts/password/reset/key/" in body
    assert "elsewhere.example.net" not in body
