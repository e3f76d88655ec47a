"""The programmes a YH school or university runs itself, kept as the school lists them."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from backend.reference.models import EducationLevel
from schools.models import School, SchoolProgramme, StudentProfile

OWN_PROGRAMME_LEVELS = frozenset({EducationLevel.YRKESHOGSKOLA, EducationLevel.UNIVERSITY})


@transaction.atomic
def school_programmes_set(*, school: School, programmes: Iterable[Mapping[str, Any]]) -> None:
    """Make the school's own programmes exactly `programmes` (name, education_field, occupation),
    matched by name: a kept name keeps its students, a dropped one leaves them without one."""
    wanted = {item["name"].strip(): item for item in programmes}
    if wanted and school.level not in OWN_PROGRAMME_LEVELS:
        raise ValidationError(
            {"own_programmes": _("Only a YH school or a university lists its own programmes.")}
        )
    school.own_programmes.exclude(name__in=wanted).delete()
    for name, item in wanted.items():
        programme = school.own_programmes.filter(name=name).first() or SchoolProgramme(
            school=school, name=name
        )
        programme.education_field = item["education_field"]
        programme.occupation = item.get("occupation")
        programme.full_clean()
        programme.save()
    # A list the caller prefetched (the API's school) is stale now.
    getattr(school, "_prefetched_objects_cache", {}).pop("own_programmes", None)


def check_school_programme(profile: StudentProfile) -> None:
    """A student's programme is one their own school runs."""
    programme = profile.school_programme
    if programme is not None and programme.school_id != profile.school_id:
        raise ValidationError(
            {"school_programme": _("Choose a programme that your school runs.")},
            code="not_offered",
        )
