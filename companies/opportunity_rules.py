"""What makes an opportunity coherent, as field errors a person can act on.

Pure Python over the instance's own fields (no queries), so Opportunity.clean(), the services and
the demo loader share one rule book. The database repeats the rules that must never be false as
CheckConstraints (companies/models.py).
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from backend.reference.models import EducationLevel, PlacementKind, Programme

KIND_LEVELS: dict[str, frozenset[str]] = {
    PlacementKind.INTERNSHIP: frozenset(EducationLevel.values),
    PlacementKind.THESIS: frozenset({EducationLevel.YRKESHOGSKOLA, EducationLevel.UNIVERSITY}),
    PlacementKind.APPRENTICESHIP: frozenset({EducationLevel.GYMNASIUM}),
}
THESIS_FIELDS = ("thesis_degree", "thesis_credits", "needs_university_supervisor")
APPRENTICESHIP_FIELDS = (
    "salary_amount",
    "salary_period",
    "hours_per_week",
    "handledare_name",
    "handledare_email",
    "handledare_phone",
    "utbildningskontrakt_agreed",
)
APPRENTICESHIP_REQUIRED = ("salary_amount", "salary_period", "hours_per_week", "handledare_name")

LEVEL_MESSAGES = {
    PlacementKind.THESIS: _("A thesis project is at YH or university level."),
    PlacementKind.APPRENTICESHIP: _("An apprenticeship (GLA) is at gymnasium level."),
}
REQUIRED_FOR_GLA = _("Required for an apprenticeship (GLA).")
ONLY_FOR_THESIS = _("Only a thesis project has this field.")
ONLY_FOR_GLA = _("Only an apprenticeship (GLA) has this field.")
NON_EU_WITH_CITIZENSHIP = _(
    "A place that requires Swedish citizenship is not open to students from outside the EU/EEA."
)

Errors = dict[str, list[Any]]


def opportunity_errors(opportunity: Any) -> Errors:
    """Every broken rule as {field: [message]}; empty when the opportunity is coherent."""
    errors: Errors = {}
    checks = (_kind_and_level, _thesis, _apprenticeship, _period, _places, _people, _non_eu)
    for check in checks:
        for field, message in check(opportunity):
            errors.setdefault(field, []).append(message)
    return errors


def _kind_and_level(o: Any) -> list[tuple[str, Any]]:
    if o.kind in KIND_LEVELS and o.level and o.level not in KIND_LEVELS[o.kind]:
        return [("level", LEVEL_MESSAGES[o.kind])]
    return []


def _is_empty(value: Any) -> bool:
    return value in (None, "", False)


def _thesis(o: Any) -> list[tuple[str, Any]]:
    if o.kind != PlacementKind.THESIS:
        return [(f, ONLY_FOR_THESIS) for f in THESIS_FIELDS if not _is_empty(getattr(o, f))]
    if not o.thesis_degree:
        return [("thesis_degree", _("Choose bachelor or master."))]
    return []


def _apprenticeship(o: Any) -> list[tuple[str, Any]]:
    if o.kind != PlacementKind.APPRENTICESHIP:
        return [(f, ONLY_FOR_GLA) for f in APPRENTICESHIP_FIELDS if not _is_empty(getattr(o, f))]
    errors = [(f, REQUIRED_FOR_GLA) for f in APPRENTICESHIP_REQUIRED if _is_empty(getattr(o, f))]
    salary = salary_problem(o.salary_amount, o.salary_period)
    if salary:
        errors.append(("salary_amount", salary))
    if not o.utbildningskontrakt_agreed:
        message = _("A GLA place needs an utbildningskontrakt with the school: confirm it.")
        errors.append(("utbildningskontrakt_agreed", message))
    return errors


def _period(o: Any) -> list[tuple[str, Any]]:
    start, end, deadline = o.period_start, o.period_end, o.application_deadline
    if (start is None) != (end is None):
        missing = "period_end" if end is None else "period_start"
        return [(missing, _("Give both start and end, or neither for a flexible period."))]
    errors = []
    if start is not None and end < start:
        errors.append(("period_end", _("The period ends before it starts.")))
    if start is not None and deadline is not None and deadline > start:
        errors.append(("application_deadline", _("The deadline is after the period starts.")))
    return errors


def _places(o: Any) -> list[tuple[str, Any]]:
    if o.places is not None and o.places_taken is not None and o.places_taken > o.places:
        return [("places", _("Fewer places than are already taken."))]
    return []


def _people(o: Any) -> list[tuple[str, Any]]:
    errors = []
    if not (o.speaks_swedish or o.speaks_english):
        errors.append(("speaks_swedish", _("Choose at least one working language.")))
    if o.min_age_18 and o.level == EducationLevel.GRUNDSKOLA:
        errors.append(("min_age_18", _("Pupils in grundskola are under 18: prao cannot ask 18.")))
    return errors


def _non_eu(o: Any) -> list[tuple[str, Any]]:
    if o.open_to_non_eu and o.swedish_citizenship:
        return [("open_to_non_eu", NON_EU_WITH_CITIZENSHIP)]
    return []


# --- open for applications -------------------------------------------------------------------

DEADLINE_PASSED = _("The deadline for applications was %(date)s: this opportunity is closed.")
PERIOD_OVER = _("This opportunity's period is over.")
NO_PLACES_LEFT = _("Every place of this opportunity is taken.")
CLOSED = _("This opportunity is closed: it takes no applications, offers or placements.")
NOT_PUBLISHED = _("This opportunity is not open for applications.")


def open_for_applications(today: date, prefix: str = "") -> Q:
    """The published opportunities still open on `today`: before the deadline, the period not
    over and a place left. The listings, the home page's counts and the apply service share it;
    `prefix` is the path from another model ("opportunity__")."""
    return Q(**{f"{prefix}status": "published"}) & time_and_places_left(today, prefix)


def time_and_places_left(today: date, prefix: str = "") -> Q:
    """Before the deadline, the period not over and a place left: what makes a published
    opportunity open on `today` (the search listing holds published ones only)."""
    deadline, end = f"{prefix}application_deadline", f"{prefix}period_end"
    return (
        (Q(**{f"{deadline}__isnull": True}) | Q(**{f"{deadline}__gte": today}))
        & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": today}))
        & Q(**{f"{prefix}places_taken__lt": F(f"{prefix}places")})
    )


def closed_for_applications(o: Any, today: date) -> str | None:
    """Why `o` takes no application on `today`, in words a pupil reads before writing a
    motivation; None when it is open. The same conditions as open_for_applications()."""
    if o.status == "closed":
        return str(CLOSED)
    if o.status != "published":
        return str(NOT_PUBLISHED)
    if o.application_deadline is not None and o.application_deadline < today:
        return str(DEADLINE_PASSED % {"date": o.application_deadline.isoformat()})
    if o.period_end is not None and o.period_end < today:
        return str(PERIOD_OVER)
    if o.places_taken >= o.places:
        return str(NO_PLACES_LEFT)
    return None


def first_day(o: Any, today: date) -> date:
    """The day a placement at `o` would begin: its period's start, or today for a flexible one
    (or one already running). Age rules are judged on this day, not on the day of applying."""
    return max(o.period_start, today) if o.period_start is not None else today


# --- pay and contract length (an opportunity's and an agreement's) ---------------------------

# A GLA pupil is an employee: pay outside these bounds is a typing error (1 kr a month, or a
# yearly salary typed as a monthly one), never a real offer.
SALARY_BOUNDS = {"monthly": (3_000, 80_000), "hourly": (20, 500)}
# A GLA contract covers at most the rest of a three-year gymnasium education.
MAX_CONTRACT_DAYS = 3 * 366


def salary_problem(amount: Any, period: str) -> str | None:
    if amount is None or period not in SALARY_BOUNDS:
        return None
    low, high = SALARY_BOUNDS[period]
    if low <= amount <= high:
        return None
    unit = _("kr a month") if period == "monthly" else _("kr an hour")
    return str(
        _("A salary is between %(low)s and %(high)s %(unit)s; check the amount and the period.")
        % {"low": low, "high": high, "unit": unit}
    )


# --- what placements rest on -------------------------------------------------------------

# What a confirmed placement's agreement states from its opportunity: once a place is taken,
# changing one would make the posting and the signed agreement say different things.
AGREED_FIELDS = (
    "title",
    "kind",
    "level",
    "period_start",
    "period_end",
    "municipality_id",
    "address",
    "thesis_degree",
    "thesis_credits",
)
AGREED = _(
    "Placements have taken places (%(count)s) and their agreements state this as it is: "
    "cancel those placements first, or publish a new opportunity."
)


def agreed_changes(o: Any, before: dict[str, Any]) -> Errors:
    """{field: [message]} for each field an agreement states that changed while places are
    taken; `before` holds the values as saved."""
    if not before.get("places_taken"):
        return {}
    message = AGREED % {"count": before["places_taken"]}
    return {f.removesuffix("_id"): [message] for f in AGREED_FIELDS if getattr(o, f) != before[f]}


def any_programme_key(level: str) -> str:
    return f"*{level}"


def programme_keys(
    *, level: str, accepts_any_programme: bool, programmes: Iterable[tuple[str, str]]
) -> list[str]:
    """The keys an opportunity of `level` is found by: each programme (code, level) it lists and,
    when it accepts any programme of its level, that level's key. A listed programme of that
    level is found through the level's key already: a search asks for both keys of its
    programme (searched_keys) and must find each opportunity once."""
    covered = level if accepts_any_programme else None
    keys = [code for code, programme_level in programmes if programme_level != covered]
    if accepts_any_programme:
        keys.append(any_programme_key(level))
    return keys


def searched_keys(programme: Programme) -> list[str]:
    """What the programme filter matches: opportunities listing the programme, and those that
    accept any programme of its level (companies.filters.OpportunityFilter.filter_programme)."""
    return [programme.code, any_programme_key(programme.level)]
