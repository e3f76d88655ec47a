"""Organisation admins manage members over the API: approve, remove, make admin; a school's
counsellors approve and remove students; the last admin stays."""

import pytest

from backend.accounts.models import Membership, User
from backend.audit.models import AuditEntry
from tests.backend.accounts.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def members_url(organisation_id, membership_id=None, action=None):
    url = f"/api/v1/organisations/{organisation_id}/members/"
    if membership_id:
        url += f"{membership_id}/"
    if action:
        url += f"{action}/"
    return url


@pytest.fixture
def pending(company):
    return MembershipFactory(
        organisation=company.organisation,
        user__role=User.Role.COMPANY_MEMBER,
        status=Membership.Status.PENDING,
    )


def test_an_admin_lists_the_members_pending_first(company, company_admin, pending, client_for):
    response = client_for(company_admin).get(members_url(company.pk))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["email"], r["status"], r["is_admin"]) for r in rows] == [
        (pending.user.email, "pending", False),
        (company_admin.email, "approved", True),
    ]


def test_who_may_see_the_members(company, company_admin, make_member, client_for, api_client):
    member = make_member(User.Role.COMPANY_MEMBER, company.organisation)
    outsider = make_member(User.Role.COMPANY_MEMBER)
    url = members_url(company.pk)
    assert api_client.get(url).status_code == 401
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(member).get(url).status_code == 403
    assert client_for(make_member(User.Role.CHAMBER_STAFF)).get(url).status_code == 200


def test_an_admin_approves_and_the_member_then_acts_for_the_company(
    company, company_admin, pending, client_for
):
    response = client_for(company_admin).post(members_url(company.pk, pending.pk, "approve"))
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    me = client_for(pending.user).get("/api/v1/auth/me/").json()
    assert me["memberships"][0]["status"] == "approved"
    entry = AuditEntry.objects.get(action="member_approve")
    assert (entry.actor, entry.target_id) == (company_admin, str(pending.pk))


def test_approving_twice_names_what_is_allowed(company, company_admin, pending, client_for):
    client = client_for(company_admin)
    client.post(members_url(company.pk, pending.pk, "approve"))
    response = client.post(members_url(company.pk, pending.pk, "approve"))
    assert response.status_code == 400
    assert response.json()["allowed_actions"] == ["remove", "make_admin"]


def test_a_plain_member_cannot_approve(company, pending, make_member, client_for):
    member = make_member(User.Role.COMPANY_MEMBER, company.organisation)
    response = client_for(member).post(members_url(company.pk, pending.pk, "approve"))
    assert response.status_code == 403


def test_make_admin_and_back(company, company_admin, make_member, client_for):
    member = make_member(User.Role.COMPANY_MEMBER, company.organisation)
    membership = member.memberships.get()
    client = client_for(company_admin)
    assert client.post(members_url(company.pk, membership.pk, "make_admin")).json()["is_admin"]
    response = client.post(members_url(company.pk, membership.pk, "revoke_admin"))
    assert response.json()["is_admin"] is False


def test_the_last_admin_can_be_neither_demoted_nor_removed(company, company_admin, client_for):
    own = company_admin.memberships.get()
    client = client_for(company_admin)
    for response in (
        client.post(members_url(company.pk, own.pk, "revoke_admin")),
        client.delete(members_url(company.pk, own.pk)),
    ):
        assert response.status_code == 400
        assert "at least one administrator" in response.json()["detail"]
    assert Membership.objects.filter(pk=own.pk, is_admin=True).exists()


def test_with_a_second_admin_the_first_may_leave(company, company_admin, make_member, client_for):
    make_member(User.Role.COMPANY_MEMBER, company.organisation, is_admin=True)
    own = company_admin.memberships.get()
    assert client_for(company_admin).delete(members_url(company.pk, own.pk)).status_code == 204
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_an_admin_removes_a_member(company, company_admin, pending, client_for):
    response = client_for(company_admin).delete(members_url(company.pk, pending.pk))
    assert response.status_code == 204
    assert AuditEntry.objects.filter(action="member_remove", actor=company_admin).exists()


def test_a_counsellor_approves_students_but_not_staff(school, make_member, client_for):
    counsellor = make_member(User.Role.COUNSELLOR, school.organisation)
    student = MembershipFactory(
        organisation=school.organisation, user__role="student", status="pending"
    )
    colleague = MembershipFactory(
        organisation=school.organisation, user__role="counsellor", status="pending"
    )
    client = client_for(counsellor)
    assert client.post(members_url(school.pk, student.pk, "approve")).status_code == 200
    assert client.post(members_url(school.pk, colleague.pk, "approve")).status_code == 403
    assert client.post(members_url(school.pk, student.pk, "make_admin")).status_code == 403


def test_a_counsellor_reading_the_members_is_logged_per_student(school, make_member, client_for):
    counsellor = make_member(User.Role.COUNSELLOR, school.organisation)
    students = [
        MembershipFactory(organisation=school.organisation, user__role="student") for _ in range(2)
    ]
    client_for(counsellor).get(members_url(school.pk))
    logged = AuditEntry.objects.filter(action="student_read", actor=counsellor)
    assert sorted(logged.values_list("target_id", flat=True)) == sorted(
        str(m.user_id) for m in students
    )


def test_a_student_cannot_be_made_admin(school, school_admin, client_for):
    student = MembershipFactory(organisation=school.organisation, user__role="student")
    response = client_for(school_admin).post(members_url(school.pk, student.pk, "make_admin"))
    assert response.status_code == 400


def test_anyone_may_leave(company, make_member, client_for):
    member = make_member(User.Role.COMPANY_MEMBER, company.organisation)
    own = member.memberships.get()
    assert client_for(member).delete(members_url(company.pk, own.pk)).status_code == 204


# --- joining and domains ---------------------------------------------------------------------


def test_join_asks_for_a_pending_membership(company, client_for):
    user = UserFactory(role=User.Role.COMPANY_MEMBER)
    response = client_for(user).post(f"/api/v1/organisations/{company.pk}/join/")
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    again = client_for(user).post(f"/api/v1/organisations/{company.pk}/join/")
    assert again.json()["id"] == response.json()["id"]


def test_join_refuses_the_wrong_kind(school, client_for):
    user = UserFactory(role=User.Role.COMPANY_MEMBER)
    response = client_for(user).post(f"/api/v1/organisations/{school.pk}/join/")
    assert response.status_code == 400
    assert response.json()["organisation"]


def test_my_organisations(company, company_admin, client_for):
    response = client_for(company_admin).get("/api/v1/organisations/")
    assert [row["name"] for row in response.json()["results"]] == ["Volvo CE"]


def test_an_admin_registers_the_schools_email_domains(school, school_admin, client_for):
    url = f"/api/v1/organisations/{school.pk}/domains/"
    client = client_for(school_admin)
    response = client.put(url, {"domains": ["Elev.Orebro.se", "@skola.se"]}, format="json")
    assert response.status_code == 200
    assert response.json() == {"domains": ["elev.orebro.se", "skola.se"]}
    assert client.get(url).json() == {"domains": ["elev.orebro.se", "skola.se"]}


def test_a_public_mail_service_cannot_be_registered(school, school_admin, client_for):
    url = f"/api/v1/organisations/{school.pk}/domains/"
    response = client_for(school_admin).put(url, {"domains": ["gmail.com"]}, format="json")
    assert response.status_code == 400
    assert "public e-mail service" in response.json()["domains"][0]


def test_only_admins_register_domains(school, make_member, client_for):
    counsellor = make_member(User.Role.COUNSELLOR, school.organisation)
    url = f"/api/v1/organisations/{school.pk}/domains/"
    assert client_for(counsellor).put(url, {"domains": ["a.se"]}, format="json").status_code == 403
