import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_switches_the_home_page_to_english_and_it_stays(page: Page, live_server):
    page.goto(live_server.url)
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Här möts företag och skolor i Mälardalen"
    )

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Where companies and schools in Mälardalen meet"
    )
