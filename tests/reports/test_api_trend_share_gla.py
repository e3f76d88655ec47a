"""Trend, STEM share and GLA against counts made by hand (tests/reports/conftest.py)."""

from backend.reports.models import GlaTarget


def test_trend_by_term_fills_the_terms_without_placements(staff_client, region):
    body = staff_client.get("/api/v1/reports/trend/").json()
    assert body["groups"] == [
        {"term": "HT2025", "count": 6},
        {"term": "VT2026", "count": 1},
        {"term": "HT2026", "count": 2},
    ]
    assert body["total"] == 9


def test_trend_by_month_with_a_line_per_kind(staff_client, region):
    params = {"interval": "month", "series": "kind"}
    body = staff_client.get("/api/v1/reports/trend/", params).json()
    rows = {(row["month"], row["kind"]): row["count"] for row in body["groups"]}
    assert len({month for month, _ in rows}) == 13  # 2025-07 to 2026-07, across a new year
    assert rows[("2025-08", "apprenticeship")] == 1
    assert rows[("2025-07", "internship")] == 3
    assert rows[("2025-12", "internship")] == 0
    assert rows[("2026-01", "internship")] == 0
    assert rows[("2026-07", "internship")] == 2


def test_trend_by_school_year(staff_client, region):
    body = staff_client.get("/api/v1/reports/trend/", {"interval": "school_year"}).json()
    assert body["groups"] == [
        {"school_year": "2025/26", "count": 7},
        {"school_year": "2026/27", "count": 2},
    ]


def test_stem_share(staff_client, region):
    body = staff_client.get("/api/v1/reports/stem-share/").json()
    # EE is a STEM programme (p1, p2, p4, p7); p3 is VO at an opportunity without STEM areas.
    assert body["total"] == {"count": 9, "stem": 7, "share": 0.778}
    body = staff_client.get("/api/v1/reports/stem-share/", {"group_by": "municipality"}).json()
    rows = {row["municipality"]: (row["stem"], row["share"]) for row in body["groups"]}
    assert rows == {"1880": (6, 1.0), "1980": (0, 0.0), "1881": (1, 1.0)}


def test_gla_against_the_target_staff_set(staff_client, region):
    GlaTarget.objects.create(school_year=2025, placements=10)
    GlaTarget.objects.create(school_year=2027, placements=12)
    body = staff_client.get("/api/v1/reports/gla/").json()
    assert body["groups"] == [
        {
            "school_year": "2025/26",
            "places": 2,
            "placements": 1,
            "target": 10,
            "attained": 0.1,
        },
    ]
    body = staff_client.get(
        "/api/v1/reports/gla/", {"period_from": "2025-07-01", "period_to": "2028-06-30"}
    ).json()
    assert [row["school_year"] for row in body["groups"]] == ["2025/26", "2027/28"]
    assert body["groups"][1] == {
        "school_year": "2027/28",
        "places": 0,
        "placements": 0,
        "target": 12,
        "attained": 0.0,
    }
