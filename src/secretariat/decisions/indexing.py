"""What the search indexes of decisions: one entry each, as visible as the decision."""

import datetime

from secretariat.core.visibility import Visibility
from secretariat.search.index import FacetValue, Item, item, year_facet

from .models import Decision


def decisions():
    return Decision.objects.select_related("region", "meeting__session").prefetch_related(
        "shared_with"
    )


def decision_item(decision) -> Item:
    visibility = decision.visibility
    if decision.meeting_id and decision.meeting.session.published_at is None:
        visibility = Visibility.SECRETARIAT  # a draft session's decision
    named = visibility == Visibility.NAMED
    return item(
        obj=decision,
        kind="decision",
        region=decision.region,
        title=f"{decision.reference} {decision.title_en}",
        text="\n".join([decision.title_fr, decision.text_en, decision.text_fr]),
        url=decision.get_absolute_url(),
        visibility=visibility,
        shared_with=list(decision.shared_with.all()) if named else [],
        updated_at=datetime.datetime.combine(decision.decided_on, datetime.time(), datetime.UTC),
        facets=[
            FacetValue("status", decision.outcome, str(Decision.Outcome(decision.outcome).label)),
            *year_facet(decision.decided_on),
        ],
    )
