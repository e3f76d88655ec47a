"""The Celery app: configured from Django settings (CELERY_*); tasks found in installed apps."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

app = Celery("backend")
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


@app.task(name="backend.ping")
def ping() -> str:
    """A round trip through the broker to a worker; /healthz?worker=1 uses it."""
    return "pong"
