"""Placement counts against counts made by hand from the fixture (tests/reports/conftest.py)."""

from datetime import date

import pytest

from backend.accounts.actor import actor_for
from backend.accounts.models import User
from matching.services import placement_cancel, placement_confirm

URL = "/api/v1/reports/placements/"


def _groups(client, **params) -> tuple[dict, int]:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    body = response.json()
    keys = params["group_by"].split(",")
    counts = {tuple(group[key] for key in keys): group["count"] for group in body["groups"]}
    return counts, body["total"]


@pytest.mark.parametrize(
    ("group_by", "expected"),
    [
        ("kind", {("internship",): 8, ("apprenticeship",): 1}),
        ("level", {("gymnasium",): 9}),
        ("municipality", {("1880",): 6, ("1980",): 2, ("1881",): 1}),
        ("county", {("18",): 7, ("19",): 2}),
        ("programme", {("EE",): 7, ("VO",): 2}),
        ("stem_area", {("electrification",): 6, ("energy",): 6, (None,): 3}),
        ("sector", {("C",): 7, ("G",): 2}),
        ("chamber_member", {(True,): 7, (False,): 2}),
        ("school_year", {("2025/26",): 7, ("2026/27",): 2}),
        ("term", {("HT2025",): 6, ("VT2026",): 1, ("HT2026",): 2}),
        (
            "month",
            {("2025-07",): 3, ("2025-08",): 1, ("2025-09",): 2, ("2026-06",): 1, ("2026-07",): 2},
        ),
    ],
)
def test_one_grouping_counts_students_of_confirmed_and_completed_placements(
    staff_client, region, group_by, expected
):
    counts, total = _groups(staff_client, group_by=group_by)
    assert counts == expected
    assert total == 9  # p5 is cancelled, p6 outside the region


def test_two_way_groupings(staff_client, region):
    counts, total = _groups(staff_client, group_by="municipality,kind")
    assert counts == {
        ("1880", "internship"): 6,
        ("1980", "internship"): 2,
        ("1881", "apprenticeship"): 1,
    }
    assert total == 9
    counts, _ = _groups(staff_client, group_by="school_year,chamber_member")
    assert counts == {("2025/26", True): 5, ("2025/26", False): 2, ("2026/27", True): 2}


def test_the_response_has_the_documented_shape(staff_client, region):
    body = staff_client.get(URL, {"group_by": "municipality,kind"}).json()
    assert body["total"] == 9
    assert {"municipality": "1880", "kind": "internship", "count": 6} in body["groups"]


@pytest.mark.parametrize(
    ("period", "total"),
    [
        ({"period_from": "2025-07-01", "period_to": "2026-06-30"}, 7),  # both edge days in
        ({"period_from": "2025-07-02"}, 6),  # p1 starts the day before
        ({"period_to": "2026-06-29"}, 6),  # p2 starts the day after: 9 - 1 - 2 (p7)
        ({"period_from": "2026-06-30", "period_to": "2026-06-30"}, 1),
    ],
)
def test_a_placement_belongs_to_the_period_it_starts_in(staff_client, region, period, total):
    _, counted = _groups(staff_client, group_by="kind", **period)
    assert counted == total


def test_the_whole_country_adds_what_lies_outside_the_region(staff_client, region):
    counts, total = _groups(staff_client, group_by="county", region="sweden")
    assert counts == {("18",): 7, ("19",): 2, ("01",): 5}
    assert total == 14


def test_cancelled_placements_are_not_counted(staff_client, region, make_member):
    counsellor = make_member(User.Role.COUNSELLOR, region["school"].organisation)
    placement_cancel(placement=region["p1"], actor=actor_for(counsellor), reason="The pupil moved.")
    _, total = _groups(staff_client, group_by="kind")
    assert total == 6
    # A cancelled placement is taken away wherever it was counted, the page included.
    body = staff_client.get("/api/v1/reports/trend/").json()
    assert body["groups"][0] == {"term": "HT2025", "count": 3, "planned": 0, "future": False}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"group_by": "colour"}, "group_by"),
        ({"group_by": "kind,level,county"}, "group_by"),
        ({"group_by": "kind,kind"}, "group_by"),
        ({}, "group_by"),
        ({"group_by": "kind", "period_from": "2025-13-01"}, "period_from"),
        ({"group_by": "kind", "period_from": "2026-01-01", "period_to": "2025-01-01"}, "period_to"),
        ({"group_by": "kind", "region": "europe"}, "region"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(staff_client, db, params, field):
    response = staff_client.get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_a_bad_parameter_is_answered_in_json_even_when_a_download_was_asked(staff_client, db):
    response = staff_client.get(URL, {"group_by": "colour", "format": "csv"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "group_by" in response.json()


def test_no_report_names_a_student(staff_client, region):
    body = staff_client.get(URL, {"group_by": "programme,municipality"}).content.decode()
    assert "student" not in body


def test_stem_areas_with_a_second_grouping(staff_client, region):
    counts, total = _groups(staff_client, group_by="stem_area,municipality")
    assert counts == {
        ("electrification", "1880"): 6,
        ("energy", "1880"): 6,
        (None, "1980"): 2,
        (None, "1881"): 1,
    }
    assert total == 9
    counts, _ = _groups(staff_client, group_by="term,stem_area")
    assert counts == {
        ("HT2025", "electrification"): 3,
        ("HT2025", "energy"): 3,
        ("HT2025", None): 3,
        ("VT2026", "electrification"): 1,
        ("VT2026", "energy"): 1,
        ("HT2026", "electrification"): 2,
        ("HT2026", "energy"): 2,
    }


def test_a_placement_confirmed_through_the_service_is_counted(staff_client, region, make_member):
    counsellor = make_member(User.Role.COUNSELLOR, region["school"].organisation)
    placement_confirm(
        actor=actor_for(counsellor),
        opportunity=region["o2"],
        school=region["school"],
        students_count=2,
        start_date=date(2026, 3, 2),
        end_date=date(2026, 4, 10),
    )
    counts, total = _groups(staff_client, group_by="municipality")
    assert counts[("1980",)] == 4
    assert total == 11
