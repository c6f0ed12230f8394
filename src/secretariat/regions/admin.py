from django.contrib import admin

from secretariat.core.admin import AuditedAdmin
from secretariat.core.regions import OneRegionForm, in_regions, region_id_of

from .models import Entity, Holding, Member, Organisation, Person, Post, Region, Role, SubRegion
from .selectors import viewer_for
from .services import holding_validate


class RegionScopedFields:
    """Choice lists of a region's secretariat offer only its own regions' objects, each
    reached through its region path (secretariat.core.regions); platform administrators see
    all, and the one-region rule refuses a link across regions from anyone on save."""

    form = OneRegionForm

    def _regions(self, request):
        return viewer_for(request.user).secretariat_regions

    def _scoped(self, request, db_field, kwargs):
        if not request.user.is_superuser:
            queryset = kwargs.get("queryset")
            if queryset is None:
                queryset = self.get_field_queryset(None, db_field, request)
            if queryset is None:
                queryset = db_field.related_model._default_manager.all()
            # Bodies every region shares are offered too; only a platform admin edits them.
            kwargs["queryset"] = in_regions(queryset, self._regions(request), with_shared=True)
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = self._scoped(request, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = self._scoped(request, db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class RegionScopedInline(RegionScopedFields, admin.TabularInline):
    extra = 0


class RegionScopedAdmin(RegionScopedFields, AuditedAdmin):
    """A region's secretariat sees and changes only its own region's rows; nothing is deleted."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return in_regions(qs, self._regions(request))

    def has_module_permission(self, request):
        return request.user.is_superuser or bool(self._regions(request))

    def has_view_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        regions = self._regions(request)
        return bool(regions) and (obj is None or region_id_of(obj) in regions)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class SubRegionInline(RegionScopedInline):
    model = SubRegion


@admin.register(Region)
class RegionAdmin(RegionScopedAdmin):
    list_display = ["short_name_en", "name_en", "slug"]
    inlines = [SubRegionInline]

    def has_add_permission(self, request):
        return request.user.is_superuser


@admin.register(Member)
class MemberAdmin(RegionScopedAdmin):
    list_display = ["short_name_en", "official_name_en", "region", "sub_region", "joined_on"]
    list_filter = ["region", "sub_region"]
    search_fields = ["short_name_en", "official_name_en", "aliases"]


@admin.register(Entity)
class EntityAdmin(RegionScopedAdmin):
    list_display = ["short_name_en", "name_en", "kind", "region"]
    list_filter = ["region", "kind"]


class SharedBodyAdmin(RegionScopedAdmin):
    """A body shared by every region (no region, `shared` ticked) is the platform
    administrator's alone: a region's secretariat neither sees it here nor makes one."""

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if request.user.is_superuser else [*fields, "shared"]


@admin.register(Organisation)
class OrganisationAdmin(SharedBodyAdmin):
    list_display = ["name_en", "kind", "region", "shared"]
    list_filter = ["shared", "region", "kind"]


@admin.register(Person)
class PersonAdmin(SharedBodyAdmin):
    list_display = ["name", "member", "entity", "organisation", "email", "is_active", "shared"]
    list_filter = ["shared", "region", "is_active"]
    search_fields = ["name", "email"]
    exclude = ["user"]


@admin.register(Role)
class RoleAdmin(RegionScopedAdmin):
    list_display = ["person", "kind", "member", "entity", "organisation", "starts_on", "ends_on"]
    list_filter = ["region", "kind"]


class HoldingAdminForm(OneRegionForm):
    class Meta:
        model = Holding
        fields = [
            "post",
            "member",
            "entity",
            "person",
            "organisation",
            "starts_on",
            "ends_on",
            "confirmed",
            "note",
        ]

    def clean(self):
        data = super().clean()
        if not self.errors:
            # The instance is filled only after clean(): check a copy built from the input.
            holding_validate(Holding(pk=self.instance.pk, **data))
        return data


@admin.register(Post)
class PostAdmin(RegionScopedAdmin):
    list_display = ["name_en", "region", "holder_kind", "seat_count", "term_months"]
    list_filter = ["region"]


@admin.register(Holding)
class HoldingAdmin(RegionScopedAdmin):
    form = HoldingAdminForm
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
