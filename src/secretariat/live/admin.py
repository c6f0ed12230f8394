from django.contrib import admin

from .models import LiveEvent, LiveState, SpeakerRequest


@admin.register(LiveState)
class LiveStateAdmin(admin.ModelAdmin):
    list_display = ["session", "current_item", "list_open"]
    raw_id_fields = ["session", "current_item"]


@admin.register(SpeakerRequest)
class SpeakerRequestAdmin(admin.ModelAdmin):
    list_display = ["delegation", "item", "kind", "status", "requested_at"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["session", "item", "delegation", "requested_by"]


@admin.register(LiveEvent)
class LiveEventAdmin(admin.ModelAdmin):
    list_display = ["pk", "session", "kind", "actor", "created_at"]
    raw_id_fields = ["session", "actor"]
