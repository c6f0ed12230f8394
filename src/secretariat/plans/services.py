"""Every write to plans: building the tree, reporting progress, deciding, closing, succession."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from secretariat.core import audit
from secretariat.core.files import check_upload
from secretariat.core.mail import mail_queue
from secretariat.core.permissions import service, user_of
from secretariat.core.versions import save_versioned

from .models import (
    Activity,
    Answer,
    Evidence,
    FocusArea,
    Indicator,
    Objective,
    Plan,
    ProgressUpdate,
    Question,
    ReportingPeriod,
    Response,
    Survey,
    Target,
)

SUBMITTED = gettext_noop("progress submitted")
APPROVED = gettext_noop("progress approved")
RETURNED = gettext_noop("progress returned")
EVIDENCE_ADDED = gettext_noop("evidence added")
PERIOD_CLOSED = gettext_noop("reporting period closed")
PLAN_SUCCEEDED = gettext_noop("plan drafted from its predecessor")
SURVEY_OPENED = gettext_noop("survey opened")
SURVEY_CLOSED = gettext_noop("survey closed")
SURVEY_ANSWERED = gettext_noop("survey answered")
EVIDENCE_KINDS = {"pdf", "docx", "xlsx", "png", "jpeg", "csv"}


def _check_dates(starts_on, ends_on):
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end comes before the start.")})


def _check_coordinator(region, member, entity):
    if member is not None and entity is not None:
        raise ValidationError(_("Name a coordinating Member or an entity, not both."))
    for coordinator in (member, entity):
        if coordinator is not None and coordinator.region_id != region.pk:
            raise ValidationError(_("The coordinator must belong to the plan's region."))


def _check_margins(on_track, at_risk):
    if not 0 <= on_track <= at_risk <= 100:
        raise ValidationError(
            {"at_risk_margin": _("The at-risk margin must be at least the on-track margin.")}
        )


def _check_decision(region, decision):
    if decision is not None and decision.region_id != region.pk:
        raise ValidationError(_("The endorsing decision belongs to another region."))


def _edit(obj, *, by, expected_version=None, check=None, **changes):
    """Apply `changes`; a stale `expected_version` (someone saved since) raises StaleEdit."""
    before = audit.snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    if check is not None:
        check(obj)
    if expected_version is None:
        expected_version = obj.version
    save_versioned(obj, expected_version=expected_version, fields=list(changes))
    if audit.diff(before, audit.snapshot(obj)):
        audit.record(by=by, action=audit.UPDATED, obj=obj, before=before)
    return obj


def _check_plan(plan):
    _check_dates(plan.starts_on, plan.ends_on)
    _check_margins(plan.on_track_margin, plan.at_risk_margin)
    _check_decision(plan.region, plan.endorsing_decision)


@service("plans.manage_plans", on="region")
def plan_create(*, region, by, slug, title_en, starts_on, ends_on, **fields) -> Plan:
    _check_dates(starts_on, ends_on)
    _check_decision(region, fields.get("endorsing_decision"))
    _check_margins(fields.get("on_track_margin", 15), fields.get("at_risk_margin", 30))
    if Plan.objects.filter(region=region, slug=slug).exists():
        raise ValidationError({"slug": _("The region already has a plan at this address.")})
    plan = Plan.objects.create(
        region=region, slug=slug, title_en=title_en, starts_on=starts_on, ends_on=ends_on, **fields
    )
    audit.record(by=by, action=audit.CREATED, obj=plan)
    return plan


@service("plans.manage_plans", on="plan")
def plan_update(*, plan, by, expected_version=None, **fields) -> Plan:
    return _edit(plan, by=by, expected_version=expected_version, check=_check_plan, **fields)


@service("plans.manage_plans", on="plan")
def period_add(*, plan, by, label, starts_on, ends_on) -> ReportingPeriod:
    _check_dates(starts_on, ends_on)
    if plan.periods.filter(label=label).exists():
        raise ValidationError({"label": _("The plan already has a period with this label.")})
    period = ReportingPeriod.objects.create(
        plan=plan, label=label, starts_on=starts_on, ends_on=ends_on
    )
    audit.record(by=by, action=audit.CREATED, obj=period)
    return period


@service("plans.manage_plans", on="period.plan")
def period_close(*, period, by) -> ReportingPeriod:
    """Lock the period: no more reports, edits or decisions in it."""
    if period.is_closed:
        raise ValidationError(_("This period is already closed."))
    period.is_closed = True
    period.save(update_fields=["is_closed"])
    audit.record(by=by, action=PERIOD_CLOSED, obj=period)
    return period


def _check_area_number(area):
    taken = FocusArea.objects.filter(plan=area.plan_id, number=area.number).exclude(pk=area.pk)
    if taken.exists():
        raise ValidationError({"number": _("The plan already has a focus area with this number.")})


@service("plans.manage_plans", on="plan")
def focus_area_add(*, plan, by, number, title_en, title_fr="", weight=1) -> FocusArea:
    _check_area_number(FocusArea(plan=plan, number=number))
    area = FocusArea.objects.create(
        plan=plan, number=number, title_en=title_en, title_fr=title_fr, weight=weight
    )
    audit.record(by=by, action=audit.CREATED, obj=area)
    return area


@service("plans.manage_plans", on="area.plan")
def focus_area_update(*, area, by, expected_version=None, **changes) -> FocusArea:
    return _edit(
        area, by=by, expected_version=expected_version, check=_check_area_number, **changes
    )


def _check_coordinated(region):
    def check(obj):
        _check_coordinator(region, obj.coordinator_member, obj.coordinator_entity)

    return check


@service("plans.manage_plans", on="focus_area.plan")
def objective_add(
    *,
    focus_area,
    by,
    number,
    title_en,
    title_fr="",
    weight=1,
    coordinator_member=None,
    coordinator_entity=None,
    carried_from=None,
) -> Objective:
    _check_coordinator(focus_area.plan.region, coordinator_member, coordinator_entity)
    objective = Objective.objects.create(
        focus_area=focus_area,
        number=number,
        title_en=title_en,
        title_fr=title_fr,
        weight=weight,
        coordinator_member=coordinator_member,
        coordinator_entity=coordinator_entity,
        carried_from=carried_from,
        order=focus_area.objectives.count(),
    )
    audit.record(by=by, action=audit.CREATED, obj=objective)
    return objective


@service("plans.manage_plans", on="objective.focus_area.plan")
def objective_update(*, objective, by, expected_version=None, **changes) -> Objective:
    check = _check_coordinated(objective.focus_area.plan.region)
    return _edit(objective, by=by, expected_version=expected_version, check=check, **changes)


@service("plans.manage_plans", on="objective.focus_area.plan")
def activity_add(*, objective, by, title_en, **fields) -> Activity:
    _check_coordinator(
        objective.focus_area.plan.region,
        fields.get("coordinator_member"),
        fields.get("coordinator_entity"),
    )
    activity = Activity.objects.create(
        objective=objective, title_en=title_en, order=objective.activities.count(), **fields
    )
    audit.record(by=by, action=audit.CREATED, obj=activity)
    return activity


@service("plans.manage_plans", on="activity.objective.focus_area.plan")
def activity_update(*, activity, by, expected_version=None, **changes) -> Activity:
    check = _check_coordinated(activity.objective.focus_area.plan.region)
    return _edit(activity, by=by, expected_version=expected_version, check=check, **changes)


@service("plans.manage_plans", on="objective.focus_area.plan")
def indicator_add(*, objective, by, targets=None, **fields) -> Indicator:
    """An indicator with its targets: {period: value}."""
    _check_coordinator(
        objective.focus_area.plan.region,
        fields.get("coordinator_member"),
        fields.get("coordinator_entity"),
    )
    indicator = Indicator.objects.create(
        objective=objective, order=objective.indicators.count(), **fields
    )
    for period, value in (targets or {}).items():
        _target_set(indicator, period, value)  # listed in the creation's audit entry
    audit.record(by=by, action=audit.CREATED, obj=indicator)
    return indicator


@service("plans.manage_plans", on="indicator.objective.focus_area.plan")
@transaction.atomic
def indicator_update(*, indicator, by, expected_version=None, targets=None, **fields) -> Indicator:
    """Change an indicator and, if given, its targets {period: value or None to remove}.

    Its reported figures are progress updates, never changed here.
    """
    plan = indicator.objective.focus_area.plan

    def check(changed):
        if changed.objective.focus_area.plan_id != plan.pk:
            raise ValidationError(_("This objective belongs to another plan."))
        _check_coordinator(plan.region, changed.coordinator_member, changed.coordinator_entity)

    _edit(indicator, by=by, expected_version=expected_version, check=check, **fields)
    for period, value in (targets or {}).items():
        current = indicator.targets.filter(period=period).first()
        if value is None:
            if current is not None:
                current.delete()
                audit.record(by=by, action=audit.UPDATED, obj=indicator, note=f"{period}: —")
        elif current is None or current.value != value:
            target_set(indicator=indicator, period=period, value=value, by=by)
    return indicator


@service("plans.manage_plans", on="indicator.objective.focus_area.plan")
def target_set(*, indicator, period, value, by) -> Target:
    target = _target_set(indicator, period, value)
    audit.record(by=by, action=audit.UPDATED, obj=indicator, note=f"{period}: {value}")
    return target


def _target_set(indicator, period, value) -> Target:
    if period.plan_id != indicator.objective.focus_area.plan_id:
        raise ValidationError(_("This period belongs to another plan."))
    target, _created = Target.objects.update_or_create(
        indicator=indicator, period=period, defaults={"value": value}
    )
    return target


def _check_open(period):
    if period.is_closed:
        raise ValidationError(
            _("The period %(period)s is closed: its reports can no longer change.")
            % {"period": period.label}
        )


@service("plans.report_progress", on="indicator")
@transaction.atomic
def progress_save(*, indicator, period, by, value, narrative="") -> ProgressUpdate:
    """Write (or rewrite) the draft or returned update of `indicator` for `period`."""
    if period.plan_id != indicator.objective.focus_area.plan_id:
        raise ValidationError(_("This period belongs to another plan."))
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    _check_open(period)
    update = (
        ProgressUpdate.objects.select_for_update()
        .filter(indicator=indicator, period=period)
        .first()
    )
    if update is None:
        update = ProgressUpdate(indicator=indicator, period=period)
        before = None
    elif update.status in (ProgressUpdate.Status.SUBMITTED, ProgressUpdate.Status.APPROVED):
        raise ValidationError(
            _("This update is %(status)s: it can no longer be edited.")
            % {"status": update.get_status_display().lower()}
        )
    else:
        before = audit.snapshot(update)
    update.value = Decimal(value)
    update.narrative = narrative
    update.reported_by = user_of(by)
    update.reported_at = timezone.now()
    update.save()
    audit.record(
        by=by, action=audit.UPDATED if before else audit.CREATED, obj=update, before=before
    )
    return update


def _transition(update, *, expected, to, by, action, **fields):
    current = ProgressUpdate.objects.select_for_update().select_related("period").get(pk=update.pk)
    _check_open(current.period)  # as stored now, not as the caller loaded it
    if current.status not in expected:
        raise ValidationError(
            _("This update is %(status)s: this step is not possible now.")
            % {"status": current.get_status_display().lower()}
        )
    before = audit.snapshot(current)
    current.status = to
    for name, value in fields.items():
        setattr(current, name, value)
    current.save()
    audit.record(by=by, action=action, obj=current, before=before)
    update.__dict__.update(current.__dict__)
    return update


@service("plans.report_progress", on="update.indicator")
@transaction.atomic
def progress_submit(*, update, by) -> ProgressUpdate:
    return _transition(
        update,
        expected={ProgressUpdate.Status.DRAFT, ProgressUpdate.Status.RETURNED},
        to=ProgressUpdate.Status.SUBMITTED,
        by=by,
        action=SUBMITTED,
        submitted_at=timezone.now(),
    )


@service("plans.decide_update", on="update")
@transaction.atomic
def progress_approve(*, update, by) -> ProgressUpdate:
    return _transition(
        update,
        expected={ProgressUpdate.Status.SUBMITTED},
        to=ProgressUpdate.Status.APPROVED,
        by=by,
        action=APPROVED,
        decided_by=user_of(by),
        decided_at=timezone.now(),
        return_comment="",
    )


@service("plans.decide_update", on="update")
@transaction.atomic
def progress_return(*, update, by, comment) -> ProgressUpdate:
    """Send it back with a comment; the reporter's value and narrative stay as written."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should change before returning it.")})
    _transition(
        update,
        expected={ProgressUpdate.Status.SUBMITTED},
        to=ProgressUpdate.Status.RETURNED,
        by=by,
        action=RETURNED,
        decided_by=user_of(by),
        decided_at=timezone.now(),
        return_comment=comment.strip(),
    )
    _mail_returned(update)
    return update


def _mail_returned(update):
    """Tell the reporter, in their language, what to change; sent once the return commits."""
    reporter = update.reported_by
    if reporter is None or not reporter.email:
        return
    plan = update.period.plan
    mail_queue(
        to=reporter.email,
        template="plans/mail/returned.txt",
        language=reporter.language,
        context={
            "update": update,
            "indicator": update.indicator,
            "plan": plan,
            "link": settings.SITE_URL + update.get_absolute_url(),
        },
        region_id=plan.region_id,
    )


def evidence_max_bytes() -> int:
    return getattr(settings, "DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)


@service("plans.report_progress", on="update.indicator")
@transaction.atomic
def evidence_add(*, update, by, upload, audience=Evidence.Audience.MEMBERS) -> Evidence:
    update = ProgressUpdate.objects.select_for_update().select_related("period").get(pk=update.pk)
    _check_open(update.period)
    if update.status == ProgressUpdate.Status.APPROVED:
        raise ValidationError(_("This update is approved: its evidence can no longer change."))
    kind = check_upload(upload, kinds=EVIDENCE_KINDS, max_bytes=evidence_max_bytes())
    evidence = Evidence(
        update=update,
        original_name=(upload.name or "")[:255],
        kind=kind,
        size=upload.size,
        audience=audience,
        uploaded_by=user_of(by),
    )
    extension = {"jpeg": "jpg"}.get(kind, kind)
    # Stored under a generated name: the uploaded name never reaches the file system.
    evidence.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    audit.record(by=by, action=EVIDENCE_ADDED, obj=update, note=evidence.original_name)
    return evidence


def _is_unfinished(objective) -> bool:
    open_work = any(
        a.status not in (Activity.Status.DONE, Activity.Status.DROPPED)
        for a in objective.activities.all()
    )
    return open_work or objective.figure.progress is None or objective.figure.progress < 1


@service("plans.manage_plans", on="plan")
@transaction.atomic
def plan_succeed(*, plan, by, slug, title_en, starts_on, ends_on, title_fr="", periods=()) -> Plan:
    """A draft plan after `plan`: its focus areas, and its unfinished objectives carried over.

    A carried-over indicator starts from where the old plan ended: its latest approved
    value becomes the new baseline. Finished objectives stay behind; open activities move.
    """
    from .selectors import dashboard

    old = dashboard(plan)
    new = plan_create(
        region=plan.region,
        by=by,
        slug=slug,
        title_en=title_en,
        title_fr=title_fr,
        starts_on=starts_on,
        ends_on=ends_on,
        predecessor=plan,
        dashboard_audience=plan.dashboard_audience,
        on_track_margin=plan.on_track_margin,
        at_risk_margin=plan.at_risk_margin,
    )
    for label, period_start, period_end in periods:
        period_add(plan=new, by=by, label=label, starts_on=period_start, ends_on=period_end)
    for area in old.focus_areas:
        new_area = focus_area_add(
            plan=new,
            by=by,
            number=area.number,
            title_en=area.title_en,
            title_fr=area.title_fr,
            weight=area.weight,
        )
        for objective in area.objective_list:
            if _is_unfinished(objective):
                _carry_over(objective, new_area, plan.ends_on, by)
    audit.record(by=by, action=PLAN_SUCCEEDED, obj=new, note=str(plan))
    return new


def _carry_over(objective, area, ended_on, by):
    copy = objective_add(
        focus_area=area,
        by=by,
        number=objective.number,
        title_en=objective.title_en,
        title_fr=objective.title_fr,
        weight=objective.weight,
        coordinator_member=objective.coordinator_member,
        coordinator_entity=objective.coordinator_entity,
        carried_from=objective,
    )
    for activity in objective.activities.all():
        if activity.status in (Activity.Status.DONE, Activity.Status.DROPPED):
            continue
        activity_add(
            objective=copy,
            by=by,
            title_en=activity.title_en,
            title_fr=activity.title_fr,
            is_milestone=activity.is_milestone,
            status=activity.status,
            coordinator_member=activity.coordinator_member,
            coordinator_entity=activity.coordinator_entity,
        )
    for row in objective.indicator_rows:
        indicator = row.indicator
        reached = row.latest_actual is not None
        indicator_add(
            objective=copy,
            by=by,
            code=indicator.code,
            title_en=indicator.title_en,
            title_fr=indicator.title_fr,
            unit=indicator.unit,
            baseline_value=Decimal(str(row.latest_actual)) if reached else indicator.baseline_value,
            baseline_on=ended_on if reached else indicator.baseline_on,
            direction=indicator.direction,
            measured_by_en=indicator.measured_by_en,
            measured_by_fr=indicator.measured_by_fr,
            weight=indicator.weight,
            coordinator_member=indicator.coordinator_member,
            coordinator_entity=indicator.coordinator_entity,
        )


@service("plans.report_progress", on="indicator")
@transaction.atomic
def progress_report(
    *,
    indicator,
    period,
    by,
    value,
    narrative="",
    upload=None,
    audience=Evidence.Audience.MEMBERS,
    submit=False,
) -> ProgressUpdate:
    """Save the update, attach its evidence and submit it, or (on any refusal) none of these."""
    update = progress_save(
        indicator=indicator, period=period, by=by, value=value, narrative=narrative
    )
    if upload is not None:
        evidence_add(update=update, by=by, upload=upload, audience=audience)
    if submit:
        progress_submit(update=update, by=by)
    return update


@service("plans.manage_plans", on="region")
def survey_create(*, region, by, title_en, title_fr="", plan=None) -> Survey:
    survey = Survey.objects.create(region=region, plan=plan, title_en=title_en, title_fr=title_fr)
    audit.record(by=by, action=audit.CREATED, obj=survey)
    return survey


@service("plans.manage_plans", on="survey")
def question_add(
    *, survey, by, kind, text_en, text_fr="", options="", scale_max=5, required=False
) -> Question:
    question = Question(
        survey=survey,
        order=survey.questions.count(),
        kind=kind,
        text_en=text_en,
        text_fr=text_fr,
        options=options,
        scale_max=scale_max,
        required=required,
    )
    _check_question(question)
    question.save()
    audit.record(by=by, action=audit.CREATED, obj=question)
    return question


@service("plans.manage_plans", on="survey")
def survey_update(*, survey, by, expected_version=None, **changes) -> Survey:
    def check(changed):
        if changed.plan is not None and changed.plan.region_id != changed.region_id:
            raise ValidationError(_("The plan belongs to another region."))

    return _edit(survey, by=by, expected_version=expected_version, check=check, **changes)


def _check_question(question):
    if question.kind == Question.Kind.CHOICE and len(question.option_list) < 2:
        raise ValidationError({"options": _("A choice question needs at least two choices.")})
    if question.survey.opens_at is not None:
        raise ValidationError(_("The survey has opened: its questions can no longer change."))


@service("plans.manage_plans", on="question.survey")
def question_update(*, question, by, expected_version=None, **changes) -> Question:
    return _edit(
        question, by=by, expected_version=expected_version, check=_check_question, **changes
    )


@service("plans.manage_plans", on="survey")
def survey_open(*, survey, by, now=None) -> Survey:
    now = now or timezone.now()
    if survey.is_open(now):
        raise ValidationError(_("The survey is already open."))
    if not survey.questions.exists():
        raise ValidationError(_("Add at least one question before opening the survey."))
    before = audit.snapshot(survey)
    survey.opens_at, survey.closes_at = now, None
    survey.save(update_fields=["opens_at", "closes_at"])
    audit.record(by=by, action=SURVEY_OPENED, obj=survey, before=before)
    return survey


@service("plans.manage_plans", on="survey")
def survey_close(*, survey, by, now=None) -> Survey:
    now = now or timezone.now()
    if not survey.is_open(now):
        raise ValidationError(_("The survey is not open."))
    before = audit.snapshot(survey)
    survey.closes_at = now
    survey.save(update_fields=["closes_at"])
    audit.record(by=by, action=SURVEY_CLOSED, obj=survey, before=before)
    return survey


def _clean_answer(question, raw) -> str:
    """The value to store, or a ValidationError naming the question."""
    value = (raw or "").strip()
    if value == "":
        if question.required:
            raise ValidationError(_("“%(q)s” needs an answer.") % {"q": question.text})
        return ""
    kind = question.kind
    valid = True
    if kind == Question.Kind.YES_NO:
        valid = value in ("yes", "no")
    elif kind == Question.Kind.SCALE:
        valid = value.isdigit() and 1 <= int(value) <= question.scale_max
    elif kind == Question.Kind.NUMBER:
        try:
            value = str(Decimal(value.replace(",", ".")))
            valid = Decimal(value).is_finite()
        except ArithmeticError:
            valid = False
    elif kind == Question.Kind.CHOICE:
        valid = value in question.option_list
    if not valid:
        raise ValidationError(_("“%(q)s”: this answer is not valid.") % {"q": question.text})
    return value


@service("plans.answer_survey", on="member")
@transaction.atomic
def response_save(*, survey, member, by, answers, now=None) -> Response:
    """The Member's answers {question: raw text}; refused as a whole if one is invalid."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_open(now):
        raise ValidationError(_("The survey is not open: answers can no longer change."))
    if member.region_id != survey.region_id:
        raise ValidationError(_("Only the region's Members answer this survey."))
    questions = list(survey.questions.all())
    errors, values = [], {}
    for question in questions:
        try:
            values[question] = _clean_answer(question, answers.get(question))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    response, _created = Response.objects.update_or_create(
        survey=survey,
        member=member,
        defaults={"updated_by": user_of(by), "updated_at": timezone.now()},
    )
    for question, value in values.items():
        Answer.objects.update_or_create(
            response=response, question=question, defaults={"value": value}
        )
    audit.record(by=by, action=SURVEY_ANSWERED, obj=response)
    return response
