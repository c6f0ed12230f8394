"""The secretariat builds plans and surveys on its own pages: who may, input kept on errors,
a stale edit refused with both versions shown, every change audited."""

import pytest
from django.urls import reverse

from secretariat.core.models import AuditEntry
from secretariat.core.permissions import SYSTEM
from secretariat.plans import services
from secretariat.plans.models import (
    Activity,
    FocusArea,
    Indicator,
    Objective,
    Plan,
    Question,
    ReportingPeriod,
    Survey,
    Target,
)
from tests.factories import PASSWORD


def _filled(form):
    """What the browser sends for `form` as it was shown."""
    values = {name: form[name].value() for name in form.fields}
    return {name: "" if value is None else value for name, value in values.items()}


def _login(client, user):
    if user is not None:
        client.login(username=user.email, password=PASSWORD)


@pytest.fixture
def survey(region, plan, cast):
    survey = services.survey_create(region=region, by=cast.sam, title_en="Survey 2021", plan=plan)
    services.question_add(survey=survey, by=cast.sam, kind="yes_no", text_en="Adopted?")
    return survey


def _pages(plan, indicator, survey):
    """(url, a valid POST for it, the model it would add or change) for every building page."""
    objective, area = indicator.objective, indicator.objective.focus_area
    activity = services.activity_add(objective=objective, by=SYSTEM, title_en="Workshop")
    question = survey.questions.get()
    p = [plan.region.slug, plan.slug]
    s = [plan.region.slug, survey.pk]
    dates = {"starts_on": "2022-07-01", "ends_on": "2023-06-30"}
    return [
        (reverse("plans:plan-add", args=p[:1]), {"slug": "x", "title_en": "X", **dates}, Plan),
        (reverse("plans:plan-edit", args=p), {"title_en": "X", **dates}, Plan),
        (reverse("plans:period-add", args=p), {"label": "x", **dates}, ReportingPeriod),
        (reverse("plans:focus-area-add", args=p), {"number": 9, "title_en": "X"}, FocusArea),
        (reverse("plans:focus-area-edit", args=[*p, area.pk]), {"title_en": "X"}, FocusArea),
        (reverse("plans:objective-add", args=[*p, area.pk]), {"title_en": "X"}, Objective),
        (reverse("plans:objective-edit", args=[*p, objective.pk]), {"title_en": "X"}, Objective),
        (reverse("plans:activity-add", args=[*p, objective.pk]), {"title_en": "X"}, Activity),
        (reverse("plans:activity-edit", args=[*p, activity.pk]), {"title_en": "X"}, Activity),
        (reverse("plans:indicator-add", args=[*p, objective.pk]), {"title_en": "X"}, Indicator),
        (reverse("plans:indicator-edit", args=[*p, indicator.pk]), {"title_en": "X"}, Indicator),
        (reverse("plans:survey-add", args=p[:1]), {"title_en": "X"}, Survey),
        (reverse("plans:survey-edit", args=s), {"title_en": "X"}, Survey),
        (reverse("plans:question-add", args=s), {"text_en": "X", "kind": "text"}, Question),
        (
            reverse("plans:question-edit", args=[*s, question.pk]),
            {"text_en": "X", "kind": "text"},
            Question,
        ),
    ]


def _state(model):
    return sorted(
        model.objects.values_list("pk", "version" if model is not ReportingPeriod else "pk")
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [("sam", 200), ("alice", 403), ("bob", 403), ("charlie", 403), ("dana", 403), (None, 302)],
)
def test_only_the_secretariat_builds(client, cast, plan, indicator, survey, who, expected):
    """alice coordinates the plan's indicators and still may not change its structure."""
    _login(client, getattr(cast, who) if who else None)
    for url, data, model in _pages(plan, indicator, survey):
        assert client.get(url).status_code == expected, url
        if expected != 200:
            before, audited = _state(model), AuditEntry.objects.count()
            assert client.post(url, data).status_code == expected, url
            assert _state(model) == before and AuditEntry.objects.count() == audited, url


def test_the_secretariat_builds_a_plan_from_nothing(client, cast, region, member):
    _login(client, cast.sam)
    response = client.post(
        reverse("plans:plan-add", args=["ap"]),
        {
            "slug": "rsp-2022-2024",
            "title_en": "Regional Strategic Plan 2022–2024",
            "starts_on": "2022-07-01",
            "ends_on": "2024-06-30",
            "status": "draft",
            "dashboard_audience": "public",
            "on_track_margin": 10,
            "at_risk_margin": 25,
        },
    )
    plan = Plan.objects.get(slug="rsp-2022-2024")
    assert response["Location"] == plan.get_absolute_url()
    p = ["ap", plan.slug]
    client.post(
        reverse("plans:period-add", args=p),
        {"label": "2022–23", "starts_on": "2022-07-01", "ends_on": "2023-06-30"},
    )
    period = plan.periods.get()
    client.post(
        reverse("plans:focus-area-add", args=p),
        {"number": 1, "title_en": "Trade facilitation", "weight": 2},
    )
    area = plan.focus_areas.get()
    client.post(
        reverse("plans:objective-add", args=[*p, area.pk]),
        {
            "number": "1.1",
            "title_en": "Single window",
            "weight": 1,
            "coordinator_member": member.pk,
        },
    )
    objective = area.objectives.get()
    client.post(
        reverse("plans:activity-add", args=[*p, objective.pk]),
        {"title_en": "Regional workshop", "status": "planned", "is_milestone": "on"},
    )
    response = client.post(
        reverse("plans:indicator-add", args=[*p, objective.pk]),
        {
            "objective": objective.pk,
            "code": "1.1.a",
            "title_en": "Members with a single window",
            "unit": "Members",
            "baseline_value": "10",
            "baseline_on": "2022-06-30",
            "direction": "up",
            "weight": 1,
            "coordinator_member": member.pk,
            f"target_{period.pk}": "15",
        },
    )
    indicator = objective.indicators.get()
    assert response["Location"] == indicator.get_absolute_url()
    assert indicator.targets.get().value == 15 and indicator.coordinator_member == member
    assert objective.activities.get().is_milestone
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Single window" in page and "Members with a single window" in page
    created = AuditEntry.objects.filter(actor=cast.sam, action="created")
    assert {e.target_type.model for e in created} >= {
        "plan",
        "reportingperiod",
        "focusarea",
        "objective",
        "activity",
        "indicator",
    }


def test_a_refused_form_keeps_what_was_typed(client, cast, plan):
    _login(client, cast.sam)
    response = client.post(
        reverse("plans:plan-add", args=["ap"]),
        {
            "slug": "late",
            "title_en": "Kept title",
            "starts_on": "2024-07-01",
            "ends_on": "2022-06-30",
            "status": "draft",
            "dashboard_audience": "public",
            "on_track_margin": 15,
            "at_risk_margin": 30,
        },
    )
    assert response.status_code == 400
    assert "The end comes before the start." in response.text
    assert 'value="Kept title"' in response.text
    assert not Plan.objects.filter(slug="late").exists()
    response = client.post(
        reverse("plans:focus-area-add", args=["ap", plan.slug]),
        {"number": 1, "title_en": "Twice", "weight": 1},
    )
    assert response.status_code == 400 and 'value="Twice"' in response.text
    assert "already has a focus area with this number" in response.text


def test_a_stale_edit_is_refused_with_both_versions(client, cast, plan, indicator):
    _login(client, cast.sam)
    url = reverse("plans:indicator-edit", args=["ap", plan.slug, indicator.pk])
    data = _filled(client.get(url).context["form"])
    services.indicator_update(indicator=indicator, by=cast.sam, title_en="Their title")
    response = client.post(url, {**data, "title_en": "My title"})
    assert response.status_code == 409
    assert "Someone else saved this after you opened it" in response.text
    assert "Their title" in response.text and 'value="My title"' in response.text
    indicator.refresh_from_db()
    assert indicator.title_en == "Their title"
    # Saving again, having seen theirs, keeps mine.
    response = client.post(url, {**response.context["form"].data.dict()})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.title_en == "My title"
    change = AuditEntry.objects.filter(target_id=str(indicator.pk), action="updated").first()
    assert change.actor == cast.sam and change.changes["title_en"] == ["Their title", "My title"]
    assert indicator.targets.count() == 2  # untouched targets stay


def test_targets_change_and_a_blank_target_is_removed(client, cast, plan, indicator):
    _login(client, cast.sam)
    first, second = plan.periods.order_by("starts_on")
    url = reverse("plans:indicator-edit", args=["ap", plan.slug, indicator.pk])
    data = _filled(client.get(url).context["form"])
    assert data[f"target_{first.pk}"] == 50 and data[f"target_{second.pk}"] == 100
    data.update({f"target_{first.pk}": "60", f"target_{second.pk}": ""})
    assert client.post(url, data).status_code == 302
    assert dict(Target.objects.filter(indicator=indicator).values_list("period", "value")) == {
        first.pk: 60
    }


def test_questions_change_only_until_the_survey_opens(client, cast, survey):
    _login(client, cast.sam)
    question = survey.questions.get()
    url = reverse("plans:question-edit", args=["ap", survey.pk, question.pk])
    data = {"version": 1, "kind": "choice", "text_en": "Which?", "options": "one", "scale_max": 5}
    response = client.post(url, data)
    assert response.status_code == 400 and "at least two choices" in response.text
    data["options"] = "one\ntwo"
    assert client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.kind == "choice" and question.option_list == ["one", "two"]
    services.survey_open(survey=survey, by=cast.sam)
    data["version"] = 2
    response = client.post(url, {**data, "text_en": "Late"})
    assert response.status_code == 400 and "can no longer change" in response.text
    question.refresh_from_db()
    assert question.text_en == "Which?"
