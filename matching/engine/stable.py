"""Stable allocation (DESIGN.md § Matching 5): student-proposing deferred acceptance.

Students rank opportunities, opportunities rank students, each opportunity has a capacity; a
pair is acceptable only when each lists the other. Deferred acceptance with the students
proposing gives the student-optimal stable matching, which is unique, so the order in which
free students propose does not change the result (Gale & Shapley 1962; Roth 1984 for capacities).

Internally everything is an integer: the students' choices are one flat list of opportunity
positions, each opportunity maps the students it lists to the key `rank * students + student`
that orders its view of its proposers (both built by C loops: map, zip), and each opportunity
holds its tentative students in a heap of negated keys, so its worst held student is found in
O(1) and replaced in O(log capacity). Whether a pair is mutual is asked only when the student
proposes; a displaced student proposes again at once; the loop does one step per proposal.
"""

from collections.abc import Sequence
from heapq import heappush, heapreplace
from itertools import accumulate, chain
from operator import add
from time import perf_counter
from typing import NoReturn

from matching.engine.errors import FormatError, check_count, index_ids, quoted
from matching.engine.types import StableOpportunity, StableResult, StableStats, StableStudent


def allocate_stable(
    students: Sequence[StableStudent], opportunities: Sequence[StableOpportunity]
) -> StableResult:
    """The student-optimal stable matching; raises `FormatError` on unknown or repeated ids."""
    started = perf_counter()
    student_ids = index_ids(students, "students")
    opportunity_ids = index_ids(opportunities, "opportunities")
    capacities = [
        check_count(o.capacity, f"opportunities[{n}].capacity") for n, o in enumerate(opportunities)
    ]
    count = len(students)
    keys = [_keys(n, o.preferences, student_ids, count) for n, o in enumerate(opportunities)]
    keys = [listed if places else {} for listed, places in zip(keys, capacities, strict=True)]
    choices = _choices(students, opportunity_ids)
    held = _deferred_acceptance(choices, keys, capacities, count)
    return _result(students, opportunities, held, capacities, started)


def _keys(
    position: int, preferences: Sequence[str], student_ids: dict[str, int], count: int
) -> dict[int, int]:
    """Each student the opportunity lists, and the key `rank * count + student` that orders
    them (the smallest is the most wanted). Built by C loops (map, zip): no Python per entry."""
    students = list(map(student_ids.get, preferences))
    if None not in students:
        ranked = range(0, len(students) * count, count or 1)  # rank * count, count ≥ 1 here
        keys = dict(zip(students, map(add, ranked, students), strict=True))
        if len(keys) == len(preferences):
            return keys
    _raise_first_list_problem(
        f"opportunities[{position}].preferences", preferences, student_ids, "student"
    )


def _raise_first_list_problem(
    where: str, preferences: Sequence[str], known: dict[str, int], noun: str
) -> NoReturn:
    """Raise at the first unknown or repeated id of a preference list; `where` names the list
    ("students[3].preferences") and `noun` what it lists."""
    seen: set[str] = set()
    for place, item in enumerate(preferences):
        if item not in known:
            raise FormatError(f"{where}[{place}]: unknown {noun} {quoted(item)}")
        if item in seen:
            raise FormatError(f"{where}[{place}]: {noun} {quoted(item)} listed twice")
        seen.add(item)
    raise AssertionError("called without a problem")  # pragma: no cover


class _Choices:
    """Each student's choices in order (opportunity positions), as slices [start, end) of one
    flat list. Whether the opportunity lists the student too is asked only when the student
    proposes: most students stop at their first choices, so most pairs are never looked up."""

    def __init__(self, opportunity: list[int], start: list[int], end: list[int]) -> None:
        self.opportunity = opportunity
        self.start = start
        self.end = end


def _choices(students: Sequence[StableStudent], opportunity_ids: dict[str, int]) -> _Choices:
    """Every student's list as opportunity positions; check every listed id."""
    lengths = [len(entry.preferences) for entry in students]
    end = list(accumulate(lengths))
    start = [stop - length for stop, length in zip(end, lengths, strict=True)]
    listed = chain.from_iterable(entry.preferences for entry in students)
    opportunity = list(map(opportunity_ids.get, listed))
    unknown = None in opportunity
    for student, entry in enumerate(students):
        preferences = entry.preferences
        if len(set(preferences)) != len(preferences) or (
            unknown and None in opportunity[start[student] : end[student]]
        ):
            _raise_first_list_problem(
                f"students[{student}].preferences", preferences, opportunity_ids, "opportunity"
            )
    return _Choices(opportunity, start, end)  # type: ignore[arg-type]  # no None left


def _deferred_acceptance(
    choices: _Choices, keys: list[dict[int, int]], capacities: list[int], count: int
) -> list[list[int]]:
    """Each opportunity's held keys (negated) once no free student has a choice left.

    An opportunity without places has no keys, so nobody proposes to it successfully."""
    held: list[list[int]] = [[] for _ in capacities]
    next_choice = choices.start[:]
    ends, opportunities = choices.end, choices.opportunity
    for first in range(count):
        student = first
        while student >= 0:
            position, end, displaced = next_choice[student], ends[student], -1
            while position < end:
                opportunity = opportunities[position]
                position += 1
                key = keys[opportunity].get(student)
                if key is None:  # the opportunity does not list the student
                    continue
                heap = held[opportunity]
                if len(heap) < capacities[opportunity]:
                    heappush(heap, -key)
                    break
                if key < -heap[0]:
                    displaced = -heapreplace(heap, -key) % count
                    break
            next_choice[student] = position
            student = displaced
    return held


def _result(
    students: Sequence[StableStudent],
    opportunities: Sequence[StableOpportunity],
    held: list[list[int]],
    capacities: list[int],
    started: float,
) -> StableResult:
    count = len(students)
    assigned_to: list[str | None] = [None] * count
    for opportunity, heap in enumerate(held):
        for negated in heap:
            assigned_to[-negated % count] = opportunities[opportunity].id
    assignments = {s.id: target for s, target in zip(students, assigned_to, strict=True)}
    unassigned = tuple(
        s.id for s, target in zip(students, assigned_to, strict=True) if target is None
    )
    filled = count - len(unassigned)
    stats = StableStats(
        students=count,
        assigned=filled,
        opportunities=len(opportunities),
        places=sum(capacities),
        places_filled=filled,
        seconds=perf_counter() - started,
    )
    return StableResult(assignments, unassigned, stats)
