"""`manage.py allocate` with the files of FORMATS.md, every malformed input (exit status 2, one
line on stderr naming the place, no output file), and `manage.py recompute_matches`.

The stable example and one malformed file run as real processes, started at once (the exit
status is what a shell script sees); the rest runs in-process, which is quicker."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
STABLE = {
    "students": [
        {"id": "s1", "preferences": ["o3", "o1"]},
        {"id": "s2", "preferences": ["o1"]},
    ],
    "opportunities": [
        {"id": "o1", "capacity": 1, "preferences": ["s2", "s1"]},
        {"id": "o3", "capacity": 2, "preferences": ["s1"]},
    ],
}
PAIRING = {
    "requests": [{"id": "r1", "places_needed": 3}, {"id": "r2", "places_needed": 1}],
    "opportunities": [{"id": "o1", "capacity": 2}, {"id": "o2", "capacity": 2}],
    "scores": [["r1", "o1", 0.91], ["r1", "o2", 0.40], ["r2", "o1", 0.75]],
}


def _with(document: dict, **changes: object) -> str:
    return json.dumps({**document, **changes})


MALFORMED = {
    "not-json": ("stable", "{", "not JSON: line 1 column 2"),
    "not-utf8": ("stable", b'{"students": "\xff"}', "not UTF-8"),
    "top-level-list": ("stable", "[]", "top level: must be an object, got a list"),
    "missing-students": ("stable", '{"opportunities": []}', "students: missing"),
    "id-twice": (
        "stable",
        _with(STABLE, students=[*STABLE["students"], {"id": "s1", "preferences": []}]),
        'students[2].id: "s1" used twice (first at students[0])',
    ),
    "unknown-preference": (
        "stable",
        _with(STABLE, students=[{"id": "s1", "preferences": ["o3", "o-9"]}, STABLE["students"][1]]),
        'students[0].preferences[1]: unknown opportunity "o-9"',
    ),
    "negative-capacity": (
        "pairing",
        _with(PAIRING, opportunities=[{"id": "o1", "capacity": -1}, {"id": "o2", "capacity": 2}]),
        "opportunities[0].capacity: must be a non-negative integer, got -1",
    ),
    "score-out-of-range": (
        "pairing",
        _with(PAIRING, scores=[["r1", "o1", 1.5]]),
        "scores[0][2]: must be a number in [0, 1], got 1.5",
    ),
    "unknown-request": (
        "pairing",
        _with(PAIRING, scores=[["r1", "o1", 0.5], ["r9", "o1", 0.5]]),
        'scores[1][0]: unknown request "r9"',
    ),
    "missing-file": ("stable", None, "--input: cannot read"),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple[subprocess.CompletedProcess, Path]]:
    """Every case run as `manage.py allocate`, concurrently; {case: (process, output path)}."""
    folder = tmp_path_factory.mktemp("allocate")
    kind, text, _message = MALFORMED["unknown-preference"]
    cases = {"stable": ("stable", json.dumps(STABLE)), "unknown-preference": (kind, text)}
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "backend.test_settings"}
    started = {}
    for name, (kind, text) in cases.items():
        source, target = folder / f"{name}.in.json", folder / f"{name}.out.json"
        if isinstance(text, bytes):
            source.write_bytes(text)
        elif text is not None:
            source.write_text(text, encoding="utf-8")
        command = [sys.executable, "manage.py", "allocate", kind]
        command += ["--input", str(source), "--output", str(target)]
        started[name] = (
            subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True),
            target,
        )  # fmt: skip
    done = {}
    for name, (process, target) in started.items():
        stdout, stderr = process.communicate(timeout=120)
        done[name] = (
            subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr),
            target,
        )
    return done


def test_the_stable_example_gives_the_documented_output(runs):
    process, target = runs["stable"]
    assert process.returncode == 0, process.stderr
    assert process.stderr == ""  # no progress when stderr is not a terminal
    output = json.loads(target.read_text(encoding="utf-8"))
    assert output["assignments"] == {"s1": "o3", "s2": "o1"}
    assert output["unassigned"] == []
    stats = output.pop("stats")
    assert stats.pop("seconds") >= 0
    assert stats == {
        "students": 2, "assigned": 2, "opportunities": 2, "places": 3, "places_filled": 2,
    }  # fmt: skip


def test_the_pairing_example_gives_the_documented_total(tmp_path):
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(json.dumps(PAIRING), encoding="utf-8")

    call_command("allocate", "pairing", "--input", str(source), "--output", str(target))

    output = json.loads(target.read_text(encoding="utf-8"))
    assert output["total_score"] == pytest.approx(2.46, rel=1e-6)
    given = {}
    for request, _opportunity, places in output["pairs"]:
        given[request] = given.get(request, 0) + places
    assert given == {"r1": 3, "r2": 1}
    stats = output["stats"]
    assert (stats["requests"], stats["places_needed"], stats["places_assigned"]) == (2, 4, 4)


def test_a_malformed_file_exits_2_with_one_line_and_no_output(runs):
    process, target = runs["unknown-preference"]
    assert process.returncode == 2
    assert process.stderr == 'students[0].preferences[1]: unknown opportunity "o-9"\n'
    assert not target.exists()


@pytest.mark.parametrize("case", MALFORMED)
def test_every_malformed_input_exits_2_with_one_line_and_no_output(tmp_path, case):
    kind, text, message = MALFORMED[case]
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    if isinstance(text, bytes):
        source.write_bytes(text)
    elif text is not None:
        source.write_text(text, encoding="utf-8")
    stderr = StringIO()

    with pytest.raises(SystemExit) as exit_:
        call_command(
            "allocate", kind, "--input", str(source), "--output", str(target), stderr=stderr
        )

    assert exit_.value.code == 2
    assert stderr.getvalue().count("\n") == 1
    assert stderr.getvalue().startswith(message), stderr.getvalue()
    assert list(tmp_path.iterdir()) == ([source] if text is not None else [])


def test_a_failed_run_leaves_an_existing_output_alone(tmp_path):
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text("[]", encoding="utf-8")
    target.write_text("the last good result", encoding="utf-8")
    stderr = StringIO()

    with pytest.raises(SystemExit) as exit_:
        call_command(
            "allocate", "stable", "--input", str(source), "--output", str(target), stderr=stderr
        )

    assert exit_.value.code == 2
    assert stderr.getvalue() == "top level: must be an object, got a list\n"
    assert target.read_text(encoding="utf-8") == "the last good result"


@pytest.mark.django_db
def test_recompute_matches_draws_a_bar_and_prints_totals(
    opportunity, placement_request, student_profile
):
    stdout, stderr = StringIO(), StringIO()

    call_command("recompute_matches", stdout=stdout, stderr=stderr)

    assert stderr.getvalue().endswith(f"\r[{'#' * 30}] 100%\n")
    assert "1 opportunities, 1 requests (1 matches), 1 students (1 matches)." in stdout.getvalue()
