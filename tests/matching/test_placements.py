"""Confirming placements (for a request, for the school, from a proposal), completing and
cancelling them: places taken and returned, statuses, who may, and who is told."""

from datetime import timedelta

import pytest
from django.utils import timezone

from backend.accounts.actor import actor_for
from backend.notifications.models import Notification
from matching import services
from matching.models import AllocationRound, Placement, Proposal
from tests.matching.factories import PlacementFactory, open_opportunity
from tests.schools.factories import PlacementRequestFactory, StudentProfileFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/placements/"


@pytest.fixture
def offer(company):
    return open_opportunity(company=company, title="APL: laddinfrastruktur", places=5)


@pytest.fixture
def request_(school, offer):
    return PlacementRequestFactory(
        school=school,
        places_needed=4,
        period_start=offer.period_start - timedelta(days=7),
        period_end=offer.period_end - timedelta(days=7),
    )


def _confirm(client, opportunity, **data):
    return client.post(f"{URL}confirm/", {"opportunity": opportunity.pk, **data}, format="json")


def _fresh(*objects):
    for obj in objects:
        obj.refresh_from_db()


def test_a_counsellor_confirms_places_for_a_request(client_as, people, offer, request_):
    response = _confirm(client_as("counsellor"), offer, request=request_.pk, students_count=3)

    assert response.status_code == 201, response.content
    [body] = response.json()
    assert body["students_count"] == 3
    assert body["student"] is None
    assert body["request"] == request_.pk
    # The dates are where the opportunity's period and the request's overlap.
    assert body["start_date"] == offer.period_start.isoformat()
    assert body["end_date"] == request_.period_end.isoformat()
    assert body["allowed_actions"] == ["cancel"]
    _fresh(offer, request_)
    assert offer.places_taken == 3
    assert (request_.places_filled, request_.status) == (3, "partially_filled")
    for party in ("counsellor", "member"):
        assert Notification.objects.filter(
            recipient=people[party], kind="placement_confirmed"
        ).exists()
    assert not Notification.objects.filter(recipient=people["other_member"]).exists()


def test_the_last_places_fill_the_request_and_the_opportunity(client_as, offer, request_):
    client = client_as("counsellor")
    _confirm(client, offer, request=request_.pk, students_count=3)
    _confirm(client, offer, request=request_.pk, students_count=1)
    _confirm(client, offer, students_count=1)

    _fresh(offer, request_)
    assert request_.status == "filled"
    assert offer.places_left == 0
    assert offer.display_status == "filled"
    public = client.get(f"/api/v1/opportunities/{offer.pk}/").json()
    assert public["places_taken"] == 5


def test_the_reports_keep_the_company_as_it_was_when_confirmed(client_as, company, offer, request_):
    company.sector_id, company.is_chamber_member = "C", True
    company.save()
    _confirm(client_as("counsellor"), offer, request=request_.pk, students_count=2)
    company.sector_id, company.is_chamber_member = "G", False
    company.save()

    response = client_as("chamber").get(
        "/api/v1/reports/placements/", {"group_by": "sector,chamber_member", "region": "sweden"}
    )

    assert response.status_code == 200, response.content
    assert response.json()["groups"] == [{"sector": "C", "chamber_member": True, "count": 2}]


def test_more_than_the_places_left_is_a_conflict_that_changes_nothing(client_as, offer, request_):
    client = client_as("counsellor")
    _confirm(client, offer, students_count=3)

    response = _confirm(client, offer, request=request_.pk, students_count=3)

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Only 2 of this opportunity's places are left; you asked for 3."
    }
    _fresh(offer, request_)
    assert (offer.places_taken, request_.places_filled) == (3, 0)
    assert Placement.objects.count() == 1


def test_more_than_the_request_needs_is_a_conflict(client_as, offer, request_):
    response = _confirm(client_as("counsellor"), offer, request=request_.pk, students_count=5)

    assert response.status_code == 409
    assert "only 4 places open" in response.json()["detail"]
    _fresh(offer)
    assert offer.places_taken == 0


def test_named_students_get_a_placement_each(client_as, people, school, offer, student_profile):
    classmate = StudentProfileFactory(school=school, gender="female")

    response = _confirm(client_as("counsellor"), offer, students=[student_profile.pk, classmate.pk])

    assert response.status_code == 201, response.content
    placements = response.json()
    assert [p["students_count"] for p in placements] == [1, 1]
    assert {p["student"]["id"] for p in placements} == {student_profile.pk, classmate.pk}
    assert Placement.objects.get(student=classmate).student_gender == "female"
    assert Notification.objects.filter(
        recipient=people["student"], kind="placement_confirmed"
    ).exists()
    # The student sees their own placement, not the classmate's.
    mine = client_as("student").get(URL).json()["results"]
    assert [p["student"]["id"] for p in mine] == [student_profile.pk]


def test_students_of_another_school_cannot_be_named(client_as, offer, other_school):
    stranger = StudentProfileFactory(school=other_school)

    response = _confirm(client_as("counsellor"), offer, students=[stranger.pk])

    assert response.status_code == 400
    assert "students" in response.json()


def test_a_minor_is_not_placed_where_18_is_required(client_as, company, student_profile):
    adults_only = open_opportunity(company=company, min_age_18=True)

    response = _confirm(client_as("counsellor"), adults_only, students=[student_profile.pk])

    assert response.status_code == 400
    [message] = response.json()["students"]
    assert message.startswith(f"{student_profile}: This opportunity is for people who are 18 or")


def test_a_closed_opportunity_takes_no_placements(client_as, company):
    closed = open_opportunity(company=company, closed=True)

    response = _confirm(client_as("counsellor"), closed, students_count=1)

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("member", 403),
        ("other_counsellor", 403),
        ("student", 403),
        ("chamber", 403),
        ("anonymous", 401),
    ],
)
def test_who_may_not_confirm_for_a_school(client_as, offer, request_, role, expected):
    response = _confirm(client_as(role), offer, request=request_.pk, students_count=1)

    assert response.status_code == expected
    assert not Placement.objects.exists()


def test_a_company_is_told_how_it_confirms(client_as, offer):
    response = _confirm(client_as("member"), offer, students_count=1)

    assert response.status_code == 403
    assert "confirming a round's proposal" in response.json()["detail"]


@pytest.fixture
def proposal(offer, request_):
    pairing = AllocationRound.objects.create(kind="pairing")
    return Proposal.objects.create(
        round=pairing, request=request_, opportunity=offer, places=2, score=0.8
    )


@pytest.mark.parametrize("role", ["counsellor", "member"])
def test_a_confirmed_proposal_becomes_a_placement(client_as, proposal, offer, request_, role):
    response = client_as(role).post(f"/api/v1/proposals/{proposal.pk}/confirm/")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed"
    placement = Placement.objects.get(proposal=proposal)
    assert (placement.request_id, placement.students_count) == (request_.pk, 2)
    _fresh(offer, request_)
    assert (offer.places_taken, request_.places_filled) == (2, 2)
    again = client_as(role).post(f"/api/v1/proposals/{proposal.pk}/confirm/")
    assert again.status_code == 400


def test_a_proposal_without_places_left_stays_undecided(client_as, proposal, offer):
    type(offer).objects.filter(pk=offer.pk).update(places_taken=4)

    response = client_as("counsellor").post(f"/api/v1/proposals/{proposal.pk}/confirm/")

    assert response.status_code == 409
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_a_counsellor_confirms_fewer_than_proposed(client_as, proposal, offer):
    response = _confirm(client_as("counsellor"), offer, proposal=proposal.pk, students_count=1)

    assert response.status_code == 201
    assert response.json()[0]["students_count"] == 1
    proposal.refresh_from_db()
    assert proposal.status == "confirmed"


# --- completing and cancelling ---------------------------------------------------------------


@pytest.fixture
def confirmed(people, offer, request_):
    [placement] = services.placement_confirm(
        actor=actor_for(people["counsellor"]), opportunity=offer, request=request_, students_count=4
    )
    return placement


def test_cancelling_returns_the_places(client_as, people, confirmed, offer, request_):
    _fresh(request_)
    assert request_.status == "filled"

    response = client_as("member").post(
        f"{URL}{confirmed.pk}/cancel/", {"reason": "Handledaren slutar."}, format="json"
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["cancel_reason"]) == ("cancelled", "Handledaren slutar.")
    assert body["allowed_actions"] == []
    _fresh(offer, request_)
    assert (offer.places_taken, request_.places_filled, request_.status) == (0, 0, "open")
    assert Notification.objects.filter(
        recipient=people["counsellor"], kind="placement_changed"
    ).exists()


def test_a_cancellation_needs_a_reason_and_happens_once(client_as, confirmed):
    client = client_as("counsellor")
    assert client.post(f"{URL}{confirmed.pk}/cancel/", {"reason": ""}).status_code == 400

    assert client.post(f"{URL}{confirmed.pk}/cancel/", {"reason": "Sjuk"}).status_code == 200
    again = client.post(f"{URL}{confirmed.pk}/cancel/", {"reason": "Sjuk"})

    assert again.status_code == 400
    assert again.json() == {"detail": "This placement is already cancelled.", "allowed_actions": []}


def test_a_placement_is_completed_once_it_has_started(client_as, confirmed, offer):
    client = client_as("counsellor")
    early = client.post(f"{URL}{confirmed.pk}/complete/")
    assert early.status_code == 400
    assert early.json()["allowed_actions"] == ["cancel"]

    Placement.objects.filter(pk=confirmed.pk).update(
        start_date=timezone.localdate() - timedelta(days=30)
    )
    done = client.post(f"{URL}{confirmed.pk}/complete/")

    assert done.status_code == 200
    assert done.json()["status"] == "completed"
    _fresh(offer)
    assert offer.places_taken == 4  # the places were used
    assert client.post(f"{URL}{confirmed.pk}/cancel/", {"reason": "x"}).status_code == 400


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("counsellor", 200),
        ("member", 200),
        ("student", 404),
        ("other_counsellor", 404),
        ("other_member", 404),
        ("chamber", 404),
        ("anonymous", 401),
    ],
)
def test_who_cancels(client_as, confirmed, role, expected):
    response = client_as(role).post(f"{URL}{confirmed.pk}/cancel/", {"reason": "Ändrade planer"})

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("counsellor", True),
        ("member", True),
        ("student", False),
        ("other_counsellor", False),
        ("other_member", False),
        ("chamber", False),
    ],
)
def test_who_sees_a_placement(client_as, confirmed, role, sees):
    client = client_as(role)

    listed = [p["id"] for p in client.get(URL).json()["results"]]

    assert listed == ([confirmed.pk] if sees else [])
    assert client.get(f"{URL}{confirmed.pk}/").status_code == (200 if sees else 404)


def test_filters_by_status(client_as, confirmed, school, offer):
    cancelled = PlacementFactory(
        opportunity=offer,
        school=school,
        status="cancelled",
        cancelled_at=timezone.now(),
        cancel_reason="x",
    )
    client = client_as("counsellor")

    def ids(query):
        return [p["id"] for p in client.get(URL, query).json()["results"]]

    assert ids({"status": "cancelled"}) == [cancelled.pk]
    assert ids({"status": "confirmed"}) == [confirmed.pk]


HUGE = 10**20  # past any database's integer


def test_an_id_past_any_integer_is_a_field_error(client_as):
    client = client_as("counsellor")

    listed = client.get(URL, {"opportunity": HUGE})
    confirmed = _confirm(client, type("Unsaved", (), {"pk": HUGE}), students_count=1)

    assert (listed.status_code, list(listed.json())) == (400, ["opportunity"])
    assert (confirmed.status_code, list(confirmed.json())) == (400, ["opportunity"])
