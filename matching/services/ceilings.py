"""The highest score one opportunity can give a seeker, from what the reach query reads of it
(its kind, municipality, programme and STEM areas counted), for the incremental update: a full
list whose N-th row scores above it cannot take the opportunity, so that seeker is neither
loaded nor scored.

Each component is bounded by the best value its rule (matching/engine/scoring.py) can give the
opportunity whatever the rest of the seeker: the distance, the STEM overlap and the freshness
are exact, the programme fit is exact for a listed programme and the best fit left otherwise,
and the rest (a request's period and places) is 1.
"""

from collections.abc import Mapping
from datetime import date

from matching.engine import OpportunityIn, Place
from matching.engine.scoring import (
    ANY_PROGRAMME,
    DISTANCE_FIT,
    EXACT_PROGRAMME,
    FRESHNESS,
    LEADS_TO_OCCUPATION,
    NEUTRAL,
    PERIOD_OVERLAP,
    PLACES_FIT,
    PROGRAMME_FIT,
    REQUEST_COMPONENTS,
    SAME_FIELD,
    STEM_OVERLAP,
    STUDENT_COMPONENTS,
    distance_fit,
    freshness,
)
from matching.selectors import Reached

# Above the rounding of a weighted mean of six terms: a score equal to the ceiling in exact
# arithmetic may come out a few units in the last place above it.
MARGIN = 1e-9


class Ceiling:
    """The ceiling of one opportunity's score for each reached seeker, computed once per kind,
    municipality, whether the seeker's programme is listed, and STEM areas shared and wanted."""

    def __init__(
        self, opportunity: OpportunityIn, *, weights: Mapping[str, float], today: date
    ) -> None:
        self._opportunity, self._weights = opportunity, weights
        self._fixed = {
            PERIOD_OVERLAP: 1.0,
            PLACES_FIT: 1.0,
            FRESHNESS: freshness(opportunity.published_on, today)[1],
        }
        self._unlisted = _best_unlisted_fit(opportunity)
        self._memo: dict[tuple[str, str, bool, tuple[int, int]], float] = {}

    def __call__(self, seeker: Reached) -> float:
        kind = seeker.seeker[0]
        listed = seeker.programme in self._opportunity.programmes
        stem = (seeker.stem_shared, seeker.stem_wanted)
        key = (kind, seeker.municipality, listed, stem)
        ceiling = self._memo.get(key)
        if ceiling is None:
            place = Place(seeker.municipality, seeker.lat, seeker.lon)
            ceiling = self._memo[key] = self._computed(kind, place, listed, stem)
        return ceiling

    def _computed(self, kind: str, place: Place, listed: bool, stem: tuple[int, int]) -> float:
        shared, wanted = stem
        best = {
            **self._fixed,
            PROGRAMME_FIT: EXACT_PROGRAMME if listed else self._unlisted,
            # stem_overlap's rule: shared areas / areas wanted, neutral when none are wanted.
            STEM_OVERLAP: shared / wanted if wanted else NEUTRAL,
            DISTANCE_FIT: distance_fit(place, self._opportunity)[1],
        }
        names = REQUEST_COMPONENTS if kind == "request" else STUDENT_COMPONENTS
        total = sum(self._weights[name] for name in names)
        weighted = sum(self._weights[name] * best[name] for name in names)
        return (weighted / total if total else 0.0) + MARGIN


def _best_unlisted_fit(opportunity: OpportunityIn) -> float:
    """The best programme fit for a seeker whose programme the opportunity does not list: an
    occupation it trains for, then a field it offers (detailed or broad), else any programme."""
    if opportunity.occupation is not None:
        return LEADS_TO_OCCUPATION
    if opportunity.fields or opportunity.programme_fields:
        return SAME_FIELD
    return ANY_PROGRAMME
