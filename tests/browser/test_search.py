"""The opportunity search: filters update the results in place and the URL keeps them."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.matching.factories import open_opportunity

pytestmark = pytest.mark.django_db(transaction=True)


def test_filters_update_the_results_in_place_and_the_url_keeps_them(login_as, live_server, region):
    for _ in range(20):
        open_opportunity(company=region.opportunity.company)
    page = login_as(None)
    page.goto(f"{live_server.url}/opportunities/")
    expect(page.get_by_text("21 opportunities")).to_be_visible()
    page.evaluate("window.notReloaded = true")

    page.locator("#id_kind").select_option("thesis")
    expect(page.get_by_text("0 opportunities")).to_be_visible()
    expect(page.get_by_role("heading", name="Nothing matches all of these filters")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/opportunities/\?.*kind=thesis"))

    page.locator("#id_kind").select_option("internship")
    page.locator("#id_near").select_option(region.request.municipality_id)
    page.locator("#id_within_km").select_option("200")
    expect(page).to_have_url(re.compile(r"within_km=200"))
    expect(page.get_by_text("21 opportunities")).to_be_visible()
    page.get_by_role("link", name="Next").click()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    assert "page=2" in page.url
    assert "near=" + region.request.municipality_id in page.url
    assert page.evaluate("window.notReloaded") is True  # HTMX swapped the results only

    page.reload()  # the URL alone restores the search
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    expect(page.locator("#id_kind")).to_have_value("internship")


def test_the_search_works_without_javascript(browser, live_server, region):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/opportunities/")
    page.locator("#id_q").fill("laddstation")
    page.get_by_role("button", name="Show results").click()
    expect(page.get_by_text("1 opportunity", exact=True)).to_be_visible()
    context.close()


def test_the_language_switch_keeps_the_search_and_is_remembered(page: Page, live_server, region):
    page.goto(f"{live_server.url}/opportunities/?kind=internship")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith("/opportunities/?kind=internship")
    page.goto(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
