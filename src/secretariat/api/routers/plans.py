"""The API of strategic plans, the implementation survey and activity reports.

Reads return what the caller may see, through the same rules and selectors as the pages
(`plans.view_plan`, `plans.view_survey_results`, `activity_reports.view_report`); the two
writes (a progress update, a Member's answers) go through the same services, so a refusal
is the same message as on the page.
"""

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError

from secretariat.activity_reports.models import ActivityReport
from secretariat.activity_reports.selectors import reports_visible
from secretariat.api.auth import SIGNED_IN
from secretariat.api.common import ERRORS, SLUG, ErrorOut, RegionSlug, region_or_404
from secretariat.plans import selectors, services
from secretariat.plans.models import Indicator, Plan, ProgressUpdate, ReportingPeriod

router = Router(tags=["plans"])

PlanSlug = Path(..., description="The plan's short address, e.g. `rsp-2020-2022`.", **SLUG)
Id = Path(..., ge=1, le=2**31 - 1)
Light = Literal["green", "amber", "red", "none"]


class FigureOut(Schema):
    progress: int | None = Field(description="Per cent of the way to the target; null: no data.")
    status: Light


def _figure(figure):
    return {"progress": figure.percent, "status": str(figure.status)}


class PeriodValueOut(Schema):
    period: str
    target: float | None
    approved: float | None = Field(description="The approved value; drafts never appear.")


class IndicatorOut(Schema):
    id: int
    code: str
    title_en: str
    title_fr: str
    unit: str
    baseline: float
    baseline_on: datetime.date
    direction: Literal["up", "down"]
    coordinator: str | None
    figure: FigureOut
    periods: list[PeriodValueOut]


class ObjectiveOut(Schema):
    number: str
    title_en: str
    title_fr: str
    coordinator: str | None
    carried_over: bool
    figure: FigureOut
    indicators: list[IndicatorOut]


class FocusAreaOut(Schema):
    number: int
    title_en: str
    title_fr: str
    figure: FigureOut
    objectives: list[ObjectiveOut]


class PlanOut(Schema):
    slug: str
    title_en: str
    title_fr: str
    starts_on: datetime.date
    ends_on: datetime.date
    status: Literal[tuple(Plan.Status.values)]
    endorsement: str
    endorsing_decision: str | None = Field(
        description="The reference of the endorsing decision in the register (RHCAC21/D1); "
        "null when it is not there or the caller may not see it."
    )
    predecessor_slug: str | None = Field(description="The plan this one follows.")


class PlanTreeOut(PlanOut):
    figure: FigureOut
    periods: list[str]
    focus_areas: list[FocusAreaOut]


def _coordinator(obj):
    coordinator = obj.coordinator
    return coordinator.short_name_en if coordinator else None


def _fields(plan) -> dict:
    names = ("slug", "title_en", "title_fr", "starts_on", "ends_on", "status", "endorsement")
    predecessor = getattr(plan, "predecessor_slug", None)
    if predecessor is None and plan.predecessor_id:
        predecessor = plan.predecessor.slug
    return {name: getattr(plan, name) for name in names} | {"predecessor_slug": predecessor}


def _tree(plan, user):
    board = selectors.dashboard(plan)
    labels = [p.label for p in board.periods]

    def indicator(row):
        i = row.indicator
        return {
            "id": i.pk,
            "code": i.code,
            "title_en": i.title_en,
            "title_fr": i.title_fr,
            "unit": i.unit,
            "baseline": float(i.baseline_value),
            "baseline_on": i.baseline_on,
            "direction": i.direction,
            "coordinator": _coordinator(i),
            "figure": _figure(row.figure),
            "periods": [
                {"period": label, "target": o.target, "approved": o.actual}
                for label, o in zip(labels, row.observations, strict=True)
            ],
        }

    def objective(o):
        return {
            "number": o.number,
            "title_en": o.title_en,
            "title_fr": o.title_fr,
            "coordinator": _coordinator(o),
            "carried_over": o.carried_from_id is not None,
            "figure": _figure(o.figure),
            "indicators": [indicator(r) for r in o.indicator_rows],
        }

    return _fields(plan) | {
        "endorsing_decision": _references(plan.region, user, [plan]).get(plan.pk),
        "figure": _figure(board.figure),
        "periods": labels,
        "focus_areas": [
            {
                "number": a.number,
                "title_en": a.title_en,
                "title_fr": a.title_fr,
                "figure": _figure(a.figure),
                "objectives": [objective(o) for o in a.objective_list],
            }
            for a in board.focus_areas
        ],
    }


def _references(region, user, plans) -> dict:
    """{plan id: reference of its endorsing decision}, for the decisions `user` may see."""
    decisions = selectors.endorsing_decisions(region, user, plans)
    return {
        plan.pk: decisions[plan.endorsing_decision_id].reference
        for plan in plans
        if plan.endorsing_decision_id in decisions
    }


def _plan(request, region, slug):
    region = region_or_404(region)
    plan = Plan.objects.select_related("predecessor").filter(region=region, slug=slug).first()
    if plan is None or not request.user.has_perm("plans.view_plan", plan):
        raise HttpError(404, _("There is no plan “%s” you may see.") % slug)
    plan.region = region
    return plan


@router.get("/{region}/plans", response={200: list[PlanOut]} | ERRORS, summary="Strategic plans")
def plan_list(request, region: str = RegionSlug):
    region = region_or_404(region)
    plans = list(
        selectors.plans_visible(region, request.user).annotate(
            predecessor_slug=F("predecessor__slug")
        )
    )
    references = _references(region, request.user, plans)
    return [_fields(plan) | {"endorsing_decision": references.get(plan.pk)} for plan in plans]


@router.get(
    "/{region}/plans/{plan}",
    response={200: PlanTreeOut} | ERRORS,
    summary="A plan with its tree, targets, approved values and traffic lights",
)
def plan_detail(request, region: str = RegionSlug, plan: str = PlanSlug):
    return _tree(_plan(request, region, plan), request.user)


class ProgressIn(Schema):
    period: str = Field(min_length=1, max_length=40, description="The period's label: `2021–22`.")
    value: float = Field(ge=-1e11, le=1e11, allow_inf_nan=False)
    narrative: str = Field("", max_length=20_000)
    submit: bool = Field(False, description="Submit for approval; else saved as a draft.")


class ProgressOut(Schema):
    id: int
    indicator: str
    period: str
    value: float
    status: Literal[tuple(ProgressUpdate.Status.values)]

    @staticmethod
    def resolve_indicator(obj):
        return obj.indicator.code

    @staticmethod
    def resolve_period(obj):
        return obj.period.label


@router.post(
    "/{region}/plans/{plan}/indicators/{indicator}/progress",
    auth=SIGNED_IN,
    response={200: ProgressOut, 400: ErrorOut, 403: ErrorOut} | ERRORS,
    summary="Report progress on an indicator I coordinate",
    description="Saves the draft (or returned) update of the period, or submits it. Only the "
    "coordinating Member's contact point or Head of Customs, or the coordinating entity's "
    "officers, may report; a closed period answers 400.",
)
def progress_report(
    request,
    body: ProgressIn,
    region: str = RegionSlug,
    plan: str = PlanSlug,
    indicator: int = Id,
):
    plan = _plan(request, region, plan)
    try:
        found = selectors.indicator_for(plan, indicator)
    except Indicator.DoesNotExist:
        raise HttpError(404, _("The plan has no such indicator.")) from None
    if not request.user.has_perm("plans.report_progress", found):
        raise HttpError(403, _("Only the indicator's coordinator may report on it."))
    period = ReportingPeriod.objects.filter(plan=plan, label=body.period).first()
    if period is None:
        raise HttpError(400, _("The plan has no period “%s”.") % body.period)
    try:
        return services.progress_report(
            indicator=found,
            period=period,
            by=request.user,
            value=Decimal(str(round(body.value, 2))),
            narrative=body.narrative,
            submit=body.submit,
        )
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from None


class OptionCountOut(Schema):
    answer: str
    count: int


class QuestionResultOut(Schema):
    id: int
    text_en: str
    text_fr: str
    kind: str
    answered: int
    counts: list[OptionCountOut]
    mean: float | None
    minimum: float | None
    maximum: float | None
    texts: list[str]


class SurveyResultsOut(Schema):
    title_en: str
    title_fr: str
    responded: int
    invited: int
    questions: list[QuestionResultOut]


def _survey(request, region, pk):
    region = region_or_404(region)
    survey = selectors.surveys_visible(region, request.user).filter(pk=pk).first()
    if survey is None:
        raise HttpError(404, _("There is no survey you may see with this number."))
    survey.region = region
    return survey


@router.get(
    "/{region}/surveys/{survey}/results",
    response={200: SurveyResultsOut} | ERRORS,
    summary="A survey's results, summed up (no Member named)",
)
def survey_results(request, region: str = RegionSlug, survey: int = Id):
    found = _survey(request, region, survey)
    if not request.user.has_perm("plans.view_survey_results", found):
        raise HttpError(404, _("The results are not available to you yet."))
    questions, responded, invited, _rate = selectors.survey_results(found)
    return {
        "title_en": found.title_en,
        "title_fr": found.title_fr,
        "responded": responded,
        "invited": invited,
        "questions": [
            {
                "id": q.pk,
                "text_en": q.text_en,
                "text_fr": q.text_fr,
                "kind": q.kind,
                "answered": q.summary.answered,
                "counts": [{"answer": a, "count": c} for a, c in q.summary.counts],
                "mean": q.summary.mean,
                "minimum": q.summary.minimum,
                "maximum": q.summary.maximum,
                "texts": q.summary.texts,
            }
            for q in questions
        ],
    }


class AnswersIn(Schema):
    answers: dict[int, str] = Field(
        description="The answer to each question by its id: `yes`/`no`, a scale step, a "
        "number, one of the choices, or text."
    )


class AnswersOut(Schema):
    member: str
    answers: dict[int, str]


@router.post(
    "/{region}/surveys/{survey}/answers",
    auth=SIGNED_IN,
    response={200: AnswersOut, 400: ErrorOut, 403: ErrorOut} | ERRORS,
    summary="Answer a survey for my Member (replaces its earlier answers)",
)
def survey_answer(request, body: AnswersIn, region: str = RegionSlug, survey: int = Id):
    found = _survey(request, region, survey)
    member = selectors.answering_member(found.region, request.user)
    if not request.user.has_perm("plans.answer_survey", member):
        raise HttpError(403, _("Only a Member's contact point or Head of Customs answers."))
    questions = {q.pk: q for q in found.questions.all()}
    if any(len(v) > 20_000 for v in body.answers.values()):
        raise HttpError(400, _("An answer is too long."))
    try:
        services.response_save(
            survey=found,
            member=member,
            by=request.user,
            answers={q: body.answers.get(pk, "") for pk, q in questions.items()},
        )
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from None
    return {"member": member.short_name_en, "answers": selectors.answers_of(found, member)}


class SectionOut(Schema):
    heading_en: str
    heading_fr: str
    body_en: str
    body_fr: str


class ReportOut(Schema):
    id: int
    entity: str
    title_en: str
    title_fr: str
    starts_on: datetime.date
    ends_on: datetime.date
    status: Literal[tuple(ActivityReport.Status.values)]
    presented_at: str | None = Field(description="The agenda item's title.")
    sections: list[SectionOut]

    @staticmethod
    def resolve_entity(obj):
        return obj.entity.short_name_en

    @staticmethod
    def resolve_presented_at(obj):
        return obj.agenda_item.title_en if obj.agenda_item_id else None

    @staticmethod
    def resolve_sections(obj):
        return list(obj.sections.all())


@router.get(
    "/{region}/reports",
    response={200: list[ReportOut]} | ERRORS,
    summary="Activity reports of the regional entities",
    description="Submitted and presented reports for the region's participants; an "
    "entity's officers also see its drafts. The public sees none.",
)
def report_list(request, region: str = RegionSlug):
    return reports_visible(region_or_404(region), request.user).prefetch_related("sections")
