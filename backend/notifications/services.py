"""Writing and sending notifications.

A notification is written in the event's transaction (`notify`, `notify_once`) and e-mailed by
the `send_notification` task once that transaction commits. A row the task never sent (the broker
was down, the SMTP server failed every retry) stays pending; `notifications_send_pending` (beat,
and `manage.py send_pending_notifications`) sends it later.

The payload each kind's templates read (templates/notifications/email/; any key may be missing):
- every kind: `path`, the page the e-mail links to (relative to SITE_URL); without it the page
  of the id the payload carries (backend/notifications/links.py)
- application_received: `application_id`, `opportunity_title`
- application_status: `application_id`, `opportunity_title`, `status` (the new status)
- placement_confirmed: `placement_id`, `opportunity_title`, `school`, `company`,
  `students_count`, `start_date`, `end_date`, `company_agreed`
- placement_changed: `placement_id`, `opportunity_title`, `company`, `status` (`completed`,
  `cancelled`, or `confirmed` with `company_agreed` when the company agreed)
- membership_pending: `organisation_id`, `organisation`, `user_name`
- message: `thread_id`, `thread_subject`, `author_name`, `excerpt`
- new_matches: `count`, `items` [{`opportunity`, `request`, `score`}], `more`, `until_match`
- deadline_reminder: `deadline`, `items` [{`opportunity_id`, `opportunity`, `company`}]
- unanswered_request: `request_id`, `school_name`, `request_label`, `days`, `matches`
"""

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.accounts.models import User
from backend.notifications import emails, policy, selectors
from backend.notifications.models import Notification

logger = logging.getLogger(__name__)

# Failures worth another try later: the mail server refused or could not be reached.
SEND_ERRORS = (smtplib.SMTPException, OSError)


def max_attempts() -> int:
    """After this many failed sends a notification is left alone (NOTIFICATIONS_MAX_ATTEMPTS)."""
    return settings.NOTIFICATIONS_MAX_ATTEMPTS


def notify(*, recipients: Iterable[User], kind: str, payload: dict[str, Any]) -> list[Notification]:
    """One notification per distinct recipient. Call it inside the event's transaction: the rows
    commit with the event or not at all, and the e-mails are enqueued only after the commit."""
    unique = {user.pk: user for user in recipients if user is not None and user.is_active}
    notifications = Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, payload=payload) for user in unique.values()
    )
    _enqueue_on_commit([n.pk for n in notifications])
    return notifications


@dataclass(frozen=True)
class Notice:
    """A scheduled notice for one recipient; `key` makes it once only (per recipient and kind)."""

    recipient_id: int
    key: str
    payload: dict[str, Any] = field(default_factory=dict)


@transaction.atomic
def notify_once(*, kind: str, notices: Iterable[Notice]) -> list[Notification]:
    """Write the notices that were not written before (by recipient, kind and key) and enqueue
    their e-mails on commit. Running a job twice writes nothing the second time; two runs at
    once cannot both write one: the database's unique key refuses the second."""
    unique = {(n.recipient_id, n.key): n for n in reversed(list(notices))}  # the first one wins
    written = selectors.notification_keys(
        kind=kind, recipient_ids={recipient_id for recipient_id, key in unique}
    )
    fresh = [n for pair, n in unique.items() if pair not in written]
    notifications = Notification.objects.bulk_create(
        Notification(recipient_id=n.recipient_id, kind=kind, key=n.key, payload=n.payload)
        for n in fresh
    )
    _enqueue_on_commit([n.pk for n in notifications])
    return notifications


def _enqueue_on_commit(ids: list[int]) -> None:
    if ids:
        transaction.on_commit(lambda: notifications_enqueue(ids=ids))


def notifications_enqueue(*, ids: Iterable[int]) -> int:
    """Hand the ids to the sending task; returns how many were enqueued. A failure to publish
    (the broker is down) is logged and leaves the rows pending: the event that wrote them has
    committed and its request must still succeed."""
    # Imported here: the task calls these services.
    from backend.notifications.tasks import send_notification

    enqueued = 0
    for pk in ids:
        try:
            send_notification.delay(pk)
        except Exception:
            logger.exception("Notification %s not enqueued; it stays pending for the beat job", pk)
            return enqueued
        enqueued += 1
    return enqueued


class Outcome(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already_sent"
    BUSY = "busy"  # another worker holds the row and is sending it now
    MISSING = "missing"
    FAILED = "failed"


def notification_send(*, notification_id: int) -> Outcome:
    """Send the e-mail of a notification once.

    The row is locked (SELECT … FOR UPDATE SKIP LOCKED) for the whole send and `sent_at` is
    committed in the same transaction, so:
    - a second delivery of the task while the first is sending finds the row locked and skips;
      one arriving after it finds `sent_at` and skips;
    - a worker killed while sending holds the lock only as long as its database connection
      lives (the kernel closes the socket when the process dies, PostgreSQL rolls back): the
      redelivered task (acks_late, reject_on_worker_lost) finds the row unsent and sends it.
      Should the redelivery still find the row locked (a worker host that vanished, whose
      connection PostgreSQL has not yet given up), it skips, and the pending job sends it.

    The remaining window: the mail server has accepted the message but the worker dies (or the
    database fails) before the COMMIT of `sent_at`, a few milliseconds. Then the redelivered task
    sends a second copy. No outbox can close this window without the mail server's help; this
    keeps it as short as the commit.

    A failure of the mail server is recorded (attempts, last_error) and returned as FAILED: the
    task retries with backoff. SQLite has no row locks; it is the embedded default, whose tasks
    run eagerly in the web process, so there is no second sender to keep out.
    """
    with transaction.atomic():
        notification = selectors.notification_to_send(notification_id=notification_id)
        if notification is None:
            exists = Notification.objects.filter(pk=notification_id).exists()
            return Outcome.BUSY if exists else Outcome.MISSING
        if notification.sent_at is not None:
            return Outcome.ALREADY_SENT
        try:
            emails.email(notification).send()
        except SEND_ERRORS as error:
            _record_failure(notification, error)
            return Outcome.FAILED
        notification.sent_at = timezone.now()
        notification.attempts = F("attempts") + 1
        notification.last_error = ""
        notification.save(update_fields=["sent_at", "attempts", "last_error"])
    return Outcome.SENT


def _record_failure(notification: Notification, error: Exception) -> None:
    logger.warning("Notification %s not sent: %r", notification.pk, error)
    notification.attempts = F("attempts") + 1
    notification.last_error = f"{type(error).__name__}: {error}"[:2000]
    notification.save(update_fields=["attempts", "last_error"])


@dataclass(frozen=True)
class PendingTotals:
    sent: int
    failed: int
    skipped: int


def notifications_send_pending(*, older_than: timedelta = timedelta(minutes=1)) -> PendingTotals:
    """Send every pending notification older than `older_than` (younger ones are probably on
    their way through the broker) that has not failed `max_attempts()` times, oldest first: the
    whole backlog in one run, however long the broker was down."""
    counts = dict.fromkeys(Outcome, 0)
    created_before, attempts = timezone.now() - older_than, max_attempts()
    after = None
    while batch := selectors.pending_notifications(
        created_before=created_before, max_attempts=attempts, after=after
    ):
        for _created_at, pk in batch:
            counts[notification_send(notification_id=pk)] += 1
        after = batch[-1]
    return PendingTotals(
        sent=counts[Outcome.SENT],
        failed=counts[Outcome.FAILED],
        skipped=sum(counts.values()) - counts[Outcome.SENT] - counts[Outcome.FAILED],
    )


@transaction.atomic
def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    """Idempotent: an already read notification keeps its first read time."""
    if not policy.is_recipient(actor, notification):
        raise PermissionDenied(_("Only the recipient marks a notification read."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor: Actor) -> int:
    """Mark every unread notification of the actor read; returns how many changed."""
    own = Notification.objects.filter(policy.own_notifications(actor))
    return own.filter(read_at__isnull=True).update(read_at=timezone.now())
