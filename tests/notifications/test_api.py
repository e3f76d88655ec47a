"""/api/v1/notifications/: a user's own notifications, the unread count, marking them read."""

import pytest
from django.utils import timezone

from backend.notifications.models import Notification
from tests.backend.accounts.factories import UserFactory

URL = "/api/v1/notifications/"


@pytest.fixture
def own(make_notification):
    return [
        make_notification(Notification.Kind.MESSAGE),
        make_notification(Notification.Kind.NEW_MATCHES),
        make_notification(Notification.Kind.MESSAGE, read_at=timezone.now()),
    ]


@pytest.fixture
def others(make_notification):
    return make_notification(recipient=UserFactory())


@pytest.fixture
def client(recipient, client_for):
    client = client_for(recipient)
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return client


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", ""), ("get", "unread-count/"), ("post", "read-all/"), ("post", "1/read/")],
)
def test_anonymous_gets_401(api_client, method, path):
    assert getattr(api_client, method)(URL + path).status_code == 401


def test_the_list_shows_only_own_notifications_newest_first(client, own, others):
    body = client.get(URL).json()

    assert body["count"] == 3
    assert [row["id"] for row in body["results"]] == [n.pk for n in reversed(own)]
    first = body["results"][2]
    assert first["kind"] == "message"
    assert first["subject"] == "New message: Platser vecka 10"
    assert first["is_read"] is False
    assert first["payload"]["thread_id"] == 7


def test_the_list_filters_unread_and_read(client, own):
    unread = client.get(URL, {"unread": "true"}).json()["results"]
    read = client.get(URL, {"unread": "false"}).json()["results"]

    assert [row["id"] for row in unread] == [own[1].pk, own[0].pk]
    assert [row["id"] for row in read] == [own[2].pk]


def test_a_malformed_filter_is_a_400_naming_it(client, own):
    response = client.get(URL, {"unread": "maybe"})
    assert response.status_code == 400
    assert "unread" in response.json()


def test_the_unread_count(client, own, others):
    assert client.get(URL + "unread-count/").json() == {"unread": 2}


def test_marking_one_read(client, own):
    response = client.post(f"{URL}{own[0].pk}/read/")

    assert response.status_code == 200
    assert response.json()["is_read"] is True
    assert client.get(URL + "unread-count/").json() == {"unread": 1}
    first_read = Notification.objects.get(pk=own[0].pk).read_at
    client.post(f"{URL}{own[0].pk}/read/")  # again: keeps the first time
    assert Notification.objects.get(pk=own[0].pk).read_at == first_read


def test_someone_elses_notification_is_a_404(client, others):
    assert client.get(f"{URL}{others.pk}/").status_code == 404
    assert client.post(f"{URL}{others.pk}/read/").status_code == 404
    others.refresh_from_db()
    assert others.read_at is None


def test_marking_all_read_touches_only_own(client, own, others):
    assert client.post(URL + "read-all/").json() == {"marked_read": 2}

    assert client.get(URL + "unread-count/").json() == {"unread": 0}
    others.refresh_from_db()
    assert others.read_at is None


def test_the_list_reads_a_fixed_number_of_queries(
    client, make_notification, django_assert_max_num_queries
):
    for _ in range(20):
        make_notification()
    with django_assert_max_num_queries(4):
        client.get(URL)
