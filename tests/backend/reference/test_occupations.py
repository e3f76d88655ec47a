"""The SSYK 2012 occupations and what each gymnasium programme leads to, as the migrations load
them and the reference API serves them."""

import csv
from pathlib import Path

import pytest
from rest_framework.test import APIClient

import backend.reference
from backend.reference.models import Occupation, Programme

pytestmark = pytest.mark.django_db

DATA_DIR = Path(backend.reference.__file__).resolve().parent / "data"


def _rows(filename: str) -> list[dict[str, str]]:
    with open(DATA_DIR / filename, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_every_shipped_unit_group_is_loaded_with_its_names() -> None:
    rows = _rows("ssyk_2012_unit_groups.csv")

    assert Occupation.objects.count() == len(rows) == len({row["code"] for row in rows})
    for row in rows:
        # Four digits, the first naming the major group (0 is the armed forces).
        assert len(row["code"]) == 4
        assert row["code"].isdigit()
        assert row["code"][0] == row["major_group"]
        assert row["name_sv"]
        assert row["name_en"]
    assert Occupation.objects.get(code="7411").name_sv == "Installations- och serviceelektriker"


def test_all_429_unit_groups_of_ssyk_2012_are_shipped_with_scbs_names() -> None:
    assert Occupation.objects.count() == 429
    assert set(Occupation.objects.values_list("major_group", flat=True)) == set("0123456789")
    # SCB's name (the subset shipped before had "Vårdbiträden" here, which is 5330).
    assert Occupation.objects.get(code="5341").name_sv == "Skötare"
    assert Occupation.objects.get(code="5330").name_sv == "Vårdbiträden"
    assert Occupation.objects.get(code="2512").name_en == "Software- and system developers"


def test_every_occupation_a_programme_leads_to_is_a_shipped_unit_group() -> None:
    shipped = {row["code"] for row in _rows("ssyk_2012_unit_groups.csv")}
    for row in _rows("programme_occupations.csv"):
        codes = [code for code in row["ssyk_2012"].split(";") if code]
        assert codes, row["programme"]
        assert set(codes) <= shipped, row["programme"]
        linked = Programme.objects.get(code=row["programme"]).occupations
        assert set(linked.values_list("code", flat=True)) == set(codes)


def test_vocational_programmes_lead_to_known_occupations() -> None:
    mapped = {row["programme"] for row in _rows("programme_occupations.csv")}
    vocational = set(
        Programme.objects.filter(
            kind=Programme.Kind.YRKESPROGRAM, status=Programme.Status.ACTIVE
        ).values_list("code", flat=True)
    )

    assert vocational <= mapped
    assert not Programme.objects.filter(
        kind=Programme.Kind.HOGSKOLEFORBEREDANDE, occupations__isnull=False
    ).exists()
    electricians = Programme.objects.get(code="EE").occupations.values_list("code", flat=True)
    assert "7411" in electricians


def test_the_api_lists_the_occupations_a_programme_leads_to(api_client: APIClient) -> None:
    body = api_client.get("/api/v1/reference/occupations/", {"programme": "EE"}).json()
    programme = api_client.get("/api/v1/reference/programmes/EE/").json()
    one = api_client.get("/api/v1/reference/occupations/7411/", HTTP_ACCEPT_LANGUAGE="sv").json()

    assert {o["code"] for o in body["results"]} == set(programme["occupations"])
    assert "7411" in programme["occupations"]
    assert one["name"] == "Installations- och serviceelektriker"


def test_an_unknown_occupation_is_not_found(api_client: APIClient) -> None:
    assert api_client.get("/api/v1/reference/occupations/9999/").status_code == 404
