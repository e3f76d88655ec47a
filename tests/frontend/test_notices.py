"""Notices say what happened (the new status) and lead to the page concerned, in the app and in
the e-mail; an organisation's administrators hear that someone waits for approval."""

import pytest
from django.core import mail
from django.utils.html import escape

from backend.accounts import services as account_services
from backend.accounts.actor import actor_for
from backend.accounts.models import User
from backend.notifications.models import Notification
from matching import services as matching_services
from tests.backend.accounts.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def offered(world, django_capture_on_commit_callbacks):
    application = matching_services.application_submit(
        actor=actor_for(world.student), opportunity=world.opportunity, motivation="Gärna"
    )
    matching_services.application_act(
        application=application, action="review", actor=actor_for(world.member)
    )
    with django_capture_on_commit_callbacks(execute=True):
        matching_services.application_act(
            application=application, action="offer", actor=actor_for(world.member)
        )
    return application


def test_the_notice_says_the_new_status_and_opens_the_application(login, world, offered):
    client = login(world.student)
    html = client.get("/notifications/").content.decode()
    assert f"You are offered a place: &quot;{world.opportunity.title}&quot;" in html
    notice = Notification.objects.filter(recipient=world.student).latest("pk")
    response = client.post("/notifications/read/", {"id": notice.pk})
    assert response["Location"] == f"/applications/{offered.pk}/"


def test_the_email_links_to_the_page_concerned(world, offered, settings):
    sent = [m for m in mail.outbox if world.student.email in m.to]
    assert f"{settings.SITE_URL}/applications/{offered.pk}/" in sent[-1].body


def test_a_placement_notice_names_school_count_and_the_agreement_asked(login, world):
    from matching.models import Match, Placement

    match = Match.objects.get(request=world.request, opportunity=world.opportunity)
    login(world.counsellor).post(f"/school/matches/{match.pk}/confirm/", {"students_count": "2"})
    placement = Placement.objects.get()
    html = login(world.member).get("/notifications/").content.decode()
    school = world.request.school.organisation.name
    assert escape(f"is confirmed for 2 students from {school}") in html
    assert "is asked to agree to it" in html
    notice = Notification.objects.filter(recipient=world.member).latest("pk")
    response = login(world.member).post("/notifications/read/", {"id": notice.pk})
    assert response["Location"] == f"/placements/{placement.pk}/"


def test_an_admin_hears_that_someone_waits_for_approval(login, world):
    organisation = world.opportunity.company.organisation
    newcomer = UserFactory(role=User.Role.COMPANY_MEMBER, first_name="Nils", last_name="Nyman")
    account_services.membership_request(actor=actor_for(newcomer), organisation=organisation)
    notice = Notification.objects.get(
        recipient=world.member, kind=Notification.Kind.MEMBERSHIP_PENDING
    )
    html = login(world.member).get("/notifications/").content.decode()
    assert escape(f"Nils Nyman asks to act for {organisation.name}") in html
    response = login(world.member).post("/notifications/read/", {"id": notice.pk})
    assert response["Location"] == f"/account/organisations/{organisation.pk}/members/"


def test_a_student_joining_a_school_does_not_notify_its_admins(world, make_member):
    from tests.schools.factories import SchoolFactory

    school = SchoolFactory()
    make_member(User.Role.COUNSELLOR, school.organisation, is_admin=True)
    pupil = UserFactory(role=User.Role.STUDENT)
    account_services.membership_request(actor=actor_for(pupil), organisation=school.organisation)
    assert not Notification.objects.filter(kind=Notification.Kind.MEMBERSHIP_PENDING).exists()
