"""/api/v1/schools/: the public directory, registration, changes, verification and suspension."""

import pytest
from django.core.management import call_command

from backend.accounts.models import Membership, User
from schools.models import School
from tests.schools.conftest import ROLES
from tests.schools.factories import KUMLA, SchoolFactory, municipality, programme

pytestmark = pytest.mark.django_db
URL = "/api/v1/schools/"


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


def test_the_directory_is_public_and_shows_only_verified_unsuspended_schools(
    api_client, school, other_school
):
    SchoolFactory(organisation__verified_at=None)
    SchoolFactory(organisation__suspended=True)

    assert _ids(api_client.get(URL)) == {school.pk, other_school.pk}


def test_a_school_shows_no_personal_data(api_client, school):
    school.programmes.set([programme("EE")])
    body = api_client.get(f"{URL}{school.pk}/").json()

    assert body["name"] == "Örebro tekniska gymnasium"
    assert body["municipality"] == "1880"
    assert body["programmes"] == ["EE"]
    assert set(body) == {
        "id",
        "name",
        "level",
        "municipality",
        "municipality_name",
        "address",
        "website",
        "programmes",
        "own_programmes",
        "verified",
        "suspended",
        "created_at",
        "updated_at",
    }


def test_members_see_their_unverified_school_and_the_chamber_sees_all(
    client_for, make_member, chamber
):
    unverified = SchoolFactory(organisation__verified_at=None)
    member = make_member(User.Role.COUNSELLOR, unverified.organisation)

    assert unverified.pk in _ids(client_for(member).get(URL))
    assert unverified.pk in _ids(client_for(chamber).get(URL))
    assert client_for(None).get(f"{URL}{unverified.pk}/").status_code == 404


def test_the_chamber_filters_by_verified_and_suspended(client_for, chamber, school):
    unverified = SchoolFactory(organisation__verified_at=None)
    suspended = SchoolFactory(organisation__suspended=True)
    client = client_for(chamber)

    assert _ids(client.get(URL, {"verified": "false"})) == {unverified.pk}
    assert _ids(client.get(URL, {"suspended": "true"})) == {suspended.pk}
    assert client.get(URL, {"verified": "maybe"}).status_code == 400


def test_directory_filters_and_ordering(api_client, school, other_school):
    school.programmes.set([programme("EE")])

    assert _ids(api_client.get(URL, {"municipality": "1980"})) == {other_school.pk}
    assert _ids(api_client.get(URL, {"county": "18"})) == {school.pk}
    assert _ids(api_client.get(URL, {"programme": "EE"})) == {school.pk}
    assert _ids(api_client.get(URL, {"q": "tekniska"})) == {school.pk}
    assert _ids(api_client.get(URL, {"level": "university"})) == set()
    ascending = [s["id"] for s in api_client.get(URL, {"ordering": "name"}).json()["results"]]
    descending = [s["id"] for s in api_client.get(URL, {"ordering": "-name"}).json()["results"]]
    assert descending == ascending[::-1]
    assert len(ascending) == 2
    for params in ({"programme": "XX"}, {"municipality": "0000"}, {"county": "x"}):
        response = api_client.get(URL, params)
        assert response.status_code == 400
        assert set(response.json()) == set(params)


NEW_SCHOOL = {"name": "Kumla yrkesgymnasium", "municipality": KUMLA, "programmes": ["EE", "IN"]}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 401),
        ("student", 403),
        ("counsellor", 201),
        ("other_counsellor", 201),
        ("company_member", 403),
        ("chamber", 403),
    ],
)
def test_who_registers_a_school(client_as, role, expected):
    response = client_as(role).post(URL, NEW_SCHOOL, format="json")
    assert response.status_code == expected, response.content


def test_a_new_school_is_unverified_and_its_creator_is_admin(client_for, make_member):
    user = make_member(User.Role.COUNSELLOR)
    response = client_for(user).post(URL, NEW_SCHOOL, format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["verified"], body["programmes"], body["level"]) == (
        False,
        ["EE", "IN"],
        "gymnasium",
    )
    assert Membership.objects.get(user=user, organisation_id=body["id"]).is_admin


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**NEW_SCHOOL, "name": ""}, "name"),
        ({**NEW_SCHOOL, "municipality": "0000"}, "municipality"),
        ({**NEW_SCHOOL, "programmes": ["EE", "ZZ"]}, "programmes"),
        ({**NEW_SCHOOL, "level": "yrkeshogskola"}, "programmes"),
        ({**NEW_SCHOOL, "website": "not a url"}, "website"),
    ],
)
def test_bad_registrations_name_the_field_and_write_nothing(client_as, payload, field):
    before = School.objects.count()
    response = client_as("counsellor").post(URL, payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert School.objects.count() == before


def test_a_duplicate_school_is_refused(client_as, school):
    payload = {"name": school.organisation.name, "municipality": "1880"}
    response = client_as("counsellor").post(URL, payload, format="json")
    assert response.status_code == 400
    assert "name" in response.json()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 401),
        ("student", 403),
        ("counsellor", 200),
        ("other_counsellor", 403),
        ("company_member", 403),
        ("chamber", 403),
    ],
)
def test_who_changes_a_school(client_as, school, role, expected):
    response = client_as(role).patch(f"{URL}{school.pk}/", {"website": "https://otg.se"})
    assert response.status_code == expected, response.content


def test_a_non_admin_counsellor_cannot_change_the_school(client_for, make_member, school):
    member = make_member(User.Role.COUNSELLOR, school.organisation, is_admin=False)
    assert client_for(member).patch(f"{URL}{school.pk}/", {"address": "x"}).status_code == 403


def test_an_admin_replaces_the_school_with_put(client_as, school):
    payload = {**NEW_SCHOOL, "name": "Örebro tekniska gymnasium", "municipality": "1880"}
    response = client_as("counsellor").put(f"{URL}{school.pk}/", payload, format="json")

    assert response.status_code == 200, response.content
    school.refresh_from_db()
    assert sorted(school.programmes.values_list("code", flat=True)) == ["EE", "IN"]


def test_changing_an_invisible_school_is_a_404(client_as):
    unverified = SchoolFactory(organisation__verified_at=None)
    response = client_as("other_counsellor").patch(f"{URL}{unverified.pk}/", {"address": "x"})
    assert response.status_code == 404


# An unverified or suspended school is invisible (404) to all but its members and the chamber.
HIDDEN_SCHOOL = {
    "anonymous": 401,
    "student": 403,
    "counsellor": 403,
    "other_counsellor": 404,
    "company_member": 404,
    "chamber": 200,
}
CHAMBER_ACTIONS = {
    "verify": HIDDEN_SCHOOL,
    "suspend": {**dict.fromkeys(ROLES, 403), "anonymous": 401, "chamber": 200},
    "unsuspend": HIDDEN_SCHOOL,
}


@pytest.mark.parametrize("action", list(CHAMBER_ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_only_the_chamber_verifies_and_suspends(client_as, school, action, role):
    if action == "verify":
        school.organisation.verified_at = None
    school.organisation.suspended = action == "unsuspend"
    school.organisation.save()

    response = client_as(role).post(f"{URL}{school.pk}/{action}/")

    assert response.status_code == CHAMBER_ACTIONS[action][role], response.content


def test_verify_then_suspend_then_unsuspend(client_as):
    school = SchoolFactory(organisation__verified_at=None)
    client = client_as("chamber")

    assert client.post(f"{URL}{school.pk}/verify/").json()["verified"] is True
    again = client.post(f"{URL}{school.pk}/verify/")
    assert again.status_code == 400
    assert "already verified" in again.json()["detail"]
    assert client.post(f"{URL}{school.pk}/suspend/").json()["suspended"] is True
    assert "only be unsuspended" in client.post(f"{URL}{school.pk}/suspend/").json()["detail"]
    assert client.post(f"{URL}{school.pk}/unsuspend/").json()["suspended"] is False
    assert client.get(URL, {"q": school.organisation.name}).json()["count"] == 1


def test_unknown_school_is_a_json_404(api_client):
    assert api_client.get(f"{URL}999999/").status_code == 404
    assert api_client.get(f"{URL}abc/").status_code == 404


def test_the_schema_documents_the_school_side(tmp_path):
    # Warnings are the project test's business (tests/backend/test_project.py): enum names shared
    # with the companies app need ENUM_NAME_OVERRIDES in the settings.
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--file", str(out))
    schema = out.read_text()
    for path in (
        "/api/v1/schools/{id}/verify/",
        "/api/v1/requests/{id}/hide/",
        "/api/v1/students/me/",
    ):
        assert path in schema
    assert "within_km" in schema


def test_a_new_school_in_kumla_lists_kumla(client_as):
    body = client_as("counsellor").post(URL, NEW_SCHOOL, format="json").json()
    assert (body["municipality"], body["municipality_name"]) == (
        KUMLA,
        municipality(KUMLA).name,
    )
