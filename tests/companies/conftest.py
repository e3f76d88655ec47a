"""Fixtures of the companies tests: one company, and a user of every role around it."""

import pytest

from backend.accounts.models import User
from tests.companies.factories import CompanyFactory

ROLES = ["anonymous", "student", "counsellor", "member", "other_member", "chamber"]


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are checked by their English msgids; the site's default language is Swedish
    (tests/frontend/test_i18n.py checks the Swedish)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Logos go to a temporary folder, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def company(db):
    return CompanyFactory(stem_areas=["electrification"])


@pytest.fixture
def actors(company, make_member):
    """{role: user or None}: `member` administers `company`, `other_member` another company."""
    return {
        "anonymous": None,
        "student": make_member(User.Role.STUDENT),
        "counsellor": make_member(User.Role.COUNSELLOR),
        "member": make_member(User.Role.COMPANY_MEMBER, company.organisation, is_admin=True),
        "other_member": make_member(
            User.Role.COMPANY_MEMBER, CompanyFactory().organisation, is_admin=True
        ),
        "chamber": make_member(User.Role.CHAMBER_STAFF),
    }


@pytest.fixture
def member(actors):
    return actors["member"]


@pytest.fixture
def chamber(actors):
    return actors["chamber"]
