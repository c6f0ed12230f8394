"""Eligibility rules are data: the region's secretariat sets them in the administration."""

import pytest
from django.urls import reverse

from secretariat.core.models import AuditEntry
from secretariat.nominations.models import EligibilityRule

from ..factories import PostFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_secretariat_adds_a_rule_for_its_own_post_and_it_is_audited(client, cast, region):
    post = PostFactory(region=region, name_en="Vice-Chair")
    far = PostFactory(region=RegionFactory(slug="wca"), name_en="Far post")
    client.force_login(cast.sam)
    add = reverse("admin:nominations_eligibilityrule_add")
    assert "Far post" not in client.get(add).text
    response = client.post(add, {"post": post.pk, "kind": "max_consecutive", "number": 2})
    assert response.status_code == 302
    assert EligibilityRule.objects.get().number == 2
    assert AuditEntry.objects.filter(
        region_id=post.region_id, target_repr__startswith="Vice-Chair"
    ).exists()
    refused = client.post(add, {"post": far.pk, "kind": "current_member"})
    assert refused.status_code == 200 and EligibilityRule.objects.count() == 1


@pytest.mark.parametrize("who", ["alice", "dana"])
def test_others_cannot_reach_the_rules(client, cast, who):
    client.force_login(getattr(cast, who))
    response = client.get(reverse("admin:nominations_eligibilityrule_changelist"))
    assert response.status_code in (302, 403)
