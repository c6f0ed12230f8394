from django.contrib import admin

from secretariat.regions.admin import RegionScopedAdmin

from .models import AgendaItem, Meeting, Series, Session


@admin.register(Series)
class SeriesAdmin(RegionScopedAdmin):
    list_display = ["name_en", "reference", "region"]


@admin.register(Session)
class SessionAdmin(RegionScopedAdmin):
    list_display = ["__str__", "starts_at", "mode", "region"]


@admin.register(Meeting)
class MeetingAdmin(RegionScopedAdmin):
    region_lookup = "series__region"
    list_display = ["__str__", "status", "visibility"]


@admin.register(AgendaItem)
class AgendaItemAdmin(RegionScopedAdmin):
    region_lookup = "session__region"
    list_display = ["title_en", "session", "position", "kind"]
