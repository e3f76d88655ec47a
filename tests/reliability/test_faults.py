"""Faults: the broker down, the database connection cut.

- Redis (the broker) down: pages and the API keep answering, quickly; the notifications of what
  happened meanwhile are stored, and sent by the pending job once the broker is back. (With a real
  worker and a killed worker process: tests/notifications/test_worker.py.)
- PostgreSQL drops the app's connection (what a server restart or a failover does to every open
  connection; the real server is not restarted, so other tests keep theirs): the next request
  succeeds without restarting the app, given CONN_HEALTH_CHECKS (backend/settings.py).
"""

import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core import mail
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test import Client
from werkzeug.test import Client as WsgiClient

from backend.accounts.actor import actor_for
from backend.accounts.models import User
from backend.accounts.tokens import personal_token_create
from backend.celery import app
from backend.notifications import services
from backend.notifications.models import Notification
from matching import tasks
from matching.models import Application, OutboxTask
from matching.services.outbox import OutboxTotals, outbox_send_pending
from tests.companies.factories import CompanyFactory
from tests.matching.factories import open_opportunity
from tests.reliability.figures import CASES, FIGURES
from tests.schools.factories import StudentProfileFactory

DEAD_BROKER = "redis://127.0.0.1:1/0"
# A request that publishes to a dead broker gives up after a short retry; well under this.
SLOW = 5.0


@pytest.fixture
def broker_down(monkeypatch) -> Iterator[None]:
    """Tasks go to a broker that does not answer (eager mode off), as when Redis is stopped.
    Celery reads CELERY_BROKER_URL from the environment before its configuration, so the
    environment (set in CI) names the dead broker too."""
    live = app.conf.broker_url
    monkeypatch.setenv("CELERY_BROKER_URL", DEAD_BROKER)

    def point_at(url: str) -> None:
        app.conf.broker_url = url
        app._pool = None  # the connection pools were made for the old URL
        app.amqp._producer_pool = None

    app.conf.task_always_eager = False
    point_at(DEAD_BROKER)
    yield
    point_at(live)
    app.conf.task_always_eager = True


def _token(user: User) -> dict[str, str]:
    _token, key = personal_token_create(actor=actor_for(user), name="faults")
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def _timed(call) -> tuple[object, float]:
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_pages_and_api_work_and_notifications_wait(broker_down, settings):
    settings.LANGUAGE_CODE = "en"
    company = CompanyFactory()
    member = User.objects.create_user(
        email="hr@example.se", password="x" * 20, role=User.Role.COMPANY_MEMBER
    )
    company.organisation.memberships.create(user=member, status="approved", is_admin=True)
    opportunity = open_opportunity(company=company)
    student = StudentProfileFactory(birth_date=None)
    client = Client(raise_request_exception=False)
    member_auth, student_auth = _token(member), _token(student.user)

    steps = {
        "home page": lambda: client.get("/"),
        "search page": lambda: client.get("/opportunities/"),
        "opportunity page": lambda: client.get(f"/opportunities/{opportunity.pk}/"),
        "API search": lambda: client.get("/api/v1/opportunities/?q=APL"),
        # Enqueues a recomputation of the opportunity's matches.
        "API edit": lambda: client.patch(
            f"/api/v1/opportunities/{opportunity.pk}/",
            {"description": "Nytt: laddstationer och solceller."},
            content_type="application/json",
            **member_auth,
        ),
        # Writes a notification to the company and enqueues its e-mail.
        "API apply": lambda: client.post(
            "/api/v1/applications/",
            {"opportunity": opportunity.pk, "motivation": "Jag vill lära mig."},
            content_type="application/json",
            **student_auth,
        ),
    }
    client.get("/")  # the process's first request loads the URLs and templates: not timed
    slowest = (0.0, "")
    for name, step in steps.items():
        response, seconds = _timed(step)
        slowest = max(slowest, (seconds, name))
        CASES["faults: requests with the broker down"] += 1
        assert response.status_code < 300, (name, response.status_code, response.content[:300])
        assert seconds < SLOW, f"{name} took {seconds:.1f} s with the broker down"

    FIGURES["faults: slowest request with the broker down"] = (
        f"{slowest[0] * 1000:.0f} ms ({slowest[1]})"
    )
    application = Application.objects.get(student=student)
    waiting = Notification.objects.filter(sent_at__isnull=True).count()
    assert waiting, "the event's notification was not stored"
    assert mail.outbox == []
    matches_waiting = OutboxTask.objects.filter(task=tasks.recompute_for_opportunity.name).count()
    assert matches_waiting, "the edit's match update was not stored"

    # The broker is back: the beat job's pending sweep sends what waited.
    app.conf.task_always_eager = True
    totals = services.notifications_send_pending(older_than=timedelta(0))
    assert totals.sent == waiting
    assert not Notification.objects.filter(sent_at__isnull=True).exists()
    assert any(member.email in message.to for message in mail.outbox), application
    # … and the task outbox's sweep publishes the edit's match update (it used to be lost).
    swept = outbox_send_pending(older_than=timedelta(0))
    assert swept == OutboxTotals(sent=matches_waiting, left=0)


@pytest.fixture
def persistent_connections() -> Iterator[None]:
    """Connections kept between requests (CONN_MAX_AGE), as a production server would."""
    saved = {key: connection.settings_dict[key] for key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")}
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 60
    yield
    connection.close()
    connection.settings_dict.update(saved)


def _terminate(pid: int) -> None:
    """Cut the connection from another session, as a PostgreSQL restart does."""
    killer = connections.create_connection("default")
    try:
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone()[0] is True
    finally:
        killer.close()


def _status(client: WsgiClient) -> int:
    return client.get("/api/v1/opportunities/", headers={"Host": "localhost"}).status_code


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("health_checks", "failed_requests"), [(True, 0), (False, 1)])
def test_the_app_recovers_when_postgresql_drops_its_connection(
    persistent_connections, settings, health_checks, failed_requests
):
    """With CONN_HEALTH_CHECKS (the setting) no request fails; without it, exactly one does and
    the next recovers: either way the app never needs a restart."""
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend: PostgreSQL only (SQLite has no server to drop us)")
    settings.ALLOWED_HOSTS = ["localhost"]
    connection.settings_dict["CONN_HEALTH_CHECKS"] = health_checks
    open_opportunity()
    # The app's own handler, with the signals that close unusable connections between requests
    # (the test client turns them off).
    client = WsgiClient(WSGIHandler())
    assert _status(client) == 200
    pid = connection.connection.info.backend_pid

    _terminate(pid)
    statuses = [_status(client) for _ in range(3)]

    CASES["faults: database connections cut"] += 1
    assert statuses.count(500) == failed_requests, statuses
    assert statuses[failed_requests:] == [200] * (3 - failed_requests)
    assert connection.connection.info.backend_pid != pid
