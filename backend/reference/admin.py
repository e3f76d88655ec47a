from django.contrib import admin
from django.http import HttpRequest

from backend.reference.models import EducationField, Municipality, Programme, Sector, StemArea


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable, never edited: the data comes from the CSV files through migrations."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    list_display = [
        "code",
        "name",
        "county_name",
        "seat_name",
        "latitude",
        "longitude",
        "in_region",
    ]
    list_filter = ["in_region", "county_name"]
    search_fields = ["code", "name", "seat_name"]


@admin.register(EducationField)
class EducationFieldAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_en", "narrow_name_en", "broad_name_en", "is_stem"]
    list_filter = ["is_stem", "broad_name_en"]
    search_fields = ["code", "name_en", "narrow_name_en", "broad_name_en"]


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = [
        "code",
        "name_sv",
        "name_en",
        "kind",
        "status",
        "is_stem",
        "apl_weeks_min",
        "gla_possible",
    ]
    list_filter = ["level", "kind", "status", "is_stem", "gla_possible"]
    search_fields = ["code", "name_sv", "name_en"]


@admin.register(StemArea)
class StemAreaAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_sv", "name_en"]
    list_filter = ["programmes", "fields__broad_name_en"]
    search_fields = ["code", "name_sv", "name_en"]


@admin.register(Sector)
class SectorAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_sv", "name_en", "division_from", "division_to"]
    search_fields = ["code", "name_sv", "name_en"]
