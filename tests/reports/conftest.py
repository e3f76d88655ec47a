"""A small region whose counts are worked out by hand in the tests.

Placements (students; the kind and municipality are the opportunity's):

| placement | opportunity | programme | municipality | start      | students | status    |
|-----------|-------------|-----------|--------------|------------|----------|-----------|
| p1        | o1 (A)      | EE        | 1880 Örebro  | 2025-07-01 | 3        | confirmed |
| p2        | o1 (A)      | EE        | 1880 Örebro  | 2026-06-30 | 1        | completed |
| p3        | o2 (B)      | VO        | 1980 Västerås| 2025-09-10 | 2        | confirmed |
| p4        | o3 (A, GLA) | EE        | 1881 Kumla   | 2025-08-20 | 1        | confirmed |
| p5        | o1 (A)      | EE        | 1880 Örebro  | 2025-10-01 | 4        | cancelled |
| p6        | o4 (B)      | EE        | 0180 Sthlm   | 2025-09-01 | 5        | confirmed |
| p7        | o1 (A)      | EE        | 1880 Örebro  | 2026-07-01 | 2        | confirmed |

A: sector C, chamber member; B: sector G, not a member. o1 names two STEM areas; the others none.
"""

from datetime import date

import pytest
from django.core.cache import cache
from django.utils import timezone

from backend.accounts.models import User
from backend.reference.models import PlacementKind
from matching.models import Placement
from tests.companies.factories import CompanyFactory, OpportunityFactory
from tests.matching.factories import PlacementFactory
from tests.schools.factories import PlacementRequestFactory, SchoolFactory, programme

STOCKHOLM = "0180"


@pytest.fixture(autouse=True)
def _english(settings):
    """Column names are checked by their English msgids; the default language is Swedish."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The open data is cached; every test starts without it."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def region(db):
    member = CompanyFactory(sector_id="C", is_chamber_member=True, municipality_id="1880")
    other = CompanyFactory(sector_id="G", is_chamber_member=False, municipality_id="1980")
    o1 = OpportunityFactory(
        company=member,
        municipality_id="1880",
        places=5,
        programmes=["EE"],
        stem_areas=["electrification", "energy"],
        period_start=date(2026, 3, 1),
        period_end=date(2026, 4, 30),
    )
    o2 = OpportunityFactory(company=other, municipality_id="1980", places=3, programmes=["VO"])
    o3 = OpportunityFactory(
        apprenticeship=True,
        company=member,
        municipality_id="1881",
        places=2,
        programmes=["EE"],
        period_start=date(2025, 8, 15),
        period_end=date(2026, 6, 10),
    )
    o4 = OpportunityFactory(company=other, municipality_id=STOCKHOLM, places=4, programmes=["EE"])
    school = SchoolFactory()
    made = {}
    for name, opportunity, code, start, count, status in [
        ("p1", o1, "EE", date(2025, 7, 1), 3, Placement.Status.CONFIRMED),
        ("p2", o1, "EE", date(2026, 6, 30), 1, Placement.Status.COMPLETED),
        ("p3", o2, "VO", date(2025, 9, 10), 2, Placement.Status.CONFIRMED),
        ("p4", o3, "EE", date(2025, 8, 20), 1, Placement.Status.CONFIRMED),
        ("p5", o1, "EE", date(2025, 10, 1), 4, Placement.Status.CANCELLED),
        ("p6", o4, "EE", date(2025, 9, 1), 5, Placement.Status.CONFIRMED),
        ("p7", o1, "EE", date(2026, 7, 1), 2, Placement.Status.CONFIRMED),
    ]:
        made[name] = PlacementFactory(
            opportunity=opportunity,
            school=school,
            programme=programme(code),
            start_date=start,
            end_date=start,
            students_count=count,
            status=status,
            completed_at=timezone.now() if status == Placement.Status.COMPLETED else None,
            cancelled_at=timezone.now() if status == Placement.Status.CANCELLED else None,
        )
    assert made["p4"].kind == PlacementKind.APPRENTICESHIP
    return {"o1": o1, "o2": o2, "o3": o3, "o4": o4, "school": school, **made}


@pytest.fixture
def requests_(region):
    """Requests: EE 8 in Örebro (open), VO 2 in Västerås (filled), EE 4 in Örebro (closed),
    BA 3 in Kumla (open), EE 6 in Stockholm (open, outside the region)."""
    school = region["school"]
    rows = [
        ("EE", "1880", 8, "open", 0),
        ("VO", "1980", 2, "filled", 2),
        ("EE", "1880", 4, "closed", 0),
        ("BA", "1881", 3, "open", 0),
        ("EE", STOCKHOLM, 6, "open", 0),
    ]
    return [
        PlacementRequestFactory(
            school=school,
            programme=programme(code),
            municipality_id=municipality,
            places_needed=needed,
            places_filled=filled,
            status=status,
            closed_at=timezone.now() if status == "closed" else None,
        )
        for code, municipality, needed, status, filled in rows
    ]


@pytest.fixture
def staff(make_member):
    return make_member(User.Role.CHAMBER_STAFF)


@pytest.fixture
def staff_client(client_for, staff):
    return client_for(staff)
