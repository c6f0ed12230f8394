"""Reads worth a name: a plan's tree with its figures, updates waiting, who reports what."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from secretariat.decisions.selectors import visible_decisions
from secretariat.regions.models import Member, Role
from secretariat.regions.selectors import viewer_for

from . import status
from .models import Indicator, Objective, Plan, ProgressUpdate, ReportingPeriod, Target


def officer_entity_ids(user) -> frozenset:
    """The entities `user` is an officer of today; cached on the user for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_officer_entity_ids", None)
    if cached is None:
        cached = frozenset(
            Role.objects.active_on(timezone.localdate())
            .filter(person__user=user, person__is_active=True, kind=Role.Kind.ENTITY_OFFICER)
            .values_list("entity_id", flat=True)
        )
        user._officer_entity_ids = cached
    return cached


def endorsing_decisions(region, user, plans) -> dict:
    """{decision id: decision} of the plans' endorsing decisions that `user` may see."""
    ids = {plan.endorsing_decision_id for plan in plans if plan.endorsing_decision_id}
    if not ids:
        return {}
    visible = visible_decisions(region, viewer_for(user)).filter(pk__in=ids)
    return {decision.pk: decision for decision in visible}


def plans_visible(region, user):
    viewer = viewer_for(user)
    plans = Plan.objects.filter(region=region)
    if viewer.is_secretariat(region.pk):
        return plans
    plans = plans.exclude(status=Plan.Status.DRAFT)
    if viewer.is_participant(region.pk):
        return plans
    return plans.filter(dashboard_audience=Plan.Audience.PUBLIC)


@dataclass
class Figure:
    progress: float | None
    status: status.Status

    @property
    def percent(self):
        return None if self.progress is None else round(self.progress * 100)


@dataclass
class IndicatorRow:
    indicator: Indicator
    observations: list  # status.Observation per period, in period order
    figure: Figure
    latest_actual: object = None


@dataclass
class Dashboard:
    plan: Plan
    periods: list
    focus_areas: list  # FocusArea with .objective_list, each Objective with .indicator_rows
    figure: Figure
    indicator_count: int = 0
    status_counts: dict = field(default_factory=dict)
    by_period: list = field(default_factory=list)  # the plan's progress as each period ended


def _figure(rule, children):
    value = status.roll_up(children)
    return Figure(value, rule.status(value))


def dashboard(plan: Plan) -> Dashboard:
    """The plan's tree with a figure at every level; the same few queries for any size."""
    periods = list(plan.periods.all())
    targets = defaultdict(dict)
    for indicator_id, period_id, value in Target.objects.filter(period__plan=plan).values_list(
        "indicator_id", "period_id", "value"
    ):
        targets[indicator_id][period_id] = float(value)
    actuals = defaultdict(dict)
    for indicator_id, period_id, value in ProgressUpdate.objects.filter(
        period__plan=plan, status=ProgressUpdate.Status.APPROVED
    ).values_list("indicator_id", "period_id", "value"):
        actuals[indicator_id][period_id] = float(value)
    indicators = Indicator.objects.select_related("coordinator_member", "coordinator_entity")
    objectives = Objective.objects.select_related(
        "coordinator_member", "coordinator_entity"
    ).prefetch_related(Prefetch("indicators", queryset=indicators), "activities")
    focus_areas = list(
        plan.focus_areas.prefetch_related(Prefetch("objectives", queryset=objectives))
    )
    rule = plan.rule
    counts = dict.fromkeys(status.Status, 0)
    total = 0
    for area in focus_areas:
        area.objective_list = list(area.objectives.all())
        for objective in area.objective_list:
            objective.indicator_rows = []
            for indicator in objective.indicators.all():
                row = _indicator_row(indicator, periods, targets, actuals, rule)
                objective.indicator_rows.append(row)
                counts[row.figure.status] += 1
                total += 1
            objective.figure = _figure(
                rule,
                [(r.figure.progress, float(r.indicator.weight)) for r in objective.indicator_rows],
            )
        area.figure = _figure(
            rule, [(o.figure.progress, float(o.weight)) for o in area.objective_list]
        )
    figure = _figure(rule, [(a.figure.progress, float(a.weight)) for a in focus_areas])
    by_period = [_plan_progress_until(focus_areas, k) for k in range(len(periods))]
    return Dashboard(plan, periods, focus_areas, figure, total, counts, by_period)


def _plan_progress_until(focus_areas, k):
    """The plan's progress counting only what was approved for periods up to the k-th."""

    def indicator(row):
        return status.latest_progress(
            baseline=float(row.indicator.baseline_value),
            direction=row.indicator.direction,
            observations=row.observations[: k + 1],
        )

    def objective(o):
        return status.roll_up([(indicator(r), float(r.indicator.weight)) for r in o.indicator_rows])

    def area(a):
        return status.roll_up([(objective(o), float(o.weight)) for o in a.objective_list])

    return status.roll_up([(area(a), float(a.weight)) for a in focus_areas])


def _indicator_row(indicator, periods, targets, actuals, rule):
    observations = [
        status.Observation(targets[indicator.pk].get(p.pk), actuals[indicator.pk].get(p.pk))
        for p in periods
    ]
    value = status.latest_progress(
        baseline=float(indicator.baseline_value),
        direction=indicator.direction,
        observations=observations,
    )
    latest = next((o.actual for o in reversed(observations) if o.actual is not None), None)
    return IndicatorRow(indicator, observations, Figure(value, rule.status(value)), latest)


def indicator_for(plan, pk):
    return Indicator.objects.select_related(
        "objective__focus_area__plan__region", "coordinator_member", "coordinator_entity"
    ).get(objective__focus_area__plan=plan, pk=pk)


def indicator_observations(indicator, periods):
    targets = dict(indicator.targets.values_list("period_id", "value"))
    actuals = dict(
        indicator.updates.filter(status=ProgressUpdate.Status.APPROVED).values_list(
            "period_id", "value"
        )
    )
    return [
        status.Observation(
            float(targets[p.pk]) if p.pk in targets else None,
            float(actuals[p.pk]) if p.pk in actuals else None,
        )
        for p in periods
    ]


def updates_for_indicator(indicator, user):
    """The indicator's updates `user` may see (drafts only to those who report on it)."""
    from .rules import coordinates, is_plan_secretariat

    updates = indicator.updates.select_related("period", "reported_by")
    if coordinates(user, indicator):
        return updates
    if is_plan_secretariat(user, indicator):
        return updates.exclude(status=ProgressUpdate.Status.DRAFT)
    return updates.filter(status=ProgressUpdate.Status.APPROVED)


def updates_waiting(plan):
    """Submitted updates for the secretariat to decide on."""
    return (
        ProgressUpdate.objects.filter(period__plan=plan, status=ProgressUpdate.Status.SUBMITTED)
        .select_related("indicator", "period", "reported_by")
        .order_by("submitted_at")
    )


def reporting_for(plan, user):
    """The indicators of `plan` that `user` coordinates, with this user's view of updates."""
    viewer = viewer_for(user)
    q = Q(coordinator_member_id__in=viewer.member_editor_ids) | Q(
        coordinator_entity_id__in=officer_entity_ids(user)
    )
    return (
        Indicator.objects.filter(objective__focus_area__plan=plan)
        .filter(q)
        .select_related("coordinator_member", "coordinator_entity")
        .prefetch_related(
            Prefetch("updates", queryset=ProgressUpdate.objects.select_related("period"))
        )
    )


def open_periods(plan):
    return ReportingPeriod.objects.filter(plan=plan, is_closed=False)


def indicator_figure(plan, indicator, observations) -> Figure:
    value = status.latest_progress(
        baseline=float(indicator.baseline_value),
        direction=indicator.direction,
        observations=observations,
    )
    return Figure(value, plan.rule.status(value))


def report_initial(indicator, period_id):
    """The form's starting values: the reporter's own draft or returned update, if any."""
    update = (
        indicator.updates.filter(
            period_id=period_id if str(period_id or "").isdigit() else None,
            status__in=(ProgressUpdate.Status.DRAFT, ProgressUpdate.Status.RETURNED),
        ).first()
        if period_id
        else None
    )
    if update is None:
        return {"period": period_id} if period_id else {}
    return {"period": update.period_id, "value": update.value, "narrative": update.narrative}


@dataclass
class ComparisonRow:
    area_number: int
    area_title: str
    before: Figure | None  # the previous plan's focus area at its end
    after: Figure | None  # this plan's focus area now
    carried: int  # objectives carried over into this area


def comparison(previous: Plan, plan: Plan) -> list[ComparisonRow]:
    """Focus areas side by side, matched by number: the old plan's end, the new one's start."""
    old = {a.number: a for a in dashboard(previous).focus_areas}
    new = {a.number: a for a in dashboard(plan).focus_areas}
    rows = []
    for number in sorted(old.keys() | new.keys()):
        before, after = old.get(number), new.get(number)
        rows.append(
            ComparisonRow(
                area_number=number,
                area_title=(after or before).title,
                before=before.figure if before else None,
                after=after.figure if after else None,
                carried=sum(1 for o in after.objective_list if o.carried_from_id) if after else 0,
            )
        )
    return rows


def surveys_visible(region, user):
    from .models import Survey

    surveys = Survey.objects.filter(region=region)
    viewer = viewer_for(user)
    if viewer.is_secretariat(region.pk):
        return surveys
    if viewer.is_participant(region.pk):
        return surveys.filter(opens_at__isnull=False)
    return surveys.none()


def answers_of(survey, member):
    """{question_id: value} of the Member's response, empty if it has not answered."""
    from .models import Answer

    return dict(
        Answer.objects.filter(response__survey=survey, response__member=member).values_list(
            "question_id", "value"
        )
    )


def survey_results(survey, *, day=None):
    """Each question with its summary, and the response rate among the region's Members."""
    from secretariat.regions.selectors import members_on

    from .models import Answer
    from .survey_results import response_rate, summarise

    questions = list(survey.questions.all())
    values = defaultdict(list)
    for question_id, value in Answer.objects.filter(response__survey=survey).values_list(
        "question_id", "value"
    ):
        values[question_id].append(value)
    for question in questions:
        question.summary = summarise(
            question.kind,
            values[question.pk],
            options=question.option_list,
            scale_max=question.scale_max,
        )
    day = (survey.closes_at or timezone.now()).date() if day is None else day
    invited = members_on(survey.region, day).count()
    responded = survey.responses.count()
    return questions, responded, invited, response_rate(responded, invited)


def answering_member(region, user):
    """The Member this person answers surveys for in `region`, if they answer for one."""
    ids = viewer_for(user).member_editor_ids
    return Member.objects.filter(region=region, pk__in=ids).order_by("short_name_en").first()
