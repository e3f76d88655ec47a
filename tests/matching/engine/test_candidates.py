"""The indexes answer exactly what a scan of all pairs with the hard filters answers."""

import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine import (
    FILTERS,
    CandidateIndex,
    Place,
    RequestIndex,
    affected_requests,
    explain_empty,
    failed_filter,
    rank_for_request,
    rank_for_student,
    rescore_opportunity,
    score_pair,
)
from matching.engine.types import id_order
from tests.matching.engine.builders import (
    SEATS,
    TODAY,
    at,
    numbered,
    opportunities,
    opportunity,
    random_opportunity,
    random_request,
    request,
    requests,
    student,
    students,
)

EXAMPLES = settings(max_examples=60, deadline=None)


def brute_force(seeker, pool) -> set[str]:
    return {o.id for o in pool if failed_filter(seeker, o) is None}


def ids(items) -> set[str]:
    return {item.id for item in items}


@EXAMPLES
@given(pool=numbered(opportunities, "o", 15), seekers=numbered(requests, "r", 8))
def test_request_candidates_equal_brute_force(pool, seekers) -> None:
    index = CandidateIndex.build(pool)

    for seeker in seekers:
        found = index.candidates_for_request(seeker)
        assert len(found) == len(ids(found))
        assert ids(found) == brute_force(seeker, pool)


@EXAMPLES
@given(pool=numbered(opportunities, "o", 15), seekers=numbered(students, "s", 8))
def test_student_candidates_equal_brute_force(pool, seekers) -> None:
    index = CandidateIndex.build(pool)

    for seeker in seekers:
        found = index.candidates_for_student(seeker)
        assert len(found) == len(ids(found))
        assert ids(found) == brute_force(seeker, pool)


@EXAMPLES
@given(
    pool=numbered(opportunities, "o", 12),
    changed=numbered(opportunities, "o", 12),
    removed=st.sets(st.integers(0, 11)),
    seekers=numbered(requests, "r", 6),
)
def test_incremental_updates_equal_a_rebuild(pool, changed, removed, seekers) -> None:
    index = CandidateIndex.build(pool[: len(pool) // 2])
    for item in pool[len(pool) // 2 :]:
        index.add(item)
    current = {o.id: o for o in pool}
    for item in changed:  # new versions of existing ids, and new ids
        index.replace(item)
        current[item.id] = item
    for n in removed:
        if f"o{n}" in current:
            assert index.remove(f"o{n}") == current.pop(f"o{n}")

    rebuilt = CandidateIndex.build(current.values())
    assert len(index) == len(current)
    for seeker in seekers:
        assert ids(index.candidates_for_request(seeker)) == ids(
            rebuilt.candidates_for_request(seeker)
        )


@EXAMPLES
@given(
    pool=numbered(opportunities, "o", 8),
    seekers=numbered(requests, "r", 15),
    gone=st.sets(st.integers(0, 14)),
)
def test_reverse_lookup_finds_exactly_the_matching_requests(pool, seekers, gone) -> None:
    index = RequestIndex.build(seekers)
    for n in gone:
        if n < len(seekers):
            index.remove(f"r{n}")
    live = [r for r in seekers if int(r.id[1:]) not in gone]

    for changed in pool:
        found = index.requests_for(changed)
        assert len(found) == len(ids(found))
        assert ids(found) == {r.id for r in live if failed_filter(r, changed) is None}


@EXAMPLES
@given(old=opportunities(id="o"), new=opportunities(id="o"), seekers=numbered(requests, "r", 15))
def test_affected_requests_matched_before_or_after(old, new, seekers) -> None:
    index = RequestIndex.build(seekers)

    expected = {r.id for r in seekers if failed_filter(r, old) is None}
    expected |= {r.id for r in seekers if failed_filter(r, new) is None}
    assert affected_requests(old, new, index) == expected


@EXAMPLES
@given(pool=numbered(opportunities, "o", 15), seeker=requests(), limit=st.integers(1, 5))
def test_ranking_is_the_scored_brute_force_best_first(pool, seeker, limit) -> None:
    index = CandidateIndex.build(pool)
    everyone = [score_pair(seeker, o, today=TODAY) for o in pool]
    expected = sorted(
        (m for m in everyone if m is not None), key=lambda m: (-m.score, id_order(m.opportunity_id))
    )

    assert rank_for_request(seeker, index, today=TODAY) == expected
    assert rank_for_request(seeker, index, today=TODAY, limit=limit) == expected[:limit]


@EXAMPLES
@given(changed=opportunities(id="o"), seekers=numbered(requests, "r", 15))
def test_rescoring_one_opportunity_scores_its_requests(changed, seekers) -> None:
    everyone = [score_pair(r, changed, today=TODAY) for r in seekers]
    expected = {m.request_id: m for m in everyone if m is not None}

    found = rescore_opportunity(changed, RequestIndex.build(seekers), today=TODAY)

    assert {m.request_id: m for m in found} == expected
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


@EXAMPLES
@given(pool=numbered(opportunities, "o", 15), seeker=requests() | students())
def test_explanation_counts_each_opportunity_once(pool, seeker) -> None:
    index = CandidateIndex.build(pool)

    explained = explain_empty(seeker, index)

    assert explained.total == len(pool)
    assert explained.remaining == len(brute_force(seeker, pool))
    assert sum(explained.removed.values()) + explained.remaining == len(pool)
    expected = dict.fromkeys(FILTERS, 0)
    for o in pool:
        failed = failed_filter(seeker, o)
        if failed:
            expected[failed] += 1
    assert explained.removed == {name: n for name, n in expected.items() if n}


def test_explanation_of_an_empty_result() -> None:
    pool = [
        opportunity(id="far", **at("1880")),
        opportunity(id="other programme", programmes=frozenset({"TE"})),
        opportunity(id="thesis", kind="thesis", level="university"),
        opportunity(id="full", places_free=0),
    ]
    index = CandidateIndex.build(pool)

    explained = explain_empty(request(), index)

    assert rank_for_request(request(), index, today=TODAY) == []
    assert explained.removed == {"kind": 1, "programme": 1, "distance": 1, "places": 1}
    assert explained.remaining == 0


def test_student_ranking() -> None:
    index = CandidateIndex.build(
        [
            opportunity(id="near"),
            opportunity(id="further", **at("0484")),
            opportunity(id="far", **at("1880")),
        ]
    )

    ranked = rank_for_student(student(), index, today=TODAY)

    assert [m.opportunity_id for m in ranked] == ["near", "further"]


def test_places_extend_the_known_seats() -> None:
    lat, lon = SEATS["1880"]
    index = CandidateIndex(places=[Place("1880", lat, lon)])

    with pytest.raises(ValueError, match="1880"):
        index.add(opportunity(municipality="1880", lat=lat + 0.1, lon=lon))


def test_an_id_is_indexed_once() -> None:
    index = CandidateIndex.build([opportunity()])
    requests_index = RequestIndex.build([request()])

    with pytest.raises(ValueError, match="o1"):
        index.add(opportunity())
    with pytest.raises(ValueError, match="r1"):
        requests_index.add(request())
    assert index.replace(replace(opportunity(), places_free=1)) == opportunity()
    assert requests_index.replace(request(places_needed_open=2)) == request()
    assert ("o1" in index, "r1" in requests_index, "r2" in requests_index) == (True, True, False)
    assert index.get("o1").places_free == 1
    assert requests_index.get("r1").places_needed_open == 2


def test_both_indexes_on_a_seeded_region() -> None:
    rng = random.Random(2026)  # noqa: S311 - a seeded, reproducible instance
    pool = [random_opportunity(rng, f"o{n}") for n in range(400)]
    seekers = [random_request(rng, f"r{n}") for n in range(150)]
    candidates, reverse = CandidateIndex.build(pool), RequestIndex.build(seekers)

    pairs = {(r.id, o.id) for r in seekers for o in pool if failed_filter(r, o) is None}

    assert {(r.id, o.id) for r in seekers for o in candidates.candidates_for_request(r)} == pairs
    assert {(r.id, o.id) for o in pool for r in reverse.requests_for(o)} == pairs
    assert len(pairs) > 300  # the instance exercises every path, not only rejections
