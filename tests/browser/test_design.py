"""What the design system promises a person on a phone and with JavaScript: a menu that opens,
results before the filters, errors next to the field, a language switch that keeps the search."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_phone_menu_opens_and_a_desktop_menu_is_always_open(login_as, live_server, region):
    phone = login_as(region.member, viewport=PHONE)
    phone.goto(f"{live_server.url}/dashboard/")
    messages = phone.get_by_role("link", name="Messages")
    expect(messages).to_be_hidden()
    phone.get_by_text("Menu", exact=True).click()
    expect(messages).to_be_visible()
    messages.click()
    expect(phone).to_have_url(re.compile(r"/threads/$"))

    desktop = login_as(region.member)
    desktop.goto(f"{live_server.url}/dashboard/")
    expect(desktop.get_by_role("link", name="Messages")).to_be_visible()
    expect(desktop.get_by_text("Menu", exact=True)).to_be_hidden()


def test_on_a_phone_the_results_come_before_the_folded_filters(login_as, live_server, region):
    page = login_as(None, viewport=PHONE)
    page.goto(f"{live_server.url}/opportunities/")
    expect(page.locator("#id_kind")).to_be_hidden()
    expect(page.get_by_role("link", name=region.opportunity.title)).to_be_in_viewport()
    page.get_by_text("More filters").click()
    expect(page.locator("#id_kind")).to_be_visible()


def test_with_javascript_a_period_ending_before_it_starts_is_an_error_next_to_until(
    login_as, live_server, region
):
    page = login_as(None)
    page.goto(f"{live_server.url}/opportunities/")
    page.locator("#id_period_from").fill("2027-05-01")
    page.locator("#id_period_to").fill("2027-04-01")
    page.locator("#id_period_to").dispatch_event("change")
    expect(page.locator("#id_period_to_errors")).to_have_text("The period ends before it starts.")
    expect(page.locator("#id_period_from_errors")).to_have_text("")


def test_the_language_switch_keeps_the_search_changed_in_place(login_as, live_server, region):
    page = login_as(None)
    page.goto(f"{live_server.url}/opportunities/")
    page.locator("#id_kind").select_option("thesis")
    expect(page).to_have_url(re.compile(r"kind=thesis"))
    page.get_by_role("button", name="Svenska").click()
    expect(page.get_by_role("heading", name="Hitta möjligheter")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/opportunities/\?.*kind=thesis"))
    expect(page.locator("#id_kind")).to_have_value("thesis")


def test_the_log_in_fields_are_as_wide_as_the_form_and_the_box_keeps_its_size(
    login_as, live_server, region
):
    page = login_as(None, viewport=PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    email = page.locator("input[name=login]").bounding_box()
    password = page.locator("input[name=password]").bounding_box()
    assert password["width"] == email["width"] > 250
    remember = page.locator("input[name=remember]").bounding_box()
    assert remember["width"] >= 16  # a checkbox, not a dot


def test_form_errors_read_in_one_column_and_wrapped_checkboxes_keep_their_size(
    login_as, live_server, region
):
    page = login_as(region.member, viewport=PHONE)
    page.goto(f"{live_server.url}/company/opportunities/new/")
    page.locator("main form button[type=submit]").last.click()
    errors = page.locator(".errorlist")
    expect(errors.first).to_be_visible()
    for index in range(errors.count()):
        style = errors.nth(index).evaluate(
            "e => [getComputedStyle(e).columnCount, getComputedStyle(e).columnWidth]"
        )
        assert style == ["auto", "auto"]
    boxes = page.locator("main input[type=checkbox]")
    assert boxes.count() > 20
    widths = {round(boxes.nth(i).bounding_box()["width"]) for i in range(boxes.count())}
    assert min(widths) >= 16, widths


def test_the_api_docs_break_no_rule_of_the_content_security_policy(login_as, live_server, region):
    page = login_as(None)
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Refused" in message.text else None,
    )
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info")).to_be_visible()
    page.goto(f"{live_server.url}/favicon.ico")  # the redirect ends at the site's icon
    assert page.url.endswith("/frontend/favicon.svg")
    assert refused == []
