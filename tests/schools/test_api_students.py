"""/api/v1/students/: the student's own profile and their school's view of it.

Chamber staff never see a student; counsellors see their own schools' students without birth
dates."""

from datetime import date

import pytest

from backend.accounts.models import Membership, User
from schools.models import StudentProfile
from tests.backend.accounts.factories import UserFactory
from tests.schools.conftest import ROLES
from tests.schools.factories import KUMLA, SchoolFactory, StudentProfileFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/students/"
ME = f"{URL}me/"


@pytest.fixture
def new_student(db):
    """A student who has signed up and has no profile yet (and no school)."""
    return UserFactory(role=User.Role.STUDENT)


@pytest.fixture
def student_client(client_for, new_student):
    client = client_for(new_student)
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return client


def _profile(for_school, **changes) -> dict:
    return {
        "school": for_school.pk,
        "programme": "EE",
        "year": 2,
        "home_municipality": KUMLA,
        "birth_date": "2009-03-14",
        "languages": ["sv", "en"],
        "stem_interests": ["electrification", "automation"],
        "about": "Jag gillar att skruva.",
        **changes,
    }


# The student's own profile


def test_me_is_a_404_until_the_first_put_creates_it(student_client, school, new_student):
    missing = student_client.get(ME)
    assert missing.status_code == 404
    assert "create it with PUT" in missing.json()["detail"]
    assert student_client.patch(ME, {"year": 3}).status_code == 404

    created = student_client.put(ME, _profile(school), format="json")

    assert created.status_code == 201, created.content
    body = created.json()
    assert body["birth_date"] == "2009-03-14"
    assert body["languages"] == ["sv", "en"]
    assert body["stem_interests"] == ["automation", "electrification"]
    assert (body["school_name"], body["membership_status"]) == (
        "Örebro tekniska gymnasium",
        "pending",
    )
    assert body["id"] == new_student.pk
    assert student_client.get(ME).json() == body


def test_patch_changes_some_fields_and_put_replaces_all(student_client, school):
    student_client.put(ME, _profile(school), format="json")

    patched = student_client.patch(ME, {"year": 3}, format="json")
    assert patched.status_code == 200
    assert (patched.json()["year"], patched.json()["about"]) == (3, "Jag gillar att skruva.")

    replaced = student_client.put(
        ME, {"school": school.pk, "home_municipality": "1880"}, format="json"
    )
    assert replaced.status_code == 200
    body = replaced.json()
    assert (body["year"], body["about"], body["birth_date"], body["languages"]) == (
        None,
        "",
        None,
        [],
    )
    assert body["is_under_18"] is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"about": "Mitt personnummer: 20090314-1234"}, "about"),
        ({"about": "x" * 1001}, "about"),
        ({"year": 5}, "year"),
        ({"year": 0}, "year"),
        ({"birth_date": "2009-02-30"}, "birth_date"),
        ({"birth_date": "2999-01-01"}, "birth_date"),
        ({"languages": ["sv", "fi"]}, "languages"),
        ({"stem_interests": ["juggling"]}, "stem_interests"),
        ({"programme": "XX"}, "programme"),
        ({"home_municipality": "0000"}, "home_municipality"),
        ({"school": None}, "school"),
    ],
)
def test_bad_profile_input_is_a_400_naming_the_field(student_client, school, changes, field):
    response = student_client.put(ME, _profile(school, **changes), format="json")

    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not StudentProfile.objects.exists()
    assert not Membership.objects.exists()


def test_the_personnummer_message_tells_the_student_to_remove_it(student_client, school):
    response = student_client.put(ME, _profile(school, about="Jag är 090314-1234"), format="json")
    assert "never stores personal identity numbers" in response.json()["about"][0]


def test_an_unverified_school_cannot_be_chosen(student_client):
    unverified = SchoolFactory(organisation__verified_at=None)
    response = student_client.put(ME, _profile(unverified), format="json")
    assert response.status_code == 400
    assert "school" in response.json()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 401),
        ("student", 200),
        ("counsellor", 403),
        ("other_counsellor", 403),
        ("company_member", 403),
        ("chamber", 403),
    ],
)
def test_only_students_have_a_me(client_as, role, expected):
    assert client_as(role).get(ME).status_code == expected


# The school's view


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 401),
        ("student", 403),
        ("counsellor", 200),
        ("other_counsellor", 200),
        ("company_member", 403),
        ("chamber", 403),
    ],
)
def test_who_lists_students(client_as, role, expected):
    assert client_as(role).get(URL).status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 401),
        ("student", 200),  # themself
        ("counsellor", 200),
        ("other_counsellor", 404),
        ("company_member", 404),
        ("chamber", 404),
    ],
)
def test_who_reads_a_student(client_as, student, role, expected):
    assert client_as(role).get(f"{URL}{student.pk}/").status_code == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nobody_writes_students_through_the_collection(client_as, student, role, method):
    response = getattr(client_as(role), method)(f"{URL}{student.pk}/", {})
    assert response.status_code == (401 if role == "anonymous" else 405)


def test_chamber_staff_never_read_a_student(client_as, student):
    client = client_as("chamber")
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}{student.pk}/").status_code == 404
    assert client.get(ME).status_code == 403


def test_a_counsellor_sees_is_under_18_but_never_the_birth_date(client_as, student):
    body = client_as("counsellor").get(f"{URL}{student.pk}/").json()

    assert "birth_date" not in body
    assert body["is_under_18"] is True
    assert body["name"] == student.get_full_name()
    assert (body["programme"], body["year"], body["membership_status"]) == ("EE", 2, "approved")


def test_counsellors_see_only_their_own_schools_students(client_as, student, other_school):
    elsewhere = StudentProfileFactory(school=other_school)

    assert [s["id"] for s in client_as("counsellor").get(URL).json()["results"]] == [student.pk]
    assert [s["id"] for s in client_as("other_counsellor").get(URL).json()["results"]] == [
        elsewhere.pk
    ]


def test_a_student_asking_to_join_shows_as_pending(client_as, student_client, school):
    student_client.put(ME, _profile(school), format="json")
    results = client_as("counsellor").get(URL, {"ordering": "created"}).json()["results"]
    assert [s["membership_status"] for s in results] == ["approved", "pending"]


def test_student_filters_and_ordering(client_as, school, student):
    adult = StudentProfileFactory(
        school=school,
        year=3,
        programme=None,
        birth_date=date(2000, 1, 1),
        user__last_name="Testsson-Zetterlund",
    )
    client = client_as("counsellor")

    def ids(**params):
        response = client.get(URL, params)
        assert response.status_code == 200, response.content
        return [s["id"] for s in response.json()["results"]]

    assert ids(year=3) == [adult.pk]
    assert ids(programme="EE") == [student.pk]
    assert ids(school=school.pk, ordering="-year") == [adult.pk, student.pk]
    assert ids(ordering="year") == [student.pk, adult.pk]
    assert ids(q="testsson") == [adult.pk]
    assert ids(colour="blue") == ids()
    for params in ({"year": 5}, {"programme": "XX"}, {"ordering": "birth_date"}):
        response = client.get(URL, params)
        assert response.status_code == 400
        assert set(response.json()) == set(params)
