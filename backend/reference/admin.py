from django.contrib import admin

from backend.admin import ReadOnlyAdmin
from backend.reference.models import (
    EducationField,
    Municipality,
    Occupation,
    Programme,
    Sector,
    StemArea,
)


class ReferenceAdmin(ReadOnlyAdmin):
    """The data comes from the CSV files through migrations."""

    deletable = False


@admin.register(Municipality)
class MunicipalityAdmin(ReferenceAdmin):
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
class EducationFieldAdmin(ReferenceAdmin):
    list_display = ["code", "name_en", "narrow_name_en", "broad_name_en", "is_stem"]
    list_filter = ["is_stem", "broad_name_en"]
    search_fields = ["code", "name_en", "narrow_name_en", "broad_name_en"]


@admin.register(Programme)
class ProgrammeAdmin(ReferenceAdmin):
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


@admin.register(Occupation)
class OccupationAdmin(ReferenceAdmin):
    list_display = ["code", "name_sv", "name_en", "major_group"]
    list_filter = ["major_group"]
    search_fields = ["code", "name_sv", "name_en"]


@admin.register(StemArea)
class StemAreaAdmin(ReferenceAdmin):
    list_display = ["code", "name_sv", "name_en"]
    list_filter = ["programmes", "fields__broad_name_en"]
    search_fields = ["code", "name_sv", "name_en"]


@admin.register(Sector)
class SectorAdmin(ReferenceAdmin):
    list_display = ["code", "name_sv", "name_en", "division_from", "division_to"]
    search_fields = ["code", "name_sv", "name_en"]
