"""Fixtures of the page tests: a small region with a user of every role, in English."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from backend.accounts.models import User
from companies.models import Opportunity
from matching import services as matching_services
from schools.models import PlacementRequest, StudentProfile
from tests.companies.factories import CompanyFactory
from tests.matching.factories import open_opportunity
from tests.schools.factories import PlacementRequestFactory, SchoolFactory, StudentProfileFactory


@pytest.fixture
def english(settings):
    """Pages are checked by their English text (the catalogue has no Swedish for new strings
    until the lead translates them)."""
    settings.LANGUAGE_CODE = "en"
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class World:
    member: User
    counsellor: User
    student: User
    chamber: User
    opportunity: Opportunity
    request: PlacementRequest
    profile: StudentProfile


def build_world(
    make_member: Any,
    *,
    company_name: str | None = None,
    school_name: str | None = None,
    student_name: tuple[str, str] | None = None,
) -> World:
    """A company with a published APL place on Elprogrammet, a school asking for such places,
    one of its students, and chamber staff; matches computed. The names are the factories'
    unless given (the browser tests show them)."""
    company = CompanyFactory(
        stem_areas=["electrification"], **_given(organisation__name=company_name)
    )
    school = SchoolFactory(programmes=["EE"], **_given(organisation__name=school_name))
    first, last = student_name or (None, None)
    profile = StudentProfileFactory(
        school=school, **_given(user__first_name=first, user__last_name=last)
    )
    start = timezone.localdate() + timedelta(days=30)
    placement_request = PlacementRequestFactory(
        school=school, period_start=start, period_end=start + timedelta(weeks=6)
    )
    opportunity = open_opportunity(
        company=company, title="APL som laddstationsmontör", municipality_id=school.municipality_id
    )
    matching_services.matches_recompute_all()
    return World(
        member=make_member(User.Role.COMPANY_MEMBER, company.organisation, is_admin=True),
        counsellor=make_member(User.Role.COUNSELLOR, school.organisation),
        student=profile.user,
        chamber=make_member(User.Role.CHAMBER_STAFF),
        opportunity=opportunity,
        request=placement_request,
        profile=profile,
    )


def _given(**values: Any) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value is not None}


@pytest.fixture
def world(db, make_member) -> World:
    return build_world(make_member)


@pytest.fixture
def login():
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
