"""Matching beyond gymnasium (issue 22): a YH student, a university student and an international
master's student each get recommendations that name their field, and a gymnasium student one
that names the occupation their programme leads to. Through the API a student uses: PUT the
profile, GET the recommendations."""

import pytest

from backend.accounts.models import User
from backend.reference.models import EducationLevel, PlacementKind
from matching import services
from tests.companies.factories import OpportunityFactory
from tests.schools.factories import SchoolFactory, municipality

pytestmark = pytest.mark.django_db

VASTERAS = "1980"


@pytest.fixture
def student_with(make_member, client_for):
    """student_with(level, **profile) -> an API client of a student at a school of that level
    in Västerås, whose profile the student has just saved."""

    def make(level: str, **profile):
        school = SchoolFactory(level=level, municipality=municipality(VASTERAS))
        user = make_member(User.Role.STUDENT, school.organisation)
        client = client_for(user)
        client.credentials(HTTP_ACCEPT_LANGUAGE="en")
        body = {"school": school.pk, "home_municipality": VASTERAS, **profile}
        response = client.put("/api/v1/students/me/", body, format="json")
        assert response.status_code in (200, 201), response.content
        return client

    return make


def _recommended(client) -> dict[str, str]:
    services.matches_recompute_all()
    body = client.get("/api/v1/students/me/recommendations/").json()
    return {match["opportunity"]["title"]: match["explanation"] for match in body["results"]}


def test_a_yh_student_is_offered_lia_in_their_field(student_with) -> None:
    OpportunityFactory(
        title="LIA: automation",
        level=EducationLevel.YRKESHOGSKOLA,
        education_field_id="0714",
    )
    OpportunityFactory(
        title="LIA: bokföring", level=EducationLevel.YRKESHOGSKOLA, education_field_id="0411"
    )
    client = student_with(EducationLevel.YRKESHOGSKOLA, education_field="0714", languages=["sv"])

    recommended = _recommended(client)

    assert list(recommended) == ["LIA: automation"]
    assert recommended["LIA: automation"].startswith(
        "Same field of education: Electronics and automation · "
    )


def test_a_university_student_is_offered_a_thesis_in_their_broad_field(student_with) -> None:
    OpportunityFactory(
        title="Exjobb: styrsystem för laddning",
        kind=PlacementKind.THESIS,
        level=EducationLevel.UNIVERSITY,
        thesis_degree="bachelor",
        accepts_any_programme=True,
        education_field_id="0714",
    )
    client = student_with(EducationLevel.UNIVERSITY, education_field="0713", languages=["sv"])

    explanation = _recommended(client)["Exjobb: styrsystem för laddning"]

    assert explanation.startswith(
        "Same broad field of education: Engineering, manufacturing and construction · "
    )


def test_an_international_masters_student_finds_english_theses_open_to_them(
    student_with, client_for
) -> None:
    common = {
        "kind": PlacementKind.THESIS,
        "level": EducationLevel.UNIVERSITY,
        "thesis_degree": "master",
        "education_field_id": "0613",
    }
    OpportunityFactory(
        title="Master's thesis: radar software",
        speaks_swedish=False,
        speaks_english=True,
        open_to_non_eu=True,
        **common,
    )
    OpportunityFactory(title="Examensarbete på svenska", speaks_english=False, **common)
    client = student_with(EducationLevel.UNIVERSITY, education_field="0613", languages=["en"])

    recommended = _recommended(client)
    found = client_for(None).get(
        "/api/v1/opportunities/", {"language": "en", "open_to_non_eu": "true"}
    )

    assert list(recommended) == ["Master's thesis: radar software"]
    assert recommended["Master's thesis: radar software"].startswith(
        "Same field of education: Software and applications development and analysis · "
    )
    assert [o["title"] for o in found.json()["results"]] == ["Master's thesis: radar software"]
    assert found.json()["results"][0]["education_field"] == "0613"


def test_a_gymnasium_student_is_told_which_occupation_their_programme_leads_to(
    student_with,
) -> None:
    OpportunityFactory(title="Elinstallation i nybyggen", occupation_id="7411")
    OpportunityFactory(title="Svetsning", occupation_id="7212")
    client = student_with(EducationLevel.GYMNASIUM, programme="EE", languages=["sv"])

    recommended = _recommended(client)

    assert list(recommended) == ["Elinstallation i nybyggen"]
    assert recommended["Elinstallation i nybyggen"].startswith(
        "Electricity and Energy Programme leads to Electricians, installation and service · "
    )
    client.credentials(HTTP_ACCEPT_LANGUAGE="sv")
    swedish = client.get("/api/v1/students/me/recommendations/").json()
    assert swedish["results"][0]["explanation"].startswith(
        "El- och energiprogrammet leder till Installations- och serviceelektriker · "
    )


def test_an_empty_list_says_the_others_are_for_other_fields(student_with) -> None:
    OpportunityFactory(
        title="LIA: bokföring", level=EducationLevel.YRKESHOGSKOLA, education_field_id="0411"
    )
    client = student_with(EducationLevel.YRKESHOGSKOLA, education_field="0714", languages=["sv"])

    services.matches_recompute_all()
    body = client.get("/api/v1/students/me/recommendations/").json()

    assert body["results"] == []
    assert [r["text"] for r in body["empty_state"]["removed"]] == [
        "1 for other programmes, fields or occupations"
    ]
