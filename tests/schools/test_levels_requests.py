"""A YH school asks for LIA places in a field of education (issue 22)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.accounts.models import User
from backend.reference.models import EducationLevel
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
