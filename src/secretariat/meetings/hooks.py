"""What the home page asks of people, and what the search indexes, from the meetings app."""

from django.urls import reverse
from django.utils.translation import gettext as _

from secretariat.core.registry import Todo, search_source, todo_source

from . import indexing
from .delegations import delegations_to_register
from .models import AgendaItem, Meeting, Series, Session


@todo_source
def delegations_to_be_registered(user):
    """For whoever registers a delegation (a Member's contact points and Head of Customs, an
    entity's officers, an observer organisation's observers, an invited individual): the
    delegations still to register."""
    todos = []
    for delegation in delegations_to_register(user):
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
