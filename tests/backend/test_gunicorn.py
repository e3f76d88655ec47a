"""The production command (gunicorn, DEBUG off) serves the app; docker-compose runs the same."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get_json(url: str, deadline: float) -> dict:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own server
                return json.loads(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.server
def test_gunicorn_serves_the_health_check_with_production_settings(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.settings",
        "DEBUG": "false",
        "SECRET_KEY": "a-production-like-secret-key-" + "x" * 30,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "backend.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        body = _get_json(f"http://127.0.0.1:{port}/healthz", deadline=time.monotonic() + 30)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert body["database"] == "ok"
