"""The rules of the lifecycle, in one place: which agreement a placement gets, which plan fields
it needs, who signs it, and the working hours minors may have.

Minors' working hours follow Arbetsmiljöverket's provisions on minors (AFS 2012:3, Minderårigas
arbetsmiljö, carried into the regulation structure in force from 1 January 2025); docs/rules.md
lists each limit with its source. Under 18 means on the placement's first day. A school may set
stricter limits (HourLimit), never looser ones.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.reference.models import EducationLevel, PlacementKind
from matching.agreements.models import Agreement, PlacementPlan, Signature
from matching.models import Placement
from matching.rules import is_minor_on

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
    # What a school cannot relax: the night rest, the weekly rest and the break.
    min_night_rest_hours: int = 12
    max_days_per_week: int = 5
    min_break_minutes: int = 30


# A pupil in compulsory school (prao, under 16): 06-20, 8 h a day, 40 a week, 14 h night rest.
# A minor who has left compulsory school (gymnasium, 16-17): 06-22, 8 h a day, 40 a week, 12 h
# night rest. Both: two days off in a row each week (36 h) and a break of at least 30 minutes
# on a day of more than 4.5 hours.
DEFAULT_LIMITS = {
    EducationLevel.GRUNDSKOLA: Limits(time(6), time(20), 8, 40, min_night_rest_hours=14),
    EducationLevel.GYMNASIUM: Limits(time(6), time(22), 8, 40, min_night_rest_hours=12),
}
BREAK_AFTER_HOURS = 4.5


def agreement_kind(placement: Placement) -> str:
    return AGREEMENT_KIND[placement.kind]


def minor_rules_apply(placement: Placement) -> bool:
    """True for a pupil under 18 on the placement's first day; for an unknown age or an
    unnamed group, by the level."""
    under_18 = is_minor_on(placement.student, placement.start_date)
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


def hour_problems(plan: PlacementPlan, limits: Limits) -> list[tuple[str, str]]:
    """What in the plan's hours breaks the limits for a minor, as (plan field, message) pairs a
    person can act on."""
    if plan.daily_start is None or plan.daily_end is None:
        return [("daily_start", str(_("The working hours are not filled in.")))]
    daily, weekly = hours_per_day(plan), hours_per_week(plan)
    span = daily + plan.break_minutes / 60
    checks = [
        (
            "daily_start",
            plan.daily_start < limits.earliest_start,
            _("The working day starts at %(start)s, before %(limit)s, the earliest a minor may.")
            % {"start": _clock(plan.daily_start), "limit": _clock(limits.earliest_start)},
        ),
        (
            "daily_end",
            plan.daily_end > limits.latest_end,
            _("The working day ends at %(end)s, after %(limit)s, the latest a minor may.")
            % {"end": _clock(plan.daily_end), "limit": _clock(limits.latest_end)},
        ),
        (
            "daily_end",
            daily > limits.max_hours_per_day,
            _("%(hours)s hours a day is more than the %(limit)s a minor may work.")
            % {"hours": _number(daily), "limit": limits.max_hours_per_day},
        ),
        (
            "days_per_week",
            weekly > limits.max_hours_per_week,
            _("%(hours)s hours a week is more than the %(limit)s a minor may work.")
            % {"hours": _number(weekly), "limit": limits.max_hours_per_week},
        ),
        (
            "days_per_week",
            plan.days_per_week > limits.max_days_per_week,
            _("A minor has two days off in a row each week: at most %(limit)s working days.")
            % {"limit": limits.max_days_per_week},
        ),
        (
            "daily_end",
            24 - span < limits.min_night_rest_hours,
            _("A minor rests at least %(rest)s hours between two working days.")
            % {"rest": limits.min_night_rest_hours},
        ),
        (
            "break_minutes",
            daily > BREAK_AFTER_HOURS and plan.break_minutes < limits.min_break_minutes,
            _("A minor working more than 4.5 hours a day has a break of at least %(limit)s min.")
            % {"limit": limits.min_break_minutes},
        ),
    ]
    return [(field, str(message)) for field, broken, message in checks if broken]


def period_done(placement: Placement) -> tuple[date, date]:
    """The days the placement ran: to its end, or to the day it was completed when earlier."""
    end = placement.end_date
    if placement.completed_at is not None:
        end = min(end, timezone.localdate(placement.completed_at))
    return placement.start_date, max(end, placement.start_date)


def hours_done(plan: PlacementPlan) -> float | None:
    """The plan's hours over the days the placement ran (a certificate states no more)."""
    daily = hours_per_day(plan)
    if daily is None:
        return None
    start, end = period_done(plan.placement)
    return daily * working_days(start, end, plan.days_per_week)


def hour_limits(placement: Placement) -> Limits:
    """The limits for the placement's pupils: the law's for their level, made stricter by the
    school's own (HourLimit rows, prefetched by the lifecycle selectors)."""
    law = DEFAULT_LIMITS.get(placement.level, DEFAULT_LIMITS[EducationLevel.GYMNASIUM])
    for row in placement.school.hour_limits.all():
        if row.level == placement.level:
            return Limits(
                max(row.earliest_start, law.earliest_start),
                min(row.latest_end, law.latest_end),
                min(row.max_hours_per_day, law.max_hours_per_day),
                min(row.max_hours_per_week, law.max_hours_per_week),
                min_night_rest_hours=law.min_night_rest_hours,
            )
    return law


def minors_hour_problems(plan: PlacementPlan) -> list[tuple[str, str]]:
    """hour_problems() for a pupil under 18 on the first day; none for an adult."""
    placement = plan.placement
    if not minor_rules_apply(placement):
        return []
    return hour_problems(plan, hour_limits(placement))


def _clock(value: time) -> str:
    return value.strftime("%H:%M")


def _number(value: float) -> str:
    return f"{value:g}"
