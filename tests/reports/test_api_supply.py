"""Supply versus demand and the gaps, against counts made by hand (tests/reports/conftest.py)."""

import pytest

from tests.companies.factories import OpportunityFactory


def _by(groups: list[dict], *keys: str) -> dict[tuple, dict]:
    return {tuple(group[key] for key in keys): group for group in groups}


def test_supply_and_demand_by_programme_and_municipality(staff_client, requests_):
    response = staff_client.get(
        "/api/v1/reports/supply-demand/", {"group_by": "programme,municipality"}
    )
    assert response.status_code == 200
    rows = _by(response.json()["groups"], "programme", "municipality")
    measures = ("offered", "requested", "filled", "coverage_percent", "confirmed")
    assert {key: tuple(row[m] for m in measures) for key, row in rows.items()} == {
        ("EE", "1880"): (5, 8, 0, 0.0, 6),
        ("VO", "1980"): (3, 2, 2, 100.0, 2),
        ("BA", "1881"): (0, 3, 0, 0.0, 0),
        ("EE", "1881"): (2, 0, 0, None, 1),
    }
    # The closed request and everything in Stockholm are left out. Coverage is of the same
    # requests: 2 of their 13 places filled, whatever was placed without a request.
    assert response.json()["total"] == {
        "offered": 10,
        "requested": 13,
        "filled": 2,
        "coverage_percent": 15.4,
        "confirmed": 9,
    }


def test_supply_and_demand_by_programme_alone(staff_client, requests_):
    response = staff_client.get("/api/v1/reports/supply-demand/", {"group_by": "programme"})
    rows = _by(response.json()["groups"], "programme")
    assert rows[("EE",)] == {
        "programme": "EE",
        "offered": 7,
        "requested": 8,
        "filled": 0,
        "coverage_percent": 0.0,
        "confirmed": 7,
    }


def test_an_opportunity_of_several_programmes_counts_once_in_the_total(staff_client, requests_):
    OpportunityFactory(municipality_id="1880", places=4, programmes=["EE", "IN"])
    body = staff_client.get("/api/v1/reports/supply-demand/", {"group_by": "programme"}).json()
    rows = _by(body["groups"], "programme")
    assert rows[("IN",)]["offered"] == 4
    assert rows[("EE",)]["offered"] == 11
    assert body["total"]["offered"] == 14


def test_supply_demand_only_groups_by_programme_and_municipality(staff_client, db):
    response = staff_client.get("/api/v1/reports/supply-demand/", {"group_by": "sector"})
    assert response.status_code == 400
    assert "group_by" in response.json()


def test_gaps_are_ranked_by_the_places_missing(staff_client, requests_):
    response = staff_client.get("/api/v1/reports/gaps/")
    assert response.status_code == 200
    gaps = [
        (row["rank"], row["programme"], row["municipality"], row["gap"])
        for row in response.json()["groups"]
    ]
    # Equal gaps: the larger demand first.
    assert gaps == [(1, "EE", "1880", 3), (2, "BA", "1881", 3)]


@pytest.mark.parametrize(
    ("period", "requested"),
    [
        ({"period_from": "2026-04-11"}, 0),  # every request ends on 2026-04-10
        ({"period_to": "2026-03-02"}, 13),  # ... and starts on 2026-03-02
        ({"period_to": "2026-03-01"}, 0),
    ],
)
def test_requests_count_where_their_period_overlaps(staff_client, requests_, period, requested):
    body = staff_client.get("/api/v1/reports/supply-demand/", period).json()
    assert body["total"]["requested"] == requested


def test_supply_demand_groups_by_programme_when_no_grouping_is_given(staff_client, requests_):
    response = staff_client.get("/api/v1/reports/supply-demand/", {"group_by": ""})
    assert response.status_code == 200
    assert {tuple(group) for group in response.json()["groups"]} == {
        ("programme", "offered", "requested", "filled", "confirmed", "coverage_percent")
    }
