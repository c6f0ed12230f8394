import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from secretariat.accounts.models import Invitation

from ..factories import PersonFactory


@pytest.mark.django_db
def test_home_asks_to_choose_a_time_zone_until_chosen(client, cast):
    client.force_login(cast.alice)
    assert "Choose your time zone" in client.get(reverse("accounts:home")).content.decode()
    cast.alice.time_zone = "Asia/Jakarta"
    cast.alice.save()
    assert "Choose your time zone" not in client.get(reverse("accounts:home")).content.decode()


@pytest.mark.django_db
def test_secretariat_sees_invitations_unanswered_for_a_week(client, cast, region):
    person = PersonFactory(region=region, name="Slow Responder")
    Invitation.objects.create(
        person=person,
        digest="x" * 64,
        created_at=timezone.now() - datetime.timedelta(days=8),
        expires_at=timezone.now() + datetime.timedelta(days=6),
    )
    client.force_login(cast.sam)
    assert (
        "Slow Responder has not yet accepted"
        in client.get(reverse("accounts:home")).content.decode()
    )
    client.force_login(cast.alice)  # not secretariat
    assert "Slow Responder" not in client.get(reverse("accounts:home")).content.decode()
