"""Scheduled work of the documents app, what the search indexes of it, and its panel on a
session's page."""

from django.template.loader import render_to_string

from secretariat.core.registry import search_source, session_panel, tick_step
from secretariat.meetings.indexing import session_follows
from secretariat.regions.selectors import viewer_for

from . import indexing, packs, selectors
from .digest import digest_send_due
from .models import Document

tick_step(digest_send_due)
tick_step(packs.packs_prune)
search_source(
    "document",
    objects=indexing.documents,
    item=indexing.document_item,
    follows={Document: "pk", **session_follows("session")},
)


@session_panel(order=20)
def session_documents(request, session):
    """The documents of `session` the reader may see, with their latest versions."""
    documents = selectors.session_documents(session, viewer_for(request.user))
    return render_to_string(
        "documents/_session_documents.html",
        {
            "session": session,
            "documents": list(documents),
            "may_manage": request.user.has_perm("documents.manage_documents", session.region),
        },
        request,
    )
