"""Read-only API for regions, Members, entities, organisations, posts and their holdings.

Each operation checks nothing itself: visibility comes from the selectors
(`posts_visible`, `member_profile`) and contact details from the rule
`regions.see_contact_details`.
"""

import datetime
import re
from typing import Annotated, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import BeforeValidator

from secretariat.api.common import ERRORS, SLUG, ErrorOut, RegionSlug, region_or_404
from secretariat.regions import selectors
from secretariat.regions.models import Entity, Holding, Member, Organisation, Post, Region, Role

router = Router(tags=["regions"])


def _iso_date_only(value):
    """`YYYY-MM-DD` and nothing else: no timestamps, no `20201112`."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(_("Give the date as YYYY-MM-DD, e.g. 2020-11-12."))
    if not isinstance(value, str | datetime.date):
        raise ValueError(_("Give the date as YYYY-MM-DD, e.g. 2020-11-12."))
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date_only)]
OnDate = Query(None, description="Members on this date (YYYY-MM-DD); today when omitted.")
ItemSlug = Path(..., description="The short address in the region's pages.", **SLUG)


# Schemas


class RegionOut(Schema):
    slug: str
    name_en: str
    name_fr: str
    short_name_en: str
    short_name_fr: str
    abbreviation: str
    time_zone: str = Field(description="The region's usual time zone (IANA name).")
    description_en: str
    description_fr: str


class SubRegionOut(Schema):
    name_en: str
    name_fr: str


class MemberOut(Schema):
    slug: str
    short_name_en: str
    short_name_fr: str
    official_name_en: str
    official_name_fr: str
    country_code: str = Field(description="ISO 3166-1 alpha-2, empty when not given.")
    sub_region: SubRegionOut | None
    joined_on: datetime.date | None = Field(description="Joined the region on; null if unknown.")
    left_on: datetime.date | None = Field(description="Left the region on; null while a Member.")


class PostRef(Schema):
    slug: str
    name_en: str
    name_fr: str


HolderType = Literal["member", "entity", "person", "organisation"]
Status = Literal["pending", "upcoming", "in_office", "ended"]
STATUS_HELP = "Today: `pending` (subject to confirmation), `upcoming`, `in_office` or `ended`."


class TermOut(Schema):
    """A Member's term in a post."""

    post: PostRef
    starts_on: datetime.date
    ends_on: datetime.date | None
    status: Status = Field(description=STATUS_HELP)
    note: str

    @staticmethod
    def resolve_status(obj):
        return obj.status_on(timezone.localdate())


class MemberDetailOut(MemberOut):
    administration_en: str
    administration_fr: str
    aliases: list[str] = Field(description="Other spellings found in WCO documents.")
    website: str
    profile_en: str
    profile_fr: str
    posts_held: list[TermOut] = Field(description="Terms in posts, latest first.")

    @staticmethod
    def resolve_aliases(obj):
        return obj.alias_list

    @staticmethod
    def resolve_posts_held(obj):
        return obj.visible_holdings


class RoleOut(Schema):
    kind: Literal[tuple(Role.Kind.values)]
    starts_on: datetime.date
    ends_on: datetime.date | None


class ContactOut(Schema):
    id: int
    honorific: str
    name: str
    position_en: str
    position_fr: str
    roles: list[RoleOut] = Field(description="Roles held today.")
    email: str | None = Field(description="Null unless the caller participates in the region.")
    phone: str | None = Field(description="Null unless the caller participates in the region.")

    @staticmethod
    def resolve_roles(obj):
        return obj.current_roles

    @staticmethod
    def resolve_email(obj, context):
        return obj.email if context["request"].show_contact_details else None

    @staticmethod
    def resolve_phone(obj, context):
        return obj.phone if context["request"].show_contact_details else None


class EntityOut(Schema):
    slug: str
    kind: Literal[tuple(Entity.Kind.values)]
    name_en: str
    name_fr: str
    short_name_en: str
    short_name_fr: str
    city: str
    established_on: datetime.date | None
    website: str


class HolderOut(Schema):
    type: HolderType
    id: int
    slug: str | None = Field(description="Null for a person.")
    name_en: str
    name_fr: str


class HoldingOut(Schema):
    holder: HolderOut
    starts_on: datetime.date
    ends_on: datetime.date | None
    status: Status = Field(description=STATUS_HELP)
    note: str

    @staticmethod
    def resolve_holder(obj):
        for kind in Holding.HOLDER_FIELDS:
            holder = getattr(obj, kind)
            if holder is not None:
                break
        if kind == "person":
            return {
                "type": kind,
                "id": holder.pk,
                "slug": None,
                "name_en": str(holder),
                "name_fr": str(holder),
            }
        if kind == "organisation":
            return {
                "type": kind,
                "id": holder.pk,
                "slug": holder.slug,
                "name_en": holder.name_en,
                "name_fr": holder.name_fr,
            }
        return {
            "type": kind,
            "id": holder.pk,
            "slug": holder.slug,
            "name_en": holder.short_name_en,
            "name_fr": holder.short_name_fr,
        }

    @staticmethod
    def resolve_status(obj):
        return obj.status_on(timezone.localdate())


class PostOut(Schema):
    slug: str
    name_en: str
    name_fr: str
    entity: str | None = Field(description="Slug of the regional entity the post belongs to.")
    body_en: str
    body_fr: str
    holder_type: HolderType = Field(description="Who holds this post.")
    seat_count: int
    term_months: int | None = Field(description="Length of a term; null when open-ended.")
    term_start_month: int | None = Field(description="Month (1–12) terms start in.")
    description_en: str
    description_fr: str
    visibility: Literal["public", "members", "named", "secretariat"]
    holdings: list[HoldingOut] = Field(description="Who held the post, latest first.")

    @staticmethod
    def resolve_entity(obj):
        return obj.entity.slug if obj.entity else None

    @staticmethod
    def resolve_holder_type(obj):
        return obj.holder_kind

    @staticmethod
    def resolve_holdings(obj):
        return obj.holdings.all()


class EntityDetailOut(EntityOut):
    description_en: str
    description_fr: str
    posts: list[PostOut] = Field(description="Posts of this entity the caller may see.")

    @staticmethod
    def resolve_posts(obj):
        return obj.visible_posts


class OrganisationOut(Schema):
    slug: str
    kind: Literal[tuple(Organisation.Kind.values)]
    name_en: str
    name_fr: str
    short_name_en: str
    website: str


# Operations


def _viewer(request):
    return selectors.viewer_for(request.user)


@router.get("", response={200: list[RegionOut], 401: ErrorOut}, summary="List regions")
def region_list(request):
    return Region.objects.all()


@router.get("/{region}", response={200: RegionOut} | ERRORS, summary="A region")
def region_detail(request, region: str = RegionSlug):
    return region_or_404(region)


@router.get(
    "/{region}/members", response={200: list[MemberOut]} | ERRORS, summary="The region's Members"
)
def member_list(
    request,
    region: str = RegionSlug,
    on: IsoDate | None = OnDate,
):
    return selectors.members_on(region_or_404(region), on)


@router.get(
    "/{region}/members/{slug}", response={200: MemberDetailOut} | ERRORS, summary="A Member"
)
def member_detail(request, region: str = RegionSlug, slug: str = ItemSlug):
    region = region_or_404(region)
    try:
        return selectors.member_profile(region, slug, _viewer(request))
    except Member.DoesNotExist:
        raise HttpError(404, _("There is no Member “%s” in this region.") % slug) from None


@router.get(
    "/{region}/members/{slug}/contacts",
    response={200: list[ContactOut]} | ERRORS,
    summary="A Member's contacts",
    description="Names and positions for everyone; email and phone only for participants "
    "of the region (`null` otherwise).",
)
def member_contacts(request, region: str = RegionSlug, slug: str = ItemSlug):
    region = region_or_404(region)
    member = Member.objects.filter(region=region, slug=slug).first()
    if member is None:
        raise HttpError(404, _("There is no Member “%s” in this region.") % slug)
    request.show_contact_details = request.user.has_perm("regions.see_contact_details", member)
    return selectors.contacts_of(member)


@router.get(
    "/{region}/entities",
    response={200: list[EntityOut]} | ERRORS,
    summary="The region's entities",
)
def entity_list(request, region: str = RegionSlug):
    return selectors.entities_of(region_or_404(region))


@router.get(
    "/{region}/entities/{slug}",
    response={200: EntityDetailOut} | ERRORS,
    summary="A regional entity with its posts",
)
def entity_detail(request, region: str = RegionSlug, slug: str = ItemSlug):
    region = region_or_404(region)
    try:
        entity, posts = selectors.entity_page(region, slug, _viewer(request))
    except Entity.DoesNotExist:
        raise HttpError(404, _("There is no regional entity “%s” in this region.") % slug) from None
    entity.visible_posts = posts
    return entity


@router.get(
    "/{region}/organisations",
    response={200: list[OrganisationOut]} | ERRORS,
    summary="Other organisations taking part",
)
def organisation_list(request, region: str = RegionSlug):
    return selectors.organisations_of(region_or_404(region))


@router.get(
    "/{region}/posts",
    response={200: list[PostOut]} | ERRORS,
    summary="Posts and their holdings",
    description="Posts the caller may see, each with who held it when.",
)
def post_list(request, region: str = RegionSlug):
    return selectors.posts_visible(region_or_404(region), _viewer(request))


@router.get("/{region}/posts/{slug}", response={200: PostOut} | ERRORS, summary="A post")
def post_detail(request, region: str = RegionSlug, slug: str = ItemSlug):
    region = region_or_404(region)
    try:
        return selectors.posts_visible(region, _viewer(request)).get(slug=slug)
    except Post.DoesNotExist:
        raise HttpError(404, _("There is no post “%s” in this region.") % slug) from None
