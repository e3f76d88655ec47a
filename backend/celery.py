"""The Celery app: configured from Django settings (CELERY_*); tasks found in installed apps."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

app = Celery("backend")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="backend.ping")
def ping() -> str:
    """A round trip through the broker to a worker; /healthz?worker=1 uses it."""
    return "pong"
