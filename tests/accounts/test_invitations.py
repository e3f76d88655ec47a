"""Invitations: an admin invites by e-mail; the link signs the person up into the organisation,
works once and for seven days."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from backend.accounts.models import Invitation, Membership, User
from tests.backend.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Ett-langt-losenord-42"


def invite(client, organisation, email="ny@volvo.example", role="company_member", **extra):
    return client.post(
        "/api/v1/invitations/",
        {"organisation": organisation.pk, "email": email, "role": role, **extra},
        format="json",
    )


def link_path(message) -> str:
    return re.search(r"http://[^/]+(/invitations/[^\s]+/)", message.body).group(1)


def test_an_admin_invites_and_the_link_signs_the_person_up_into_the_company(
    company, company_admin, client_for, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client_for(company_admin), company.organisation, is_admin=True)
    assert response.status_code == 201
    assert response.json()["expires_at"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ny@volvo.example"]
    path = link_path(mail.outbox[0])
    assert response.json()["url"].endswith(path)

    signup = client.get(path)
    assert signup.status_code == 302
    assert signup["Location"] == "/accounts/signup/?email=ny%40volvo.example"
    client.post(
        "/accounts/signup/",
        {"email": "ny@volvo.example", "password1": PASSWORD, "password2": PASSWORD},
    )
    # The link proved the address: no verification e-mail, signed in at once.
    assert len(mail.outbox) == 1
    me = client.get("/api/v1/auth/me/").json()
    assert me["role"] == "company_member"
    assert me["memberships"] == [
        {
            "organisation_id": company.pk,
            "organisation": "Volvo CE",
            "kind": "company",
            "is_admin": True,
            "status": "approved",
        }
    ]


def test_the_link_works_once(company, company_admin, client_for, client):
    key = invite(client_for(company_admin), company.organisation).json()["url"].split("/")[-2]
    user = UserFactory(email="ny@volvo.example", role=User.Role.COMPANY_MEMBER)
    client.force_login(user)
    assert client.post(f"/invitations/{key}/").status_code == 302
    assert Membership.objects.get(user=user).status == "approved"
    assert client.get(f"/invitations/{key}/").status_code == 410


def test_an_expired_link_is_refused(company, company_admin, client_for, client):
    key = invite(client_for(company_admin), company.organisation).json()["url"].split("/")[-2]
    now = timezone.now()
    Invitation.objects.update(
        created_at=now - timedelta(days=8), expires_at=now - timedelta(days=1)
    )
    response = client.get(f"/invitations/{key}/")
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_the_invitation_expires_after_seven_days(company, company_admin, client_for):
    invite(client_for(company_admin), company.organisation)
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        timedelta(days=7), abs=timedelta(seconds=5)
    )


def test_accept_over_the_api(company, company_admin, client_for):
    key = invite(client_for(company_admin), company.organisation).json()["url"].split("/")[-2]
    user = UserFactory(email="ny@volvo.example", role=User.Role.COMPANY_MEMBER)
    response = client_for(user).post("/api/v1/invitations/accept/", {"key": key})
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    again = client_for(user).post("/api/v1/invitations/accept/", {"key": key})
    assert again.status_code == 400
    assert "already been used" in again.json()["detail"]


def test_someone_else_cannot_use_the_link(company, company_admin, client_for):
    key = invite(client_for(company_admin), company.organisation).json()["url"].split("/")[-2]
    other = UserFactory(email="annan@volvo.example", role=User.Role.COMPANY_MEMBER)
    response = client_for(other).post("/api/v1/invitations/accept/", {"key": key})
    assert response.status_code == 400
    assert "ny@volvo.example" in response.json()["non_field_errors"][0]
    assert not Membership.objects.filter(user=other).exists()


def test_an_unknown_key_is_404(client_for):
    user = UserFactory()
    response = client_for(user).post("/api/v1/invitations/accept/", {"key": "nope"})
    assert response.status_code == 404


def test_only_admins_invite(company, make_member, client_for):
    member = make_member(User.Role.COMPANY_MEMBER, company.organisation)
    assert invite(client_for(member), company.organisation).status_code == 403


def test_the_role_must_belong_to_the_organisation(company, company_admin, client_for):
    response = invite(client_for(company_admin), company.organisation, role="counsellor")
    assert response.status_code == 400
    assert response.json()["role"]


def test_a_school_invites_a_student_but_not_as_admin(school, school_admin, client_for):
    client = client_for(school_admin)
    assert (
        invite(client, school.organisation, email="e@skola.se", role="student").status_code == 201
    )
    response = invite(
        client, school.organisation, email="f@skola.se", role="student", is_admin=True
    )
    assert response.status_code == 400


def test_the_admin_lists_and_withdraws_invitations(company, company_admin, client_for):
    client = client_for(company_admin)
    invitation_id = invite(client, company.organisation).json()["id"]
    listed = client.get("/api/v1/invitations/").json()["results"]
    assert [row["email"] for row in listed] == ["ny@volvo.example"]
    assert "url" not in listed[0]
    assert client.delete(f"/api/v1/invitations/{invitation_id}/").status_code == 204
    assert client.get("/api/v1/invitations/").json()["results"] == []


def test_an_existing_user_is_asked_to_log_in(company, company_admin, client_for, client):
    key = invite(client_for(company_admin), company.organisation).json()["url"].split("/")[-2]
    UserFactory(email="ny@volvo.example", role=User.Role.COMPANY_MEMBER)
    response = client.get(f"/invitations/{key}/")
    assert response.status_code == 200
    assert "/accounts/login/?next=" in response.content.decode()


def test_an_invited_counsellor_signs_up_as_a_counsellor_of_the_school(
    school, school_admin, client_for, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(
            client_for(school_admin), school.organisation, email="syv@skola.se", role="counsellor"
        )
    signup = client.get(client.get(link_path(mail.outbox[-1]))["Location"])
    form = signup.context["form"]
    assert list(form.fields["role"].choices) == [("counsellor", "Counsellor")]
    assert form["role"].value() == "counsellor"
    assert form["organisation"].value() == school.pk
    assert '<option value="counsellor" selected>' in signup.content.decode()

    client.post(
        "/accounts/signup/",
        {
            "email": "syv@skola.se",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": "counsellor",
            "organisation": school.pk,
        },
    )
    membership = Membership.objects.get(user__email="syv@skola.se")
    assert (membership.user.role, membership.organisation_id) == ("counsellor", school.pk)
    assert membership.status == "approved"
