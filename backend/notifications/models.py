"""The notification outbox: a row per event and recipient, written in the event's transaction."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        APPLICATION_RECEIVED = "application_received", _("application received")
        APPLICATION_STATUS = "application_status", _("application status changed")
        MESSAGE = "message", _("new message")
        PLACEMENT_CONFIRMED = "placement_confirmed", _("placement confirmed")
        PLACEMENT_CHANGED = "placement_changed", _("placement changed")
        NEW_MATCHES = "new_matches", _("new good matches")
        DEADLINE_REMINDER = "deadline_reminder", _("deadline soon")
        UNANSWERED_REQUEST = "unanswered_request", _("request without answer")
        MEMBERSHIP_PENDING = "membership_pending", _("membership waiting for approval")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Scheduled notices (digests, reminders, nudges) carry a key: the same notice is never
    # written twice for a recipient, however often or concurrently its job runs.
    key = models.CharField(_("key"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"],
                condition=~Q(key=""),
                name="notification_once_per_key",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(sent_at__isnull=True), name="notification_unsent"
            ),
            models.Index(
                fields=["recipient", "-created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"
