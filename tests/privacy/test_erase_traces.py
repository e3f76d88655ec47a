"""After a pupil erases her account, the threads she wrote in still open for the others, and
nobody's notifications keep her name or her words."""

import pytest
from django.test import Client

from backend.accounts.actor import actor_for
from backend.accounts.models import User
from backend.notifications.models import Notification
from matching.models import Thread
from matching.services.threads import message_post, thread_open_about_application
from tests.matching.factories import ApplicationFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"  # tests/backend/accounts/factories.py


def test_threads_and_notifications_after_erasure(student, make_member, client_for):
    application = ApplicationFactory(student=student)
    member = make_member(User.Role.COMPANY_MEMBER, application.opportunity.company.organisation)
    counsellor = make_member(User.Role.COUNSELLOR, student.school.organisation)
    thread, _created = thread_open_about_application(
        application=application,
        subject="",
        body="Hej, när börjar jag på riktigt?",
        actor=actor_for(student.user),
    )
    message_post(thread=thread, body="Den 2 mars.", actor=actor_for(member))
    told = Notification.objects.get(recipient=member, kind="message")
    assert told.payload["author_name"].startswith("Alva")
    assert "när börjar jag" in told.payload["excerpt"]

    erased = client_for(student.user).post("/api/v1/students/me/erase/", {"password": PASSWORD})
    assert erased.status_code == 200

    for reader in (member, counsellor):
        page = Client()
        page.force_login(reader)
        response = page.get(f"/threads/{thread.pk}/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert "Den 2 mars." in response.content.decode()
        assert "när börjar jag" not in response.content.decode()
        listing = page.get("/threads/", HTTP_ACCEPT_LANGUAGE="en")
        assert listing.status_code == 200
    others = Notification.objects.exclude(recipient_id=student.user_id)
    for notification in others:
        text = str(notification.payload)
        assert "Alva" not in text
        assert "när börjar jag" not in text
    assert Thread.objects.filter(pk=thread.pk).exists()
