"""`any_of` (backend/core/lookups.py: one array parameter on PostgreSQL) finds what `in` finds, on
either database: on a column and through a relation, for a long list, none, and a subquery."""

import pytest

from backend.reference.models import Municipality
from companies.models import Opportunity
from tests.companies.factories import CompanyFactory
from tests.matching.factories import open_opportunity

pytestmark = pytest.mark.django_db
REGION = ["1980", "1880", "0484", "2180"]


@pytest.mark.parametrize("codes", [REGION, []])
def test_a_list_finds_what_in_finds(codes):
    everywhere = list(Municipality.objects.values_list("code", flat=True))
    for values in (codes, everywhere):
        found = Municipality.objects.filter(code__any_of=values)
        assert sorted(found.values_list("code", flat=True)) == sorted(
            Municipality.objects.filter(code__in=values).values_list("code", flat=True)
        )
    assert Municipality.objects.filter(code__any_of=everywhere).count() == len(everywhere) > 50


def test_through_a_relation_and_by_a_subquery():
    company = CompanyFactory()
    here = {code: open_opportunity(company=company, municipality_id=code) for code in REGION}
    open_opportunity(company=company, municipality_id="2584")

    def found(values: object) -> set[int]:
        return set(
            Opportunity.objects.filter(municipality_id__any_of=values).values_list("pk", flat=True)
        )

    assert found(REGION[:2]) == {here["1980"].pk, here["1880"].pk}
    in_county = Municipality.objects.filter(county_code="19").values("code")
    assert found(in_county) == {here["1980"].pk}
