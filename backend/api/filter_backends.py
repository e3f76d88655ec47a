"""The API's side of the FilterSets in backend/core/filters.py: the selectors apply them, the API
only documents them, with the schema types of their form fields."""

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from backend.core.filters import CodeField, IdField

extend_schema_field(OpenApiTypes.STR)(CodeField)
extend_schema_field(OpenApiTypes.INT)(IdField)


class SelectorFilterBackend(DjangoFilterBackend):
    """Shows a view's `filterset_class` in the OpenAPI schema and the browsable API without
    applying it: the view's selector applies it."""

    def filter_queryset(self, request: Any, queryset: QuerySet, view: Any) -> QuerySet:
        return queryset
