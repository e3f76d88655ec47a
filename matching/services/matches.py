"""Recomputing the stored matches: incrementally when one object changes, fully on demand.

The engine scores; these functions choose what to rescore and replace exactly the rows in scope
(one opportunity's, one request's, one student's, a chunk of seekers') in one transaction: stale
rows are deleted and the others inserted or updated in place. A failure anywhere leaves the
previous rows as they were.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from time import perf_counter

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from matching import conf, selectors
from matching.engine import (
    CandidateIndex,
    OpportunityIn,
    RequestIn,
    RequestIndex,
    StudentIn,
    rank_for_request,
    rank_for_student,
    rescore_opportunity,
    score_pair,
)
from matching.engine import Match as Scored
from matching.models import Match

Progress = Callable[[int], None]
DELETE_BATCH = 900


@dataclass(frozen=True)
class RecomputeTotals:
    """What a full recomputation covered and stored."""

    opportunities: int
    requests: int
    students: int
    request_matches: int
    student_matches: int
    seconds: float


def matches_recompute_for_opportunity(*, opportunity_id: int) -> int:
    """Rescore only the requests and students the opportunity can match (the engine's reverse
    lookup) and replace its rows; a closed, hidden or filled opportunity loses them all.
    Returns the number of matches stored."""
    return _recompute_opportunities(Q(pk=opportunity_id), scope=Q(opportunity_id=opportunity_id))


def matches_recompute_for_company(*, company_id: int) -> int:
    """The same for every opportunity of a company whose verification or suspension changed."""
    return _recompute_opportunities(
        Q(company_id=company_id), scope=Q(opportunity__company_id=company_id)
    )


def matches_recompute_for_request(*, request_id: int) -> int:
    """Rank the request against its candidates and replace its rows (none when not open)."""
    requests = selectors.request_inputs(Q(pk=request_id))
    scored = _rank_alone(requests[0]) if requests else []
    return _store(scored, scope=Q(request_id=request_id))


def matches_recompute_for_student(*, student_id: int) -> int:
    """Rank the student against their candidates and replace their rows."""
    students = selectors.student_inputs(Q(pk=student_id))
    scored = _rank_alone(students[0]) if students else []
    return _store(scored, scope=Q(student_id=student_id))


def matches_recompute_for_school(*, school_id: int) -> int:
    """Every request and student of a school whose verification, suspension or level changed."""
    index = CandidateIndex.build(selectors.opportunity_inputs())
    requests = selectors.request_inputs(Q(school_id=school_id))
    students = selectors.student_inputs(Q(school_id=school_id))
    scored = _ranked(index, requests, students)
    return _store(scored, scope=Q(request__school_id=school_id) | Q(student__school_id=school_id))


def matches_recompute_all(*, progress: Progress | None = None) -> RecomputeTotals:
    """Rebuild every match: the supply is indexed once, the seekers are ranked and written chunk
    by chunk (a transaction each), then rows of what is no longer matchable are removed."""
    started = perf_counter()
    index = CandidateIndex.build(selectors.opportunity_inputs())
    seekers: list[RequestIn | StudentIn] = [
        *selectors.request_inputs(),
        *selectors.student_inputs(),
    ]
    size = conf.recompute_chunk()
    stored = {"request": 0, "student": 0}
    for start in range(0, len(seekers), size):
        chunk = seekers[start : start + size]
        requests = [s for s in chunk if isinstance(s, RequestIn)]
        students = [s for s in chunk if isinstance(s, StudentIn)]
        scored = _ranked(index, requests, students)
        _store(scored, scope=_seekers_scope(requests, students))
        stored["request"] += sum(1 for m in scored if m.request_id is not None)
        stored["student"] += sum(1 for m in scored if m.student_id is not None)
        if progress is not None:
            progress(min(99, (start + len(chunk)) * 100 // len(seekers)))
    _remove_unmatchable()
    if progress is not None:
        progress(100)
    return RecomputeTotals(
        opportunities=len(index),
        requests=sum(1 for s in seekers if isinstance(s, RequestIn)),
        students=sum(1 for s in seekers if isinstance(s, StudentIn)),
        request_matches=stored["request"],
        student_matches=stored["student"],
        seconds=perf_counter() - started,
    )


def _recompute_opportunities(where: Q, *, scope: Q) -> int:
    """Rescore the matchable opportunities in `where`; replace the rows in `scope` (all of the
    opportunities' rows, matchable or not)."""
    opportunities = selectors.opportunity_inputs(where)
    requests = RequestIndex.build(selectors.requests_for(opportunities))
    students = _by_programme(selectors.students_for(opportunities))
    weights, today = conf.weights(), timezone.localdate()
    scored: list[Scored] = []
    for opportunity in opportunities:
        scored += rescore_opportunity(opportunity, requests, weights=weights, today=today)
        for student in _compatible(students, opportunity):
            match = score_pair(student, opportunity, weights=weights, today=today)
            if match is not None:
                scored.append(match)
    return _store(scored, scope=scope)


def _rank_alone(seeker: RequestIn | StudentIn) -> list[Scored]:
    """One seeker against an index of only its candidates."""
    index = CandidateIndex.build(selectors.opportunities_for(seeker))
    if isinstance(seeker, RequestIn):
        return _ranked(index, [seeker], [])
    return _ranked(index, [], [seeker])


def _ranked(
    index: CandidateIndex, requests: Iterable[RequestIn], students: Iterable[StudentIn]
) -> list[Scored]:
    weights, today = conf.weights(), timezone.localdate()
    scored: list[Scored] = []
    for request in requests:
        scored += rank_for_request(request, index, weights=weights, today=today)
    for student in students:
        scored += rank_for_student(student, index, weights=weights, today=today)
    return scored


def _by_programme(students: Iterable[StudentIn]) -> dict[tuple[str, str | None], list[StudentIn]]:
    grouped: dict[tuple[str, str | None], list[StudentIn]] = defaultdict(list)
    for student in students:
        grouped[(student.level, student.programme)].append(student)
    return grouped


def _compatible(
    students: dict[tuple[str, str | None], list[StudentIn]], opportunity: OpportunityIn
) -> Iterable[StudentIn]:
    """The students whose level and programme the opportunity takes (the rest fail a filter)."""
    for (level, programme), group in students.items():
        if level == opportunity.level and (
            opportunity.accepts_any_programme or programme in opportunity.programmes
        ):
            yield from group


def _seekers_scope(requests: Sequence[RequestIn], students: Sequence[StudentIn]) -> Q:
    return Q(request_id__in=[int(r.id) for r in requests]) | Q(
        student_id__in=[int(s.id) for s in students]
    )


@transaction.atomic
def _store(scored: Sequence[Scored], *, scope: Q) -> int:
    """Make the rows in `scope` exactly `scored`: delete the stale ones, insert or update the
    rest (an upsert on the unique (seeker, opportunity), so a concurrent writer of the same row
    cannot make this fail)."""
    now = timezone.now()
    rows = [_row(match, now) for match in scored]
    fresh = {(row.request_id, row.student_id, row.opportunity_id) for row in rows}
    existing = Match.objects.filter(scope).values_list(
        "pk", "request_id", "student_id", "opportunity_id"
    )
    stale = [pk for pk, *key in existing if tuple(key) not in fresh]
    for start in range(0, len(stale), DELETE_BATCH):  # within SQLite's limit of parameters
        Match.objects.filter(pk__in=stale[start : start + DELETE_BATCH]).delete()
    for seeker, seeker_rows in (
        ("request", [row for row in rows if row.request_id is not None]),
        ("student", [row for row in rows if row.student_id is not None]),
    ):
        Match.objects.bulk_create(
            seeker_rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=[seeker, "opportunity"],
            update_fields=["score", "components", "computed_at"],
        )
    return len(rows)


def _row(match: Scored, now: datetime) -> Match:
    return Match(
        request_id=None if match.request_id is None else int(match.request_id),
        student_id=None if match.student_id is None else int(match.student_id),
        opportunity_id=int(match.opportunity_id),
        score=match.score,
        components=[
            {"name": c.name, "value": c.value, "weight": c.weight, "facts": c.facts}
            for c in match.components
        ],
        computed_at=now,
    )


def _remove_unmatchable() -> None:
    """Rows whose opportunity or request stopped being matchable since they were written."""
    with transaction.atomic():
        Match.objects.exclude(opportunity__in=selectors.matchable_opportunities()).delete()
        Match.objects.filter(request__isnull=False).exclude(
            request__in=selectors.open_requests()
        ).delete()
