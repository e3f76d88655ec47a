"""Completing, cancelling and naming the pupil of a placement on its page."""

import pytest

from backend.accounts.actor import actor_for
from backend.accounts.models import User
from matching.models import Placement
from tests.agreements.factories import NamedPlacementFactory
from tests.matching.factories import PlacementFactory
from tests.schools.factories import StudentProfileFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def placement():
    return NamedPlacementFactory()  # started in 2026-03, so it may be completed


@pytest.fixture
def counsellor(make_member, placement):
    return make_member(User.Role.COUNSELLOR, placement.school.organisation)


def test_the_page_offers_complete_and_cancel_as_links_to_a_confirmation(
    login, counsellor, placement
):
    html = login(counsellor).get(f"/placements/{placement.pk}/").content.decode()
    assert f'href="/placements/{placement.pk}/complete/"' in html
    assert f'href="/placements/{placement.pk}/cancel/"' in html


def test_complete_asks_then_completes(login, counsellor, placement):
    client = login(counsellor)
    page = client.get(f"/placements/{placement.pk}/complete/")
    assert "cannot be undone" in page.content.decode()
    placement.refresh_from_db()
    assert placement.status == Placement.Status.CONFIRMED
    response = client.post(f"/placements/{placement.pk}/complete/")
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == Placement.Status.COMPLETED


def test_cancel_needs_a_reason_next_to_the_field(login, counsellor, placement):
    client = login(counsellor)
    response = client.post(f"/placements/{placement.pk}/cancel/", {"reason": ""})
    assert response.status_code == 400
    assert 'id="id_reason_errors"' in response.content.decode()
    client.post(f"/placements/{placement.pk}/cancel/", {"reason": "Företaget har stängt."})
    placement.refresh_from_db()
    assert placement.status == Placement.Status.CANCELLED
    assert "Företaget har stängt." in client.get(f"/placements/{placement.pk}/").content.decode()


def test_the_student_may_not_complete(login, placement):
    client = login(placement.student.user)
    assert client.get(f"/placements/{placement.pk}/complete/").status_code == 403
    assert client.post(f"/placements/{placement.pk}/complete/").status_code == 403


def test_a_completed_placement_says_so_instead_of_asking(login, counsellor, placement):
    client = login(counsellor)
    client.post(f"/placements/{placement.pk}/complete/")
    response = client.get(f"/placements/{placement.pk}/cancel/", follow=True)
    assert "no longer confirmed" in response.content.decode()


def test_name_the_pupil_of_an_unnamed_gla_placement(login, make_member):
    unnamed = NamedPlacementFactory(apprenticeship=True, student=None, students_count=3)
    counsellor = make_member(User.Role.COUNSELLOR, unnamed.school.organisation)
    pupil = StudentProfileFactory(school=unnamed.school, user__first_name="Ida")
    client = login(counsellor)
    detail = client.get(f"/placements/{unnamed.pk}/").content.decode()
    assert "name the student" in detail
    assert f'href="/placements/{unnamed.pk}/name-student/"' in detail
    response = client.post(f"/placements/{unnamed.pk}/name-student/", {"student": pupil.pk})
    named = Placement.objects.get(student=pupil)
    assert response["Location"] == f"/placements/{named.pk}/"
    unnamed.refresh_from_db()
    assert (unnamed.students_count, named.students_count) == (2, 1)
    assert named.opportunity_id == unnamed.opportunity_id
    assert "name the student" not in client.get(f"/placements/{named.pk}/").content.decode()


def test_naming_a_pupil_twice_shows_the_error_next_to_the_field(login, make_member):
    unnamed = PlacementFactory(students_count=2)
    counsellor = make_member(User.Role.COUNSELLOR, unnamed.school.organisation)
    pupil = StudentProfileFactory(school=unnamed.school)
    client = login(counsellor)
    client.post(f"/placements/{unnamed.pk}/name-student/", {"student": pupil.pk})
    response = client.post(f"/placements/{unnamed.pk}/name-student/", {"student": pupil.pk})
    assert response.status_code == 400
    assert "already has a placement" in response.content.decode()
    assert 'id="id_student_errors"' in response.content.decode()


def test_only_the_school_names_pupils(login, make_member):
    unnamed = PlacementFactory(students_count=2)
    member = make_member(User.Role.COMPANY_MEMBER, unnamed.opportunity.company.organisation)
    assert login(member).get(f"/placements/{unnamed.pk}/name-student/").status_code == 403


def test_a_placement_the_school_confirmed_asks_the_company_to_agree(login, world):
    from backend.notifications.models import Notification
    from matching.models import Match

    match = Match.objects.get(request=world.request, opportunity=world.opportunity)
    login(world.counsellor).post(f"/school/matches/{match.pk}/confirm/", {"students_count": "2"})
    placement = Placement.objects.get()
    assert placement.company_agreed_at is None
    company = login(world.member)
    assert f"/placements/{placement.pk}/" in company.get("/dashboard/").content.decode()
    detail = company.get(f"/placements/{placement.pk}/").content.decode()
    assert "Do you agree to it?" in detail
    company.post(f"/placements/{placement.pk}/agree/")
    placement.refresh_from_db()
    assert placement.company_agreed_by == world.member
    told = Notification.objects.filter(
        recipient=world.counsellor, kind=Notification.Kind.PLACEMENT_CHANGED
    )
    assert told.get().payload["company_agreed"] is True
    assert "Do you agree" not in company.get(f"/placements/{placement.pk}/").content.decode()


def test_the_school_cannot_agree_for_the_company(login, world):
    from matching.models import Match

    match = Match.objects.get(request=world.request, opportunity=world.opportunity)
    client = login(world.counsellor)
    client.post(f"/school/matches/{match.pk}/confirm/", {"students_count": "1"})
    placement = Placement.objects.get()
    assert client.post(f"/placements/{placement.pk}/agree/").status_code == 403


def test_an_accepted_offer_needs_no_further_agreement(world):
    from matching import services

    application = services.application_submit(
        actor=actor_for(world.student), opportunity=world.opportunity, motivation="Gärna"
    )
    for action, by in (
        ("review", world.member),
        ("offer", world.member),
        ("accept", world.student),
    ):
        services.application_act(application=application, action=action, actor=actor_for(by))
    assert Placement.objects.get().company_agreed_at is not None
