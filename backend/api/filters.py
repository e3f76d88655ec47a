"""Filters shared by every FilterSet of the API: a malformed value is a 400 naming the parameter."""

from collections.abc import Sequence
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
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
