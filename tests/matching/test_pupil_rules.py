"""The rules that protect a pupil, through the API and the pages: age on the first day, the
pupil's own level, no two overlapping placements, closed and stale postings."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from backend.notifications.models import Notification
from companies.models import Opportunity
from matching import services
from matching.models import Application, Placement
from tests.matching.factories import open_opportunity
from tests.schools.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db
APPLY = "/api/v1/applications/"


def _apply(client, opportunity):
    return client.post(APPLY, {"opportunity": opportunity.pk, "motivation": "Jag vill lära mig."})


def _act(client, application_id, action):
    return client.post(f"{APPLY}{application_id}/{action}/", {}, format="json")


def _born_turning_18_in(days: int):
    turns = timezone.localdate() + timedelta(days=days)
    return turns.replace(year=turns.year - 18)


def _page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- age on the first day --------------------------------------------------------------------


def test_a_pupil_who_is_18_when_the_placement_starts_may_apply(client_for, school, company):
    pupil = StudentProfileFactory(school=school, birth_date=_born_turning_18_in(20))
    adults_only = open_opportunity(company=company, min_age_18=True)  # starts in 30 days

    response = _apply(client_for(pupil.user), adults_only)

    assert response.status_code == 201, response.content


def test_a_pupil_still_17_on_the_first_day_is_told_the_date(client_for, school, company):
    pupil = StudentProfileFactory(school=school, birth_date=_born_turning_18_in(40))
    adults_only = open_opportunity(company=company, min_age_18=True)

    response = _apply(client_for(pupil.user), adults_only)

    assert response.status_code == 400
    [message] = response.json()["opportunity"]
    assert adults_only.period_start.isoformat() in message


def test_a_counsellor_places_a_pupil_who_is_18_on_the_first_day(client_as, school, company):
    pupil = StudentProfileFactory(school=school, birth_date=_born_turning_18_in(20))
    adults_only = open_opportunity(company=company, min_age_18=True)

    response = client_as("counsellor").post(
        "/api/v1/placements/confirm/",
        {"opportunity": adults_only.pk, "students": [pupil.pk]},
        format="json",
    )

    assert response.status_code == 201, response.content


# --- level -----------------------------------------------------------------------------------


def test_a_gymnasium_pupil_cannot_apply_to_a_university_masters_thesis(client_as, company):
    thesis = open_opportunity(
        company=company, thesis=True, programmes=[], accepts_any_programme=True
    )

    response = _apply(client_as("student"), thesis)

    assert response.status_code == 400
    [message] = response.json()["opportunity"]
    assert "does not fit you" in message
    assert not Application.objects.exists()


# --- overlapping placements ------------------------------------------------------------------


def test_a_pupil_cannot_accept_a_second_overlapping_placement(client_as, people, company):
    first = open_opportunity(company=company)
    second = open_opportunity(company=company, period_start=first.period_start + timedelta(7))
    student, member = client_as("student"), client_as("member")
    ids = [_apply(student, o).json()["id"] for o in (first, second)]
    for pk in ids:
        assert _act(member, pk, "offer").status_code == 200
    assert _act(student, ids[0], "accept").status_code == 200

    second_accept = _act(student, ids[1], "accept")

    assert second_accept.status_code == 400
    [message] = second_accept.json()["opportunity"]
    assert "overlaps" in message
    assert first.title in message
    assert Placement.objects.filter(student__user=people["student"]).count() == 1
    assert Application.objects.get(pk=ids[1]).status == "offered"


def test_a_counsellor_cannot_name_a_pupil_in_two_overlapping_placements(
    client_as, student_profile, company
):
    first = open_opportunity(company=company)
    second = open_opportunity(company=company, period_start=first.period_start + timedelta(7))
    counsellor = client_as("counsellor")
    confirm = "/api/v1/placements/confirm/"
    body = {"students": [student_profile.pk]}
    assert (
        counsellor.post(confirm, {**body, "opportunity": first.pk}, format="json").status_code
        == 201
    )

    again = counsellor.post(confirm, {**body, "opportunity": second.pk}, format="json")

    assert again.status_code == 400
    assert "overlaps" in again.json()["students"][0]


# --- closing ---------------------------------------------------------------------------------


def test_closing_an_opportunity_ends_its_applications_and_tells_the_pupils(
    client_as, people, company
):
    posting = open_opportunity(company=company)
    application_id = _apply(client_as("student"), posting).json()["id"]
    member = client_as("member")
    assert _act(member, application_id, "offer").status_code == 200

    assert member.post(f"/api/v1/opportunities/{posting.pk}/close/").status_code == 200

    application = Application.objects.get(pk=application_id)
    assert application.status == "rejected"
    assert application.events.order_by("-pk").first().note == "The company closed the opportunity."
    told = Notification.objects.filter(recipient=people["student"], kind="application_status")
    assert told.order_by("-pk").first().payload["status"] == "rejected"
    accept = _act(client_as("student"), application_id, "accept")
    assert accept.status_code == 400
    assert not Placement.objects.exists()


def test_applying_to_a_closed_posting_says_it_closed(client_as, company):
    posting = open_opportunity(company=company, closed=True)

    response = _apply(client_as("student"), posting)

    assert response.status_code == 400
    [message] = response.json()["opportunity"]
    assert "closed" in message


def test_an_application_on_a_closed_posting_does_not_move_forward(client_as, company):
    posting = open_opportunity(company=company)
    application_id = _apply(client_as("student"), posting).json()["id"]
    Opportunity.objects.filter(pk=posting.pk).update(status="closed", closed_at=timezone.now())

    offer = _act(client_as("member"), application_id, "offer")

    assert offer.status_code == 400
    assert "closed" in offer.json()["detail"]


# --- stale postings --------------------------------------------------------------------------


def test_a_posting_past_its_deadline_is_not_open(client_as, people, company):
    yesterday = timezone.localdate() - timedelta(days=1)
    stale = open_opportunity(company=company, title="Sen APL", places=5)
    Opportunity.objects.filter(pk=stale.pk).update(application_deadline=yesterday)

    api = _apply(client_as("student"), stale)
    assert api.status_code == 400
    assert "deadline" in api.json()["opportunity"][0]

    pupil = _page_client(people["student"])
    detail = pupil.get(f"/opportunities/{stale.pk}/").content.decode()
    assert f"/opportunities/{stale.pk}/apply/" not in detail
    assert "deadline for applications was" in detail
    apply_page = pupil.get(f"/opportunities/{stale.pk}/apply/")
    assert apply_page.status_code == 400
    assert "motivation" not in apply_page.content.decode().lower()


def test_the_home_page_counts_only_postings_that_take_applications(client, company):
    open_opportunity(company=company, places=3)
    full = open_opportunity(company=company, places=2)
    Opportunity.objects.filter(pk=full.pk).update(places_taken=2)
    stale = open_opportunity(company=company, places=7)
    Opportunity.objects.filter(pk=stale.pk).update(
        application_deadline=timezone.localdate() - timedelta(days=1)
    )

    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "in 1 posting" in html


def test_a_pupil_18_by_the_first_day_is_recommended_an_18_plus_posting(client_for, school, company):
    pupil = StudentProfileFactory(school=school, birth_date=_born_turning_18_in(20))
    later = open_opportunity(company=company, min_age_18=True)  # starts in 30 days
    today = timezone.localdate()
    sooner = open_opportunity(
        company=company,
        min_age_18=True,
        period_start=today + timedelta(days=10),
        period_end=today + timedelta(days=40),
    )
    services.matches_recompute_for_student(student_id=pupil.pk)

    response = client_for(pupil.user).get("/api/v1/students/me/recommendations/")

    ids = {match["opportunity"]["id"] for match in response.json()["results"]}
    assert later.pk in ids
    assert sooner.pk not in ids


def test_the_pupils_link_to_a_closed_posting_still_opens_and_says_it_closed(
    client_as, people, company
):
    posting = open_opportunity(company=company)
    _apply(client_as("student"), posting)
    client_as("member").post(f"/api/v1/opportunities/{posting.pk}/close/")

    page = _page_client(people["student"]).get(f"/opportunities/{posting.pk}/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "This opportunity is closed" in html
    assert f"/opportunities/{posting.pk}/apply/" not in html
