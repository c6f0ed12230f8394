"""The demo's plans: 2018–2020 at its end, 2020–2022 drafted from it, its dashboard public."""

import pytest
from django.urls import reverse

from secretariat.activity_reports.models import ActivityReport
from secretariat.demo import asia_pacific
from secretariat.plans import selectors
from secretariat.plans.models import Objective, Plan, ProgressUpdate, Survey


@pytest.fixture
def demo(db):
    return asia_pacific.load()


def test_the_two_plans_and_their_succession(demo, client):
    old = Plan.objects.get(slug="rsp-2018-2020")
    new = Plan.objects.get(slug="rsp-2020-2022")
    assert old.status == Plan.Status.CLOSED and all(p.is_closed for p in old.periods.all())
    assert new.predecessor == old and new.status == Plan.Status.ENDORSED
    carried = Objective.objects.filter(focus_area__plan=new, carried_from__isnull=False)
    assert sorted(o.number for o in carried) == ["1.2", "2.2", "3.2"]
    board = selectors.dashboard(old)
    # Release time from 5.0 days to 4.3 against a target of 4.0: 70%, at risk.
    release = board.focus_areas[2].objective_list[1].indicator_rows[0]
    assert (release.figure.percent, release.figure.status) == (70, "amber")
    page = client.get(new.get_absolute_url()).content.decode()  # public, anonymous reader
    assert "Demo data" in page
    compare = client.get(reverse("plans:plan-compare", args=["ap", new.slug]))
    assert compare.status_code == 200


def test_the_workflow_is_visible_in_the_demo(demo):
    statuses = set(
        ProgressUpdate.objects.filter(period__plan__slug="rsp-2020-2022").values_list(
            "status", flat=True
        )
    )
    assert statuses == {"approved", "submitted", "draft"}
    counts = (Plan.objects.count(), ProgressUpdate.objects.count())
    asia_pacific.load()
    assert (Plan.objects.count(), ProgressUpdate.objects.count()) == counts


def test_the_entities_reports_presented_at_the_joint_session(demo):
    reports = ActivityReport.objects.order_by("entity__order")
    assert [(r.entity.slug, r.status) for r in reports] == [
        ("vice-chair", "presented"),
        ("rocb", "presented"),
        ("rilo", "presented"),
        ("rtc", "submitted"),
    ]
    presented = [r for r in reports if r.status == "presented"]
    assert all(r.agenda_item.title_en.startswith("Activity report of") for r in presented)
    # Each written by its own officer's demo account, which the demo prints.
    authors = {r.entity.slug: r.created_by.email for r in reports if r.created_by}
    assert authors == {
        "vice-chair": "vicechair@demo.example.org",
        "rocb": "rocb@demo.example.org",
        "rilo": "rilo@demo.example.org",
    }
    table = dict(asia_pacific.accounts_table(demo))
    assert table["vicechair@demo.example.org"].startswith("Regional entity officer — Vice")
    assert table["rilo@demo.example.org"] == "Regional entity officer — RILO A/P"


def test_the_survey_answered_by_21_members(demo):
    survey = Survey.objects.get()
    assert survey.is_closed() and survey.plan.slug == "rsp-2018-2020"
    questions, responded, invited, _rate = selectors.survey_results(survey)
    assert (responded, invited) == (21, 33)  # the Members of October 2020
    assert questions[0].summary.counts == [("yes", 14), ("no", 7)]
