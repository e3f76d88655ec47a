"""The demo region beyond gymnasium: YH and university programmes, LIA postings and theses that
name their field, English postings, and three students who get recommendations naming their
field or the occupation their programme leads to."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from companies.models import Opportunity
from matching.demo_levels import load_levels_demo
from matching.explanations import sentence
from matching.models import Match
from schools.models import SchoolProgramme

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", scale=20, stdout=StringIO())


def _explanations(email: str) -> list[str]:
    matches = Match.objects.filter(student__user__email=email).order_by("-score")
    with translation.override("en"):
        return [sentence(match.components) for match in matches]


def test_the_demo_has_yh_and_university_programmes_and_postings_naming_their_field(demo):
    levels = set(SchoolProgramme.objects.values_list("school__level", flat=True))
    named = Opportunity.objects.filter(status="published", education_field__isnull=False)

    assert levels == {"yrkeshogskola", "university"}
    assert named.filter(level="yrkeshogskola", kind="internship").exists()  # LIA
    assert named.filter(level="university", kind="thesis").exists()
    assert named.filter(speaks_swedish=False, speaks_english=True, open_to_non_eu=True).exists()


@pytest.mark.parametrize(
    ("email", "named"),
    [
        (
            "yh-student@demo.example",
            "Automationsingenjör leads to Electronics engineering technicians",
        ),
        (
            "university-student@demo.example",
            "Civilingenjör i energiteknik leads to Engineering professionals in electrical",
        ),
        (
            "international@demo.example",
            "Master's Programme in Software Engineering leads to Software- and system developers",
        ),
    ],
)
def test_each_demo_student_is_recommended_with_their_field_named(demo, email, named):
    assert any(text.startswith(named) for text in _explanations(email))


def test_loading_again_adds_nothing(demo):
    before = (Opportunity.objects.count(), SchoolProgramme.objects.count())

    load_levels_demo()

    assert (Opportunity.objects.count(), SchoolProgramme.objects.count()) == before
