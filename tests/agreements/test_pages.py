"""The lifecycle's pages: a party sees what is missing, fills in the plan, signs, and gets the
PDFs; forms work without JavaScript and show errors next to the fields."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from matching.agreements.models import Agreement, Signature
from tests.agreements.factories import (
    GLA_TERMS,
    NamedPlacementFactory,
    PlacementPlanFactory,
    plan_data,
)
from tests.companies.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(actors):
    """web[role] -> a logged-in Django test client."""
    clients = {}
    for role, user in actors.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        clients[role] = client
    return clients


def page(placement, suffix: str = "") -> str:
    return f"/placements/{placement.pk}/{suffix}"


def test_the_parties_see_the_placement_and_no_one_else(web, placement):
    assert web["anonymous"].get(page(placement)).status_code == 302
    assert web["other_member"].get(page(placement)).status_code == 404
    assert web["chamber"].get(page(placement)).status_code == 404

    response = web["student"].get(page(placement))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Fill in the placement plan (handledare, contact teacher, hours and tasks)." in html
    assert "the company must confirm the risk assessment" in html
    assert "Fill in the plan" not in html  # students do not plan


def test_the_list_shows_the_users_placements(web, placement):
    response = web["member"].get("/placements/")

    assert response.status_code == 200
    assert placement.opportunity.title in response.content.decode()
    assert (
        placement.opportunity.title not in web["other_member"].get("/placements/").content.decode()
    )


def test_the_first_plan_is_prefilled_with_the_companys_last_handledare(web, placement):
    earlier = NamedPlacementFactory(
        opportunity=OpportunityFactory(company=placement.opportunity.company)
    )
    PlacementPlanFactory(placement=earlier, handledare_name="Ylva Återkommande")

    response = web["member"].get(page(placement, "plan/"))

    assert response.status_code == 200
    assert 'value="Ylva Återkommande"' in response.content.decode()
    assert web["student"].get(page(placement, "plan/")).status_code == 403


def test_saving_the_plan_makes_the_agreement(web, placement):
    response = web["counsellor"].post(page(placement, "plan/"), plan_data())

    assert response.status_code == 302
    assert Agreement.objects.get(placement=placement).version == 1
    html = web["counsellor"].get(page(placement)).content.decode()
    assert "Sign as the school (huvudman)" in html
    assert "The student has not signed version 1 of the agreement." in html


def test_a_plan_with_errors_is_shown_again_with_them(web, placement):
    response = web["member"].post(page(placement, "plan/"), plan_data(handledare_email="x"))

    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert 'aria-invalid="true"' in html


def test_signing_on_the_page(web, placement):
    web["member"].post(page(placement, "plan/"), plan_data())
    sha256 = Agreement.objects.get(placement=placement).sha256

    response = web["student"].post(page(placement, "sign/"), {"party": "student", "sha256": sha256})

    assert response.status_code == 302
    assert Signature.objects.get(agreement__placement=placement).party == "student"
    html = web["student"].get(page(placement)).content.decode()
    assert "Your signature is recorded." in html
    assert "Sign as the student" not in html


def test_the_guardians_name_is_asked_for_next_to_the_field(web, parties):
    placement = NamedPlacementFactory(apprenticeship=True)
    counsellor = Client()
    counsellor.force_login(parties(placement)["counsellor"])
    counsellor.post(page(placement, "plan/"), plan_data(**GLA_TERMS))
    sha256 = Agreement.objects.get(placement=placement).sha256

    response = counsellor.post(page(placement, "sign/"), {"party": "guardian", "sha256": sha256})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = counsellor.post(
        page(placement, "sign/"),
        {"party": "guardian", "sha256": sha256, "guardian_name": "Maria Öberg"},
    )
    assert response.status_code == 302
    assert Signature.objects.get(party="guardian").signer_name == "Maria Öberg"


def test_starting_too_early_says_what_is_missing(web, placement):
    web["member"].post(page(placement, "plan/"), plan_data())

    response = web["member"].post(page(placement, "start/"), follow=True)

    assert response.status_code == 200
    assert "The student has not signed version 1 of the agreement." in response.content.decode()


def test_the_agreement_pdf_from_the_page(web, placement):
    web["member"].post(page(placement, "plan/"), plan_data())

    response = web["student"].get(page(placement, "agreement.pdf") + "?lang=en")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert web["student"].get(page(placement, "agreement.pdf") + "?lang=xx").status_code == 404


def test_the_list_reads_a_fixed_number_of_queries(web, placement):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert web["member"].get("/placements/").status_code == 200
        return len(captured)

    PlacementPlanFactory(placement=placement)
    one = queries()
    for _ in range(3):
        PlacementPlanFactory(placement=NamedPlacementFactory(opportunity=placement.opportunity))

    assert queries() == one


def test_the_list_names_a_draft_and_counts_what_it_lacks_once(web, placement):
    html = web["member"].get("/placements/").content.decode()
    assert re.search(r">Draft\s*</span>\s*<span class=\"muted\">\d+ things? missing<", html)
    assert "is missing" not in html


def test_a_contract_ending_before_it_starts_is_an_error_next_to_the_field(web, parties):
    placement = NamedPlacementFactory(apprenticeship=True, adult=True)
    counsellor = Client()
    counsellor.force_login(parties(placement)["counsellor"])
    terms = {**GLA_TERMS, "contract_start": "2026-04-10", "contract_end": "2026-03-02"}

    response = counsellor.post(page(placement, "plan/"), plan_data(**terms))

    assert response.status_code == 400
    html = response.content.decode()
    assert "The contract period ends before it starts." in html
    assert 'id="id_contract_end_errors"' in html or 'aria-invalid="true"' in html
    assert "agreements_plan_contract_ends_after_start" not in html
    assert not Agreement.objects.exists()


def test_a_minors_night_hours_are_refused_next_to_the_field(web, placement):
    response = web["member"].post(
        page(placement, "plan/"), plan_data(daily_start="05:00", daily_end="23:00")
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "the earliest a minor may." in html
    assert not Agreement.objects.exists()
