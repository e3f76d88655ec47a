"""Ranking many seekers with one Ranker, which computes each score component once per
distinct combination of what it reads, gives exactly the matches of scoring every pair; and
what each component is declared to read is all it reads."""

from dataclasses import fields, replace

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from matching.engine import CandidateIndex, Ranker, score_pair
from matching.engine.scoring import OPPORTUNITY_READS, SEEKER_READS, components
from matching.engine.types import id_order
from tests.matching.engine import builders
from tests.matching.engine.builders import (
    TODAY,
    numbered,
    opportunities,
    requests,
    students,
)

EXAMPLES = settings(max_examples=80, deadline=None)
# A request that needs places: the only kind a component ever scores (the hard filters).
NEEDING = requests().filter(lambda r: r.places_needed_open > 0)


def every_pair(seeker, pool):
    """The matches of scoring each pair on its own, best first (ties by id_order)."""
    scored = [score_pair(seeker, o, today=TODAY) for o in pool]
    return sorted(
        (m for m in scored if m is not None), key=lambda m: (-m.score, id_order(m.opportunity_id))
    )


@EXAMPLES
@given(
    pool=numbered(opportunities, "o", 20),
    seekers=numbered(requests, "r", 6),
    pupils=numbered(students, "s", 6),
    limit=st.none() | st.integers(1, 5),
)
def test_one_ranker_for_many_seekers_equals_scoring_every_pair(pool, seekers, pupils, limit):
    ranker = Ranker(CandidateIndex.build(pool), today=TODAY)

    for request in seekers:
        assert ranker.for_request(request, limit=limit) == every_pair(request, pool)[:limit]
    for student in pupils:
        assert ranker.for_student(student, limit=limit) == every_pair(student, pool)[:limit]


def _mixed(kept, other, names):
    """`kept` with every attribute but `names` taken from `other`."""
    return replace(
        kept, **{f.name: getattr(other, f.name) for f in fields(kept) if f.name not in names}
    )


def _part(seeker, opportunity, name):
    return next(part for part in components(seeker, opportunity, today=TODAY) if part[0] == name)


@EXAMPLES
@given(
    a=opportunities(),
    b=opportunities(),
    seekers=st.tuples(NEEDING, NEEDING) | st.tuples(students(), students()),
)
def test_a_component_depends_on_nothing_but_what_it_declares_to_read(a, b, seekers):
    seeker, other = seekers
    for name, *_ in components(seeker, a, today=TODAY):
        expected = _part(seeker, a, name)
        assert _part(seeker, _mixed(a, b, OPPORTUNITY_READS[name]), name) == expected
        assert _part(_mixed(seeker, other, SEEKER_READS[name]), a, name) == expected


@EXAMPLES
@given(
    pool=numbered(opportunities, "o", 12),
    changed=opportunities(),
    seekers=numbered(requests, "r", 3),
    pupils=numbered(students, "s", 3),
)
def test_a_ranker_follows_its_index_when_an_opportunity_changes(pool, changed, seekers, pupils):
    assume(pool)
    index = CandidateIndex.build(pool)
    ranker = Ranker(index, today=TODAY)
    for request in seekers:
        ranker.for_request(request)
    for student in pupils:
        ranker.for_student(student)

    changed = replace(changed, id=pool[0].id)
    index.replace(changed)
    now = [changed, *pool[1:]]

    for request in seekers:
        assert ranker.for_request(request) == every_pair(request, now)
    for student in pupils:
        assert ranker.for_student(student) == every_pair(student, now)


@EXAMPLES
@given(pool=numbered(opportunities, "o", 12), seekers=numbered(requests, "r", 3))
def test_scoring_one_pair_gives_the_score_of_its_explained_match(pool, seekers):
    ranker = Ranker(CandidateIndex(), today=TODAY)  # one pair at a time: no index needed

    for seeker in seekers:
        for opportunity in pool:
            explained = score_pair(seeker, opportunity, today=TODAY)
            scored = ranker.score(seeker, opportunity)
            assert (scored and (scored.opportunity_id, scored.score, scored.request_id)) == (
                explained and (explained.opportunity_id, explained.score, explained.request_id)
            )


def test_equal_scores_rank_the_lower_database_id_first():
    """The stored lists and the incremental update order ties by the number: 9912 before
    11593, though "11593" < "9912" as text."""
    twins = [builders.opportunity(id="11593"), builders.opportunity(id="9912")]
    ranker = Ranker(CandidateIndex.build(twins), today=TODAY)

    for matches in (
        ranker.for_request(builders.request()),
        ranker.for_student(builders.student()),
    ):
        assert [m.opportunity_id for m in matches] == ["9912", "11593"]
