"""Reads of notifications: a user's own, the pending ones, the keys of scheduled notices."""

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.core.filters import StrictBooleanFilter, apply_filterset
from backend.notifications import policy
from backend.notifications.models import Notification

PENDING_BATCH = 500


class NotificationFilter(django_filters.FilterSet):
    unread = StrictBooleanFilter(
        field_name="read_at",
        lookup_expr="isnull",
        label=_("Only unread (true) or only read (false)"),
    )
    kind = django_filters.ChoiceFilter(choices=Notification.Kind.choices)

    class Meta:
        model = Notification
        fields = ["unread", "kind"]


def notification_list(
    *, actor: Actor, filters: Mapping[str, Any] | None = None
) -> QuerySet[Notification]:
    """The actor's own notifications, newest first (nobody reads anyone else's)."""
    qs = Notification.objects.filter(policy.own_notifications(actor)).select_related("recipient")
    return apply_filterset(NotificationFilter, filters, qs)


def unread_count(*, actor: Actor) -> int:
    """The bell's number: one COUNT over the partial index of unread notifications."""
    own = Notification.objects.filter(policy.own_notifications(actor))
    return own.filter(read_at__isnull=True).count()


def notification_to_send(*, notification_id: int) -> Notification | None:
    """The row locked for sending, or None when it is missing or another worker holds it."""
    return (
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient")
        .filter(pk=notification_id)
        .first()
    )


def pending_notifications(
    *,
    created_before: datetime,
    max_attempts: int,
    after: tuple[datetime, int] | None = None,
    limit: int = PENDING_BATCH,
) -> list[tuple[datetime, int]]:
    """(created_at, id) of the next `limit` unsent notifications written before `created_before`
    with attempts left, oldest first, from `after` on (the last pair of the previous batch): a
    sender walks the whole backlog in batches, past the ones that fail again (the partial index
    notification_unsent)."""
    pending = Notification.objects.filter(
        sent_at__isnull=True, created_at__lt=created_before, attempts__lt=max_attempts
    )
    if after is not None:
        created_at, pk = after
        pending = pending.filter(Q(created_at__gt=created_at) | Q(created_at=created_at, pk__gt=pk))
    return list(pending.order_by("created_at", "id").values_list("created_at", "pk")[:limit])


def notification_keys(*, kind: str, recipient_ids: Collection[int]) -> set[tuple[int, str]]:
    """The (recipient, key) pairs of the scheduled notices of `kind` already written."""
    if not recipient_ids:
        return set()
    return set(
        Notification.objects.filter(kind=kind, recipient_id__in=recipient_ids)
        .exclude(key="")
        .values_list("recipient_id", "key")
    )
