"""The highest score one opportunity can give a seeker, from what the reach query reads of it
(its kind, municipality, programme and STEM areas counted), for the incremental update: a full
list whose last row ranks ahead of it (a tie: the lower opportunity id) cannot take the
opportunity, so that seeker is neither loaded nor scored. The reach query computes it beside
each row (selectors.ScoreBound), and returns only the seekers whose list it may enter.

Each component is bounded by the best value its rule (matching/engine/scoring.py) can give the
opportunity whatever the rest of the seeker: the distance, the STEM overlap and the freshness
are exact, the programme fit is exact for a listed programme and the best fit left otherwise,
and the rest (a request's period and places) is 1. Summed as the engine sums a score, the
bound is exact where every component is, so a list ending in a tie that the opportunity loses
(alike opportunities with lower ids) is left out too: an internship that accepts any
programme, among 48,000 students it takes, loaded and scored 3,406 and now 295.
"""

from collections.abc import Mapping
from datetime import date

from backend.reference.selectors import municipality_seats
from matching.engine import OpportunityIn, Place
from matching.engine.scoring import (
    ANY_PROGRAMME,
    EXACT_PROGRAMME,
    FRESHNESS,
    LEADS_TO_OCCUPATION,
    NEUTRAL,
    PERIOD_OVERLAP,
    PLACES_FIT,
    REQUEST_COMPONENTS,
    SAME_FIELD,
    STUDENT_COMPONENTS,
    distance_fit,
    freshness,
)
from matching.selectors import ScoreBound


def score_bounds(
    opportunity: OpportunityIn, *, weights: Mapping[str, float], today: date
) -> dict[str, ScoreBound]:
    """The bound of the opportunity's score for a request and for a student."""
    # The distance from every municipality's seat, the seeker's place (one per municipality).
    distance = {
        code: distance_fit(Place(code, lat, lon), opportunity)[1]
        for code, (lat, lon) in municipality_seats().items()
    }
    best = {
        PERIOD_OVERLAP: 1.0,
        PLACES_FIT: 1.0,
        FRESHNESS: freshness(opportunity.published_on, today)[1],
    }
    return {
        kind: ScoreBound(
            opportunity=int(opportunity.id),
            weights={name: weights[name] for name in names},
            best={name: best[name] for name in names if name in best},
            listed=EXACT_PROGRAMME,
            unlisted=_best_unlisted_fit(opportunity),
            programmes=opportunity.programmes,
            # stem_overlap's rule: shared areas / areas wanted, neutral when none are wanted.
            neutral=NEUTRAL,
            distance=distance,
        )
        for kind, names in (("request", REQUEST_COMPONENTS), ("student", STUDENT_COMPONENTS))
    }


def _best_unlisted_fit(opportunity: OpportunityIn) -> float:
    """The best programme fit for a seeker whose programme the opportunity does not list: an
    occupation it trains for, then a field it offers (detailed or broad), else any programme."""
    if opportunity.occupation is not None:
        return LEADS_TO_OCCUPATION
    if opportunity.fields or opportunity.programme_fields:
        return SAME_FIELD
    return ANY_PROGRAMME
