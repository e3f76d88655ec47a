"""Schools: registration by a counsellor, changes by its admins. Verification and suspension by
the chamber are backend/moderation.py's, for schools and companies alike."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from backend.accounts import services as account_services
from backend.accounts.models import Organisation, User
from backend.reference.models import EducationLevel, Municipality, Programme
from schools.models import School
from schools.services.own_programmes import school_programmes_set
from schools.signals import school_changed


@transaction.atomic
def school_create(
    *,
    name: str,
    municipality: Municipality,
    level: str = EducationLevel.GYMNASIUM,
    address: str = "",
    website: str = "",
    programmes: Iterable[Programme] = (),
    own_programmes: Iterable[Mapping[str, Any]] = (),
    created_by: User | None = None,
    verified: bool = False,
) -> School:
    """A school (unverified unless the caller vouches for it); its creator, a counsellor,
    becomes its approved administrator."""
    if created_by is not None and created_by.role != User.Role.COUNSELLOR:
        raise PermissionDenied(_("Only counsellors can register a school."))
    _check_name_is_free(name=name, municipality=municipality)
    organisation = account_services.organisation_create(
        name=name, kind=Organisation.Kind.SCHOOL, verified=verified
    )
    school = School(
        organisation=organisation,
        level=level,
        municipality=municipality,
        address=address,
        website=website,
    )
    school.full_clean()
    school.save()
    _set_programmes(school=school, programmes=programmes)
    school_programmes_set(school=school, programmes=own_programmes)
    if created_by is not None:
        account_services.membership_create(
            user=created_by, organisation=organisation, is_admin=True, approved=True
        )
    return school


@transaction.atomic
def school_update(*, school: School, data: Mapping[str, Any]) -> School:
    """Change the given fields (name, level, municipality, address, website, programmes)."""
    organisation = school.organisation
    if "name" in data or "municipality" in data:
        _check_name_is_free(
            name=data.get("name", organisation.name),
            municipality=data.get("municipality", school.municipality),
            exclude=school,
        )
    if "name" in data:
        organisation.name = data["name"]
        organisation.full_clean()
        organisation.save(update_fields=["name"])
    for field in ("level", "municipality", "address", "website"):
        if field in data:
            setattr(school, field, data[field])
    school.full_clean()
    school.save()
    programmes = data["programmes"] if "programmes" in data else school.programmes.all()
    _set_programmes(school=school, programmes=programmes)
    if "own_programmes" in data:
        school_programmes_set(school=school, programmes=data["own_programmes"])
    return _announced(school)


def _announced(school: School) -> School:
    """Tell other apps (matching) that the school changed, inside this transaction."""
    school_changed.send(sender=School, school_id=school.pk)
    return school


def _check_name_is_free(
    *, name: str, municipality: Municipality, exclude: School | None = None
) -> None:
    others = School.objects.filter(
        organisation__name__iexact=name.strip(), municipality=municipality
    )
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError(
            {
                "name": _(
                    "A school with this name is already registered in this municipality; "
                    "ask its administrator to add you."
                )
            }
        )


def _set_programmes(*, school: School, programmes: Iterable[Programme]) -> None:
    programmes = list(programmes)
    wrong = [p.code for p in programmes if p.level != school.level]
    if wrong:
        raise ValidationError(
            {
                "programmes": _("Not programmes of the school's level: %(codes)s.")
                % {"codes": ", ".join(sorted(wrong))}
            }
        )
    school.programmes.set(programmes)
