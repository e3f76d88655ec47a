"""The task outbox: a Celery task that must not be lost, written in the transaction of the change
that needs it (matching/services/outbox.py)."""

from django.db import models


class OutboxTask(models.Model):
    """One task to publish: its Celery name and its arguments (ids). Deleted once the broker
    took it; a row still here waits for the next `outbox_send_pending` run."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        arguments = ", ".join(map(str, self.args))
        return f"{self.task}({arguments})"
