"""The services: who may write, the transitions, and nothing half-written after an error."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from backend.accounts.actor import actor_for
from backend.accounts.models import Membership, Organisation, User
from backend.moderation import organisation_suspend
from backend.reference.models import Municipality, Programme, Sector, StemArea
from companies import services
from companies.models import Company, Opportunity
from tests.companies.factories import CompanyFactory, OpportunityFactory

pytestmark = pytest.mark.django_db


def _company_fields(**overrides):
    return {
        "name": "Hjälmarverken AB",
        "organisation_number": "556036-0793",
        "sector": Sector.objects.get(code="C"),
        "municipality": Municipality.objects.get(code="1880"),
        "stem_areas": StemArea.objects.filter(code__in=["defence", "electronics"]),
        **overrides,
    }


def _draft_fields(**overrides):
    return {
        "kind": "internship",
        "level": "gymnasium",
        "title": "APL som montör",
        "municipality": Municipality.objects.get(code="1980"),
        "places": 3,
        "contact_name": "Erik Johansson",
        "contact_email": "erik@foretag.example",
        **overrides,
    }


def test_a_company_member_registers_an_unverified_company_and_administers_it(make_member):
    user = make_member(User.Role.COMPANY_MEMBER)
    company = services.company_create(actor=actor_for(user), **_company_fields())
    assert company.organisation_number == "5560360793"
    assert company.organisation.kind == Organisation.Kind.COMPANY
    assert not company.organisation.is_verified
    assert set(company.stem_areas.values_list("code", flat=True)) == {"defence", "electronics"}
    membership = Membership.objects.get(user=user, organisation=company.organisation)
    assert (membership.is_admin, membership.status) == (True, Membership.Status.APPROVED)


@pytest.mark.parametrize("role", [User.Role.STUDENT, User.Role.COUNSELLOR, User.Role.CHAMBER_STAFF])
def test_only_company_members_register_companies(make_member, role):
    with pytest.raises(PermissionDenied):
        services.company_create(actor=actor_for(make_member(role)), **_company_fields())
    assert not Company.objects.exists()


def test_a_failed_registration_leaves_no_organisation(make_member):
    user = make_member(User.Role.COMPANY_MEMBER)
    before = (Organisation.objects.count(), Membership.objects.count())
    with pytest.raises(ValidationError) as caught:
        services.company_create(
            actor=actor_for(user), **_company_fields(organisation_number="5560360794")
        )
    assert "organisation_number" in caught.value.message_dict
    assert (Organisation.objects.count(), Membership.objects.count()) == before


def test_an_organisation_number_is_registered_once(make_member, company):
    user = make_member(User.Role.COMPANY_MEMBER)
    with pytest.raises(ValidationError) as caught:
        services.company_create(
            actor=actor_for(user),
            **_company_fields(organisation_number=company.organisation_number),
        )
    assert "organisation_number" in caught.value.message_dict


def test_an_administrator_updates_the_profile(company, member):
    services.company_update(
        company=company,
        actor=actor_for(member),
        name="Mälarkraft Nord AB",
        description="Nytt",
        stem_areas=StemArea.objects.filter(code="software"),
    )
    company.refresh_from_db()
    assert company.organisation.name == "Mälarkraft Nord AB"
    assert company.description == "Nytt"
    assert list(company.stem_areas.values_list("code", flat=True)) == ["software"]


def test_a_plain_member_does_not_update_the_profile(company, make_member):
    plain = make_member(User.Role.COMPANY_MEMBER, company.organisation, is_admin=False)
    with pytest.raises(PermissionDenied):
        services.company_update(company=company, actor=actor_for(plain), description="x")


def test_a_verified_company_keeps_its_organisation_number(company, member):
    with pytest.raises(ValidationError) as caught:
        services.company_update(
            company=company, actor=actor_for(member), organisation_number="5560360793"
        )
    assert "organisation_number" in caught.value.message_dict


def test_an_unverified_company_corrects_its_organisation_number(member, make_member):
    company = CompanyFactory(unverified=True)
    admin = make_member(User.Role.COMPANY_MEMBER, company.organisation, is_admin=True)
    services.company_update(
        company=company, actor=actor_for(admin), organisation_number="556036-0793"
    )
    assert Company.objects.get(pk=company.pk).organisation_number == "5560360793"


def test_an_opportunity_starts_as_a_draft(company, member):
    opportunity = services.opportunity_create(
        actor=actor_for(member),
        company=company,
        programmes=Programme.objects.filter(code="EE"),
        stem_areas=StemArea.objects.filter(code="electrification"),
        **_draft_fields(),
    )
    assert opportunity.status == Opportunity.Status.DRAFT
    assert list(opportunity.programmes.values_list("code", flat=True)) == ["EE"]


def test_nobody_posts_for_another_company(company, actors):
    for role in ("other_member", "chamber", "student"):
        with pytest.raises(PermissionDenied):
            services.opportunity_create(
                actor=actor_for(actors[role]), company=company, **_draft_fields()
            )
    assert not Opportunity.objects.exists()


@pytest.mark.parametrize(
    ("fields", "programmes", "field"),
    [
        ({"level": "university"}, ["EE"], "programmes"),  # a gymnasium programme at university
        (
            {
                "kind": "apprenticeship",
                "salary_amount": 15000,
                "salary_period": "monthly",
                "hours_per_week": 24,
                "handledare_name": "Sara Lind",
                "utbildningskontrakt_agreed": True,
            },
            ["NA"],  # no GLA in a preparatory programme
            "programmes",
        ),
        ({"kind": "thesis"}, [], "level"),
        ({"period_start": date(2027, 3, 1)}, [], "period_end"),
    ],
)
def test_invalid_opportunities_are_refused_by_field(company, member, fields, programmes, field):
    with pytest.raises(ValidationError) as caught:
        services.opportunity_create(
            actor=actor_for(member),
            company=company,
            programmes=Programme.objects.filter(code__in=programmes),
            **_draft_fields(**fields),
        )
    assert field in caught.value.message_dict
    assert not Opportunity.objects.exists()


def test_update_keeps_programmes_unless_given(company, member):
    opportunity = OpportunityFactory(company=company, draft=True, programmes=["EE"])
    services.opportunity_update(opportunity=opportunity, actor=actor_for(member), title="Ny titel")
    assert list(opportunity.programmes.values_list("code", flat=True)) == ["EE"]
    with pytest.raises(ValidationError):
        services.opportunity_update(
            opportunity=opportunity, actor=actor_for(member), level="university"
        )
    assert Opportunity.objects.get(pk=opportunity.pk).level == "gymnasium"


def test_the_lifecycle_draft_published_closed(company, member):
    opportunity = OpportunityFactory(company=company, draft=True)
    services.opportunity_publish(opportunity=opportunity, actor=actor_for(member))
    assert opportunity.published_at is not None
    with pytest.raises(services.TransitionError) as caught:
        services.opportunity_publish(opportunity=opportunity, actor=actor_for(member))
    assert caught.value.allowed == ("close",)
    services.opportunity_close(opportunity=opportunity, actor=actor_for(member))
    assert Opportunity.objects.get(pk=opportunity.pk).status == Opportunity.Status.CLOSED
    for transition in (services.opportunity_publish, services.opportunity_close):
        with pytest.raises(services.TransitionError) as caught:
            transition(opportunity=opportunity, actor=actor_for(member))
        assert caught.value.allowed == ()
    with pytest.raises(services.TransitionError):
        services.opportunity_update(opportunity=opportunity, actor=actor_for(member), title="x")


def test_a_draft_can_be_closed_without_publishing(company, member):
    opportunity = OpportunityFactory(company=company, draft=True)
    services.opportunity_close(opportunity=opportunity, actor=actor_for(member))
    assert opportunity.status == Opportunity.Status.CLOSED


def test_publishing_does_not_wait_for_verification(member, make_member):
    company = CompanyFactory(unverified=True)
    admin = make_member(User.Role.COMPANY_MEMBER, company.organisation, is_admin=True)
    opportunity = OpportunityFactory(company=company, draft=True)
    services.opportunity_publish(opportunity=opportunity, actor=actor_for(admin))
    assert opportunity.status == Opportunity.Status.PUBLISHED


def test_a_suspended_company_acts_no_more(company, member, chamber):
    organisation_suspend(actor=actor_for(chamber), organisation=company.organisation)
    with pytest.raises(PermissionDenied):
        services.opportunity_create(actor=actor_for(member), company=company, **_draft_fields())


# --- what agreements rest on -------------------------------------------------------------


def test_an_opportunity_with_places_taken_keeps_the_period_its_agreements_state(
    company, member, client_for
):
    opportunity = OpportunityFactory(
        company=company, period_start=date(2027, 4, 5), period_end=date(2027, 5, 28), places=3
    )
    Opportunity.objects.filter(pk=opportunity.pk).update(places_taken=1)

    response = client_for(member).patch(
        f"/api/v1/opportunities/{opportunity.pk}/",
        {"period_start": "2027-06-01", "period_end": "2027-06-30"},
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"period_start", "period_end"}
    assert "Placements have taken places (1)" in response.json()["period_start"][0]
    opportunity.refresh_from_db()
    assert opportunity.period_start == date(2027, 4, 5)
    # What no agreement states may change.
    assert (
        client_for(member)
        .patch(f"/api/v1/opportunities/{opportunity.pk}/", {"description": "Ny"}, format="json")
        .status_code
        == 200
    )


def test_a_gla_salary_of_one_krona_a_month_is_refused(company, member):
    with pytest.raises(ValidationError) as refused:
        services.opportunity_create(
            actor=actor_for(member),
            company=company,
            **_draft_fields(
                kind="apprenticeship",
                salary_amount=1,
                salary_period="monthly",
                hours_per_week=24,
                handledare_name="Sara Lind",
                utbildningskontrakt_agreed=True,
            ),
        )

    assert list(refused.value.message_dict) == ["salary_amount"]
