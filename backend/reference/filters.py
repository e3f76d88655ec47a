"""Query-string filters for the reference API; a malformed value is a 400 naming the parameter."""

import django_filters
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from backend.core.filters import StrictBooleanFilter, TextSearchFilter
from backend.reference.models import (
    EducationField,
    Municipality,
    Occupation,
    Programme,
    Sector,
    StemArea,
)

TWO_DIGITS = RegexValidator(r"^[0-9]{2}\Z", _("Enter two digits, e.g. 18."), code="invalid")


class MunicipalityFilter(django_filters.FilterSet):
    county = django_filters.CharFilter(
        field_name="county_code", validators=[TWO_DIGITS], label=_("County code (two digits)")
    )
    in_region = StrictBooleanFilter(label=_("In the region"))
    q = TextSearchFilter(search_fields=["name", "seat_name"])

    class Meta:
        model = Municipality
        fields = ["county", "in_region", "q"]


class ProgrammeFilter(django_filters.FilterSet):
    is_stem = StrictBooleanFilter(label=_("STEM"))
    gla_possible = StrictBooleanFilter(label=_("Apprenticeship possible"))
    q = TextSearchFilter(search_fields=["code", "name_sv", "name_en"])

    class Meta:
        model = Programme
        fields = ["level", "kind", "status", "is_stem", "gla_possible", "q"]


class EducationFieldFilter(django_filters.FilterSet):
    is_stem = StrictBooleanFilter(label=_("STEM"))
    q = TextSearchFilter(search_fields=["code", "name_en", "narrow_name_en", "broad_name_en"])

    class Meta:
        model = EducationField
        fields = ["is_stem", "q"]


class OccupationFilter(django_filters.FilterSet):
    programme = django_filters.CharFilter(
        field_name="programmes__code", label=_("Programme code: the occupations it leads to")
    )
    q = TextSearchFilter(search_fields=["code", "name_sv", "name_en"])

    class Meta:
        model = Occupation
        fields = ["major_group", "programme", "q"]


class StemAreaFilter(django_filters.FilterSet):
    q = TextSearchFilter(search_fields=["code", "name_sv", "name_en"])

    class Meta:
        model = StemArea
        fields = ["q"]


class SectorFilter(django_filters.FilterSet):
    q = TextSearchFilter(search_fields=["code", "name_sv", "name_en"])

    class Meta:
        model = Sector
        fields = ["q"]
