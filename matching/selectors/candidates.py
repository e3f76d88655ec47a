"""The rows that can possibly match one changed object, narrowed in SQL before the engine's exact
filters: same kind and level, and a compatible programme, field or occupation (DESIGN.md §
Matching 4).

Distance and dates are left to the engine's indexes. Each function returns a superset of the
true candidates, so the engine's answer equals a scan of all rows.
"""

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from math import inf

from django.db.models import Q

from backend.reference.models import Programme
from backend.reference.selectors import municipalities_within_km
from matching.engine import OpportunityIn, RequestIn, StudentIn
from matching.engine.types import DEFAULT_STUDENT_MAX_KM
from matching.selectors.inputs import listing_programmes, opportunity_inputs, student_level_is
from schools.models import PlacementRequest

# The radii a request's reach is compared with (km): a request whose radius lies between two
# steps is read and left to the engine. Above the error of comparing the same haversine distance
# computed from either end.
RADIUS_STEPS = (0, 5, 10, 15, 20, 25, 30, 40, 50, 60, 75, 100, 125, 150, 200, 300, 500, 1000)
RADIUS_MARGIN_KM = 1.0


def opportunities_for(seeker: RequestIn | StudentIn) -> list[OpportunityIn]:
    """The matchable opportunities of the seeker's level (and kind, for a request) that take its
    programme, fields or occupations, or any programme."""
    return opportunities_for_seekers([seeker])


def opportunities_for_seekers(seekers: Sequence[RequestIn | StudentIn]) -> list[OpportunityIn]:
    """`opportunities_for` of several seekers at once (4 queries): for each kind and level, the
    union of their programmes, fields and occupations and of the places they reach, for one
    index to rank them all."""
    if not seekers:
        return []
    wanted: dict[tuple[str | None, str], list[RequestIn | StudentIn]] = defaultdict(list)
    for seeker in seekers:
        kind = seeker.kind if isinstance(seeker, RequestIn) else None
        wanted[(kind, seeker.level)].append(seeker)
    where = Q(pk__in=[])
    for (kind, level), alike in wanted.items():
        fits = Q(level=level) if kind is None else Q(level=level, kind=kind)
        where |= fits & _taking(alike) & _reached_by(alike)
    return opportunity_inputs(where)


def _reached_by(seekers: list[RequestIn | StudentIn]) -> Q:
    """A superset of the engine's distance filter from the seekers' side: remote work, or a
    municipality one of them reaches (its own, an acceptable one, or within its radius and
    RADIUS_MARGIN_KM). A request of a broad programme has thousands of candidates in the
    region, and its re-ranking read them all to keep a few dozen."""
    places: set[str] = set()
    for seeker in seekers:
        places.add(seeker.municipality)
        if isinstance(seeker, RequestIn):
            places |= seeker.acceptable_municipalities
        if seeker.max_distance_km is not None:
            radius = seeker.max_distance_km + RADIUS_MARGIN_KM
            places |= municipalities_within_km(seeker.municipality, radius).keys()
    return Q(remote_allowed=True) | Q(municipality_id__in=sorted(places))


def _taking(seekers: list[RequestIn | StudentIn]) -> Q:
    """A superset of the engine's programme filter from the seekers' side: the opportunity takes
    any programme, lists one of theirs, names one of their detailed fields, or trains for an
    occupation their programmes lead to."""
    programmes = sorted({s.programme for s in seekers} - {None})
    fields = sorted({field for s in seekers for field in s.programme_fields})
    occupations = sorted({occupation for s in seekers for occupation in s.occupations})
    takes = Q(accepts_any_programme=True)
    if programmes:
        takes |= listing_programmes(programmes)
    if fields:
        takes |= Q(education_field_id__in=fields)
    if occupations:
        takes |= Q(occupation_id__in=occupations)
    return takes


def requests_reaching(opportunity: OpportunityIn) -> Q:
    """The open requests of the opportunity's kind and level whose programme, fields or
    occupations it takes, whose period meets its own and which reach its municipality
    (PlacementRequest rows; the engine's exact filters follow)."""
    fits = Q(kind=opportunity.kind, level=opportunity.level)
    return (
        fits
        & _programme_fits(opportunity)
        & _period_fits(opportunity)
        & _within_reach_of(opportunity)
    )


def students_reaching(opportunity: OpportunityIn) -> Q:
    """The students at the opportunity's level whose programme, fields or occupations it takes
    (of any kind), who speak a language of the workplace (or state none), and who live within a
    student's travel distance unless the work can be remote.
    Every student travels DEFAULT_STUDENT_MAX_KM, so the radius narrows in SQL without losing
    a candidate."""
    return (
        student_level_is(opportunity.level)
        & _programme_fits(opportunity)
        & _within_student_reach(opportunity)
        & _speaking(opportunity)
    )


def _programme_fits(opportunity: OpportunityIn) -> Q:
    """A superset of the engine's programme filter for a request or a student: the programme is
    listed, or the seeker's programme, the one its school runs or the field it names shares a
    detailed field the opportunity names, or leads to the occupation it trains for."""
    if opportunity.accepts_any_programme:
        return Q()
    fits = Q(programme_id__in=sorted(opportunity.programmes))
    if opportunity.fields:
        fields = sorted(opportunity.fields)
        fits |= Q(programme_id__in=Programme.objects.filter(fields__in=fields).values("pk"))
        fits |= Q(education_field_id__in=fields)
        fits |= Q(school_programme__education_field_id__in=fields)
    if opportunity.occupation is not None:
        leading = Programme.objects.filter(occupations=opportunity.occupation).values("pk")
        fits |= Q(programme_id__in=leading)
        fits |= Q(school_programme__occupation_id=opportunity.occupation)
    return fits


def _period_fits(opportunity: OpportunityIn) -> Q:
    """The requests whose period overlaps the opportunity's (a request always has one), or all
    when the opportunity's is flexible."""
    if opportunity.period_start is None or opportunity.period_end is None:
        return Q()
    return Q(period_start__lte=opportunity.period_end, period_end__gte=opportunity.period_start)


def _within_reach_of(opportunity: OpportunityIn) -> Q:
    """The requests that reach the opportunity: remote work, in their municipality, an acceptable
    one, or within their radius. The radius is compared with a step at or below the distance
    minus a margin (RADIUS_STEPS), so a few terms stand for the 290 municipalities, each a
    superset of the engine's test."""
    if opportunity.remote_allowed:
        return Q()
    accepting = PlacementRequest.acceptable_municipalities.through.objects.filter(
        municipality_id=opportunity.municipality
    )
    reach = Q(municipality_id=opportunity.municipality)
    reach |= Q(pk__in=accepting.values("placementrequest_id"))
    by_step: dict[int, list[str]] = defaultdict(list)
    for code, km in municipalities_within_km(opportunity.municipality, inf).items():
        # The largest step at or below: RADIUS_STEPS is sorted and starts at 0.
        step = RADIUS_STEPS[bisect_right(RADIUS_STEPS, max(0.0, km - RADIUS_MARGIN_KM)) - 1]
        by_step[step].append(code)
    for step, codes in sorted(by_step.items()):
        reach |= Q(municipality_id__in=sorted(codes), max_distance_km__gte=step)
    return reach


def _speaking(opportunity: OpportunityIn) -> Q:
    """The students who state no language or speak one the workplace speaks (all when it
    states none)."""
    if not opportunity.languages:
        return Q()
    speaking = Q(speaks_swedish=False, speaks_english=False)
    for code, field in (("sv", "speaks_swedish"), ("en", "speaks_english")):
        if code in opportunity.languages:
            speaking |= Q(**{field: True})
    return speaking


def _within_student_reach(opportunity: OpportunityIn) -> Q:
    if opportunity.remote_allowed:
        return Q()
    near = municipalities_within_km(opportunity.municipality, DEFAULT_STUDENT_MAX_KM)
    return Q(home_municipality_id__in=sorted(near))
