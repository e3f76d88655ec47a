"""Production settings pass `check --deploy`; development keeps plain HTTP; every response has
the security headers and a CSP without inline script; uploads are never served as a page."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x7$kQ9!pL2#vB8@nR5^tY1&wE4*uI6(oP3)aS0_dF-gH+jK=lZ",
    "ALLOWED_HOSTS": "praktikbryggan.se",
    "CSRF_TRUSTED_ORIGINS": "https://praktikbryggan.se",
}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "backend.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy_without_a_warning():
    deploy = run(
        ["manage.py", "check", "--deploy", "--tag", "security", "--fail-level", "WARNING"],
        PRODUCTION,
    )
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    assert "System check identified no issues" in deploy.stdout
    # The other apps' checks add no warning either (their errors are their tests' business).
    everything = run(["manage.py", "check", "--deploy"], PRODUCTION)
    assert "WARNINGS:" not in everything.stdout + everything.stderr


PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
    "s.CSRF_TRUSTED_ORIGINS)"
)


def test_production_forces_https_and_reads_the_trusted_origins():
    result = run(["-c", PRINT_SETTINGS], PRODUCTION)
    assert result.stdout.split() == ["True", "31536000", "True", "['https://praktikbryggan.se']"]


def test_development_keeps_plain_http():
    result = run(["-c", PRINT_SETTINGS], {"DEBUG": "true"})
    assert result.stdout.split() == ["False", "0", "False", "[]"]


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    response = client.get("/privacy/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_api_docs_load_their_script_from_a_url(client):
    html = client.get("/api/docs/").content.decode()
    assert "<script>" not in html
    assert client.get("/api/docs/?script=").status_code == 200


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "companies").mkdir()
    (tmp_path / "companies" / "logo.webp").write_bytes(b"RIFF....WEBP")
    (tmp_path / "companies" / "evil.html").write_text("<script>alert(1)</script>")
    (tmp_path / "cvs").mkdir()
    (tmp_path / "cvs" / "cv.pdf").write_bytes(b"%PDF-1.4")
    return tmp_path


@pytest.mark.django_db
def test_an_image_upload_is_served_as_an_image(client, media_root):
    response = client.get("/media/companies/logo.webp")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_any_other_upload_is_a_download_never_a_page(client, media_root):
    response = client.get("/media/companies/evil.html")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["cvs/cv.pdf", "../secret.txt", "companies/missing.webp"])
def test_cvs_and_paths_outside_are_not_served(client, media_root, path):
    assert client.get(f"/media/{path}").status_code in (400, 404)
