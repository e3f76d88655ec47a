"""The reports dashboard: chamber staff only; renders the figures, charts, map and exports."""

import pytest
from django.test import Client

from backend.accounts.models import User

URL = "/reports/"


@pytest.fixture
def staff_browser(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


def test_chamber_staff_see_the_dashboard(staff_browser, requests_):
    response = staff_browser.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page
    assert 'class="map"' in page
    assert "Örebro: 6" in page  # the map's title on Örebro: 6 students placed
    assert "/api/v1/reports/placements/?" in page
    assert "format=xlsx" in page
    assert "style=" not in page  # the CSP allows no inline style
    assert "<script>" not in page


def test_the_figures_follow_the_filters(staff_browser, requests_):
    response = staff_browser.get(URL, {"group_by": "municipality", "then_by": "kind", "map": "gap"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "group_by=municipality%2Ckind" in page
    assert "Örebro: 3" in page  # the gap in Örebro: 8 requested, 5 offered


def test_htmx_gets_only_the_results(staff_browser, requests_):
    response = staff_browser.get(URL, {"region": "sweden"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert 'class="kpis"' in page


def test_bad_filters_show_errors_next_to_the_fields(staff_browser, db):
    response = staff_browser.get(URL, {"period_from": "2026-01-01", "period_to": "2025-01-01"})
    assert response.status_code == 200
    assert 'id="id_period_to_errors"' in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(db):
    response = Client().get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize(
    "role", [User.Role.STUDENT, User.Role.COUNSELLOR, User.Role.COMPANY_MEMBER]
)
def test_others_are_refused(make_member, role):
    client = Client()
    client.force_login(make_member(role))
    assert client.get(URL).status_code == 403
