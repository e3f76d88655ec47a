"""Placements by level and by the workplace's language: how much contact international
students (English-speaking workplaces) get with companies, at each level (issue 22)."""

from datetime import date

import pytest

from backend.reference.models import EducationLevel, PlacementKind
from tests.companies.factories import OpportunityFactory
from tests.matching.factories import PlacementFactory

URL = "/api/v1/reports/placements/"


@pytest.fixture
def placements(db):
    """University: 3 students at an English-only workplace, 2 where both are spoken; gymnasium:
    4 at a Swedish-only workplace."""
    start = {"start_date": date(2025, 9, 1), "end_date": date(2025, 12, 19)}
    english = OpportunityFactory(
        kind=PlacementKind.THESIS,
        level=EducationLevel.UNIVERSITY,
        thesis_degree="master",
        speaks_swedish=False,
        speaks_english=True,
        places=5,
    )
    both = OpportunityFactory(level=EducationLevel.UNIVERSITY, speaks_english=True, places=5)
    swedish = OpportunityFactory(places=5)
    PlacementFactory(opportunity=english, students_count=3, programme=None, **start)
    PlacementFactory(opportunity=both, students_count=2, programme=None, **start)
    PlacementFactory(opportunity=swedish, students_count=4, **start)


def test_placements_by_level_and_language(staff_client, placements) -> None:
    body = staff_client.get(URL, {"group_by": "level,language"}).json()

    counts = {(g["level"], g["language"]): g["count"] for g in body["groups"]}
    assert counts == {
        ("university", "en"): 3,
        ("university", "sv_en"): 2,
        ("gymnasium", "sv"): 4,
    }
    assert body["total"] == 9
