"""The programmes a YH school or university runs itself, kept as the school lists them."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.reference.models import EducationField, Occupation
from schools import policy
from schools.models import (
    OWN_PROGRAMME_LEVELS,
    PlacementRequest,
    School,
    SchoolProgramme,
    StudentProfile,
)
from schools.signals import school_changed


@transaction.atomic
def school_programmes_set(*, school: School, programmes: Iterable[Mapping[str, Any]]) -> None:
    """Make the school's own programmes exactly `programmes` (name, education_field, occupation),
    matched by name: a kept name keeps its students, a dropped one leaves them without one.
    A part of school_create and school_update, which decide who may."""
    wanted = {item["name"].strip(): item for item in programmes}
    if wanted:
        _check_level(school, key="own_programmes")
    school.own_programmes.exclude(name__in=wanted).delete()
    # school_update announces the school once; a school being created has no students yet.
    for name, item in wanted.items():
        _save(
            school=school,
            programme=school.own_programmes.filter(name=name).first(),
            name=name,
            education_field=item["education_field"],
            occupation=item.get("occupation"),
        )
    # A list the caller prefetched (the API's school) is stale now.
    getattr(school, "_prefetched_objects_cache", {}).pop("own_programmes", None)


@transaction.atomic
def school_programme_save(
    *,
    actor: Actor,
    school: School,
    programme: SchoolProgramme | None = None,
    name: str,
    education_field: EducationField,
    occupation: Occupation | None = None,
) -> SchoolProgramme:
    """Add one of the school's own programmes (`programme` None) or change it; a renamed
    programme keeps its students, whose matches follow its field and occupation. For the
    school's administrators."""
    policy.require_may_change_school(actor, school)
    saved = _save(
        school=school,
        programme=programme,
        name=name,
        education_field=education_field,
        occupation=occupation,
    )
    school_changed.send(sender=School, school_id=school.pk)
    return saved


def _save(
    *,
    school: School,
    programme: SchoolProgramme | None,
    name: str,
    education_field: EducationField,
    occupation: Occupation | None,
) -> SchoolProgramme:
    _check_level(school, key=NON_FIELD_ERRORS)
    if programme is None:
        programme = SchoolProgramme(school=school)
    elif programme.school_id != school.pk:
        raise ValidationError(_("This programme belongs to another school."))
    programme.name = name.strip()
    if school.own_programmes.filter(name=programme.name).exclude(pk=programme.pk).exists():
        raise ValidationError(
            {"name": _("The school already has a programme with this name.")}, code="unique"
        )
    programme.education_field = education_field
    programme.occupation = occupation
    programme.full_clean()
    programme.save()
    return programme


def _check_level(school: School, *, key: str) -> None:
    if school.level not in OWN_PROGRAMME_LEVELS:
        raise ValidationError(
            {key: _("Only a YH school or a university lists its own programmes.")},
            code="wrong_level",
        )


def check_school_programme(holder: StudentProfile | PlacementRequest) -> None:
    """A student's or a request's programme is one their own school runs."""
    programme = holder.school_programme
    if programme is not None and programme.school_id != holder.school_id:
        raise ValidationError(
            {"school_programme": _("Choose a programme that your school runs.")},
            code="not_offered",
        )
