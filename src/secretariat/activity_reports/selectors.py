from django.db.models import Q

from secretariat.plans.selectors import officer_entity_ids
from secretariat.regions.selectors import viewer_for

from .models import ActivityReport


def reports_visible(region, user):
    """Reports `user` may read: their entity's drafts, and everything submitted to participants."""
    reports = ActivityReport.objects.filter(region=region).select_related(
        "entity", "region", "agenda_item__session"
    )
    mine = Q(entity_id__in=officer_entity_ids(user))
    if viewer_for(user).is_participant(region.pk):
        return reports.filter(mine | ~Q(status=ActivityReport.Status.DRAFT))
    return reports.filter(mine)


def report_page(report):
    return (
        ActivityReport.objects.select_related("entity", "region", "agenda_item__session")
        .prefetch_related(
            "sections",
            "activities__objective",
            "indicators__objective",
        )
        .get(pk=report.pk)
    )
