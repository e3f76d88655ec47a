"""Schools: registration by a counsellor, changes by its admins; the register import and the demo
loaders add schools as system work. Verification and suspension by the chamber are
backend/moderation.py's, for schools and companies alike."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from backend.accounts import services as account_services
from backend.accounts.actor import Actor
from backend.accounts.models import Organisation
from backend.reference.models import EducationLevel, Municipality, Programme
from schools import policy
from schools.models import School
from schools.services.own_programmes import school_programmes_set
from schools.signals import school_changed


@transaction.atomic
def school_create(
    *,
    actor: Actor,
    name: str,
    municipality: Municipality,
    level: str = EducationLevel.GYMNASIUM,
    address: str = "",
    website: str = "",
    programmes: Iterable[Programme] = (),
    own_programmes: Iterable[Mapping[str, Any]] = (),
) -> School:
    """A counsellor registers a school: unverified (its requests stay private until the chamber
    verifies it), with the counsellor as its approved administrator."""
    policy.require_may_register_school(actor)
    school = school_add(
        name=name,
        municipality=municipality,
        level=level,
        address=address,
        website=website,
        programmes=programmes,
        own_programmes=own_programmes,
    )
    account_services.membership_create(
        user=actor.user, organisation=school.organisation, is_admin=True, approved=True
    )
    return school


@transaction.atomic
def school_add(
    *,
    name: str,
    municipality: Municipality,
    level: str = EducationLevel.GYMNASIUM,
    address: str = "",
    website: str = "",
    programmes: Iterable[Programme] = (),
    own_programmes: Iterable[Mapping[str, Any]] = (),
    verified: bool = False,
) -> School:
    """A school nobody registers in person, without members: system work (Skolverket's register,
    verified because the chamber vouches for it; the demo loaders). People go through
    school_create."""
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
    return school


@transaction.atomic
def school_update(*, actor: Actor, school: School, data: Mapping[str, Any]) -> School:
    """An administrator of the school changes the given fields (name, level, municipality,
    address, website, programmes, own programmes)."""
    policy.require_may_change_school(actor, school)
    return school_change(school=school, data=data)


@transaction.atomic
def school_change(*, school: School, data: Mapping[str, Any]) -> School:
    """Change the given fields, for school_update and for system work (the register import)."""
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
