"""Pairing: feasible, and the largest total score (checked by brute force on tiny instances)."""

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine import Demand, ScoredPair, Supply, allocate_pairing, formats
from matching.engine.pairing import SCALE

EXAMPLE_INPUT = {
    "requests": [{"id": "r1", "places_needed": 3}, {"id": "r2", "places_needed": 1}],
    "opportunities": [{"id": "o1", "capacity": 2}, {"id": "o2", "capacity": 2}],
    "scores": [["r1", "o1", 0.91], ["r1", "o2", 0.40], ["r2", "o1", 0.75]],
}


@st.composite
def instances(draw: st.DrawFn):
    requests = [Demand(f"r{n}", draw(st.integers(0, 3))) for n in range(draw(st.integers(1, 3)))]
    supplies = [Supply(f"o{n}", draw(st.integers(0, 3))) for n in range(draw(st.integers(1, 3)))]
    all_pairs = [(r.id, o.id) for r in requests for o in supplies]
    listed = draw(st.lists(st.sampled_from(all_pairs), unique=True, min_size=1, max_size=5))
    score = st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.75, 1.0]) | st.floats(0, 1)
    return requests, supplies, [ScoredPair(r, o, draw(score)) for r, o in listed]


def best_total(requests, supplies, scores) -> float:
    """The largest Σ places * score over every feasible assignment."""
    needed = {r.id: r.places_needed for r in requests}
    capacity = {o.id: o.capacity for o in supplies}
    ranges = [range(min(needed[r], capacity[o]) + 1) for r, o, _ in scores]
    best = 0.0
    for places in itertools.product(*ranges):
        if feasible(needed, capacity, scores, places):
            best = max(best, sum(p * s for p, (_, _, s) in zip(places, scores, strict=True)))
    return best


def feasible(needed, capacity, scores, places) -> bool:
    given_to: dict[str, int] = {}
    taken: dict[str, int] = {}
    for (r, o, _), p in zip(scores, places, strict=True):
        given_to[r] = given_to.get(r, 0) + p
        taken[o] = taken.get(o, 0) + p
    return all(given_to[r] <= needed[r] for r in given_to) and all(
        taken[o] <= capacity[o] for o in taken
    )


@settings(max_examples=200, deadline=None)
@given(instance=instances())
def test_feasible_and_optimal(instance) -> None:
    requests, supplies, scores = instance

    result = allocate_pairing(requests, supplies, scores)

    listed = {(r, o): s for r, o, s in scores}
    assert all(places > 0 and (r, o) in listed for r, o, places in result.pairs)
    needed = {r.id: r.places_needed for r in requests}
    capacity = {o.id: o.capacity for o in supplies}
    chosen = [(r, o, listed[(r, o)]) for r, o, _ in result.pairs]
    assert feasible(needed, capacity, chosen, [p for _, _, p in result.pairs])
    total = sum(p * listed[(r, o)] for r, o, p in result.pairs)
    assert result.total_score == pytest.approx(total, rel=1e-9, abs=1e-12)
    # Scores are solved at a resolution of 1 / SCALE per place: a pair scored 1e-11 counts as 0.
    resolution = sum(needed.values()) / SCALE
    best = best_total(requests, supplies, scores)
    assert result.total_score == pytest.approx(best, rel=1e-6, abs=resolution)
    given_to = {r.id: sum(p for q, _, p in result.pairs if q == r.id) for r in requests}
    assert result.uncovered == {r: needed[r] - given_to[r] for r in needed}
    assert result.stats.places_assigned == sum(given_to.values())
    assert result.stats.places_needed == sum(needed.values())


def test_formats_example_totals_2_46() -> None:
    output = formats.run("pairing", json.dumps(EXAMPLE_INPUT))

    assert output["total_score"] == pytest.approx(0.91 * 1 + 0.40 * 2 + 0.75 * 1, rel=1e-6)
    assert output["total_score"] == 2.46
    assert sorted(map(tuple, output["pairs"])) == [
        ("r1", "o1", 1),
        ("r1", "o2", 2),
        ("r2", "o1", 1),
    ]
    seconds = output["stats"].pop("seconds")
    assert output["stats"] == {"requests": 2, "places_needed": 4, "places_assigned": 4}
    assert 0 <= seconds < 5
    assert set(output) == {"pairs", "total_score", "stats"}


def test_a_better_place_beats_more_places() -> None:
    """Maximum flow would fill both requests (total 0.2); the best total leaves r2 without."""
    requests = [Demand("r1", 1), Demand("r2", 1)]
    supplies = [Supply("o1", 1), Supply("o2", 1)]
    scores = [("r1", "o1", 1.0), ("r1", "o2", 0.1), ("r2", "o1", 0.1)]

    result = allocate_pairing(requests, supplies, scores)

    assert result.pairs == (("r1", "o1", 1),)
    assert result.total_score == 1.0
    assert result.uncovered == {"r1": 0, "r2": 1}


def test_nothing_to_pair() -> None:
    result = allocate_pairing([Demand("r1", 0)], [Supply("o1", 4)], [("r1", "o1", 0.9)])

    assert (result.pairs, result.total_score, result.uncovered) == ((), 0.0, {"r1": 0})


def test_scores_keep_their_precision() -> None:
    """Two pairs a billionth apart: the better one wins, so the scaling keeps 1e-9."""
    requests = [Demand("r1", 1)]
    supplies = [Supply("o1", 1), Supply("o2", 1)]
    scores = [("r1", "o1", 0.5), ("r1", "o2", 0.500000002)]

    assert allocate_pairing(requests, supplies, scores).pairs == (("r1", "o2", 1),)
