"""A YH school's or university's own programmes: listed by the school's admin, chosen by its
students, and matched by their field and the occupation they lead to."""

import pytest

from backend.accounts.models import User
from backend.reference.models import EducationLevel
from matching import services as matching_services
from tests.companies.factories import OpportunityFactory
from tests.schools.factories import SchoolFactory, municipality

pytestmark = pytest.mark.django_db

AUTOMATION = {"name": "Automationsingenjör", "education_field": "0714", "occupation": "3113"}


@pytest.fixture
def yh_school(db):
    return SchoolFactory(level=EducationLevel.YRKESHOGSKOLA, municipality=municipality("1980"))


@pytest.fixture
def admin_client(yh_school, make_member, client_for):
    client = client_for(make_member(User.Role.COUNSELLOR, yh_school.organisation, is_admin=True))
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return client


def _list(client, school, programmes):
    return client.patch(
        f"/api/v1/schools/{school.pk}/", {"own_programmes": programmes}, format="json"
    )


def test_a_yh_school_lists_its_programmes_and_a_student_is_matched_by_them(
    yh_school, admin_client, make_member, client_for
) -> None:
    listed = _list(admin_client, yh_school, [AUTOMATION])
    programme_id = listed.json()["own_programmes"][0]["id"]
    OpportunityFactory(
        title="LIA: driftsättning av robotceller",
        level=EducationLevel.YRKESHOGSKOLA,
        occupation_id="3113",
    )
    student = client_for(make_member(User.Role.STUDENT, yh_school.organisation))
    student.credentials(HTTP_ACCEPT_LANGUAGE="en")
    profile = student.put(
        "/api/v1/students/me/",
        {
            "school": yh_school.pk,
            "school_programme": programme_id,
            "home_municipality": "1980",
            "languages": ["sv"],
        },
        format="json",
    )
    matching_services.matches_recompute_all()
    body = student.get("/api/v1/students/me/recommendations/").json()

    assert listed.status_code == 200, listed.content
    assert listed.json()["own_programmes"] == [{"id": programme_id, **AUTOMATION}]
    assert profile.status_code in (200, 201), profile.content
    assert [m["opportunity"]["title"] for m in body["results"]] == [
        "LIA: driftsättning av robotceller"
    ]
    assert body["results"][0]["explanation"].startswith(
        "Automationsingenjör leads to Electronics engineering technicians · "
    )


def test_listing_again_keeps_a_programme_by_its_name_and_drops_the_others(
    yh_school, admin_client
) -> None:
    first = _list(admin_client, yh_school, [AUTOMATION, {**AUTOMATION, "name": "Elkraft"}])
    kept = {p["name"]: p["id"] for p in first.json()["own_programmes"]}

    again = _list(admin_client, yh_school, [{**AUTOMATION, "education_field": "0713"}])

    assert again.json()["own_programmes"] == [
        {**AUTOMATION, "id": kept["Automationsingenjör"], "education_field": "0713"}
    ]


def test_a_gymnasium_lists_no_own_programmes(make_member, client_for) -> None:
    gymnasium = SchoolFactory()
    client = client_for(make_member(User.Role.COUNSELLOR, gymnasium.organisation, is_admin=True))

    response = _list(client, gymnasium, [AUTOMATION])

    assert response.status_code == 400
    assert "own_programmes" in response.json()


def test_a_student_may_not_choose_another_schools_programme(
    yh_school, admin_client, make_member, client_for
) -> None:
    programme_id = _list(admin_client, yh_school, [AUTOMATION]).json()["own_programmes"][0]["id"]
    other = SchoolFactory(level=EducationLevel.YRKESHOGSKOLA)
    student = client_for(make_member(User.Role.STUDENT, other.organisation))

    response = student.put(
        "/api/v1/students/me/",
        {"school": other.pk, "school_programme": programme_id, "home_municipality": "1880"},
        format="json",
    )

    assert response.status_code == 400
    assert "school_programme" in response.json()
