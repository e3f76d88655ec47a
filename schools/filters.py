"""Query-string filters of the school side; a malformed value is a 400 naming the parameter.

The selectors apply these FilterSets (so the same filters serve pages and the API).
"""

import django_filters
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from backend.core.filters import (
    FullTextSearchFilter,
    IntegerFilter,
    NearPeriodFilterSet,
    StrictBooleanFilter,
    TextSearchFilter,
    code_filter,
    within_km_filter,
)
from backend.reference.filters import TWO_DIGITS
from backend.reference.models import (
    EducationField,
    EducationLevel,
    Municipality,
    PlacementKind,
    Programme,
    StemArea,
)
from schools.models import MAX_DISTANCE_KM, PlacementRequest, School, StudentProfile

OPEN_STATUSES = (PlacementRequest.Status.OPEN, PlacementRequest.Status.PARTIALLY_FILLED)


class OrderingFilter(django_filters.OrderingFilter):
    """`?ordering=a,-b`; ties are broken by primary key so that pages never overlap."""

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "pk") if value else qs


class PlacementRequestFilter(NearPeriodFilterSet):
    kind = django_filters.ChoiceFilter(choices=PlacementKind.choices)
    level = django_filters.ChoiceFilter(choices=EducationLevel.choices)
    programme = code_filter(Programme, label=_("Programme code"))
    education_field = code_filter(EducationField, label=_("ISCED-F 2013 field code"))
    stem_area = code_filter(StemArea, field_name="stem_areas", label=_("STEM area code"))
    municipality = code_filter(Municipality, label=_("Municipality code"))
    county = django_filters.CharFilter(
        field_name="municipality__county_code", validators=[TWO_DIGITS], label=_("County code")
    )
    within_km = within_km_filter(min_km=1, max_km=MAX_DISTANCE_KM)
    status = django_filters.ChoiceFilter(choices=PlacementRequest.Status.choices)
    school = IntegerFilter(field_name="school_id", label=_("School id"))
    has_open_places = StrictBooleanFilter(method="filter_has_open_places")
    q = FullTextSearchFilter(
        search_fields=[
            "notes",
            "programme__name_sv",
            "programme__name_en",
            "school__organisation__name",
        ]
    )
    ordering = OrderingFilter(
        fields=(
            ("period_start", "start"),
            ("created_at", "created"),
            ("places_needed", "places_needed"),
            ("distance_km", "distance"),
        )
    )

    class Meta(NearPeriodFilterSet.Meta):
        model = PlacementRequest
        fields: list[str] = []

    def filter_has_open_places(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        has_open = Q(status__in=OPEN_STATUSES, places_filled__lt=F("places_needed"))
        return queryset.filter(has_open if value else ~has_open)


class SchoolFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=EducationLevel.choices)
    municipality = code_filter(Municipality, label=_("Municipality code"))
    county = django_filters.CharFilter(
        field_name="municipality__county_code", validators=[TWO_DIGITS], label=_("County code")
    )
    programme = code_filter(Programme, field_name="programmes", label=_("Programme code"))
    verified = StrictBooleanFilter(method="filter_verified")
    suspended = StrictBooleanFilter(field_name="organisation__suspended")
    q = TextSearchFilter(search_fields=["organisation__name", "municipality__name"])
    ordering = OrderingFilter(fields=(("organisation__name", "name"), ("created_at", "created")))

    class Meta:
        model = School
        fields: list[str] = []

    def filter_verified(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(organisation__verified_at__isnull=not value)


class StudentFilter(django_filters.FilterSet):
    school = IntegerFilter(field_name="school_id", label=_("School id"))
    programme = code_filter(Programme, label=_("Programme code"))
    year = django_filters.TypedChoiceFilter(
        choices=[(year, str(year)) for year in range(1, 5)], coerce=int
    )
    q = TextSearchFilter(search_fields=["user__first_name", "user__last_name"])
    ordering = OrderingFilter(
        fields=(("user__last_name", "name"), ("year", "year"), ("created_at", "created"))
    )

    class Meta:
        model = StudentProfile
        fields: list[str] = []
