"""`{% session_decisions session %}`: the decisions of a session's meetings, for its page.

A tag rather than a change to the meetings view, so that meetings knows nothing of decisions.
"""

from django import template

from secretariat.regions.selectors import viewer_for

from ..selectors import visible_decisions

register = template.Library()


@register.inclusion_tag("decisions/_session_decisions.html", takes_context=True)
def session_decisions(context, session):
    viewer = viewer_for(context["request"].user)
    meetings = list(session.meetings.all())
    decisions = visible_decisions(session.region, viewer).filter(meeting__in=meetings)
    return {
        "decisions": list(decisions.order_by("meeting__series__order", "number")),
        "meetings": meetings,
        "region": session.region,
    }
