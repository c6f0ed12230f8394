"""The plan's endorsing decision: a link to the register, seen by those who may see it."""

import pytest
from django.core.exceptions import ValidationError

from secretariat.core.visibility import Visibility
from secretariat.decisions import services as decisions
from secretariat.plans import services
from tests.decisions.conftest import item, make_proposal, meeting  # noqa: F401 (fixtures)
from tests.factories import PASSWORD, RegionFactory


@pytest.fixture
def decide(make_proposal, cast):  # noqa: F811
    def decide(visibility=Visibility.PUBLIC):
        proposal = make_proposal(
            title="Strategic Plan 2020–2022", by=cast.sam, visibility=visibility
        )
        decisions.proposal_table(proposal=proposal, by=cast.sam)
        return decisions.proposal_decide(proposal=proposal, by=cast.sam, outcome="endorsed")

    return decide


def test_the_plan_page_links_the_endorsing_decision(client, plan, decide, cast):
    decision = decide()
    services.plan_update(plan=plan, by=cast.sam, endorsing_decision=decision)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert f'Endorsed by decision <a href="{decision.get_absolute_url()}">RHCAC21/D1</a>' in page


def test_a_decision_the_reader_may_not_see_falls_back_to_the_text(client, plan, decide, cast):
    decision = decide(visibility=Visibility.SECRETARIAT)
    services.plan_update(
        plan=plan, by=cast.sam, endorsing_decision=decision, endorsement="the Joint Session"
    )
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "RHCAC21/D1" not in page and "Endorsed by the Joint Session" in page
    client.login(username=cast.sam.email, password=PASSWORD)
    assert "RHCAC21/D1" in client.get(plan.get_absolute_url()).content.decode()


def test_a_decision_of_another_region_is_refused(plan, decide, cast):
    decision = decide()
    decision.region = RegionFactory(slug="esa2", short_name_en="ESA2")
    with pytest.raises(ValidationError, match="belongs to another region"):
        services.plan_update(plan=plan, by=cast.sam, endorsing_decision=decision)
    plan.refresh_from_db()
    assert plan.endorsing_decision is None


def test_the_api_gives_the_endorsing_decisions_reference_to_who_may_see_it(
    client, plan, decide, cast
):
    decision = decide(visibility=Visibility.SECRETARIAT)
    services.plan_update(plan=plan, by=cast.sam, endorsing_decision=decision)
    url = f"/api/regions/ap/plans/{plan.slug}"
    assert client.get(url).json()["endorsing_decision"] is None
    assert client.get("/api/regions/ap/plans").json()[0]["endorsing_decision"] is None
    client.login(username=cast.sam.email, password=PASSWORD)
    assert client.get(url).json()["endorsing_decision"] == "RHCAC21/D1"
    assert client.get("/api/regions/ap/plans").json()[0]["endorsing_decision"] == "RHCAC21/D1"
