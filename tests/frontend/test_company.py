"""A company member's pages: dashboard, opportunities, applications, profile and logo."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from backend.accounts.actor import actor_for
from companies.models import Opportunity
from matching import services as matching_services
from matching.models import Application

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]


def _opportunity_data(**overrides):
    data = {
        "title": "APL som svetsare",
        "kind": "internship",
        "level": "gymnasium",
        "places": "2",
        "programmes": ["EE"],
        "stem_areas": ["electrification"],
        "municipality": "1980",
        "speaks_swedish": "on",
        "contact_name": "Eva Svensson",
        "contact_email": "eva@foretag.example",
    }
    return {**data, **overrides}


def test_dashboard_lists_our_opportunities_and_matching_requests(login, world):
    html = login(world.member).get("/dashboard/").content.decode()
    assert world.opportunity.title in html
    assert world.request.school.organisation.name in html


def test_create_then_publish_an_opportunity(login, world):
    client = login(world.member)
    response = client.post("/company/opportunities/new/", _opportunity_data())
    assert response.status_code == 302
    opportunity = Opportunity.objects.get(title="APL som svetsare")
    assert opportunity.status == Opportunity.Status.DRAFT
    assert list(opportunity.programmes.values_list("code", flat=True)) == ["EE"]
    client.post(f"/company/opportunities/{opportunity.pk}/publish/")
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED


def test_the_models_rules_show_next_to_the_fields(login, world):
    response = login(world.member).post(
        "/company/opportunities/new/", _opportunity_data(kind="thesis", level="gymnasium")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_level_errors"' in html
    assert not Opportunity.objects.filter(title="APL som svetsare").exists()


def test_edit_an_opportunity(login, world):
    client = login(world.member)
    url = f"/company/opportunities/{world.opportunity.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, _opportunity_data(title="APL som elmontör", places="5"))
    assert response.status_code == 302
    world.opportunity.refresh_from_db()
    assert (world.opportunity.title, world.opportunity.places) == ("APL som elmontör", 5)


def test_a_refused_edit_answers_400_with_the_reason_next_to_the_field(login, world):
    Opportunity.objects.filter(pk=world.opportunity.pk).update(places_taken=1)
    url = f"/company/opportunities/{world.opportunity.pk}/"
    response = login(world.member).post(
        url,
        _opportunity_data(title="Ett annat namn", municipality=world.opportunity.municipality_id),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_title_errors"' in html
    assert "Placements have taken places (1)" in html


def test_another_company_cannot_edit_it(login, world, make_member):
    from backend.accounts.models import User

    other = make_member(User.Role.COMPANY_MEMBER)
    assert login(other).get(f"/company/opportunities/{world.opportunity.pk}/").status_code == 404


def test_review_and_offer_an_application(login, world):
    application = matching_services.application_submit(
        actor=actor_for(world.student), opportunity=world.opportunity, motivation="Gärna!"
    )
    client = login(world.member)
    url = f"/company/opportunities/{world.opportunity.pk}/applications/"
    assert "Gärna!" in client.get(url).content.decode()
    client.post(f"/company/applications/{application.pk}/act/", {"action": "review"})
    client.post(
        f"/company/applications/{application.pk}/act/", {"action": "offer", "note": "Välkommen"}
    )
    application.refresh_from_db()
    assert application.status == Application.Status.OFFERED
    assert application.events.last().note == "Välkommen"


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "navy").save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def test_profile_and_logo(login, world):
    client = login(world.member)
    assert client.get("/company/profile/").status_code == 200
    response = client.post(
        "/company/profile/",
        {"sector": "C", "municipality": "1980", "description": "Vi bygger laddstationer."},
    )
    assert response.status_code == 302
    response = client.post("/company/profile/", {"form": "logo", "logo": _png()})
    assert response.status_code == 302
    company = world.opportunity.company
    company.refresh_from_db()
    assert company.logo_64
    # The search's cards and the company's page show the small logo, not the initial.
    for path in ("/opportunities/", f"/companies/{company.pk}/"):
        html = client.get(path).content.decode()
        assert f'<img class="logo" src="{company.logo_64.url}"' in html


def test_a_bad_logo_shows_its_error_next_to_the_field(login, world):
    bad = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = login(world.member).post("/company/profile/", {"form": "logo", "logo": bad})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_logo_errors"' in html
