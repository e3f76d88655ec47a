"""The search API's rows (read as plain values, companies/search.py) are what OpportunitySerializer
shows of one opportunity (the retrieve endpoint), field by field and in the same order, for every
viewer: contact details only to signed-in users, the moderation only to the company and the
chamber."""

import datetime

import pytest

from tests.companies.conftest import ROLES
from tests.companies.factories import OpportunityFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/opportunities/"


@pytest.fixture
def varied(company):
    """Opportunities using every kind of value: codes, dates, a salary, a thesis, hidden,
    filled, a flexible period, drafts and closed ones (seen by their company)."""
    return [
        OpportunityFactory(
            company=company,
            programmes=["EE", "TE"],
            stem_areas=["electrification"],
            period_start=datetime.date(2027, 3, 1),
            period_end=datetime.date(2027, 4, 9),
            application_deadline=datetime.date(2027, 1, 31),
            speaks_english=True,
            driving_licence=True,
            min_age_18=True,
            education_field_id="0713",
            occupation_id="7411",
        ),
        OpportunityFactory(company=company, apprenticeship=True, salary_amount="15500.50"),
        OpportunityFactory(company=company, thesis=True, remote_allowed=True, open_to_non_eu=True),
        OpportunityFactory(company=company, hidden=True),
        OpportunityFactory(company=company, places=2, places_taken=2),
        OpportunityFactory(company=company, draft=True),
        OpportunityFactory(company=company, closed=True),
        OpportunityFactory(),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_rows_are_the_serializers(client_for, actors, varied, role):
    client = client_for(actors[role])
    response = client.get(URL, {"page_size": 200})
    assert response.status_code == 200, response.content
    rows = response.json()["results"]
    assert rows, "nothing to compare"
    for row in rows:
        one = client.get(f"{URL}{row['id']}/")
        assert one.status_code == 200, one.content
        assert list(row.items()) == list(one.json().items())


def test_rows_carry_the_distance_from_near(client, varied):
    rows = client.get(URL, {"near": "1980", "within_km": "50"}).json()["results"]
    assert rows
    assert all(row["distance_km"] == 0.0 for row in rows if not row["remote_allowed"])


def test_times_in_utc_are_written_as_drf_writes_them(settings, client, varied):
    settings.TIME_ZONE = "UTC"
    rows = client.get(URL).json()["results"]
    assert rows[0]["published_at"].endswith("Z")
    for row in rows:
        assert list(row.items()) == list(client.get(f"{URL}{row['id']}/").json().items())


def test_text_is_written_as_utf8_with_javascripts_line_ends_escaped(client, company):
    title = "Svetsare i Örebro\u2028andra raden"
    OpportunityFactory(company=company, title=title)
    response = client.get(URL)
    assert "Svetsare i Örebro".encode() in response.content
    assert b"\\u2028" in response.content
    assert "\u2028".encode() not in response.content
    assert response.json()["results"][0]["title"] == title


def test_an_indented_answer_is_asked_for_in_the_accept_header(client, varied):
    compact = client.get(URL)
    indented = client.get(URL, HTTP_ACCEPT="application/json; indent=4")
    assert b'\n    "count": ' in indented.content
    assert b"\n" not in compact.content
    assert indented.json() == compact.json()
