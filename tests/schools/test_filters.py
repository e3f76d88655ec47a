"""Every filter and ordering of /api/v1/requests/, with real distances between the seats:
Örebro to Kumla 17 km, to Eskilstuna 74 km, to Västerås 84 km. And a constant number of
SQL queries whatever the page size."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.accounts.models import User
from backend.reference.models import StemArea
from schools.models import PlacementRequest
from tests.schools.factories import (
    ESKILSTUNA,
    KUMLA,
    VASTERAS,
    PlacementRequestFactory,
    SchoolFactory,
    StudentProfileFactory,
    municipality,
    programme,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/requests/"
Status = PlacementRequest.Status


def _stem(*codes: str) -> list[StemArea]:
    return list(StemArea.objects.filter(code__in=codes))


@pytest.fixture
def spread(school, other_school):
    """One request in each of four municipalities, created in this order."""
    kumla = SchoolFactory(
        organisation__name="Kumla yrkesgymnasium", municipality=municipality(KUMLA)
    )
    eskilstuna = SchoolFactory(
        organisation__name="YH Eskilstuna",
        level="yrkeshogskola",
        municipality=municipality(ESKILSTUNA),
    )
    return {
        "orebro": PlacementRequestFactory(
            school=school,
            places_needed=8,
            notes="Eleverna har läst svetsning.",
            stem_areas=_stem("electrification"),
        ),
        "kumla": PlacementRequestFactory(
            school=kumla,
            kind="apprenticeship",
            programme=programme("IN"),
            places_needed=2,
            places_filled=1,
            status=Status.PARTIALLY_FILLED,
            period_start=date(2026, 8, 17),
            period_end=date(2027, 1, 15),
            stem_areas=_stem("automation"),
        ),
        "vasteras": PlacementRequestFactory(
            school=other_school,
            kind="thesis",
            level="university",
            programme=None,
            places_needed=3,
            period_start=date(2026, 9, 1),
            period_end=date(2027, 1, 31),
            stem_areas=_stem("software", "automation"),
        ),
        "eskilstuna": PlacementRequestFactory(
            school=eskilstuna,
            level="yrkeshogskola",
            programme=None,
            places_needed=5,
            places_filled=5,
            status=Status.FILLED,
            period_start=date(2027, 1, 11),
            period_end=date(2027, 3, 19),
        ),
    }


@pytest.fixture
def search(client_as, spread):
    """search(**params) -> the names of the matching requests, in the order returned."""
    names = {item.pk: name for name, item in spread.items()}
    client = client_as("chamber")

    def run(**params) -> list[str]:
        response = client.get(URL, params)
        assert response.status_code == 200, response.content
        return [names[item["id"]] for item in response.json()["results"]]

    return run


@pytest.fixture
def refused(client_as):
    """refused(**params) -> the fields the 400 names."""
    client = client_as("chamber")

    def run(**params) -> set[str]:
        response = client.get(URL, params)
        assert response.status_code == 400, response.content
        return set(response.json())

    return run


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"orebro", "kumla", "vasteras", "eskilstuna"}),
        ({"colour": "blue"}, {"orebro", "kumla", "vasteras", "eskilstuna"}),
        ({"kind": "internship"}, {"orebro", "eskilstuna"}),
        ({"kind": "apprenticeship"}, {"kumla"}),
        ({"level": "university"}, {"vasteras"}),
        ({"programme": "EE"}, {"orebro"}),
        ({"stem_area": "automation"}, {"kumla", "vasteras"}),
        ({"municipality": VASTERAS}, {"vasteras"}),
        ({"county": "18"}, {"orebro", "kumla"}),
        ({"county": "04"}, {"eskilstuna"}),
        ({"status": "filled"}, {"eskilstuna"}),
        ({"status": "partially_filled"}, {"kumla"}),
        ({"has_open_places": "true"}, {"orebro", "kumla", "vasteras"}),
        ({"has_open_places": "false"}, {"eskilstuna"}),
        ({"period_from": "2026-09-01"}, {"kumla", "vasteras", "eskilstuna"}),
        ({"period_to": "2026-04-01"}, {"orebro"}),
        ({"period_from": "2026-04-01", "period_to": "2026-08-20"}, {"orebro", "kumla"}),
        ({"period_from": "2027-04-01"}, set()),
        ({"q": "svetsning"}, {"orebro"}),
        ({"q": "Kumla"}, {"kumla"}),
        ({"q": "Industrial Technology"}, {"kumla"}),
        ({"kind": "internship", "county": "18"}, {"orebro"}),
    ],
)
def test_filters(search, params, expected):
    assert set(search(**params)) == expected


def test_the_school_filter(search, spread):
    assert search(school=spread["kumla"].school_id) == ["kumla"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"near": "1880"}, {"orebro", "kumla"}),  # 50 km by default
        ({"near": "1880", "within_km": "80"}, {"orebro", "kumla", "eskilstuna"}),
        ({"near": "1880", "within_km": "84.5"}, {"orebro", "kumla", "vasteras", "eskilstuna"}),
        ({"near": "1980", "within_km": "30"}, {"vasteras", "eskilstuna"}),
        ({"near": "1881", "within_km": "10"}, {"kumla"}),
    ],
)
def test_near_finds_requests_within_the_radius(search, params, expected):
    assert set(search(**params)) == expected


def test_ordering_by_distance_and_the_distances(client_as, spread):
    params = {"near": "1880", "within_km": 100, "ordering": "distance"}
    results = client_as("chamber").get(URL, params).json()["results"]
    names = {item.pk: name for name, item in spread.items()}

    assert [names[r["id"]] for r in results] == ["orebro", "kumla", "eskilstuna", "vasteras"]
    assert [r["distance_km"] for r in results] == pytest.approx([0, 17.1, 74.3, 84.0], abs=0.1)
    reverse = client_as("chamber").get(URL, {**params, "ordering": "-distance"}).json()
    assert [r["id"] for r in reverse["results"]] == [r["id"] for r in results][::-1]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("start", ["orebro", "kumla", "vasteras", "eskilstuna"]),
        ("-start", ["eskilstuna", "vasteras", "kumla", "orebro"]),
        ("created", ["orebro", "kumla", "vasteras", "eskilstuna"]),
        ("-created", ["eskilstuna", "vasteras", "kumla", "orebro"]),
        ("places_needed", ["kumla", "vasteras", "eskilstuna", "orebro"]),
        ("-places_needed", ["orebro", "eskilstuna", "vasteras", "kumla"]),
        ("-places_needed,start", ["orebro", "eskilstuna", "vasteras", "kumla"]),
    ],
)
def test_orderings(search, ordering, expected):
    assert search(ordering=ordering) == expected


def test_the_default_order_is_by_start(search):
    assert search() == ["orebro", "kumla", "vasteras", "eskilstuna"]


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"programme": "XX"}, {"programme"}),
        ({"stem_area": "juggling"}, {"stem_area"}),
        ({"municipality": "9999"}, {"municipality"}),
        ({"near": "9999"}, {"near"}),
        ({"county": "x"}, {"county"}),
        ({"kind": "circus"}, {"kind"}),
        ({"level": "kindergarten"}, {"level"}),
        ({"status": "lost"}, {"status"}),
        ({"within_km": "30"}, {"within_km"}),
        ({"near": "1880", "within_km": "0"}, {"within_km"}),
        ({"near": "1880", "within_km": "far"}, {"within_km"}),
        ({"ordering": "distance"}, {"ordering"}),
        ({"ordering": "colour"}, {"ordering"}),
        ({"period_from": "2026-13-01"}, {"period_from"}),
        ({"period_to": "tomorrow"}, {"period_to"}),
        ({"period_from": "2026-05-01", "period_to": "2026-04-01"}, {"period_to"}),
        ({"has_open_places": "maybe"}, {"has_open_places"}),
        ({"school": "abc"}, {"school"}),
    ],
)
def test_bad_filters_are_a_400_naming_the_parameter(refused, params, fields):
    assert refused(**params) == fields


def test_unknown_codes_say_which_code(client_as):
    response = client_as("chamber").get(URL, {"programme": "XX"})
    assert response.json() == {"programme": ["Unknown code: XX."]}


def test_a_company_member_never_sees_closed_or_filled_requests_whatever_the_filter(
    client_as, spread
):
    PlacementRequestFactory(status=Status.CLOSED)
    client = client_as("company_member")
    for params in ({}, {"status": "filled"}, {"status": "closed"}, {"has_open_places": "false"}):
        statuses = {r["status"] for r in client.get(URL, params).json()["results"]}
        assert statuses <= {"open", "partially_filled"}, params


# A constant number of queries whatever the page size


@pytest.fixture
def many_requests(school, other_school, counsellor):
    schools = [school, other_school, SchoolFactory(municipality=municipality(KUMLA))]
    stem = _stem("automation", "electrification", "software")
    places = [municipality(code) for code in (KUMLA, VASTERAS, ESKILSTUNA)]
    for n in range(60):
        PlacementRequestFactory(
            school=schools[n % 3],
            created_by=counsellor,
            stem_areas=stem[: n % 4],
            acceptable_municipalities=places[: n % 3],
        )


QUERY_BOUND = 12
LIST_CASES = [
    ("chamber", URL, {}),
    ("counsellor", URL, {"near": "1880", "within_km": 100, "ordering": "-distance"}),
    ("company_member", URL, {"programme": "EE", "stem_area": "automation", "q": ""}),
    ("counsellor", "/api/v1/schools/", {"county": "18"}),
    ("counsellor", "/api/v1/students/", {"programme": "EE"}),
]


@pytest.mark.parametrize(("role", "url", "params"), LIST_CASES)
def test_queries_do_not_grow_with_the_page_size(
    client_for, people, many_requests, school, django_assert_max_num_queries, role, url, params
):
    for _ in range(12):
        StudentProfileFactory(school=school)
        SchoolFactory(programmes=[programme("EE"), programme("TE")])
    counts = []
    for page_size in (5, 50):
        # A fresh user object per request, as in production (nothing cached on it).
        client = client_for(User.objects.get(pk=people[role].pk))
        with (
            django_assert_max_num_queries(QUERY_BOUND),
            CaptureQueriesContext(connection) as queries,
        ):
            response = client.get(url, {**params, "page_size": page_size})
        assert response.status_code == 200, response.content
        assert len(response.json()["results"]) > 5 or page_size == 5
        counts.append(len(queries))
    assert counts[0] == counts[1]
