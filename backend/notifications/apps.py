from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Notifications: written in the event's transaction, sent by e-mail later, read in the app."""

    name = "backend.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
