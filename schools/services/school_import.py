"""Schools from Skolverket's register: create the units the platform lacks and bring the known
ones up to date, all or nothing."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from backend.reference.models import EducationLevel, Municipality, Programme
from schools.models import School
from schools.services.school import school_add, school_change
from schools.skolverket import SchoolUnit


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    # Programme codes of the register that the reference data does not ship.
    unknown_programmes: set[str] = field(default_factory=set)


@transaction.atomic
def schools_import(*, units: Sequence[SchoolUnit]) -> ImportResult:
    """Each unit becomes a verified gymnasium (the chamber vouches for Skolverket's register), or
    updates the school with its unit code, or else the gymnasium of the same name in the same
    municipality. A ValidationError on any unit undoes the whole import."""
    municipalities = Municipality.objects.in_bulk([unit.municipality for unit in units])
    programmes = Programme.objects.filter(level=EducationLevel.GYMNASIUM).in_bulk()
    result = ImportResult()
    for unit in units:
        result.unknown_programmes.update(set(unit.programmes) - programmes.keys())
        offered = [programmes[code] for code in unit.programmes if code in programmes]
        try:
            created = _import_one(unit, municipalities[unit.municipality], offered)
        except ValidationError as error:
            raise ValidationError(
                f"school unit {unit.code} ({unit.name}): {_said(error)}"
            ) from error
        result.created += created
        result.updated += not created
    return result


def _import_one(unit: SchoolUnit, municipality: Municipality, offered: list[Programme]) -> bool:
    """Create or update the unit's school; True when it is new."""
    school = _known(unit)
    is_new = school is None
    facts = {"address": unit.address, "website": unit.website, "programmes": offered}
    if school is None:
        school = school_add(
            name=unit.name,
            municipality=municipality,
            level=EducationLevel.GYMNASIUM,
            verified=True,
            **facts,
        )
    else:
        school = school_change(school=school, data={"name": unit.name, **facts})
    school.school_unit_code = unit.code
    school.latitude, school.longitude = unit.latitude, unit.longitude
    school.full_clean()
    school.save(update_fields=["school_unit_code", "latitude", "longitude", "updated_at"])
    return is_new


def _said(error: ValidationError) -> str:
    """The problems in one line, each after its field."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return "; ".join(f"{name}: {' '.join(m)}" for name, m in error.message_dict.items())


def _known(unit: SchoolUnit) -> School | None:
    by_name = Q(
        school_unit_code__isnull=True,
        organisation__name__iexact=unit.name,
        municipality_id=unit.municipality,
        level=EducationLevel.GYMNASIUM,
    )
    return School.objects.filter(Q(school_unit_code=unit.code) | by_name).first()
