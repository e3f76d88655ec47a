"""A small region for the matching tests, and a person of every role around it.

A gymnasium in Västerås with a counsellor, a student (Elprogrammet, under 18) and an open request
for 4 APL places on Elprogrammet; a company in Västerås with a published APL opportunity on
Elprogrammet that fits both. Matches are not computed by the fixtures: a test recomputes through
the services, or publishes through the companies' services and lets the tasks run on commit.
"""

from datetime import date

import pytest
from django.utils import translation

from backend.accounts.models import User
from tests.companies.factories import CompanyFactory, OpportunityFactory
from tests.schools.factories import (
    OREBRO,
    VASTERAS,
    PlacementRequestFactory,
    SchoolFactory,
    StudentProfileFactory,
    municipality,
)

ROLES = [
    "anonymous",
    "student",
    "other_student",
    "counsellor",
    "other_counsellor",
    "member",
    "other_member",
    "chamber",
]
WEEK_10 = date(2026, 3, 2)
WEEK_16_END = date(2026, 4, 19)


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked by their English msgids; the site's default language is Swedish."""
    with translation.override("en"):
        yield


@pytest.fixture
def school(db):
    return SchoolFactory(
        organisation__name="Västerås tekniska gymnasium", municipality=municipality(VASTERAS)
    )


@pytest.fixture
def other_school(db):
    return SchoolFactory(organisation__name="Örebro gymnasium", municipality=municipality(OREBRO))


@pytest.fixture
def company(db):
    return CompanyFactory(organisation__name="Mälarkraft Elektrifiering AB")


@pytest.fixture
def opportunity(company):
    return OpportunityFactory(
        company=company,
        title="APL: laddinfrastruktur",
        programmes=["EE"],
        stem_areas=["electrification", "automation"],
        places=3,
        period_start=WEEK_10,
        period_end=WEEK_16_END,
    )


@pytest.fixture
def placement_request(school):
    return PlacementRequestFactory(
        school=school,
        places_needed=4,
        period_start=WEEK_10,
        period_end=WEEK_16_END,
        max_distance_km=30,
        stem_areas=["electrification", "automation", "software"],
    )


@pytest.fixture
def student_profile(school):
    profile = StudentProfileFactory(school=school)
    profile.stem_interests.set(["electrification"])
    return profile


@pytest.fixture
def people(school, other_school, company, student_profile, make_member):
    return {
        "anonymous": None,
        "student": student_profile.user,
        "other_student": StudentProfileFactory(school=other_school).user,
        "counsellor": make_member(User.Role.COUNSELLOR, school.organisation, is_admin=True),
        "other_counsellor": make_member(
            User.Role.COUNSELLOR, other_school.organisation, is_admin=True
        ),
        "member": make_member(User.Role.COMPANY_MEMBER, company.organisation, is_admin=True),
        "other_member": make_member(
            User.Role.COMPANY_MEMBER, CompanyFactory().organisation, is_admin=True
        ),
        "chamber": make_member(User.Role.CHAMBER_STAFF),
    }


@pytest.fixture
def client_as(people, client_for):
    """client_as(role from ROLES) -> an API client acting as that person, in English."""

    def make(role: str):
        client = client_for(people[role])
        client.credentials(HTTP_ACCEPT_LANGUAGE="en")
        return client

    return make


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are checked by their English msgids; the site's default language is Swedish
    (tests/frontend/test_i18n.py checks the Swedish)."""
    settings.LANGUAGE_CODE = "en"
