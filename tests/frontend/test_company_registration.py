"""A new company member registers the company on a page; the opportunity form knows the kind,
the company's defaults, and asks before closing."""

import pytest

from backend.accounts.models import Membership, User
from companies.models import Company, Opportunity
from companies.validators import luhn_check_digit
from tests.backend.accounts.factories import UserFactory
from tests.companies.factories import OpportunityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _number() -> str:
    nine = "556812345"
    return f"{nine[:6]}-{nine[6:]}{luhn_check_digit(nine)}"


@pytest.fixture
def newcomer(db):
    return UserFactory(role=User.Role.COMPANY_MEMBER)


@pytest.mark.parametrize("url", ["/company/opportunities/new/", "/company/profile/"])
def test_without_a_company_the_company_pages_lead_to_registration(login, newcomer, url):
    response = login(newcomer).get(url)
    assert response.status_code == 302
    assert response["Location"] == "/company/register/"


def test_the_dashboard_links_to_registration(login, newcomer):
    html = login(newcomer).get("/dashboard/").content.decode()
    assert 'href="/company/register/"' in html


def test_register_a_company_makes_the_member_its_administrator(login, newcomer):
    client = login(newcomer)
    response = client.post(
        "/company/register/",
        {
            "name": "Nya Verkstaden AB",
            "organisation_number": _number(),
            "sector": "C",
            "municipality": "1980",
        },
    )
    assert response.status_code == 302
    company = Company.objects.get(organisation__name="Nya Verkstaden AB")
    assert not company.organisation.is_verified
    membership = Membership.objects.get(user=newcomer, organisation=company.organisation)
    assert membership.is_admin
    assert client.get("/company/opportunities/new/").status_code == 200


def test_a_wrong_organisation_number_shows_next_to_the_field(login, newcomer):
    response = login(newcomer).post(
        "/company/register/",
        {
            "name": "X AB",
            "organisation_number": "5568123450",
            "sector": "C",
            "municipality": "1980",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_organisation_number_errors"' in html
    assert "check digit" in html
    assert not Company.objects.filter(organisation__name="X AB").exists()


def test_the_new_opportunity_form_is_prefilled(login, world):
    world.member.first_name, world.member.last_name = "Eva", "Svensson"
    world.member.save()
    OpportunityFactory(
        company=world.opportunity.company, apprenticeship=True, handledare_name="Kalle Handledare"
    )
    form = login(world.member).get("/company/opportunities/new/?kind=apprenticeship")
    form = form.context["form"]
    assert form["municipality"].value() == world.opportunity.company.municipality_id
    assert form["contact_name"].value() == "Eva Svensson"
    assert form["contact_email"].value() == world.member.email
    assert form["handledare_name"].value() == "Kalle Handledare"


def test_thesis_and_gla_sections_show_only_for_their_kind(login, world):
    client = login(world.member)
    internship = client.get("/company/opportunities/new/").content.decode()
    assert 'name="salary_amount"' not in internship
    assert 'name="thesis_degree"' not in internship
    gla = client.get("/company/opportunities/new/?kind=apprenticeship").content.decode()
    assert 'name="salary_amount"' in gla
    assert 'name="thesis_degree"' not in gla
    thesis = client.get("/company/opportunities/new/?kind=thesis").content.decode()
    assert 'name="thesis_degree"' in thesis


def test_a_gla_place_without_its_section_shows_the_section_with_errors(login, world):
    response = login(world.member).post(
        "/company/opportunities/new/",
        {
            "title": "GLA elektriker",
            "kind": "apprenticeship",
            "level": "gymnasium",
            "places": "1",
            "programmes": ["EE"],
            "municipality": "1980",
            "contact_name": "Eva",
            "contact_email": "eva@foretag.example",
        },
    )
    html = response.content.decode()
    assert 'id="id_salary_amount_errors"' in html


def test_closing_asks_first_and_is_not_a_button_of_the_edit_page(login, world):
    client = login(world.member)
    url = f"/company/opportunities/{world.opportunity.pk}/"
    edit = client.get(url).content.decode()
    assert f'action="{url}close/"' not in edit
    assert f'href="{url}close/"' in edit
    confirm = client.get(f"{url}close/")
    assert confirm.status_code == 200
    assert "cannot be published again" in confirm.content.decode()
    world.opportunity.refresh_from_db()
    assert world.opportunity.status == Opportunity.Status.PUBLISHED
    client.post(f"{url}close/")
    world.opportunity.refresh_from_db()
    assert world.opportunity.status == Opportunity.Status.CLOSED


def test_publish_cannot_be_done_by_a_get(login, world):
    response = login(world.member).get(f"/company/opportunities/{world.opportunity.pk}/publish/")
    assert response.status_code == 405
