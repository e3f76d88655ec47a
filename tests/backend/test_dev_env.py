"""The README's commands work as written in a fresh shell after `make install`: the install step
writes a development .env, which production never has."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_allocate_command_runs_in_a_fresh_shell_after_install(tmp_path):
    subprocess.run(["make", "-s", ".env"], cwd=ROOT, check=True, timeout=60)  # noqa: S607
    source = tmp_path / "in.json"
    source.write_text(
        json.dumps(
            {
                "students": [{"id": "s1", "preferences": ["o1"]}],
                "opportunities": [{"id": "o1", "capacity": 1, "preferences": ["s1"]}],
            }
        )
    )
    target = tmp_path / "out.json"
    fresh = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    fresh.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "allocate", "stable", "--input", source, "--output", target],
        cwd=ROOT,
        env=fresh,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text())["assignments"] == {"s1": "o1"}


def test_the_development_env_file_never_ships_in_the_image():
    assert ".env" in (ROOT / ".dockerignore").read_text().split()
