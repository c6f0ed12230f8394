"""Plan pages: who sees what, who reports, who decides; bad input refused, nothing changed."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from secretariat.plans import services
from secretariat.plans.models import Evidence, Plan, ProgressUpdate
from secretariat.regions.models import Role
from tests.factories import PASSWORD, user_with_role

from .conftest import build_plan

SVG = "{http://www.w3.org/2000/svg}"


def _login(client, user):
    if user is not None:
        client.login(username=user.email, password=PASSWORD)


def _who(cast, name):
    return None if name == "anonymous" else getattr(cast, name)


def _url(name, plan, *args):
    return reverse(f"plans:{name}", args=[plan.region.slug, plan.slug, *args])


def _svgs(response):
    return [
        ET.fromstring(m) for m in re.findall(r"<svg .*?</svg>", response.content.decode(), re.S)
    ]


@pytest.mark.parametrize(
    ("audience", "status", "who", "expected"),
    [
        (Plan.Audience.PUBLIC, Plan.Status.ENDORSED, "anonymous", 200),
        (Plan.Audience.PUBLIC, Plan.Status.ENDORSED, "dana", 200),
        (Plan.Audience.MEMBERS, Plan.Status.ENDORSED, "anonymous", 404),
        (Plan.Audience.MEMBERS, Plan.Status.ENDORSED, "dana", 404),
        (Plan.Audience.MEMBERS, Plan.Status.ENDORSED, "charlie", 200),
        (Plan.Audience.MEMBERS, Plan.Status.DRAFT, "charlie", 404),
        (Plan.Audience.MEMBERS, Plan.Status.DRAFT, "alice", 404),
        (Plan.Audience.MEMBERS, Plan.Status.DRAFT, "sam", 200),
    ],
)
def test_who_sees_the_dashboard(client, region, member, cast, audience, status, who, expected):
    plan = build_plan(region, coordinator=member, audience=audience, status=status)
    _login(client, _who(cast, who))
    assert client.get(plan.get_absolute_url()).status_code == expected
    listed = plan.title_en in client.get(reverse("plans:plan-list", args=["ap"])).content.decode()
    assert listed == (expected == 200)


def test_dashboard_charts_are_svg_with_words_and_tables(client, plan, indicator, period, cast):
    update = services.progress_report(
        indicator=indicator, period=period, by=cast.alice, value=45, submit=True
    )
    services.progress_approve(update=update, by=cast.sam)
    response = client.get(plan.get_absolute_url())
    page = response.content.decode()
    area_chart, trend = _svgs(response)
    assert area_chart.get("role") == "img"
    assert area_chart.find(f"{SVG}title").text == "Progress per focus area"
    assert len(area_chart.findall(f"{SVG}rect")) == 2  # one bar per focus area
    labels = [t.text for t in area_chart.iter(f"{SVG}text")]
    assert "90% · On track" in labels  # focus area 1: indicator 1 at 45 of 50
    assert "no data yet" in labels  # focus area 2: nothing approved
    # The text alternative says it in words, and the table view holds the same figures.
    assert "1. Focus area 1: 90%, on track; 2. Focus area 2: no data yet." in page
    assert '<th scope="row">1. Focus area 1</th><td>90%</td><td>On track</td>' in page
    # The plan's trend: only indicator 1 has a figure, so the plan stands at 90% after 2020–21.
    assert '<th scope="row">2020–21</th><td>100</td><td>90</td>' in page
    # Two targets and two points: the 2021–22 point keeps what was approved by then.
    assert len(trend.findall(f"{SVG}circle")) == 4


@pytest.mark.parametrize(
    ("who", "expected"),
    [("alice", 200), ("bob", 200), ("charlie", 403), ("sam", 403), ("anonymous", 302)],
)
def test_who_may_report(client, plan, indicator, cast, who, expected):
    _login(client, _who(cast, who))
    url = _url("progress-report", plan, indicator.pk)
    assert client.get(url).status_code == expected
    period = plan.periods.first()
    response = client.post(
        url, {"period": period.pk, "value": "10", "submit": "1", "evidence_audience": "members"}
    )
    assert response.status_code == (302 if expected == 200 else expected)
    assert ProgressUpdate.objects.exists() == (expected == 200)


def test_an_entity_officer_reports_for_its_entity(client, region, entity, cast):
    plan = build_plan(region, entity=entity, indicators=1)
    indicator = plan.focus_areas.first().objectives.first().indicators.get()
    officer = user_with_role(Role.Kind.ENTITY_OFFICER, region=region, entity=entity)
    _login(client, officer)
    assert client.get(_url("progress-report", plan, indicator.pk)).status_code == 200
    _login(client, cast.alice)
    assert client.get(_url("progress-report", plan, indicator.pk)).status_code == 403


@pytest.mark.parametrize(
    ("who", "draft", "submitted", "approved"),
    [
        ("alice", 200, 200, 200),
        ("bob", 200, 200, 200),
        ("sam", 404, 200, 200),
        ("charlie", 404, 404, 200),
        ("anonymous", 404, 404, 200),
    ],
)
def test_drafts_are_private_until_submitted(
    client, plan, indicator, period, cast, who, draft, submitted, approved
):
    update = services.progress_save(indicator=indicator, period=period, by=cast.alice, value=5)
    _login(client, _who(cast, who))
    url = _url("update-detail", plan, update.pk)
    assert client.get(url).status_code == draft
    indicator_page = client.get(_url("indicator-detail", plan, indicator.pk)).content.decode()
    assert (">Draft<" in indicator_page) == (draft == 200)
    services.progress_submit(update=update, by=cast.alice)
    assert client.get(url).status_code == submitted
    services.progress_approve(update=update, by=cast.sam)
    assert client.get(url).status_code == approved


@pytest.mark.parametrize(("who", "expected"), [("alice", 403), ("charlie", 404), ("sam", 302)])
def test_only_the_secretariat_approves(client, plan, indicator, period, cast, who, expected):
    update = services.progress_report(
        indicator=indicator, period=period, by=cast.alice, value=5, submit=True
    )
    _login(client, _who(cast, who))
    response = client.post(_url("update-approve", plan, update.pk))
    assert response.status_code == expected
    update.refresh_from_db()
    assert (update.status == ProgressUpdate.Status.APPROVED) == (expected == 302)


def test_approving_changes_the_dashboard(client, plan, indicator, period, cast):
    update = services.progress_report(
        indicator=indicator, period=period, by=cast.alice, value=20, submit=True
    )
    assert "40% · Off track" not in client.get(plan.get_absolute_url()).content.decode()
    _login(client, cast.sam)
    client.post(_url("update-approve", plan, update.pk))
    assert "40% · Off track" in client.get(plan.get_absolute_url()).content.decode()


def test_returning_without_a_comment_is_refused(client, plan, indicator, period, cast):
    update = services.progress_report(
        indicator=indicator, period=period, by=cast.alice, value=5, submit=True
    )
    _login(client, cast.sam)
    response = client.post(_url("update-return", plan, update.pk), {"comment": ""}, follow=True)
    assert "Say what should change before returning it." in response.content.decode()
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.SUBMITTED
    client.post(_url("update-return", plan, update.pk), {"comment": "Which workshops?"})
    _login(client, cast.alice)
    page = client.get(_url("update-detail", plan, update.pk)).content.decode()
    assert "Which workshops?" in page and "Returned" in page


def test_a_bad_evidence_file_commits_nothing(client, plan, indicator, period, cast):
    _login(client, cast.alice)
    fake = SimpleUploadedFile("evidence.pdf", b"#!/bin/sh\nrm -rf /\n\x00\x01")
    response = client.post(
        _url("progress-report", plan, indicator.pk),
        {
            "period": period.pk,
            "value": "7",
            "narrative": "Held",
            "submit": "1",
            "evidence": fake,
            "evidence_audience": "public",
        },
    )
    assert response.status_code == 200
    assert "not an accepted kind" in response.content.decode()
    assert not ProgressUpdate.objects.exists()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("audience", "who", "expected"),
    [
        ("public", "anonymous", 200),
        ("members", "anonymous", 404),
        ("members", "charlie", 200),
        ("secretariat", "charlie", 404),
        ("secretariat", "sam", 200),
        ("secretariat", "bob", 200),
    ],
)
def test_evidence_follows_its_own_audience(
    client, plan, indicator, period, cast, audience, who, expected
):
    update = services.progress_report(
        indicator=indicator,
        period=period,
        by=cast.alice,
        value=5,
        upload=SimpleUploadedFile("list.pdf", b"%PDF-1.4\n%%EOF\n"),
        audience=audience,
        submit=True,
    )
    services.progress_approve(update=update, by=cast.sam)
    evidence = update.evidence.get()
    _login(client, _who(cast, who))
    response = client.get(_url("evidence-download", plan, evidence.pk))
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert response["Cache-Control"] == "private, no-store"


def test_a_closed_period_refuses_reports_with_a_message(client, plan, indicator, period, cast):
    _login(client, cast.charlie)
    assert client.post(_url("period-close", plan, period.pk)).status_code == 403
    _login(client, cast.sam)
    client.post(_url("period-close", plan, period.pk))
    period.refresh_from_db()
    assert period.is_closed
    _login(client, cast.alice)
    response = client.get(_url("progress-report", plan, indicator.pk))
    assert f'<option value="{period.pk}"' not in response.content.decode()  # not offered
    response = client.post(
        _url("progress-report", plan, indicator.pk),
        {"period": period.pk, "value": "7", "submit": "1", "evidence_audience": "members"},
    )
    assert "Select a valid choice" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("size", [5, 200])
@pytest.mark.parametrize(("who", "queries"), [("anonymous", 9), ("sam", 13)])
def test_dashboard_queries_do_not_grow_with_indicators(
    client, region, member, cast, django_assert_num_queries, size, who, queries
):
    """For a visitor and for the secretariat, who also sees the links that build the plan."""
    plan = build_plan(region, coordinator=member, indicators=size)
    first = plan.periods.first()
    for indicator in list(plan.focus_areas.first().objectives.first().indicators.all())[:3]:
        update = services.progress_report(
            indicator=indicator, period=first, by=cast.alice, value=30, submit=True
        )
        services.progress_approve(update=update, by=cast.sam)
    url = plan.get_absolute_url()
    _login(client, _who(cast, who))
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.content.decode().count('<th scope="row"><a href=') == size


def test_succession_and_comparison(client, plan, cast):
    _login(client, cast.alice)
    assert client.get(_url("plan-succeed", plan)).status_code == 403
    _login(client, cast.sam)
    response = client.post(
        _url("plan-succeed", plan),
        {
            "slug": "rsp-2022-2024",
            "title_en": "RSP 2022–2024",
            "starts_on": "2022-07-01",
            "ends_on": "2024-06-30",
        },
    )
    new = Plan.objects.get(slug="rsp-2022-2024")
    assert response.url == new.get_absolute_url()
    assert new.predecessor == plan and new.status == Plan.Status.DRAFT
    page = client.get(_url("plan-compare", new)).content.decode()
    assert "Objectives carried over" in page
    _login(client, cast.charlie)
    assert client.get(_url("plan-compare", new)).status_code == 404  # a draft


def test_bad_successor_dates_are_refused(client, plan, cast):
    _login(client, cast.sam)
    response = client.post(
        _url("plan-succeed", plan),
        {"slug": "x", "title_en": "X", "starts_on": "2024-07-01", "ends_on": "2022-06-30"},
    )
    assert "The end comes before the start." in response.content.decode()
    assert Plan.objects.count() == 1


def test_indicators_csv(client, plan, indicator, period, cast):
    update = services.progress_report(
        indicator=indicator, period=period, by=cast.alice, value=45, submit=True
    )
    services.progress_approve(update=update, by=cast.sam)
    text = client.get(_url("indicators-csv", plan)).content.decode("utf-8-sig")
    assert "I1,Indicator 1,%,0.00,Higher is better,2020–21,50.0,45.0" in text
