"""Who may do what with activity reports.

An entity's officers write its reports; a draft is theirs alone. Once submitted the
region's participants read it; the secretariat records where it was presented.
"""

import rules

from secretariat.plans.selectors import officer_entity_ids
from secretariat.regions.rules import is_secretariat
from secretariat.regions.selectors import viewer_for

from .models import ActivityReport


@rules.predicate
def writes_for(user, report):
    return report is not None and report.entity_id in officer_entity_ids(user)


@rules.predicate
def may_read(user, report):
    if report is None:
        return False
    if writes_for(user, report):
        return True
    if report.status == ActivityReport.Status.DRAFT:
        return False
    return viewer_for(user).is_participant(report.region_id)


@rules.predicate
def may_edit(user, report):
    return writes_for(user, report) and report.status == ActivityReport.Status.DRAFT


@rules.predicate
def may_present(user, report):
    return report is not None and is_secretariat(user, report.region)


@rules.predicate
def is_officer_of(user, entity):
    return entity is not None and entity.pk in officer_entity_ids(user)


rules.add_perm("activity_reports.write_for_entity", is_officer_of)
rules.add_perm("activity_reports.view_report", may_read)
rules.add_perm("activity_reports.change_report", may_edit)
rules.add_perm("activity_reports.present_report", may_present)
