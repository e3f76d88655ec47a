"""Chamber staff's moderation queue."""

import pytest

from tests.companies.factories import CompanyFactory
from tests.schools.factories import SchoolFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]


def test_verify_a_company_and_a_school(login, world):
    company = CompanyFactory(organisation__verified_at=None)
    school = SchoolFactory(organisation__verified_at=None)
    client = login(world.chamber)
    html = client.get("/chamber/moderation/").content.decode()
    assert "Companies waiting for verification" in html
    client.post(f"/chamber/companies/{company.pk}/verify/")
    client.post(f"/chamber/schools/{school.pk}/verify/")
    company.organisation.refresh_from_db()
    school.organisation.refresh_from_db()
    assert company.organisation.is_verified
    assert school.organisation.is_verified


def test_hide_a_posting_needs_a_reason(login, world):
    client = login(world.chamber)
    url = f"/chamber/opportunities/{world.opportunity.pk}/hide/"
    response = client.post(url, {"reason": ""}, follow=True)
    assert "Say why" in response.content.decode()
    client.post(url, {"reason": "Fel kontaktuppgifter"})
    world.opportunity.refresh_from_db()
    assert world.opportunity.hidden_reason == "Fel kontaktuppgifter"


def test_only_chamber_staff_moderate(login, world):
    for user in (world.member, world.counsellor, world.student):
        assert login(user).get("/chamber/moderation/").status_code == 403


def test_chamber_staff_land_on_moderation(login, world):
    response = login(world.chamber).get("/dashboard/")
    assert response["Location"] == "/chamber/moderation/"
