"""Stable allocation (DESIGN.md § Matching 5): student-proposing deferred acceptance.

Students rank opportunities, opportunities rank students, each opportunity has a capacity; a
pair is acceptable only when each lists the other. Deferred acceptance with the students
proposing gives the student-optimal stable matching, which is unique, so the order in which
free students propose does not change the result (Gale & Shapley 1962; Roth 1984 for capacities).

Internally everything is an integer: a student's acceptable choices are two flat lists (the
opportunity, and the key `rank * students + student` that orders the opportunity's view of its
proposers), and each opportunity holds its tentative students in a heap of negated keys, so
its worst held student is found in O(1) and replaced in O(log capacity). A displaced student
proposes again at once; the loop does one step per proposal, at most one per acceptable pair.
"""

from collections.abc import Sequence
from heapq import heappush, heapreplace
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
    ranks = [_ranks(n, o.preferences, student_ids) for n, o in enumerate(opportunities)]
    choices = _choices(students, opportunity_ids, ranks, capacities)
    held = _deferred_acceptance(choices, capacities, len(students))
    return _result(students, opportunities, held, capacities, started)


def _ranks(
    position: int, preferences: Sequence[str], student_ids: dict[str, int]
) -> dict[int, int]:
    """The opportunity's rank of each student it lists (0 is the most wanted)."""
    ranks = {student_ids.get(student_id, -1): rank for rank, student_id in enumerate(preferences)}
    if -1 in ranks or len(ranks) != len(preferences):
        _raise_first_list_problem(
            f"opportunities[{position}].preferences", preferences, student_ids, "student"
        )
    return ranks


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
    """Each student's acceptable choices in order, as slices [start, end) of two flat lists."""

    def __init__(self) -> None:
        self.opportunity: list[int] = []
        self.key: list[int] = []
        self.start: list[int] = []
        self.end: list[int] = []


def _choices(
    students: Sequence[StableStudent],
    opportunity_ids: dict[str, int],
    ranks: list[dict[int, int]],
    capacities: list[int],
) -> _Choices:
    """Keep the mutual pairs at opportunities with places; check every listed id."""
    choices = _Choices()
    count = len(students)
    for student, entry in enumerate(students):
        choices.start.append(len(choices.opportunity))
        preferences = entry.preferences
        if len(set(preferences)) != len(preferences):
            _raise_first_list_problem(
                f"students[{student}].preferences", preferences, opportunity_ids, "opportunity"
            )
        for opportunity_id in preferences:
            opportunity = opportunity_ids.get(opportunity_id)
            if opportunity is None:
                _raise_first_list_problem(
                    f"students[{student}].preferences", preferences, opportunity_ids, "opportunity"
                )
            rank = ranks[opportunity].get(student)
            if rank is not None and capacities[opportunity] > 0:
                choices.opportunity.append(opportunity)
                choices.key.append(rank * count + student)
        choices.end.append(len(choices.opportunity))
    return choices


def _deferred_acceptance(choices: _Choices, capacities: list[int], count: int) -> list[list[int]]:
    """Each opportunity's held keys (negated) once no free student has a choice left."""
    held: list[list[int]] = [[] for _ in capacities]
    next_choice = choices.start[:]
    ends, opportunities, keys = choices.end, choices.opportunity, choices.key
    for first in range(count):
        student = first
        while student >= 0:
            position, end, displaced = next_choice[student], ends[student], -1
            while position < end:
                opportunity, key = opportunities[position], keys[position]
                position += 1
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
