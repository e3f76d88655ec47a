"""A notification as an e-mail: subject, text and HTML, in the recipient's language.

Each kind has three templates under notifications/email/: `<kind>_subject.txt`, `<kind>.txt`
and `<kind>.html` (the last two extend base.txt and base.html). They read the notification's
payload; the keys each kind uses are listed in backend/notifications/services.py.
"""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from backend.notifications.links import page_path
from backend.notifications.models import Notification

TEMPLATES = "notifications/email"


def site_url() -> str:
    """Where the links in an e-mail point (SITE_URL, no trailing slash)."""
    return settings.SITE_URL


def context(notification: Notification) -> dict[str, Any]:
    payload = notification.payload or {}
    return {
        "notification": notification,
        "recipient": notification.recipient,
        "payload": payload,
        "link": site_url() + page_path(notification),
        "site_url": site_url(),
    }


def subject(notification: Notification) -> str:
    """The subject line, in the active language (one line, as mail headers need)."""
    text = render_to_string(f"{TEMPLATES}/{notification.kind}_subject.txt", context(notification))
    return " ".join(text.split())


def email(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail to send, rendered in the recipient's language."""
    with translation.override(notification.recipient.language):
        values = context(notification)
        message = EmailMultiAlternatives(
            subject=subject(notification),
            body=render_to_string(f"{TEMPLATES}/{notification.kind}.txt", values),
            to=[notification.recipient.email],
            headers={"X-Praktikbryggan-Notification": str(notification.pk)},
        )
        message.attach_alternative(
            render_to_string(f"{TEMPLATES}/{notification.kind}.html", values), "text/html"
        )
    return message
