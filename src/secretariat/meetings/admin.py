from django.contrib import admin

from secretariat.regions.admin import RegionScopedAdmin
from secretariat.search.index import entries_refresh

from .models import AgendaItem, Meeting, Series, Session


class IndexedAdmin(RegionScopedAdmin):
    """An edit here writes the search entries it changes, in its transaction, as a service
    does: a meeting made members-only leaves the public search at once."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        entries_refresh(obj)


@admin.register(Series)
class SeriesAdmin(IndexedAdmin):
    list_display = ["name_en", "reference", "region"]


@admin.register(Session)
class SessionAdmin(IndexedAdmin):
    list_display = ["__str__", "starts_at", "mode", "region"]


@admin.register(Meeting)
class MeetingAdmin(IndexedAdmin):
    list_display = ["__str__", "status", "visibility"]


@admin.register(AgendaItem)
class AgendaItemAdmin(IndexedAdmin):
    list_display = ["title_en", "session", "position", "kind"]
