"""What an opportunity is for beyond a programme: a field of education, an occupation, and
whether students from outside the EU/EEA may apply (issue 22), through the API."""

import pytest

from companies.models import Opportunity
from tests.companies.factories import OpportunityFactory
from tests.companies.test_api_opportunities import URL, payload

pytestmark = pytest.mark.django_db

THESIS = {
    "kind": "thesis",
    "level": "university",
    "programmes": [],
    "thesis_degree": "master",
    "languages": ["en"],
    "requirements": [],
}


def test_a_thesis_names_its_field_and_occupation_and_is_open_to_non_eu_students(
    client_for, member
) -> None:
    body = {**THESIS, "education_field": "0613", "occupation": "2512", "open_to_non_eu": True}

    response = client_for(member).post(URL, payload(**body), format="json")

    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["education_field"], created["occupation"]) == ("0613", "2512")
    assert created["open_to_non_eu"] is True


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"education_field": "9999"}, "education_field"),
        ({"occupation": "1234"}, "occupation"),
        ({"open_to_non_eu": True, "requirements": ["swedish_citizenship"]}, "open_to_non_eu"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(client_for, member, changes, field) -> None:
    response = client_for(member).post(URL, payload(**{**THESIS, **changes}), format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Opportunity.objects.exists()


def test_the_list_filters_by_field_occupation_and_openness(client, company) -> None:
    named = OpportunityFactory(company=company, education_field_id="0714", occupation_id="3113")
    # Lists El- och energiprogrammet, whose fields include 0714: it is for that field too.
    listing = OpportunityFactory(company=company, programmes=["EE"], open_to_non_eu=True)
    OpportunityFactory(company=company, education_field_id="0411")

    def titles(**params) -> set[str]:
        response = client.get(URL, params)
        assert response.status_code == 200, response.content
        return {o["title"] for o in response.json()["results"]}

    assert titles(education_field="0714") == {named.title, listing.title}
    assert titles(occupation="3113") == {named.title}
    assert titles(open_to_non_eu="true") == {listing.title}
    assert client.get(URL, {"occupation": "12"}).status_code == 400
