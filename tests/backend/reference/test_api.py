"""The reference API over the data the migrations load."""

import csv
from pathlib import Path

import pytest
from rest_framework.test import APIClient

import backend.reference

pytestmark = pytest.mark.django_db

BASE = "/api/v1/reference"
DATA_DIR = Path(backend.reference.__file__).resolve().parent / "data"


def _csv_count(filename: str, column: str, value: str) -> int:
    with open(DATA_DIR / filename, encoding="utf-8", newline="") as file:
        return sum(row[column] == value for row in csv.DictReader(file))


def _get(client: APIClient, path: str, **params: object) -> dict:
    response = client.get(f"{BASE}/{path}", params)
    assert response.status_code == 200, response.content
    return response.json()


def _codes(body: dict) -> set[str]:
    return {item["code"] for item in body["results"]}


# Municipalities


def test_municipalities_are_all_290(api_client: APIClient) -> None:
    assert _get(api_client, "municipalities/")["count"] == 290


def test_region_is_orebro_and_vastmanland_counties_plus_eskilstuna_and_strangnas(
    api_client: APIClient,
) -> None:
    codes = _codes(_get(api_client, "municipalities/", in_region="true", page_size=200))

    assert len(codes) == 24
    assert sum(code.startswith("18") for code in codes) == 12
    assert sum(code.startswith("19") for code in codes) == 10
    assert codes - {c for c in codes if c[:2] in {"18", "19"}} == {"0484", "0486"}


def test_region_codes_are_the_whole_counties(api_client: APIClient) -> None:
    region = _codes(_get(api_client, "municipalities/", in_region="true", page_size=200))
    orebro = _codes(_get(api_client, "municipalities/", county="18"))
    vastmanland = _codes(_get(api_client, "municipalities/", county="19"))

    assert region == orebro | vastmanland | {"0484", "0486"}


def test_outside_region_is_the_rest(api_client: APIClient) -> None:
    assert _get(api_client, "municipalities/", in_region="false")["count"] == 290 - 24


def test_county_filter(api_client: APIClient) -> None:
    body = _get(api_client, "municipalities/", county="18")

    assert body["count"] == 12
    assert {item["county_code"] for item in body["results"]} == {"18"}


@pytest.mark.parametrize("county", ["xx", "1", "180", "1a"])
def test_malformed_county_is_a_field_error(api_client: APIClient, county: str) -> None:
    response = api_client.get(f"{BASE}/municipalities/", {"county": county})

    assert response.status_code == 400
    assert "county" in response.json()


def test_in_region_must_be_true_or_false(api_client: APIClient) -> None:
    response = api_client.get(f"{BASE}/municipalities/", {"in_region": "maybe"})

    assert response.status_code == 400
    assert "in_region" in response.json()


def test_unknown_parameter_is_ignored(api_client: APIClient) -> None:
    assert _get(api_client, "municipalities/", colour="blue")["count"] == 290


def test_search_by_name(api_client: APIClient) -> None:
    names = {item["name"] for item in _get(api_client, "municipalities/", q="väster")["results"]}

    assert "Västerås" in names


def test_search_by_seat_name(api_client: APIClient) -> None:
    body = _get(api_client, "municipalities/", q="Åkersberga")

    assert [item["name"] for item in body["results"]] == ["Österåker"]


def test_pagination_shape_and_page_size(api_client: APIClient) -> None:
    first = _get(api_client, "municipalities/")
    big = _get(api_client, "municipalities/", page_size=200)
    capped = _get(api_client, "municipalities/", page_size=1000)

    assert set(first) == {"count", "next", "previous", "results"}
    assert len(first["results"]) == 50
    assert first["next"] is not None
    assert first["previous"] is None
    assert len(big["results"]) == 200
    assert len(capped["results"]) == 200


def test_municipality_detail_by_code(api_client: APIClient) -> None:
    body = _get(api_client, "municipalities/1880/")

    assert body["name"] == "Örebro"
    assert body["county_code"] == "18"
    assert body["in_region"] is True
    assert body["latitude"] == pytest.approx(59.275, abs=0.01)


@pytest.mark.parametrize("code", ["9999", "abc"])
def test_unknown_municipality_is_a_json_404(api_client: APIClient, code: str) -> None:
    response = api_client.get(f"{BASE}/municipalities/{code}/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


# Programmes


def test_programmes_are_all_31(api_client: APIClient) -> None:
    assert _get(api_client, "programmes/")["count"] == 31


def test_programme_detail_ee(api_client: APIClient) -> None:
    body = _get(api_client, "programmes/EE/")

    assert body["is_stem"] is True
    assert body["gla_possible"] is True
    assert body["apl_weeks_min"] == 15
    assert body["level"] == "gymnasium"
    assert "0713" in body["fields"]


def test_programme_stem_filter_matches_the_csv(api_client: APIClient) -> None:
    stem = _csv_count("gymnasium_programs.csv", "stem", "true")

    assert _get(api_client, "programmes/", is_stem="true")["count"] == stem
    assert _get(api_client, "programmes/", is_stem="false")["count"] == 31 - stem


def test_programme_kind_filter_refuses_an_unknown_kind(api_client: APIClient) -> None:
    response = api_client.get(f"{BASE}/programmes/", {"kind": "circus"})

    assert response.status_code == 400
    assert "kind" in response.json()


def test_programme_without_verified_apl_weeks_has_none(api_client: APIClient) -> None:
    body = _get(api_client, "programmes/FX/")

    assert body["apl_weeks_min"] is None
    assert body["gla_possible"] is None


def test_programme_name_follows_the_language(api_client: APIClient) -> None:
    english = api_client.get(f"{BASE}/programmes/EE/", HTTP_ACCEPT_LANGUAGE="en").json()
    swedish = api_client.get(f"{BASE}/programmes/EE/", HTTP_ACCEPT_LANGUAGE="sv").json()

    assert english["name"] == english["name_en"]
    assert swedish["name"] == swedish["name_sv"] == "El- och energiprogrammet"


def test_programme_list_queries_do_not_grow_with_rows(
    api_client: APIClient, django_assert_max_num_queries
) -> None:
    # count, page, prefetch of fields, prefetch of occupations
    with django_assert_max_num_queries(4):
        _get(api_client, "programmes/")


# Education fields, STEM areas, sectors


def test_education_fields(api_client: APIClient) -> None:
    stem = _csv_count("isced_f_2013_fields.csv", "stem", "true")

    assert _get(api_client, "education-fields/")["count"] == 80
    assert _get(api_client, "education-fields/", is_stem="true")["count"] == stem
    assert _get(api_client, "education-fields/0713/")["broad_code"] == "07"


def test_stem_areas(api_client: APIClient) -> None:
    assert _get(api_client, "stem-areas/")["count"] == 24


def test_stem_area_carries_its_codes(api_client: APIClient) -> None:
    body = _get(api_client, "stem-areas/vehicles/")

    assert set(body["programmes"]) == {"FT", "TE", "FX", "MX"}
    assert body["fields"] == ["0716"]
    assert body["sni_divisions"] == ["29", "30", "45"]


def test_stem_area_list_queries_do_not_grow_with_rows(
    api_client: APIClient, django_assert_max_num_queries
) -> None:
    # count, page, prefetch of fields, prefetch of programmes
    with django_assert_max_num_queries(4):
        _get(api_client, "stem-areas/")


def test_sectors(api_client: APIClient) -> None:
    manufacturing = _get(api_client, "sectors/C/")

    assert _get(api_client, "sectors/")["count"] == 21
    assert (manufacturing["division_from"], manufacturing["division_to"]) == ("10", "33")


# Writes


@pytest.mark.parametrize(
    "collection", ["municipalities", "programmes", "education-fields", "stem-areas", "sectors"]
)
def test_writes_are_refused(api_client: APIClient, collection: str) -> None:
    response = api_client.post(f"{BASE}/{collection}/", {"code": "X"}, format="json")

    assert response.status_code in {401, 403, 405}


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_detail_writes_are_refused(api_client: APIClient, method: str) -> None:
    response = getattr(api_client, method)(f"{BASE}/municipalities/1880/", {}, format="json")

    assert response.status_code in {401, 403, 405}
    assert _get(api_client, "municipalities/1880/")["name"] == "Örebro"
