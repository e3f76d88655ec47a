"""Reads of notifications: a user's own, the pending ones, the keys of scheduled notices."""

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import User
from backend.core.filters import StrictBooleanFilter, apply_filterset
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
    *, user: User, filters: Mapping[str, Any] | None = None
) -> QuerySet[Notification]:
    """The user's own notifications, newest first (nobody reads anyone else's)."""
    qs = Notification.objects.filter(recipient=user).select_related("recipient")
    return apply_filterset(NotificationFilter, filters, qs)


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_to_send(*, notification_id: int) -> Notification | None:
    """The row locked for sending, or None when it is missing or another worker holds it."""
    return (
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient")
        .filter(pk=notification_id)
        .first()
    )


def pending_notification_ids(
    *, created_before: datetime, max_attempts: int, limit: int = PENDING_BATCH
) -> list[int]:
    """Unsent notifications written before `created_before` with attempts left, oldest first
    (the partial index notification_unsent)."""
    return list(
        Notification.objects.filter(
            sent_at__isnull=True, created_at__lt=created_before, attempts__lt=max_attempts
        )
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def notification_keys(*, kind: str, recipient_ids: Collection[int]) -> set[tuple[int, str]]:
    """The (recipient, key) pairs of the scheduled notices of `kind` already written."""
    if not recipient_ids:
        return set()
    return set(
        Notification.objects.filter(kind=kind, recipient_id__in=recipient_ids)
        .exclude(key="")
        .values_list("recipient_id", "key")
    )
