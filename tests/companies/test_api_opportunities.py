"""/api/v1/opportunities/: permissions of every role on every endpoint, visibility, the output,
bad input and the transitions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.accounts.models import User
from companies.models import Opportunity
from tests.companies.conftest import ROLES
from tests.companies.factories import CompanyFactory, OpportunityFactory
from tests.matching.factories import open_opportunity

pytestmark = pytest.mark.django_db
URL = "/api/v1/opportunities/"


def payload(**overrides) -> dict:
    return {
        "kind": "internship",
        "level": "gymnasium",
        "title": "APL som elektriker",
        "description": "Montage av laddstationer.",
        "municipality": "1980",
        "places": 3,
        "programmes": ["EE"],
        "stem_areas": ["electrification"],
        "languages": ["sv"],
        "requirements": ["driving_licence"],
        "period_start": "2027-03-01",
        "period_end": "2027-04-09",
        "application_deadline": "2027-01-31",
        "contact_name": "Erik Johansson",
        "contact_email": "erik@foretag.example",
        **overrides,
    }


GLA = {
    "kind": "apprenticeship",
    "salary_amount": "15500.00",
    "salary_period": "monthly",
    "hours_per_week": 24,
    "handledare_name": "Sara Lind",
    "handledare_email": "sara@foretag.example",
    "utbildningskontrakt_agreed": True,
}


@pytest.fixture
def objects(company):
    """A public, a draft and a hidden opportunity of `company`."""
    return {
        "public": OpportunityFactory(company=company),
        "draft": OpportunityFactory(company=company, draft=True),
        "hidden": OpportunityFactory(company=company, hidden=True),
    }


def _call(client, method: str, url: str, data: dict | None = None):
    return getattr(client, method)(url, data, format="json")


# role order: anonymous, student, counsellor, member, other_member, chamber
MATRIX = [
    ("list", "get", None, None, [200, 200, 200, 200, 200, 200]),
    ("retrieve public", "get", "public", "", [200, 200, 200, 200, 200, 200]),
    ("retrieve draft", "get", "draft", "", [404, 404, 404, 200, 404, 200]),
    ("retrieve hidden", "get", "hidden", "", [404, 404, 404, 200, 404, 200]),
    ("create", "post", None, None, [401, 403, 403, 201, 201, 403]),
    ("patch public", "patch", "public", "", [401, 403, 403, 200, 403, 403]),
    ("patch draft", "patch", "draft", "", [401, 404, 404, 200, 404, 403]),
    ("put public", "put", "public", "", [401, 403, 403, 200, 403, 403]),
    ("delete public", "delete", "public", "", [401, 405, 405, 405, 405, 405]),
    ("publish draft", "post", "draft", "publish/", [401, 404, 404, 200, 404, 403]),
    ("close public", "post", "public", "close/", [401, 403, 403, 200, 403, 403]),
    ("hide public", "post", "public", "hide/", [401, 403, 403, 403, 403, 200]),
    ("unhide hidden", "post", "hidden", "unhide/", [401, 404, 404, 403, 404, 200]),
]


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
    url = URL if target is None else f"{URL}{objects[target].pk}/{suffix}"
    data = {"reason": "Saknar handledare."} if suffix == "hide/" else payload()
    if method == "patch":
        data = {"title": "Ny titel"}
    response = _call(client_for(actors[role]), method, url, None if method == "get" else data)
    assert response.status_code == expected, response.content


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_only_public_opportunities_are_public(client_for, actors, company, objects):
    closed = OpportunityFactory(company=company, closed=True)
    unverified = OpportunityFactory(company=CompanyFactory(unverified=True))
    suspended = OpportunityFactory(company=CompanyFactory(suspended=True))
    public = objects["public"]
    for role in ("anonymous", "student", "counsellor", "other_member"):
        assert _ids(client_for(actors[role]).get(URL)) == {public.pk}, role
    everything_of_company = {o.pk for o in (*objects.values(), closed)}
    assert _ids(client_for(actors["member"]).get(URL)) == everything_of_company
    assert _ids(client_for(actors["chamber"]).get(URL)) == everything_of_company | {
        unverified.pk,
        suspended.pk,
    }


def test_a_published_opportunity_goes_public_when_its_company_is_verified(
    client_for, actors, make_member
):
    company = CompanyFactory(unverified=True)
    opportunity = OpportunityFactory(company=company)
    anonymous = client_for(None)
    assert anonymous.get(f"{URL}{opportunity.pk}/").status_code == 404
    assert (
        client_for(actors["chamber"]).post(f"/api/v1/companies/{company.pk}/verify/").status_code
        == 200
    )
    assert anonymous.get(f"{URL}{opportunity.pk}/").status_code == 200


def test_a_member_of_a_suspended_company_still_reads_its_opportunities(
    client_for, actors, company, objects
):
    client_for(actors["chamber"]).post(f"/api/v1/companies/{company.pk}/suspend/")
    member = User.objects.get(pk=actors["member"].pk)
    assert _ids(client_for(member).get(URL)) == {o.pk for o in objects.values()}
    assert _ids(client_for(None).get(URL)) == set()
    response = client_for(member).patch(f"{URL}{objects['draft'].pk}/", {"title": "x"})
    assert response.status_code == 403


def test_hidden_reason_is_for_the_owner_and_the_chamber(client_for, actors, company):
    opportunity = OpportunityFactory(company=company)
    client_for(actors["chamber"]).post(
        f"{URL}{opportunity.pk}/hide/", {"reason": "Saknar handledare."}, format="json"
    )
    for role in ("member", "chamber"):
        body = client_for(actors[role]).get(f"{URL}{opportunity.pk}/").json()
        assert body["hidden_reason"] == "Saknar handledare.", role
        assert body["hidden_at"]
    public = OpportunityFactory(company=company)
    body = client_for(actors["student"]).get(f"{URL}{public.pk}/").json()
    assert "hidden_reason" not in body
    assert "hidden_at" not in body


def test_contact_details_are_never_shown_to_anonymous_visitors(client_for, actors, company):
    opportunity = OpportunityFactory(company=company, apprenticeship=True)
    contact = {"contact_name", "contact_email", "contact_phone", "handledare_name"}
    for body in (
        client_for(None).get(f"{URL}{opportunity.pk}/").json(),
        client_for(None).get(URL).json()["results"][0],
    ):
        assert not contact & body.keys()
        assert "handledare_email" not in body
        assert body["salary_amount"] == "15000.00"
    body = client_for(actors["student"]).get(f"{URL}{opportunity.pk}/").json()
    assert body["contact_email"] == opportunity.contact_email
    assert body["handledare_name"] == "Sara Lind"


def test_the_output(client_for, actors, company):
    opportunity = OpportunityFactory(
        company=company,
        programmes=["EE", "IN"],
        stem_areas=["electrification", "automation"],
        speaks_english=True,
        security_clearance=True,
        places=3,
        places_taken=3,
    )
    body = client_for(actors["student"]).get(f"{URL}{opportunity.pk}/").json()
    assert body["company"] == {
        "id": company.pk,
        "name": company.organisation.name,
        "municipality": "1980",
    }
    assert (body["municipality"], body["municipality_name"]) == ("1980", "Västerås")
    assert body["programmes"] == ["EE", "IN"]
    assert sorted(body["stem_areas"]) == ["automation", "electrification"]
    assert body["languages"] == ["sv", "en"]
    assert body["requirements"] == ["security_clearance"]
    assert (body["status"], body["places_left"], body["places"]) == ("filled", 0, 3)
    assert body["flexible_period"] is True
    assert body["distance_km"] is None


def test_a_member_creates_a_draft_of_their_company(client_for, member, company):
    response = client_for(member).post(URL, payload(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["company"]["id"]) == ("draft", company.pk)
    assert body["programmes"] == ["EE"]
    assert body["requirements"] == ["driving_licence"]
    assert body["languages"] == ["sv"]
    opportunity = Opportunity.objects.get(pk=body["id"])
    assert (opportunity.driving_licence, opportunity.min_age_18) == (True, False)


def test_a_gla_place_and_a_thesis_are_created_with_their_fields(client_for, member):
    client = client_for(member)
    gla = client.post(URL, payload(**GLA), format="json")
    assert gla.status_code == 201, gla.content
    assert gla.json()["utbildningskontrakt_agreed"] is True
    thesis = payload(
        kind="thesis",
        level="university",
        programmes=[],
        thesis_degree="master",
        thesis_credits=30,
        needs_university_supervisor=True,
        languages=["en"],
    )
    response = client.post(URL, thesis, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["thesis_degree"], response.json()["languages"]) == ("master", ["en"])


INVALID = [
    ({"title": ""}, "title"),
    ({"municipality": "9999"}, "municipality"),
    ({"programmes": ["XX"]}, "programmes"),
    ({"stem_areas": ["nope"]}, "stem_areas"),
    ({"languages": []}, "languages"),
    ({"languages": ["de"]}, "languages"),
    ({"requirements": ["pilot_licence"]}, "requirements"),
    ({"kind": "unicorn"}, "kind"),
    ({"places": 0}, "places"),
    ({"period_start": "2027-02-30"}, "period_start"),
    ({"period_end": "2027-02-01"}, "period_end"),
    ({"period_end": None}, "period_end"),
    ({"application_deadline": "2027-03-02"}, "application_deadline"),
    ({"kind": "thesis", "programmes": [], "thesis_degree": "master"}, "level"),
    ({"kind": "thesis", "level": "university", "programmes": []}, "thesis_degree"),
    ({**GLA, "salary_amount": None}, "salary_amount"),
    ({**GLA, "handledare_name": ""}, "handledare_name"),
    ({**GLA, "utbildningskontrakt_agreed": False}, "utbildningskontrakt_agreed"),
    ({**GLA, "programmes": ["NA"]}, "programmes"),
    ({**GLA, "level": "university", "programmes": []}, "level"),
    ({"salary_amount": "100.00"}, "salary_amount"),
    ({"level": "university"}, "programmes"),
    ({"level": "grundskola", "programmes": [], "requirements": ["min_age_18"]}, "requirements"),
    ({"contact_email": "not-an-address"}, "contact_email"),
    ({"thesis_credits": 99}, "thesis_credits"),
]


@pytest.mark.parametrize(("changes", "field"), INVALID)
def test_invalid_input_is_a_400_naming_the_field_and_writes_nothing(
    client_for, member, changes, field
):
    response = client_for(member).post(URL, payload(**changes), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert all(response.json()[field])
    assert not Opportunity.objects.exists()


def test_an_invalid_update_changes_nothing(client_for, member, company):
    opportunity = OpportunityFactory(company=company, title="Före", programmes=["EE"])
    response = client_for(member).patch(
        f"{URL}{opportunity.pk}/",
        {"title": "Efter", "programmes": ["IN"], "level": "university"},
        format="json",
    )
    assert response.status_code == 400
    opportunity.refresh_from_db()
    assert opportunity.title == "Före"
    assert list(opportunity.programmes.values_list("code", flat=True)) == ["EE"]


def test_an_update_changes_languages_and_requirements(client_for, member, company):
    opportunity = OpportunityFactory(company=company, min_age_18=True)
    response = client_for(member).patch(
        f"{URL}{opportunity.pk}/",
        {"languages": ["en"], "requirements": ["swedish_citizenship"]},
        format="json",
    )
    assert response.status_code == 200, response.content
    opportunity.refresh_from_db()
    assert (opportunity.speaks_swedish, opportunity.speaks_english) == (False, True)
    assert (opportunity.min_age_18, opportunity.swedish_citizenship) == (False, True)


def test_a_member_of_several_companies_names_one_of_theirs(client_for, make_member, company):
    user = make_member(User.Role.COMPANY_MEMBER, company.organisation)
    second = CompanyFactory()
    make_member_for_second = User.objects.get(pk=user.pk)
    from tests.backend.accounts.factories import MembershipFactory

    MembershipFactory(user=make_member_for_second, organisation=second.organisation)
    client = client_for(User.objects.get(pk=user.pk))
    response = client.post(URL, payload(), format="json")
    assert response.status_code == 400
    assert "company" in response.json()
    foreign = CompanyFactory()
    response = client.post(URL, payload(company=foreign.pk), format="json")
    assert response.status_code == 400
    assert "company" in response.json()
    response = client.post(URL, payload(company=second.pk), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["company"]["id"] == second.pk


def test_an_opportunity_stays_with_its_company(client_for, member, company):
    opportunity = OpportunityFactory(company=company)
    response = client_for(member).patch(
        f"{URL}{opportunity.pk}/", {"company": CompanyFactory().pk}, format="json"
    )
    assert response.status_code == 400
    assert "company" in response.json()


def test_transitions_through_the_api(client_for, member, chamber, company):
    opportunity = OpportunityFactory(company=company, draft=True)
    owner, staff = client_for(member), client_for(chamber)
    url = f"{URL}{opportunity.pk}/"
    assert owner.post(f"{url}publish/").json()["status"] == "published"
    again = owner.post(f"{url}publish/")
    assert again.status_code == 400
    assert again.json()["allowed_actions"] == ["close"]
    assert "draft" in again.json()["detail"]

    no_reason = staff.post(f"{url}hide/", {"reason": ""}, format="json")
    assert (no_reason.status_code, list(no_reason.json())) == (400, ["reason"])
    assert staff.post(f"{url}hide/", {"reason": "Fel län."}, format="json").status_code == 200
    twice = staff.post(f"{url}hide/", {"reason": "Igen."}, format="json")
    assert (twice.status_code, twice.json()["allowed_actions"]) == (400, ["unhide"])
    assert staff.post(f"{url}unhide/").status_code == 200
    not_hidden = staff.post(f"{url}unhide/")
    assert (not_hidden.status_code, not_hidden.json()["allowed_actions"]) == (400, ["hide"])

    assert owner.post(f"{url}close/").json()["status"] == "closed"
    closed = owner.post(f"{url}close/")
    assert (closed.status_code, closed.json()["allowed_actions"]) == (400, [])
    edit = owner.patch(url, {"title": "x"}, format="json")
    assert edit.status_code == 400
    assert edit.json()["allowed_actions"] == []


def _count_queries(client_for, user: User | None, params: dict) -> int:
    # A fresh user object each time: the organisations a user acts for are cached on it.
    client = client_for(user and User.objects.get(pk=user.pk))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == params["page_size"]
    return len(queries)


@pytest.mark.parametrize("role", ["anonymous", "member", "chamber"])
@pytest.mark.parametrize("near", [{}, {"near": "1980", "ordering": "distance"}])
def test_the_list_costs_the_same_queries_for_any_page_size(
    client_for, actors, company, role, near, django_assert_max_num_queries
):
    for index in range(50):
        OpportunityFactory(
            company=company if index % 2 else CompanyFactory(),
            programmes=["EE", "IN"],
            stem_areas=["electrification", "automation"],
        )
    # The first search near a place reads the municipalities' coordinates, once per process.
    _count_queries(client_for, actors[role], {"page_size": 5, **near})
    small = _count_queries(client_for, actors[role], {"page_size": 5, **near})
    large = _count_queries(client_for, actors[role], {"page_size": 50, **near})
    assert small == large
    user = actors[role] and User.objects.get(pk=actors[role].pk)
    with django_assert_max_num_queries(small):
        client_for(user).get(URL, {"page_size": 50, **near})
    assert small <= 9


def test_status_and_places_taken_are_not_writable(client_for, member, company):
    opportunity = OpportunityFactory(company=company, draft=True)
    response = client_for(member).patch(
        f"{URL}{opportunity.pk}/",
        {"status": "published", "places_taken": 2, "hidden_reason": "x"},
        format="json",
    )
    assert response.status_code == 200
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.places_taken) == ("draft", 0)


def test_the_browsable_api_renders(client, member, company):
    opportunity = OpportunityFactory(company=company)
    client.force_login(member)
    for url in (URL, f"{URL}{opportunity.pk}/", f"{URL}?near=1880&ordering=distance"):
        assert client.get(url, HTTP_ACCEPT="text/html").status_code == 200, url


def test_pages_follow_each_other_and_end(client_for, company):
    created = {open_opportunity(company=company).pk for _ in range(7)}
    client = client_for(None)

    pages = [client.get(URL, {"page_size": 3, "page": n}) for n in (1, 2, 3)]
    past_the_end = client.get(URL, {"page_size": 3, "page": 4})
    not_a_page = client.get(URL, {"page_size": 3, "page": "first"})

    bodies = [page.json() for page in pages]
    assert [b["count"] for b in bodies] == [7, 7, 7]
    seen = [item["id"] for b in bodies for item in b["results"]]
    assert sorted(seen) == sorted(created)  # every one once, none twice
    assert [len(b["results"]) for b in bodies] == [3, 3, 1]
    assert (past_the_end.status_code, not_a_page.status_code) == (404, 404)


def test_the_search_page_past_the_end_shows_the_last_page(client, company):
    for _ in range(21):
        open_opportunity(company=company)

    html = client.get("/opportunities/", {"page": 99}).content.decode()

    assert "Page 2 of 2" in html


def test_hiding_refuses_a_non_moderator_before_it_asks_for_the_reason(client_for, actors):
    """Who may, before what: a member without a reason is told they may not (403), the chamber
    is told to give one (400, by field), in the service's words on every surface."""
    opportunity = OpportunityFactory()
    url = f"{URL}{opportunity.pk}/hide/"
    assert client_for(actors["member"]).post(url, {}, format="json").status_code == 403
    refused = client_for(actors["chamber"]).post(url, {}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"reason": ["Say why, so the company can put it right."]}
