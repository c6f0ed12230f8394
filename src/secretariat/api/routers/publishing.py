"""Read-only API: news items as the pages show them to the caller (drafts for the secretariat)."""

import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError

from secretariat.api.common import ERRORS, RegionSlug, region_or_404
from secretariat.publishing import selectors
from secretariat.publishing.models import NewsItem
from secretariat.regions.selectors import viewer_for

router = Router(tags=["news"])

NewsSlug = Path(
    ...,
    pattern=r"^[-a-zA-Z0-9_]+$",
    min_length=1,
    max_length=80,
    description="The item's short address.",
)


class NewsItemOut(Schema):
    slug: str
    url: str = Field(description="The item's page.")
    status: Literal[tuple(NewsItem.Status.values)] = Field(
        description="Drafts are listed for the region's secretariat only."
    )
    published_on: datetime.date | None
    visibility: Literal["public", "members"]
    title_en: str
    title_fr: str
    lead_en: str
    lead_fr: str
    body_en: str = Field(description="Markdown.")
    body_fr: str = Field(description="Markdown.")
    session: int | None = Field(description="The session it reports on (see the meetings API).")
    gallery: int | None = Field(description="Its photo gallery, if any.")
    updated_at: datetime.datetime

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()

    @staticmethod
    def resolve_session(obj):
        return obj.session_id

    @staticmethod
    def resolve_gallery(obj):
        return obj.gallery_id


@router.get(
    "/{region}/news",
    response={200: list[NewsItemOut]} | ERRORS,
    summary="News items",
    description="Published items you may see, newest first; the secretariat also gets drafts.",
)
def news_list(request, region: str = RegionSlug):
    region = region_or_404(region)
    return selectors.news_for(region, viewer_for(request.user)).order_by(
        "status", "-published_on", "-created_at"
    )


@router.get(
    "/{region}/news/{item}",
    response={200: NewsItemOut} | ERRORS,
    summary="One news item",
)
def news_detail(request, region: str = RegionSlug, item: str = NewsSlug):
    region = region_or_404(region)
    try:
        return selectors.news_page(region, item, viewer_for(request.user))
    except NewsItem.DoesNotExist:
        raise HttpError(404, _("There is no news item “%s” that you may see.") % item) from None
