"""Factories of the companies app. They arrange state directly (tests of the services go through
the services); defaults give a public opportunity of a verified company in Västerås."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from backend.accounts.models import Organisation
from backend.reference.models import EducationLevel, PlacementKind
from companies.models import Company, Opportunity
from companies.validators import luhn_check_digit
from tests.backend.accounts.factories import OrganisationFactory


def valid_organisation_number(n: int) -> str:
    nine = f"5568{n:05d}"
    return nine + str(luhn_check_digit(nine))


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = Company
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.COMPANY)
    organisation__verified_at = factory.LazyFunction(timezone.now)
    organisation_number = factory.Sequence(valid_organisation_number)
    sector_id = "C"
    municipality_id = "1980"
    address = factory.Faker("street_address", locale="sv_SE")

    class Params:
        unverified = factory.Trait(organisation__verified_at=None)
        suspended = factory.Trait(organisation__suspended=True)

    @factory.post_generation
    def stem_areas(self, create: bool, codes: list[str] | None, **kwargs) -> None:
        if create and codes:
            self.stem_areas.set(codes)


class OpportunityFactory(DjangoModelFactory):
    class Meta:
        model = Opportunity
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    kind = PlacementKind.INTERNSHIP
    level = EducationLevel.GYMNASIUM
    title = factory.Sequence(lambda n: f"APL som elektriker {n}")
    description = "Montage och provning av laddstationer."
    municipality_id = "1980"
    places = 2
    contact_name = factory.Faker("name", locale="sv_SE")
    contact_email = factory.Sequence(lambda n: f"kontakt{n}@foretag.example")
    contact_phone = "070-174 06 50"
    status = Opportunity.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=Opportunity.Status.DRAFT, published_at=None)
        closed = factory.Trait(
            status=Opportunity.Status.CLOSED, closed_at=factory.LazyFunction(timezone.now)
        )
        hidden = factory.Trait(
            hidden_at=factory.LazyFunction(timezone.now), hidden_reason="Saknar handledare."
        )
        thesis = factory.Trait(
            kind=PlacementKind.THESIS,
            level=EducationLevel.UNIVERSITY,
            thesis_degree=Opportunity.ThesisDegree.MASTER,
            thesis_credits=30,
        )
        apprenticeship = factory.Trait(
            kind=PlacementKind.APPRENTICESHIP,
            salary_amount=15000,
            salary_period=Opportunity.SalaryPeriod.MONTHLY,
            hours_per_week=24,
            handledare_name="Sara Lind",
            handledare_email="sara.lind@foretag.example",
            utbildningskontrakt_agreed=True,
        )

    @factory.post_generation
    def programmes(self, create: bool, codes: list[str] | None, **kwargs) -> None:
        if create and codes:
            self.programmes.set(codes)

    @factory.post_generation
    def stem_areas(self, create: bool, codes: list[str] | None, **kwargs) -> None:
        if create and codes:
            self.stem_areas.set(codes)
