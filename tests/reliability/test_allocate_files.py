"""`manage.py allocate` with more malformed files than FORMATS.md names.

tests/matching/test_commands.py runs FORMATS.md's own examples of bad input (not JSON, not UTF-8,
an id used twice, an unknown preference, a negative capacity, a score outside [0, 1], a missing
file). Here: the values JSON allows but the format does not (NaN and Infinity, booleans and
fractions as counts, wrong shapes), each of which must also end with exit status 2, one line on
stderr that starts with where the problem is, and no output file.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.reliability.figures import CASES

STUDENT = {"id": "s1", "preferences": ["o1"]}
OPPORTUNITY = {"id": "o1", "capacity": 1, "preferences": ["s1"]}
REQUEST = {"id": "r1", "places_needed": 1}
PLACES = {"id": "o1", "capacity": 1}


def stable(students=None, opportunities=None) -> str:
    return json.dumps(
        {"students": students or [STUDENT], "opportunities": opportunities or [OPPORTUNITY]}
    )


def pairing(requests=None, opportunities=None, scores=None) -> str:
    return json.dumps(
        {
            "requests": requests or [REQUEST],
            "opportunities": opportunities or [PLACES],
            "scores": scores if scores is not None else [["r1", "o1", 0.5]],
        }
    )


# (kind, file content, where the one line must start)
MALFORMED = {
    "empty file": ("stable", "", "not JSON"),
    "NaN score": ("pairing", pairing().replace("0.5", "NaN"), "not JSON: NaN"),
    "Infinity score": ("pairing", pairing().replace("0.5", "Infinity"), "not JSON: Infinity"),
    "score as text": ("pairing", pairing(scores=[["r1", "o1", "0.5"]]), "scores[0][2]"),
    "score row too short": ("pairing", pairing(scores=[["r1", "o1"]]), "scores[0]"),
    "boolean capacity": (
        "stable",
        stable(opportunities=[{**OPPORTUNITY, "capacity": True}]),
        "opportunities[0].capacity",
    ),
    "fractional capacity": (
        "pairing",
        pairing(opportunities=[{**PLACES, "capacity": 1.5}]),
        "opportunities[0].capacity",
    ),
    "negative places needed": (
        "pairing",
        pairing(requests=[{**REQUEST, "places_needed": -2}]),
        "requests[0].places_needed",
    ),
    "preferences not a list": (
        "stable",
        stable(students=[{**STUDENT, "preferences": "o1"}]),
        "students[0].preferences",
    ),
    "number as id": ("stable", stable(students=[{**STUDENT, "id": 7}]), "students[0].id"),
    "request id twice": ("pairing", pairing(requests=[REQUEST, REQUEST]), "requests[1].id"),
    "unknown opportunity in scores": (
        "pairing",
        pairing(scores=[["r1", "o9", 0.5]]),
        "scores[0][1]",
    ),
    "student listed by an unknown id": (
        "stable",
        stable(opportunities=[{**OPPORTUNITY, "preferences": ["s9"]}]),
        "opportunities[0].preferences[0]",
    ),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_file_exits_2_naming_the_place_and_writes_nothing(tmp_path, case):
    kind, text, where = MALFORMED[case]
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(text, encoding="utf-8")
    stderr = StringIO()

    with pytest.raises(SystemExit) as exit_:
        call_command(
            "allocate", kind, "--input", str(source), "--output", str(target), stderr=stderr
        )

    CASES["allocate: malformed files"] += 1
    assert exit_.value.code == 2
    assert stderr.getvalue().count("\n") == 1, stderr.getvalue()
    assert stderr.getvalue().startswith(where), stderr.getvalue()
    assert not target.exists()
