"""A student's own profile."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from backend.accounts import services as account_services
from backend.accounts.actor import Actor
from backend.accounts.models import Membership, Organisation
from backend.reference.models import Programme
from schools import policy
from schools.models import School, StudentProfile
from schools.services.common import check_programme_offered, require
from schools.services.own_programmes import check_school_programme
from schools.signals import student_profile_changed


@transaction.atomic
def student_profile_upsert(*, actor: Actor, data: Mapping[str, Any]) -> tuple[StudentProfile, bool]:
    """Create the student's own profile or change the given fields; returns (profile, created).

    Choosing a school asks to join it: a pending membership that the school approves later.
    Fields absent from `data` keep their value (a new profile: school and home municipality are
    required, the rest is optional)."""
    policy.require_student(actor)
    user = actor.user
    profile = StudentProfile.objects.filter(user=user).first()
    created = profile is None
    if created:
        require(data, ("school", "home_municipality"))
        profile = StudentProfile(user=user)
    if created or data.get("school", profile.school) != profile.school:
        # Checked on a change only: a student keeps editing their profile if the school is
        # suspended later.
        _check_school_open_to_students(data["school"])
    fields = ("school", "programme", "school_programme", "education_field", "year")
    fields += ("home_municipality",)
    for field in (*fields, "birth_date", "about"):
        if field in data:
            setattr(profile, field, data[field])
    if "languages" in data:
        profile.speaks_swedish = "sv" in data["languages"]
        profile.speaks_english = "en" in data["languages"]
    if "school" in data or "programme" in data:
        _check_student_programme(school=profile.school, programme=profile.programme)
    check_school_programme(profile)
    profile.full_clean()
    profile.save()
    if "stem_interests" in data:
        profile.stem_interests.set(data["stem_interests"])
    _ask_to_join(actor=actor, school=profile.school)
    student_profile_changed.send(sender=StudentProfile, student_id=profile.pk)
    return profile, created


def _check_school_open_to_students(school: School) -> None:
    organisation = school.organisation
    if organisation.verified_at is None or organisation.suspended:
        raise ValidationError(
            {"school": _("Choose a school that the chamber has verified.")}, code="unverified"
        )


def _check_student_programme(*, school: School, programme: Programme | None) -> None:
    if programme is not None and programme.level != school.level:
        raise ValidationError(
            {"programme": _("This programme is not at your school's level.")}, code="level"
        )
    check_programme_offered(school=school, programme=programme)


def _ask_to_join(*, actor: Actor, school: School) -> None:
    """A pending membership in the chosen school; pending requests to other schools lapse."""
    Membership.objects.filter(
        user=actor.user,
        status=Membership.Status.PENDING,
        organisation__kind=Organisation.Kind.SCHOOL,
    ).exclude(organisation_id=school.pk).delete()
    # Approved at once when the student's verified address is at a domain the school registered.
    account_services.membership_request(actor=actor, organisation=school.organisation)
