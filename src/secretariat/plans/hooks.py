"""Home-page to-dos of the plans app."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import ngettext

from secretariat.core.registry import Todo, todo_source
from secretariat.regions.selectors import viewer_for

from .models import Plan, ProgressUpdate


@todo_source
def updates_to_decide(user):
    """For the secretariat: each plan of its regions with submitted progress updates waiting."""
    regions = viewer_for(user).secretariat_regions
    if not regions:
        return []
    submitted = Q(periods__updates__status=ProgressUpdate.Status.SUBMITTED)
    plans = (
        Plan.objects.filter(region__in=regions)
        .annotate(waiting=Count("periods__updates", filter=submitted))
        .filter(waiting__gt=0)
        .select_related("region")
        .order_by("starts_on")
    )
    return [
        Todo(
            ngettext(
                "Decide on %(n)s progress update: %(plan)s",
                "Decide on %(n)s progress updates: %(plan)s",
                plan.waiting,
            )
            % {"n": plan.waiting, "plan": plan.title},
            reverse("plans:review-queue", args=[plan.region.slug, plan.slug]),
        )
        for plan in plans
    ]
