"""What the search indexes of documents: one entry each, with its newest version's text."""

from django.db.models import Prefetch

from secretariat.core.visibility import Visibility
from secretariat.meetings.indexing import ORDER, session_visibility
from secretariat.meetings.models import Meeting
from secretariat.search.index import Item, item, year_facet

from .models import Document, DocumentVersion


def documents():
    """Documents, but not those of a session merged into a joint session, nor withdrawn ones."""
    documents = Document.objects.filter(session__merged_into=None, withdrawn_at=None)
    return documents.select_related("region", "session").prefetch_related(
        "shared_with",
        Prefetch("session__meetings", queryset=Meeting.objects.select_related("series")),
        Prefetch("versions", queryset=DocumentVersion.objects.only("document", "number", "text")),
    )


def document_item(document) -> Item:
    """As visible as the document and its session both allow."""
    session = document.session
    visibility = max(document.visibility, session_visibility(session), key=ORDER.index)
    newest = max(document.versions.all(), key=lambda v: v.number, default=None)
    return item(
        obj=document,
        kind="document",
        region=document.region,
        title=f"{document.reference} {document.title_en}",
        text="\n".join([document.title_fr, session.title_en, newest.text if newest else ""]),
        url=document.get_absolute_url(),
        visibility=visibility,
        shared_with=list(document.shared_with.all()) if visibility == Visibility.NAMED else [],
        updated_at=document.created_at,
        facets=year_facet(session.starts_at),
        language=document.language,
    )
