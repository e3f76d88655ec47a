"""Gender balance and open data: no count under 5 is shown, nor a total that would reveal one."""

import csv
import io
from datetime import date

import pytest

from matching.models import Placement
from tests.matching.factories import PlacementFactory
from tests.schools.factories import programme


def _placed(code: str, gender: str, count: int, start: date = date(2026, 3, 2)) -> Placement:
    return PlacementFactory(
        programme=programme(code), student_gender=gender, students_count=count, start_date=start
    )


@pytest.fixture
def genders(db):
    """EE: 4 female, 5 male; TE: 7 male; VO (not STEM): 9 female; EE: 3 not stated."""
    _placed("EE", "female", 4)
    _placed("EE", "male", 3)
    _placed("EE", "male", 2)
    _placed("TE", "male", 7)
    _placed("VO", "female", 9)
    _placed("EE", "", 3)


def test_gender_cells_under_5_are_suppressed_and_5_is_shown(staff_client, genders):
    body = staff_client.get("/api/v1/reports/gender/").json()
    cells = {(row["programme"], row["gender"]): row["count"] for row in body["groups"]}
    assert cells == {("EE", "female"): "<5", ("EE", "male"): 5, ("TE", "male"): 7}
    # 16 would give away the 4 (16 - 5 - 7).
    assert body["total"] is None
    assert "suppression" in body


def test_the_gender_total_is_shown_when_no_cell_is_hidden(staff_client, genders):
    _placed("EE", "female", 1)
    body = staff_client.get("/api/v1/reports/gender/").json()
    cells = {(row["programme"], row["gender"]): row["count"] for row in body["groups"]}
    assert cells[("EE", "female")] == 5
    assert body["total"] == 17


def test_gender_in_csv_shows_the_suppression(staff_client, genders):
    response = staff_client.get("/api/v1/reports/gender/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Programme", "Gender", "Placements (students)"]
    assert ["Electricity and Energy Programme", "female", "<5"] in rows
    assert rows[-1] == ["Total", "", ""]  # withheld: nothing in the plain CSV, no ".."


def test_gender_for_excel_marks_a_withheld_total_with_a_dash(staff_client, genders):
    response = staff_client.get("/api/v1/reports/gender/", {"format": "csv-excel"})
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffProgramme;Gender;Placements (students)")
    assert text.rstrip().splitlines()[-1] == "Total;;\u2013"


def test_open_data_is_public_suppressed_and_licensed(api_client, region):
    response = api_client.get("/api/v1/reports/open-data/")
    assert response.status_code == 200
    body = response.json()
    assert body["licence"]["name"] == "CC BY 4.0"
    assert 'rel="license"' in response["Link"]
    cells = {(g["school_year"], g["municipality"], g["kind"]): g["count"] for g in body["groups"]}
    # Every cell of the fixture is under 5: 4 in Örebro 2025/26, 2 in Västerås …
    assert cells == {
        ("2025/26", "1880", "internship"): "<5",
        ("2025/26", "1980", "internship"): "<5",
        ("2025/26", "1881", "apprenticeship"): "<5",
        ("2026/27", "1880", "internship"): "<5",
    }
    assert body["total"] is None


def test_open_data_shows_counts_of_5_and_more(api_client, region):
    PlacementFactory(
        opportunity=region["o2"],
        programme=programme("VO"),
        students_count=3,
        start_date=date(2025, 10, 1),
    )
    body = api_client.get("/api/v1/reports/open-data/", {"region": "sweden"}).json()
    cells = {(g["school_year"], g["municipality"], g["kind"]): g["count"] for g in body["groups"]}
    assert cells[("2025/26", "1980", "internship")] == 5
    assert cells[("2025/26", "0180", "internship")] == 5


def test_open_data_as_csv_without_login(api_client, region):
    response = api_client.get("/api/v1/reports/open-data/", {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="open-data-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["School year", "Municipality", "Kind", "Placements (students)"]
    assert ["2025/26", "Örebro", "Internship (APL, LIA, prao, praktik)", "<5"] in rows
