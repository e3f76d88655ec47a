"""Sign-up, invitation and two-factor set-up, end to end in Chromium (English)."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from playwright.sync_api import Page, expect

from backend.accounts.models import Membership, User
from tests.backend.accounts.factories import PASSWORD
from tests.companies.factories import CompanyFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db(transaction=True)
NEW_PASSWORD = "Ett-langt-losenord-42"


def fill_password(page: Page) -> None:
    page.locator("#id_password1").fill(NEW_PASSWORD)
    if page.locator("#id_password2").count():
        page.locator("#id_password2").fill(NEW_PASSWORD)


def test_a_student_signs_up_for_their_school(login_as, live_server):
    SchoolFactory(organisation__name="Rudbecksgymnasiet")
    page = login_as(None)
    page.goto(f"{live_server.url}/accounts/signup/")
    page.locator("#id_email").fill("alva@elev.example")
    fill_password(page)
    expect(page.locator("#id_role")).to_have_value("student")  # a student's by default
    page.locator("#id_organisation").select_option(label="Rudbecksgymnasiet")
    page.get_by_role("button", name=re.compile("Sign up", re.I)).click()
    expect(page.get_by_text(re.compile("verif", re.I)).first).to_be_visible()

    link = re.search(r"http://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[-1].body)
    page.goto(link.group(0).replace("http://testserver", live_server.url))
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()
    expect(page).not_to_have_url(re.compile(r"/confirm-email/"))  # confirmed and signed in
    page.goto(f"{live_server.url}/account/")
    expect(page.get_by_text("Rudbecksgymnasiet")).to_be_visible()
    expect(page.get_by_text("waiting for approval")).to_be_visible()
    assert User.objects.get(email="alva@elev.example").role == "student"


def test_an_admin_invites_and_the_invited_person_signs_up_into_the_company(
    login_as, live_server, make_member, settings
):
    settings.SITE_URL = live_server.url
    company = CompanyFactory(organisation__name="Volta Laddteknik AB")
    admin = make_member(User.Role.COMPANY_MEMBER, company.organisation, is_admin=True)
    page = login_as(admin)
    page.goto(f"{live_server.url}/account/")
    page.get_by_role("link", name="Members").click()
    page.get_by_label("E-mail address").fill("eva@volta.example")
    page.get_by_label("Role").select_option("company_member")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to eva@volta.example.")).to_be_visible()

    link = re.search(r"http://[^\s]+/invitations/[^\s]+/", mail.outbox[-1].body).group(0)
    invited = login_as(None)
    invited.goto(link)
    expect(invited.locator("#id_email")).to_have_value("eva@volta.example")
    expect(invited.locator("#id_role")).to_have_value("company_member")
    fill_password(invited)
    invited.get_by_role("button", name=re.compile("Sign up", re.I)).click()
    expect(invited).not_to_have_url(re.compile(r"/accounts/signup/"))  # signed up and in
    invited.goto(f"{live_server.url}/account/")
    expect(invited.get_by_text("Volta Laddteknik AB")).to_be_visible()
    membership = Membership.objects.get(user__email="eva@volta.example")
    assert (membership.status, membership.user.role) == ("approved", "company_member")

    invited.goto(link)
    expect(invited.get_by_text("This invitation has already been used.")).to_be_visible()


def test_a_company_person_picks_the_role_and_then_finds_their_company(login_as, live_server):
    """With HTMX, changing the role replaces the list with that role's organisations."""
    SchoolFactory(organisation__name="Rudbecksgymnasiet")
    CompanyFactory(organisation__name="Volta Laddteknik AB")
    page = login_as(None)
    page.goto(f"{live_server.url}/accounts/signup/")
    organisations = page.locator("#id_organisation")
    expect(organisations.locator("option", has_text="Rudbecksgymnasiet")).to_be_attached()
    page.locator("#id_role").select_option("company_member")
    expect(organisations.locator("option", has_text="Volta Laddteknik AB")).to_be_attached()
    expect(organisations.locator("option", has_text="Rudbecksgymnasiet")).not_to_be_attached()
    expect(page.locator("#id_listed_kind")).to_have_value("company")
    organisations.select_option(label="Volta Laddteknik AB")
    page.locator("#id_email").fill("hr@volta.example")
    fill_password(page)
    page.get_by_role("button", name=re.compile("Sign up", re.I)).click()
    expect(page.get_by_text(re.compile("verif", re.I)).first).to_be_visible()
    membership = Membership.objects.get(user__email="hr@volta.example")
    assert (membership.user.role, membership.organisation.name) == (
        "company_member",
        "Volta Laddteknik AB",
    )


def test_chamber_staff_set_up_two_factor_before_the_admin(
    login_as, live_server, make_member, settings
):
    """Each step waits for the page the last one leads to; the code is good for the 30-second
    step before and after the one it was computed in, so a slow machine cannot outrun it."""
    settings.MFA_REQUIRED_FOR_STAFF = True
    settings.MFA_TOTP_TOLERANCE = 1
    staff = make_member(User.Role.CHAMBER_STAFF)
    User.objects.filter(pk=staff.pk).update(is_staff=True, is_superuser=True)
    page = login_as(staff)
    page.goto(f"{live_server.url}/admin/")
    # A session that has not re-entered its password is asked for it before the set-up.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    secret = page.locator("#authenticator_secret").input_value()
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.locator("#id_code").fill(code)
    page.get_by_role("button", name="Activate").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
