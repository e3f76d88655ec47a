"""allauth's rate limits on login, sign-up and password reset; Django's password validators."""

import pytest

from tests.backend.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_five_failed_logins_lock_the_account_for_a_while(client):
    UserFactory(email="elev@skola.example")
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"login": "elev@skola.example", "password": "fel-losenord"}
        )
        assert "Too many failed login attempts" not in response.content.decode()
    response = client.post(
        "/accounts/login/", {"login": "elev@skola.example", "password": "a-long-test-password"}
    )
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get("/api/v1/auth/me/").status_code in (401, 403)


def test_password_resets_are_limited_per_address(client):
    UserFactory(email="elev@skola.example")
    statuses = [
        client.post("/accounts/password/reset/", {"email": "elev@skola.example"}).status_code
        for _ in range(7)
    ]
    assert 429 in statuses


@pytest.mark.parametrize("password", ["kort-42", "1234567890123", "password123"])
def test_weak_passwords_are_refused(client, password):
    response = client.post(
        "/accounts/signup/",
        {"email": "ny@skola.example", "password1": password, "password2": password},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
