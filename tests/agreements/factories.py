"""Factories of the placement lifecycle, on top of tests/matching/factories.py. They arrange
state directly; behaviour under test goes through matching.agreements.services and the API."""

from datetime import date, time

import factory
from factory.django import DjangoModelFactory

from backend.reference.models import EducationLevel
from matching.agreements.models import PlacementPlan
from tests.companies.factories import CompanyFactory, OpportunityFactory
from tests.matching.factories import PlacementFactory
from tests.schools.factories import SchoolFactory, StudentProfileFactory


class NamedPlacementFactory(PlacementFactory):
    """An APL placement of one named pupil (16 years old) of a gymnasium, at a company in
    Västerås."""

    school = factory.SubFactory(SchoolFactory, organisation__name="Mälardalens gymnasium")
    opportunity = factory.SubFactory(
        OpportunityFactory,
        title="APL som elektriker",
        company=factory.SubFactory(CompanyFactory, organisation__name="Köping Elteknik AB"),
    )
    student = factory.SubFactory(
        StudentProfileFactory,
        school=factory.SelfAttribute("..school"),
        user__first_name="Åsa",
        user__last_name="Öberg",
    )

    class Params:
        apprenticeship = factory.Trait(opportunity__apprenticeship=True)
        thesis = factory.Trait(
            opportunity__thesis=True,
            school__level=EducationLevel.UNIVERSITY,
            student__birth_date=date(2000, 5, 1),
            programme=None,
        )
        adult = factory.Trait(student__birth_date=date(2000, 5, 1))


class PlacementPlanFactory(DjangoModelFactory):
    """A complete plan for an APL placement, 08:00-16:00 with a 60 minute lunch."""

    class Meta:
        model = PlacementPlan

    placement = factory.SubFactory(NamedPlacementFactory)
    handledare_name = "Göran Ärlig"
    handledare_role = "Elinstallatör"
    handledare_email = "goran@elteknik.example"
    handledare_phone = "070-111 22 33"
    handledare_trained = True
    teacher_name = "Lärare Lundström"
    teacher_email = "lundstrom@skola.example"
    daily_start = time(8)
    daily_end = time(16)
    break_minutes = 60
    days_per_week = 5
    tasks = "Montera laddstationer"
    accident_contact = "Växeln 021-10 00 00"


def plan_data(**overrides: object) -> dict[str, object]:
    """A complete plan as the API takes it (APL; GLA and thesis terms added by the tests)."""
    return {
        "handledare_name": "Göran Ärlig",
        "handledare_role": "Elinstallatör",
        "handledare_email": "goran@elteknik.example",
        "handledare_phone": "070-111 22 33",
        "handledare_trained": True,
        "teacher_name": "Lärare Lundström",
        "teacher_email": "lundstrom@skola.example",
        "daily_start": "08:00",
        "daily_end": "16:00",
        "break_minutes": 60,
        "days_per_week": 5,
        "tasks": "Montera laddstationer i Västerås",
        "accident_contact": "Växeln 021-10 00 00",
        **overrides,
    }


GLA_TERMS = {
    "salary_amount": "16500.00",
    "salary_period": "monthly",
    "employment_hours_per_week": 24,
    "education_parts": "Kursen Elinstallationer 200 p",
    "weeks_per_term": 12,
    "damage_cost_split": "Arbetsgivaren står för skador i arbetet",
    "contract_start": "2026-03-02",
    "contract_end": "2026-04-10",
    "early_termination_grounds": "Allvarliga brott mot ordningsregler",
}
THESIS_TERMS = {
    "company_supervisor_name": "Ingrid Företagsson",
    "company_supervisor_email": "ingrid@foretag.example",
    "university_name": "Mälardalens universitet",
    "university_supervisor_name": "Professor Åkesson",
    "university_supervisor_email": "akesson@mdu.example",
    "confidentiality": "Företagets ritningar är sekretessbelagda",
    "publication_terms": "Rapporten publiceras i DiVA efter granskning",
}
