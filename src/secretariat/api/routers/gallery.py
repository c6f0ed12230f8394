"""Read-only API: photo galleries and their photos' files, as the pages show them to the caller."""

import datetime
from typing import Literal

from django.db.models import Count
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError

from secretariat.api.common import ERRORS, RegionSlug, region_or_404
from secretariat.gallery import selectors
from secretariat.gallery.models import Gallery
from secretariat.regions.selectors import viewer_for

router = Router(tags=["galleries"])

Id = Path(..., ge=1, le=2**31 - 1)


class GalleryOut(Schema):
    id: int
    title_en: str
    title_fr: str
    session: int | None = Field(description="The meeting session's id, if the gallery has one.")
    visibility: Literal["public", "members", "secretariat"]
    photo_count: int
    updated_at: datetime.datetime

    @staticmethod
    def resolve_session(obj):
        return obj.session_id


class RenditionOut(Schema):
    width: int
    height: int
    url: str = Field(description="A copy of this width: WebP, or JPEG if WebP is not accepted.")


class PhotoOut(Schema):
    id: int
    caption_en: str
    caption_fr: str
    credit: str
    order: int
    width: int = Field(description="The full size's width in pixels.")
    height: int
    download_url: str = Field(description="The full size, without location or camera data.")
    renditions: list[RenditionOut] = Field(description="Narrowest first.")

    @staticmethod
    def resolve_download_url(obj, context):
        return context["request"].build_absolute_uri(obj.download_url)

    @staticmethod
    def resolve_renditions(obj, context):
        absolute = context["request"].build_absolute_uri
        return [{**r, "url": absolute(obj.rendition_url(r["width"]))} for r in obj.renditions]


class GalleryDetailOut(GalleryOut):
    photos: list[PhotoOut] = Field(description="In the gallery's order.")

    @staticmethod
    def resolve_photos(obj):
        return obj.photos_in_order


@router.get(
    "/{region}/galleries",
    response={200: list[GalleryOut]} | ERRORS,
    summary="Photo galleries",
    description="Every gallery you may see, newest first.",
)
def gallery_list(request, region: str = RegionSlug):
    region = region_or_404(region)
    galleries = selectors.visible_galleries(region, viewer_for(request.user))
    return galleries.annotate(photo_count=Count("photos"))


@router.get(
    "/{region}/galleries/{gallery}",
    response={200: GalleryDetailOut} | ERRORS,
    summary="One gallery with its photos",
)
def gallery_detail(request, region: str = RegionSlug, gallery: int = Id):
    region = region_or_404(region)
    try:
        found = selectors.gallery_for(region, gallery, viewer_for(request.user))
    except Gallery.DoesNotExist:
        raise HttpError(404, _("There is no gallery %s that you may see here.") % gallery) from None
    found.photos_in_order = selectors.gallery_edit_page(found)
    found.photo_count = len(found.photos_in_order)
    return found
