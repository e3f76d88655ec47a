from django.contrib import admin

from backend.admin import ReadOnlyAdmin
from backend.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read only: an audit log that can be edited proves nothing."""

    list_display = ["at", "actor_email", "action", "target_type", "target_id", "detail"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_email", "target_id", "detail"]
    date_hierarchy = "at"
    deletable = False
