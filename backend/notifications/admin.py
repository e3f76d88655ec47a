from django.contrib import admin

from backend.admin import ReadOnlyAdmin
from backend.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """Read-only: the outbox is written by events and drained by the sending task."""

    list_display = ["id", "recipient", "kind", "created_at", "sent_at", "attempts", "read_at"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__email"]
    list_select_related = ["recipient"]
