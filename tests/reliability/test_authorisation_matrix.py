"""The authorisation matrix: every API operation x every role x own and another side's object.

The operations come from the OpenAPI schema, so a new endpoint fails the first test until it is
given a row in tests/reliability/matrix.py. Each case checks the status class (allowed: 2xx, or
400 for the empty body it is sent; refused: 401, 403 or 404), that a refused write changed
nothing in the database, and that no answer carries text the role must never see.
"""

import json

import pytest
from django.db import transaction
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from drf_spectacular.generators import SchemaGenerator

from tests.reliability.conftest import database_fingerprint
from tests.reliability.figures import CASES
from tests.reliability.matrix import BODIES, EXPECTED, FORBIDDEN_TEXT, NO, OBJECTS, OK, POLICIES
from tests.reliability.world import ROLES, SIDES, World

METHODS = ("get", "post", "put", "patch", "delete")
ALLOWED = frozenset({400})  # besides 2xx: past the permission check, refused for the empty body
REFUSED = frozenset({401, 403, 404})
MULTIPART_OPERATIONS = frozenset({("/api/v1/companies/{id}/logo/", "put")})


class _RollbackError(Exception):
    pass


def schema_operations() -> set[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (path, method)
        for path, item in schema["paths"].items()
        for method in item
        if method in METHODS
    }


def test_every_operation_has_a_row_and_every_row_an_operation():
    operations = schema_operations()
    missing = sorted(operations - EXPECTED.keys())
    gone = sorted(EXPECTED.keys() - operations)
    assert not missing, f"add to tests/reliability/matrix.py EXPECTED: {missing}"
    assert not gone, f"no longer in the API, remove from EXPECTED: {gone}"


def test_every_row_names_a_known_policy_and_object():
    for (path, method), (kind, policy) in EXPECTED.items():
        assert policy in POLICIES, (path, method)
        assert (kind is None) == ("{" not in path), (path, method)
        assert kind is None or kind in OBJECTS, (path, method)


def _send(world: World, path: str, method: str, url: str, headers: dict):
    client = Client(raise_request_exception=False)
    if method == "get":
        return client.get(url, **headers)
    if (path, method) in MULTIPART_OPERATIONS:
        body = encode_multipart(BOUNDARY, {})
        return client.generic(method.upper(), url, body, MULTIPART_CONTENT, **headers)
    body = BODIES[(path, method)](world) if (path, method) in BODIES else {}
    return client.generic(method.upper(), url, json.dumps(body), "application/json", **headers)


def _outcome(status: int) -> str:
    if 200 <= status < 300:
        return "answered 2xx"
    return "answered 400 (past the permission check)" if status == 400 else f"refused {status}"


def _case(
    world: World, path: str, method: str, role: str, side: str, expected: str, before: str | None
) -> list[str]:
    """The problems of one case (none: it passed). Whatever it wrote is rolled back."""
    kind, _policy = EXPECTED[(path, method)]
    url = path.format(**OBJECTS[kind](world, role, side)) if kind else path
    label = f"{method.upper()} {url} as {role} ({'own' if side == 'a' else 'other'})"
    problems: list[str] = []
    try:
        with transaction.atomic():
            response = _send(world, path, method, url, world.headers(role))
            status = response.status_code
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if status >= 500:
                problems.append(f"{label}: {status} {body[:300]!r}")
            elif expected == OK and not (200 <= status < 300 or status in ALLOWED):
                problems.append(f"{label}: allowed by the table, got {status} {body[:200]!r}")
            elif expected == NO and status not in REFUSED:
                problems.append(f"{label}: refused by the table, got {status} {body[:200]!r}")
            if expected == NO and before is not None and database_fingerprint() != before:
                problems.append(f"{label}: refused ({status}) but the database changed")
            CASES[f"authorisation matrix: {_outcome(status)}"] += 1
            text = body.decode("utf-8", "replace")
            leaked = [secret for secret in FORBIDDEN_TEXT[role] if secret in text]
            if leaked:
                problems.append(f"{label}: {status} answer contains {leaked}")
            raise _RollbackError
    except _RollbackError:
        pass
    CASES["authorisation matrix: cases"] += 1
    return problems


@pytest.mark.parametrize(("path", "method"), sorted(EXPECTED), ids=lambda v: v)
def test_operation(world, db, path, method):
    kind, policy = EXPECTED[(path, method)]
    before = None if method == "get" else database_fingerprint()
    problems = []
    for role in ROLES:
        for index, side in enumerate(SIDES if kind else SIDES[:1]):
            expected = POLICIES[policy][role][index]
            problems += _case(world, path, method, role, side, expected, before)
    assert not problems, "\n".join(problems)


MUST_FAIL = [
    # (role, path, object) of the issue, named once more so that no table edit can drop them.
    # DESIGN.md lets every counsellor read every request; what belongs to the school that posted
    # it (its ranked matches, its students, its proposals) is refused to another school.
    ("counsellor", "/api/v1/requests/{id}/matches/", "request"),
    ("counsellor", "/api/v1/students/{id}/", "student"),
    ("counsellor", "/api/v1/proposals/{id}/", "proposal"),
    ("member", "/api/v1/applications/{id}/", "application"),
    ("member", "/api/v1/applications/{id}/cv/", "application"),
    ("student", "/api/v1/students/{id}/", "student"),
    ("student", "/api/v1/applications/{id}/", "application"),
]


@pytest.mark.parametrize(("role", "path", "kind"), MUST_FAIL)
def test_another_sides_private_data_is_refused(world, db, role, path, kind):
    url = path.format(**OBJECTS[kind](world, role, "b"))
    response = Client().get(url, **world.headers(role))
    assert response.status_code in REFUSED
    assert not any(secret in response.content.decode() for secret in FORBIDDEN_TEXT[role])


def test_chamber_staff_never_see_a_student(world, db):
    for side in SIDES:
        student = world.side(side).student
        for url in (
            f"/api/v1/students/{student.pk}/",
            f"/api/v1/students/{student.pk}/export/",
            "/api/v1/students/",
        ):
            response = Client().get(url, **world.headers("chamber"))
            assert response.status_code in REFUSED, url
            assert student.user.last_name not in response.content.decode()
