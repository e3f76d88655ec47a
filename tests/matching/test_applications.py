"""Applying, and moving an application through its statuses: who may do what, when, and what
everyone sees and is told."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backend.accounts.actor import actor_for
from backend.accounts.models import Membership
from backend.notifications.models import Notification
from matching import services
from matching.models import Application, Placement
from tests.matching.factories import ApplicationFactory, open_opportunity
from tests.schools.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/applications/"
MOTIVATION = "Jag vill bygga laddstationer."


@pytest.fixture
def offer(company):
    return open_opportunity(company=company, title="APL: laddinfrastruktur")


@pytest.fixture
def application(offer, people):
    return services.application_submit(
        actor=actor_for(people["student"]), opportunity=offer, motivation="Hej"
    )


def _apply(client, opportunity, **data):
    return client.post(URL, {"opportunity": opportunity.pk, "motivation": MOTIVATION, **data})


def _act(client, application, action, **data):
    return client.post(f"{URL}{application.pk}/{action}/", data, format="json")


def _kinds(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# --- applying --------------------------------------------------------------------------------


def test_a_student_applies_and_the_company_hears_of_it(client_as, people, offer):
    response = _apply(client_as("student"), offer)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted"
    assert body["motivation"] == MOTIVATION
    assert body["cv"] is None
    assert [e["to_status"] for e in body["events"]] == ["submitted"]
    assert body["allowed_actions"] == ["withdraw"]
    assert _kinds(people["member"]) == ["application_received"]
    assert _kinds(people["other_member"]) == []
    payload = Notification.objects.get(recipient=people["member"]).payload
    assert payload["opportunity_title"] == "APL: laddinfrastruktur"
    assert "email" not in str(payload)


def test_a_student_applies_once(client_as, offer):
    client = client_as("student")
    assert _apply(client, offer).status_code == 201

    again = _apply(client, offer)

    assert again.status_code == 400
    assert again.json() == {"opportunity": ["You have already applied to this opportunity."]}
    assert Application.objects.count() == 1


def test_a_minor_cannot_apply_where_18_is_required(client_as, people, company):
    adults_only = open_opportunity(company=company, min_age_18=True)

    response = _apply(client_as("student"), adults_only)

    assert response.status_code == 400
    [message] = response.json()["opportunity"]
    assert message.startswith("This opportunity is for people who are 18 or older on its first")


def test_an_adult_applies_where_18_is_required(client_for, school, company):
    adult = StudentProfileFactory(school=school, birth_date=date(2000, 5, 1))
    adults_only = open_opportunity(company=company, min_age_18=True)

    assert _apply(client_for(adult.user), adults_only).status_code == 201


def test_without_a_birth_date_the_student_is_asked_for_it(client_for, school, company):
    unknown = StudentProfileFactory(school=school, birth_date=None)
    adults_only = open_opportunity(company=company, min_age_18=True)

    response = _apply(client_for(unknown.user), adults_only)

    assert response.status_code == 400
    assert "add your birth date" in response.json()["opportunity"][0]


def test_no_application_after_the_deadline(client_as, company):
    late = open_opportunity(
        company=company, application_deadline=timezone.localdate() - timedelta(days=1)
    )

    response = _apply(client_as("student"), late)

    assert response.status_code == 400
    assert response.json()["opportunity"][0].startswith("The deadline for applications was")


def test_no_application_when_every_place_is_taken(client_as, company):
    full = open_opportunity(company=company, places=2, places_taken=2)

    response = _apply(client_as("student"), full)

    assert response.status_code == 400
    assert response.json() == {"opportunity": ["Every place of this opportunity is taken."]}


@pytest.mark.parametrize("trait", ["draft", "hidden", "closed"])
def test_only_public_opportunities_take_applications(client_as, company, trait):
    not_public = open_opportunity(company=company, **{trait: True})

    response = _apply(client_as("student"), not_public)

    assert response.status_code == 400
    assert "opportunity" in response.json()


@pytest.mark.parametrize(
    ("role", "expected"),
    [("counsellor", 403), ("member", 403), ("chamber", 403), ("anonymous", 401)],
)
def test_only_students_apply(client_as, offer, role, expected):
    assert _apply(client_as(role), offer).status_code == expected


def test_a_student_waits_for_the_school_to_approve_them(client_for, school, offer):
    pending = StudentProfileFactory(school=school, membership=Membership.Status.PENDING)

    response = _apply(client_for(pending.user), offer)

    assert response.status_code == 400
    assert "has not approved you" in response.json()["non_field_errors"][0]


# --- who sees what ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("student", True),
        ("other_student", False),
        ("counsellor", True),
        ("other_counsellor", False),
        ("member", True),
        ("other_member", False),
        ("chamber", False),
    ],
)
def test_who_sees_an_application(client_as, application, role, sees):
    client = client_as(role)

    listed = client.get(URL).json()
    detail = client.get(f"{URL}{application.pk}/")

    assert [a["id"] for a in listed["results"]] == ([application.pk] if sees else [])
    assert detail.status_code == (200 if sees else 404)


def test_anonymous_gets_401(client_as, application):
    client = client_as("anonymous")
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}{application.pk}/").status_code == 401


def test_the_company_sees_the_applicant_but_never_a_birth_date(client_as, application, people):
    body = client_as("member").get(f"{URL}{application.pk}/").json()

    student = people["student"]
    assert body["student"]["name"] == student.get_full_name()
    assert body["student"]["email"] == student.email
    assert body["student"]["programme"] == "EE"
    assert body["student"]["year"] == 2
    assert body["student"]["under_18"] is True
    assert "birth" not in str(body)
    assert body["allowed_actions"] == ["review", "interview", "offer", "reject"]


def test_a_counsellor_reads_but_decides_nothing(client_as, application):
    client = client_as("counsellor")

    body = client.get(f"{URL}{application.pk}/").json()

    assert body["allowed_actions"] == []
    assert _act(client, application, "review").status_code == 403


def test_filters_by_status_and_opportunity(client_as, application, company, people):
    other = open_opportunity(company=company)
    second = services.application_submit(
        actor=actor_for(people["student"]), opportunity=other, motivation="x"
    )
    services.application_act(application=second, action="review", actor=actor_for(people["member"]))
    client = client_as("member")

    def ids(query):
        return [a["id"] for a in client.get(URL, query).json()["results"]]

    assert ids({"status": "in_review"}) == [second.pk]
    assert ids({"status": ["submitted", "in_review"]}) == [second.pk, application.pk]
    assert ids({"opportunity": application.opportunity_id}) == [application.pk]
    assert client.get(URL, {"status": "maybe"}).status_code == 400


# --- moving on -------------------------------------------------------------------------------


def test_from_submitted_to_accepted_with_its_history(client_as, application, offer, people):
    member, student = client_as("member"), client_as("student")

    assert _act(member, application, "review").json()["status"] == "in_review"
    assert _act(member, application, "interview", note="Tisdag 10:00").status_code == 200
    assert _act(member, application, "offer").json()["allowed_actions"] == ["reject"]
    accepted = _act(student, application, "accept")

    assert accepted.status_code == 200, accepted.content
    body = accepted.json()
    assert body["status"] == "accepted"
    history = [(e["from_status"], e["to_status"], e["by"]) for e in body["events"]]
    assert history == [
        ("", "submitted", people["student"].get_full_name()),
        ("submitted", "in_review", people["member"].get_full_name()),
        ("in_review", "interview", people["member"].get_full_name()),
        ("interview", "offered", people["member"].get_full_name()),
        ("offered", "accepted", people["student"].get_full_name()),
    ]
    assert body["events"][2]["note"] == "Tisdag 10:00"
    placement = Placement.objects.get(application=application)
    assert body["placement"] == placement.pk
    assert (placement.student_id, placement.students_count) == (people["student"].pk, 1)
    assert (placement.start_date, placement.end_date) == (offer.period_start, offer.period_end)
    offer.refresh_from_db()
    assert offer.places_taken == 1
    assert _kinds(people["student"]).count("application_status") == 3
    assert "application_status" in _kinds(people["member"])
    assert "placement_confirmed" in _kinds(people["counsellor"])


@pytest.mark.parametrize(
    ("status", "role", "action", "allowed"),
    [
        ("submitted", "student", "accept", ["withdraw"]),
        ("submitted", "student", "decline", ["withdraw"]),
        ("in_review", "member", "review", ["interview", "offer", "reject"]),
        ("offered", "member", "offer", ["reject"]),
        ("accepted", "member", "reject", []),
        ("withdrawn", "student", "withdraw", []),
        ("rejected", "member", "offer", []),
    ],
)
def test_an_illegal_transition_names_what_is_allowed(
    client_as, application, status, role, action, allowed
):
    Application.objects.filter(pk=application.pk).update(status=status)

    response = _act(client_as(role), application, action)

    assert response.status_code == 400
    assert response.json()["allowed_actions"] == allowed
    assert "cannot be" in response.json()["detail"]


@pytest.mark.parametrize(
    ("role", "action", "expected"),
    [
        ("student", "offer", 403),
        ("student", "review", 403),
        ("member", "withdraw", 403),
        ("member", "accept", 403),
        ("other_member", "review", 404),
        ("other_student", "withdraw", 404),
        ("chamber", "reject", 404),
        ("anonymous", "review", 401),
    ],
)
def test_each_side_takes_its_own_actions(client_as, application, role, action, expected):
    assert _act(client_as(role), application, action).status_code == expected
    application.refresh_from_db()
    assert application.status == "submitted"


@pytest.mark.parametrize("status", ["submitted", "in_review", "interview", "offered"])
def test_a_student_withdraws_from_any_open_status(client_as, application, people, status):
    Application.objects.filter(pk=application.pk).update(status=status)

    response = _act(client_as("student"), application, "withdraw")

    assert response.json()["status"] == "withdrawn"
    assert "application_status" in _kinds(people["member"])


def test_the_student_declines_and_the_company_is_told(client_as, application, people):
    services.application_act(
        application=application, action="offer", actor=actor_for(people["member"])
    )

    assert _act(client_as("student"), application, "decline").json()["status"] == "declined"
    assert _kinds(people["member"]).count("application_status") == 1
    assert not Placement.objects.exists()


def test_an_acceptance_without_a_free_place_is_a_conflict(client_as, application, people, offer):
    services.application_act(
        application=application, action="offer", actor=actor_for(people["member"])
    )
    type(offer).objects.filter(pk=offer.pk).update(places_taken=offer.places)

    response = _act(client_as("student"), application, "accept")

    assert response.status_code == 409
    assert response.json() == {"detail": "Every place of this opportunity is taken."}
    application.refresh_from_db()
    assert application.status == "offered"
    assert not Placement.objects.exists()


def test_no_offer_once_every_place_is_taken(client_as, application, offer):
    type(offer).objects.filter(pk=offer.pk).update(places_taken=offer.places)

    assert _act(client_as("member"), application, "offer").status_code == 409


def test_a_suspended_company_decides_nothing(client_as, application, company):
    company.organisation.suspended = True
    company.organisation.save()

    # Its members still read their applications, but may not act for the company.
    assert client_as("member").get(f"{URL}{application.pk}/").status_code == 200
    assert _act(client_as("member"), application, "review").status_code == 403


def test_the_list_costs_the_same_for_one_or_many(client_as, company, school, people):
    opportunity = open_opportunity(company=company, places=20)
    client = client_as("member")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    ApplicationFactory(opportunity=opportunity, student__school=school)
    queries()  # the user's memberships are read once, then cached on the user
    one = queries()
    for _ in range(5):
        ApplicationFactory(opportunity=opportunity, student__school=school)
    assert queries() == one
