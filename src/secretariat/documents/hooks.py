"""Scheduled work of the documents app, and what the search indexes of it."""

from secretariat.core.registry import search_source, tick_step
from secretariat.meetings.models import Meeting, Series, Session

from . import indexing
from .digest import digest_send_due
from .models import Document

tick_step(digest_send_due)
search_source(
    "document",
    objects=indexing.documents,
    item=indexing.document_item,
    follows={
        Document: "pk",
        Session: "session",
        Meeting: "session__meetings",
        Series: "session__meetings__series",
    },
)
