"""Inputs at the edges that used to answer 500 (issue 16), and answers that told what exists.

Every case here is something a client can send: JSON nested deeper than any document of the API,
a page number or an id beyond a 64-bit integer, OPTIONS on any operation, a body over the size
limit; and ids of organisations the caller cannot see, which must answer like missing ones.
"""

import pytest
from django.core.cache import cache

from tests.companies.factories import CompanyFactory
from tests.reliability.figures import CASES
from tests.reliability.world import World
from tests.schools.factories import SchoolFactory

V = "/api/v1/"
pytestmark = pytest.mark.django_db
HUGE = 10**30

DEEP = 950


def _deep_json(depth: int = DEEP) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def _json_error(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response.json()


@pytest.mark.parametrize(
    ("role", "method", "path"),
    [
        ("anonymous", "post", "auth/token/"),
        ("student", "patch", "students/me/"),
        ("member", "patch", "opportunities/{opportunity}/"),
        ("counsellor", "post", "placements/confirm/"),
        ("student", "post", "threads/"),
    ],
)
def test_json_nested_beyond_any_document_is_a_400(world: World, client, role, method, path):
    cache.clear()  # the token endpoint's rate limit counts earlier tests' requests from 127.0.0.1
    url = V + path.format(opportunity=world.a.published.pk)
    send = getattr(client, method)
    for body in (_deep_json(), "[" * DEEP + "]" * DEEP):
        response = send(url, body, content_type="application/json", **world.headers(role))
        CASES["input edges: deep JSON"] += 1
        assert response.status_code == 400, (url, response.status_code)
        assert "detail" in _json_error(response)


@pytest.mark.parametrize(
    "path", ["opportunities/", "companies/", "requests/", "applications/", "placements/"]
)
def test_a_page_number_beyond_any_integer_is_a_404(world: World, client, path):
    for page in (HUGE, 2**63, -1, "NaN"):
        response = client.get(f"{V}{path}?page={page}", **world.headers("counsellor"))
        CASES["input edges: page numbers"] += 1
        assert response.status_code == 404, (path, page, response.status_code)
        assert "detail" in _json_error(response)


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("student", "students/me/"),
        ("anonymous", "students/me/"),
        ("member", "placements/{placement}/sign/"),
        ("member", "placements/{placement}/start/"),
        ("member", "placements/{placement}/risk-assessment/confirm/"),
        ("member", "placements/{placement}/evaluations/"),
        ("member", "placements/{placement}/evaluations/handledare/"),
        ("student", "placements/{placement}/evaluations/student/"),
        ("anonymous", "reports/open-data/?format=csv"),
        ("chamber", "reports/open-data/?format=csv"),
    ],
)
def test_options_answers_without_an_error(world: World, client, role, path):
    url = V + path.format(placement=world.a.placement.pk)
    response = client.options(url, **world.headers(role))
    CASES["input edges: OPTIONS"] += 1
    assert response.status_code in (200, 401, 403), (url, response.status_code)


@pytest.mark.parametrize(
    "path",
    [
        "opportunities/{id}/",
        "companies/{id}/",
        "schools/{id}/",
        "requests/{id}/",
        "applications/{id}/",
        "placements/{id}/",
        "placements/{id}/plan/",
        "placements/{id}/agreement/",
        "threads/{id}/",
        "notifications/{id}/",
        "allocation-rounds/{id}/",
        "companies/{id}/handledare-defaults/",
        "schools/{id}/hour-limits/",
        "organisations/{id}/",
    ],
)
def test_an_id_beyond_any_integer_in_a_path_is_a_404(world: World, client, path):
    for role in ("counsellor", "member", "chamber"):
        response = client.get(V + path.format(id=HUGE), **world.headers(role))
        CASES["input edges: huge ids in paths"] += 1
        assert response.status_code == 404, (path, role, response.status_code)


@pytest.mark.parametrize(
    ("role", "path", "body"),
    [
        ("student", "applications/", {"opportunity": HUGE, "motivation": "Hej"}),
        ("student", "threads/", {"application": HUGE, "body": "Hej"}),
        ("counsellor", "threads/", {"request": HUGE, "company": HUGE, "body": "Hej"}),
        ("counsellor", "placements/confirm/", {"opportunity": HUGE, "request": HUGE}),
        ("member", "invitations/", {"organisation": HUGE, "email": "ny@example.se"}),
    ],
)
def test_an_id_beyond_any_integer_in_a_body_is_a_400(world: World, client, role, path, body):
    response = client.post(V + path, body, content_type="application/json", **world.headers(role))
    CASES["input edges: huge ids in bodies"] += 1
    assert response.status_code == 400, (path, response.status_code, response.content[:300])
    assert _json_error(response)


def test_a_body_over_the_limit_under_the_api_is_a_json_400(world: World, client, settings):
    body = '{"description": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + '"}'
    response = client.patch(
        f"{V}opportunities/{world.a.published.pk}/",
        body,
        content_type="application/json",
        **world.headers("member"),
    )
    CASES["input edges: bodies over the limit"] += 1
    assert response.status_code == 400
    assert "detail" in _json_error(response)


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("member", "companies/{company}/handledare-defaults/"),
        ("counsellor", "schools/{school}/hour-limits/"),
        ("student", "schools/{school}/hour-limits/"),
    ],
)
def test_an_organisation_the_caller_cannot_see_answers_like_a_missing_one(
    world: World, client, role, path
):
    """The same 404 for the id of an organisation the caller cannot see (not verified yet) as
    for an id that does not exist: the answer does not tell which ids exist."""
    hidden = {
        "company": CompanyFactory(organisation__verified_at=None).pk,
        "school": SchoolFactory(organisation__verified_at=None).pk,
    }
    missing = dict.fromkeys(hidden, 999_999)
    answers = [
        client.get(V + path.format(**ids), **world.headers(role)) for ids in (hidden, missing)
    ]
    CASES["input edges: other organisations' ids"] += 1
    assert [a.status_code for a in answers] == [404, 404]
    assert answers[0].json() == answers[1].json()
