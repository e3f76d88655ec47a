"""Each role's main journey, end to end in Chromium, in English (the language cookie), through
pages only (no API call, no shell): issue 18's "Done when". The people exist already (their
sign-up is tests/browser/test_accounts_flows.py's); everything they do after logging in happens
on the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from backend.accounts.models import User
from tests.agreements.factories import GLA_TERMS, plan_data
from tests.backend.accounts.factories import UserFactory
from tests.browser.conftest import screenshot
from tests.companies.factories import CompanyFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_company_publishes_and_a_counsellor_confirms_a_placement_from_the_match(
    login_as, live_server, region
):
    company = login_as(region.member)
    company.goto(f"{live_server.url}/company/opportunities/new/")
    company.locator("#id_title").fill("APL som elinstallatör")
    company.locator("#id_kind").select_option("internship")
    company.locator("#id_level").select_option("gymnasium")
    company.locator("#id_places").fill("3")
    company.locator("input[name=programmes][value=EE]").check()
    company.locator("#id_municipality").select_option(region.request.municipality_id)
    company.locator("#id_contact_name").fill("Eva Svensson")
    company.locator("#id_contact_email").fill("eva@volta.example")
    company.get_by_role("button", name="Save as draft").click()
    expect(company.get_by_text("Saved as a draft")).to_be_visible()
    company.get_by_role("button", name="Publish").click()
    expect(company.get_by_text("The opportunity is published.")).to_be_visible()

    counsellor = login_as(region.counsellor)
    counsellor.goto(f"{live_server.url}/dashboard/")
    match = counsellor.locator("li.card", has_text="APL som elinstallatör")
    expect(match.locator(".why")).to_contain_text("Same programme")
    match.get_by_role("link", name="Confirm a placement").click()
    card = counsellor.locator("li.card", has_text="APL som elinstallatör")
    card.get_by_role("link", name="Confirm a placement here").click()
    counsellor.get_by_label("Number of students").fill("2")
    counsellor.get_by_role("button", name="Confirm the placement").click()
    expect(counsellor.get_by_text("The placement is confirmed")).to_be_visible()
    expect(counsellor.get_by_text("2 of 4 places")).to_be_visible()


def test_a_student_applies_the_company_offers_and_the_student_accepts(
    login_as, live_server, region
):
    student = login_as(region.student)
    student.goto(f"{live_server.url}/opportunities/{region.opportunity.pk}/")
    student.get_by_role("link", name="Apply").click()
    student.get_by_label("Why do you want this place?").fill("Jag vill bygga laddstationer.")
    student.get_by_role("button", name="Send my application").click()
    expect(student.get_by_text("Your application is sent.")).to_be_visible()
    expect(student.locator(".timeline")).to_contain_text("Submitted")

    company = login_as(region.member)
    company.goto(f"{live_server.url}/company/opportunities/{region.opportunity.pk}/applications/")
    expect(company.get_by_text("Jag vill bygga laddstationer.")).to_be_visible()
    company.get_by_role("button", name="Start reviewing").click()
    company.get_by_label("Note to the student (optional)").fill("Välkommen på intervju!")
    company.get_by_role("button", name="Make an offer").click()
    expect(company.locator(".tag.status-offered").first).to_be_visible()

    student.goto(f"{live_server.url}/dashboard/")
    student.get_by_role("button", name="Accept the offer").click()
    expect(student.get_by_text("Accepting confirms your placement")).to_be_visible()
    student.get_by_role("button", name="Yes, accept the offer").click()
    expect(student.get_by_text("Done: the application is updated.")).to_be_visible()
    expect(student.get_by_role("heading", name="My placements")).to_be_visible()


def test_chamber_staff_verify_a_company(login_as, live_server, region):
    CompanyFactory(organisation__verified_at=None, organisation__name="Nya Verkstaden AB")
    chamber = login_as(region.chamber)
    chamber.goto(f"{live_server.url}/dashboard/")
    expect(chamber).to_have_url(f"{live_server.url}/chamber/moderation/")
    chamber.get_by_role("button", name="Verify Nya Verkstaden AB").click()
    expect(chamber.get_by_text("Nya Verkstaden AB is verified.")).to_be_visible()
    screenshot(chamber, "moderation")


def test_a_user_logs_in_with_e_mail_and_password(page: Page, live_server):
    from backend.accounts import services
    from backend.accounts.models import User

    services.user_create(
        email="eva@volta.example",
        password="ett-langt-losenord-42",
        role=User.Role.COMPANY_MEMBER,
        first_name="Eva",
        last_name="Svensson",
        email_verified=True,
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill("eva@volta.example")
    page.locator("input[name=password]").fill("ett-langt-losenord-42")
    page.locator("input[name=password]").press("Enter")
    expect(page.locator(".who")).to_have_text("eva@volta.example")


def fill(page: Page, data: dict) -> None:
    """Fill a form's fields by name, whatever their widget."""
    for name, value in data.items():
        field = page.locator(f"[name={name}]")
        kind = field.first.evaluate("e => e.tagName + ':' + (e.type || '')")
        if kind == "SELECT:select-one":
            field.select_option(str(value))
        elif kind.endswith(":checkbox"):
            if value:
                field.check()
            else:
                field.uncheck()
        elif kind.endswith(":radio"):
            page.locator(f"[name={name}][value='{value}']").check()
        else:
            field.fill(str(value))


def see(page: Page, text: str) -> None:
    expect(page.get_by_text(text).first).to_be_visible()


def test_a_new_company_registers_is_verified_and_a_pupil_goes_from_gla_place_to_certificate(
    login_as, live_server, region
):
    url = live_server.url
    # A new company member registers the company.
    owner = UserFactory(role=User.Role.COMPANY_MEMBER, first_name="Kim", last_name="Lind")
    company = login_as(owner)
    company.goto(f"{url}/company/opportunities/new/")
    see(company, "Register your company first")
    fill(
        company,
        {
            "name": "Lärlingsverkstaden AB",
            "organisation_number": "556036-0793",
            "sector": "C",
            "municipality": region.request.municipality_id,
        },
    )
    company.get_by_role("button", name="Register the company").click()
    see(company, "Lärlingsverkstaden AB is registered")

    # Chamber staff verify it.
    chamber = login_as(region.chamber)
    chamber.goto(f"{url}/dashboard/")
    chamber.get_by_role("button", name="Verify Lärlingsverkstaden AB").click()
    see(chamber, "Lärlingsverkstaden AB is verified.")

    # The company publishes a GLA place: the form shows the GLA section for that kind only.
    company.get_by_role("link", name="New opportunity").first.click()
    expect(company.locator("[name=salary_amount]")).to_have_count(0)
    company.get_by_role("link", name="Apprenticeship (GLA)").click()
    expect(company.locator("#id_municipality")).to_have_value(region.request.municipality_id)
    fill(
        company,
        {
            "title": "GLA som elektriker",
            "level": "gymnasium",
            "places": "1",
            "salary_amount": "16500",
            "salary_period": "monthly",
            "hours_per_week": "24",
            "handledare_name": "Göran Ärlig",
            "utbildningskontrakt_agreed": True,
        },
    )
    company.locator("input[name=programmes][value=EE]").check()
    company.get_by_role("button", name="Save as draft").click()
    see(company, "Saved as a draft")
    company.get_by_role("button", name="Publish").click()
    see(company, "The opportunity is published.")

    # The pupil finds it, applies, and sees that they applied.
    student = login_as(region.student)
    student.goto(f"{url}/opportunities/?q=GLA")
    student.get_by_role("link", name="GLA som elektriker").first.click()
    student.get_by_role("link", name="Apply").click()
    student.get_by_label("Why do you want this place?").fill("Jag vill bli elektriker.")
    student.get_by_role("button", name="Send my application").click()
    see(student, "Your application is sent.")
    student.get_by_role("link", name="The opportunity").click()
    see(student, "You applied on")
    expect(student.get_by_role("link", name="Apply", exact=True)).to_have_count(0)

    # The company reviews and offers; the pupil accepts.
    company.goto(f"{url}/dashboard/")
    company.get_by_role("link", name="Review GLA som elektriker").click()
    company.get_by_role("button", name="Start reviewing").click()
    company.get_by_role("button", name="Make an offer").click()
    expect(company.locator(".tag.status-offered").first).to_be_visible()
    student.goto(f"{url}/dashboard/")
    student.get_by_role("button", name="Accept the offer").click()
    student.get_by_role("button", name="Yes, accept the offer").click()
    see(student, "Done: the application is updated.")

    # The counsellor fills in the plan and signs for the school and the guardian.
    counsellor = login_as(region.counsellor)
    counsellor.goto(f"{url}/placements/")
    counsellor.get_by_role("link", name="GLA som elektriker").first.click()
    placement_url = counsellor.url
    counsellor.get_by_role("link", name="Fill in the plan").click()
    today = timezone.localdate()
    terms = {
        **GLA_TERMS,
        "contract_start": today.isoformat(),
        "contract_end": (today + timedelta(weeks=40)).isoformat(),
    }
    fill(counsellor, plan_data(**terms))
    counsellor.get_by_role("button", name="Save the plan").click()
    see(counsellor, "The plan is saved.")
    counsellor.get_by_label("Guardian's name").fill("Maria Berg")
    counsellor.get_by_role("button", name="Sign as the guardian").click()
    see(counsellor, "Your signature is recorded.")
    counsellor.get_by_role("button", name="Sign as the school").click()
    see(counsellor, "Your signature is recorded.")

    # The company signs and confirms the risk assessment for a pupil under 18.
    company.goto(placement_url)
    company.get_by_role("button", name="Sign as the company").click()
    see(company, "Your signature is recorded.")
    for box in company.locator("form[action$='/risk-assessment/'] input[type=checkbox]").all():
        box.check()
    company.get_by_role("button", name="Save the checklist").click()
    company.get_by_role("button", name="Confirm the risk assessment").click()
    see(company, "The risk assessment is confirmed.")

    # The pupil signs; the placement starts and is completed after a confirmation page.
    student.goto(placement_url)
    student.get_by_role("button", name="Sign as the student").click()
    see(student, "Your signature is recorded.")
    counsellor.goto(placement_url)
    counsellor.get_by_role("button", name="Start the placement").click()
    see(counsellor, "The placement has started.")
    counsellor.get_by_role("link", name="Complete the placement…").click()
    counsellor.get_by_role("button", name="Yes, it is completed").click()
    see(counsellor, "The placement is completed")

    # Both evaluate; the certificate downloads.
    company.goto(placement_url)
    fill(company, {"attendance": "full", "strengths": "Noggrann.", "would_host_again": "true"})
    company.get_by_role("button", name="Evaluate and sign off").click()
    see(company, "Thank you for the evaluation.")
    student.goto(placement_url)
    fill(student, {"rating": "5", "comment": "Bra handledare."})
    student.get_by_role("button", name="Send the evaluation").click()
    see(student, "Thank you for the evaluation.")
    certificate = student.get_by_role("link", name="Certificate (PDF)")
    response = student.context.request.get(url + certificate.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_a_counsellor_posts_a_request_writes_to_a_company_and_confirms_named_students(
    login_as, live_server, region
):
    url = live_server.url
    counsellor = login_as(region.counsellor)
    counsellor.goto(f"{url}/school/requests/new/")
    start = timezone.localdate() + timedelta(days=40)
    fill(
        counsellor,
        {
            "kind": "internship",
            "level": "gymnasium",
            "programme": "EE",
            "year": "2",
            "places_needed": "2",
            "period_start": start.isoformat(),
            "period_end": (start + timedelta(weeks=4)).isoformat(),
            "max_distance_km": "50",
        },
    )
    counsellor.get_by_role("button", name="Post the request").click()
    see(counsellor, "The request is open")
    card = counsellor.locator("li.card", has_text=region.opportunity.title)
    card.get_by_text("Write to the company").click()
    card.get_by_label("Message").fill("Kan ni ta två elever i vår?")
    card.get_by_role("button", name="Send").click()
    see(counsellor, "Kan ni ta två elever i vår?")
    counsellor.go_back()
    counsellor.reload()
    card = counsellor.locator("li.card", has_text=region.opportunity.title)
    card.get_by_role("link", name="Confirm a placement here").click()
    counsellor.get_by_label("Alva Berg").check()
    counsellor.get_by_label("Number of students").fill("")
    counsellor.get_by_role("button", name="Confirm the placement").click()
    see(counsellor, "The placement is confirmed; the company is asked to agree.")

    company = login_as(region.member)
    company.goto(f"{url}/dashboard/")
    company.get_by_role("link", name=region.opportunity.title).first.click()
    company.get_by_role("button", name="We agree to the placement").click()
    see(company, "You agreed to the placement")


def test_chamber_staff_run_a_pairing_round_and_see_each_proposal_decided(
    login_as, live_server, region, make_member
):
    from tests.matching.factories import open_opportunity

    # A second company's place, so the request's 4 places go to two proposals.
    other = open_opportunity(
        company=CompanyFactory(organisation__name="Kabel & Kraft AB"),
        title="APL som kabeldragare",
        municipality_id=region.request.municipality_id,
    )
    other_member = make_member(User.Role.COMPANY_MEMBER, other.company.organisation)
    url = live_server.url
    chamber = login_as(region.chamber)
    chamber.goto(f"{url}/dashboard/")
    chamber.get_by_role("link", name="Pairing rounds").first.click()
    chamber.get_by_role("button", name="Run a pairing round").click()
    see(chamber, "ran in-process")
    row = chamber.locator("tr", has_text=region.opportunity.title)
    expect(row).to_contain_text("Proposed")
    round_url = chamber.url

    counsellor = login_as(region.counsellor)
    counsellor.goto(f"{url}/proposals/")
    counsellor.get_by_role("link", name=f"Confirm… {region.opportunity.title}").click()
    counsellor.get_by_role("button", name="Yes, confirm it").click()
    see(counsellor, "The proposal is confirmed")

    company = login_as(other_member)
    company.goto(f"{url}/proposals/")
    company.get_by_role("link", name="Decline… APL som kabeldragare").click()
    company.get_by_role("button", name="Yes, decline it").click()
    see(company, "The proposal is declined")

    chamber.goto(round_url)
    expect(chamber.locator("tr", has_text=region.opportunity.title)).to_contain_text("Confirmed")
    expect(chamber.locator("tr", has_text="APL som kabeldragare")).to_contain_text("Declined")


def test_a_missing_page_and_a_forbidden_page_say_where_to_go(login_as, live_server, region):
    student = login_as(region.student)
    student.goto(f"{live_server.url}/chamber/moderation/")
    expect(student.get_by_role("heading", name="You may not open this page")).to_be_visible()
    student.get_by_role("link", name="Your start page").click()
    expect(student).to_have_url(f"{live_server.url}/dashboard/")
    student.goto(f"{live_server.url}/opportunities/999999/")
    expect(student.get_by_role("heading", name="We cannot find that page")).to_be_visible()


def test_choosing_a_kind_swaps_in_its_section_of_the_opportunity_form(
    login_as, live_server, region
):
    company = login_as(region.member)
    company.goto(f"{live_server.url}/company/opportunities/new/")
    expect(company.locator("[name=thesis_degree]")).to_have_count(0)
    company.locator("#id_title").fill("Exjobb om laddning")
    company.locator("#id_kind").select_option("thesis")
    expect(company.locator("[name=thesis_degree]")).to_be_visible()
    expect(company.locator("[name=salary_amount]")).to_have_count(0)
    expect(company.locator("#id_title")).to_have_value("Exjobb om laddning")
    company.locator("#id_kind").select_option("apprenticeship")
    expect(company.locator("[name=salary_amount]")).to_be_visible()
    expect(company.locator("[name=thesis_degree]")).to_have_count(0)
