"""Filters shared by every FilterSet: a malformed value is a field error naming the parameter.

The selectors apply the FilterSets (apply_filterset), so that pages and the API filter alike; the
API's filter backend (backend/api/filter_backends.py) only documents them.
"""

import copy
import json
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from itertools import chain
from typing import Any, TypeVar

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection
from django.db.models import F, FloatField, Func, Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from backend.core.ids import MAX_ID
from backend.reference.models import Municipality
from backend.reference.selectors import municipalities_within_km, rows_by_code

DEFAULT_WITHIN_KM = 50


def apply_filterset(
    filterset_class: type[django_filters.FilterSet],
    data: Mapping[str, Any] | None,
    queryset: QuerySet,
) -> QuerySet:
    """Apply a FilterSet; invalid parameters raise ValidationError({parameter: [message]})."""
    filterset = valid_filterset(filterset_class, data, queryset)
    return queryset if filterset is None else filterset.qs


def valid_filterset(
    filterset_class: type[django_filters.FilterSet],
    data: Mapping[str, Any] | None,
    queryset: QuerySet,
) -> django_filters.FilterSet | None:
    """The FilterSet bound to `data` and validated (its `form.cleaned_data`), or None without
    data; invalid parameters raise ValidationError as in apply_filterset."""
    if not data:
        return None
    given = frozenset(data).intersection(filterset_class.base_filters)
    filterset = _given_only(filterset_class, given)(data=data, queryset=queryset)
    if not filterset.is_valid():
        raise ValidationError(filterset.form.errors.as_data())
    return filterset


@lru_cache(maxsize=256)
def _given_only(
    filterset_class: type[django_filters.FilterSet], names: frozenset[str]
) -> type[django_filters.FilterSet]:
    """`filterset_class` with only the filters `names` gives, in their order, and its form class
    made once. A filter not given filters nothing (an empty value), but django-filter deep-copies
    every filter and builds its form field, the form class and the form's copies of the fields
    on every request: a sixth of a search's CPU. The cache is bounded: parameters combine."""
    filters = {name: f for name, f in filterset_class.base_filters.items() if name in names}
    given = type(filterset_class.__name__, (filterset_class,), {})
    given.base_filters = _CopiedEach(filters)
    # Fields of copies: a filter keeps the field it makes, which each request's copy of the
    # filters (FilterSet.__init__) would copy again.
    form_class = fields_shared(
        type(
            f"{filterset_class.__name__}Form",
            (filterset_class._meta.form,),
            {name: copy.deepcopy(f).field for name, f in filters.items()},
        )
    )
    given.get_form_class = lambda self: form_class
    return given


class _CopiedEach(dict):
    """Filters that FilterSet.__init__ copies one by one, not deeply: each request's filter is
    its own (django-filter sets its `parent` and `model`), its settings are not changed."""

    def __deepcopy__(self, memo: dict) -> dict:
        return {name: _copy(value) for name, value in self.items()}


def _copy(filter_: django_filters.Filter) -> django_filters.Filter:
    copied = copy.copy(filter_)
    if filter_.method is not None:
        copied.method = filter_.method  # a method filter's caller names the filter it is part of
    return copied


FormClass = TypeVar("FormClass", bound=type[forms.BaseForm])


class _Shared(dict):
    def __deepcopy__(self, memo: dict) -> dict:
        return dict(self)


def fields_shared(form_class: FormClass) -> FormClass:
    """`form_class` with its fields shared by every form rather than deep-copied for each
    (Form.__init__ copies each field with its widget and choices: 0.02 ms a field, a search
    page's two forms 0.5 ms): for a form that changes no field, widget or choices of its own."""
    form_class.base_fields = _Shared(form_class.base_fields)
    return form_class


class CodeField(forms.CharField):
    """A reference row by its code, from the rows read once per process (rows_by_code): a
    query per code parameter was a tenth of a search's time."""

    default_error_messages = {"invalid_choice": _("Unknown code: %(value)s.")}

    def __init__(self, *, model: type[Model], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.model = model

    def to_python(self, value: Any) -> Model | None:
        code = super().to_python(value)
        if code in self.empty_values:
            return None
        row = rows_by_code(self.model).get(code)
        if row is None:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": code}
            )
        return row


class CodeFilter(django_filters.Filter):
    field_class = CodeField


def code_filter(model: type[Model], **kwargs: Any) -> CodeFilter:
    """A reference row by its code; an unknown code is a field error naming it."""
    return CodeFilter(model=model, **kwargs)


class IdField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class IntegerFilter(django_filters.NumberFilter):
    """An object's id."""

    field_class = IdField


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


def within_km_filter(*, min_km: float = 0, max_km: float = 2000) -> django_filters.NumberFilter:
    """The radius around `near`; a FilterSet that allows another range declares its own."""
    return django_filters.NumberFilter(
        method="filter_within_km",
        validators=[MinValueValidator(min_km), MaxValueValidator(max_km)],
        label=_("Kilometres from `near` (default 50)"),
    )


class KmByMunicipality(Func):
    """The kilometres of the row's municipality, NULL for one not listed: `CASE municipality_id
    WHEN code THEN km ... END` (one simple CASE: a When() per municipality resolved a lookup
    each, 5 ms a search at 100 km), and on PostgreSQL a look-up in one JSON parameter."""

    output_field = FloatField()

    def __init__(self, km_by_code: dict[str, float]) -> None:
        super().__init__(F("municipality_id"))
        self.km_by_code = km_by_code

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple]:
        column, params = compiler.compile(self.source_expressions[0])
        whens = " ".join("WHEN %s THEN %s" for _ in self.km_by_code)
        pairs = chain.from_iterable(self.km_by_code.items())
        return f"CASE {column} {whens} END", (*params, *pairs)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple]:
        """The kilometres by code as one JSON parameter, whatever their number: a search's
        statement keeps one text (psycopg parses again every statement of more than 50
        parameters, and a wide radius lists that many municipalities), and PostgreSQL looks a
        row's code up instead of comparing it with each (0.7 ms less of its CPU a search)."""
        column, params = compiler.compile(self.source_expressions[0])
        return f"(%s::jsonb ->> {column})::float8", (json.dumps(self.km_by_code), *params)


class NearPeriodForm(forms.Form):
    """The checks that need more than one parameter."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.data.get("near"):
            if cleaned.get("within_km") is not None:
                self.add_error(
                    "within_km", _("Give `near` (a municipality code) with `within_km`.")
                )
            # One key (a ChoiceFilter) or several (an OrderingFilter).
            ordering = cleaned.get("ordering") or ()
            keys = [ordering] if isinstance(ordering, str) else ordering
            if any(key.lstrip("-") == "distance" for key in keys):
                self.add_error("ordering", _("Sorting by distance needs `near`."))
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("The period ends before it starts."))
        return cleaned


class NearPeriodFilterSet(django_filters.FilterSet):
    """Rows with a `municipality` and a period (`period_start`, `period_end`).

    `near` keeps the rows within `within_km` of a municipality (within_reach) and annotates
    `distance_km`, for an ordering by distance; `period_from` and `period_to` keep the rows whose
    period overlaps, a missing start or end (where the model allows one) being open-ended.
    A subclass keeps `class Meta(NearPeriodFilterSet.Meta)` for the checks of NearPeriodForm.
    """

    near = code_filter(
        Municipality,
        method="filter_near",
        label=_("Municipality code: what lies within `within_km` of it"),
    )
    within_km = within_km_filter()
    period_from = django_filters.DateFilter(
        method="filter_period_from", label=_("Period overlaps from (YYYY-MM-DD)")
    )
    period_to = django_filters.DateFilter(
        method="filter_period_to", label=_("Period overlaps until (YYYY-MM-DD)")
    )

    class Meta:
        form = NearPeriodForm

    def within_reach(self, municipality_codes: Collection[str]) -> Q:
        """What `near` keeps: the rows in one of the municipalities within reach."""
        return Q(municipality_id__any_of=municipality_codes)

    def filter_near(self, queryset: QuerySet, name: str, value: Municipality) -> QuerySet:
        distance = self.distance_from(value)
        return queryset.annotate(distance_km=distance).filter(
            self.within_reach(distance.km_by_code)
        )

    def distance_from(self, near: Municipality) -> KmByMunicipality:
        """The kilometres from `near` of each municipality within `within_km` of it."""
        km = self.form.cleaned_data.get("within_km")
        within = municipalities_within_km(near.code, DEFAULT_WITHIN_KM if km is None else float(km))
        return KmByMunicipality({code: round(d, 1) for code, d in within.items()})

    def filter_within_km(self, queryset: QuerySet, name: str, value: Decimal) -> QuerySet:
        """Read by filter_near; alone it is an error (see the form)."""
        return queryset

    def filter_period_from(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(_open_ended(queryset, "period_end", Q(period_end__gte=value)))

    def filter_period_to(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(_open_ended(queryset, "period_start", Q(period_start__lte=value)))


def _open_ended(queryset: QuerySet, field: str, condition: Q) -> Q:
    """`condition`, or no value at all where the model allows none (a flexible period)."""
    if queryset.model._meta.get_field(field).null:
        return Q(**{f"{field}__isnull": True}) | condition
    return condition
