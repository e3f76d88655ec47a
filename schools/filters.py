"""Query-string filters of the school side; a malformed value is a 400 naming the parameter.

The selectors apply these FilterSets (so the same filters serve pages and the API); the API's
filter backend only documents them.
"""

from datetime import date
from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.db.models import Case, F, FloatField, Model, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from backend.api.filters import FullTextSearchFilter, StrictBooleanFilter, TextSearchFilter
from backend.reference.filters import TWO_DIGITS
from backend.reference.models import (
    EducationLevel,
    Municipality,
    PlacementKind,
    Programme,
    StemArea,
)
from backend.reference.selectors import municipalities_within_km
from schools.models import MAX_DISTANCE_KM, PlacementRequest, School, StudentProfile

DEFAULT_WITHIN_KM = 50
OPEN_STATUSES = (PlacementRequest.Status.OPEN, PlacementRequest.Status.PARTIALLY_FILLED)


class SelectorFilterBackend(DjangoFilterBackend):
    """Shows a view's `filterset_class` in the OpenAPI schema and the browsable API without
    applying it: the view's selector applies it."""

    def filter_queryset(self, request, queryset, view):
        return queryset


def code_filter(model: type[Model], **kwargs: Any) -> django_filters.ModelChoiceFilter:
    """A reference row by its code; an unknown code is a field error."""
    return django_filters.ModelChoiceFilter(
        queryset=model.objects.all(),
        to_field_name="code",
        error_messages={"invalid_choice": _("Unknown code: %(value)s.")},
        **kwargs,
    )


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class OrderingFilter(django_filters.OrderingFilter):
    """`?ordering=a,-b`; ties are broken by primary key so that pages never overlap."""

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "pk") if value else qs


class PlacementRequestFilterForm(forms.Form):
    """Checks that need more than one parameter."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("near") is None:
            if data.get("within_km") is not None:
                self.add_error("within_km", _("Give `near` (a municipality code) as well."))
            if any(key.lstrip("-") == "distance" for key in data.get("ordering") or ()):
                self.add_error("ordering", _("Sorting by distance needs `near`."))
        period_from, period_to = data.get("period_from"), data.get("period_to")
        if period_from and period_to and period_to < period_from:
            self.add_error("period_to", _("Must be on or after period_from."))
        return data


class PlacementRequestFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=PlacementKind.choices)
    level = django_filters.ChoiceFilter(choices=EducationLevel.choices)
    programme = code_filter(Programme, label=_("Programme code"))
    stem_area = code_filter(StemArea, field_name="stem_areas", label=_("STEM area code"))
    municipality = code_filter(Municipality, label=_("Municipality code"))
    county = django_filters.CharFilter(
        field_name="municipality__county_code", validators=[TWO_DIGITS], label=_("County code")
    )
    near = code_filter(
        Municipality,
        method="filter_near",
        label=_("Municipality code: requests within `within_km` of it"),
    )
    within_km = django_filters.NumberFilter(
        method="filter_within_km",
        min_value=1,
        max_value=MAX_DISTANCE_KM,
        label=_("Radius around `near` in km (default 50)"),
    )
    period_from = django_filters.DateFilter(
        method="filter_period_from", label=_("Period overlaps from (YYYY-MM-DD)")
    )
    period_to = django_filters.DateFilter(
        method="filter_period_to", label=_("Period overlaps until (YYYY-MM-DD)")
    )
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

    class Meta:
        model = PlacementRequest
        fields: list[str] = []
        form = PlacementRequestFilterForm

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        near = self.form.cleaned_data.get("near")
        if near is not None:
            km = self.form.cleaned_data.get("within_km") or DEFAULT_WITHIN_KM
            queryset = with_distance(queryset, municipalities_within_km(near.code, float(km)))
        return super().filter_queryset(queryset)

    # near and within_km act together in filter_queryset.
    def filter_near(self, queryset: QuerySet, name: str, value: Municipality) -> QuerySet:
        return queryset

    def filter_within_km(self, queryset: QuerySet, name: str, value: Decimal) -> QuerySet:
        return queryset

    def filter_period_from(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(period_end__gte=value)

    def filter_period_to(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(period_start__lte=value)

    def filter_has_open_places(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        has_open = Q(status__in=OPEN_STATUSES, places_filled__lt=F("places_needed"))
        return queryset.filter(has_open if value else ~has_open)


def with_distance(queryset: QuerySet, distances: dict[str, float]) -> QuerySet:
    """Requests whose municipality is one of `distances`, annotated with `distance_km`."""
    whens = [When(municipality_id=code, then=Value(km)) for code, km in distances.items()]
    return queryset.filter(municipality_id__in=distances).annotate(
        distance_km=Case(*whens, default=Value(None), output_field=FloatField())
    )


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
