"""The OpenAPI schema says what the API answers (issue 16: three answers the schema did not
describe, found by comparing responses with it)."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def test_confirming_placements_answers_a_plain_list_of_them(schema):
    created = schema["paths"]["/api/v1/placements/confirm/"]["post"]["responses"]["201"]
    body = created["content"]["application/json"]["schema"]
    assert body == {"type": "array", "items": {"$ref": "#/components/schemas/Placement"}}


@pytest.mark.parametrize(
    ("component", "field"), [("Plan", "updated_at"), ("Company", "verified_at")]
)
def test_fields_that_can_be_null_are_documented_so(schema, component, field):
    assert schema["components"]["schemas"][component]["properties"][field]["nullable"] is True


def test_a_collections_answers_link_to_the_operations_on_its_objects(schema):
    """Clients and stateful fuzzing follow these links (backend/api/links.py)."""
    paths = schema["paths"]
    created = paths["/api/v1/opportunities/"]["post"]["responses"]["201"]["links"]
    listed = paths["/api/v1/opportunities/"]["get"]["responses"]["200"]["links"]
    confirmed = paths["/api/v1/placements/confirm/"]["post"]["responses"]["201"]["links"]
    publish = paths["/api/v1/opportunities/{id}/publish/"]["post"]["operationId"]

    assert created[publish] == {
        "operationId": publish,
        "parameters": {"id": "$response.body#/id"},
    }
    assert listed[publish]["parameters"] == {"id": "$response.body#/results/0/id"}
    cancel = paths["/api/v1/placements/{id}/cancel/"]["post"]["operationId"]
    assert confirmed[cancel]["parameters"] == {"id": "$response.body#/0/id"}
