"""Schema fuzzing: schemathesis generates requests from the OpenAPI schema for every operation,
sent as every role, with the path's ids pointing at real objects of the world (side a).

Checks on every answer: never a 5xx, the body matches the documented schema of its status, the
content type is a documented one, and every 4xx is JSON that says what is wrong. The number of
examples per operation and role is bounded (EXAMPLES) and the generation is derandomised, so the
run is the same every time and fits CI.

Stateful fuzzing chains calls along the schema's links (backend/api/links.py), as every role:
an id a list or a creation answered feeds the next call on that object.
"""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.reliability.figures import CASES
from tests.reliability.matrix import EXPECTED, OBJECTS
from tests.reliability.world import ROLES, World

EXAMPLES = 5  # per operation, the role drawn for each
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


class _RollbackError(Exception):
    pass


def four_xx_says_why(ctx, response, case) -> bool | None:
    """A refusal is JSON with a message a client can show (not an HTML page, not empty)."""
    if not 400 <= response.status_code < 500:
        return None
    try:
        body = json.loads(response.content)
    except ValueError as error:
        raise AssertionError(f"{response.status_code} without a JSON body") from error
    if not body or not isinstance(body, dict | list):
        raise AssertionError(f"{response.status_code} with an empty body: {body!r}")
    return True


def _without_time_format(node: dict) -> dict:
    """OpenAPI 3.0 defines no "time" format; the validator would read it as RFC 3339's full-time,
    which needs an offset that a time of day ("08:00:00", what DRF writes) does not have."""
    if node.get("format") == "time":
        node.pop("format")
    return node


@pytest.fixture(scope="module")
def api(world):
    """The schema as the API serves it, sent to the application in this process (its database
    connection is the test's, so the signals that close connections between requests are off)."""
    document = OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True))
    schema = schemathesis.openapi.from_dict(json.loads(document, object_hook=_without_time_format))
    schema.app = WSGIHandler()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schema
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _path_parameters(world: World, path: str, method: str, role: str) -> dict:
    kind, _policy = EXPECTED.get((path, method), (None, None))
    return OBJECTS[kind](world, role, "a") if kind else {}


def _summary(operation, role: str, error: BaseException) -> list[str]:
    where = f"{operation.method.upper()} {operation.path} as {role}"
    if isinstance(error, FailureGroup):
        return sorted(
            {
                f"{where}: {f.title}: {' / '.join(f.message.split(chr(10))[:2])}"
                for f in error.exceptions
            }
        )
    return [f"{where}: {type(error).__name__}: {str(error)[:500]}"]


def _fuzz(world: World, operation) -> list[str]:
    """The failures of the operation (none: every example passed). Each example is sent as a
    role drawn among all five, with the path's ids pointing at that role's own objects."""
    strategies = {
        role: operation.as_strategy(
            path_parameters=_path_parameters(world, operation.path, operation.method, role) or None
        )
        for role in ROLES
    }
    failures: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    @given(data=st.data())
    def run(data) -> None:
        role = data.draw(st.sampled_from(ROLES), label="role")
        case = data.draw(strategies[role], label="case")
        headers = {"Authorization": f"Token {world.keys[role]}"} if role != "anonymous" else {}
        CASES["schema fuzzing: requests"] += 1
        try:
            with transaction.atomic():
                case.call_and_validate(
                    headers=headers, checks=CHECKS, additional_checks=[four_xx_says_why]
                )
                raise _RollbackError
        except _RollbackError:
            pass
        except (Exception, FailureGroup) as error:  # noqa: BLE001 (every failure is reported)
            failures.extend(_summary(operation, role, error))

    run()
    return failures


def test_fuzz_every_operation(api, world, db, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    failures: set[str] = set()
    for result in api.get_all_operations():
        CASES["schema fuzzing: operations"] += 1
        failures.update(_fuzz(world, result.ok()))
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(sorted(failures))


# Stateful fuzzing: scenarios of a few calls that follow the schema's links (backend/api/links.py),
# so a created or listed object's id feeds the next call, as a client chains them.
SCENARIO_SETTINGS = settings(
    max_examples=10,  # scenarios per role
    stateful_step_count=14,  # calls per scenario at most
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _fuzz_scenarios(api, world: World, role: str) -> tuple[set[str], list[str]]:
    """The failures of the role's scenarios, and the calls on an object (an id in the path)
    that answered 2xx: an id that came from an earlier answer, through a link."""
    headers = {"Authorization": f"Token {world.keys[role]}"} if role != "anonymous" else {}
    failures: set[str] = set()
    followed: list[str] = []

    class Scenarios(api.as_state_machine()):
        def get_call_kwargs(self, case) -> dict:
            return {"headers": headers}

        def validate_response(self, response, case, **kwargs) -> None:
            CASES["stateful schema fuzzing: requests"] += 1
            if "{" in case.operation.path and response.status_code < 300:
                followed.append(f"{case.method} {case.operation.path}")
            try:
                case.validate_response(
                    response, checks=CHECKS, additional_checks=[four_xx_says_why]
                )
            except (Exception, FailureGroup) as error:  # noqa: BLE001 (every failure is reported)
                failures.update(_summary(case.operation, role, error))

    Scenarios.run(settings=SCENARIO_SETTINGS)
    return failures, followed


def test_fuzz_chains_of_operations_along_the_links(api, world, db, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    failures: set[str] = set()
    followed: list[str] = []
    for role in ROLES:
        role_failures, role_followed = _fuzz_scenarios(api, world, role)
        failures |= role_failures
        followed += role_followed
    CASES["stateful schema fuzzing: calls on an object from an earlier answer"] += len(followed)
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(sorted(failures))
    assert followed, "no scenario followed a link to an object's operation"
