"""Tick steps, home-page to-dos and search entries of summary records."""

from django.utils.translation import gettext as _

from secretariat.core.registry import Todo, search_source, tick_step, todo_source
from secretariat.meetings.indexing import session_follows
from secretariat.regions.selectors import viewer_for

from . import indexing, services
from .models import SummaryRecord

search_source(
    "record",
    objects=indexing.records,
    item=indexing.record_item,
    follows={SummaryRecord: "pk", **session_follows("session")},
)


@tick_step
def record_reminders(now):
    """Remind the Members' contact points two days before a record's comments deadline."""
    return {"records_reminded": services.record_reminders_due(now=now)}


@todo_source
def records_to_comment(user):
    """For contact points and Heads of Customs: circulated records still open for comments."""
    viewer = viewer_for(user)
    if not viewer.member_editor_ids:
        return []
    records = SummaryRecord.objects.filter(
        status=SummaryRecord.Status.CIRCULATED,
        session__region__in=viewer.participant_regions,
    ).select_related("session__region")
    return [
        Todo(
            _("Comment on the draft summary record of the %(title)s") % {"title": r.session.title},
            r.get_absolute_url(),
            due=r.comments_due,
        )
        for r in records
        if r.comments_open()
    ]
