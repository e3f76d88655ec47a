"""The rows that can possibly match one changed object, narrowed in SQL before the engine's exact
filters: same kind and level, and a compatible programme (DESIGN.md § Matching 4).

Distance and dates are left to the engine's indexes. Each function returns a superset of the
true candidates, so the engine's answer equals a scan of all rows.
"""

from collections.abc import Sequence

from django.db.models import Q

from backend.reference.selectors import municipalities_within_km
from matching.engine import OpportunityIn, RequestIn, StudentIn
from matching.engine.types import DEFAULT_STUDENT_MAX_KM
from matching.selectors.inputs import (
    listing_programme,
    opportunity_inputs,
    request_inputs,
    student_inputs,
    student_level_is,
)

ANY = None  # the programme key of an opportunity that takes any programme of its level


def opportunities_for(seeker: RequestIn | StudentIn) -> list[OpportunityIn]:
    """The matchable opportunities of the seeker's level (and kind, for a request) that list its
    programme or take any programme."""
    where = Q(level=seeker.level)
    if isinstance(seeker, RequestIn):
        where &= Q(kind=seeker.kind)
    programme = Q(accepts_any_programme=True)
    if seeker.programme is not None:
        programme |= listing_programme(seeker.programme)
    return opportunity_inputs(where & programme)


def opportunities_for_seekers(seekers: Sequence[RequestIn | StudentIn]) -> list[OpportunityIn]:
    """`opportunities_for` of several seekers at once (4 queries): the union of their levels,
    kinds and programmes, for one index to rank them all."""
    if not seekers:
        return []
    where = Q(pk__in=[])
    for kind, level, programme in {
        (s.kind if isinstance(s, RequestIn) else None, s.level, s.programme) for s in seekers
    }:
        fits = Q(level=level) if kind is None else Q(level=level, kind=kind)
        programmes = Q(accepts_any_programme=True)
        if programme is not None:
            programmes |= listing_programme(programme)
        where |= fits & programmes
    return opportunity_inputs(where)


def requests_for(opportunities: Sequence[OpportunityIn]) -> list[RequestIn]:
    """The open requests of the opportunities' kinds and levels with a compatible programme."""
    if not opportunities:
        return []
    where = Q(pk__in=[])
    for kind, level, programme in _programme_keys(opportunities):
        fits = Q(kind=kind, level=level)
        where |= fits if programme is ANY else fits & Q(programme_id=programme)
    return request_inputs(where)


def students_for(opportunities: Sequence[OpportunityIn]) -> list[StudentIn]:
    """The students at the opportunities' levels with a compatible programme (of any kind) who
    live within a student's travel distance, unless the work can be remote. Every student travels
    DEFAULT_STUDENT_MAX_KM, so the radius narrows in SQL without losing a candidate."""
    if not opportunities:
        return []
    where = Q(pk__in=[])
    for opportunity in opportunities:
        where |= _programme_fits_student(opportunity) & _within_student_reach(opportunity)
    return student_inputs(where)


def _programme_fits_student(opportunity: OpportunityIn) -> Q:
    if opportunity.accepts_any_programme:
        return student_level_is(opportunity.level)
    return Q(programme_id__in=sorted(opportunity.programmes), programme__level=opportunity.level)


def _within_student_reach(opportunity: OpportunityIn) -> Q:
    if opportunity.remote_allowed:
        return Q()
    near = municipalities_within_km(opportunity.municipality, DEFAULT_STUDENT_MAX_KM)
    return Q(home_municipality_id__in=sorted(near))


def _programme_keys(opportunities: Sequence[OpportunityIn]) -> set[tuple[str, str, str | None]]:
    """(kind, level, programme) of every programme the opportunities list, or ANY."""
    keys: set[tuple[str, str, str | None]] = set()
    for o in opportunities:
        programmes = [ANY] if o.accepts_any_programme else o.programmes
        keys.update((o.kind, o.level, programme) for programme in programmes)
    return keys
