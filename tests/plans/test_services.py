"""Progress moves draft → submitted → approved or returned; only approved counts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from secretariat.core.models import AuditEntry
from secretariat.plans import selectors, services
from secretariat.plans.models import Evidence, Objective, Plan, ProgressUpdate
from secretariat.plans.status import Status

from .conftest import build_plan

D = datetime.date


def _report(indicator, period, user, value, narrative="Done as planned."):
    update = services.progress_save(
        indicator=indicator, period=period, by=user, value=value, narrative=narrative
    )
    return services.progress_submit(update=update, by=user)


def test_only_approved_updates_count(plan, indicator, period, cast):
    update = _report(indicator, period, cast.alice, 45)
    assert selectors.dashboard(plan).figure.progress is None
    services.progress_approve(update=update, by=cast.sam)
    board = selectors.dashboard(plan)
    row = board.focus_areas[0].objective_list[0].indicator_rows[0]
    # 45 of a 50 target: 90%, within 15% → green.
    assert row.figure.percent == 90
    assert row.figure.status == Status.GREEN
    assert board.figure.percent == 90  # the other indicators have no data: left out
    assert AuditEntry.objects.filter(action=services.APPROVED).count() == 1


def test_a_returned_update_keeps_the_reporters_text(indicator, period, cast):
    update = _report(indicator, period, cast.alice, 12, "Three workshops held.")
    services.progress_return(update=update, by=cast.sam, comment="Attach the attendance list.")
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.RETURNED
    assert update.narrative == "Three workshops held."
    assert update.value == 12
    assert update.return_comment == "Attach the attendance list."
    services.progress_save(
        indicator=indicator,
        period=period,
        by=cast.alice,
        value=13,
        narrative="Three workshops held; list attached.",
    )
    services.progress_submit(update=update, by=cast.alice)
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.SUBMITTED


def test_returning_needs_a_comment_and_changes_nothing(indicator, period, cast):
    update = _report(indicator, period, cast.alice, 12)
    with pytest.raises(ValidationError, match="Say what should change"):
        services.progress_return(update=update, by=cast.sam, comment="  ")
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.SUBMITTED


def test_submitted_and_approved_updates_cannot_be_rewritten(indicator, period, cast):
    update = _report(indicator, period, cast.alice, 12)
    with pytest.raises(ValidationError, match="submitted"):
        services.progress_save(indicator=indicator, period=period, by=cast.alice, value=99)
    services.progress_approve(update=update, by=cast.sam)
    with pytest.raises(ValidationError, match="approved"):
        services.progress_approve(update=update, by=cast.sam)
    update.refresh_from_db()
    assert update.value == 12


def test_a_closed_period_is_locked(indicator, period, cast):
    update = _report(indicator, period, cast.alice, 12)
    services.period_close(period=period, by=cast.sam)
    with pytest.raises(ValidationError, match="closed"):
        services.progress_approve(update=update, by=cast.sam)
    with pytest.raises(ValidationError, match="closed"):
        services.progress_save(indicator=indicator, period=period, by=cast.alice, value=1)
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.SUBMITTED


def test_evidence_is_checked_by_content(indicator, period, cast):
    update = services.progress_save(indicator=indicator, period=period, by=cast.alice, value=1)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="not an accepted kind"):
        services.evidence_add(update=update, by=cast.alice, upload=fake)
    assert not Evidence.objects.exists()
    good = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n")
    evidence = services.evidence_add(update=update, by=cast.alice, upload=good)
    assert evidence.kind == "pdf"
    assert evidence.file.name.startswith("evidence/") and "report" not in evidence.file.name


def test_period_of_another_plan_is_refused(region, indicator, cast):
    other = build_plan(region, slug="other", indicators=0)
    with pytest.raises(ValidationError, match="another plan"):
        services.progress_save(
            indicator=indicator, period=other.periods.first(), by=cast.alice, value=1
        )


def test_margins_out_of_order_are_refused(plan, cast):
    with pytest.raises(ValidationError):
        services.plan_update(plan=plan, by=cast.sam, on_track_margin=40, at_risk_margin=20)
    plan.refresh_from_db()
    assert (plan.on_track_margin, plan.at_risk_margin) == (15, 30)


def test_weighted_roll_up_through_the_tree(region, member, cast):
    plan = build_plan(region, indicators=2, coordinator=member, slug="w")
    first, _second = plan.periods.order_by("starts_on")
    objectives = list(Objective.objects.filter(focus_area__plan=plan).order_by("number"))
    objectives[0].focus_area.weight = 3
    objectives[0].focus_area.save()
    i1 = objectives[0].indicators.get()
    i2 = objectives[1].indicators.get()
    for indicator, value in ((i1, 50), (i2, 10)):
        services.progress_approve(update=_report(indicator, first, cast.alice, value), by=cast.sam)
    board = selectors.dashboard(plan)
    # Area 1: 100% (weight 3), area 2: 20% (weight 1) → (300 + 20) / 4 = 80%: amber.
    assert [a.figure.percent for a in board.focus_areas] == [100, 20]
    assert board.figure.percent == 80
    assert board.figure.status == Status.AMBER


def test_succession_copies_structure_and_carries_unfinished(region, member, cast):
    old = build_plan(region, indicators=2, coordinator=member, slug="rsp-2018-2020")
    _first, second = old.periods.order_by("starts_on")
    done, open_ = Objective.objects.filter(focus_area__plan=old).order_by("number")
    services.progress_approve(
        update=_report(done.indicators.get(), second, cast.alice, 100), by=cast.sam
    )
    services.progress_approve(
        update=_report(open_.indicators.get(), second, cast.alice, 40), by=cast.sam
    )
    new = services.plan_succeed(
        plan=old,
        by=cast.sam,
        slug="next",
        title_en="Next plan",
        starts_on=D(2022, 7, 1),
        ends_on=D(2024, 6, 30),
        periods=[("2022–23", D(2022, 7, 1), D(2023, 6, 30))],
    )
    assert new.status == Plan.Status.DRAFT and new.predecessor == old
    assert new.focus_areas.count() == 2
    carried = Objective.objects.get(focus_area__plan=new)
    assert carried.carried_from == open_
    indicator = carried.indicators.get()
    assert indicator.baseline_value == 40  # starts where the old plan ended
    assert indicator.baseline_on == old.ends_on
