import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client, settings):
    settings.BROKER_CONFIGURED = False
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "eager"}


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_broker_without_failing(client, settings):
    settings.BROKER_CONFIGURED = True
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"].startswith("error")


@pytest.mark.django_db
def test_unknown_api_urls_are_json_404(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_api_root_lists_the_reference_collections(client):
    body = client.get("/api/v1/", HTTP_ACCEPT="application/json").json()
    for name in ("municipalities", "programmes", "education-fields", "stem-areas", "sectors"):
        assert f"reference/{name}" in body


def test_openapi_schema_generates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    assert "/api/v1/auth/token/" in schema
    assert "/api/v1/reference/municipalities/" in schema


@pytest.mark.django_db
def test_swagger_ui_is_served_from_the_app_itself(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn." not in html
    assert client.get("/api/schema/").status_code == 200


def _run_django(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "backend.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _run_django({"DEBUG": "false"})
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_settings_start_with_a_secret_key():
    result = _run_django({"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.se"})
    assert result.returncode == 0, result.stderr
