"""The Celery app: configured from Django settings (CELERY_*); tasks found in installed apps.

Publishing never blocks a request for long (docs/operations.md): the settings make a publish one
try with short timeouts, and a process whose publish failed leaves that broker alone for
BROKER_PAUSE_SECONDS, so the next requests fail at once instead of each waiting for a timeout.
Every caller treats a failed publish as "the work waits": the notifications in their outbox,
match updates and allocation rounds in the task outbox (matching/services/outbox.py), each sent
again by a periodic task.
"""

import logging
import os
import time
from typing import Any

from celery import Celery, Task
from celery.schedules import crontab
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

logger = logging.getLogger(__name__)

BROKER_PAUSE_SECONDS = 30.0
# Broker URL -> until when (time.monotonic()) this process does not try it again.
_paused_until: dict[str, float] = {}


class BrokerUnavailableError(OperationalError):
    """The broker failed a publish a moment ago; this one was not tried."""


class PublishOnceTask(Task):
    """Every task of the app: a publish fails at once while its broker is paused, and a failed
    publish pauses it (eager mode, with no broker, runs the task as Celery does)."""

    def apply_async(self, *args: Any, **kwargs: Any) -> Any:
        if self.app.conf.task_always_eager:
            return super().apply_async(*args, **kwargs)
        url = self.app.conf.broker_url
        if time.monotonic() < _paused_until.get(url, 0.0):
            raise BrokerUnavailableError(f"{self.name} not published: the broker failed recently")
        try:
            return super().apply_async(*args, **kwargs)
        except OperationalError:
            logger.warning("The broker failed; not trying it for %.0f s", BROKER_PAUSE_SECONDS)
            _paused_until[url] = time.monotonic() + BROKER_PAUSE_SECONDS
            raise


app = Celery("backend", task_cls=PublishOnceTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Celery beat (times in CELERY_TIMEZONE, Europe/Stockholm). Every job is idempotent: a second run
# the same day, or a beat restarted mid-day, writes no notice twice (matching/notices.py).
app.conf.beat_schedule = {
    # Notifications the on-commit task did not send (broker down, mail server failing).
    "notifications.send_pending": {
        "task": "notifications.send_pending",
        "schedule": crontab(minute="*/5"),
    },
    "matching.notices.digest": {
        "task": "matching.notices.digest",
        "schedule": crontab(hour=7, minute=0),
    },
    "matching.notices.deadline_reminders": {
        "task": "matching.notices.deadline_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "matching.notices.nudges": {
        "task": "matching.notices.nudges",
        "schedule": crontab(hour=9, minute=0, day_of_week="mon-fri"),
    },
    # Privacy: erase students whose last placement ended PERSONAL_DATA_RETENTION_DAYS ago.
    "matching.privacy.anonymise_inactive_students": {
        "task": "matching.privacy.anonymise_inactive_students",
        "schedule": crontab(hour=3, minute=30),
    },
}


@app.task(name="backend.ping", ignore_result=False)
def ping() -> str:
    """A round trip through the broker to a worker; /healthz?worker=1 uses it."""
    return "pong"
