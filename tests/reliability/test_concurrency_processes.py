"""Races between processes, through the API, on PostgreSQL: as gunicorn's workers would race.

tests/matching/test_concurrency.py races threads through the services; here every racer is its
own Python process with its own connection (tests/reliability/racer.py), sending one API request
(token authentication, permissions, the service, the database's row locks) at the same moment.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from backend.accounts.actor import actor_for
from backend.accounts.tokens import personal_token_create
from matching.models import Application, Placement
from tests.matching.factories import ApplicationFactory, open_opportunity
from tests.reliability.figures import CASES
from tests.schools.factories import SchoolFactory, StudentProfileFactory

ROOT = Path(__file__).resolve().parents[2]
STARTING = 180  # seconds for every racer to load Django, on a loaded CI machine

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Processes share the database: PostgreSQL only (the SQLite test database is in "
        "memory, and SQLite runs one write at a time anyway).",
    ),
]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _key(user) -> str:
    return personal_token_create(actor=actor_for(user), name="racer")[1]


def _race(tmp_path: Path, requests: list[tuple[str, str, str, dict]]) -> list[dict]:
    """Start one process per (method, path, key, body); once all are ready, let them go at
    once; their answers, in order."""
    go = tmp_path / "go"
    env = {"DATABASE_URL": _database_url(), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    racers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.reliability.racer",
                str(go),
                method,
                path,
                key,
                *[json.dumps(body)],
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for method, path, key, body in requests
    ]
    try:
        for racer in racers:
            assert racer.stdout.readline().strip() == "ready"
        go.touch()
        answers = [json.loads(racer.communicate(timeout=STARTING)[0]) for racer in racers]
    finally:
        for racer in racers:
            racer.kill()
    CASES["concurrency: racing processes"] += len(racers)
    return answers


def test_eight_processes_accept_offers_for_three_places(tmp_path):
    opportunity = open_opportunity(places=3)
    school = SchoolFactory()
    offered = [
        ApplicationFactory(opportunity=opportunity, student__school=school, status="offered")
        for _ in range(8)
    ]
    requests = [
        ("POST", f"/api/v1/applications/{a.pk}/accept/", _key(a.student.user), {}) for a in offered
    ]

    answers = _race(tmp_path, requests)

    statuses = sorted(answer["status"] for answer in answers)
    assert statuses == [200] * 3 + [409] * 5, answers
    assert all(json.loads(a["body"]).get("detail") for a in answers if a["status"] == 409)
    opportunity.refresh_from_db()
    assert opportunity.places_taken == 3
    assert Placement.objects.filter(opportunity=opportunity).count() == 3
    assert Application.objects.filter(opportunity=opportunity, status="accepted").count() == 3


def test_six_processes_send_the_same_application_and_one_row_is_left(tmp_path):
    opportunity = open_opportunity(places=3)
    student = StudentProfileFactory(birth_date=None)
    key = _key(student.user)
    body = {"opportunity": opportunity.pk, "motivation": "Jag vill lära mig."}

    answers = _race(tmp_path, [("POST", "/api/v1/applications/", key, body)] * 6)

    statuses = sorted(answer["status"] for answer in answers)
    assert statuses == [201] + [400] * 5, answers
    assert Application.objects.filter(student=student, opportunity=opportunity).count() == 1
