"""The bell and the notifications list."""

import pytest

from backend.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]


def test_the_bell_counts_unread_and_the_list_marks_them_read(login, world):
    for _ in range(2):
        Notification.objects.create(
            recipient=world.student,
            kind=Notification.Kind.NEW_MATCHES,
            payload={"path": "/dashboard/"},
        )
    client = login(world.student)
    html = client.get("/notifications/").content.decode()
    assert '<span class="count">2</span>' in html
    first = Notification.objects.first()
    response = client.post("/notifications/read/", {"id": first.pk})
    assert response["Location"] == "/dashboard/"
    client.post("/notifications/read/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert '<span class="count">0</span>' in client.get("/").content.decode()


def test_nobody_reads_anothers_notification(login, world):
    notification = Notification.objects.create(
        recipient=world.member, kind=Notification.Kind.NEW_MATCHES
    )
    response = login(world.student).post("/notifications/read/", {"id": notification.pk})
    assert response.status_code == 404
