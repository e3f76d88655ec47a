"""The search's pages: any page costs the queries of the first (one count, never a second),
and a page number out of range or not a number still shows a page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.matching.factories import open_opportunity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]
QUERY = {"kind": "internship", "near": "1880", "within_km": "200"}


@pytest.fixture
def three_pages(world) -> None:
    for _ in range(44):  # with the world's own: 45, three pages of 20
        open_opportunity(company=world.opportunity.company)


def _queries(client, **extra: str) -> tuple[list[str], str]:
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/opportunities/", {**QUERY, **extra}).content.decode()
    return [q["sql"] for q in queries.captured_queries], html


@pytest.mark.usefixtures("three_pages")
def test_a_later_page_counts_the_results_once_as_the_first_does(client):
    _queries(client)  # reference data and sessions warm
    first, _ = _queries(client)
    second, html = _queries(client, page="2")

    assert "Page 2 of 3" in html
    assert "45 opportunities" in html
    assert len(second) == len(first)
    assert not [sql for sql in second if sql.startswith("SELECT COUNT(")]


@pytest.mark.usefixtures("three_pages")
# Not named `page`: that is Playwright's fixture, which would make this a browser test.
@pytest.mark.parametrize(("number", "shown"), [("9", 3), ("0", 3), ("two", 1), ("", 1)])
def test_a_page_out_of_range_or_not_a_number_shows_the_last_or_first(client, number, shown):
    _, html = _queries(client, page=number)

    assert f"Page {shown} of 3" in html
    assert "45 opportunities" in html


def test_searches_near_a_town_measure_its_distances_once_per_process(client, world, monkeypatch):
    from backend.reference import selectors

    measured = []
    formula = selectors.great_circle_km
    monkeypatch.setattr(selectors, "great_circle_km", lambda *a: measured.append(a) or formula(*a))
    selectors._distances_from.cache_clear()
    for km in ("25", "50", "200"):
        assert client.get("/opportunities/", {**QUERY, "within_km": km}).status_code == 200
        api = client.get("/api/v1/opportunities/", {"near": "1880", "within_km": km})
        assert api.status_code == 200

    assert 0 < len(measured) <= len(selectors._seats())


def test_each_search_shows_its_own_filters_and_errors_only(client, world):
    """The search form's fields and the filters' copies are shared between requests
    (backend/core/filters.py: fields_shared): nothing of one search shows on the next."""
    wrong = client.get(
        "/opportunities/", {"q": "svets", "period_from": "2027-05-01", "period_to": "2027-04-01"}
    ).content.decode()
    right = client.get("/opportunities/", {**QUERY, "within_km": "25"}).content.decode()
    home, far = world.opportunity.municipality_id, "2584"  # Kiruna, far from the region
    api_near = client.get("/api/v1/opportunities/", {"near": home, "within_km": "25"}).json()
    api_far = client.get("/api/v1/opportunities/", {"near": far, "within_km": "25"}).json()

    assert "The period ends before it starts." in wrong
    assert 'value="svets"' in wrong
    assert 'aria-invalid="true"' in wrong
    assert "The period ends before it starts." not in right
    assert "aria-invalid" not in right
    assert 'value="svets"' not in right
    assert '<option value="25" selected>' in right
    assert '<option value="1880" selected>' in right
    assert [row["distance_km"] for row in api_near["results"]] == [0.0]
    assert world.opportunity.pk not in {row["id"] for row in api_far["results"]}
