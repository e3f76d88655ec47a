"""The score of a possible match (DESIGN.md § Matching 2): a weighted mean of named components.

Every component is in [0, 1] and carries the facts the UI explains it with:

- programme_fit, from the most to the least specific (ISCED-F 2013 codes nest: detailed "0714"
  is in broad field "07"): 1.0 when the opportunity lists the seeker's programme; 0.9 when the
  seeker's programme (a national one, or one its school runs) leads to the occupation (SSYK
  2012) the opportunity trains for; 0.8 when the seeker shares a detailed ISCED field with the
  opportunity (one it names, or one of its listed programmes': an electrician at a workplace set
  up for automation technicians); 0.6 when
  they share only a broad field (an energy engineer for a thesis in electronics); 0.5 when it
  takes any programme and nothing more is known. Listing the programme is a promise of relevant
  tasks, hence the gap.
- stem_overlap: shared areas / areas the seeker wants; 0.5 when the seeker wants none, so not
  stating interests neither helps nor hurts.
- distance: exp(-km / DISTANCE_DECAY_KM): 1 within the municipality, 0.79 at 12 km, 0.19 at
  84 km (Örebro-Västerås); 1 for remote work.
- period_overlap (requests): days shared / days of the request; 1 when either side is flexible.
- places_fit (requests): min(free, needed) / needed; 1 when the opportunity covers the request.
- freshness: 0.5 ** (days since published / FRESHNESS_HALF_LIFE_DAYS); 0.5 when unknown.
  `today` is passed in: the engine never reads the clock.

score = Σ weight · value / Σ weight over the components that apply (students have no period or
places component), so it stays in [0, 1] for any non-negative weights.
"""

from collections.abc import Callable, Mapping
from datetime import date
from math import exp, isfinite

from matching.engine.filters import Seeker, failed_filter, overlap_days, travel_km
from matching.engine.types import Component, Match, OpportunityIn, RequestIn

PROGRAMME_FIT = "programme_fit"
STEM_OVERLAP = "stem_overlap"
DISTANCE_FIT = "distance"
PERIOD_OVERLAP = "period_overlap"
PLACES_FIT = "places_fit"
FRESHNESS = "freshness"

# The defaults the Django settings start from (MATCHING_WEIGHTS); only ratios matter. The
# programme decides whether the placement teaches the trade, travel whether pupils can go at all;
# STEM interests and dates are preferences; places and freshness break near-ties.
DEFAULT_WEIGHTS: dict[str, float] = {
    PROGRAMME_FIT: 3.0,
    DISTANCE_FIT: 2.0,
    STEM_OVERLAP: 1.5,
    PERIOD_OVERLAP: 1.5,
    PLACES_FIT: 1.0,
    FRESHNESS: 0.5,
}

EXACT_PROGRAMME = 1.0
LEADS_TO_OCCUPATION = 0.9
SAME_FIELD = 0.8
SAME_BROAD_FIELD = 0.6
ANY_PROGRAMME = 0.5
BROAD_FIELD_DIGITS = 2
NEUTRAL = 0.5
DISTANCE_DECAY_KM = 50.0
FRESHNESS_HALF_LIFE_DAYS = 30.0

# What each component reads, by attribute name, of the opportunity and of the seeker (a request
# or a student has the attributes it has). Ranking many seekers computes a component once per
# distinct combination of these (candidates.Ranker), so a component that reads another
# attribute must name it here: a test changes every attribute not named and expects the same.
OPPORTUNITY_READS: dict[str, tuple[str, ...]] = {
    PROGRAMME_FIT: ("programmes", "occupation", "fields", "programme_fields"),
    STEM_OVERLAP: ("stem_areas",),
    DISTANCE_FIT: ("municipality", "lat", "lon", "remote_allowed"),
    PERIOD_OVERLAP: ("period_start", "period_end"),
    PLACES_FIT: ("places_free",),
    FRESHNESS: ("published_on",),
}
SEEKER_READS: dict[str, tuple[str, ...]] = {
    PROGRAMME_FIT: ("programme", "occupations", "own_programme", "programme_fields"),
    STEM_OVERLAP: ("stem_areas", "stem_interests"),
    DISTANCE_FIT: ("municipality", "lat", "lon", "remote_allowed"),
    PERIOD_OVERLAP: ("period_start", "period_end"),
    PLACES_FIT: ("places_needed_open",),
    FRESHNESS: (),
}

# A component of a pair before it is weighed: (name, value, facts).
Part = tuple[str, float, dict[str, object]]
Parts = list[Part]


def validate_weights(weights: Mapping[str, float]) -> None:
    """Every component named once, each weight finite and ≥ 0, not all zero."""
    missing = set(DEFAULT_WEIGHTS) - set(weights)
    unknown = set(weights) - set(DEFAULT_WEIGHTS)
    if missing or unknown:
        raise ValueError(f"weights: missing {sorted(missing)}, unknown {sorted(unknown)}")
    if not all(isfinite(w) and w >= 0 for w in weights.values()):
        raise ValueError(f"weights must be finite and non-negative: {dict(weights)}")
    if sum(weights.values()) == 0:
        raise ValueError("weights: at least one must be positive")


def score_pair(
    seeker: Seeker,
    opportunity: OpportunityIn,
    *,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    today: date,
) -> Match | None:
    """The explained match, or None when a hard filter fails (`failed_filter` says which)."""
    validate_weights(weights)
    return score_valid_pair(seeker, opportunity, weights=weights, today=today)


def score_valid_pair(
    seeker: Seeker, opportunity: OpportunityIn, *, weights: Mapping[str, float], today: date
) -> Match | None:
    """`score_pair` for weights already checked by `validate_weights` (the ranking loops)."""
    if failed_filter(seeker, opportunity) is not None:
        return None
    parts = components(seeker, opportunity, today=today)
    return explained(seeker, opportunity, parts, weights)


def weighted_score(parts: Parts, weights: Mapping[str, float]) -> float:
    """Σ weight * value / Σ weight over the parts (0 when their weights are all zero)."""
    total = weighted = 0.0
    for name, value, _ in parts:
        weight = weights[name]
        total += weight
        weighted += weight * value
    return weighted / total if total else 0.0


def explained(
    seeker: Seeker, opportunity: OpportunityIn, parts: Parts, weights: Mapping[str, float]
) -> Match:
    """The Match with its components; ranking builds it only for the matches it returns."""
    score = weighted_score(parts, weights)
    named = tuple(Component(name, value, weights[name], facts) for name, value, facts in parts)
    if isinstance(seeker, RequestIn):
        return Match(opportunity.id, score, named, request_id=seeker.id)
    return Match(opportunity.id, score, named, student_id=seeker.id)


def component_names(seeker: Seeker) -> tuple[str, ...]:
    """The names of the components that apply to the seeker, in `components` order."""
    return REQUEST_COMPONENTS if isinstance(seeker, RequestIn) else STUDENT_COMPONENTS


REQUEST_COMPONENTS = (
    PROGRAMME_FIT,
    STEM_OVERLAP,
    DISTANCE_FIT,
    PERIOD_OVERLAP,
    PLACES_FIT,
    FRESHNESS,
)
STUDENT_COMPONENTS = (PROGRAMME_FIT, STEM_OVERLAP, DISTANCE_FIT, FRESHNESS)


def components(seeker: Seeker, opportunity: OpportunityIn, *, today: date) -> Parts:
    """(name, value, facts) of every component that applies to the pair."""
    return [COMPUTE[name](seeker, opportunity, today) for name in component_names(seeker)]


def _wanted_areas(seeker: Seeker) -> frozenset[str]:
    return seeker.stem_areas if isinstance(seeker, RequestIn) else seeker.stem_interests


# Each component of a pair by name, alone: ranking computes only the ones it has not memoised.
COMPUTE: dict[str, Callable[[Seeker, OpportunityIn, date], Part]] = {
    PROGRAMME_FIT: lambda seeker, opportunity, _: programme_fit(seeker, opportunity),
    STEM_OVERLAP: lambda seeker, opportunity, _: stem_overlap(
        _wanted_areas(seeker), opportunity.stem_areas
    ),
    DISTANCE_FIT: lambda seeker, opportunity, _: distance_fit(seeker, opportunity),
    PERIOD_OVERLAP: lambda request, opportunity, _: period_overlap(request, opportunity),
    PLACES_FIT: lambda request, opportunity, _: places_fit(request, opportunity),
    FRESHNESS: lambda _, opportunity, today: freshness(opportunity.published_on, today),
}


def programme_fit(seeker: Seeker, opportunity: OpportunityIn) -> Part:
    programme = seeker.programme
    if programme is not None and programme in opportunity.programmes:
        return PROGRAMME_FIT, EXACT_PROGRAMME, {"fit": "programme", "programme": programme}
    occupation = opportunity.occupation
    if occupation is not None and occupation in seeker.occupations:
        facts = {"fit": "occupation", "programme": programme, "occupation": occupation}
        if programme is None and seeker.own_programme:
            facts["own_programme"] = seeker.own_programme
        return PROGRAMME_FIT, LEADS_TO_OCCUPATION, facts
    offered = opportunity.fields | opportunity.programme_fields
    shared = sorted(seeker.programme_fields & offered)
    if shared:
        return PROGRAMME_FIT, SAME_FIELD, {"fit": "field", "fields": shared}
    broad = sorted(_broad(seeker.programme_fields) & _broad(offered))
    if broad:
        return PROGRAMME_FIT, SAME_BROAD_FIELD, {"fit": "broad_field", "broad_fields": broad}
    return PROGRAMME_FIT, ANY_PROGRAMME, {"fit": "any"}


def _broad(fields: frozenset[str]) -> set[str]:
    return {code[:BROAD_FIELD_DIGITS] for code in fields}


def stem_overlap(wanted: frozenset[str], offered: frozenset[str]) -> Part:
    shared = sorted(wanted & offered)
    value = len(shared) / len(wanted) if wanted else NEUTRAL
    return STEM_OVERLAP, value, {"shared": shared, "wanted": len(wanted)}


def distance_fit(seeker: Seeker, opportunity: OpportunityIn) -> Part:
    km = travel_km(seeker, opportunity)
    value = 1.0 if opportunity.remote_allowed else exp(-km / DISTANCE_DECAY_KM)
    facts: dict[str, object] = {
        "km": round(km, 1),
        "same_municipality": seeker.municipality == opportunity.municipality,
        "remote": opportunity.remote_allowed,
    }
    return DISTANCE_FIT, value, facts


def period_overlap(request: RequestIn, opportunity: OpportunityIn) -> Part:
    shared = overlap_days(request.period_start, request.period_end, opportunity)
    if shared is None or request.period_start is None or request.period_end is None:
        return PERIOD_OVERLAP, 1.0, {"flexible": True}
    wanted = (request.period_end - request.period_start).days + 1
    return PERIOD_OVERLAP, max(shared, 0) / wanted, {"days": max(shared, 0), "of": wanted}


def places_fit(request: RequestIn, opportunity: OpportunityIn) -> Part:
    needed = request.places_needed_open
    covered = min(opportunity.places_free, needed)
    return PLACES_FIT, covered / needed, {"covered": covered, "needed": needed}


def freshness(published_on: date | None, today: date) -> Part:
    if published_on is None:
        return FRESHNESS, NEUTRAL, {"days": None}
    days = max((today - published_on).days, 0)
    return FRESHNESS, 0.5 ** (days / FRESHNESS_HALF_LIFE_DAYS), {"days": days}
