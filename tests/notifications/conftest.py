"""Notifications under test: a recipient, a notification of every kind, a mail server that fails."""

import pytest
from django.utils import timezone

from backend.accounts.models import User
from backend.notifications.models import Notification
from tests.backend.accounts.factories import UserFactory

# A payload with every key some kind's templates read (backend/notifications/services.py).
FULL_PAYLOAD = {
    "path": "/threads/7/",
    "opportunity_title": "APL: laddinfrastruktur",
    "status": "offered",
    "school_name": "Västerås tekniska gymnasium",
    "school": "Västerås tekniska gymnasium",
    "company": "Mälarkraft AB",
    "students_count": 3,
    "start_date": "2027-03-01",
    "end_date": "2027-04-09",
    "company_agreed": False,
    "organisation_id": 4,
    "organisation": "Mälarkraft AB",
    "user_name": "Sara Nilsson",
    "thread_id": 7,
    "thread_subject": "Platser vecka 10",
    "author_name": "Sara Nilsson",
    "excerpt": "Vi kan ta tre elever <b>från</b> vecka 10.",
    "count": 7,
    "items": [
        {
            "opportunity": "APL: laddinfrastruktur (Mälarkraft AB)",
            "request": "VTG, 4",
            "score": 0.9,
        },
    ],
    "more": 6,
    "until_match": 42,
    "deadline": "2027-01-15",
    "request_id": 3,
    "request_label": "Elprogrammet (4)",
    "days": 15,
    "matches": 2,
}


@pytest.fixture
def recipient(db) -> User:
    return UserFactory(first_name="Alva", email="alva@example.se")


@pytest.fixture
def make_notification(recipient):
    """make_notification(kind=MESSAGE, age_minutes=0, **fields) -> a pending notification."""

    def make(kind: str = Notification.Kind.MESSAGE, *, age_minutes: int = 0, **fields):
        fields.setdefault("recipient", recipient)
        fields.setdefault("payload", FULL_PAYLOAD)
        notification = Notification.objects.create(kind=kind, **fields)
        if age_minutes:
            created = timezone.now() - timezone.timedelta(minutes=age_minutes)
            Notification.objects.filter(pk=notification.pk).update(created_at=created)
            notification.refresh_from_db()
        return notification

    return make


@pytest.fixture
def failing_mail(settings):
    """The mail server refuses every message."""
    settings.EMAIL_BACKEND = "tests.notifications.mailbackends.RefusingBackend"
