"""Single sign-on by OpenID Connect (Microsoft Entra ID, Google Workspace) through allauth's
openid_connect provider, configured from settings. The identity provider here is a fake: its
HTTP endpoints are answered in-process, nothing goes to the internet."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from backend.accounts.models import Membership, User

pytestmark = pytest.mark.django_db
SERVER = "https://login.skolan.example/tenant/v2.0"
CONFIGURATION = {
    "issuer": SERVER,
    "authorization_endpoint": "https://login.skolan.example/authorize",
    "token_endpoint": "https://login.skolan.example/token",
    "userinfo_endpoint": "https://login.skolan.example/userinfo",
    "jwks_uri": "https://login.skolan.example/keys",
}
USERINFO = {
    "sub": "entra-4711",
    "email": "anna.syv@skolan.example",
    "email_verified": True,
    "given_name": "Anna",
    "family_name": "Berg",
}


class FakeResponse:
    def __init__(self, data: dict) -> None:
        self.data, self.status_code, self.text = data, 200, ""
        self.headers = {"content-type": "application/json"}

    def json(self) -> dict:
        return self.data

    def raise_for_status(self) -> None:
        return None


class FakeIdentityProvider:
    """What allauth's requests session asks: the discovery document, the token, userinfo."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def get(self, url: str, **kwargs) -> FakeResponse:
        self.calls.append(("GET", url))
        if url == f"{SERVER}/.well-known/openid-configuration":
            return FakeResponse(CONFIGURATION)
        assert url == CONFIGURATION["userinfo_endpoint"]
        assert kwargs["headers"]["Authorization"] == "Bearer fake-access-token"
        return FakeResponse(USERINFO)

    def request(self, method: str, url: str, **kwargs) -> FakeResponse:
        self.calls.append((method, url))
        assert url == CONFIGURATION["token_endpoint"]
        assert kwargs["data"]["code"] == "fake-code"
        return FakeResponse(
            {"access_token": "fake-access-token", "token_type": "Bearer", "expires_in": 3600}
        )


@pytest.fixture
def idp(settings, monkeypatch):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "skolan",
                    "name": "Skolans Entra ID",
                    "client_id": "praktikbryggan",
                    "secret": "hemligt",
                    "settings": {"server_url": SERVER},
                }
            ],
        }
    }
    fake = FakeIdentityProvider()
    monkeypatch.setattr(DefaultSocialAccountAdapter, "get_requests_session", lambda self: fake)
    return fake


def log_in_through_the_provider(client) -> str:
    """Start the login, come back from the provider with a code; where we end up."""
    started = client.post("/accounts/oidc/skolan/login/")
    assert started.status_code == 302
    location = urlsplit(started["Location"])
    assert (
        f"{location.scheme}://{location.netloc}{location.path}"
        == (CONFIGURATION["authorization_endpoint"])
    )
    query = parse_qs(location.query)
    assert query["client_id"] == ["praktikbryggan"]
    assert query["code_challenge_method"] == ["S256"]
    state = query["state"][0]
    back = client.get(f"/accounts/oidc/skolan/login/callback/?code=fake-code&state={state}")
    assert back.status_code == 302
    return back["Location"]


def test_the_first_sso_login_signs_up_with_role_and_school(client, idp, school):
    assert log_in_through_the_provider(client) == "/accounts/3rdparty/signup/"
    form = client.get("/accounts/3rdparty/signup/")
    assert form.context["form"].initial["email"] == "anna.syv@skolan.example"
    done = client.post(
        "/accounts/3rdparty/signup/",
        {"email": "anna.syv@skolan.example", "role": "counsellor", "organisation": school.pk},
    )
    assert done.status_code == 302

    user = User.objects.get(email="anna.syv@skolan.example")
    assert (user.role, user.first_name, user.has_usable_password()) == ("counsellor", "Anna", False)
    assert Membership.objects.get(user=user).status == "pending"
    assert client.get("/api/v1/auth/me/").json()["email"] == "anna.syv@skolan.example"
    assert ("POST", CONFIGURATION["token_endpoint"]) in idp.calls


def test_the_next_sso_login_logs_the_same_user_in(client, idp, school):
    log_in_through_the_provider(client)
    client.post(
        "/accounts/3rdparty/signup/",
        {"email": "anna.syv@skolan.example", "role": "counsellor", "organisation": school.pk},
    )
    client.post("/accounts/logout/")
    assert client.get("/api/v1/auth/me/").status_code in (401, 403)

    assert log_in_through_the_provider(client) == "/"
    assert client.get("/api/v1/auth/me/").json()["email"] == "anna.syv@skolan.example"
    assert User.objects.count() == 1


def test_the_login_page_offers_the_provider(client, idp):
    assert "Skolans Entra ID" in client.get("/accounts/login/").content.decode()


def test_an_unknown_provider_is_404(client, idp):
    assert client.post("/accounts/oidc/okand/login/").status_code == 404
