"""People and places the school-side tests share.

`people` maps the six viewpoints of the permission tables to users (anonymous: None):
a student and a counsellor of `school`, a counsellor of `other_school`, a company member and
chamber staff.
"""

import pytest
from django.utils import translation

from backend.accounts.models import User
from tests.schools.factories import VASTERAS, SchoolFactory, StudentProfileFactory, municipality

ROLES = ["anonymous", "student", "counsellor", "other_counsellor", "company_member", "chamber"]


@pytest.fixture
def school(db):
    return SchoolFactory(organisation__name="Örebro tekniska gymnasium")


@pytest.fixture
def other_school(db):
    return SchoolFactory(
        organisation__name="Västerås gymnasium", municipality=municipality(VASTERAS)
    )


@pytest.fixture
def counsellor(make_member, school):
    return make_member(User.Role.COUNSELLOR, school.organisation, is_admin=True)


@pytest.fixture
def other_counsellor(make_member, other_school):
    return make_member(User.Role.COUNSELLOR, other_school.organisation, is_admin=True)


@pytest.fixture
def company_member(make_member):
    return make_member(User.Role.COMPANY_MEMBER)


@pytest.fixture
def chamber(make_member):
    return make_member(User.Role.CHAMBER_STAFF)


@pytest.fixture
def student_profile(school):
    return StudentProfileFactory(school=school)


@pytest.fixture
def student(student_profile):
    return student_profile.user


@pytest.fixture
def people(student, counsellor, other_counsellor, company_member, chamber):
    return {
        "anonymous": None,
        "student": student,
        "counsellor": counsellor,
        "other_counsellor": other_counsellor,
        "company_member": company_member,
        "chamber": chamber,
    }


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked by their English msgids; the site's default language is Swedish."""
    with translation.override("en"):
        yield


@pytest.fixture
def client_as(people, client_for):
    """client_as(role name from ROLES) -> an API client acting as that person, in English."""

    def make(role: str):
        client = client_for(people[role])
        client.credentials(HTTP_ACCEPT_LANGUAGE="en")
        return client

    return make
