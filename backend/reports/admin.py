from django.contrib import admin

from backend.reports.models import GlaTarget, GlaTargetChange


class ReadOnlyAdmin(admin.ModelAdmin):
    """Targets are set on the reports' target page (backend/reports/services.py), which keeps
    their history; the admin only shows them."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(GlaTarget)
class GlaTargetAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "school_year", "placements", "updated_at"]
    ordering = ["-school_year"]


@admin.register(GlaTargetChange)
class GlaTargetChangeAdmin(ReadOnlyAdmin):
    list_display = ["school_year", "previous", "placements", "set_by", "set_at"]
