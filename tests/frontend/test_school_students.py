"""The counsellor's class view: the school's pupils with their applications and placements."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from backend.accounts.models import User
from backend.audit.models import AuditEntry
from tests.matching.factories import ApplicationFactory, PlacementFactory
from tests.schools.factories import SchoolFactory, StudentProfileFactory, programme

URL = "/school/students/"


@pytest.fixture
def school(db):
    """Ada (EE, year 2) applied and is placed; Bo (VO, year 1) has neither."""
    school = SchoolFactory()
    ada = StudentProfileFactory(
        school=school, programme=programme("EE"), year=2, user__first_name="Ada"
    )
    StudentProfileFactory(school=school, programme=programme("VO"), year=1, user__first_name="Bo")
    ApplicationFactory(student=ada, opportunity__title="Laddstationsmontör")
    PlacementFactory(school=school, student=ada, opportunity__title="Elinstallatör")
    return school


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def counsellor(make_member, school) -> Client:
    return _client(make_member(User.Role.COUNSELLOR, school.organisation))


def _text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_counsellor_sees_her_pupils_with_their_applications_and_placements(counsellor):
    response = counsellor.get(URL)
    page = _text(response)
    assert "Laddstationsmontör" in page
    assert "Elinstallatör" in page
    # By year then name: Bo (year 1) before Ada (year 2).
    assert page.index("Bo ") < page.index("Ada ")
    html = response.content.decode()
    assert re.search(r'href="/applications/\d+/"', html)
    assert re.search(r'href="/placements/\d+/"', html)


def test_the_dashboard_links_to_the_list(counsellor):
    page = counsellor.get("/dashboard/").content.decode()
    assert f'href="{URL}">Våra elever, deras ansökningar och placeringar</a>' in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [({"year": 1}, "Bo ", "Ada "), ({"programme": "EE"}, "Ada ", "Bo ")],
)
def test_the_list_narrows_to_a_programme_or_a_year(counsellor, query, shown, hidden):
    page = _text(counsellor.get(URL, query))
    assert shown in page
    assert hidden not in page


def test_a_bad_filter_lists_every_pupil(counsellor):
    page = _text(counsellor.get(URL, {"year": "nine", "programme": "XX"}))
    assert "Ada " in page
    assert "Bo " in page


def test_another_schools_counsellor_sees_none_of_them(make_member, school):
    other = SchoolFactory()
    client = _client(make_member(User.Role.COUNSELLOR, other.organisation))
    page = _text(client.get(URL))
    assert "Ada " not in page
    assert "Laddstationsmontör" not in page


@pytest.mark.parametrize("role", [User.Role.STUDENT, User.Role.COMPANY_MEMBER])
def test_other_roles_are_refused(make_member, school, role):
    assert _client(make_member(role)).get(URL).status_code == 403


def test_the_read_of_the_pupils_is_recorded(counsellor, school):
    counsellor.get(URL)
    listed = AuditEntry.objects.filter(action=AuditEntry.Action.STUDENT_READ, detail="student")
    pupils = {str(pk) for pk in school.students.values_list("pk", flat=True)}
    assert set(listed.values_list("target_id", flat=True)) == pupils


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL).status_code == 200
    return len(context.captured_queries)


def test_the_queries_do_not_grow_with_the_pupils(counsellor, school):
    two = _queries(counsellor)
    for _ in range(4):
        pupil = StudentProfileFactory(school=school, programme=programme("EE"), year=3)
        ApplicationFactory(student=pupil)
        PlacementFactory(school=school, student=pupil)
    assert _queries(counsellor) <= two


def test_a_long_list_is_paged_keeping_the_filters(english, counsellor, school):
    StudentProfileFactory.create_batch(20, school=school, programme=programme("EE"), year=2)
    response = counsellor.get(URL, {"year": 2})
    assert "Page 1 of 2" in _text(response)
    assert "?year=2&amp;page=2" in response.content.decode()
