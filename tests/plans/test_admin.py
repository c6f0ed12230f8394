"""The secretariat builds a plan in the administration, for its own region only."""

from django.urls import reverse

from tests.factories import PASSWORD

from .conftest import build_plan


def test_secretariat_sees_its_plans_only(client, region, member, cast):
    plan = build_plan(region, coordinator=member)
    client.login(username=cast.sam.email, password=PASSWORD)
    assert client.get(reverse("admin:plans_plan_change", args=[plan.pk])).status_code == 200
    client.login(username=cast.alice.email, password=PASSWORD)
    response = client.get(reverse("admin:plans_plan_change", args=[plan.pk]))
    assert response.status_code in (302, 403)
