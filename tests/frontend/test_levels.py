"""An international master's student's path through the pages in English: switch the language,
fill in the profile with a field of education, and read recommendations that name that field."""

import pytest

from backend.accounts.models import User
from backend.reference.models import EducationLevel, PlacementKind
from companies.models import Opportunity
from matching import services as matching_services
from tests.companies.factories import OpportunityFactory
from tests.schools.factories import SchoolFactory, municipality

pytestmark = pytest.mark.django_db


def test_an_international_student_fills_in_the_profile_in_english_and_is_recommended(
    login, make_member
) -> None:
    school = SchoolFactory(level=EducationLevel.UNIVERSITY, municipality=municipality("1980"))
    OpportunityFactory(
        title="Master's thesis: radar signal processing",
        kind=PlacementKind.THESIS,
        level=EducationLevel.UNIVERSITY,
        thesis_degree="master",
        education_field_id="0613",
        speaks_swedish=False,
        speaks_english=True,
        open_to_non_eu=True,
    )
    client = login(make_member(User.Role.STUDENT, school.organisation))

    client.post("/i18n/setlang/", {"language": "en", "next": "/me/profile/"})
    form = client.get("/me/profile/").content.decode()
    saved = client.post(
        "/me/profile/",
        {
            "school": school.pk,
            "education_field": "0613",
            "home_municipality": "1980",
            "languages": ["en"],
        },
    )
    matching_services.matches_recompute_all()
    dashboard = client.get("/dashboard/").content.decode()

    assert "Field of education" in form
    assert "Software and applications development and analysis" in form
    assert saved.status_code == 302
    assert "Master&#x27;s thesis: radar signal processing" in dashboard
    assert "Same field of education: Software and applications development and analysis" in (
        dashboard
    )


def test_the_search_finds_english_postings_open_to_non_eu_students_in_a_field(client) -> None:
    thesis = {
        "kind": PlacementKind.THESIS,
        "level": EducationLevel.UNIVERSITY,
        "thesis_degree": "master",
        "speaks_english": True,
    }
    OpportunityFactory(
        title="Thesis: radar software", education_field_id="0613", open_to_non_eu=True, **thesis
    )
    OpportunityFactory(title="Thesis: citizens only", education_field_id="0613", **thesis)
    OpportunityFactory(title="Thesis: batteries", education_field_id="0711", open_to_non_eu=True)

    html = client.get(
        "/opportunities/",
        {"language": "en", "open_to_non_eu": "on", "education_field": "0613"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()

    assert "Open to students from outside the EU/EEA" in html
    assert "Thesis: radar software" in html
    assert "Thesis: citizens only" not in html
    assert "Thesis: batteries" not in html


@pytest.mark.usefixtures("english")
def test_a_company_posts_an_lia_place_for_a_field_and_an_occupation(login, world) -> None:
    client = login(world.member)
    data = {
        "title": "LIA: idrifttagning av robotceller",
        "kind": "internship",
        "level": "yrkeshogskola",
        "places": "2",
        "education_field": "0714",
        "occupation": "3113",
        "municipality": "1980",
        "speaks_swedish": "on",
        "speaks_english": "on",
        "open_to_non_eu": "on",
        "contact_name": "Eva Svensson",
        "contact_email": "eva@foretag.example",
    }

    form = client.get("/company/opportunities/new/").content.decode()
    saved = client.post("/company/opportunities/new/", data)
    refused = client.post(
        "/company/opportunities/new/",
        {**data, "title": "Kräver medborgarskap", "swedish_citizenship": "on"},
    )

    assert "Field of education" in form
    assert "Electricians, installation and service" in form
    assert saved.status_code == 302
    lia = Opportunity.objects.get(title="LIA: idrifttagning av robotceller")
    assert (lia.education_field_id, lia.occupation_id, lia.open_to_non_eu) == ("0714", "3113", True)
    assert refused.status_code == 400
    assert 'id="id_open_to_non_eu_errors"' in refused.content.decode()
    assert not Opportunity.objects.filter(title="Kräver medborgarskap").exists()
