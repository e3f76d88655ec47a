"""POST /api/v1/auth/token/ obeys what the site's login obeys: the lock per account, rate limits by
the address our proxy reports, verified addresses only, and no token for a password alone where a
second factor is required. Its token is listed and revocable, and a new password revokes every
token."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail

from backend.accounts.actor import actor_for
from backend.accounts.models import PersonalToken, User
from backend.accounts.tokens import personal_token_create
from tests.backend.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/auth/token/"
ME_URL = "/api/v1/auth/me/"
NEW_PASSWORD = "Ett-nytt-langt-losenord-7"


def sign_in(api_client, email: str, password: str = PASSWORD, **headers):
    return api_client.post(TOKEN_URL, {"email": email, "password": password}, **headers)


def works(api_client, key: str) -> bool:
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    ok = api_client.get(ME_URL).status_code == 200
    api_client.credentials()
    return ok


def test_a_new_x_forwarded_for_on_each_guess_does_not_reset_the_limit(api_client):
    statuses = [
        api_client.post(
            TOKEN_URL,
            {"email": f"a{n}@example.se", "password": "guess"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        ).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [400] * 10
    assert statuses[10:] == [429, 429]


def test_behind_a_trusted_proxy_the_limit_counts_the_address_it_reports(api_client, settings):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for n in range(10):  # the client put its own value first; our proxy appended the real one
        guess = {"email": f"a{n}@example.se", "password": "guess"}
        assert api_client.post(TOKEN_URL, guess, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 192.0.2.1")
    blocked = sign_in(
        api_client, "b@example.se", "guess", HTTP_X_FORWARDED_FOR="1.1.1.1, 192.0.2.1"
    )
    assert blocked.status_code == 429
    UserFactory(email="other@example.se")
    other = sign_in(api_client, "other@example.se", HTTP_X_FORWARDED_FOR="192.0.2.2")
    assert other.status_code == 200


def test_wrong_passwords_through_the_api_lock_the_account_for_the_right_one_too(api_client, client):
    UserFactory(email="elev@skola.example")
    for n in range(5):
        response = sign_in(
            api_client, "elev@skola.example", "fel-losenord", REMOTE_ADDR=f"10.1.0.{n}"
        )
        assert response.status_code == 400
    locked = sign_in(api_client, "elev@skola.example", REMOTE_ADDR="10.1.0.99")
    assert locked.status_code == 429
    assert "Too many failed login attempts" in locked.json()["detail"]
    # The site's login form obeys the same lock.
    page = client.post("/accounts/login/", {"login": "elev@skola.example", "password": PASSWORD})
    assert "Too many failed login attempts" in page.content.decode()
    assert not PersonalToken.objects.exists()


def test_wrong_passwords_on_the_login_form_lock_the_api_too(api_client, client):
    UserFactory(email="elev@skola.example")
    for _ in range(5):
        client.post("/accounts/login/", {"login": "elev@skola.example", "password": "fel"})
    assert sign_in(api_client, "elev@skola.example").status_code == 429


def test_an_unverified_address_gets_no_token(api_client):
    user = UserFactory(email="ny@foretag.example")
    user.emailaddress_set.update(verified=False)
    response = sign_in(api_client, "ny@foretag.example")
    assert response.status_code == 400
    assert "Verify your e-mail address" in response.json()["non_field_errors"][0]
    assert not PersonalToken.objects.exists()


def test_an_account_with_two_factors_gets_no_token_for_a_password(api_client):
    student = UserFactory(email="elev@skola.example")
    TOTP.activate(student, generate_totp_secret())
    response = sign_in(api_client, "elev@skola.example")
    assert response.status_code == 403
    assert "/account/" in response.json()["detail"]


@pytest.mark.parametrize("required", [True, False])
def test_staff_get_no_token_for_a_password_where_two_factors_are_required(
    api_client, make_member, settings, required
):
    settings.MFA_REQUIRED_FOR_STAFF = required
    staff = make_member(User.Role.CHAMBER_STAFF)
    response = sign_in(api_client, staff.email)
    assert response.status_code == (403 if required else 200)


def test_an_organisation_admin_gets_no_token_for_a_password(api_client, company_admin, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    response = sign_in(api_client, company_admin.email)
    assert response.status_code == 403
    assert "two-factor authentication" in response.json()["detail"]


def test_the_sign_in_token_is_listed_and_revocable(api_client, client):
    user = UserFactory(email="hr@volvo.example")
    key = sign_in(api_client, "hr@volvo.example").json()["token"]
    client.force_login(user)
    page = client.get("/account/").content.decode()
    assert "API sign-in" in page
    assert key[:8] in page

    token = PersonalToken.objects.get(user=user)
    client.post(f"/account/tokens/{token.pk}/revoke/")
    assert not works(api_client, key)


def test_a_password_change_revokes_every_token(api_client, client):
    user = UserFactory(email="hr@volvo.example")
    signed_in = sign_in(api_client, "hr@volvo.example").json()["token"]
    _token, named = personal_token_create(actor=actor_for(user), name="HR-systemet")
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not works(api_client, signed_in)
    assert not works(api_client, named)
    assert not PersonalToken.objects.filter(user=user).exists()


def test_a_password_reset_revokes_every_token(api_client, client):
    user = UserFactory(email="hr@volvo.example")
    _token, key = personal_token_create(actor=actor_for(user), name="HR-systemet")
    client.post("/accounts/password/reset/", {"email": "hr@volvo.example"})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body)
    form_url = client.get(link.group(1))["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert not works(api_client, key)
    assert sign_in(api_client, "hr@volvo.example", NEW_PASSWORD).status_code == 200


def test_the_schema_documents_the_refusals(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    responses = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert {"200", "400", "403", "429"} <= set(responses)


def test_a_password_set_in_the_admin_revokes_every_token(api_client, client):
    user = UserFactory(email="hr@volvo.example")
    _token, key = personal_token_create(actor=actor_for(user), name="HR-systemet")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert not works(api_client, key)
