"""Writing notifications: in the caller's transaction, sent by a task once it commits."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from backend.accounts.models import User
from backend.notifications.models import Notification
from backend.notifications.tasks import send_notification


def notify(*, recipients: Iterable[User], kind: str, payload: dict[str, Any]) -> list[Notification]:
    """One notification per distinct recipient. Call it inside the event's transaction: the rows
    commit with the event or not at all, and the e-mails are enqueued only after the commit."""
    unique = {user.pk: user for user in recipients if user is not None and user.is_active}
    notifications = Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, payload=payload) for user in unique.values()
    )
    ids = [n.pk for n in notifications]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return notifications


def _enqueue(ids: list[int]) -> None:
    for pk in ids:
        send_notification.delay(pk)
