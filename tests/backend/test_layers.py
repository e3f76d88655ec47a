"""The domain loads without the API: a command, a worker or a test that calls a service does not
pay for DRF and drf-spectacular (issue 16), and a domain error is the same whatever surface
raised it."""

import ast
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


# The domain functions that take a user as what they act on, not as who acts.
USER_AS_SUBJECT = {
    "membership_create": "the member being created (system work: sign-up, invitations)",
    "membership_approve_by_domain": "the visitor confirming an address, maybe not signed in",
    "audit_record": "the user an entry records, called by the services with actor.user",
    "audit_student_read": "the reader an entry records, called by the selectors",
}
DOMAIN_MODULES = (
    "*/services.py",
    "*/services/*.py",
    "*/selectors.py",
    "*/selectors/*.py",
    "*/policy.py",
    "backend/*/services.py",
    "backend/*/selectors.py",
    "backend/*/policy.py",
    "backend/moderation.py",
    "backend/reports/*.py",
    "matching/agreements/*.py",
)


def _public_functions():
    files = {path for pattern in DOMAIN_MODULES for path in ROOT.glob(pattern)}
    for path in sorted(files):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                yield path.relative_to(ROOT), node


def test_who_acts_reaches_the_domain_as_the_actor_only():
    """Issue 16: services, selectors and policies take the request's actor, never a user passed
    as `by`/`user` (a second way to say who acts, which skipped the second factor and cached
    memberships on the user)."""
    checked, found = 0, []
    for path, function in _public_functions():
        checked += 1
        for arg in function.args.args + function.args.kwonlyargs:
            annotation = ast.unparse(arg.annotation) if arg.annotation else ""
            names_a_user = arg.arg in ("by", "user", "acting_user") or "AnyUser" in annotation
            if names_a_user and function.name not in USER_AS_SUBJECT:
                found.append(f"{path}: {function.name}({arg.arg})")
    assert found == []
    assert checked > 150  # the globs found the domain
