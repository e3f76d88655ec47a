"""`make bench-load`: gunicorn (2 workers) on the benchmark database, locust headless with 16
clients for 60 s over the mix in benchmarks/load_locustfile.py; prints latency and errors.

Target (issue "Reliability"): p95 under 100 ms with 0 errors. The database is the one `make
bench` fills (`load_demo --scale 100000`). Locust and gunicorn share the machine's cores, so the
figure includes the load generator's own cost.
"""

import csv
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db.models import F  # noqa: E402
from django.utils import timezone  # noqa: E402

from backend.accounts.models import Membership, PersonalToken  # noqa: E402
from backend.accounts.tokens import personal_token_create  # noqa: E402
from backend.reference.models import Municipality, Programme  # noqa: E402
from benchmarks.table import Result, print_table  # noqa: E402
from companies.selectors import opportunity_list  # noqa: E402
from schools.models import StudentProfile  # noqa: E402

HOST, PORT = "127.0.0.1", 8765
CLIENTS, SECONDS = 16, 60
TARGET_P95_MS = 100.0
OUT = Path(settings.BASE_DIR) / "var" / "load"
STUDENTS = 64


def _open_opportunities():
    """What anyone can open and a student can apply to: public, before its deadline, not full."""
    today = timezone.localdate()
    return (
        opportunity_list(user=AnonymousUser())
        .filter(min_age_18=False, places_taken__lt=F("places"))
        .exclude(application_deadline__lt=today)
        .exclude(period_end__lt=today)
        .order_by("?")
    )


def _token(user) -> str:
    """A fresh API key named "load" (the last run's is replaced: only hashes are stored)."""
    PersonalToken.objects.filter(user=user, name="load").delete()
    return personal_token_create(user=user, name="load")[1]


def _session(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _fixture() -> dict:
    students = list(
        StudentProfile.objects.filter(
            user__memberships__status=Membership.Status.APPROVED, user__is_active=True
        )
        .exclude(applications__isnull=False)
        .select_related("user")
        .order_by("pk")[:STUDENTS]
    )
    open_ids = list(_open_opportunities().values_list("pk", flat=True)[: STUDENTS * 20])
    if len(students) < CLIENTS or len(open_ids) < STUDENTS:
        sys.exit("bench-load: run `make bench` first to fill the benchmark database")
    return {
        "programmes": list(
            Programme.objects.filter(kind="yrkesprogram").values_list("code", flat=True)
        ),
        "municipalities": list(
            Municipality.objects.filter(in_region=True).values_list("code", flat=True)
        ),
        "opportunities": open_ids[:500],
        "students": [
            {
                "token": _token(s.user),
                "opportunities": open_ids[i * 20 : (i + 1) * 20],
            }
            for i, s in enumerate(students)
        ],
        "sessions": [_session(s.user) for s in students],
    }


def _wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own local server)
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"bench-load: {url} did not answer within {seconds} s")


def _run(fixture_path: Path) -> Path:
    # Persistent database connections, as docker-compose.yml runs the app.
    env = {
        **os.environ,
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "CONN_MAX_AGE": "60",
    }
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "backend.wsgi",
            "-w",
            "2",
            "-b",
            f"{HOST}:{PORT}",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        _wait_for(f"http://{HOST}:{PORT}/healthz")
        stats = OUT / "run"
        subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                "benchmarks/load_locustfile.py",
                "--headless",
                "-u",
                str(CLIENTS),
                "-r",
                str(CLIENTS),
                "-t",
                f"{SECONDS}s",
                "--host",
                f"http://{HOST}:{PORT}",
                "--csv",
                str(stats),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**env, "LOAD_FIXTURE": str(fixture_path)},
            check=False,
        )
        return stats.with_name("run_stats.csv")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _results(stats_csv: Path) -> list[Result]:
    results = []
    with stats_csv.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["Name"]
            measured = (
                f"p50 {row['50%']} ms, p95 {row['95%']} ms, p99 {row['99%']} ms, "
                f"{float(row['Requests/s']):.0f} req/s, {row['Request Count']} requests, "
                f"{row['Failure Count']} errors"
            )
            ok = float(row["95%"]) < TARGET_P95_MS and int(row["Failure Count"]) == 0
            label = f"load, {CLIENTS} clients x {SECONDS} s: {name.lower()}"
            results.append(Result(label, measured, "p95 < 100 ms, 0 errors", ok))
    return results


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], check=True)
    fixture_path = OUT / "fixture.json"
    fixture_path.write_text(json.dumps(_fixture()), encoding="utf-8")
    print_table(_results(_run(fixture_path)))


if __name__ == "__main__":
    main()
