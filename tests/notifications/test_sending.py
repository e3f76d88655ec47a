"""Sending a notification by e-mail: once, in the recipient's language, retried on failure,
and delivered later when the broker or the mail server was down."""

from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from kombu.exceptions import OperationalError

from backend.notifications import emails, services, tasks
from backend.notifications.models import Notification
from tests.notifications.conftest import FULL_PAYLOAD


def test_a_notification_is_emailed_once_its_event_commits(
    recipient, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = services.notify(
            recipients=[recipient, recipient], kind=Notification.Kind.MESSAGE, payload=FULL_PAYLOAD
        )
        assert mail.outbox == []  # not before the commit

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alva@example.se"]
    assert "Sara Nilsson" in message.body
    assert "/threads/7/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "&lt;b&gt;från&lt;/b&gt;" in html  # the message's text is escaped in HTML
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert notification.attempts == 1


def test_sending_twice_sends_one_email(make_notification):
    notification = make_notification()

    first = tasks.send_notification.apply(args=[notification.pk]).get()
    second = tasks.send_notification.apply(args=[notification.pk]).get()

    assert (first, second) == ("sent", "already_sent")
    assert len(mail.outbox) == 1


def test_an_unknown_notification_is_not_an_error(db):
    assert services.notification_send(notification_id=404) == services.Outcome.MISSING


@pytest.mark.parametrize("kind", Notification.Kind.values)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_kind_renders_in_the_recipients_language(
    make_notification, recipient, kind, language
):
    recipient.language = language
    recipient.save(update_fields=["language"])
    message = emails.email(make_notification(kind))

    html = message.alternatives[0][0]
    assert f'<html lang="{language}">' in html
    assert message.subject
    assert "\n" not in message.subject
    assert "http://127.0.0.1:8000/threads/7/" in message.body
    assert "{{" not in message.body + html  # no template syntax leaked


def test_subjects_name_what_happened(make_notification, recipient):
    recipient.language = "en"
    recipient.save(update_fields=["language"])
    subject = {kind: emails.email(make_notification(kind)).subject for kind in Notification.Kind}
    assert subject[Notification.Kind.MESSAGE] == "New message: Platser vecka 10"
    assert subject[Notification.Kind.NEW_MATCHES] == "7 new good matches"
    assert subject[Notification.Kind.DEADLINE_REMINDER] == "Apply by 2027-01-15"
    assert subject[Notification.Kind.APPLICATION_STATUS] == (
        "Application update: APL: laddinfrastruktur"
    )


def test_a_failed_send_records_the_error_and_stays_pending(make_notification, failing_mail):
    notification = make_notification()

    assert services.notification_send(notification_id=notification.pk) == services.Outcome.FAILED

    notification.refresh_from_db()
    assert notification.sent_at is None
    assert notification.attempts == 1
    assert notification.last_error.startswith("SMTPServerDisconnected")


def test_the_task_retries_a_failed_send_with_growing_backoff(make_notification, failing_mail):
    notification = make_notification()

    retrying = mock.patch.object(tasks.send_notification, "retry", side_effect=RuntimeError)
    with retrying as retry, pytest.raises(RuntimeError):
        tasks.send_notification(notification.pk)  # as a worker runs it (not eager)

    assert retry.call_args.kwargs["countdown"] == 60
    assert [tasks.backoff(n) for n in range(8)] == [60, 120, 240, 480, 960, 1920, 3600, 3600]
    notification.refresh_from_db()
    assert notification.attempts == 1


def test_in_eager_mode_a_failure_is_left_for_the_pending_job(make_notification, failing_mail):
    notification = make_notification()

    assert tasks.send_notification.apply(args=[notification.pk]).get() == "failed"

    notification.refresh_from_db()
    assert (notification.attempts, notification.sent_at) == (1, None)


def test_the_event_succeeds_when_the_broker_is_down(
    recipient, django_capture_on_commit_callbacks, caplog
):
    down = OperationalError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")
    broken = mock.patch.object(tasks.send_notification, "apply_async", side_effect=down)
    with broken, django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[recipient], kind=Notification.Kind.MESSAGE, payload={})

    notification = Notification.objects.get()
    assert notification.sent_at is None
    assert "stays pending" in caplog.text
    assert mail.outbox == []


def test_the_pending_command_sends_what_is_due(make_notification, settings, capsys):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    due = [make_notification(age_minutes=5), make_notification(age_minutes=60)]
    young = make_notification()  # probably on its way through the broker
    given_up = make_notification(age_minutes=5, attempts=3)
    sent = make_notification(age_minutes=5)
    services.notification_send(notification_id=sent.pk)
    mail.outbox.clear()

    call_command("send_pending_notifications")

    assert capsys.readouterr().out == "Pending notifications: 2 sent, 0 failed, 0 skipped.\n"
    assert sorted(m.extra_headers["X-Praktikbryggan-Notification"] for m in mail.outbox) == sorted(
        str(n.pk) for n in due
    )
    for notification in (young, given_up):
        notification.refresh_from_db()
        assert notification.sent_at is None


def test_the_pending_command_counts_failures(make_notification, failing_mail, capsys):
    make_notification(age_minutes=5)

    call_command("send_pending_notifications")

    assert capsys.readouterr().out == "Pending notifications: 0 sent, 1 failed, 0 skipped.\n"


def test_the_beat_task_sends_pending_notifications(make_notification):
    make_notification(age_minutes=5)

    assert tasks.send_pending_notifications.apply().get() == {
        "sent": 1,
        "failed": 0,
        "skipped": 0,
    }
    assert len(mail.outbox) == 1
