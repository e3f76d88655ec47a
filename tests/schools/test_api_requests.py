"""/api/v1/requests/: who reads and writes which placement requests, validation, transitions."""

import pytest
from django.utils import timezone

from backend.accounts.models import Membership, User
from schools.models import PlacementRequest
from tests.schools.conftest import ROLES
from tests.schools.factories import (
    KUMLA,
    PlacementRequestFactory,
    SchoolFactory,
    programme,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/requests/"
Status = PlacementRequest.Status

NEW_REQUEST = {
    "kind": "internship",
    "level": "gymnasium",
    "programme": "EE",
    "places_needed": 8,
    "period_start": "2026-03-02",
    "period_end": "2026-04-17",
    "max_distance_km": 40,
    "acceptable_municipalities": ["1881", "1880"],
    "stem_areas": ["electrification", "automation"],
    "notes": "Eleverna går år 2.",
}


@pytest.fixture
def own_request(school, counsellor):
    return PlacementRequestFactory(school=school, created_by=counsellor)


@pytest.fixture
def hidden_request(school, chamber):
    return PlacementRequestFactory(
        school=school, hidden_at=timezone.now(), hidden_reason="Reklam", hidden_by=chamber
    )


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


# Permissions: every role on every endpoint


def _expect(**codes):
    """The same code for every role unless named; anonymous is always 401, students 403."""
    return [(role, codes.get(role, 403)) for role in ROLES if role != "anonymous"] + [
        ("anonymous", 401)
    ]


READERS = {"counsellor": 200, "other_counsellor": 200, "company_member": 200, "chamber": 200}


@pytest.mark.parametrize(("role", "expected"), _expect(**READERS))
def test_who_lists_requests(client_as, own_request, role, expected):
    assert client_as(role).get(URL).status_code == expected


@pytest.mark.parametrize(("role", "expected"), _expect(**READERS))
def test_who_reads_an_open_request(client_as, own_request, role, expected):
    assert client_as(role).get(f"{URL}{own_request.pk}/").status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"), _expect(counsellor=201, other_counsellor=201, company_member=403)
)
def test_who_posts_a_request(client_as, role, expected):
    response = client_as(role).post(URL, NEW_REQUEST, format="json")
    assert response.status_code == expected, response.content


@pytest.mark.parametrize(("role", "expected"), _expect(counsellor=200))
def test_who_changes_a_request(client_as, own_request, role, expected):
    response = client_as(role).patch(f"{URL}{own_request.pk}/", {"places_needed": 6})
    assert response.status_code == expected, response.content


@pytest.mark.parametrize(("role", "expected"), _expect(counsellor=200))
def test_who_closes_a_request(client_as, own_request, role, expected):
    assert client_as(role).post(f"{URL}{own_request.pk}/close/").status_code == expected


@pytest.mark.parametrize(("role", "expected"), _expect(chamber=200))
def test_who_hides_a_request(client_as, own_request, role, expected):
    response = client_as(role).post(f"{URL}{own_request.pk}/hide/", {"reason": "Reklam"})
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"), _expect(chamber=200, other_counsellor=404, company_member=404)
)
def test_who_unhides_a_request(client_as, hidden_request, role, expected):
    assert client_as(role).post(f"{URL}{hidden_request.pk}/unhide/").status_code == expected


def test_requests_cannot_be_deleted(client_as, own_request):
    assert client_as("counsellor").delete(f"{URL}{own_request.pk}/").status_code == 405


# What each role sees


def _catalogue(school, other_school):
    unverified = SchoolFactory(organisation__verified_at=None)
    suspended = SchoolFactory(organisation__suspended=True)
    hidden = {"hidden_at": timezone.now(), "hidden_reason": "Reklam"}
    return {
        "open": PlacementRequestFactory(school=other_school),
        "partial": PlacementRequestFactory(
            school=other_school, status=Status.PARTIALLY_FILLED, places_filled=1
        ),
        "filled": PlacementRequestFactory(
            school=other_school, status=Status.FILLED, places_filled=4
        ),
        "closed": PlacementRequestFactory(school=other_school, status=Status.CLOSED),
        "hidden_other": PlacementRequestFactory(school=other_school, **hidden),
        "hidden_own": PlacementRequestFactory(school=school, **hidden),
        "unverified": PlacementRequestFactory(school=unverified),
        "suspended": PlacementRequestFactory(school=suspended),
    }


SEES = {
    "counsellor": {"open", "partial", "filled", "closed", "hidden_own"},
    "other_counsellor": {"open", "partial", "filled", "closed", "hidden_other"},
    "company_member": {"open", "partial"},
    "chamber": {
        "open",
        "partial",
        "filled",
        "closed",
        "hidden_other",
        "hidden_own",
        "unverified",
        "suspended",
    },
}


@pytest.mark.parametrize("role", list(SEES))
def test_each_role_sees_its_share(client_as, school, other_school, role):
    catalogue = _catalogue(school, other_school)
    client = client_as(role)

    assert _ids(client.get(URL, {"page_size": 50})) == {catalogue[k].pk for k in SEES[role]}
    for name, placement_request in catalogue.items():
        expected = 200 if name in SEES[role] else 404
        assert client.get(f"{URL}{placement_request.pk}/").status_code == expected, name


def test_members_of_an_unverified_school_see_its_requests(client_for, make_member):
    unverified = SchoolFactory(organisation__verified_at=None)
    member = make_member(User.Role.COUNSELLOR, unverified.organisation)
    placement_request = PlacementRequestFactory(school=unverified)

    assert _ids(client_for(member).get(URL)) == {placement_request.pk}


def test_hidden_reason_goes_to_the_school_and_the_chamber_only(client_as, hidden_request):
    url = f"{URL}{hidden_request.pk}/"
    assert client_as("counsellor").get(url).json()["hidden_reason"] == "Reklam"
    assert client_as("chamber").get(url).json()["hidden_reason"] == "Reklam"


def test_the_author_is_named_to_their_own_school_only(client_as, own_request, counsellor):
    url = f"{URL}{own_request.pk}/"
    assert client_as("counsellor").get(url).json()["created_by"] == counsellor.get_full_name()
    for role in ("other_counsellor", "company_member", "chamber"):
        assert client_as(role).get(url).json()["created_by"] is None, role


def test_a_request_reads_back_as_posted(client_as, school):
    response = client_as("counsellor").post(URL, NEW_REQUEST, format="json")

    body = response.json()
    assert {key: body[key] for key in NEW_REQUEST} == {
        **NEW_REQUEST,
        "acceptable_municipalities": ["1880", "1881"],  # by code
        "stem_areas": ["automation", "electrification"],
    }
    assert body["school"] == school.pk
    assert body["school_name"] == "Örebro tekniska gymnasium"
    assert (body["school_municipality"], body["municipality"]) == ("1880", "1880")
    assert body["programme_name"] == programme("EE").name
    assert (body["places_filled"], body["places_open"], body["status"]) == (0, 8, "open")
    assert (body["hidden"], body["hidden_reason"], body["distance_km"]) == (False, None, None)


def test_a_counsellor_of_several_schools_names_the_school(client_for, make_member, school):
    second = SchoolFactory()
    user = make_member(User.Role.COUNSELLOR, school.organisation)
    Membership.objects.create(user=user, organisation=second.organisation, status="approved")

    missing = client_for(User.objects.get(pk=user.pk)).post(URL, NEW_REQUEST, format="json")
    assert missing.status_code == 400
    assert "school" in missing.json()

    chosen = client_for(User.objects.get(pk=user.pk)).post(
        URL, {**NEW_REQUEST, "school": second.pk}, format="json"
    )
    assert chosen.status_code == 201
    assert chosen.json()["school"] == second.pk


# Validation: a 400 naming the field, and nothing written


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"period_end": "2026-03-01"}, "period_end"),
        ({"period_start": "2026-13-01"}, "period_start"),
        ({"period_start": None}, "period_start"),
        ({"places_needed": 0}, "places_needed"),
        ({"places_needed": "many"}, "places_needed"),
        ({"kind": "thesis"}, "kind"),
        ({"kind": "apprenticeship", "level": "yrkeshogskola", "programme": None}, "kind"),
        ({"kind": "apprenticeship", "programme": "NA"}, "programme"),
        ({"level": "university"}, "programme"),
        ({"programme": None}, "programme"),
        ({"programme": "XX"}, "programme"),
        ({"kind": "circus"}, "kind"),
        ({"stem_areas": ["electrification", "juggling"]}, "stem_areas"),
        ({"acceptable_municipalities": ["9999"]}, "acceptable_municipalities"),
        ({"municipality": "abcd"}, "municipality"),
        ({"max_distance_km": 0}, "max_distance_km"),
        ({"notes": "Kontakta eleven 090314-1234"}, "notes"),
        ({"school": 999999}, "school"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client_as, counsellor, changes, field):
    response = client_as("counsellor").post(URL, {**NEW_REQUEST, **changes}, format="json")

    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not PlacementRequest.objects.exists()


def test_posting_for_another_school_is_a_field_error(client_as, other_school):
    response = client_as("counsellor").post(
        URL, {**NEW_REQUEST, "school": other_school.pk}, format="json"
    )
    assert response.status_code == 400
    assert "school" in response.json()


def test_a_failed_change_leaves_the_request_as_it_was(client_as, own_request):
    response = client_as("counsellor").patch(
        f"{URL}{own_request.pk}/",
        {"notes": "Ny text", "period_end": "2026-01-01", "stem_areas": ["energy"]},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["period_end"]
    own_request.refresh_from_db()
    assert own_request.notes == ""
    assert not own_request.stem_areas.exists()


def test_put_replaces_the_request(client_as, own_request):
    payload = {**NEW_REQUEST, "places_needed": 3, "municipality": KUMLA, "stem_areas": []}
    response = client_as("counsellor").put(f"{URL}{own_request.pk}/", payload, format="json")

    assert response.status_code == 200, response.content
    own_request.refresh_from_db()
    assert (own_request.places_needed, own_request.municipality_id) == (3, KUMLA)
    assert set(own_request.acceptable_municipalities.values_list("code", flat=True)) == {
        "1880",
        "1881",
    }
    assert not own_request.stem_areas.exists()


def test_a_request_cannot_move_to_another_school(client_as, own_request, other_school):
    response = client_as("counsellor").patch(
        f"{URL}{own_request.pk}/", {"school": other_school.pk}, format="json"
    )
    assert response.status_code == 400
    assert "school" in response.json()


# Transitions


def test_close_then_close_again_names_what_is_allowed(client_as, own_request):
    client = client_as("counsellor")

    closed = client.post(f"{URL}{own_request.pk}/close/")
    assert (closed.status_code, closed.json()["status"]) == (200, "closed")
    assert closed.json()["closed_at"] is not None

    again = client.post(f"{URL}{own_request.pk}/close/")
    assert again.status_code == 400
    assert "Only open or partially filled requests can be closed" in again.json()["detail"]
    changed = client.patch(f"{URL}{own_request.pk}/", {"places_needed": 2})
    assert changed.status_code == 400
    assert "Only open or partially filled requests can be changed" in changed.json()["detail"]


def test_a_filled_request_cannot_be_closed(client_as, school):
    filled = PlacementRequestFactory(school=school, status=Status.FILLED, places_filled=4)
    response = client_as("counsellor").post(f"{URL}{filled.pk}/close/")
    assert response.status_code == 400
    assert "this one is filled" in response.json()["detail"]


def test_hide_and_unhide(client_as, own_request):
    chamber = client_as("chamber")
    url = f"{URL}{own_request.pk}"

    assert chamber.post(f"{url}/hide/", {}).json() == {
        "reason": ["Give a reason: the school will read it."]
    }
    hidden = chamber.post(f"{url}/hide/", {"reason": "Innehåller reklam"})
    assert (hidden.json()["hidden"], hidden.json()["hidden_reason"]) == (True, "Innehåller reklam")
    assert client_as("company_member").get(f"{url}/").status_code == 404
    assert "can only be unhidden" in chamber.post(f"{url}/hide/", {"reason": "x"}).json()["detail"]

    assert chamber.post(f"{url}/unhide/").json()["hidden"] is False
    assert client_as("company_member").get(f"{url}/").status_code == 200
    assert "can only be hidden" in chamber.post(f"{url}/unhide/").json()["detail"]


def test_who_may_not_hide_is_refused_before_the_reason_is_asked(client_as, own_request):
    response = client_as("counsellor").post(f"{URL}{own_request.pk}/hide/", {})
    assert response.status_code == 403
    own_request.refresh_from_db()
    assert own_request.hidden_at is None


def test_the_owner_may_still_fix_a_hidden_request(client_as, hidden_request):
    response = client_as("counsellor").patch(f"{URL}{hidden_request.pk}/", {"notes": "Rättat"})
    assert response.status_code == 200
    assert response.json()["hidden_reason"] == "Reklam"


def test_suspending_a_school_hides_its_requests_from_others(client_as, other_school):
    placement_request = PlacementRequestFactory(school=other_school)
    other_school.organisation.suspended = True
    other_school.organisation.save()

    for role in ("counsellor", "company_member"):
        assert client_as(role).get(f"{URL}{placement_request.pk}/").status_code == 404
    assert client_as("chamber").get(f"{URL}{placement_request.pk}/").status_code == 200
