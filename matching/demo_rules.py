"""What the demo region obeys, kept while its rows are planned in batches (matching/demo.py):
the places each opportunity has left, the periods each named pupil is busy, which pupils fit an
opportunity (level, programme, age on the first day: matching/rules.py), and, once the rows are
in, the plans of completed placements and the counters recounted from the placements.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from companies.models import Opportunity
from matching.agreements.models import PlacementPlan
from matching.models import Placement
from matching.rules import turns_18
from schools.models import PlacementRequest, StudentProfile

BATCH_SIZE = 2000
# Weeks a placement at a flexible opportunity lasts, by kind.
FLEXIBLE_WEEKS = {"internship": 3, "thesis": 10, "apprenticeship": 20}


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(16)))


class Ledger:
    """The places each opportunity has left and the periods each named pupil is busy: what the
    services check before a placement, kept in memory while the rows are planned."""

    def __init__(self, region: Any) -> None:
        self.left = {o["pk"]: o["places"] for o in region.opportunities}
        self.busy: dict[int, list[tuple[date, date]]] = defaultdict(list)

    def free(self, student: dict | None, start: date, end: date) -> bool:
        if student is None:
            return True
        return all(end < s or start > e for s, e in self.busy[student["pk"]])

    def take(self, opportunity: dict, student: dict | None, start: date, end: date, n: int):
        self.left[opportunity["pk"]] -= n
        if student is not None:
            self.busy[student["pk"]].append((start, end))


def fits(student: dict, opportunity: dict, region: Any, first_day: date) -> bool:
    """Level, programme and, for an 18+ posting, age on the first day (matching/rules.py)."""
    if student["level"] != opportunity["level"]:
        return False
    programmes = region.programmes.get(opportunity["pk"], [])
    if not opportunity["accepts_any_programme"] and student["programme_id"] not in programmes:
        return False
    if opportunity["min_age_18"]:
        adult_from = turns_18(StudentProfile(birth_date=student["birth_date"]))
        return adult_from is not None and adult_from <= first_day
    return True


class Fitting:
    """The pupils at each opportunity's level and programme, worked out once per opportunity."""

    def __init__(self, region: Any) -> None:
        self.region = region
        self.by_level: dict[str, list[dict]] = defaultdict(list)
        for pupil in region.all_students:
            self.by_level[pupil["level"]].append(pupil)
        self.cache: dict[int, list[dict]] = {}

    def pupils(self, opportunity: dict) -> list[dict]:
        if opportunity["pk"] not in self.cache:
            same_level = self.by_level[opportunity["level"]]
            codes = set(self.region.programmes.get(opportunity["pk"], ()))
            self.cache[opportunity["pk"]] = (
                same_level
                if opportunity["accepts_any_programme"]
                else [p for p in same_level if p["programme_id"] in codes]
            )
        return self.cache[opportunity["pk"]]


def period_of(opportunity: dict, today: date) -> tuple[date, date]:
    """Where a placement at the opportunity lies: its period, or from today when flexible."""
    if opportunity["period_start"] is not None:
        return opportunity["period_start"], opportunity["period_end"]
    return today, today + timedelta(weeks=FLEXIBLE_WEEKS[opportunity["kind"]], days=-3)


def open_today(opportunity: dict, today: date) -> bool:
    """companies/opportunity_rules.py's closed_for_applications() over the planned rows."""
    deadline, end = opportunity["application_deadline"], opportunity["period_end"]
    return (deadline is None or deadline >= today) and (end is None or end >= today)


def plans_of_completed(region: Any) -> None:
    """A completed placement of a named pupil ran with its plan: the one its handledare (the
    opportunity's contact) and the school's counsellor agreed, started on its first day."""
    contacts = {o["pk"]: o for o in region.opportunities}
    done = Placement.objects.filter(
        status=Placement.Status.COMPLETED, student__isnull=False, plan__isnull=True
    ).values_list("pk", "opportunity_id", "start_date")
    PlacementPlan.objects.bulk_create(
        [
            PlacementPlan(
                placement_id=pk,
                handledare_name=contacts[opportunity]["contact_name"],
                handledare_role="Handledare",
                handledare_email=contacts[opportunity]["contact_email"],
                handledare_phone=contacts[opportunity]["contact_phone"],
                teacher_name="Skolans APL-samordnare",
                teacher_email="apl@skola.example",
                daily_start=time(8),
                daily_end=time(16),
                break_minutes=60,
                days_per_week=5,
                tasks="Uppgifter enligt handledarens planering.",
                accident_contact="Handledaren",
                started_at=_at(start),
            )
            for pk, opportunity, start in done
        ],
        batch_size=BATCH_SIZE,
    )


def recount_places() -> None:
    """The counters are the places the live placements hold, as the services keep them."""
    live = ~Q(status=Placement.Status.CANCELLED)
    held = (
        Placement.objects.filter(live, opportunity=OuterRef("pk"))
        .values("opportunity")
        .annotate(n=Sum("students_count"))
        .values("n")
    )
    Opportunity.objects.update(places_taken=Coalesce(Subquery(held), 0))
    filled = (
        Placement.objects.filter(live, request=OuterRef("pk"))
        .values("request")
        .annotate(n=Sum("students_count"))
        .values("n")
    )
    PlacementRequest.objects.update(places_filled=Coalesce(Subquery(filled), 0))
    states = PlacementRequest.Status
    still_open = PlacementRequest.objects.exclude(status=states.CLOSED)
    still_open.filter(places_filled=0).update(status=states.OPEN)
    still_open.filter(places_filled__gt=0, places_filled__lt=F("places_needed")).update(
        status=states.PARTIALLY_FILLED
    )
    still_open.filter(places_filled__gte=F("places_needed")).update(status=states.FILLED)
