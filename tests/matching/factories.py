"""Applications and placements. The factories write rows directly (for fixtures and reports);
behaviour under test goes through matching.services."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from matching.models import Application, Placement
from tests.companies.factories import OpportunityFactory
from tests.schools.factories import SchoolFactory, StudentProfileFactory, programme


class ApplicationFactory(DjangoModelFactory):
    """A submitted application of an Elprogrammet pupil to a published APL opportunity."""

    class Meta:
        model = Application

    student = factory.SubFactory(StudentProfileFactory)
    school = factory.LazyAttribute(lambda o: o.student.school)
    opportunity = factory.SubFactory(OpportunityFactory)
    motivation = "Jag vill lära mig installera laddstationer."


class PlacementFactory(DjangoModelFactory):
    """One unnamed, confirmed APL placement; the report fields copy the opportunity's."""

    class Meta:
        model = Placement

    opportunity = factory.SubFactory(OpportunityFactory)
    school = factory.SubFactory(SchoolFactory)
    students_count = 1
    start_date = date(2026, 3, 2)
    end_date = date(2026, 4, 10)
    kind = factory.LazyAttribute(lambda o: o.opportunity.kind)
    level = factory.LazyAttribute(lambda o: o.opportunity.level)
    programme = factory.LazyFunction(lambda: programme("EE"))
    municipality = factory.LazyAttribute(lambda o: o.opportunity.municipality)
