"""The placement coordinator's view of a school, for its counsellors: reads only.

- per programme and year (årskurs): the school's pupils, those with a placement for the coming
  period (a confirmed or completed placement naming them that ends today or later) and those
  still without one;
- per programme: the places the school's requests need (requests not closed that end today or
  later) and the places placements have secured for them, named or not;
- the pupils still without a placement for the coming period (the read recorded).

Each reads the schools backend/reports/policy.py gives the actor (a counsellor's own) and refuses
anyone else.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from backend.accounts.actor import Actor
from backend.audit.services import audit_student_read
from backend.reports import policy
from backend.reports.counted import COUNTED
from backend.reports.supply import ACTIVE_REQUESTS
from matching.models import Placement
from schools.models import PlacementRequest, StudentProfile


@dataclass(frozen=True)
class ClassRow:
    programme: str | None
    year: int | None
    pupils: int
    placed: int

    @property
    def lacking(self) -> int:
        return self.pupils - self.placed


@dataclass(frozen=True)
class NeedRow:
    programme: str | None
    needed: int
    secured: int

    @property
    def open(self) -> int:
        return self.needed - self.secured


def _placed_students(school_ids: Collection[int], today: date) -> QuerySet:
    return Placement.objects.filter(
        school_id__in=school_ids,
        status__in=COUNTED,
        end_date__gte=today,
        student__isnull=False,
    ).values("student_id")


def _school_ids(actor: Actor) -> frozenset[int]:
    policy.require(policy.reads_school_coverage(actor), policy.COVERAGE_REFUSED)
    return policy.coverage_school_ids(actor)


def class_coverage(*, actor: Actor, today: date) -> list[ClassRow]:
    school_ids = _school_ids(actor)
    placed = _placed_students(school_ids, today)
    rows = (
        StudentProfile.objects.filter(school_id__in=school_ids)
        .values("programme_id", "year")
        .annotate(pupils=Count("pk"), placed=Count("pk", filter=Q(pk__in=placed)))
        .order_by("programme_id", "year")
    )
    return [
        ClassRow(row["programme_id"], row["year"], row["pupils"], row["placed"]) for row in rows
    ]


def programme_needs(*, actor: Actor, today: date) -> list[NeedRow]:
    school_ids = _school_ids(actor)
    rows = (
        PlacementRequest.objects.filter(
            school_id__in=school_ids,
            status__in=ACTIVE_REQUESTS,
            hidden_at__isnull=True,
            period_end__gte=today,
        )
        .values("programme_id")
        .annotate(
            needed=Coalesce(Sum("places_needed"), 0), secured=Coalesce(Sum("places_filled"), 0)
        )
        .order_by("programme_id")
    )
    return [NeedRow(row["programme_id"], row["needed"], row["secured"]) for row in rows]


def pupils_without_placement(
    *, actor: Actor, today: date, year: int | None = None
) -> list[StudentProfile]:
    """The pupils, each read recorded in the audit log."""
    school_ids = _school_ids(actor)
    pupils = (
        StudentProfile.objects.filter(school_id__in=school_ids)
        .exclude(pk__in=_placed_students(school_ids, today))
        .select_related("user", "programme")
        .order_by("programme_id", "year", "user__last_name", "user__first_name", "pk")
    )
    pupils = list(pupils if year is None else pupils.filter(year=year))
    audit_student_read(by=actor.user, students=pupils, purpose="pupils without a placement")
    return pupils
