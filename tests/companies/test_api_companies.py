"""/api/v1/companies/: permissions of every role on every endpoint, visibility, registration,
profile edits, moderation and the logo upload."""

import io

import pytest
from PIL import Image

from backend.accounts.models import Membership, Organisation, User
from companies.models import Company
from tests.companies.conftest import ROLES
from tests.companies.factories import CompanyFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/companies/"


def registration(**overrides) -> dict:
    return {
        "name": "Hjälmarverken AB",
        "organisation_number": "556036-0793",
        "sector": "C",
        "municipality": "1880",
        "address": "Verkstadsgatan 1, Örebro",
        "website": "https://hjalmarverken.example",
        "description": "Mekanisk verkstad.",
        "stem_areas": ["advanced_manufacturing", "materials"],
        **overrides,
    }


def png_upload(name: str = "logo.png") -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (120, 60), "navy").save(data, "PNG")
    data.seek(0)
    data.name = name
    return data


@pytest.fixture
def objects(company):
    return {
        "company": company,
        "unverified": CompanyFactory(unverified=True),
        "suspended": CompanyFactory(suspended=True),
    }


# role order: anonymous, student, counsellor, member (admin of `company`), other_member, chamber
MATRIX = [
    ("list", "get", None, "", [200, 200, 200, 200, 200, 200]),
    ("retrieve", "get", "company", "", [200, 200, 200, 200, 200, 200]),
    ("retrieve unverified", "get", "unverified", "", [404, 404, 404, 404, 404, 200]),
    ("create", "post", None, "", [401, 403, 403, 201, 201, 403]),
    ("patch", "patch", "company", "", [401, 403, 403, 200, 403, 403]),
    ("put", "put", "company", "", [401, 403, 403, 200, 403, 403]),
    ("verify unverified", "post", "unverified", "verify/", [401, 404, 404, 404, 404, 200]),
    ("suspend", "post", "company", "suspend/", [401, 403, 403, 403, 403, 200]),
    ("unsuspend", "post", "suspended", "unsuspend/", [401, 404, 404, 404, 404, 200]),
    ("logo", "put", "company", "logo/", [401, 403, 403, 200, 403, 403]),
    ("delete", "delete", "company", "", [401, 405, 405, 405, 405, 405]),
]


def _request(client, method: str, url: str, suffix: str, company: Company | None):
    if method == "get":
        return client.get(url)
    if suffix == "logo/":
        return client.put(url, {"logo": png_upload()}, format="multipart")
    data = registration()
    if method == "put":
        data = registration(organisation_number=company.organisation_number)
    if method == "patch":
        data = {"description": "Ny beskrivning"}
    return getattr(client, method)(url, data, format="json")


@pytest.mark.parametrize(
    ("name", "method", "target", "suffix", "role", "expected"),
    [
        (name, method, target, suffix, role, codes[index])
        for name, method, target, suffix, codes in MATRIX
        for index, role in enumerate(ROLES)
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_permissions(client_for, actors, objects, name, method, target, suffix, role, expected):
    company = objects.get(target)
    url = URL if company is None else f"{URL}{company.pk}/{suffix}"
    response = _request(client_for(actors[role]), method, url, suffix, company)
    assert response.status_code == expected, response.content


def test_the_owner_of_a_suspended_company_sees_it_but_cannot_lift_it(client_for, make_member):
    company = CompanyFactory(suspended=True)
    owner = make_member(User.Role.COMPANY_MEMBER, company.organisation, is_admin=True)
    client = client_for(owner)
    assert client.get(f"{URL}{company.pk}/").json()["suspended"] is True
    assert client.post(f"{URL}{company.pk}/unsuspend/").status_code == 403
    assert client.patch(f"{URL}{company.pk}/", {"description": "x"}).status_code == 403


def test_lists_show_public_companies_own_ones_and_everything_to_the_chamber(
    client_for, actors, objects, make_member
):
    def ids(user):
        response = client_for(user).get(URL, {"page_size": 200})
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    other = Company.objects.get(
        organisation__memberships__user=actors["other_member"]
    )  # the other member's (verified) company
    public = {objects["company"].pk, other.pk}
    assert ids(actors["anonymous"]) == public
    assert ids(actors["student"]) == public
    owner = make_member(User.Role.COMPANY_MEMBER, objects["unverified"].organisation)
    assert ids(owner) == public | {objects["unverified"].pk}
    assert ids(actors["chamber"]) == public | {objects["unverified"].pk, objects["suspended"].pk}


def test_a_member_registers_a_company(client_for, make_member):
    user = make_member(User.Role.COMPANY_MEMBER)
    response = client_for(user).post(URL, registration(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organisation_number"] == "5560360793"
    assert (body["verified"], body["suspended"], body["is_chamber_member"]) == (False, False, False)
    assert (body["sector"], body["municipality"], body["municipality_name"]) == (
        "C",
        "1880",
        "Örebro",
    )
    assert sorted(body["stem_areas"]) == ["advanced_manufacturing", "materials"]
    assert Membership.objects.get(user=user, organisation_id=body["id"]).is_admin


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"organisation_number": "556036-0794"}, "organisation_number"),
        ({"organisation_number": "55603607"}, "organisation_number"),
        ({"organisation_number": "abcdefghij"}, "organisation_number"),
        ({"name": ""}, "name"),
        ({"sector": "Z"}, "sector"),
        ({"municipality": "0000"}, "municipality"),
        ({"stem_areas": ["warp_drive"]}, "stem_areas"),
        ({"website": "not a url"}, "website"),
    ],
)
def test_invalid_registrations_are_400_by_field_and_write_nothing(
    client_for, make_member, changes, field
):
    user = make_member(User.Role.COMPANY_MEMBER)
    before = Organisation.objects.count()
    response = client_for(user).post(URL, registration(**changes), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Organisation.objects.count() == before


def test_an_organisation_number_is_registered_once(client_for, make_member, company):
    user = make_member(User.Role.COMPANY_MEMBER)
    before = Organisation.objects.count()
    response = client_for(user).post(
        URL, registration(organisation_number=company.organisation_number), format="json"
    )
    assert response.status_code == 400
    assert "organisation_number" in response.json()
    assert Organisation.objects.count() == before


def test_an_administrator_edits_the_profile(client_for, member, company):
    response = client_for(member).patch(
        f"{URL}{company.pk}/",
        {"name": "Mälarkraft Nord AB", "stem_areas": ["software"], "municipality": "1880"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["name"], body["stem_areas"], body["municipality"]) == (
        "Mälarkraft Nord AB",
        ["software"],
        "1880",
    )


def test_a_verified_company_keeps_its_number(client_for, member, company):
    response = client_for(member).patch(
        f"{URL}{company.pk}/", {"organisation_number": "5560360793"}, format="json"
    )
    assert response.status_code == 400
    assert "organisation_number" in response.json()


def test_moderation_transitions(client_for, chamber):
    company = CompanyFactory(unverified=True)
    client = client_for(chamber)
    verified = client.post(f"{URL}{company.pk}/verify/")
    assert (verified.status_code, verified.json()["verified"]) == (200, True)
    again = client.post(f"{URL}{company.pk}/verify/")
    assert again.status_code == 400
    assert again.json()["allowed_actions"] == []
    assert client.post(f"{URL}{company.pk}/suspend/").json()["suspended"] is True
    twice = client.post(f"{URL}{company.pk}/suspend/")
    assert (twice.status_code, twice.json()["allowed_actions"]) == (400, ["unsuspend"])
    assert client.post(f"{URL}{company.pk}/unsuspend/").json()["suspended"] is False


def test_filters_for_the_chamber(client_for, chamber, objects):
    client = client_for(chamber)

    def ids(**params):
        response = client.get(URL, params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert objects["unverified"].pk in ids(verified="false")
    assert objects["company"].pk not in ids(verified="false")
    assert ids(suspended="true") == {objects["suspended"].pk}
    assert objects["company"].pk in ids(stem_area="electrification")
    assert ids(municipality="1880") == set()
    assert objects["company"].pk in ids(county="19", sector="C", is_chamber_member="false")
    assert ids(q=objects["company"].organisation.name) >= {objects["company"].pk}
    for bad in ({"verified": "maybe"}, {"sector": "Z"}, {"stem_area": "x"}, {"county": "1"}):
        assert client.get(URL, bad).status_code == 400, bad
    names = [row["name"] for row in client.get(URL, {"ordering": "-name"}).json()["results"]]
    assert names == sorted(names, reverse=True)


def test_the_logo_is_stored_as_two_webp_files(client_for, member, company):
    response = client_for(member).put(
        f"{URL}{company.pk}/logo/", {"logo": png_upload("anything.gif")}, format="multipart"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["logo_256"].endswith(".webp")
    assert body["logo_64"].endswith(".webp")
    company.refresh_from_db()
    with Image.open(company.logo_64) as image:
        assert (image.format, image.size) == ("WEBP", (64, 64))


def test_a_bad_logo_is_a_400_that_says_why(client_for, member, company):
    text = io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>")
    text.name = "logo.png"
    response = client_for(member).put(
        f"{URL}{company.pk}/logo/", {"logo": text}, format="multipart"
    )
    assert response.status_code == 400
    assert "JPEG, PNG or WebP" in response.json()["logo"][0]
    missing = client_for(member).put(f"{URL}{company.pk}/logo/", {}, format="multipart")
    assert (missing.status_code, list(missing.json())) == (400, ["logo"])
