"""What a placement report can be grouped by: the SQL expression of each dimension, how its value
reads in the API, and the label a person reads.

Time: a placement belongs to the period in which it starts (`start_date`). The school year runs
1 July to 30 June ("2025/26"); its autumn term HT covers 1 July to 31 December, its spring term
VT 1 January to 30 June ("HT2025", "VT2026").
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, Expression, F, Value, When
from django.db.models.fields.related_descriptors import ManyToManyDescriptor
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from backend.reference.models import (
    EducationLevel,
    Municipality,
    PlacementKind,
    Programme,
    Sector,
    StemArea,
)
from companies.models import Opportunity


def school_year_of(field: str) -> Expression:
    """The year the school year of the date `field` starts: 2025 for 2026-03-02."""
    autumn = When(**{f"{field}__month__gte": 7}, then=Value(0))
    return ExtractYear(field) - Case(autumn, default=Value(1))


def _start_month() -> Expression:
    """The periods are folded from the month in Python: grouping by a truncated date is much
    cheaper in SQL than by arithmetic on extracted parts (numeric in PostgreSQL)."""
    return TruncMonth("start_date")


def _school_year(month: date) -> int:
    return month.year - (month.month < 7)


def _term(month: date) -> int:
    # year * 2 + 1 for HT, year * 2 for VT: the numbers sort in time order.
    return month.year * 2 + (month.month >= 7)


def _month(month: date) -> int:
    return month.year * 100 + month.month


def school_year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def term_label(number: int) -> str:
    year, autumn = divmod(number, 2)
    return f"{'HT' if autumn else 'VT'}{year}"


def month_label(number: int) -> str:
    year, month = divmod(number, 100)
    return f"{year}-{month:02d}"


def first_day(interval: str, number: int) -> date:
    """The first day of a period numbered as `fold` numbers it (a term, a month, a school year)."""
    if interval == "term":
        year, autumn = divmod(number, 2)
        return date(year, 7 if autumn else 1, 1)
    if interval == "month":
        return date(number // 100, number % 100, 1)
    return date(number, 7, 1)


def _choices(choices: type) -> Callable[[], dict[Any, str]]:
    return lambda: {value: str(label) for value, label in choices.choices}


def _named(model: type, **filters: Any) -> Callable[[], dict[Any, str]]:
    return lambda: {row.pk: row.name for row in model.objects.filter(**filters)}


def _counties() -> dict[Any, str]:
    return dict(Municipality.objects.values_list("county_code", "county_name").distinct())


def _workplace_language() -> Expression:
    """The workplace's language, so the chamber counts the contact with international students:
    "en" where no Swedish is needed, "sv_en" where both are spoken, else "sv"."""
    return Case(
        When(opportunity__speaks_swedish=False, then=Value("en")),
        When(opportunity__speaks_english=True, then=Value("sv_en")),
        default=Value("sv"),
    )


def _languages() -> dict[Any, str]:
    return {
        "sv": str(_("Swedish")),
        "en": str(_("English")),
        "sv_en": str(_("Swedish and English")),
    }


def _membership() -> dict[Any, str]:
    return {True: str(_("Chamber member")), False: str(_("Not a member"))}


@dataclass(frozen=True)
class Dimension:
    key: str
    title: str | Promise
    expression: Callable[[], Expression]
    # From the SQL value to the group's value (a month to its term …); groups that fold into
    # one are added up.
    fold: Callable[[Any], Any] = lambda value: value
    # The value as the API gives it (codes stay codes; periods become "HT2025").
    to_api: Callable[[Any], Any] = lambda value: value
    # Labels keyed by the API value; None when the API value is already what a person reads.
    labels: Callable[[], dict[Any, str]] | None = None
    # Several values per placement (an opportunity names several STEM areas): the query groups
    # by `expression` (the opportunity) and `expand`, its many-to-many relation, gives each of
    # its values; groups then add up to more than the total.
    expand: ManyToManyDescriptor | None = None

    @property
    def multiple(self) -> bool:
        return self.expand is not None


PLACEMENT_DIMENSIONS: Mapping[str, Dimension] = {
    d.key: d
    for d in (
        Dimension("kind", _("Kind"), lambda: F("kind"), labels=_choices(PlacementKind)),
        Dimension("level", _("Level"), lambda: F("level"), labels=_choices(EducationLevel)),
        Dimension("county", _("County"), lambda: F("municipality__county_code"), labels=_counties),
        Dimension(
            "municipality",
            _("Municipality"),
            lambda: F("municipality_id"),
            labels=_named(Municipality),
        ),
        Dimension("programme", _("Programme"), lambda: F("programme_id"), labels=_named(Programme)),
        Dimension(
            "stem_area",
            _("STEM area"),
            lambda: F("opportunity_id"),
            labels=_named(StemArea),
            expand=Opportunity.stem_areas,
        ),
        Dimension(
            "sector",
            _("Sector (SNI)"),
            lambda: F("sector_id"),
            labels=_named(Sector),
        ),
        Dimension("language", _("Workplace language"), _workplace_language, labels=_languages),
        Dimension(
            "chamber_member",
            _("Chamber member"),
            lambda: F("chamber_member"),
            labels=_membership,
        ),
        Dimension(
            "school_year",
            _("School year"),
            _start_month,
            fold=_school_year,
            to_api=school_year_label,
        ),
        Dimension("term", _("Term"), _start_month, fold=_term, to_api=term_label),
        Dimension("month", _("Month"), _start_month, fold=_month, to_api=month_label),
    )
}
TIME_DIMENSIONS = ("school_year", "term", "month")


def labels_for(dimensions: Iterable[Dimension]) -> dict[str, dict[Any, str]]:
    """The labels of each dimension that has them: one small query per reference table."""
    return {d.key: d.labels() for d in dimensions if d.labels is not None}
