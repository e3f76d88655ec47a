"""Two-factor authentication is required of chamber staff, superusers and organisation admins
before the staff pages and actions; everyone else may use it or not."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from backend.accounts.models import User
from backend.accounts.tokens import personal_token_create
from tests.backend.accounts.factories import UserFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True


def with_token(api_client, user):
    _token, key = personal_token_create(user=user, name="test")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api_client


def test_chamber_staff_without_mfa_are_refused_moderation(make_member, api_client):
    staff = make_member(User.Role.CHAMBER_STAFF)
    school = SchoolFactory(organisation__verified_at=None)
    client = with_token(api_client, staff)
    response = client.post(f"/api/v1/schools/{school.pk}/verify/")
    assert response.status_code == 403
    assert "two-factor authentication" in response.json()["detail"]
    # Reading what is public still works; the staff collections wait for MFA.
    assert client.get("/api/v1/schools/").status_code == 200
    assert client.get("/api/v1/audit/").status_code == 403

    TOTP.activate(staff, generate_totp_secret())
    assert client.post(f"/api/v1/schools/{school.pk}/verify/").status_code == 200
    assert client.get("/api/v1/audit/").status_code == 200


def test_the_session_api_checks_too(make_member, client):
    staff = make_member(User.Role.CHAMBER_STAFF)
    school = SchoolFactory(organisation__verified_at=None)
    client.force_login(staff)
    assert client.post(f"/api/v1/schools/{school.pk}/verify/").status_code == 403


def test_the_admin_sends_a_superuser_without_mfa_to_set_it_up(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"

    TOTP.activate(admin, generate_totp_secret())
    assert client.get("/admin/").status_code == 200


def test_an_organisation_admin_needs_mfa_to_manage_members(company, company_admin, api_client):
    client = with_token(api_client, company_admin)
    url = f"/api/v1/organisations/{company.pk}/members/"
    assert client.get(url).status_code == 403
    assert client.get("/api/v1/auth/me/").status_code == 200
    TOTP.activate(company_admin, generate_totp_secret())
    assert client.get(url).status_code == 200


def test_the_members_page_redirects_an_admin_without_mfa(company, company_admin, client):
    client.force_login(company_admin)
    response = client.get(f"/account/organisations/{company.pk}/members/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_everyone_else_works_without_mfa(make_member, api_client, client):
    student = make_member(User.Role.STUDENT)
    client.force_login(student)
    assert client.get("/account/").status_code == 200
    token_client = with_token(api_client, student)
    assert token_client.post("/api/v1/auth/tokens/", {"name": "x"}).status_code == 201


def test_the_setup_page_itself_is_reachable(make_member, client):
    staff = make_member(User.Role.CHAMBER_STAFF)
    client.force_login(staff)
    assert client.get("/accounts/2fa/").status_code == 200
