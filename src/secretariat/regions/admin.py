from django.contrib import admin

from secretariat.core.admin import AuditedAdmin

from .models import Entity, Holding, Member, Organisation, Person, Post, Region, Role, SubRegion


class SubRegionInline(admin.TabularInline):
    model = SubRegion
    extra = 0


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ["short_name_en", "name_en", "slug"]
    inlines = [SubRegionInline]


@admin.register(Member)
class MemberAdmin(AuditedAdmin):
    list_display = ["short_name_en", "official_name_en", "region", "sub_region", "joined_on"]
    list_filter = ["region", "sub_region"]
    search_fields = ["short_name_en", "official_name_en", "aliases"]


@admin.register(Entity)
class EntityAdmin(AuditedAdmin):
    list_display = ["short_name_en", "name_en", "kind", "region"]
    list_filter = ["region", "kind"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name_en", "kind", "region"]
    list_filter = ["region", "kind"]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name", "member", "entity", "organisation", "email", "is_active"]
    list_filter = ["region", "is_active"]
    search_fields = ["name", "email"]
    raw_id_fields = ["user"]


@admin.register(Role)
class RoleAdmin(AuditedAdmin):
    list_display = ["person", "kind", "member", "entity", "organisation", "starts_on", "ends_on"]
    list_filter = ["region", "kind"]


class HoldingInline(admin.TabularInline):
    model = Holding
    extra = 0
    fields = [
        "member",
        "entity",
        "person",
        "organisation",
        "starts_on",
        "ends_on",
        "confirmed",
        "note",
    ]


@admin.register(Post)
class PostAdmin(AuditedAdmin):
    list_display = ["name_en", "region", "holder_kind", "seat_count", "term_months"]
    list_filter = ["region"]
    inlines = [HoldingInline]


@admin.register(Holding)
class HoldingAdmin(AuditedAdmin):
    list_display = [
        "post",
        "member",
        "entity",
        "person",
        "organisation",
        "starts_on",
        "ends_on",
        "confirmed",
    ]
    list_filter = ["post__region", "post"]
