"""With a real worker on the broker: a notification's e-mail arrives exactly once even when the
worker is killed while sending, and an event that happens while the broker is down is stored and
delivered by the pending job once the broker is back.

The worker (tests/notifications/worker_settings.py) shares the test's PostgreSQL database and
writes e-mail to files in a directory the test reads.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection, transaction

from backend.celery import app, ping
from backend.notifications import services, tasks
from backend.notifications.models import Notification
from tests.backend.accounts.factories import UserFactory
from tests.backend.test_celery_worker import BROKER_URL, ROOT, _broker_answers

DEAD_BROKER = "redis://127.0.0.1:1/0"
# A worker starts in a few seconds, but far slower on a loaded machine: waits that include a
# start are generous; they end as soon as what they wait for happens.
STARTING = 120
RUNNING = 30

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not BROKER_URL, reason="CELERY_BROKER_URL is not set: no broker to test"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the worker shares the test database: PostgreSQL only (SQLite is in memory)")


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(0.1)


def _marked_sent(notification: Notification) -> Callable[[], bool]:
    """Whether `sent_at` is committed (just after the e-mail is written)."""
    return Notification.objects.filter(pk=notification.pk, sent_at__isnull=False).exists


def _sent_copies(mail_dir: Path, notification: Notification) -> int:
    header = f"X-Praktikbryggan-Notification: {notification.pk}\n"
    return sum(path.read_text().count(header) for path in mail_dir.glob("*.log"))


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def queue() -> Iterator[str]:
    """A queue of this test's own; tasks are sent through the broker while it runs."""
    if not _broker_answers():
        pytest.fail(f"CELERY_BROKER_URL={BROKER_URL} is set but the broker does not answer")
    name = f"test-{uuid.uuid4().hex[:8]}"
    app.conf.task_always_eager = False
    app.conf.task_default_queue = name
    try:
        yield name
    finally:
        app.conf.task_default_queue = "celery"
        app.conf.task_always_eager = True


@pytest.fixture
def start_worker(queue, mail_dir, tmp_path) -> Iterator[Callable[..., subprocess.Popen]]:
    """start_worker(**env) -> a prefork worker with one process, consuming the test's queue."""
    workers: list[subprocess.Popen] = []

    def start(**env: str) -> subprocess.Popen:
        command = [sys.executable, "-m", "celery", "-A", "backend", "worker", "--pool=prefork"]
        command += ["--concurrency=1", "-Q", queue, "--without-gossip", "--without-mingle"]
        worker = subprocess.Popen(
            [*command, "-l", "warning"],
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
                "PYTHONPATH": str(ROOT),
                "DATABASE_URL": _database_url(),
                "TEST_MAIL_DIR": str(mail_dir),
                **env,
            },
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.terminate()
        worker.wait(timeout=30)


def _notify(recipient) -> Notification:
    """An event: its notification commits, then its e-mail is enqueued."""
    with transaction.atomic():
        (notification,) = services.notify(
            recipients=[recipient], kind=Notification.Kind.MESSAGE, payload={"excerpt": "Hej"}
        )
    return notification


def test_the_email_arrives_once_when_the_worker_is_killed_while_sending(
    start_worker, mail_dir, tmp_path
):
    marker = tmp_path / "sending.pid"
    start_worker(SLOW_MAIL_MARKER=str(marker), SLOW_MAIL_SECONDS="60")
    notification = _notify(UserFactory())

    # The sending process writes its id, then sleeps inside the send until it is killed.
    _wait(lambda: marker.exists() and marker.read_text().isdigit(), STARTING, "the worker's send")
    os.kill(int(marker.read_text()), signal.SIGKILL)

    # acks_late + reject_on_worker_lost: the message goes back and a new process sends it.
    _wait(_marked_sent(notification), STARTING, "the redelivered task to send")
    notification.refresh_from_db()
    assert notification.attempts == 1  # the killed attempt rolled back with its transaction

    # Delivered again (a duplicate message, the pending job): still one e-mail.
    tasks.send_notification.delay(notification.pk)
    tasks.send_pending_notifications.delay(older_than_seconds=0)
    # disable_sync_subtasks: an earlier test may have left this process marked as inside a task.
    assert ping.delay().get(timeout=RUNNING, disable_sync_subtasks=False) == "pong"
    assert _sent_copies(mail_dir, notification) == 1


@pytest.fixture
def dead_broker() -> Iterator[Callable[[], None]]:
    """Point the app at a port where no broker listens; the returned function brings it back."""
    live = app.conf.broker_url

    def point_at(url: str) -> None:
        app.conf.broker_url = url
        app._pool = None  # the connection pools were made for the old URL
        app.amqp._producer_pool = None

    point_at(DEAD_BROKER)
    yield lambda: point_at(live)
    point_at(live)


def test_an_event_while_the_broker_is_down_is_delivered_after_it_is_back(
    queue, start_worker, mail_dir, dead_broker
):
    started = time.monotonic()
    notification = _notify(UserFactory())
    publishing = time.monotonic() - started

    assert publishing < 5, f"publishing to a dead broker held the request for {publishing:.1f} s"
    notification.refresh_from_db()
    assert notification.sent_at is None

    dead_broker()  # the broker is back
    start_worker()
    tasks.send_pending_notifications.delay(older_than_seconds=0)

    _wait(_marked_sent(notification), STARTING, "the pending job to send")
    assert _sent_copies(mail_dir, notification) == 1
