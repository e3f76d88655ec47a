"""Trend, STEM share and GLA against counts made by hand (tests/reports/conftest.py)."""

from backend.reports.models import GlaTarget


def test_trend_by_term_fills_the_terms_without_placements(staff_client, region):
    body = staff_client.get("/api/v1/reports/trend/").json()
    assert [(row["term"], row["count"]) for row in body["groups"]] == [
        ("HT2025", 6),
        ("VT2026", 1),
        ("HT2026", 2),
    ]
    assert body["total"]["count"] == 9


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
    assert [(row["school_year"], row["count"]) for row in body["groups"]] == [
        ("2025/26", 7),
        ("2026/27", 2),
    ]


def test_stem_share(staff_client, region):
    body = staff_client.get("/api/v1/reports/stem-share/").json()
    # EE is a STEM programme (p1, p2, p4, p7); p3 is VO. Only o1 (p1, p2, p7) names STEM areas.
    assert body["total"] == {
        "count": 9,
        "stated": 9,
        "stem": 7,
        "stem_percent": 77.8,
        "stem_content": 6,
        "stem_content_percent": 66.7,
    }
    body = staff_client.get("/api/v1/reports/stem-share/", {"group_by": "municipality"}).json()
    rows = {row["municipality"]: (row["stem"], row["stem_percent"]) for row in body["groups"]}
    assert rows == {"1880": (6, 100.0), "1980": (0, 0.0), "1881": (1, 100.0)}


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
            "attained_percent": 10.0,
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
        "attained_percent": 0.0,
    }
