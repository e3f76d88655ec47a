"""The domain loads without the API: a command, a worker or a test that calls a service does not
pay for DRF and drf-spectacular (issue 16), and a domain error is the same whatever surface
raised it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What Django's app registry loads for an installed app, whoever asks: the package, its AppConfig
# and system checks. Anything else of DRF or drf-spectacular in
# the process came from the domain importing the API.
REGISTRY_MODULES = {
    "rest_framework",
    "rest_framework.apps",
    "rest_framework.checks",
    "drf_spectacular",
    "drf_spectacular.apps",
    "drf_spectacular.checks",
    "drf_spectacular_sidecar",
    "drf_spectacular_sidecar.apps",
}

LOAD_SERVICES = """
import json, sys
import django
django.setup()
import companies.services, schools.services, matching.services
import companies.selectors, schools.selectors, matching.selectors
api = ("rest_framework", "drf_spectacular")
print(json.dumps(sorted(name for name in sys.modules if name.startswith(api))))
"""


def _loaded_api_modules(code: str) -> set[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "backend.test_settings", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_services_and_selectors_load_without_drf_or_drf_spectacular():
    loaded = _loaded_api_modules(LOAD_SERVICES)
    assert loaded - REGISTRY_MODULES == set()
    # The check above would pass if nothing were loaded at all: the registry's modules are.
    assert "rest_framework.apps" in loaded


def test_the_core_imports_neither_drf_nor_drf_spectacular():
    for path in (ROOT / "backend" / "core").glob("*.py"):
        text = path.read_text()
        assert "rest_framework" not in text, path
        assert "drf_spectacular" not in text, path
