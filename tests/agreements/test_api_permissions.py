"""Who may see and do what: the placement's parties see its lifecycle, each acts for its own
side; anyone else gets a 404 (chamber staff too: they count placements); anonymous a 401."""

from datetime import time

import pytest
from django.core.exceptions import PermissionDenied

from backend.accounts.actor import actor_for
from matching.agreements import services
from tests.agreements.factories import plan_data

pytestmark = pytest.mark.django_db
PARTIES = {"student", "counsellor", "member"}
OUTSIDERS = {"other_counsellor", "other_member", "chamber"}
READS = ["lifecycle/", "check-ins/", "evaluations/"]


def url(placement, suffix: str) -> str:
    return f"/api/v1/placements/{placement.pk}/{suffix}"


@pytest.mark.parametrize("suffix", READS)
def test_the_parties_read_and_no_one_else_sees_the_placement(api, placement, suffix):
    answers = {role: api[role].get(url(placement, suffix)).status_code for role in api}

    assert answers == {
        "anonymous": 401,
        **dict.fromkeys(PARTIES, 200),
        **dict.fromkeys(OUTSIDERS, 404),
    }


def test_an_unknown_placement_is_404(api):
    assert api["counsellor"].get("/api/v1/placements/999999/lifecycle/").status_code == 404


def test_the_school_and_the_company_plan_the_student_does_not(api, placement):
    answers = {
        role: api[role].put(url(placement, "plan/"), plan_data(), format="json").status_code
        for role in ("anonymous", "student", "other_member", "chamber", "counsellor", "member")
    }

    assert answers == {
        "anonymous": 401,
        "student": 403,
        "other_member": 404,
        "chamber": 404,
        "counsellor": 200,
        "member": 200,
    }


@pytest.mark.parametrize(
    ("role", "party", "expected"),
    [
        ("student", "student", 201),
        ("student", "school", 403),
        ("counsellor", "school", 201),
        ("counsellor", "student", 403),
        ("counsellor", "company", 403),
        ("member", "company", 201),
        ("member", "school", 403),
        ("other_member", "company", 404),
        ("chamber", "school", 404),
    ],
)
def test_each_side_signs_for_itself(api, placement, role, party, expected):
    api["member"].put(url(placement, "plan/"), plan_data(), format="json")

    response = api[role].post(url(placement, "sign/"), {"party": party}, format="json")

    assert response.status_code == expected


def test_only_the_company_assesses_the_risks(api, placement):
    body = {"no_forbidden_tasks": True}

    assert api["counsellor"].put(url(placement, "risk-assessment/"), body).status_code == 403
    assert api["student"].post(url(placement, "risk-assessment/confirm/")).status_code == 403
    assert api["member"].put(url(placement, "risk-assessment/"), body).status_code == 200
    assert api["student"].get(url(placement, "risk-assessment/")).status_code == 200


def test_the_student_does_not_start_the_placement(api, placement):
    assert api["student"].post(url(placement, "start/")).status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"party": "bogus"}, "party"),
        ({}, "party"),
        ({"party": "school", "sha256": "not-a-checksum"}, "sha256"),
    ],
)
def test_bad_signing_input_is_400(api, placement, body, field):
    response = api["counsellor"].post(url(placement, "sign/"), body, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_a_plan_missing_what_the_kind_needs_is_400_by_field(api, placement):
    data = plan_data(handledare_name="", daily_end="07:00", days_per_week=9)

    response = api["member"].put(url(placement, "plan/"), data, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"days_per_week"}
    response = api["member"].put(url(placement, "plan/"), plan_data(handledare_name=""))
    assert response.json() == {"handledare_name": ["This field is required."]}
    response = api["member"].put(url(placement, "plan/"), plan_data(daily_end="07:00"))
    assert response.status_code == 400


def test_signing_before_there_is_an_agreement_is_400(api, placement):
    response = api["counsellor"].post(url(placement, "sign/"), {"party": "school"})

    assert response.status_code == 400
    assert response.json()["detail"] == "Not possible while the placement is draft."


def test_hour_limits_are_the_schools_counsellors(api, placement, actors):
    limits = {
        "level": "grundskola",
        "earliest_start": "07:00",
        "latest_end": "18:00",
        "max_hours_per_day": 7,
        "max_hours_per_week": 35,
    }
    path = f"/api/v1/schools/{placement.school_id}/hour-limits/"

    assert api["member"].put(path, limits, format="json").status_code == 403
    assert api["counsellor"].put(path, limits, format="json").status_code == 200
    limits["max_hours_per_day"] = 6
    assert api["counsellor"].put(path, limits, format="json").status_code == 200
    assert api["counsellor"].get(path).json() == [
        {**limits, "latest_end": "18:00:00", "earliest_start": "07:00:00"}
    ]
    bad = {**limits, "latest_end": "06:00"}
    assert api["counsellor"].put(path, bad, format="json").status_code == 400


@pytest.mark.parametrize(
    ("role", "suffix"),
    [
        ("student", "plan/"),
        ("student", "risk-assessment/"),
        ("student", "check-ins/"),
        ("student", "evaluations/handledare/"),
        ("member", "evaluations/student/"),
    ],
)
def test_who_may_not_is_403_before_their_input_is_read(api, placement, role, suffix):
    # Who may, then what: an empty body from the wrong side is refused, not corrected.
    method = api[role].put if suffix in ("plan/", "risk-assessment/") else api[role].post
    assert method(url(placement, suffix), {"held_on": "x"}, format="json").status_code == 403


def test_the_lifecycle_services_refuse_the_wrong_side_called_directly(placement, actors):
    student = actor_for(actors["student"])
    with pytest.raises(PermissionDenied):
        services.plan_save(actor=student, placement=placement, **plan_data())
    with pytest.raises(PermissionDenied):
        services.placement_start(actor=actor_for(actors["other_member"]), placement=placement)
    with pytest.raises(PermissionDenied):
        services.hour_limit_set(
            actor=actor_for(actors["member"]),
            school=placement.school,
            level="grundskola",
            earliest_start=time(7),
            latest_end=time(18),
            max_hours_per_day=7,
            max_hours_per_week=35,
        )
