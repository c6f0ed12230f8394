"""Tick steps, home-page to-dos, search entries and the session panel of the decisions app."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from secretariat.core.registry import Todo, search_source, session_panel, tick_step, todo_source
from secretariat.meetings.models import Session
from secretariat.regions.selectors import viewer_for

from . import indexing, selectors, services
from .models import Action, Decision, Vote

search_source(
    "decision",
    objects=indexing.decisions,
    item=indexing.decision_item,
    follows={Decision: "pk", Session: "meeting__session"},
)


@tick_step
def written_procedures(now):
    """Remind Members two days before a written deadline; at the deadline, record the result."""
    return {
        "reminded": services.written_reminders_due(now=now),
        "closed": services.written_procedures_due(now=now),
    }


@tick_step
def action_reminders(now):
    """Remind the owners of actions not yet done a week before they fall due."""
    return {"actions_reminded": services.action_reminders_due(now=now)}


@todo_source
def votes_awaiting(user):
    """For contact points and Heads of Customs: open votes their Member has not answered yet."""
    viewer = viewer_for(user)
    if not viewer.member_editor_ids:
        return []
    votes = (
        Vote.objects.filter(closed_at=None, electorate__in=viewer.member_editor_ids)
        .exclude(casts__member__in=viewer.member_editor_ids)
        .select_related("proposal__region")
        .distinct()
    )
    todos = []
    for vote in votes:
        proposal = vote.proposal
        title = (
            _("Object by the deadline, or stay silent: %(title)s")
            if vote.mode == Vote.Mode.SILENCE
            else _("Vote on: %(title)s")
        )
        todos.append(
            Todo(
                title % {"title": proposal.title},
                reverse("decisions:proposal-detail", args=[proposal.region.slug, proposal.pk]),
                due=vote.deadline,
            )
        )
    return todos


@todo_source
def actions_open(user):
    """For contact points and Heads of Customs: their Member's follow-up actions not yet done."""
    viewer = viewer_for(user)
    if not viewer.member_editor_ids:
        return []
    actions = Action.objects.filter(
        status__in=Action.PENDING, member__in=viewer.member_editor_ids
    ).select_related("decision__region")
    return [
        Todo(
            # A due day, not a time: it goes in the title (`due` is a moment with its zone).
            _("Follow-up action (%(ref)s), due %(day)s: %(text)s")
            % {"ref": a.decision.reference, "day": date_format(a.due_on), "text": a.text},
            reverse("decisions:decision-detail", args=[a.decision.region.slug, a.decision_id]),
        )
        for a in actions
    ]


@session_panel(order=10)
def session_decisions(request, session):
    """The decisions of a session's meetings the reader may see, with links to the register."""
    meetings = list(session.meetings.all())
    decisions = selectors.visible_decisions(session.region, viewer_for(request.user))
    decisions = decisions.filter(meeting__in=meetings).order_by("meeting__series__order", "number")
    return render_to_string(
        "decisions/_session_decisions.html",
        {"decisions": list(decisions), "meetings": meetings, "region": session.region},
        request,
    )
