"""Read-only API: summary records as their pages show them to the caller.

Drafts are the secretariat's; a circulated record is read by the region's participants; an
adopted one by whoever may see one of its session's meetings. Members' comments are not
given: they are between a Member and the secretariat.
"""

import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError

from secretariat.api.common import ERRORS, RegionSlug, region_or_404
from secretariat.records import selectors
from secretariat.records.models import SummaryRecord
from secretariat.regions.selectors import viewer_for

router = Router(tags=["records"])

Id = Path(..., ge=1, le=2**31 - 1)


class RecordOut(Schema):
    id: int
    session: int = Field(description="The session's id (see the meetings operations).")
    reference: str = Field(description="The meetings' references: `RHCAC21 / RCP30`.")
    edition: int
    revises: int | None = Field(description="The adopted record this edition revises.")
    status: Literal[tuple(SummaryRecord.Status.values)]
    comments_due: datetime.datetime | None
    adopted_at: datetime.datetime | None

    @staticmethod
    def resolve_session(obj):
        return obj.session_id

    @staticmethod
    def resolve_revises(obj):
        return obj.revises_id


class ParagraphOut(Schema):
    number: int = Field(description="Its number in the record: 1, 2, 3... across the items.")
    text_en: str
    text_fr: str


class SectionOut(Schema):
    number: str = Field(
        description="The agenda item's number (`III`, `II.1`); empty for attendance."
    )
    title_en: str
    title_fr: str
    level: int
    part: str = Field(description="In a joint session, the meeting the item served: `RCP30`.")
    paragraphs: list[ParagraphOut]

    @staticmethod
    def resolve_paragraphs(obj):
        return list(obj.paragraphs.all())


class RecordDetailOut(RecordOut):
    sections: list[SectionOut]

    @staticmethod
    def resolve_sections(obj):
        return obj.section_list


@router.get(
    "/{region}/records",
    response={200: list[RecordOut]} | ERRORS,
    summary="Summary records",
    description="The records you may see, newest session first.",
)
def record_list(request, region: str = RegionSlug):
    region = region_or_404(region)
    return selectors.record_list(region, viewer_for(request.user))


@router.get(
    "/{region}/records/{record}",
    response={200: RecordDetailOut} | ERRORS,
    summary="One summary record with its numbered paragraphs",
)
def record_detail(request, region: str = RegionSlug, record: int = Id):
    region = region_or_404(region)
    try:
        found = selectors.visible_records(region, viewer_for(request.user)).get(pk=record)
    except SummaryRecord.DoesNotExist:
        raise HttpError(
            404, _("There is no summary record %s that you may see here.") % record
        ) from None
    return selectors.record_for_export(found)
