"""Chamber staff's organisation pages: search, verify, suspend and unsuspend; the queue of
memberships waiting; hiding requests and unhiding anything."""

import pytest

from backend.accounts.models import Membership, User
from companies.models import Opportunity
from schools.models import PlacementRequest
from tests.backend.accounts.factories import MembershipFactory, UserFactory
from tests.companies.factories import CompanyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_search_organisations_by_name_and_state(login, world):
    new = CompanyFactory(organisation__name="Nya Verkstaden AB", unverified=True)
    client = login(world.chamber)
    number = f"{new.organisation_number[:6]}-{new.organisation_number[6:]}"
    assert "Nya Verkstaden AB" in client.get(f"/chamber/organisations/?q={number}").content.decode()
    html = client.get("/chamber/organisations/?q=verkstaden").content.decode()
    assert "Nya Verkstaden AB" in html
    assert world.opportunity.company.organisation.name not in html
    unverified = client.get("/chamber/organisations/?state=unverified").content.decode()
    assert "Nya Verkstaden AB" in unverified
    assert world.opportunity.company.organisation.name not in unverified


@pytest.mark.parametrize("side", ["company", "school"])
def test_suspend_then_unsuspend_an_organisation(login, world, side):
    organisation = (
        world.opportunity.company.organisation
        if side == "company"
        else world.request.school.organisation
    )
    client = login(world.chamber)
    client.post(f"/chamber/organisations/{organisation.pk}/suspend/")
    organisation.refresh_from_db()
    assert organisation.suspended
    again = client.post(f"/chamber/organisations/{organisation.pk}/suspend/", follow=True)
    assert "already suspended" in again.content.decode()
    client.post(f"/chamber/organisations/{organisation.pk}/unsuspend/")
    organisation.refresh_from_db()
    assert not organisation.suspended


def test_only_chamber_staff_suspend(login, world):
    organisation = world.opportunity.company.organisation
    response = login(world.member).post(f"/chamber/organisations/{organisation.pk}/suspend/")
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert not organisation.suspended


def test_the_queue_lists_staff_waiting_and_approves(login, world):
    waiting = UserFactory(role=User.Role.COMPANY_MEMBER, email="ny@foretag.example")
    membership = MembershipFactory(
        user=waiting,
        organisation=world.opportunity.company.organisation,
        status=Membership.Status.PENDING,
    )
    client = login(world.chamber)
    html = client.get("/chamber/memberships/").content.decode()
    assert "ny@foretag.example" in html
    client.post(
        f"/account/organisations/{membership.organisation_id}/members/{membership.pk}/approve/"
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.APPROVED
    assert "Nobody is waiting." in client.get("/chamber/memberships/").content.decode()


def test_hide_a_request_with_a_reason_then_unhide_it(login, world):
    client = login(world.chamber)
    assert str(world.request) in client.get("/chamber/hidden/").content.decode()
    client.post(f"/chamber/requests/{world.request.pk}/hide/", {"reason": ""})
    world.request.refresh_from_db()
    assert world.request.hidden_at is None
    client.post(f"/chamber/requests/{world.request.pk}/hide/", {"reason": "Personuppgifter."})
    world.request.refresh_from_db()
    assert world.request.hidden_reason == "Personuppgifter."
    client.post(f"/chamber/requests/{world.request.pk}/unhide/")
    assert PlacementRequest.objects.get(pk=world.request.pk).hidden_at is None


def test_unhide_a_posting(login, world):
    client = login(world.chamber)
    client.post(f"/chamber/opportunities/{world.opportunity.pk}/hide/", {"reason": "Fel."})
    assert "Fel." in client.get("/chamber/hidden/").content.decode()
    client.post(f"/chamber/opportunities/{world.opportunity.pk}/unhide/")
    assert Opportunity.objects.get(pk=world.opportunity.pk).hidden_at is None
