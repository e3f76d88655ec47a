"""A YH school asks for LIA places in a field of education (issue 22)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.accounts.models import User
from backend.reference.models import EducationLevel
from matching import services as matching_services
from schools.models import SchoolProgramme
from tests.companies.factories import OpportunityFactory
from tests.schools.factories import PlacementRequestFactory, SchoolFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/requests/"


@pytest.fixture
def yh(db):
    return SchoolFactory(level=EducationLevel.YRKESHOGSKOLA)


@pytest.fixture
def counsellor(yh, make_member, client_for):
    return client_for(make_member(User.Role.COUNSELLOR, yh.organisation, is_admin=True))


def test_a_lia_request_names_its_field(counsellor, yh) -> None:
    body = {
        "kind": "internship",
        "level": "yrkeshogskola",
        "education_field": "0714",
        "places_needed": 6,
        "period_start": "2027-02-01",
        "period_end": "2027-03-26",
    }

    created = counsellor.post(URL, body, format="json")
    found = counsellor.get(URL, {"education_field": "0714"}).json()
    refused = counsellor.post(URL, {**body, "education_field": "07"}, format="json")

    assert created.status_code == 201, created.content
    assert created.json()["education_field"] == "0714"
    assert [r["id"] for r in found["results"]] == [created.json()["id"]]
    assert refused.status_code == 400
    assert "education_field" in refused.json()


def test_the_list_reads_the_fields_without_a_query_per_request(counsellor, yh) -> None:
    def lia() -> None:
        PlacementRequestFactory(
            school=yh, level="yrkeshogskola", programme=None, education_field_id="0714"
        )

    def queries_of_the_list(expected: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = counsellor.get(URL)
        assert len(response.json()["results"]) == expected
        return len(queries)

    lia()
    queries_of_the_list(1)  # the first read also fills the process's caches
    one = queries_of_the_list(1)
    for _ in range(10):
        lia()

    assert queries_of_the_list(11) == one


LIA = {
    "kind": "internship",
    "level": "yrkeshogskola",
    "places_needed": 6,
    "period_start": "2027-02-01",
    "period_end": "2027-03-26",
}


def test_a_request_names_the_schools_programme_and_is_matched_by_it(counsellor, yh) -> None:
    programme = SchoolProgramme.objects.create(
        school=yh, name="Automationsingenjör", education_field_id="0714", occupation_id="3113"
    )
    OpportunityFactory(
        title="LIA: driftsättning av robotceller",
        level=EducationLevel.YRKESHOGSKOLA,
        occupation_id="3113",
        municipality_id=yh.municipality_id,
        period_start=date(2027, 2, 1),
        period_end=date(2027, 3, 26),
    )
    counsellor.credentials(HTTP_ACCEPT_LANGUAGE="en")

    created = counsellor.post(URL, {**LIA, "school_programme": programme.pk}, format="json")
    matching_services.matches_recompute_all()
    matches = counsellor.get(f"{URL}{created.json()['id']}/matches/").json()["results"]

    assert created.status_code == 201, created.content
    assert created.json()["school_programme"] == programme.pk
    assert created.json()["school_programme_name"] == "Automationsingenjör"
    assert [m["opportunity"]["title"] for m in matches] == ["LIA: driftsättning av robotceller"]
    assert matches[0]["explanation"].startswith(
        "Automationsingenjör leads to Electronics engineering technicians · "
    )


def test_a_request_may_not_name_another_schools_programme(counsellor, yh) -> None:
    other = SchoolFactory(level=EducationLevel.YRKESHOGSKOLA)
    theirs = SchoolProgramme.objects.create(school=other, name="Elkraft", education_field_id="0713")
    mine = PlacementRequestFactory(school=yh, level="yrkeshogskola", programme=None)

    created = counsellor.post(URL, {**LIA, "school_programme": theirs.pk}, format="json")
    changed = counsellor.patch(f"{URL}{mine.pk}/", {"school_programme": theirs.pk}, format="json")

    assert created.status_code == 400
    assert "school_programme" in created.json()
    assert changed.status_code == 400
    assert "school_programme" in changed.json()
    mine.refresh_from_db()
    assert mine.school_programme is None
