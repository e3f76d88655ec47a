"""Sending notifications by e-mail: thin tasks over backend/notifications/services.py.

`send_notification` is enqueued when the event's transaction commits. It is acks_late (a worker
killed mid-task leaves the message to be delivered again) and idempotent (the service locks the
row and checks `sent_at`); a mail server failure is retried with exponential backoff. In eager
mode (no broker) a failure is not retried in-process: the row stays pending for
`send_pending_notifications`.
"""

from datetime import timedelta
from typing import Any

from celery import shared_task
from django.db import OperationalError

from backend.notifications import services

BACKOFF_SECONDS = 60
BACKOFF_MAX_SECONDS = 3600


def backoff(retries: int) -> int:
    """Seconds before retry number `retries + 1`: 1, 2, 4 … minutes, at most an hour."""
    return min(BACKOFF_SECONDS * 2**retries, BACKOFF_MAX_SECONDS)


@shared_task(
    name="notifications.send",
    bind=True,
    acks_late=True,
    ignore_result=True,  # nothing reads it, and publishing then needs no result backend
    autoretry_for=(OperationalError,),
    retry_backoff=True,
)
def send_notification(self: Any, notification_id: int) -> str:
    outcome = services.notification_send(notification_id=notification_id)
    retries_left = self.request.retries < services.max_attempts() - 1
    if outcome == services.Outcome.FAILED and retries_left and not self.request.is_eager:
        raise self.retry(countdown=backoff(self.request.retries), max_retries=None)
    return str(outcome)


@shared_task(name="notifications.send_pending", ignore_result=True)
def send_pending_notifications(older_than_seconds: int = 60) -> dict[str, int]:
    totals = services.notifications_send_pending(older_than=timedelta(seconds=older_than_seconds))
    return {"sent": totals.sent, "failed": totals.failed, "skipped": totals.skipped}
