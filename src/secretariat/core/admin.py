from django.contrib import admin

from . import audit
from .models import AuditEntry, OutboxMessage


class AuditedAdmin(admin.ModelAdmin):
    """Admin edits leave the same audit trail as the services, and bump the version."""

    def save_model(self, request, obj, form, change):
        before = audit.snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        if change and hasattr(obj, "version"):
            obj.version += 1
        super().save_model(request, obj, form, change)
        audit.record(
            by=request.user,
            action=audit.UPDATED if change else audit.CREATED,
            obj=obj,
            before=before,
            note="admin",
        )

    def delete_model(self, request, obj):
        audit.record(by=request.user, action=audit.DELETED, obj=obj, note="admin")
        super().delete_model(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "region_id", "action", "target_repr"]
    list_filter = ["region_id", "action", "target_type"]
    search_fields = ["target_repr", "actor__email"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
