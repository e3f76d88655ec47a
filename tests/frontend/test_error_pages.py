"""403 and 404 pages: inside the site's layout, saying what happened and where to go."""

import pytest

from backend.accounts.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_missing_page_explains_and_offers_ways_on(client):
    response = client.get("/opportunities/999999/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "We cannot find that page" in html
    assert 'class="site-header"' in html
    assert 'href="/accounts/login/?next=/opportunities/999999/"' in html


def test_a_forbidden_page_explains_and_offers_ways_on(login, make_member):
    student = make_member(User.Role.STUDENT)
    response = login(student).get("/chamber/moderation/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "You may not open this page" in html
    assert 'class="site-header"' in html
    assert 'href="/dashboard/"' in html


def test_a_company_admin_only_page_says_why(login, world, make_member):
    # A member who is not the company's administrator reads the service's reason.
    member = make_member(User.Role.COMPANY_MEMBER, world.opportunity.company.organisation)
    response = login(member).get("/company/profile/")
    assert response.status_code == 403
    assert "Only an administrator of a company edits its profile." in response.content.decode()


def test_api_errors_stay_json(client):
    response = client.get("/api/v1/opportunities/999999/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
