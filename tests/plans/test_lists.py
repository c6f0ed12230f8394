"""List pages: the same number of queries at 1 and at 10 rows."""

import pytest
from django.urls import reverse

from secretariat.core.permissions import SYSTEM
from secretariat.plans import services
from tests.factories import PASSWORD

from .conftest import build_plan


@pytest.mark.parametrize("rows", [1, 10])
def test_plan_list(client, region, member, cast, rows, django_assert_num_queries):
    for n in range(rows):
        build_plan(region, coordinator=member, indicators=0, slug=f"plan-{n}")
    client.login(username=cast.charlie.email, password=PASSWORD)
    with django_assert_num_queries(5):
        response = client.get(reverse("plans:plan-list", args=["ap"]))
    assert response.content.decode().count("Regional Strategic Plan 2020–2022</a>") == rows


@pytest.mark.parametrize("rows", [1, 10])
def test_survey_list(client, region, cast, rows, django_assert_num_queries):
    for n in range(rows):
        survey = services.survey_create(region=region, by=SYSTEM, title_en=f"Survey {n}")
        services.question_add(survey=survey, by=SYSTEM, kind="text", text_en="Comments")
        services.survey_open(survey=survey, by=SYSTEM)
    client.login(username=cast.charlie.email, password=PASSWORD)
    with django_assert_num_queries(5):
        response = client.get(reverse("plans:survey-list", args=["ap"]))
    assert response.content.decode().count(">Open</span>") == rows


@pytest.mark.parametrize("rows", [1, 10])
def test_review_queue(client, region, member, cast, rows, django_assert_num_queries):
    plan = build_plan(region, coordinator=member, indicators=rows)
    period = plan.periods.first()
    for indicator in [
        i for a in plan.focus_areas.all() for o in a.objectives.all() for i in o.indicators.all()
    ]:
        services.progress_report(
            indicator=indicator, period=period, by=cast.alice, value=1, submit=True
        )
    client.login(username=cast.sam.email, password=PASSWORD)
    with django_assert_num_queries(6):
        response = client.get(reverse("plans:review-queue", args=["ap", plan.slug]))
    assert response.content.decode().count("2020–21</td>") == rows
