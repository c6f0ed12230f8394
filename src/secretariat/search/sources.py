"""Index the objects of other apps (meetings, documents, decisions) from their models.

Those apps' services do not call the search themselves; instead `reindex` rebuilds their
entries (`python -m secretariat reindex`) and a tick step re-indexes what their audit
entries say changed since the last tick. Visibility is copied conservatively: an entry is
never more visible than the page it leads to.
"""

import datetime
import io
import logging
import warnings

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.utils import timezone

from secretariat.core.models import AuditEntry
from secretariat.core.visibility import Visibility
from secretariat.decisions.models import Decision
from secretariat.documents.models import Document
from secretariat.meetings.models import Meeting, Session
from secretariat.records.models import RecordParagraph, RecordSection, SummaryRecord

from .index import FacetValue, Item, entries_rebuild, entries_write, entry_remove, item
from .models import Mark

log = logging.getLogger(__name__)

# From the most open to the most restricted.
ORDER = [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.NAMED, Visibility.SECRETARIAT]
MAX_TEXT = 200_000  # characters of a document's text kept for the search


def _without_named(visibility):
    """Meetings show NAMED rows to the secretariat only (visible_q named=None)."""
    return Visibility.SECRETARIAT if visibility == Visibility.NAMED else visibility


def _session_visibility(session):
    meetings = [_without_named(m.visibility) for m in session.meetings.all()]
    return min(meetings, key=ORDER.index) if meetings else Visibility.SECRETARIAT


def _year(value):
    return [FacetValue("year", str(value.year), str(value.year))] if value else []


def session_item(session) -> Item | None:
    """None for a session merged into another: its entry is removed."""
    if session.merged_into_id:
        return None
    meetings = list(session.meetings.all())
    return item(
        obj=session,
        kind="session",
        region=session.region,
        title=session.title_en,
        text="\n".join(
            [m.reference for m in meetings]
            + [m.full_title for m in meetings]
            + [item.title_en for m in meetings for item in m.agenda_items.all()]
        ),
        url=session.get_absolute_url(),
        visibility=_session_visibility(session),
        updated_at=session.starts_at or timezone.now(),
        facets=_year(session.starts_at),
    )


def document_text(document) -> str:
    """The text of the newest version's PDF or Word file, where it can be extracted."""
    version = document.versions.order_by("-number").first()
    if version is None or version.kind not in ("pdf", "docx"):
        return ""
    try:
        with version.file.open("rb") as handle:
            data = io.BytesIO(handle.read())
        if version.kind == "pdf":
            import pypdf

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                reader = pypdf.PdfReader(data)
                text = "\n".join(page.extract_text() or "" for page in reader.pages[:200])
        else:
            import docx

            text = "\n".join(p.text for p in docx.Document(data).paragraphs)
    except Exception:  # a damaged or encrypted file: its metadata is still indexed
        log.warning("No text extracted from document %s", document.pk, exc_info=True)
        return ""
    return text[:MAX_TEXT]


def document_item(document) -> Item | None:
    session = document.session
    if session.merged_into_id:
        return None
    visibility = max(document.visibility, _session_visibility(session), key=ORDER.index)
    return item(
        obj=document,
        kind="document",
        region=document.region,
        title=f"{document.reference} {document.title_en}",
        text="\n".join([document.title_fr, session.title_en, document_text(document)]),
        url=document.get_absolute_url(),
        visibility=visibility,
        shared_with=list(document.shared_with.all()) if visibility == Visibility.NAMED else [],
        updated_at=document.created_at,
        facets=_year(session.starts_at),
        language=document.language,
    )


def decision_item(decision) -> Item:
    return item(
        obj=decision,
        kind="decision",
        region=decision.region,
        title=f"{decision.reference} {decision.title_en}",
        text="\n".join([decision.title_fr, decision.text_en, decision.text_fr]),
        url=decision.get_absolute_url(),
        visibility=decision.visibility,
        shared_with=(
            list(decision.shared_with.all()) if decision.visibility == Visibility.NAMED else []
        ),
        updated_at=_midnight(decision.decided_on),
        facets=[
            FacetValue("status", decision.outcome, str(Decision.Outcome(decision.outcome).label)),
            *_year(decision.decided_on),
        ],
    )


def record_item(record) -> Item | None:
    """An adopted summary record, as readable as its session; a draft is not indexed."""
    if record.status != SummaryRecord.Status.ADOPTED:
        return None
    session = record.session
    references = " / ".join(m.reference for m in session.meetings.all())
    text = []
    for section in record.sections.all():
        text += [section.title_en, section.title_fr]
        text += [t for p in section.paragraphs.all() for t in (p.text_en, p.text_fr)]
    return item(
        obj=record,
        kind="record",
        region=session.region,
        title=f"Summary record {references}"
        + (f" (edition {record.edition})" if record.edition > 1 else ""),
        text="\n".join([session.title_en, *filter(None, text)]),
        url=record.get_absolute_url(),
        visibility=_session_visibility(session),
        updated_at=record.adopted_at,
        facets=_year(session.starts_at),
    )


def _records():
    return SummaryRecord.objects.select_related("session__region").prefetch_related(
        Prefetch("session__meetings", queryset=Meeting.objects.select_related("series")),
        Prefetch(
            "sections",
            queryset=RecordSection.objects.prefetch_related(
                Prefetch("paragraphs", queryset=RecordParagraph.objects.order_by("position"))
            ),
        ),
    )


def _midnight(day):
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


def _sessions():
    return Session.objects.select_related("region").prefetch_related(
        Prefetch(
            "meetings",
            queryset=Meeting.objects.select_related("series").prefetch_related("agenda_items"),
        )
    )


def _documents():
    return Document.objects.select_related("region", "session").prefetch_related(
        "shared_with", Prefetch("session__meetings", queryset=Meeting.objects.all())
    )


SOURCES = {
    "session": (_sessions, session_item),
    "document": (_documents, document_item),
    "decision": (lambda: Decision.objects.select_related("region"), decision_item),
    "record": (_records, record_item),
}


def _index(kind, objects):
    """Write the entries of `objects` of `kind`, remove those kept out (in one bulk write)."""
    to_item = SOURCES[kind][1]
    items, out = [], []
    for obj in objects:
        found = to_item(obj)
        if found is None:
            out.append(obj)
        else:
            items.append(found)
    entries_write(items)
    for obj in out:
        entry_remove(obj=obj, kind=kind)


def reindex(kinds=tuple(SOURCES)) -> dict:
    """Rebuild the entries of `kinds` from their models in bulk; drop those of deleted objects."""
    return {
        kind: entries_rebuild(kind, SOURCES[kind][0]().iterator(chunk_size=500), SOURCES[kind][1])
        for kind in kinds
    }


def reindex_changed(now=None) -> int:
    """Re-index what audit entries since the last run name (a tick step)."""
    mark, _ = Mark.objects.get_or_create(name="audit")
    types = ContentType.objects.get_for_models(Session, Meeting, Document, Decision, SummaryRecord)
    by_type = {ct.pk: model for model, ct in types.items()}
    changed = (
        AuditEntry.objects.filter(pk__gt=mark.last_id, target_type__in=list(by_type))
        .values_list("pk", "target_type_id", "target_id")
        .order_by("pk")
    )
    sessions, documents, decisions, records, last = set(), set(), set(), set(), mark.last_id
    for pk, type_id, target in changed:
        last = pk
        model = by_type[type_id]
        if model is Session:
            sessions.add(target)
        elif model is Meeting:
            sessions.update(
                str(s) for s in Meeting.objects.filter(pk=target).values_list("session", flat=True)
            )
        elif model is Document:
            documents.add(target)
        elif model is SummaryRecord:
            records.add(target)
        else:
            decisions.add(target)
    # A meeting's or session's visibility changes what its documents may show.
    documents.update(
        str(d) for d in Document.objects.filter(session__in=sessions).values_list("pk", flat=True)
    )
    _index("session", _sessions().filter(pk__in=sessions))
    _index("document", _documents().filter(pk__in=documents))
    _index("decision", Decision.objects.select_related("region").filter(pk__in=decisions))
    # A meeting's visibility is its adopted records' too.
    records.update(
        str(r)
        for r in SummaryRecord.objects.filter(session__in=sessions).values_list("pk", flat=True)
    )
    _index("record", _records().filter(pk__in=records))
    if last != mark.last_id:
        mark.last_id = last
        mark.save(update_fields=["last_id"])
    return len(sessions) + len(documents) + len(decisions) + len(records)
