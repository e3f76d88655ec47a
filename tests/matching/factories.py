"""Applications and placements. The factories write rows directly (for fixtures and reports);
behaviour under test goes through matching.services."""

import io
from datetime import date, timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from reportlab.pdfgen.canvas import Canvas

from backend.reports import services as reports_services
from companies.models import Opportunity
from matching.models import Application, ApplicationEvent, Placement
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


class ApplicationEventFactory(DjangoModelFactory):
    class Meta:
        model = ApplicationEvent

    application = factory.SubFactory(ApplicationFactory)
    from_status = ""
    to_status = Application.Status.SUBMITTED


class PlacementFactory(DjangoModelFactory):
    """One unnamed, confirmed APL placement; the report fields copy the opportunity's."""

    class Meta:
        model = Placement
        skip_postgeneration_save = True

    opportunity = factory.SubFactory(OpportunityFactory)
    school = factory.SubFactory(SchoolFactory)
    students_count = 1
    start_date = date(2026, 3, 2)
    end_date = date(2026, 4, 10)
    kind = factory.LazyAttribute(lambda o: o.opportunity.kind)
    level = factory.LazyAttribute(lambda o: o.opportunity.level)
    programme = factory.LazyFunction(lambda: programme("EE"))
    municipality = factory.LazyAttribute(lambda o: o.opportunity.municipality)
    sector_id = factory.LazyAttribute(lambda o: o.opportunity.company.sector_id)
    chamber_member = factory.LazyAttribute(lambda o: o.opportunity.company.is_chamber_member)

    @factory.post_generation
    def tally(self, create: bool, extracted, **kwargs) -> None:
        """Counted in the reports' tally, as placement_confirm counts it."""
        if create and self.status != Placement.Status.CANCELLED:
            reports_services.placement_tally_add(placement=self, sign=1)


def tiny_pdf(text: str = "Alva Berg - CV") -> bytes:
    """A real one-page PDF, as a student's word processor would save it."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, text)
    canvas.save()
    return buffer.getvalue()


def upload(content: bytes, name: str = "cv.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def open_opportunity(**kwargs) -> Opportunity:
    """A published APL opportunity on Elprogrammet whose period starts in a month (tests must
    not depend on today's date)."""
    start = timezone.localdate() + timedelta(days=30)
    defaults = {
        "programmes": ["EE"],
        "places": 3,
        "period_start": start,
        "period_end": start + timedelta(weeks=6),
    }
    return OpportunityFactory(**{**defaults, **kwargs})
