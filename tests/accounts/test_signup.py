"""Sign-up by role: a student picks their school (approved at once when the school registered
their e-mail domain and the address is verified); staff ask to join their school or company."""

import re

import pytest
from django.core import mail

from backend.accounts.models import Membership, OrganisationDomain, User

pytestmark = pytest.mark.django_db
PASSWORD = "Ett-langt-losenord-42"


def sign_up(client, email, **fields):
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, **fields},
    )


def confirm(client):
    link = re.search(r"/accounts/confirm-email/[^\s]+/", mail.outbox[-1].body).group(0)
    client.post(link)


def test_a_student_picks_a_school_and_waits_for_a_counsellor(client, school):
    response = sign_up(client, "elev@gmail.com", role="student", organisation=school.pk)
    assert response.status_code == 302
    confirm(client)

    user = User.objects.get(email="elev@gmail.com")
    assert user.role == User.Role.STUDENT
    membership = user.memberships.get()
    assert (membership.organisation_id, membership.status) == (school.pk, "pending")


def test_a_student_at_the_schools_domain_is_approved_once_the_address_is_verified(client, school):
    OrganisationDomain.objects.create(organisation=school.organisation, domain="elev.skola.se")
    sign_up(client, "Elev@Elev.Skola.se", role="student", organisation=school.pk)
    assert Membership.objects.get(user__email="elev@elev.skola.se").status == "pending"

    confirm(client)
    assert Membership.objects.get(user__email="elev@elev.skola.se").status == "approved"
    me = client.get("/api/v1/auth/me/").json()
    assert me["memberships"][0]["status"] == "approved"


def test_school_staff_at_the_domain_still_wait_for_an_admin(client, school):
    OrganisationDomain.objects.create(organisation=school.organisation, domain="skola.se")
    sign_up(client, "syv@skola.se", role="counsellor", organisation=school.pk)
    confirm(client)
    assert Membership.objects.get(user__email="syv@skola.se").status == "pending"


def test_a_company_user_asks_to_join_a_company_and_its_admin_approves(
    client, company, company_admin, client_for
):
    sign_up(client, "hr@volvo.example", role="company_member", organisation=company.pk)
    membership = Membership.objects.get(user__email="hr@volvo.example")
    assert (membership.status, membership.user.role) == ("pending", "company_member")

    url = f"/api/v1/organisations/{company.pk}/members/{membership.pk}/approve/"
    assert client_for(company_admin).post(url).json()["status"] == "approved"


def test_a_company_user_may_sign_up_without_a_company_and_register_one_later(client):
    response = sign_up(client, "grundare@startup.example", role="company_member")
    assert response.status_code == 302
    user = User.objects.get(email="grundare@startup.example")
    assert (user.role, user.memberships.count()) == ("company_member", 0)


def test_the_organisation_must_suit_the_role(client, company):
    response = sign_up(client, "elev@skola.example", role="student", organisation=company.pk)
    assert response.status_code == 200
    assert "choose a school" in response.context["form"].errors["organisation"][0]
    assert not User.objects.filter(email="elev@skola.example").exists()


def test_chamber_staff_cannot_be_chosen_at_sign_up(client):
    response = sign_up(client, "jag@example.se", role="chamber_staff")
    assert response.status_code == 200
    assert response.context["form"].errors["role"]


def test_an_unverified_company_is_not_offered(client, company):
    company.organisation.verified_at = None
    company.organisation.save()
    response = sign_up(client, "hr@volvo.example", role="company_member", organisation=company.pk)
    assert response.context["form"].errors["organisation"]


def test_the_signup_page_asks_for_role_and_organisation(client, school):
    html = client.get("/accounts/signup/").content.decode()
    assert 'name="role"' in html
    assert "Rudbecksgymnasiet" in html


def test_the_signup_page_offers_a_students_schools_grouped_by_municipality(client, school, company):
    html = client.get("/accounts/signup/").content.decode()
    assert '<optgroup label="Örebro">' in html
    assert "Rudbecksgymnasiet" in html
    assert "Volvo CE" not in html


def test_the_role_in_the_address_offers_its_organisations_without_javascript(
    client, school, company
):
    html = client.get("/accounts/signup/?role=company_member").content.decode()
    assert '<optgroup label="Västerås">' in html
    assert "Volvo CE" in html
    assert "Rudbecksgymnasiet" not in html
    # With HTMX, changing the role fetches the same list.
    assert 'hx-get="/accounts/signup/"' in html


def test_a_form_sent_with_another_role_offers_that_roles_organisations(client, school, company):
    response = sign_up(client, "syv@skola.example", role="company_member", organisation=school.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Volvo CE" in html
    assert ">Rudbecksgymnasiet<" not in html


def test_without_javascript_a_changed_role_brings_its_list_before_signing_up(
    client, school, company
):
    """The page listed schools (a student's); the visitor chose "company" and sent the form."""
    first = sign_up(client, "hr@volvo.example", role="company_member", listed_kind="school")
    assert first.status_code == 200
    assert "list for your role" in first.context["form"].errors["organisation"][0]
    html = first.content.decode()
    assert "Volvo CE" in html
    assert 'name="listed_kind" value="company"' in html
    assert not User.objects.filter(email="hr@volvo.example").exists()

    second = sign_up(
        client,
        "hr@volvo.example",
        role="company_member",
        listed_kind="company",
        organisation=company.pk,
    )
    assert second.status_code == 302
    membership = Membership.objects.get(user__email="hr@volvo.example")
    assert membership.organisation_id == company.pk


def test_the_list_that_was_shown_is_enough_to_sign_up_without_an_organisation(client, school):
    response = sign_up(client, "syv@skola.example", role="counsellor", listed_kind="school")
    assert response.status_code == 302
