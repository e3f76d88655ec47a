"""A task sent through the real broker is run by a real worker process that the test starts."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from kombu import Connection

from backend.celery import app, ping

ROOT = Path(__file__).resolve().parents[2]
BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not BROKER_URL, reason="CELERY_BROKER_URL is not set: no broker to test"),
]


def _broker_answers() -> bool:
    try:
        with Connection(BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # noqa: BLE001
        return False
    return True


@pytest.fixture
def worker_queue():
    if not _broker_answers():
        pytest.fail(f"CELERY_BROKER_URL={BROKER_URL} is set but the broker does not answer")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "backend",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "backend.test_settings"},
    )
    app.conf.task_always_eager = False
    try:
        # Wait for the worker to start (tens of seconds on a busy machine), so each test measures
        # a running worker rather than its start-up.
        ping.apply_async(queue=queue).get(timeout=120, disable_sync_subtasks=False)
        yield queue
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        worker.wait(timeout=30)


def test_a_task_sent_through_the_broker_is_run_by_a_worker(worker_queue):
    result = ping.apply_async(queue=worker_queue)
    # disable_sync_subtasks: an earlier test may have left this process marked as inside a task.
    assert result.get(timeout=60, disable_sync_subtasks=False) == "pong"
    assert result.successful()


@pytest.mark.django_db
def test_healthz_sees_the_broker_and_a_worker(client, worker_queue):
    app.conf.task_default_queue = worker_queue
    try:
        body = client.get("/healthz?worker=1").json()
    finally:
        app.conf.task_default_queue = "celery"
    assert body == {"database": "ok", "broker": "ok", "worker": "ok"}
