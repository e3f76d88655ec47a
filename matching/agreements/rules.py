"""The rules of the lifecycle, in one place: which agreement a placement gets, which plan fields
it needs, who signs it, and the working hours minors may have.

Hour limits for minors follow Arbetsmiljöverket's AFS 2012:3 (Minderårigas arbetsmiljö): a pupil
in compulsory school (prao) works no more than 8 hours a day and 40 a week and never between
20:00 and 06:00; a minor who has left compulsory school no more than 8 hours a day and 40 a week
and never between 22:00 and 06:00. A school may set stricter limits (HourLimit).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext_lazy as _

from backend.reference.models import EducationLevel, PlacementKind
from matching.agreements.models import Agreement, PlacementPlan, Signature
from matching.models import Placement

Party = Signature.Party
AGREEMENT_KIND = {
    PlacementKind.INTERNSHIP: Agreement.Kind.APL,
    PlacementKind.APPRENTICESHIP: Agreement.Kind.GLA,
    PlacementKind.THESIS: Agreement.Kind.THESIS,
}
# Pupils at these levels are treated as minors when their birth date is unknown or when the
# placement names no student (a group of pupils).
SCHOOL_LEVELS = frozenset({EducationLevel.GRUNDSKOLA, EducationLevel.GYMNASIUM})

COMMON_FIELDS = (
    "handledare_name",
    "handledare_role",
    "handledare_email",
    "handledare_phone",
    "teacher_name",
    "teacher_email",
    "daily_start",
    "daily_end",
    "tasks",
    "accident_contact",
)
REQUIRED_PLAN_FIELDS: dict[str, tuple[str, ...]] = {
    Agreement.Kind.APL: COMMON_FIELDS,
    Agreement.Kind.GLA: (
        *COMMON_FIELDS,
        "salary_amount",
        "salary_period",
        "employment_hours_per_week",
        "education_parts",
        "weeks_per_term",
        "damage_cost_split",
        "contract_start",
        "contract_end",
        "early_termination_grounds",
    ),
    Agreement.Kind.THESIS: (
        *COMMON_FIELDS,
        "company_supervisor_name",
        "company_supervisor_email",
        "university_name",
        "university_supervisor_name",
        "university_supervisor_email",
        "confidentiality",
        "publication_terms",
    ),
}


@dataclass(frozen=True)
class Limits:
    earliest_start: time
    latest_end: time
    max_hours_per_day: int
    max_hours_per_week: int


DEFAULT_LIMITS = {
    EducationLevel.GRUNDSKOLA: Limits(time(6), time(20), 8, 40),
    EducationLevel.GYMNASIUM: Limits(time(6), time(22), 8, 40),
}
ADULT_LIMITS = Limits(time(0), time(23, 59), 10, 40)


def agreement_kind(placement: Placement) -> str:
    return AGREEMENT_KIND[placement.kind]


def minor_rules_apply(placement: Placement) -> bool:
    """True for a pupil under 18; for an unknown age or an unnamed group, by the level."""
    under_18 = placement.student.is_under_18() if placement.student_id else None
    if under_18 is None:
        return placement.level in SCHOOL_LEVELS
    return under_18


def required_parties(placement: Placement) -> tuple[str, ...]:
    """Who signs: the school (huvudman) and the company always; the student when named; a
    guardian too for a GLA contract of a pupil under 18 (an employment of a minor)."""
    parties = [Party.SCHOOL, Party.COMPANY]
    if placement.student_id:
        parties.insert(0, Party.STUDENT)
        if agreement_kind(placement) == Agreement.Kind.GLA and minor_rules_apply(placement):
            parties.insert(1, Party.GUARDIAN)
    return tuple(parties)


def missing_plan_fields(plan: PlacementPlan, kind: str) -> list[str]:
    return [name for name in REQUIRED_PLAN_FIELDS[kind] if getattr(plan, name) in (None, "")]


def hours_per_day(plan: PlacementPlan) -> float | None:
    if plan.daily_start is None or plan.daily_end is None:
        return None
    span = datetime.combine(date.min, plan.daily_end) - datetime.combine(date.min, plan.daily_start)
    return max(span - timedelta(minutes=plan.break_minutes), timedelta()).total_seconds() / 3600


def hours_per_week(plan: PlacementPlan) -> float | None:
    daily = hours_per_day(plan)
    return None if daily is None else daily * plan.days_per_week


def working_days(start: date, end: date, days_per_week: int) -> int:
    """Working days in the period: weekdays, scaled when the pupil works fewer than five."""
    weekdays = sum(
        1 for offset in range((end - start).days + 1) if (start + timedelta(offset)).weekday() < 5
    )
    return round(weekdays * min(days_per_week, 5) / 5)


def scheduled_hours(plan: PlacementPlan) -> float | None:
    daily = hours_per_day(plan)
    if daily is None:
        return None
    placement = plan.placement
    return daily * working_days(placement.start_date, placement.end_date, plan.days_per_week)


def hour_problems(plan: PlacementPlan, limits: Limits) -> list[str]:
    """What in the plan's hours breaks the limits, as messages a person can act on."""
    if plan.daily_start is None or plan.daily_end is None:
        return [str(_("The working hours are not filled in."))]
    problems = []
    if plan.daily_start < limits.earliest_start:
        problems.append(
            _("The working day starts at %(start)s, before %(limit)s, the earliest allowed.")
            % {"start": _clock(plan.daily_start), "limit": _clock(limits.earliest_start)}
        )
    if plan.daily_end > limits.latest_end:
        problems.append(
            _("The working day ends at %(end)s, after %(limit)s, the latest allowed.")
            % {"end": _clock(plan.daily_end), "limit": _clock(limits.latest_end)}
        )
    if hours_per_day(plan) > limits.max_hours_per_day:
        problems.append(
            _("%(hours)s hours a day is more than the %(limit)s allowed.")
            % {"hours": _number(hours_per_day(plan)), "limit": limits.max_hours_per_day}
        )
    if hours_per_week(plan) > limits.max_hours_per_week:
        problems.append(
            _("%(hours)s hours a week is more than the %(limit)s allowed.")
            % {"hours": _number(hours_per_week(plan)), "limit": limits.max_hours_per_week}
        )
    return [str(problem) for problem in problems]


def _clock(value: time) -> str:
    return value.strftime("%H:%M")


def _number(value: float) -> str:
    return f"{value:g}"
