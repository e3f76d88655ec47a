"""Fixtures of the accounts tests: a verified school and company with an admin each."""

import pytest
from django.core.cache import cache

from backend.accounts.models import User
from tests.companies.factories import CompanyFactory
from tests.schools.factories import SchoolFactory


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are checked by their English msgids; the default language is Swedish."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth's and DRF's rate limits count in the cache."""
    cache.clear()


@pytest.fixture
def school(db):
    return SchoolFactory(organisation__name="Rudbecksgymnasiet")


@pytest.fixture
def company(db):
    return CompanyFactory(organisation__name="Volvo CE")


@pytest.fixture
def school_admin(school, make_member):
    return make_member(User.Role.COUNSELLOR, school.organisation, is_admin=True)


@pytest.fixture
def company_admin(company, make_member):
    return make_member(User.Role.COMPANY_MEMBER, company.organisation, is_admin=True)
