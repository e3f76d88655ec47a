"""Chamber staff set the GLA target on its page, with its history; the open data has a public
page; dates on the reports page are ISO in every language."""

import pytest
from django.test import Client

from backend.accounts.models import User
from backend.reports.models import GlaTarget

URL = "/reports/gla-target/"


@pytest.fixture
def staff_browser(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


def test_staff_set_a_target_and_see_its_history(staff_browser, staff):
    assert staff_browser.post(URL, {"school_year": 2026, "placements": 40}).status_code == 302
    assert staff_browser.post(URL, {"school_year": 2026, "placements": 55}).status_code == 302
    assert GlaTarget.objects.get(school_year=2026).placements == 55
    page = staff_browser.get(URL).content.decode()
    assert "2026/27: 55" in page
    # The history: from nothing to 40, then from 40 to 55, by whom.
    assert "<td>\u2013</td><td>40</td>" in page
    assert "<td>40</td><td>55</td>" in page
    assert staff.email in page or staff.get_full_name() in page


def test_the_target_reaches_the_gla_report(staff_browser, staff_client, region):
    staff_browser.post(URL, {"school_year": 2025, "placements": 10})
    body = staff_client.get("/api/v1/reports/gla/").json()
    assert body["groups"][0]["target"] == 10
    assert body["groups"][0]["attained_percent"] == 10.0


def test_a_bad_target_is_refused_next_to_the_field(staff_browser, db):
    response = staff_browser.post(URL, {"school_year": 1999, "placements": -1})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_school_year_errors"' in page
    assert 'id="id_placements_errors"' in page
    assert not GlaTarget.objects.exists()


@pytest.mark.parametrize("role", [User.Role.COUNSELLOR, User.Role.COMPANY_MEMBER])
def test_only_chamber_staff_set_the_target(make_member, role):
    client = Client()
    client.force_login(make_member(role))
    assert client.post(URL, {"school_year": 2026, "placements": 40}).status_code == 403
    assert not GlaTarget.objects.exists()


def test_the_open_data_page_is_public_and_links_the_downloads(db):
    page = Client().get("/open-data/").content.decode()
    assert "CC BY 4.0" in page
    for fmt in ("csv-excel", "csv", "xlsx"):
        assert f"/api/v1/reports/open-data/?format={fmt}" in page


def test_the_reports_page_links_the_open_data_and_the_target(staff_browser, db):
    page = staff_browser.get("/reports/").content.decode()
    assert 'href="/open-data/"' in page
    assert f'href="{URL}"' in page


def test_dates_in_the_filters_are_iso_in_english(staff_browser, db):
    page = staff_browser.get("/reports/", {"period_from": "2025-07-01"}).content.decode()
    assert 'value="2025-07-01"' in page


def test_every_public_page_links_the_open_data(db):
    page = Client().get("/").content.decode()
    assert 'href="/open-data/"' in page
