"""Every main page of every role, allauth's and the two-factor pages included: no serious or
critical axe-core violation, the header on one row at 1366 px, no horizontal scroll at 360 px,
under 150 KB gzip on first load, nothing from another host; a screenshot of each, 1366 and 390 px
wide, under var/screenshots/."""

import gzip
import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from backend.accounts.actor import actor_for
from tests.browser.conftest import NARROWEST, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

MAX_GZIP_BYTES = 150 * 1024
SERIOUS = {"serious", "critical"}


def _pages(region) -> dict[str, list[tuple[str, str]]]:
    """{role: [(screenshot name, path)]}."""
    from tests.companies.factories import OpportunityFactory

    opportunity, request = region.opportunity, region.request
    company = opportunity.company
    thesis = OpportunityFactory(company=company, thesis=True, title="Exjobb: laddkurvor")
    gla = OpportunityFactory(company=company, apprenticeship=True, title="Lärling som elektriker")
    return {
        "anonymous": [
            ("home", "/"),
            ("search", "/opportunities/?kind=internship"),
            ("search-near", "/opportunities/?near=1880&within_km=50&sort=deadline"),
            ("opportunity", f"/opportunities/{opportunity.pk}/"),
            ("opportunity-thesis", f"/opportunities/{thesis.pk}/"),
            ("opportunity-gla", f"/opportunities/{gla.pk}/"),
            ("company", f"/companies/{opportunity.company_id}/"),
            ("explainer-gla", "/about/gla/"),
            ("login", "/accounts/login/"),
            ("signup", "/accounts/signup/"),
            ("password-reset", "/accounts/password/reset/"),
        ],
        "student": [
            ("student-dashboard", "/dashboard/"),
            ("student-profile", "/me/profile/"),
            ("apply", f"/opportunities/{opportunity.pk}/apply/"),
            ("notifications", "/notifications/"),
        ],
        "member": [
            ("company-dashboard", "/dashboard/"),
            ("opportunity-form", "/company/opportunities/new/"),
            ("applications", f"/company/opportunities/{opportunity.pk}/applications/"),
            ("company-profile", "/company/profile/"),
            ("placements", "/placements/"),
            ("two-factor", "/accounts/2fa/"),
            ("two-factor-setup", "/accounts/2fa/totp/activate/"),
        ],
        "counsellor": [
            ("counsellor-dashboard", "/dashboard/"),
            ("request-form", "/school/requests/new/"),
            ("request-matches", f"/school/requests/{request.pk}/matches/"),
        ],
        "chamber": [("moderation-queue", "/chamber/moderation/"), ("reports", "/reports/")],
    }


def test_main_pages_are_accessible_light_local_and_fit_a_phone(login_as, live_server, region):
    from matching import services as matching_services

    matching_services.application_submit(
        actor=actor_for(region.student), opportunity=region.opportunity, motivation="Gärna!"
    )
    axe = Axe()
    host = urlsplit(live_server.url).netloc
    problems = []
    for role, pages in _pages(region).items():
        user = None if role == "anonymous" else getattr(region, role)
        page = login_as(user, language="sv")
        for name, path in pages:
            responses = []

            def record(response, responses=responses):
                responses.append(response)

            page.on("response", record)
            page.goto(live_server.url + path)
            page.remove_listener("response", record)
            problems += _check(page, name, responses, host, axe)
            screenshot(page, name)
    assert not problems, "\n".join(problems)


def _gzip_size(response) -> int:
    """The body's gzip size; Chromium sometimes has already dropped the body of a cached static
    file, then its uncompressed Content-Length counts (larger, so never a pass that should fail)."""
    try:
        return len(gzip.compress(response.body()))
    except PlaywrightError:
        return int(response.headers.get("content-length", MAX_GZIP_BYTES + 1))


def _check(page, name, responses, host, axe) -> list[str]:
    problems = []
    foreign = {r.url for r in responses if urlsplit(r.url).netloc != host}
    if foreign:
        problems.append(f"{name}: requests to other hosts {sorted(foreign)}")
    weight = sum(_gzip_size(r) for r in responses if r.status < 300)
    if weight > MAX_GZIP_BYTES:
        problems.append(f"{name}: {weight} bytes gzip on first load")
    violations = axe.run(page).response["violations"]
    for violation in violations:
        if violation["impact"] in SERIOUS:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{name}: axe {violation['id']} ({violation['impact']}) {targets}")
    header = page.locator(".site-header-inner").bounding_box()
    if header["height"] > 72:  # one row of links at 1366 px, for every role
        problems.append(f"{name}: the header wraps ({header['height']} px high)")
    size = page.viewport_size
    page.set_viewport_size({"width": NARROWEST, "height": 800})
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > NARROWEST:
        problems.append(f"{name}: {scroll_width} px wide at {NARROWEST} px")
    page.set_viewport_size(size)
    return problems


def test_the_two_factor_pages_are_in_the_sites_design(login_as, live_server, make_member):
    """Re-authenticate, set up an authenticator, the recovery codes, and the code asked at log in:
    allauth's pages through the site's elements, checked like every page."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    from backend.accounts.models import User
    from tests.backend.accounts.factories import PASSWORD

    user = make_member(User.Role.COUNSELLOR)
    page = login_as(user, language="sv")
    host = urlsplit(live_server.url).netloc
    axe, problems = Axe(), []

    def visit(name: str, path: str | None = None) -> None:
        nonlocal problems
        responses = []

        def record(response, responses=responses):
            responses.append(response)

        page.on("response", record)
        if path:
            page.goto(live_server.url + path)
        else:
            page.reload()
        page.remove_listener("response", record)
        problems += _check(page, name, responses, host, axe)
        screenshot(page, name)

    visit(
        "two-factor-reauthenticate", "/accounts/reauthenticate/?next=/accounts/2fa/totp/activate/"
    )
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#authenticator_secret")).to_be_visible()
    visit("two-factor-activate")
    secret = page.locator("#authenticator_secret").input_value()

    def code() -> str:
        return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))

    page.locator("#id_code").fill(code())
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/activate/"))
    page.wait_for_load_state("networkidle")
    visit("two-factor-recovery-codes", "/accounts/2fa/recovery-codes/")
    expect(page.locator("main")).to_contain_text(re.compile(r"[0-9a-f]{8}"))

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    visit("two-factor-authenticate")
    assert not problems, "\n".join(problems)
