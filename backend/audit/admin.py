from django.contrib import admin

from backend.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read only: an audit log that can be edited proves nothing."""

    list_display = ["at", "actor_email", "action", "target_type", "target_id", "detail"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_email", "target_id", "detail"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
