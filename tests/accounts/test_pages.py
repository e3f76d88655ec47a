"""The account pages: settings, members (approve, invite, domains), privacy, accessibility."""

import pytest
from django.core import mail

from backend.accounts.models import Invitation, Membership, OrganisationDomain, User
from tests.backend.accounts.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_settings_lists_memberships_mfa_and_tokens(client, company, company_admin):
    client.force_login(company_admin)
    html = client.get("/account/").content.decode()
    assert "Volvo CE" in html
    assert f"/account/organisations/{company.pk}/members/" in html
    assert "/accounts/2fa/" in html
    assert "Create token" in html
    assert "Download my data" not in html


def test_a_student_finds_export_and_erase(client, make_member):
    client.force_login(make_member(User.Role.STUDENT))
    html = client.get("/account/").content.decode()
    assert "/api/v1/students/me/export/" in html
    assert "/account/erase/" in html


def test_the_admin_approves_on_the_members_page(client, company, company_admin):
    pending = MembershipFactory(
        organisation=company.organisation, user__role="company_member", status="pending"
    )
    client.force_login(company_admin)
    page = client.get(f"/account/organisations/{company.pk}/members/")
    assert pending.user.email in page.content.decode()
    response = client.post(
        f"/account/organisations/{company.pk}/members/{pending.pk}/approve/", follow=True
    )
    assert Membership.objects.get(pk=pending.pk).status == "approved"
    assert f"Done: {pending.user.email}." in response.content.decode()


def test_the_last_admin_is_told_why_not(client, company, company_admin):
    own = company_admin.memberships.get()
    client.force_login(company_admin)
    response = client.post(
        f"/account/organisations/{company.pk}/members/{own.pk}/remove/", follow=True
    )
    assert "at least one administrator" in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()


def test_the_admin_invites_on_the_members_page(
    client, company, company_admin, django_capture_on_commit_callbacks
):
    client.force_login(company_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/account/organisations/{company.pk}/invite/",
            {"email": "ny@volvo.example", "role": "company_member"},
        )
    assert response.status_code == 302
    assert Invitation.objects.get().email == "ny@volvo.example"
    assert mail.outbox[0].to == ["ny@volvo.example"]


def test_a_bad_invitation_shows_the_error_next_to_the_field(client, company, company_admin):
    client.force_login(company_admin)
    response = client.post(
        f"/account/organisations/{company.pk}/invite/", {"email": "nope", "role": "company_member"}
    )
    assert response.status_code == 400
    assert response.context["invite_form"].errors["email"]


def test_a_school_admin_saves_domains(client, school, school_admin):
    client.force_login(school_admin)
    client.post(f"/account/organisations/{school.pk}/domains/", {"domains": "elev.skola.se"})
    assert list(OrganisationDomain.objects.values_list("domain", flat=True)) == ["elev.skola.se"]


def test_a_plain_member_may_not_manage(client, company, make_member):
    member = make_member(User.Role.COMPANY_MEMBER, company.organisation)
    client.force_login(member)
    assert client.get(f"/account/organisations/{company.pk}/members/").status_code == 403
    outsider = make_member(User.Role.COMPANY_MEMBER)
    client.force_login(outsider)
    assert client.get(f"/account/organisations/{company.pk}/members/").status_code == 404


@pytest.mark.parametrize(
    ("language", "path", "text"),
    [
        ("en", "/privacy/", "How Praktikbryggan handles personal data"),
        ("en", "/privacy/", "365 days"),
        ("en", "/accessibility/", "Accessibility statement"),
        ("sv", "/privacy/", 'lang="sv"'),
        ("sv", "/accessibility/", 'lang="sv"'),
    ],
)
def test_privacy_and_accessibility_pages(client, language, path, text):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert text in response.content.decode()
