from django.contrib import admin

from backend.reports.models import GlaTarget


@admin.register(GlaTarget)
class GlaTargetAdmin(admin.ModelAdmin):
    list_display = ["__str__", "school_year", "placements", "updated_at"]
    ordering = ["-school_year"]
