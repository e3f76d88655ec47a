"""The hard filters (DESIGN.md § Matching 1): a pair that fails one is never a match.

`failed_filter` names the first filter a pair fails, in `FILTERS` order, which is also the order
of the funnel in `NoMatch`: what the seeker chose (kind, level, programme), where, when, then
what the opportunity can give and requires.
"""

from datetime import date

from matching.engine.geo import great_circle_km
from matching.engine.types import OpportunityIn, RequestIn, StudentIn

KIND = "kind"
LEVEL = "level"
PROGRAMME = "programme"
DISTANCE = "distance"
PERIOD = "period"
PLACES = "places"
AGE = "age"
LANGUAGE = "language"
FILTERS = (KIND, LEVEL, PROGRAMME, DISTANCE, PERIOD, PLACES, AGE, LANGUAGE)

Seeker = RequestIn | StudentIn


def failed_filter(seeker: Seeker, opportunity: OpportunityIn) -> str | None:
    """The first hard filter the pair fails, or None when it is a possible match."""
    if isinstance(seeker, RequestIn):
        return _request_failure(seeker, opportunity)
    return _student_failure(seeker, opportunity)


def _request_failure(request: RequestIn, opportunity: OpportunityIn) -> str | None:
    if opportunity.kind != request.kind:
        return KIND
    if opportunity.level != request.level:
        return LEVEL
    if not programme_compatible(request, opportunity):
        return PROGRAMME
    if not _request_reaches(request, opportunity):
        return DISTANCE
    return request_failure_after_reach(request, opportunity)


def request_failure_after_reach(request: RequestIn, opportunity: OpportunityIn) -> str | None:
    """The filters after distance (period, places, age): the ones the candidate index's buckets
    and places do not decide, so it checks only these."""
    if not periods_overlap(request.period_start, request.period_end, opportunity):
        return PERIOD
    if opportunity.places_free <= 0 or request.places_needed_open <= 0:
        return PLACES
    if opportunity.min_age_18 and request.under_18:
        return AGE
    return None


def _student_failure(student: StudentIn, opportunity: OpportunityIn) -> str | None:
    if opportunity.level != student.level:
        return LEVEL
    if not programme_compatible(student, opportunity):
        return PROGRAMME
    if not _student_reaches(student, opportunity):
        return DISTANCE
    return student_failure_after_reach(student, opportunity)


def student_failure_after_reach(student: StudentIn, opportunity: OpportunityIn) -> str | None:
    """The filters after distance (places, age, language), as for requests."""
    if opportunity.places_free <= 0:
        return PLACES
    if opportunity.min_age_18 and student.under_18 and not _adult_by_start(student, opportunity):
        return AGE
    if not _speaks_common_language(student.languages, opportunity.languages):
        return LANGUAGE
    return None


def _adult_by_start(student: StudentIn, opportunity: OpportunityIn) -> bool:
    """18 on the opportunity's first day, though not today."""
    start = opportunity.period_start
    return student.adult_from is not None and start is not None and student.adult_from <= start


def programme_compatible(seeker: Seeker, opportunity: OpportunityIn) -> bool:
    """The opportunity takes any programme (of its level), lists the seeker's programme, names
    one of the seeker's detailed fields, or trains for an occupation the programme leads to."""
    return (
        opportunity.accepts_any_programme
        or (seeker.programme is not None and seeker.programme in opportunity.programmes)
        or not opportunity.fields.isdisjoint(seeker.programme_fields)
        or (opportunity.occupation is not None and opportunity.occupation in seeker.occupations)
    )


def travel_km(seeker: Seeker, opportunity: OpportunityIn) -> float:
    """Km between the seats; 0 within one municipality (the same seat)."""
    if seeker.municipality == opportunity.municipality:
        return 0.0
    return great_circle_km(seeker.lat, seeker.lon, opportunity.lat, opportunity.lon)


def _request_reaches(request: RequestIn, opportunity: OpportunityIn) -> bool:
    """Remote work, the request's municipality, an acceptable one, or within its radius."""
    if opportunity.remote_allowed or opportunity.municipality == request.municipality:
        return True
    if opportunity.municipality in request.acceptable_municipalities:
        return True
    limit = request.max_distance_km
    return limit is not None and travel_km(request, opportunity) <= limit


def _student_reaches(student: StudentIn, opportunity: OpportunityIn) -> bool:
    if opportunity.remote_allowed:
        return True
    return travel_km(student, opportunity) <= student.max_distance_km


def overlap_days(start: date | None, end: date | None, opportunity: OpportunityIn) -> int | None:
    """Days (inclusive) the two periods share, ≤ 0 when disjoint; None when either is flexible."""
    if start is None or end is None:
        return None
    if opportunity.period_start is None or opportunity.period_end is None:
        return None
    return (min(end, opportunity.period_end) - max(start, opportunity.period_start)).days + 1


def periods_overlap(start: date | None, end: date | None, opportunity: OpportunityIn) -> bool:
    days = overlap_days(start, end, opportunity)
    return days is None or days > 0


def _speaks_common_language(wanted: frozenset[str], spoken: frozenset[str]) -> bool:
    """Unstated on either side passes; otherwise one language must be shared."""
    return not wanted or not spoken or not wanted.isdisjoint(spoken)
