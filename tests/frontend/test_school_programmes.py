"""A YH school's or university's admin lists, adds and edits the school's own programmes on a
page, with the API's rules and words, in Swedish and English."""

import pytest

from backend.accounts.models import User
from backend.reference.models import EducationLevel
from matching import services as matching_services
from schools.models import SchoolProgramme
from tests.companies.factories import OpportunityFactory
from tests.schools.factories import SchoolFactory, StudentProfileFactory, municipality

pytestmark = pytest.mark.django_db

AUTOMATION = {"name": "Automationsingenjör", "education_field": "0714", "occupation": "3113"}


@pytest.fixture
def yh_school(db):
    return SchoolFactory(
        organisation__name="YH Mälarstaden",
        level=EducationLevel.YRKESHOGSKOLA,
        municipality=municipality("1980"),
    )


@pytest.fixture
def admin(yh_school, make_member):
    return make_member(User.Role.COUNSELLOR, yh_school.organisation, is_admin=True)


def test_the_admin_adds_a_programme_and_sees_it_listed(english, login, admin, yh_school) -> None:
    client = login(admin)

    form = client.get(f"/school/programmes/new/{yh_school.pk}/")
    added = client.post(f"/school/programmes/new/{yh_school.pk}/", AUTOMATION)
    listed = client.get("/school/programmes/").content.decode()

    assert form.status_code == 200
    assert added.status_code == 302
    assert added.url == "/school/programmes/"
    programme = SchoolProgramme.objects.get(school=yh_school)
    assert (programme.name, programme.education_field_id, programme.occupation_id) == (
        "Automationsingenjör",
        "0714",
        "3113",
    )
    assert "YH Mälarstaden" in listed
    assert "Automationsingenjör" in listed
    assert "Electronics and automation" in listed
    assert "Electronics engineering technicians" in listed


def test_renaming_a_programme_keeps_its_students(english, login, admin, yh_school) -> None:
    programme = SchoolProgramme.objects.create(
        school=yh_school, name="Automation", education_field_id="0714"
    )
    student = StudentProfileFactory(school=yh_school, school_programme=programme)

    saved = login(admin).post(f"/school/programmes/{programme.pk}/", AUTOMATION)

    assert saved.status_code == 302
    student.refresh_from_db()
    assert student.school_programme.name == "Automationsingenjör"
    assert student.school_programme.occupation_id == "3113"


def test_errors_show_next_to_the_field(english, login, admin, yh_school) -> None:
    SchoolProgramme.objects.create(
        school=yh_school, name="Automationsingenjör", education_field_id="0714"
    )
    client = login(admin)

    duplicate = client.post(f"/school/programmes/new/{yh_school.pk}/", AUTOMATION)
    unknown = client.post(
        f"/school/programmes/new/{yh_school.pk}/",
        {"name": "Elkraft", "education_field": "9999"},
    )

    assert duplicate.status_code == 400
    assert duplicate.context["form"].errors == {
        "name": ["The school already has a programme with this name."]
    }
    assert 'id="id_name_errors"' in duplicate.content.decode()
    assert list(unknown.context["form"].errors) == ["education_field"]
    assert SchoolProgramme.objects.filter(school=yh_school).count() == 1


def test_the_page_is_in_swedish_by_default(login, admin, yh_school) -> None:
    SchoolProgramme.objects.create(school=yh_school, name="Automation", education_field_id="0714")

    listed = login(admin).get("/school/programmes/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()

    assert "Våra utbildningar" in listed
    assert "Lägg till en utbildning" in listed


def test_only_the_schools_admin_of_a_yh_school_or_university_manages_them(
    english, login, make_member, yh_school
) -> None:
    programme = SchoolProgramme.objects.create(
        school=yh_school, name="Automation", education_field_id="0714"
    )
    member = make_member(User.Role.COUNSELLOR, yh_school.organisation, is_admin=False)
    gymnasium = SchoolFactory(level=EducationLevel.GYMNASIUM)
    gymnasium_admin = make_member(User.Role.COUNSELLOR, gymnasium.organisation, is_admin=True)
    student = make_member(User.Role.STUDENT, yh_school.organisation)

    assert login(member).get(f"/school/programmes/{programme.pk}/").status_code == 404
    other = SchoolFactory(level=yh_school.level)
    other_admin = make_member(User.Role.COUNSELLOR, other.organisation, is_admin=True)
    assert login(other_admin).get(f"/school/programmes/{programme.pk}/").status_code == 404
    assert login(other_admin).get(f"/school/programmes/new/{yh_school.pk}/").status_code == 404
    assert (
        login(member).post(f"/school/programmes/new/{yh_school.pk}/", AUTOMATION).status_code == 404
    )
    assert login(gymnasium_admin).get(f"/school/programmes/new/{gymnasium.pk}/").status_code == 404
    listed = login(gymnasium_admin).get("/school/programmes/").content.decode()
    assert "Only the admin of a YH school or a university" in listed
    assert login(student).get("/school/programmes/").status_code == 403
    assert SchoolProgramme.objects.filter(school=yh_school).count() == 1


def test_a_request_names_one_of_the_schools_programmes(english, login, admin, yh_school) -> None:
    programme = SchoolProgramme.objects.create(
        school=yh_school, name="Automationsingenjör", education_field_id="0714"
    )
    SchoolProgramme.objects.create(
        school=SchoolFactory(level=EducationLevel.YRKESHOGSKOLA),
        name="Another school's programme",
        education_field_id="0714",
    )
    client = login(admin)

    form = client.get("/school/requests/new/").content.decode()
    posted = client.post(
        "/school/requests/new/",
        {
            "kind": "internship",
            "level": "yrkeshogskola",
            "school_programme": programme.pk,
            "places_needed": 4,
            "period_start": "2027-02-01",
            "period_end": "2027-03-26",
        },
    )

    assert "The school&#x27;s programme" in form
    assert "Automationsingenjör" in form
    assert "Another school&#x27;s programme" not in form
    assert posted.status_code == 302
    assert yh_school.requests.get().school_programme == programme


def test_a_gymnasium_request_has_no_school_programme_field(english, login, make_member) -> None:
    gymnasium = SchoolFactory(level=EducationLevel.GYMNASIUM)
    counsellor = make_member(User.Role.COUNSELLOR, gymnasium.organisation, is_admin=True)

    form = login(counsellor).get("/school/requests/new/").content.decode()

    assert 'name="school_programme"' not in form


def test_a_changed_programme_changes_its_students_recommendations(
    english, login, admin, yh_school, make_member, django_capture_on_commit_callbacks
) -> None:
    programme = SchoolProgramme.objects.create(
        school=yh_school, name="Automationsingenjör", education_field_id="0714"
    )
    OpportunityFactory(
        title="LIA: driftsättning av robotceller",
        level=EducationLevel.YRKESHOGSKOLA,
        education_field_id="0613",
        occupation_id="3113",
        municipality_id="1980",
    )
    student = make_member(User.Role.STUDENT, yh_school.organisation)
    StudentProfileFactory(
        user=student,
        school=yh_school,
        programme=None,
        year=None,
        school_programme=programme,
        birth_date=None,
    )
    matching_services.matches_recompute_all()
    before = login(student).get("/dashboard/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        login(admin).post(f"/school/programmes/{programme.pk}/", AUTOMATION)
    after = login(student).get("/dashboard/").content.decode()

    assert "LIA: driftsättning av robotceller" not in before
    assert "LIA: driftsättning av robotceller" in after
    assert "Automationsingenjör leads to Electronics engineering technicians" in after
