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
