"""Deferred acceptance: feasible, stable, student-optimal, equal to the `matching` library."""

import itertools
import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine import StableOpportunity, StableStudent, allocate_stable, formats
from tests.matching.engine.oracle import library_solution

EXAMPLE_INPUT = {
    "students": [
        {"id": "s1", "preferences": ["o3", "o1"]},
        {"id": "s2", "preferences": ["o1"]},
    ],
    "opportunities": [
        {"id": "o1", "capacity": 1, "preferences": ["s2", "s1"]},
        {"id": "o3", "capacity": 2, "preferences": ["s1"]},
    ],
}


@st.composite
def instances(draw: st.DrawFn, max_students: int = 5, max_opportunities: int = 3):
    student_ids = [f"s{n}" for n in range(draw(st.integers(0, max_students)))]
    opportunity_ids = [f"o{n}" for n in range(draw(st.integers(0, max_opportunities)))]

    def ranking(ids: list[str]) -> tuple[str, ...]:
        return tuple(draw(st.permutations(ids))[: draw(st.integers(0, len(ids)))])

    students = [StableStudent(s, ranking(opportunity_ids)) for s in student_ids]
    opportunities = [
        StableOpportunity(o, draw(st.integers(0, 2)), ranking(student_ids)) for o in opportunity_ids
    ]
    return students, opportunities


class Game:
    """An instance with the questions the checks ask of it."""

    def __init__(self, students, opportunities) -> None:
        self.students = {s.id: s.preferences for s in students}
        self.capacity = {o.id: o.capacity for o in opportunities}
        self.ranking = {o.id: o.preferences for o in opportunities}

    def acceptable(self, student: str, opportunity: str) -> bool:
        return opportunity in self.students[student] and student in self.ranking[opportunity]

    def student_prefers(self, student: str, new: str, current: str | None) -> bool:
        ranking = self.students[student]
        return current is None or ranking.index(new) < ranking.index(current)

    def feasible(self, assignments: dict[str, str | None]) -> bool:
        taken = [o for o in assignments.values() if o is not None]
        return all(self.acceptable(s, o) for s, o in assignments.items() if o is not None) and all(
            taken.count(o) <= self.capacity[o] for o in set(taken)
        )

    def blocking_pairs(self, assignments: dict[str, str | None]) -> list[tuple[str, str]]:
        return [
            (s, o)
            for s, o in itertools.product(self.students, self.capacity)
            if self.acceptable(s, o)
            and self.student_prefers(s, o, assignments[s])
            and self._opportunity_would_take(o, s, assignments)
        ]

    def _opportunity_would_take(self, o: str, s: str, assignments) -> bool:
        held = [t for t, at in assignments.items() if at == o]
        ranking = self.ranking[o]
        return len(held) < self.capacity[o] or any(
            ranking.index(s) < ranking.index(t) for t in held
        )

    def stable_matchings(self) -> list[dict[str, str | None]]:
        options = [
            [None, *(o for o in prefs if self.acceptable(s, o))]
            for s, prefs in self.students.items()
        ]
        candidates = (
            dict(zip(self.students, choice, strict=True)) for choice in itertools.product(*options)
        )
        return [m for m in candidates if self.feasible(m) and not self.blocking_pairs(m)]


@settings(max_examples=250, deadline=None)
@given(instance=instances())
def test_feasible_stable_and_student_optimal(instance) -> None:
    students, opportunities = instance
    game = Game(students, opportunities)

    result = allocate_stable(students, opportunities)

    assert list(result.assignments) == [s.id for s in students]
    assert game.feasible(result.assignments)
    assert game.blocking_pairs(result.assignments) == []
    stable = game.stable_matchings()
    assert result.assignments in stable
    for other in stable:
        for s, o in other.items():
            if o is not None:
                assert result.assignments[s] is not None
                assert not game.student_prefers(s, o, result.assignments[s])


@settings(max_examples=80, deadline=None)
@given(instance=instances(max_students=30, max_opportunities=8))
def test_equals_the_matching_library(instance) -> None:
    students, opportunities = instance

    result = allocate_stable(students, opportunities)

    assert result.assignments == library_solution(students, opportunities)


def test_equals_the_matching_library_on_a_seeded_round() -> None:
    rng = random.Random(11)  # noqa: S311 - a seeded, reproducible instance
    opportunity_ids = [f"o{n}" for n in range(60)]
    students = [
        StableStudent(f"s{n}", tuple(rng.sample(opportunity_ids, rng.randint(1, 6))))
        for n in range(600)
    ]
    applicants = {o: [s.id for s in students if o in s.preferences] for o in opportunity_ids}
    opportunities = [
        StableOpportunity(o, rng.randint(0, 8), tuple(rng.sample(a, len(a) * 9 // 10)))
        for o, a in applicants.items()
    ]

    result = allocate_stable(students, opportunities)

    assert result.assignments == library_solution(students, opportunities)
    assert 0 < len(result.unassigned) < len(students)


def test_formats_example_gives_its_documented_output() -> None:
    output = formats.run("stable", json.dumps(EXAMPLE_INPUT))

    assert output["assignments"] == {"s1": "o3", "s2": "o1"}
    assert output["unassigned"] == []
    seconds = output["stats"].pop("seconds")
    assert output["stats"] == {
        "students": 2,
        "assigned": 2,
        "opportunities": 2,
        "places": 3,
        "places_filled": 2,
    }
    assert 0 <= seconds < 1


@settings(max_examples=60, deadline=None)
@given(instance=instances(max_students=8, max_opportunities=4), seed=st.integers())
def test_the_order_of_students_does_not_matter(instance, seed) -> None:
    students, opportunities = instance
    shuffled = list(students)
    random.Random(seed).shuffle(shuffled)  # noqa: S311 - a reproducible order

    assert (
        allocate_stable(shuffled, opportunities).assignments
        == allocate_stable(students, opportunities).assignments
    )


def test_unassigned_students_and_stats() -> None:
    students = [StableStudent("a", ("x",)), StableStudent("b", ("x",)), StableStudent("c", ())]
    opportunities = [StableOpportunity("x", 1, ("b", "a")), StableOpportunity("y", 3, ())]

    result = allocate_stable(students, opportunities)

    assert result.assignments == {"a": None, "b": "x", "c": None}
    assert result.unassigned == ("a", "c")
    assert (result.stats.assigned, result.stats.places, result.stats.places_filled) == (1, 4, 1)
