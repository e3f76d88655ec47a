"""Reads of reference data: querysets with their relations fetched once."""

from functools import cache

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils import translation

from backend.reference.geo import great_circle_km
from backend.reference.models import (
    EducationField,
    Municipality,
    Occupation,
    Programme,
    Sector,
    StemArea,
)


def municipality_list() -> QuerySet[Municipality]:
    return Municipality.objects.all()


def education_field_list() -> QuerySet[EducationField]:
    return EducationField.objects.all()


def programme_list() -> QuerySet[Programme]:
    return Programme.objects.prefetch_related("fields", "occupations")


def occupation_list() -> QuerySet[Occupation]:
    return Occupation.objects.all()


def stem_area_list() -> QuerySet[StemArea]:
    return StemArea.objects.prefetch_related("fields", "programmes")


def sector_list() -> QuerySet[Sector]:
    return Sector.objects.all()


def municipality_distance_km(code_a: str, code_b: str) -> float:
    """The distance in km between the seats of two municipalities.

    Raises Municipality.DoesNotExist when either code is unknown.
    """
    seats = {
        code: (latitude, longitude)
        for code, latitude, longitude in Municipality.objects.filter(
            code__in={code_a, code_b}
        ).values_list("code", "latitude", "longitude")
    }
    missing = sorted({code_a, code_b} - seats.keys())
    if missing:
        raise Municipality.DoesNotExist(f"Unknown municipality code: {', '.join(missing)}")
    return great_circle_km(*seats[code_a], *seats[code_b])


def municipalities_within_km(code: str, km: float) -> dict[str, float]:
    """Every municipality whose seat lies within `km` of `code`'s seat, with its distance.

    290 rows: computed in Python, which beats a per-row SQL expression on SQLite and keeps the
    filter portable. Raises Municipality.DoesNotExist for an unknown code.
    """
    return {other: d for other, d in _distances_from(code).items() if d <= km}


def municipality_seats() -> dict[str, tuple[float, float]]:
    """Every municipality's seat (latitude, longitude) by code, read once per process (shared:
    not to be changed)."""
    return _seats()


@cache
def _distances_from(code: str) -> dict[str, float]:
    """The distance from `code`'s seat to every seat, computed once per process and origin (at
    most 290 x 290), as _seats: every search near a town would otherwise compute 290 again."""
    seats = _seats()
    if code not in seats:
        raise Municipality.DoesNotExist(f"Unknown municipality code: {code}")
    origin = seats[code]
    return {other: great_circle_km(*origin, *seat) for other, seat in seats.items()}


@cache
def _seats() -> dict[str, tuple[float, float]]:
    """Read once per process: reference data only changes by a migration (and a restart)."""
    rows = Municipality.objects.values_list("code", "latitude", "longitude")
    return {code: (latitude, longitude) for code, latitude, longitude in rows}


def code_choices(model: type[Model], order_by: str | tuple[str, ...]) -> list[tuple[str, str]]:
    """(code, label) of every row of a reference table, labelled in the active language, in the
    order of one field or of a tuple of fields."""
    return _code_choices(model, order_by, translation.get_language() or settings.LANGUAGE_CODE)


@cache
def _code_choices(
    model: type[Model], order_by: str | tuple[str, ...], language: str
) -> list[tuple[str, str]]:
    """Read once per process and language, as _seats."""
    fields = (order_by,) if isinstance(order_by, str) else order_by
    with translation.override(language):
        return [(row.code, str(row)) for row in model.objects.order_by(*fields)]


@cache
def rows_by_code(model: type[Model]) -> dict[str, Model]:
    """Every row of a reference table by its code, read once per process, as _seats. Shared by
    every request of the process: read them, never change them."""
    return model.objects.in_bulk()
