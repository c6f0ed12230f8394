"""What the search indexes of summary records: an adopted record, as readable as its session."""

from django.db.models import Prefetch

from secretariat.meetings.indexing import session_visibility
from secretariat.meetings.models import Meeting
from secretariat.search.index import Item, item, year_facet

from .models import RecordParagraph, RecordSection, SummaryRecord


def records():
    """Adopted records: a draft is not indexed."""
    adopted = SummaryRecord.objects.filter(status=SummaryRecord.Status.ADOPTED)
    return adopted.select_related("session__region").prefetch_related(
        Prefetch("session__meetings", queryset=Meeting.objects.select_related("series")),
        Prefetch(
            "sections",
            queryset=RecordSection.objects.prefetch_related(
                Prefetch("paragraphs", queryset=RecordParagraph.objects.order_by("position"))
            ),
        ),
    )


def record_item(record) -> Item:
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
        visibility=session_visibility(session),
        updated_at=record.adopted_at,
        facets=year_facet(session.starts_at),
    )
