"""One actor per request (issue 16): the pages and the API build the same one, it does not change
during its request, and the accounts services ask the policy themselves, so a refusal reads the
same on a page and in the API."""

import dataclasses
import html

import pytest
from django.core.exceptions import PermissionDenied

from backend.accounts import invitations, selectors, services
from backend.accounts.actor import actor_for
from backend.accounts.models import Membership, User
from backend.audit.models import AuditEntry
from tests.accounts.test_mfa import activate, pass_second_factor
from tests.backend.accounts.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors_seen(monkeypatch):
    """The actors that the settings page and GET /api/v1/auth/me/ hand to their selector."""
    seen = []
    real = selectors.user_with_memberships

    def spy(*, actor):
        seen.append(actor)
        return real(actor=actor)

    monkeypatch.setattr(selectors, "user_with_memberships", spy)
    return seen


def test_a_page_and_the_api_build_the_same_actor(
    settings, client, company, company_admin, actors_seen
):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(company_admin)
    assert client.get("/account/").status_code == 200
    assert client.get("/api/v1/auth/me/").status_code == 200
    pass_second_factor(client, activate(company_admin))
    client.get("/account/")
    client.get("/api/v1/auth/me/")

    before_page, before_api, after_page, after_api = actors_seen
    assert before_page == before_api
    assert after_page == after_api
    assert (before_page.second_factor, after_page.second_factor) == (False, True)
    assert after_api.admin_organisation_ids == frozenset({company.pk})


def test_an_actor_is_immutable(company_admin):
    actor = actor_for(company_admin)
    with pytest.raises(dataclasses.FrozenInstanceError):
        actor.admin_organisation_ids = frozenset()


@pytest.fixture
def invited(company, company_admin):
    newcomer = UserFactory(role=User.Role.COMPANY_MEMBER)
    _invitation, key = invitations.invitation_create(
        actor=actor_for(company_admin),
        organisation=company.organisation,
        email=newcomer.email,
        role=User.Role.COMPANY_MEMBER,
        is_admin=True,
    )
    return newcomer, key


@pytest.fixture
def accepting(monkeypatch):
    """What the accepting request's actor administers after the membership is made, and what a
    fresh actor of the same user administers then."""
    seen = []
    real = invitations.invitation_accept

    def spy(*, actor, invitation):
        membership = real(actor=actor, invitation=invitation)
        seen.append((actor.admin_organisation_ids, actor_for(actor.user).admin_organisation_ids))
        return membership

    monkeypatch.setattr(invitations, "invitation_accept", spy)
    return seen


def test_joining_on_a_page_shows_in_the_next_requests_actor(client, company, invited, accepting):
    newcomer, key = invited
    client.force_login(newcomer)
    assert client.post(f"/invitations/{key}/").status_code == 302
    assert accepting == [(frozenset(), frozenset({company.pk}))]
    assert client.get(f"/account/organisations/{company.pk}/members/").status_code == 200


def test_joining_in_the_api_shows_in_the_next_requests_actor(
    client_for, company, invited, accepting
):
    newcomer, key = invited
    client = client_for(newcomer)
    assert client.post("/api/v1/invitations/accept/", {"key": key}).status_code == 200
    assert accepting == [(frozenset(), frozenset({company.pk}))]
    assert client.get(f"/api/v1/organisations/{company.pk}/members/").status_code == 200


def test_a_refused_member_action_is_the_same_403_on_the_page_and_in_the_api(
    client, client_for, school, make_member
):
    counsellor = make_member(User.Role.COUNSELLOR, school.organisation)
    student = MembershipFactory(organisation=school.organisation, user__role=User.Role.STUDENT)
    api = client_for(counsellor).post(
        f"/api/v1/organisations/{school.pk}/members/{student.pk}/make_admin/"
    )
    client.force_login(counsellor)
    page = client.post(f"/account/organisations/{school.pk}/members/{student.pk}/make_admin/")
    assert (api.status_code, page.status_code) == (403, 403)
    assert api.json()["detail"] == "Only the organisation's administrators can do this."
    assert api.json()["detail"] in html.unescape(page.content.decode())
    assert not Membership.objects.filter(pk=student.pk, is_admin=True).exists()


def test_only_an_administrator_withdraws_an_invitation_on_the_page_or_in_the_api(
    client, client_for, company, make_member, invited
):
    """The page names the organisation: a member of it is refused (403), an outsider finds
    nothing (404); the API names only the invitation, which neither of them sees (404)."""
    invitation = invitations.Invitation.objects.get()
    member = make_member(User.Role.COMPANY_MEMBER, company.organisation)
    outsider = make_member(User.Role.COMPANY_MEMBER)
    page = f"/organisations/{company.pk}/invitations/{invitation.pk}/revoke/"
    statuses = []
    for user in (member, outsider):
        client.force_login(user)
        statuses.append(client.post(page).status_code)
        statuses.append(
            client_for(user).delete(f"/api/v1/invitations/{invitation.pk}/").status_code
        )
    assert statuses == [403, 404, 404, 404]
    assert invitations.Invitation.objects.filter(pk=invitation.pk).exists()


def test_the_services_refuse_whoever_may_not_manage_members(company, make_member):
    member = actor_for(make_member(User.Role.COMPANY_MEMBER, company.organisation))
    pending = MembershipFactory(
        organisation=company.organisation, user__role=User.Role.COMPANY_MEMBER, status="pending"
    )
    for refused in (
        lambda: services.membership_approve(actor=member, membership=pending),
        lambda: services.membership_remove(actor=member, membership=pending),
        lambda: services.membership_set_admin(actor=member, membership=pending, is_admin=True),
        lambda: services.organisation_domains_set(
            actor=member, organisation=company.organisation, domains=["volvo.se"]
        ),
        lambda: invitations.invitation_create(
            actor=member,
            organisation=company.organisation,
            email="ny@volvo.example",
            role=User.Role.COMPANY_MEMBER,
        ),
    ):
        with pytest.raises(PermissionDenied):
            refused()
    assert Membership.objects.get(pk=pending.pk).status == Membership.Status.PENDING
    assert not AuditEntry.objects.exists()


def test_a_removal_is_logged_with_the_membership_it_removed(client, company, company_admin):
    pending = MembershipFactory(
        organisation=company.organisation, user__role=User.Role.COMPANY_MEMBER, status="pending"
    )
    client.force_login(company_admin)
    client.post(f"/account/organisations/{company.pk}/members/{pending.pk}/remove/")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.MEMBER_REMOVE)
    assert (entry.actor, entry.target_id) == (company_admin, str(pending.pk))


def test_chamber_staff_see_no_student_among_members_on_the_page_or_in_the_api(
    client, client_for, school, school_admin, make_member
):
    staff = make_member(User.Role.CHAMBER_STAFF)
    student = MembershipFactory(organisation=school.organisation, user__role=User.Role.STUDENT)
    rows = client_for(staff).get(f"/api/v1/organisations/{school.pk}/members/").json()["results"]
    client.force_login(staff)
    page = client.get(f"/account/organisations/{school.pk}/members/").content.decode()
    assert [row["email"] for row in rows] == [school_admin.email]
    assert school_admin.email in page
    assert student.user.email not in page
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.STUDENT_READ).exists()


def test_the_members_page_offers_only_what_the_services_allow(
    client, company, company_admin, make_member
):
    """Chamber staff administer a company's members but do not invite to it: the page offers no
    invitation form, and sending one anyway is refused."""
    staff = make_member(User.Role.CHAMBER_STAFF)
    client.force_login(staff)
    page = client.get(f"/account/organisations/{company.pk}/members/").content.decode()
    assert "Remove as administrator" in page
    assert f"/account/organisations/{company.pk}/invite/" not in page
    response = client.post(
        f"/account/organisations/{company.pk}/invite/",
        {"email": "ny@volvo.example", "role": User.Role.COMPANY_MEMBER},
    )
    assert response.status_code == 403
    assert not invitations.Invitation.objects.exists()
