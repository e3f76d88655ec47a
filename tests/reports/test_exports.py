"""Every report as CSV and Excel: the same table, read back."""

import csv
import io

import pytest
from openpyxl import load_workbook

URL = "/api/v1/reports/placements/"
PARAMS = {"group_by": "municipality,kind", "period_from": "2025-07-01", "period_to": "2026-06-30"}


def test_csv_is_the_table_with_labels_and_a_total(staff_client, region):
    response = staff_client.get(URL, {**PARAMS, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="placements-')
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Municipality", "Kind", "Placements (students)"],
        ["Örebro", "Internship (APL, LIA, prao, praktik)", "4"],
        ["Västerås", "Internship (APL, LIA, prao, praktik)", "2"],
        ["Kumla", "Apprenticeship (GLA)", "1"],
        ["Total", "", "7"],
    ]


def test_xlsx_has_a_header_row_the_rows_and_the_filters(staff_client, region):
    response = staff_client.get(URL, {**PARAMS, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    pairs = [row[:2] for row in rows]
    assert rows[0] == ["Municipality", "Kind", "Placements (students)"]
    assert rows[1] == ["Örebro", "Internship (APL, LIA, prao, praktik)", 4]
    assert rows[4] == ["Total", None, 7]
    assert ["Period from", "2025-07-01"] in pairs
    assert ["Period to", "2026-06-30"] in pairs
    assert ["Region", "The chamber's 24 municipalities"] in pairs


def test_column_names_follow_the_active_language(staff_client, region, settings):
    settings.LANGUAGE_CODE = "sv"
    response = staff_client.get(URL, {**PARAMS, "format": "csv"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.content.decode("utf-8-sig").startswith("Municipality,Kind")


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("supply-demand/", {"group_by": "programme,municipality"}),
        ("gaps/", {}),
        ("trend/", {"series": "kind"}),
        ("gla/", {}),
        ("stem-share/", {"group_by": "programme"}),
        ("gender/", {}),
        ("open-data/", {}),
    ],
)
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_every_report_downloads(staff_client, requests_, path, params, extension):
    json_rows = staff_client.get(f"/api/v1/reports/{path}", params).json()["groups"]
    response = staff_client.get(f"/api/v1/reports/{path}", {**params, "format": extension})
    assert response.status_code == 200
    if extension == "csv":
        lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        lines = [row for row in sheet.iter_rows(values_only=True) if any(row)]
    # The header, a line per group, the total (and in Excel the filters).
    assert len(lines) >= len(json_rows) + 2
