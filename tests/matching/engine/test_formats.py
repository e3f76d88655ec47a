"""Every malformed allocation file ends in one FormatError naming the place exactly."""

import copy
import gc
import json
from typing import Any

import pytest

from matching.engine import FormatError, formats

STABLE = {
    "students": [
        {"id": "s1", "preferences": ["o3", "o1"]},
        {"id": "s2", "preferences": ["o1"], "note": "unknown keys are ignored"},
    ],
    "opportunities": [
        {"id": "o1", "capacity": 1, "preferences": ["s2", "s1"]},
        {"id": "o3", "capacity": 2, "preferences": ["s1"]},
    ],
    "round": "vt 2026",
}
PAIRING = {
    "requests": [{"id": "r1", "places_needed": 3}, {"id": "r2", "places_needed": 1}],
    "opportunities": [{"id": "o1", "capacity": 2}, {"id": "o2", "capacity": 2}],
    "scores": [["r1", "o1", 0.91], ["r1", "o2", 0.40], ["r2", "o1", 0.75]],
}


def changed_document(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of the document with the value at a dotted path ("students.0.id") replaced;
    `...` as the value deletes the key."""
    document = copy.deepcopy(document)
    *parents, last = path.split(".")
    node = document
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if value is ...:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return document


def changed(document: dict[str, Any], path: str, value: Any) -> str:
    return json.dumps(changed_document(document, path, value))


def message(kind: str, text: str) -> str:
    with pytest.raises(FormatError) as raised:
        formats.run(kind, text)
    return str(raised.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "{students: []}",
            "not JSON: line 1 column 2: Expecting property name enclosed in double quotes",
        ),
        ("", "not JSON: line 1 column 1: Expecting value"),
        ('{"students": [], "opportunities": [NaN]}', "not JSON: NaN is not a JSON number"),
        ("[]", "top level: must be an object, got a list"),
        ('"students"', "top level: must be an object, got a string"),
    ],
)
@pytest.mark.parametrize("kind", ["stable", "pairing"])
def test_not_an_object(kind: str, text: str, expected: str) -> None:
    assert message(kind, text) == expected


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("students", ..., "students: missing (a list is required)"),
        ("opportunities", {"o1": 1}, "opportunities: must be a list, got an object"),
        ("students.1", "s2", "students[1]: must be an object, got a string"),
        ("students.1.id", ..., "students[1].id: must be a string, got null"),
        ("students.1.id", 2, "students[1].id: must be a string, got 2"),
        ("students.1.id", "s1", 'students[1].id: "s1" used twice (first at students[0])'),
        (
            "opportunities.1.id",
            "o1",
            'opportunities[1].id: "o1" used twice (first at opportunities[0])',
        ),
        ("students.0.preferences", ..., "students[0].preferences: missing (a list is required)"),
        ("students.0.preferences", "o1", "students[0].preferences: must be a list, got a string"),
        ("students.0.preferences.1", 1, "students[0].preferences[1]: must be a string, got 1"),
        (
            "students.0.preferences.1",
            "o-9",
            'students[0].preferences[1]: unknown opportunity "o-9"',
        ),
        (
            "opportunities.0.preferences.1",
            "s9",
            'opportunities[0].preferences[1]: unknown student "s9"',
        ),
        (
            "students.0.preferences.1",
            "o3",
            'students[0].preferences[1]: opportunity "o3" listed twice',
        ),
        (
            "opportunities.0.preferences.1",
            "s2",
            'opportunities[0].preferences[1]: student "s2" listed twice',
        ),
        (
            "opportunities.1.capacity",
            -1,
            "opportunities[1].capacity: must be a non-negative integer, got -1",
        ),
        (
            "opportunities.1.capacity",
            1.5,
            "opportunities[1].capacity: must be a non-negative integer, got 1.5",
        ),
        (
            "opportunities.1.capacity",
            "2",
            'opportunities[1].capacity: must be a non-negative integer, got "2"',
        ),
        (
            "opportunities.1.capacity",
            True,
            "opportunities[1].capacity: must be a non-negative integer, got true",
        ),
        (
            "opportunities.1.capacity",
            ...,
            "opportunities[1].capacity: must be a non-negative integer, got null",
        ),
    ],
)
def test_stable_errors(path: str, value: Any, expected: str) -> None:
    assert message("stable", changed(STABLE, path, value)) == expected


def test_the_place_is_counted_in_the_file() -> None:
    students = [{"id": f"s{n}", "preferences": ["o1"]} for n in range(42)]
    students[41]["preferences"] = ["o1", "o2", "o-9"]
    opportunities = [{"id": o, "capacity": 1, "preferences": []} for o in ("o1", "o2")]

    text = json.dumps({"students": students, "opportunities": opportunities})

    assert message("stable", text) == 'students[41].preferences[2]: unknown opportunity "o-9"'


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("scores", ..., "scores: missing (a list is required)"),
        ("requests", None, "requests: must be a list, got null"),
        ("requests.1.id", "r1", 'requests[1].id: "r1" used twice (first at requests[0])'),
        (
            "requests.1.places_needed",
            -1,
            "requests[1].places_needed: must be a non-negative integer, got -1",
        ),
        (
            "requests.1.places_needed",
            0.5,
            "requests[1].places_needed: must be a non-negative integer, got 0.5",
        ),
        (
            "opportunities.0.capacity",
            -2,
            "opportunities[0].capacity: must be a non-negative integer, got -2",
        ),
        ("scores.2.2", 1.5, "scores[2][2]: must be a number in [0, 1], got 1.5"),
        ("scores.2.2", -0.1, "scores[2][2]: must be a number in [0, 1], got -0.1"),
        ("scores.2.2", "0.5", 'scores[2][2]: must be a number in [0, 1], got "0.5"'),
        ("scores.2.2", True, "scores[2][2]: must be a number in [0, 1], got true"),
        ("scores.2.2", None, "scores[2][2]: must be a number in [0, 1], got null"),
        ("scores.1.0", "r9", 'scores[1][0]: unknown request "r9"'),
        ("scores.1.1", "o9", 'scores[1][1]: unknown opportunity "o9"'),
        (
            "scores.2",
            ["r1", "o1", 0.5],
            'scores[2]: pair "r1", "o1" listed twice (first at scores[0])',
        ),
        (
            "scores.1",
            ["r1", "o2"],
            'scores[1]: must be [request, opportunity, score], got ["r1", "o2"]',
        ),
        (
            "scores.1",
            {"r": "r1"},
            'scores[1]: must be [request, opportunity, score], got {"r": "r1"}',
        ),
        (
            "scores.1",
            [1, "o2", 0.5],
            'scores[1]: must be [request, opportunity, score], got [1, "o2", 0.5]',
        ),
    ],
)
def test_pairing_errors(path: str, value: Any, expected: str) -> None:
    assert message("pairing", changed(PAIRING, path, value)) == expected


def test_the_first_bad_pair_is_named() -> None:
    text = changed(changed_document(PAIRING, "scores.0.2", 7), "scores.2.0", "r9")

    assert message("pairing", text) == "scores[0][2]: must be a number in [0, 1], got 7"


def test_unknown_keys_are_ignored_and_every_student_is_assigned_a_key() -> None:
    document = changed_document(STABLE, "students.1.preferences", [])

    output = formats.run("stable", json.dumps(document))

    assert output["assignments"] == {"s1": "o3", "s2": None}
    assert output["unassigned"] == ["s2"]
    assert list(output) == ["assignments", "unassigned", "stats"]
    assert list(output["stats"]) == [
        "students",
        "assigned",
        "opportunities",
        "places",
        "places_filled",
        "seconds",
    ]
    assert json.loads(formats.dumps(output)) == output


def test_pairing_output_shape() -> None:
    output = formats.run("pairing", json.dumps(PAIRING))

    assert list(output) == ["pairs", "total_score", "stats"]
    assert list(output["stats"]) == ["requests", "places_needed", "places_assigned", "seconds"]
    assert all(isinstance(places, int) for _, _, places in output["pairs"])


def test_an_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown allocation kind"):
        formats.run("lottery", "{}")


@pytest.mark.parametrize(
    ("preferences", "expected"),
    [
        (["o-9", "o-9"], 'students[0].preferences[0]: unknown opportunity "o-9"'),
        (["o1", "o1", "o-9"], 'students[0].preferences[1]: opportunity "o1" listed twice'),
    ],
)
def test_the_first_problem_of_a_list_is_named(preferences: list[str], expected: str) -> None:
    text = changed(STABLE, "students.0.preferences", preferences)

    assert message("stable", text) == expected


def test_the_collector_runs_again_after_a_file() -> None:
    formats.run("stable", json.dumps(STABLE))
    message("stable", "[]")

    assert gc.isenabled()
