"""What a process pays before any work: a stable round never loads the pairing solver (numpy
and OR-tools take half a second or more to import), pairing still finds it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STABLE = {
    "students": [{"id": "s1", "preferences": ["o1"]}],
    "opportunities": [{"id": "o1", "capacity": 1, "preferences": ["s1"]}],
}
PAIRING = {
    "requests": [{"id": "r1", "places_needed": 1}],
    "opportunities": [{"id": "o1", "capacity": 1}],
    "scores": [["r1", "o1", 0.5]],
}
LOADED = "import sys; print(sorted({'numpy', 'ortools'} & sys.modules.keys()))"


def _allocate(kind: str, document: dict, folder: Path) -> tuple[str, dict]:
    """`manage.py allocate` in a fresh interpreter; (solver modules loaded, the output file)."""
    source, target = folder / "in.json", folder / "out.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    code = (
        "import sys; from django.core.management import execute_from_command_line\n"
        f"try: execute_from_command_line(['manage.py', 'allocate', {kind!r}, "
        f"'--input', {str(source)!r}, '--output', {str(target)!r}])\n"
        f"finally: {LOADED}"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "backend.test_settings"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip(), json.loads(target.read_text(encoding="utf-8"))


def test_a_stable_allocation_never_loads_the_pairing_solver(tmp_path):
    loaded, output = _allocate("stable", STABLE, tmp_path)

    assert output["assignments"] == {"s1": "o1"}
    assert loaded == "[]"


def test_a_pairing_allocation_loads_it_when_needed(tmp_path):
    loaded, output = _allocate("pairing", PAIRING, tmp_path)

    assert output["pairs"] == [["r1", "o1", 1]]
    assert loaded == "['numpy', 'ortools']"


def test_the_web_application_loads_without_or_tools():
    # (numpy it may load: openpyxl, of the spreadsheet exports, imports it when installed.)
    code = (
        "import sys, django; django.setup()\n"
        "from django.core.wsgi import get_wsgi_application; get_wsgi_application()\n"
        "import backend.urls, matching.services, matching.tasks\n"
        "print('ortools' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "backend.test_settings"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
