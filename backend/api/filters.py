"""Filters shared by every FilterSet of the API: a malformed value is a 400 naming the parameter."""

from collections.abc import Sequence
from datetime import date
from typing import Any

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _


class StrictBooleanField(forms.NullBooleanField):
    """true/false or 1/0; anything else is an error.

    Django's NullBooleanField reads an unknown value as "not given", which would silently
    return the unfiltered list for `?in_region=maybe`.
    """

    widget = forms.TextInput
    truthy = frozenset({"true", "1"})
    falsy = frozenset({"false", "0"})

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.truthy:
            return True
        if text in self.falsy:
            return False
        raise ValidationError(_("Enter true or false."), code="invalid")

    def validate(self, value: bool | None) -> None:
        """Any parsed value is valid; to_python already refused the rest."""


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class TextSearchFilter(django_filters.CharFilter):
    """Case-insensitive "contains" on any of several fields."""

    def __init__(self, *, search_fields: Sequence[str], **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Search"))
        super().__init__(**kwargs)
        self.search_fields = tuple(search_fields)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not value:
            return qs
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return qs.filter(condition)


class FullTextSearchFilter(django_filters.CharFilter):
    """Text search over several fields: PostgreSQL full-text search with the Swedish configuration
    (stemming: "svetsare" finds "svetsning"), a case-insensitive "contains" elsewhere (SQLite)."""

    def __init__(self, *, search_fields: Sequence[str], config: str = "swedish", **kwargs: Any):
        kwargs.setdefault("label", _("Search"))
        super().__init__(**kwargs)
        self.search_fields = tuple(search_fields)
        self.config = config

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        value = (value or "").strip()
        if not value:
            return qs
        if connection.vendor != "postgresql":
            return TextSearchFilter(search_fields=self.search_fields).filter(qs, value)
        vector = SearchVector(*self.search_fields, config=self.config)
        query = SearchQuery(value, config=self.config, search_type="websearch")
        return qs.annotate(search=vector).filter(search=query)


def period_overlap_q(
    *, start_field: str, end_field: str, date_from: date | None, date_to: date | None
) -> Q:
    """Rows whose period [start, end] overlaps [date_from, date_to]. A missing start or end on the
    row is open-ended, so a flexible period overlaps everything."""
    condition = Q()
    if date_to is not None:
        condition &= Q(**{f"{start_field}__isnull": True}) | Q(**{f"{start_field}__lte": date_to})
    if date_from is not None:
        condition &= Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": date_from})
    return condition
