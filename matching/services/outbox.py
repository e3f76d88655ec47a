"""The task outbox: work a sick broker must not lose (issue 16).

`task_enqueue` writes a row (the task's name and its arguments) in the caller's transaction, so
the work commits with the change or not at all, and publishes it once the transaction commits,
with the app's one-try, short-timeout publish (backend/celery.py: a broker that failed a moment
ago is not tried again for a while); the row is deleted once the broker took the task. A row
that is still here (the broker was killed or frozen) is published by `outbox_send_pending`: the
beat job every few minutes (matching.tasks.send_pending_tasks) and `manage.py send_pending_tasks`,
the whole backlog in one run.

A task may so be delivered twice (published on commit while a sweep publishes its row too, or
the row's delete failed after the publish): every task sent this way is idempotent, a
recomputation from the current state or a round run that does nothing once the round is done.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from celery import Task
from django.db import transaction
from django.utils import timezone

from backend.celery import app
from matching.models import OutboxTask

logger = logging.getLogger(__name__)

BATCH = 500


def task_enqueue(task: Task, *args: int | str) -> OutboxTask:
    """Write the task in the caller's transaction; publish it when that commits."""
    row = OutboxTask.objects.create(task=task.name, args=list(args))
    transaction.on_commit(lambda: _publish(row), robust=True)
    return row


def _publish(row: OutboxTask) -> bool:
    """Hand the row's task to the broker and delete the row; False (the row stays) when the
    broker did not take it."""
    try:
        app.tasks[row.task].apply_async(args=row.args)
    except Exception:
        logger.warning("%s not published; it waits in the task outbox", row, exc_info=True)
        return False
    OutboxTask.objects.filter(pk=row.pk).delete()
    return True


@dataclass(frozen=True)
class OutboxTotals:
    sent: int
    left: int


def outbox_send_pending(*, older_than: timedelta = timedelta(minutes=1)) -> OutboxTotals:
    """Publish every row older than `older_than` (younger ones are probably being published on
    commit), oldest first, in batches: the whole backlog in one run. The first refusal ends the
    run (the broker is down: every other publish would be refused too) and the rest waits."""
    created_before = timezone.now() - older_than
    sent, after = 0, 0
    while batch := list(
        OutboxTask.objects.filter(created_at__lte=created_before, pk__gt=after).order_by("pk")[
            :BATCH
        ]
    ):
        for row in batch:
            if not _publish(row):
                return OutboxTotals(sent=sent, left=OutboxTask.objects.count())
            sent += 1
        after = batch[-1].pk
    return OutboxTotals(sent=sent, left=OutboxTask.objects.count())
