import datetime

import pytest

from secretariat.core.permissions import SYSTEM
from secretariat.plans import services
from secretariat.plans.models import Indicator, Plan
from tests.factories import EntityFactory

D = datetime.date


def build_plan(
    region,
    *,
    indicators=3,
    coordinator=None,
    entity=None,
    slug="rsp-2020-2022",
    audience=Plan.Audience.PUBLIC,
    status=Plan.Status.ENDORSED,
):
    """A plan with two periods, two focus areas and `indicators` indicators spread over them."""
    plan = services.plan_create(
        region=region,
        by=SYSTEM,
        slug=slug,
        title_en="Regional Strategic Plan 2020–2022",
        title_fr="Plan stratégique régional 2020-2022",
        starts_on=D(2020, 7, 1),
        ends_on=D(2022, 6, 30),
        status=status,
        dashboard_audience=audience,
    )
    periods = [
        services.period_add(
            plan=plan, by=SYSTEM, label="2020–21", starts_on=D(2020, 7, 1), ends_on=D(2021, 6, 30)
        ),
        services.period_add(
            plan=plan, by=SYSTEM, label="2021–22", starts_on=D(2021, 7, 1), ends_on=D(2022, 6, 30)
        ),
    ]
    areas = [
        services.focus_area_add(plan=plan, by=SYSTEM, number=n, title_en=f"Focus area {n}")
        for n in (1, 2)
    ]
    objectives = [
        services.objective_add(
            focus_area=a, by=SYSTEM, number=f"{a.number}.1", title_en=f"Objective {a.number}.1"
        )
        for a in areas
    ]
    for i in range(indicators):
        services.indicator_add(
            objective=objectives[i % 2],
            by=SYSTEM,
            code=f"I{i + 1}",
            title_en=f"Indicator {i + 1}",
            unit="%",
            baseline_value=0,
            baseline_on=D(2020, 6, 30),
            coordinator_member=coordinator,
            coordinator_entity=entity,
            targets={periods[0]: 50, periods[1]: 100},
        )
    return plan


@pytest.fixture
def plan(region, member, cast):
    return build_plan(region, coordinator=member)


@pytest.fixture
def indicator(plan):
    return Indicator.objects.filter(objective__focus_area__plan=plan).order_by("code").first()


@pytest.fixture
def period(plan):
    return plan.periods.order_by("starts_on").first()


@pytest.fixture
def entity(region):
    return EntityFactory(region=region, slug="rocb", short_name_en="ROCB A/P")


@pytest.fixture
def send_file(client, django_capture_on_commit_callbacks):
    """Post a spreadsheet to an import page, let the queued import run, and open where it ends."""

    def send(url, upload):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"file": upload})
        if response.status_code != 302:
            return response
        return client.get(response["Location"], follow=True)

    return send
