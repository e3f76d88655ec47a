"""Factories of the school side. Reference rows (municipalities, programmes) come from the
migrations, so factories look them up by code."""

from datetime import date

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from backend.accounts.models import Membership, Organisation, User
from backend.reference.models import EducationLevel, Municipality, PlacementKind, Programme
from schools.models import PlacementRequest, School, StudentProfile
from tests.backend.accounts.factories import OrganisationFactory, UserFactory

OREBRO, KUMLA, VASTERAS, ESKILSTUNA = "1880", "1881", "1980", "0484"


def municipality(code: str) -> Municipality:
    return Municipality.objects.get(code=code)


def programme(code: str) -> Programme:
    return Programme.objects.get(code=code)


class SchoolOrganisationFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Testgymnasiet {n}")
    kind = Organisation.Kind.SCHOOL
    verified_at = factory.LazyFunction(timezone.now)


class SchoolFactory(DjangoModelFactory):
    """A verified gymnasium in Örebro that lists no programmes (so it is held to none)."""

    class Meta:
        model = School
        skip_postgeneration_save = True

    organisation = factory.SubFactory(SchoolOrganisationFactory)
    level = EducationLevel.GYMNASIUM
    municipality = factory.LazyFunction(lambda: municipality(OREBRO))

    @factory.post_generation
    def programmes(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.programmes.set(extracted)


class StudentProfileFactory(DjangoModelFactory):
    """A student of Elprogrammet, year 2, under 18, with an approved membership in the school."""

    class Meta:
        model = StudentProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, role=User.Role.STUDENT)
    school = factory.SubFactory(SchoolFactory)
    programme = factory.LazyFunction(lambda: programme("EE"))
    year = 2
    home_municipality = factory.LazyAttribute(lambda o: o.school.municipality)
    birth_date = factory.LazyFunction(lambda: date(timezone.localdate().year - 16, 3, 14))
    speaks_swedish = True

    @factory.post_generation
    def membership(self, create: bool, extracted, **kwargs) -> None:
        if create:
            Membership.objects.get_or_create(
                user=self.user,
                organisation_id=self.school_id,
                defaults={"status": extracted or Membership.Status.APPROVED},
            )


class PlacementRequestFactory(DjangoModelFactory):
    """Four APL places on Elprogrammet in March 2026, open."""

    class Meta:
        model = PlacementRequest
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    kind = PlacementKind.INTERNSHIP
    level = EducationLevel.GYMNASIUM
    programme = factory.LazyFunction(lambda: programme("EE"))
    places_needed = 4
    period_start = date(2026, 3, 2)
    period_end = date(2026, 4, 10)
    municipality = factory.LazyAttribute(lambda o: o.school.municipality)
    notes = ""

    @factory.post_generation
    def stem_areas(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.stem_areas.set(extracted)

    @factory.post_generation
    def acceptable_municipalities(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.acceptable_municipalities.set(extracted)
