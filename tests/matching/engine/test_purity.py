"""The engine stands alone: no Django, no project app, and the same geometry as the reference."""

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.reference.geo import great_circle_km as reference_km
from matching.engine import great_circle_km

ROOT = Path(__file__).resolve().parents[3]
FORBIDDEN = ("django", "celery", "rest_framework", "backend", "companies", "schools", "frontend")


def test_importing_the_engine_loads_nothing_of_django() -> None:
    code = (
        "import sys, matching.engine\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}))"
    )

    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout

    assert loaded.strip() == "[]"


@settings(max_examples=100, deadline=None)
@given(st.floats(-90, 90), st.floats(-180, 180), st.floats(-90, 90), st.floats(-180, 180))
def test_distance_equals_the_reference_formula(lat1, lon1, lat2, lon2) -> None:
    assert great_circle_km(lat1, lon1, lat2, lon2) == pytest.approx(
        reference_km(lat1, lon1, lat2, lon2), abs=1e-9
    )


def test_orebro_vasteras_is_84_km() -> None:
    assert great_circle_km(59.2753, 15.2134, 59.6099, 16.5448) == pytest.approx(84, abs=1)
