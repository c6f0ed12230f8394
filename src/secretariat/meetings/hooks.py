"""What the home page asks of people, and what the search indexes, from the meetings app."""

from django.urls import reverse
from django.utils.translation import gettext as _

from secretariat.core.registry import Todo, search_source, todo_source
from secretariat.regions.selectors import viewer_for

from . import indexing
from .delegations import delegations_to_register
from .models import AgendaItem, Meeting, Series, Session


@todo_source
def delegations_to_be_registered(user):
    """For contact points and Heads of Customs: the delegations their Member must register."""
    viewer = viewer_for(user)
    if not viewer.member_editor_ids:
        return []
    todos = []
    for delegation in delegations_to_register(viewer):
        session = delegation.invitation.session
        todos.append(
            Todo(
                _("Register your delegation for %(session)s") % {"session": session.title},
                reverse(
                    "meetings:delegation-register",
                    args=[session.region.slug, session.pk, delegation.pk],
                ),
                due=delegation.invitation.registration_deadline,
            )
        )
    return todos


search_source(
    "session",
    objects=indexing.sessions,
    item=indexing.session_item,
    follows={Session: "pk", Meeting: "meetings", Series: "meetings__series", AgendaItem: "agenda"},
)
