"""The demo region's companies and opportunities: deterministic, idempotent and valid."""

import random
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone
from faker import Faker

from backend.accounts.models import Membership, Organisation
from backend.reference.models import Municipality
from companies.demo import load_companies, load_opportunities
from companies.models import Company, Opportunity
from companies.validators import validate_organisation_number

pytestmark = pytest.mark.django_db


def seeded(seed: int = 7) -> dict:
    faker = Faker("sv_SE")
    faker.seed_instance(seed)
    return {"rng": random.Random(seed), "faker": faker}  # noqa: S311 - test data


def test_the_demo_company_and_its_member():
    companies = load_companies(**seeded(), count=0)
    assert [c.organisation.name for c in companies] == ["Mälarkraft Elektrifiering AB"]
    demo = companies[0]
    assert demo.municipality.name == "Västerås"
    assert demo.organisation.is_verified
    membership = Membership.objects.get(user__email="company@demo.example")
    assert (membership.organisation_id, membership.is_admin) == (demo.pk, True)
    assert membership.status == Membership.Status.APPROVED


def test_generated_companies_are_valid_and_spread_over_the_region():
    companies = load_companies(**seeded(), count=60)[1:]
    assert len(companies) == 60
    numbers = [c.organisation_number for c in companies]
    assert len(set(numbers)) == 60
    for number in numbers:
        validate_organisation_number(number)
    region = set(Municipality.objects.filter(in_region=True).values_list("code", flat=True))
    towns = Counter(c.municipality_id for c in companies)
    assert set(towns) <= region
    assert len(towns) >= 8
    verified = sum(c.organisation.is_verified for c in companies)
    assert 45 <= verified < 60
    assert 5 <= sum(c.is_chamber_member for c in companies) < 40
    assert all(c.stem_areas.exists() for c in companies)
    assert {c.sector_id for c in companies} >= {"C", "H", "J"}


def test_companies_are_deterministic_and_idempotent():
    first = [(c.organisation_number, c.organisation.name) for c in load_companies(**seeded())]
    counts = (Organisation.objects.count(), Company.objects.count(), Membership.objects.count())
    again = [(c.organisation_number, c.organisation.name) for c in load_companies(**seeded())]
    assert again == first
    assert (Organisation.objects.count(), Company.objects.count(), Membership.objects.count()) == (
        counts
    )
    Organisation.objects.filter(company__in=Company.objects.all()).delete()
    assert [(c.organisation_number, c.organisation.name) for c in load_companies(**seeded())] == (
        first
    )


def test_opportunities_of_every_kind_fit_their_companies():
    companies = load_companies(**seeded(), count=40)
    created = load_opportunities(**seeded(), companies=companies, count=400)
    assert created == 405  # 5 hand-written for the demo company
    opportunities = list(Opportunity.objects.prefetch_related("programmes", "stem_areas"))
    shapes = Counter((o.kind, o.level) for o in opportunities)
    assert set(shapes) >= {
        ("internship", "grundskola"),
        ("internship", "gymnasium"),
        ("internship", "yrkeshogskola"),
        ("internship", "university"),
        ("thesis", "university"),
        ("apprenticeship", "gymnasium"),
    }
    statuses = Counter(o.status for o in opportunities)
    assert statuses["published"] > statuses["draft"] + statuses["closed"]
    assert statuses["draft"]
    assert statuses["closed"]
    today = timezone.localdate()
    for o in opportunities:
        assert 1 <= o.places <= 8
        assert o.period_start is None or today - timedelta(weeks=27) <= o.period_start
        assert o.period_end is None or o.period_end <= today + timedelta(weeks=61)
        assert o.published_at is None or o.published_at < timezone.now()
        assert o.places_taken == 0  # the placements take them (matching/demo.py)
        assert {p.level for p in o.programmes.all()} <= {o.level}
        assert o.stem_areas.all()
    for o in opportunities[:: len(opportunities) // 25]:
        o.full_clean()


def test_apl_programmes_are_vocational_and_gla_is_possible_in_them():
    companies = load_companies(**seeded(), count=30)
    load_opportunities(**seeded(), companies=companies, count=300)
    gymnasium = Opportunity.objects.filter(level="gymnasium").prefetch_related("programmes")
    for o in gymnasium:
        for programme in o.programmes.all():
            assert programme.apl_weeks_min != 0, (o.title, programme.code)
            if o.kind == "apprenticeship":
                assert programme.gla_possible


def test_opportunities_are_idempotent():
    companies = load_companies(**seeded(), count=20)
    first = load_opportunities(**seeded(), companies=companies, count=100)
    assert first > 0
    assert load_opportunities(**seeded(), companies=companies, count=100) == 0
    assert Opportunity.objects.count() == first


def test_the_demo_member_sees_the_demo_opportunities(client_for):
    companies = load_companies(**seeded(), count=0)
    load_opportunities(**seeded(), companies=companies, count=0)
    from backend.accounts.models import User

    member = User.objects.get(email="company@demo.example")
    body = client_for(member).get("/api/v1/opportunities/").json()
    assert body["count"] == 5
    kinds = Counter(row["kind"] for row in body["results"])
    assert kinds == {"internship": 3, "thesis": 1, "apprenticeship": 1}
    assert client_for(None).get("/api/v1/opportunities/").json()["count"] == 4
