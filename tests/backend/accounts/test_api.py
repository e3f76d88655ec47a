import pytest
from django.core.cache import cache

from tests.backend.accounts.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/auth/token/"
ME_URL = "/api/v1/auth/me/"


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()


def test_token_for_right_credentials_authenticates_later_requests(api_client):
    user = UserFactory(email="hr@volvo.example")
    MembershipFactory(user=user, organisation__name="Volvo CE", is_admin=True)

    response = api_client.post(TOKEN_URL, {"email": "HR@volvo.example", "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get(ME_URL).json()
    assert me["email"] == "hr@volvo.example"
    assert me["memberships"] == [
        {
            "organisation_id": user.memberships.get().organisation_id,
            "organisation": "Volvo CE",
            "kind": "company",
            "is_admin": True,
            "status": "approved",
        }
    ]


def test_each_sign_in_replaces_the_last_sign_in_token(api_client):
    UserFactory(email="a@example.se")
    credentials = {"email": "a@example.se", "password": PASSWORD}
    first = api_client.post(TOKEN_URL, credentials).json()["token"]
    second = api_client.post(TOKEN_URL, credentials).json()["token"]
    assert second != first
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api_client.get(ME_URL).status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert api_client.get(ME_URL).status_code == 200


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "a@example.se", "password": "wrong"}, "non_field_errors"),
        ({"email": "nobody@example.se", "password": PASSWORD}, "non_field_errors"),
        ({"email": "not-an-email", "password": PASSWORD}, "email"),
        ({"email": "a@example.se"}, "password"),
    ],
)
def test_wrong_credentials_are_a_400_with_a_message(api_client, payload, field):
    UserFactory(email="a@example.se")
    response = api_client.post(TOKEN_URL, payload, format="json")
    assert response.status_code == 400
    assert response.json()[field][0]


def test_inactive_user_gets_no_token(api_client):
    UserFactory(email="gone@example.se", is_active=False)
    response = api_client.post(TOKEN_URL, {"email": "gone@example.se", "password": PASSWORD})
    assert response.status_code == 400


def test_token_requests_are_rate_limited(api_client, settings):
    """Ten guesses a minute from one address, whichever accounts they try (tests/accounts/
    test_sign_in_token.py: the lock per account, and the address behind a proxy)."""
    statuses = [
        api_client.post(TOKEN_URL, {"email": f"a{n}@example.se", "password": "guess"}).status_code
        for n in range(11)
    ]
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429


def test_me_without_or_with_a_wrong_token_is_401(api_client):
    assert api_client.get(ME_URL).status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api_client.get(ME_URL)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_session_login_works_for_the_browser(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(ME_URL).json()["email"] == user.email
