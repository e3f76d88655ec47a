"""Who creates, sees, runs and ranks in which allocation round, and who decides a proposal.

Chamber staff see every round's summary but never a student: not a stable round's proposals,
nor a student's proposal."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.accounts.actor import actor_for
from matching import services
from matching.models import AllocationRound, Proposal
from tests.matching.conftest import ROLES
from tests.schools.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/allocation-rounds/"


def _expect(**codes):
    """Every role's status code: 403 unless named, anonymous 401."""
    return [(role, codes.get(role, 403)) for role in ROLES if role != "anonymous"] + [
        ("anonymous", 401)
    ]


@pytest.fixture
def stable_round(opportunity, student_profile, people):
    services.matches_recompute_all()
    return services.allocation_round_create(actor=actor_for(people["counsellor"]), kind="stable")


@pytest.fixture
def pairing_round(people):
    return services.allocation_round_create(actor=actor_for(people["chamber"]), kind="pairing")


@pytest.fixture
def stable_proposal(stable_round, opportunity, student_profile, people):
    services.allocation_round_set_choices(
        actor=actor_for(people["student"]),
        allocation_round=stable_round,
        choices=[(opportunity.pk, 1)],
    )
    services.allocation_round_run(round_id=stable_round.pk)
    return Proposal.objects.get(round=stable_round)


@pytest.fixture
def pairing_proposal(pairing_round, opportunity, placement_request):
    services.matches_recompute_all()
    services.allocation_round_run(round_id=pairing_round.pk)
    return Proposal.objects.get(round=pairing_round)


@pytest.mark.parametrize(
    ("role", "kind", "expected"),
    [
        *[(role, "stable", code) for role, code in _expect(counsellor=201, other_counsellor=201)],
        *[(role, "pairing", code) for role, code in _expect(chamber=201)],
        ("chamber", "stable", 403),
    ],
)
def test_who_creates_a_round(client_as, people, role, kind, expected):
    response = client_as(role).post(URL, {"kind": kind}, format="json")
    assert response.status_code == expected, response.content


def test_a_counsellor_creates_a_round_for_their_own_school_only(client_as, school, other_school):
    client = client_as("counsellor")
    assert client.post(URL, {"kind": "stable", "school": school.pk}).json()["school"] == school.pk
    other = client.post(URL, {"kind": "stable", "school": other_school.pk})
    assert other.status_code == 403


def test_a_pairing_round_takes_a_county_of_the_region(client_as):
    client = client_as("chamber")
    created = client.post(URL, {"kind": "pairing", "county_code": "19"}, format="json")
    assert created.status_code == 201
    assert created.json()["county_code"] == "19"
    outside = client.post(URL, {"kind": "pairing", "county_code": "01"}, format="json")
    assert outside.status_code == 400
    assert outside.json() == {"county_code": ["Not a county of the region."]}


@pytest.mark.parametrize(
    ("role", "expected"),
    _expect(student=200, counsellor=200, chamber=200, other_student=404, other_counsellor=404,
            member=404, other_member=404),
)  # fmt: skip
def test_who_sees_a_stable_round(client_as, stable_round, role, expected):
    response = client_as(role).get(f"{URL}{stable_round.pk}/")
    assert response.status_code == expected
    listed = client_as(role).get(URL)
    if role != "anonymous":
        ids = [r["id"] for r in listed.json()["results"]]
        assert ids == ([stable_round.pk] if expected == 200 else [])


@pytest.mark.parametrize(
    ("role", "expected"),
    _expect(counsellor=202, chamber=403, student=403, other_student=404, other_counsellor=404,
            member=404, other_member=404),
)  # fmt: skip
def test_who_runs_a_stable_round(client_as, stable_round, opportunity, people, role, expected):
    services.allocation_round_set_choices(
        actor=actor_for(people["student"]),
        allocation_round=stable_round,
        choices=[(opportunity.pk, 1)],
    )
    response = client_as(role).post(f"{URL}{stable_round.pk}/run/")
    assert response.status_code == expected, response.content


@pytest.mark.parametrize(
    ("role", "expected"), _expect(chamber=202, **dict.fromkeys(ROLES[1:-1], 404))
)
def test_who_runs_a_pairing_round(
    client_as, pairing_round, opportunity, placement_request, role, expected
):
    services.matches_recompute_all()
    response = client_as(role).post(f"{URL}{pairing_round.pk}/run/")
    assert response.status_code == expected, response.content


@pytest.mark.parametrize(
    ("role", "expected"),
    _expect(student=200, other_student=404, other_counsellor=404, member=404, other_member=404),
)
def test_who_ranks_in_a_stable_round(client_as, stable_round, opportunity, role, expected):
    data = {"choices": [{"opportunity": opportunity.pk, "rank": 1}]}
    response = client_as(role).post(f"{URL}{stable_round.pk}/choices/", data, format="json")
    assert response.status_code == expected, response.content


@pytest.mark.parametrize(
    ("role", "expected"),
    _expect(counsellor=200, other_student=404, other_counsellor=404, member=404, other_member=404),
)
def test_who_reads_a_stable_rounds_proposals(client_as, stable_proposal, role, expected):
    response = client_as(role).get(f"{URL}{stable_proposal.round_id}/proposals/")
    assert response.status_code == expected, response.content


def test_the_chamber_sees_a_stable_rounds_summary_and_never_its_students(
    client_as, stable_proposal
):
    body = client_as("chamber").get(f"{URL}{stable_proposal.round_id}/").json()
    assert body["summary"]["assigned"] == 1
    assert set(body["summary"]) == {
        "kind", "students", "assigned", "unassigned", "opportunities", "places",
        "places_filled", "seconds",
    }  # fmt: skip
    assert client_as("chamber").get("/api/v1/proposals/").json()["count"] == 0


@pytest.mark.parametrize(
    ("role", "expected"),
    _expect(counsellor=200, member=200, student=403, other_student=404,
            other_counsellor=404, other_member=404, chamber=404),
)  # fmt: skip
def test_who_confirms_a_students_proposal(client_as, stable_proposal, role, expected):
    response = client_as(role).post(f"/api/v1/proposals/{stable_proposal.pk}/confirm/")
    assert response.status_code == expected, response.content
    if expected == 200:
        assert response.json()["status"] == "confirmed"


@pytest.mark.parametrize(
    ("role", "expected"),
    _expect(counsellor=200, member=200, student=404, other_student=404,
            other_counsellor=404, other_member=404),
)  # fmt: skip
def test_who_declines_a_requests_proposal(client_as, pairing_proposal, role, expected):
    response = client_as(role).post(f"/api/v1/proposals/{pairing_proposal.pk}/decline/")
    assert response.status_code == expected, response.content


def test_a_decided_proposal_cannot_be_decided_again(client_as, stable_proposal):
    client = client_as("member")
    assert client.post(f"/api/v1/proposals/{stable_proposal.pk}/decline/").status_code == 200
    again = client.post(f"/api/v1/proposals/{stable_proposal.pk}/confirm/")
    assert again.status_code == 400
    assert again.json()["detail"] == "This proposal is already declined."


def test_a_student_is_named_to_their_counsellor_and_themself_only(
    client_as, stable_proposal, student_profile
):
    name = student_profile.user.get_full_name()
    for role, student in (
        ("counsellor", {"id": student_profile.pk, "name": name}),
        ("student", {"id": student_profile.pk, "name": name}),
        ("member", None),
    ):
        proposal = client_as(role).get(f"/api/v1/proposals/{stable_proposal.pk}/").json()
        assert proposal["student"] == student, role
        assert proposal["school"] == "Västerås tekniska gymnasium"


def test_round_status_and_progress_are_read_back(client_as, stable_proposal):
    body = client_as("counsellor").get(f"{URL}{stable_proposal.round_id}/").json()
    assert (body["status"], body["progress"], body["error"]) == ("done", 100, "")
    assert body["summary"] == {
        **body["summary"],
        "kind": "stable",
        "students": 1,
        "assigned": 1,
        "unassigned": 0,
        "places": 3,
        "places_filled": 1,
    }
    assert AllocationRound.objects.get(pk=body["id"]).finished_at is not None


def test_the_proposal_lists_cost_the_same_queries_for_any_page_size(
    client_as, stable_round, opportunity, school, client_for
):
    for _ in range(3):
        profile = StudentProfileFactory(school=school)
        services.matches_recompute_for_student(student_id=profile.pk)
        services.allocation_round_set_choices(
            actor=actor_for(profile.user),
            allocation_round=stable_round,
            choices=[(opportunity.pk, 1)],
        )
    services.allocation_round_run(round_id=stable_round.pk)
    client = client_as("counsellor")
    for url in ("/api/v1/proposals/", f"{URL}{stable_round.pk}/proposals/"):
        client.get(url)  # the user's memberships are cached on the first request
        counts = []
        for size in (1, 3):
            with CaptureQueriesContext(connection) as queries:
                assert len(client.get(url, {"page_size": size}).json()["results"]) == size
            counts.append(len(queries))
        assert counts[0] == counts[1], url
