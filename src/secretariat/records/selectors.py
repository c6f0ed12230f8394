"""Reads worth a name: the records a viewer may see, and one record with its paragraphs."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from secretariat.core.visibility import Viewer
from secretariat.meetings.models import Meeting
from secretariat.meetings.selectors import published_q, visible_meetings

from .models import RecordComment, RecordParagraph, RecordSection, SummaryRecord


def visible_records(region, viewer: Viewer):
    """Drafts for the secretariat; circulated records for the region's participants too;
    adopted ones for whoever may see one of the session's meetings."""
    records = SummaryRecord.objects.filter(session__region=region)
    if viewer.is_secretariat(region.pk):
        return records
    shown = Q(status=SummaryRecord.Status.ADOPTED) & Exists(
        visible_meetings(viewer).filter(session=OuterRef("session"))
    )
    if viewer.is_participant(region.pk):
        shown |= Q(status=SummaryRecord.Status.CIRCULATED) & published_q(
            viewer, region="session__region"
        )
    return records.filter(shown)


def _with_meetings(records):
    return records.select_related("session__region", "session__host").prefetch_related(
        Prefetch("session__meetings", queryset=_meetings())
    )


def _meetings():
    return Meeting.objects.select_related("series").order_by("series__order", "series__name_en")


def record_list(region, viewer: Viewer):
    return _with_meetings(visible_records(region, viewer)).order_by(
        "-session__starts_at", "-edition"
    )


def comments_seen_by(viewer: Viewer, region_id):
    """The comments `viewer` may read: all for the secretariat, else their own Members'."""
    comments = RecordComment.objects.select_related("member", "author")
    if viewer.is_secretariat(region_id):
        return comments
    return comments.filter(member__in=viewer.member_ids)


def record_page(region, pk, viewer: Viewer) -> SummaryRecord:
    """A record the viewer may see, its sections and paragraphs numbered (`paragraph.number`)
    and, on each paragraph, the comments the viewer may read."""
    record = _with_meetings(visible_records(region, viewer)).get(pk=pk)
    paragraphs = RecordParagraph.objects.prefetch_related(
        Prefetch("comments", queryset=comments_seen_by(viewer, region.pk))
    ).order_by("position", "pk")
    record.section_list = list(
        RecordSection.objects.filter(record=record)
        .prefetch_related(Prefetch("paragraphs", queryset=paragraphs))
        .order_by("position")
    )
    number_paragraphs(record.section_list)
    return record


def number_paragraphs(sections) -> int:
    """Give each paragraph its number in the record: 1, 2, 3... across the sections."""
    number = 0
    for section in sections:
        for paragraph in section.paragraphs.all():
            number += 1
            paragraph.number = number
    return number


def record_for_export(record) -> SummaryRecord:
    """`record` with its sections and numbered paragraphs, without comments (for DOCX, PDF)."""
    record.section_list = list(
        RecordSection.objects.filter(record=record)
        .prefetch_related(
            Prefetch("paragraphs", queryset=RecordParagraph.objects.order_by("position", "pk"))
        )
        .order_by("position")
    )
    number_paragraphs(record.section_list)
    return record
