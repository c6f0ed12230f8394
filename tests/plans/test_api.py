"""The plans API: the tree with approved values only, progress written by coordinators only,
survey results and answers, activity reports; refusals say why and change nothing."""

import json

import pytest

from secretariat.accounts.models import AccessToken
from secretariat.core.permissions import SYSTEM
from secretariat.plans import services
from secretariat.plans.models import Plan, ProgressUpdate

from .conftest import build_plan

API = "/api/regions/ap"


def _headers(user):
    if user is None:
        return {}
    _token, secret = AccessToken.issue(user=user, name="script")
    return {"Authorization": f"Bearer {secret}"}


def test_the_tree_counts_approved_values_only(client, plan, indicator, period, cast):
    approved = services.progress_report(
        indicator=indicator, period=period, by=cast.alice, value=45, submit=True
    )
    services.progress_approve(update=approved, by=cast.sam)
    second = plan.periods.order_by("starts_on").last()
    services.progress_report(indicator=indicator, period=second, by=cast.alice, value=99)
    body = client.get(f"{API}/plans/{plan.slug}").json()
    first_indicator = body["focus_areas"][0]["objectives"][0]["indicators"][0]
    assert first_indicator["periods"] == [
        {"period": "2020–21", "target": 50.0, "approved": 45.0},
        {"period": "2021–22", "target": 100.0, "approved": None},  # the draft is not shown
    ]
    assert first_indicator["figure"] == {"progress": 90, "status": "green"}
    assert body["figure"]["progress"] == 90


@pytest.mark.parametrize(("who", "expected"), [("anonymous", 404), ("charlie", 200)])
def test_a_members_only_plan(client, region, member, cast, who, expected):
    build_plan(region, coordinator=member, audience=Plan.Audience.MEMBERS, slug="members")
    user = None if who == "anonymous" else getattr(cast, who)
    assert client.get(f"{API}/plans/members", headers=_headers(user)).status_code == expected
    listed = client.get(f"{API}/plans", headers=_headers(user)).json()
    assert [p["slug"] for p in listed] == (["members"] if expected == 200 else [])


@pytest.mark.parametrize(
    ("who", "expected"), [("alice", 200), ("charlie", 403), ("sam", 403), ("anonymous", 401)]
)
def test_only_the_coordinator_reports(client, plan, indicator, cast, who, expected):
    user = None if who == "anonymous" else getattr(cast, who)
    response = client.post(
        f"{API}/plans/{plan.slug}/indicators/{indicator.pk}/progress",
        data=json.dumps({"period": "2020–21", "value": 12.5, "narrative": "Held", "submit": True}),
        content_type="application/json",
        headers=_headers(user),
    )
    assert response.status_code == expected, response.content
    if expected == 200:
        assert response.json()["status"] == "submitted"
        assert ProgressUpdate.objects.get().value == 12.5
    else:
        assert not ProgressUpdate.objects.exists()
    if expected == 403:
        assert "coordinator" in response.json()["detail"]


def test_a_closed_period_is_refused_with_its_reason(client, plan, indicator, period, cast):
    services.period_close(period=period, by=cast.sam)
    response = client.post(
        f"{API}/plans/{plan.slug}/indicators/{indicator.pk}/progress",
        data=json.dumps({"period": "2020–21", "value": 1}),
        content_type="application/json",
        headers=_headers(cast.alice),
    )
    assert response.status_code == 400
    assert "is closed" in response.json()["detail"]
    assert not ProgressUpdate.objects.exists()


def test_survey_answers_and_results(client, region, cast, member):
    survey = services.survey_create(region=region, by=cast.sam, title_en="Survey")
    question = services.question_add(survey=survey, by=cast.sam, kind="yes_no", text_en="Q?")
    services.survey_open(survey=survey, by=cast.sam)
    url = f"{API}/surveys/{survey.pk}/answers"
    bad = client.post(
        url,
        data=json.dumps({"answers": {str(question.pk): "perhaps"}}),
        content_type="application/json",
        headers=_headers(cast.alice),
    )
    assert bad.status_code == 400 and "not valid" in bad.json()["detail"]
    good = client.post(
        url,
        data=json.dumps({"answers": {str(question.pk): "yes"}}),
        content_type="application/json",
        headers=_headers(cast.alice),
    )
    assert good.json() == {"member": "Indonesia", "answers": {str(question.pk): "yes"}}
    results = f"{API}/surveys/{survey.pk}/results"
    assert client.get(results, headers=_headers(cast.charlie)).status_code == 404  # still open
    services.survey_close(survey=survey, by=cast.sam)
    body = client.get(results, headers=_headers(cast.charlie)).json()
    assert body["responded"] == 1
    assert body["questions"][0]["counts"] == [
        {"answer": "yes", "count": 1},
        {"answer": "no", "count": 0},
    ]


def test_reports_are_for_participants(client, region, cast):
    from secretariat.activity_reports import services as reports
    from tests.factories import EntityFactory

    report = reports.report_create(
        entity=EntityFactory(region=region),
        by=SYSTEM,
        title_en="Report",
        starts_on=plan_day(),
        ends_on=plan_day(),
    )
    reports.report_write(
        report=report, by=SYSTEM, sections={report.sections.first(): ("Done.", "")}
    )
    reports.report_submit(report=report, by=SYSTEM)
    assert client.get(f"{API}/reports").json() == []
    listed = client.get(f"{API}/reports", headers=_headers(cast.charlie)).json()
    assert listed[0]["title_en"] == "Report" and listed[0]["sections"][0]["body_en"] == "Done."


def plan_day():
    import datetime

    return datetime.date(2020, 6, 30)


@pytest.fixture
def open_survey(region, cast):
    survey = services.survey_create(region=region, by=cast.sam, title_en="Survey")
    question = services.question_add(survey=survey, by=cast.sam, kind="yes_no", text_en="Q?")
    services.survey_open(survey=survey, by=cast.sam)
    return survey, question


def _answer(client, survey, question, user, value="yes"):
    return client.post(
        f"{API}/surveys/{survey.pk}/answers",
        data=json.dumps({"answers": {str(question.pk): value}}),
        content_type="application/json",
        headers=_headers(user),
    )


@pytest.mark.parametrize(
    ("who", "expected", "answers_for"),
    [
        ("alice", 200, "Indonesia"),  # contact point of her Member
        ("bob", 200, "Indonesia"),  # Head of Customs of the same Member: one answer each Member
        ("charlie", 200, None),  # another Member answers for its own
        ("sam", 403, None),  # the secretariat reads results; it does not answer
        ("dana", 404, None),  # another region's survey is not there for her
        (None, 401, None),  # the public is asked to sign in, before anything is read
    ],
)
def test_who_answers_a_survey_through_the_api(
    client, open_survey, cast, who, expected, answers_for
):
    from secretariat.plans.models import Response

    survey, question = open_survey
    response = _answer(client, survey, question, getattr(cast, who) if who else None)
    assert response.status_code == expected
    assert Response.objects.filter(survey=survey).count() == (1 if expected == 200 else 0)
    if answers_for:
        assert response.json()["member"] == answers_for


def test_answers_replace_the_members_earlier_ones_until_the_survey_closes(
    client, open_survey, cast
):
    from secretariat.plans.models import Response

    survey, question = open_survey
    _answer(client, survey, question, cast.alice, "yes")
    again = _answer(client, survey, question, cast.bob, "no")
    assert again.json()["answers"] == {str(question.pk): "no"}
    assert Response.objects.get(survey=survey).answers.get().value == "no"
    services.survey_close(survey=survey, by=cast.sam)
    late = _answer(client, survey, question, cast.alice, "yes")
    assert late.status_code == 400
    assert Response.objects.get(survey=survey).answers.get().value == "no"
