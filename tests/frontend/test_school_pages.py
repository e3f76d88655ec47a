"""A counsellor registers the school and edits its profile; anyone asks to join an
organisation on a page."""

import pytest

from backend.accounts.actor import actor_for
from backend.accounts.models import Membership, User
from schools.models import School
from tests.backend.accounts.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_counsellor_without_a_school_is_led_to_register_it(login):
    counsellor = UserFactory(role=User.Role.COUNSELLOR)
    client = login(counsellor)
    assert client.get("/school/requests/new/")["Location"] == "/school/register/"
    assert client.get("/school/profile/")["Location"] == "/school/register/"
    response = client.post(
        "/school/register/",
        {
            "name": "Nya gymnasiet",
            "level": "gymnasium",
            "municipality": "1980",
            "programmes": ["EE"],
        },
    )
    assert response.status_code == 302
    school = School.objects.get(organisation__name="Nya gymnasiet")
    assert Membership.objects.get(user=counsellor, organisation=school.organisation).is_admin
    assert client.get("/school/requests/new/").status_code == 200


def test_a_taken_name_shows_next_to_the_field(login, world):
    school = world.request.school
    response = login(UserFactory(role=User.Role.COUNSELLOR)).post(
        "/school/register/",
        {
            "name": school.organisation.name,
            "level": "gymnasium",
            "municipality": school.municipality_id,
        },
    )
    assert response.status_code == 200
    assert 'id="id_name_errors"' in response.content.decode()


def test_the_schools_admin_edits_its_profile(login, world, make_member):
    school = world.request.school
    admin = make_member(User.Role.COUNSELLOR, school.organisation, is_admin=True)
    client = login(admin)
    assert client.get("/school/profile/").status_code == 200
    client.post(
        "/school/profile/",
        {
            "name": "Omdöpta gymnasiet",
            "level": "gymnasium",
            "municipality": school.municipality_id,
            "programmes": ["EE"],
        },
    )
    school.organisation.refresh_from_db()
    assert school.organisation.name == "Omdöpta gymnasiet"
    assert login(world.counsellor).get("/school/profile/").status_code == 403


def test_ask_to_join_a_company(login, world):
    newcomer = UserFactory(role=User.Role.COMPANY_MEMBER)
    organisation = world.opportunity.company.organisation
    client = login(newcomer)
    page = client.get("/organisations/join/").content.decode()
    assert organisation.name.replace("&", "&amp;") in page
    assert world.request.school.organisation.name not in page
    client.post("/organisations/join/", {"organisation": organisation.pk})
    membership = Membership.objects.get(user=newcomer)
    assert membership.status == Membership.Status.PENDING


def test_an_administrator_withdraws_an_unused_invitation(login, world):
    from backend.accounts import invitations
    from backend.accounts.models import Invitation

    organisation = world.opportunity.company.organisation
    invitation, _key = invitations.invitation_create(
        actor=actor_for(world.member),
        organisation=organisation,
        email="ny@foretag.example",
        role=User.Role.COMPANY_MEMBER,
    )
    client = login(world.member)
    members = client.get(f"/account/organisations/{organisation.pk}/members/").content.decode()
    revoke = f"/organisations/{organisation.pk}/invitations/{invitation.pk}/revoke/"
    assert f'action="{revoke}"' in members
    client.post(revoke)
    assert not Invitation.objects.filter(pk=invitation.pk).exists()


def test_only_an_administrator_withdraws_invitations(login, world, make_member):
    from backend.accounts import invitations
    from backend.accounts.models import Invitation

    organisation = world.opportunity.company.organisation
    invitation, _key = invitations.invitation_create(
        actor=actor_for(world.member),
        organisation=organisation,
        email="ny@foretag.example",
        role=User.Role.COMPANY_MEMBER,
    )
    plain = make_member(User.Role.COMPANY_MEMBER, organisation)
    revoke = f"/organisations/{organisation.pk}/invitations/{invitation.pk}/revoke/"
    assert login(plain).post(revoke).status_code == 403
    assert Invitation.objects.filter(pk=invitation.pk).exists()
