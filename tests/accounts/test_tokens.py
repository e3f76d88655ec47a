"""Personal API tokens: create (the key shown once), list, use as `Token <key>`, revoke."""

import pytest

from backend.accounts.models import PersonalToken
from tests.backend.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/auth/tokens/"


def test_create_use_list_and_revoke(client_for, api_client):
    user = UserFactory(email="hr@volvo.example")
    owner = client_for(user)
    created = owner.post(URL, {"name": "HR-systemet"})
    assert created.status_code == 201
    key = created.json()["key"]
    assert created.json()["prefix"] == key[:8]

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get("/api/v1/auth/me/").json()["email"] == "hr@volvo.example"

    listed = owner.get(URL).json()
    assert [(row["name"], row["prefix"]) for row in listed] == [("HR-systemet", key[:8])]
    assert "key" not in listed[0]
    assert listed[0]["last_used_at"] is not None

    assert owner.delete(f"{URL}{created.json()['id']}/").status_code == 204
    assert api_client.get("/api/v1/auth/me/").status_code == 401


def test_only_the_hash_is_stored(client_for):
    key = client_for(UserFactory()).post(URL, {"name": "ci"}).json()["key"]
    token = PersonalToken.objects.get()
    assert key not in (token.key_hash, token.prefix)
    assert len(token.key_hash) == 64


def test_names_are_unique_per_user(client_for):
    client = client_for(UserFactory())
    client.post(URL, {"name": "ci"})
    response = client.post(URL, {"name": "ci"})
    assert response.status_code == 400
    assert response.json()["name"]


def test_nobody_sees_or_revokes_anothers_tokens(client_for):
    token_id = client_for(UserFactory()).post(URL, {"name": "ci"}).json()["id"]
    other = client_for(UserFactory())
    assert other.get(URL).json() == []
    assert other.delete(f"{URL}{token_id}/").status_code == 404


def test_a_wrong_key_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-key")
    assert api_client.get("/api/v1/auth/me/").status_code == 401


def test_the_token_of_an_inactive_user_stops_working(client_for, api_client):
    user = UserFactory()
    key = client_for(user).post(URL, {"name": "ci"}).json()["key"]
    user.is_active = False
    user.save()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get("/api/v1/auth/me/").status_code == 401


def test_the_settings_page_creates_shows_once_and_revokes(client):
    user = UserFactory()
    client.force_login(user)
    page = client.post("/account/tokens/", {"name": "Excel"})
    key = page.context["new_key"]
    assert key in page.content.decode()
    assert key not in client.get("/account/").content.decode()

    token = PersonalToken.objects.get(user=user)
    response = client.post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert not PersonalToken.objects.exists()
