"""Two-factor authentication is required of chamber staff, superusers and organisation admins
before the staff pages, the staff API and API tokens: set up, and passed in the session (or by
the token's session); everyone else may use it or not."""

import time

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)

from backend.accounts.actor import actor_for
from backend.accounts.models import PersonalToken, User
from backend.accounts.tokens import personal_token_create
from tests.backend.accounts.factories import PASSWORD, UserFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db
SETUP = "/accounts/2fa/totp/activate/"
REAUTHENTICATE = "/accounts/2fa/reauthenticate/"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    # A code computed at the end of a 30-second step is still good at the start of the next.
    settings.MFA_TOTP_TOLERANCE = 1


def code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def activate(user: User) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def pass_second_factor(client, secret: str) -> None:
    """Enter a code on allauth's re-authentication page, as a signed-in user does."""
    response = client.post(REAUTHENTICATE, {"code": code(secret)})
    assert response.status_code == 302, response.content.decode()[:500]


def with_token(api_client, key: str):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api_client


def test_chamber_staff_without_mfa_are_refused_moderation_and_tokens(make_member, client):
    staff = make_member(User.Role.CHAMBER_STAFF)
    school = SchoolFactory(organisation__verified_at=None)
    client.force_login(staff)
    response = client.post(f"/api/v1/schools/{school.pk}/verify/")
    assert response.status_code == 403
    assert "Set up two-factor authentication" in response.json()["detail"]
    # Reading what is public still works; the staff collections wait for MFA.
    assert client.get("/api/v1/schools/").status_code == 200
    assert client.get("/api/v1/audit/").status_code == 403

    page = client.get("/account/").content.decode()
    assert "Set up two-factor authentication" in page
    assert 'action="/account/tokens/"' not in page
    client.post("/account/tokens/", {"name": "Excel"})
    assert client.post("/api/v1/auth/tokens/", {"name": "script"}).status_code == 403
    assert not PersonalToken.objects.exists()


def test_staff_with_mfa_pass_it_in_the_session_before_staff_functions(make_member, client):
    staff = make_member(User.Role.CHAMBER_STAFF)
    secret = activate(staff)
    client.force_login(staff)  # a session that has not entered a code
    response = client.get("/api/v1/audit/")
    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]
    response = client.get("/reports/")
    assert response.status_code == 302
    assert response["Location"] == f"{REAUTHENTICATE}?next=%2Freports%2F"
    assert 'action="/account/tokens/"' not in client.get("/account/").content.decode()

    pass_second_factor(client, secret)
    assert client.get("/api/v1/audit/").status_code == 200
    assert client.get("/reports/").status_code == 200


def test_a_token_made_after_two_factor_login_reaches_the_staff_api(make_member, client, api_client):
    staff = make_member(User.Role.CHAMBER_STAFF)
    school = SchoolFactory(organisation__verified_at=None)
    secret = activate(staff)
    client.force_login(staff)
    pass_second_factor(client, secret)
    key = client.post("/account/tokens/", {"name": "Rapporter"}).context["new_key"]

    token_client = with_token(api_client, key)
    assert token_client.get("/api/v1/audit/").status_code == 200
    assert token_client.post(f"/api/v1/schools/{school.pk}/verify/").status_code == 200


def test_a_token_made_before_becoming_admin_does_not_reach_the_admin_api(
    company, make_member, api_client
):
    member = make_member(User.Role.COMPANY_MEMBER, company.organisation)
    _token, key = personal_token_create(actor=actor_for(member), name="script")
    member.memberships.update(is_admin=True)
    activate(member)
    url = f"/api/v1/organisations/{company.pk}/members/"
    response = with_token(api_client, key).get(url)
    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]
    assert api_client.get("/api/v1/auth/me/").status_code == 200


def test_the_reports_page_sends_staff_without_mfa_to_set_it_up(make_member, client):
    client.force_login(make_member(User.Role.CHAMBER_STAFF))
    response = client.get("/reports/")
    assert response.status_code == 302
    assert response["Location"] == SETUP


def test_the_admin_asks_a_superuser_for_mfa(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == SETUP

    secret = activate(admin)
    assert client.get("/admin/")["Location"].startswith(REAUTHENTICATE)
    pass_second_factor(client, secret)
    assert client.get("/admin/").status_code == 200


# allauth signals the set-up once it is committed, inside the request. Serialized rollback: the
# flush after it must not recreate content types under new ids for the tests that follow.
@pytest.mark.django_db(transaction=True)
def test_setting_up_mfa_in_the_session_counts_as_passing_it(client):
    """The set-up page takes a code from the app: the staff pages open without a second one."""
    admin = UserFactory(is_staff=True, is_superuser=True, email="admin@kammaren.example")
    response = client.post(
        "/accounts/login/", {"login": "admin@kammaren.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    # allauth asks for the password again before the set-up.
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    page = client.get(SETUP)
    secret = page.context["form"].secret
    assert client.post(SETUP, {"code": code(secret)}).status_code == 302
    assert admin.authenticator_set.exists()
    assert client.get("/admin/").status_code == 200


def test_an_organisation_admin_needs_mfa_to_manage_members(company, company_admin, client):
    client.force_login(company_admin)
    url = f"/api/v1/organisations/{company.pk}/members/"
    assert client.get(url).status_code == 403
    assert client.get("/api/v1/auth/me/").status_code == 200
    secret = activate(company_admin)
    pass_second_factor(client, secret)
    assert client.get(url).status_code == 200


def test_the_members_page_redirects_an_admin_without_mfa(company, company_admin, client):
    client.force_login(company_admin)
    response = client.get(f"/account/organisations/{company.pk}/members/")
    assert response.status_code == 302
    assert response["Location"] == SETUP


def test_everyone_else_works_without_mfa(make_member, api_client, client):
    student = make_member(User.Role.STUDENT)
    client.force_login(student)
    assert client.get("/account/").status_code == 200
    _token, key = personal_token_create(actor=actor_for(student), name="x")
    token_client = with_token(api_client, key)
    assert token_client.post("/api/v1/auth/tokens/", {"name": "y"}).status_code == 201


def test_the_setup_page_itself_is_reachable(make_member, client):
    staff = make_member(User.Role.CHAMBER_STAFF)
    client.force_login(staff)
    assert client.get("/accounts/2fa/").status_code == 200


def test_the_requirement_is_on_unless_debug(monkeypatch):
    """The production default: a deployment that forgets the variable still asks for two
    factors; `make run` (DEBUG=true) lets the demo chamber user in with the password."""
    import importlib

    import backend.settings

    monkeypatch.delenv("MFA_REQUIRED_FOR_STAFF", raising=False)
    monkeypatch.setenv("SECRET_KEY", "a-test-secret-key-that-is-long-enough-for-django")
    try:
        monkeypatch.setenv("DEBUG", "false")
        assert importlib.reload(backend.settings).MFA_REQUIRED_FOR_STAFF is True
        monkeypatch.setenv("DEBUG", "true")
        assert importlib.reload(backend.settings).MFA_REQUIRED_FOR_STAFF is False
    finally:
        monkeypatch.undo()
        importlib.reload(backend.settings)
