"""Conversations: a counsellor writes to a company from a match, the company answers."""

import pytest

from backend.audit.models import AuditEntry
from matching.models import Match, Message, Thread
from tests.matching.factories import ApplicationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]


def test_a_counsellor_writes_from_a_match_and_the_company_answers(login, world):
    match = Match.objects.get(request=world.request, opportunity=world.opportunity)
    response = login(world.counsellor).post(
        f"/matches/{match.pk}/write/", {"subject": "APL v. 10", "body": "Har ni plats för fyra?"}
    )
    thread = Thread.objects.get()
    assert response["Location"] == f"/threads/{thread.pk}/"
    company = login(world.member)
    assert "APL v. 10" in company.get("/threads/").content.decode()
    company.post(f"/threads/{thread.pk}/", {"body": "Ja, gärna!"})
    assert list(Message.objects.values_list("body", flat=True)) == [
        "Har ni plats för fyra?",
        "Ja, gärna!",
    ]


def test_an_empty_message_is_refused_next_to_the_field(login, world):
    match = Match.objects.get(request=world.request, opportunity=world.opportunity)
    response = login(world.counsellor).post(f"/matches/{match.pk}/write/", {"body": ""})
    assert response.status_code == 400
    assert 'id="id_body_errors"' in response.content.decode()


def test_others_cannot_read_the_thread(login, world):
    match = Match.objects.get(request=world.request, opportunity=world.opportunity)
    login(world.counsellor).post(f"/matches/{match.pk}/write/", {"body": "Hej"})
    thread = Thread.objects.get()
    assert login(world.student).get(f"/threads/{thread.pk}/").status_code == 404
    assert (
        login(world.student).post(f"/matches/{match.pk}/write/", {"body": "x"}).status_code == 403
    )


def test_reading_an_application_thread_page_is_a_logged_read_of_the_pupil(login, world):
    application = ApplicationFactory(
        student=world.student.student_profile, opportunity=world.opportunity
    )
    login(world.student).post(
        f"/applications/{application.pk}/write/", {"subject": "", "body": "Hej!"}
    )
    thread = Thread.objects.get()
    AuditEntry.objects.all().delete()

    assert login(world.member).get(f"/threads/{thread.pk}/").status_code == 200

    entry = AuditEntry.objects.get(action=AuditEntry.Action.STUDENT_READ)
    assert (entry.actor, entry.target_id, entry.detail) == (
        world.member,
        str(application.student_id),
        "thread",
    )
