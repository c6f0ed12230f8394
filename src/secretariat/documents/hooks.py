"""Scheduled work of the documents app, and what the search indexes of it."""

from secretariat.core.registry import search_source, tick_step
from secretariat.meetings.indexing import session_follows

from . import indexing
from .digest import digest_send_due
from .models import Document

tick_step(digest_send_due)
search_source(
    "document",
    objects=indexing.documents,
    item=indexing.document_item,
    follows={Document: "pk", **session_follows("session")},
)
