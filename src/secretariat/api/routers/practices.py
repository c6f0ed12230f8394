"""Read-only API: Members' practices and reference lists, as the pages show them to the caller."""

import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from secretariat.api.common import ERRORS, RegionSlug, region_or_404
from secretariat.practices import selectors
from secretariat.practices.models import Practice, ReferenceList
from secretariat.regions.selectors import viewer_for

router = Router(tags=["practices"])

Id = Path(..., ge=1, le=2**31 - 1)
ReferenceSlug = Path(..., max_length=80, description="The list's short address: `hs-covid-19`.")


class ThemeOut(Schema):
    id: int
    name_en: str
    name_fr: str
    parent: int | None

    @staticmethod
    def resolve_parent(obj):
        return obj.parent_id


class PracticeOut(Schema):
    id: int
    member: str = Field(description="The Member's short name (English).")
    title: str
    summary: str
    body: str = Field(description="Markdown.")
    themes: list[ThemeOut]
    tags: list[str]
    effective_from: datetime.date | None
    effective_to: datetime.date | None
    status: Literal[tuple(Practice.Status.values)]
    source_url: str
    language: Literal[tuple(Practice.Language.values)]
    visibility: Literal["public", "members"]
    draft: bool = Field(description="True for your own Member's drafts, which only it sees.")
    featured: bool
    updated_at: datetime.datetime

    @staticmethod
    def resolve_member(obj):
        return obj.member.short_name_en

    @staticmethod
    def resolve_themes(obj):
        return list(obj.themes.all())

    @staticmethod
    def resolve_tags(obj):
        return obj.tag_list

    @staticmethod
    def resolve_draft(obj):
        return obj.is_draft


class PracticeFilters(Schema):
    member: int | None = Field(None, ge=1, le=2**31 - 1, description="A Member's id.")
    theme: int | None = Field(None, ge=1, le=2**31 - 1, description="A theme's id.")
    status: Literal[tuple(Practice.Status.values)] | None = None
    updated_since: datetime.date | None = Field(None, description="Changed on or after.")


@router.get(
    "/{region}/practices",
    response={200: list[PracticeOut]} | ERRORS,
    summary="Members' practices",
    description="Every practice you may see, latest updated first.",
)
def practice_list(request, filters: Query[PracticeFilters], region: str = RegionSlug):
    region = region_or_404(region)
    practices = selectors.visible_practices(region, viewer_for(request.user))
    if filters.member:
        practices = practices.filter(member_id=filters.member)
    if filters.theme:
        practices = practices.filter(themes=filters.theme)
    if filters.status:
        practices = practices.filter(status=filters.status)
    if filters.updated_since:
        practices = practices.filter(updated_at__date__gte=filters.updated_since)
    return practices


@router.get(
    "/{region}/practices/{practice}",
    response={200: PracticeOut} | ERRORS,
    summary="One practice",
)
def practice_detail(request, region: str = RegionSlug, practice: int = Id):
    region = region_or_404(region)
    try:
        return selectors.practice_page(region, practice, viewer_for(request.user))
    except Practice.DoesNotExist:
        raise HttpError(
            404, _("There is no practice %s that you may see here.") % practice
        ) from None


class RowOut(Schema):
    category: str
    hs_code: str = Field(description="4 or 6 digits: `3822` or `3822.00`.")
    description: str
    notes: str


class ReferenceListOut(Schema):
    slug: str
    title_en: str
    title_fr: str
    hs_edition: str
    updated_at: datetime.datetime
    rows: list[RowOut]

    @staticmethod
    def resolve_rows(obj):
        return list(obj.rows.all())


@router.get(
    "/{region}/references",
    response={200: list[ReferenceListOut]} | ERRORS,
    summary="Reference lists with their rows",
)
def reference_lists(request, region: str = RegionSlug):
    region = region_or_404(region)
    return selectors.visible_reference_lists(region, viewer_for(request.user)).prefetch_related(
        "rows"
    )


@router.get(
    "/{region}/references/{reference}",
    response={200: ReferenceListOut} | ERRORS,
    summary="One reference list with its rows",
)
def reference_detail(request, region: str = RegionSlug, reference: str = ReferenceSlug):
    region = region_or_404(region)
    lists = selectors.visible_reference_lists(region, viewer_for(request.user))
    try:
        return lists.get(slug=reference)
    except ReferenceList.DoesNotExist:
        raise HttpError(
            404, _("There is no reference list “%s” that you may see.") % reference
        ) from None
