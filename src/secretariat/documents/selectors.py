"""Reads worth a name: the documents a viewer may see."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from secretariat.core.visibility import Viewer, visible_q
from secretariat.meetings.models import Session
from secretariat.meetings.selectors import visible_meetings

from .models import Document, DocumentVersion


def _allowed_documents(viewer: Viewer):
    """Documents whose own visibility lets `viewer` see them, wherever they are; a withdrawn
    one only for its region's secretariat, which keeps it in the history."""
    shown = Q(withdrawn_at=None)
    if viewer.secretariat_regions:
        shown |= Q(region__in=viewer.secretariat_regions)
    if not viewer.member_ids:
        return Document.objects.filter(visible_q(viewer) & shown)
    # Named sharing joins the Members table; the subquery keeps one row per document.
    return Document.objects.filter(shown).filter(
        pk__in=Document.objects.filter(visible_q(viewer)).values("pk")
    )


def visible_documents(viewer: Viewer):
    """Documents `viewer` may see, in sessions they may see."""
    return _allowed_documents(viewer).filter(
        Exists(visible_meetings(viewer).filter(session=OuterRef("session")))
    )


def visible_session(region, pk, viewer: Viewer) -> Session:
    return Session.objects.filter(
        Exists(visible_meetings(viewer).filter(session=OuterRef("pk")))
    ).get(region=region, pk=pk)


def with_latest(documents):
    """Each document's versions, newest first, in one more query (read `document.latest`)."""
    return documents.prefetch_related(
        Prefetch(
            "versions",
            queryset=DocumentVersion.objects.order_by("-number"),
            to_attr="newest_first",
        )
    )


def session_documents(session, viewer: Viewer):
    """The documents of `session`, a session `viewer` may see, that they may see too."""
    return with_latest(
        _allowed_documents(viewer)
        .filter(session=session)
        .select_related("agenda_item")
        .order_by("reference", "pk")
    )


def document_for(region, pk, viewer: Viewer) -> Document:
    return visible_documents(viewer).select_related("region", "session").get(region=region, pk=pk)
