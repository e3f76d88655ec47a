"""The counsellor's home shows places secured against the need per programme and year, and the
pupils still without a placement for the coming period."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from backend.accounts.models import User
from backend.audit.models import AuditEntry
from tests.matching.factories import PlacementFactory
from tests.schools.factories import (
    PlacementRequestFactory,
    SchoolFactory,
    StudentProfileFactory,
    programme,
)


@pytest.fixture
def school(db):
    """EE year 2: Ada (placed from next week), Bo (placed last year only), Cy (none);
    VO year 1: Di (none). A pupil of another school is never counted."""
    school = SchoolFactory()
    today = timezone.localdate()
    pupils = {}
    for name, code, year in [("Ada", "EE", 2), ("Bo", "EE", 2), ("Cy", "EE", 2), ("Di", "VO", 1)]:
        pupils[name] = StudentProfileFactory(
            school=school, programme=programme(code), year=year, user__first_name=name
        )
    PlacementFactory(
        school=school,
        student=pupils["Ada"],
        start_date=today + timedelta(days=7),
        end_date=today + timedelta(days=40),
    )
    PlacementFactory(
        school=school,
        student=pupils["Bo"],
        start_date=today - timedelta(days=400),
        end_date=today - timedelta(days=360),
    )
    StudentProfileFactory(user__first_name="Elsewhere")
    PlacementRequestFactory(
        school=school,
        programme=programme("EE"),
        places_needed=6,
        places_filled=2,
        period_start=today,
        period_end=today + timedelta(days=30),
    )
    return school


@pytest.fixture
def counsellor_browser(make_member, school) -> Client:
    client = Client()
    client.force_login(make_member(User.Role.COUNSELLOR, school.organisation))
    return client


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_home_shows_places_secured_per_programme_and_class(counsellor_browser):
    page = _text(counsellor_browser.get("/dashboard/").content.decode())
    # Requests: 6 places needed for EE, 2 secured, 4 open.
    assert "Electricity and Energy Programme 6 2 4" in page
    # Pupils: EE year 2: 3 pupils, 1 placed, 2 without; VO year 1: 1 pupil, none placed.
    assert "Electricity and Energy Programme 2 3 1 2" in page
    assert "Health and Social Care Programme 1 1 0 1" in page


def test_the_pupils_without_a_placement_are_listed_and_the_read_recorded(counsellor_browser):
    response = counsellor_browser.get("/school/pupils/without-placement/")
    page = response.content.decode()
    assert response.status_code == 200
    for name in ("Bo ", "Cy ", "Di "):
        assert name in page
    assert "Ada " not in page
    assert "Elsewhere" not in page
    assert AuditEntry.objects.filter(action=AuditEntry.Action.STUDENT_READ).count() == 3


def test_the_list_narrows_to_a_year(counsellor_browser):
    page = counsellor_browser.get("/school/pupils/without-placement/", {"year": 1}).content
    assert b"Di " in page
    assert b"Cy " not in page


def test_a_bad_year_lists_every_pupil_and_says_so(counsellor_browser):
    response = counsellor_browser.get("/school/pupils/without-placement/", {"year": "nine"})
    assert response.status_code == 200
    assert b"Cy " in response.content


def test_other_roles_cannot_see_the_list(make_member, school):
    client = Client()
    client.force_login(make_member(User.Role.COMPANY_MEMBER))
    assert client.get("/school/pupils/without-placement/").status_code == 403
