"""A student with a bit of everything: an application with a CV and an event, a placement, a
message, a notification."""

from datetime import date

import pytest
from django.core.files.base import ContentFile

from backend.notifications.models import Notification
from matching.models import ApplicationEvent, Message, Thread
from tests.matching.factories import ApplicationFactory, PlacementFactory
from tests.schools.factories import StudentProfileFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """CVs go to a temporary folder, never var/private."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def student(db):
    return StudentProfileFactory(
        user__email="elev@skola.example", user__first_name="Alva", gender="female"
    )


@pytest.fixture
def history(student):
    """The student's application (with a CV), its events, a placement from it, a message and a
    notification."""
    application = ApplicationFactory(student=student, motivation="Jag älskar el.")
    application.cv.save("cv.pdf", ContentFile(PDF))
    ApplicationEvent.objects.create(
        application=application,
        from_status="",
        to_status="submitted",
        by=student.user,
        note="Hoppas på svar",
    )
    placement = PlacementFactory(
        opportunity=application.opportunity,
        school=student.school,
        student=student,
        application=application,
        student_gender="female",
        start_date=date(2026, 3, 2),
        end_date=date(2026, 4, 10),
    )
    thread = Thread.objects.create(application=application, subject="Om min ansökan")
    Message.objects.create(thread=thread, author=student.user, body="Hej, när börjar jag?")
    Notification.objects.create(recipient=student.user, kind="message", payload={"thread": 1})
    return {"application": application, "placement": placement, "thread": thread}
