"""Each role's main journey, end to end in Chromium, in English (the language cookie)."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.companies.factories import CompanyFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


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
    card.get_by_text("Confirm a placement here").click()
    card.get_by_label("Number of students").fill("2")
    card.get_by_role("button", name="Confirm the placement").click()
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
