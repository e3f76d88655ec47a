"""Who may see and mark notifications: their recipient, nobody else (not even moderators)."""

from django.db.models import Q

from backend.accounts.actor import Actor
from backend.notifications.models import Notification


def own_notifications(actor: Actor) -> Q:
    if not actor.is_authenticated:
        return Q(pk__in=[])
    return Q(recipient_id=actor.user_id)


def is_recipient(actor: Actor, notification: Notification) -> bool:
    return actor.is_authenticated and notification.recipient_id == actor.user_id
