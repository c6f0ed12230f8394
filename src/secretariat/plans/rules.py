"""Who may do what with strategic plans and their progress.

The secretariat manages plans and decides on updates; an indicator's coordinator (the
contact point or Head of Customs of the coordinating Member, or an officer of the
coordinating entity) reports on it. A draft update is the reporter's alone until it is
submitted; an approved one is seen by whoever may see the plan's dashboard.
"""

import rules

from secretariat.regions.rules import is_secretariat
from secretariat.regions.selectors import viewer_for

from .models import Evidence, Plan, ProgressUpdate
from .selectors import officer_entity_ids


def _plan_of(obj):
    if isinstance(obj, Plan):
        return obj
    if isinstance(obj, ProgressUpdate):
        return obj.period.plan
    return obj.objective.focus_area.plan  # an indicator


@rules.predicate
def is_plan_secretariat(user, obj):
    return obj is not None and is_secretariat(user, _plan_of(obj).region)


@rules.predicate
def may_view_plan(user, plan):
    if plan is None:
        return False
    viewer = viewer_for(user)
    if viewer.is_secretariat(plan.region_id):
        return True
    if plan.status == Plan.Status.DRAFT:
        return False
    return plan.dashboard_audience == Plan.Audience.PUBLIC or viewer.is_participant(plan.region_id)


@rules.predicate
def coordinates(user, indicator):
    """`user` speaks for the indicator's coordinating Member or entity."""
    if indicator is None:
        return False
    if indicator.coordinator_member_id:
        return indicator.coordinator_member_id in viewer_for(user).member_editor_ids
    if indicator.coordinator_entity_id:
        return indicator.coordinator_entity_id in officer_entity_ids(user)
    return False


@rules.predicate
def may_report(user, indicator):
    return (
        indicator is not None
        and coordinates(user, indicator)
        and may_view_plan(user, _plan_of(indicator))
    )


@rules.predicate
def may_see_update(user, update):
    if update is None:
        return False
    if coordinates(user, update.indicator):
        return True
    if update.status == ProgressUpdate.Status.DRAFT:
        return False
    if is_plan_secretariat(user, update):
        return True
    return update.status == ProgressUpdate.Status.APPROVED and may_view_plan(user, _plan_of(update))


@rules.predicate
def may_download_evidence(user, evidence):
    if evidence is None or not may_see_update(user, evidence.update):
        return False
    update = evidence.update
    if coordinates(user, update.indicator) or is_plan_secretariat(user, update):
        return True
    if evidence.audience == Evidence.Audience.PUBLIC:
        return True
    if evidence.audience == Evidence.Audience.MEMBERS:
        return viewer_for(user).is_participant(_plan_of(update).region_id)
    return False


rules.add_perm("plans.manage_plans", is_secretariat)
rules.add_perm("plans.view_plan", may_view_plan)
rules.add_perm("plans.report_progress", may_report)
rules.add_perm("plans.view_update", may_see_update)
rules.add_perm("plans.decide_update", is_plan_secretariat)
rules.add_perm("plans.download_evidence", may_download_evidence)


@rules.predicate
def may_answer_for(user, member):
    """The Member's contact point or Head of Customs answers its survey."""
    return member is not None and member.pk in viewer_for(user).member_editor_ids


@rules.predicate
def may_see_results(user, survey):
    """The secretariat any time; the region's participants once the survey has closed."""
    if survey is None:
        return False
    viewer = viewer_for(user)
    if viewer.is_secretariat(survey.region_id):
        return True
    return survey.is_closed() and viewer.is_participant(survey.region_id)


rules.add_perm("plans.answer_survey", may_answer_for)
rules.add_perm("plans.view_survey_results", may_see_results)
