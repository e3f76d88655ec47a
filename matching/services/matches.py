"""Recomputing the stored matches: incrementally when one object changes, fully on demand.

Only the best `MATCHING_TOP_N` matches of each request and each student are stored (ties: the
lower opportunity id), and after them, never shown, its next `MATCHING_RESERVE` candidates
(MatchReserve), so that a match leaving a list is replaced without ranking the seeker again:
the rows grow with the seekers, not with seekers x opportunities. The engine scores; these
functions choose what to rescore and change exactly the rows in scope in one transaction. A
failure anywhere leaves the previous rows as they were.

Invariant kept by every path: a seeker's matches followed by its reserve are the first rows of
the engine's ranking of its current candidates, and its matches the first N of them (fewer
only when they are all its candidates, and then it has no reserve). So a candidate that is not
stored ranks behind the seeker's last stored row. A seeker is ranked again only when a match
leaves a full list with no reserve left; ranking it fills its reserve again, as the nightly
full recomputation does for everyone. After MATCHING_TOP_N or MATCHING_RESERVE changes, the
lists follow at that recomputation (`manage.py recompute_matches`).
"""

import gc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from itertools import accumulate
from time import perf_counter

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from matching import conf, selectors
from matching.engine import CandidateIndex, OpportunityIn, Ranker, RequestIn, StudentIn
from matching.engine import Match as Scored
from matching.models import Match, MatchReserve
from matching.selectors import ListEdges, Row, Seeker, StoredPair
from matching.services.ceilings import score_bounds

Progress = Callable[[int], None]
DELETE_BATCH = 900
UPSERT_BATCH = 180  # rows of five values: within SQLite's limit of 999 parameters
Table = type[Match] | type[MatchReserve]
TABLES: tuple[Table, ...] = (Match, MatchReserve)
COLUMNS = "request_id, student_id, opportunity_id, score, computed_at"  # a row as written


@dataclass(frozen=True)
class RecomputeTotals:
    """What a full recomputation covered and stored."""

    opportunities: int
    requests: int
    students: int
    request_matches: int
    student_matches: int
    seconds: float


@transaction.atomic
def matches_recompute_for_opportunity(*, opportunity_id: int) -> int:
    """Rescore the opportunity with the requests and students whose top-N lists it can change,
    and update those lists; a closed, hidden or filled opportunity leaves them, and the seekers
    whose full list it leaves are re-ranked.
    Returns the number of the opportunity's pairs written (an unchanged stored pair is not)."""
    return _opportunity_changed(opportunity_id)


@transaction.atomic
def matches_recompute_for_company(*, company_id: int) -> int:
    """The same for every opportunity of a company whose verification or suspension changed."""
    ids = selectors.opportunity_ids_to_recompute(Q(company_id=company_id))
    return sum(_opportunity_changed(pk) for pk in sorted(ids))


def matches_recompute_for_request(*, request_id: int) -> int:
    """Rank the request against its candidates and replace its rows (none when not open)."""
    requests = selectors.request_inputs(Q(pk=request_id))
    scored = _rank_alone(requests[0]) if requests else _Ranked()
    return _store(scored, scope=Q(request_id=request_id))


def matches_recompute_for_student(*, student_id: int) -> int:
    """Rank the student against their candidates and replace their rows."""
    students = selectors.student_inputs(Q(pk=student_id))
    scored = _rank_alone(students[0]) if students else _Ranked()
    return _store(scored, scope=Q(student_id=student_id))


def matches_recompute_for_school(*, school_id: int) -> int:
    """Every request and student of a school whose verification, suspension or level changed."""
    index = CandidateIndex.build(selectors.opportunity_inputs())
    requests = selectors.request_inputs(Q(school_id=school_id))
    students = selectors.student_inputs(Q(school_id=school_id))
    scored = _ranked(_ranker(index), requests, students)
    return _store(scored, scope=Q(request__school_id=school_id) | Q(student__school_id=school_id))


@dataclass(frozen=True)
class Chunk:
    """A range of requests' or students' ids that one step of a full recomputation rebuilds."""

    kind: str  # "request" or "student"
    first: int
    last: int
    size: int


def matches_recompute_plan() -> list[Chunk]:
    """The chunks of a full recomputation, `MATCHING_RECOMPUTE_CHUNK` seekers each (a
    transaction each): run one after the other here, or by Celery workers side by side
    (matching.tasks.recompute_all)."""
    size = conf.recompute_chunk()
    chunks = []
    for kind in ("request", "student"):
        ids = list(selectors.seeker_ids(kind))
        chunks += [
            Chunk(kind, part[0], part[-1], len(part))
            for part in (ids[start : start + size] for start in range(0, len(ids), size))
        ]
    return chunks


def matches_recompute_chunks(
    *, chunks: Sequence[Chunk], progress: Progress | None = None
) -> dict[str, int]:
    """Rebuild the matches of the seekers in these chunks against the supply as it is now,
    indexed once for all of them; returns the rows stored for requests and for students."""
    # One Ranker for every chunk: seekers alike share their candidates and component values.
    ranker = _ranker(CandidateIndex.build(selectors.opportunity_inputs()))
    stored = {"request": 0, "student": 0}
    for done, chunk in enumerate(chunks, start=1):
        stored[chunk.kind] += _rebuild(ranker, chunk)
        if progress is not None:
            progress(done)
    return stored


def matches_recompute_finish() -> None:
    """After every chunk: remove the rows of what is no longer matchable, fresh statistics."""
    _remove_unmatchable()
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner reads the rebuilt table as it was (often empty) and
        # scans it whole for the incremental updates' per-seeker lookups; and a vacuum, or the
        # index-only scans of those lookups visit every rewritten row in the heap until
        # autovacuum comes round. VACUUM refuses to run in a transaction (a test's): ANALYZE.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in TABLES:
                cursor.execute(f"{command} {model._meta.db_table}")


def matches_recompute_all(*, progress: Progress | None = None) -> RecomputeTotals:
    """Rebuild every match in this process, chunk by chunk; memory holds one chunk's rows."""
    started = perf_counter()
    chunks = matches_recompute_plan()
    total = max(1, sum(chunk.size for chunk in chunks))
    sizes = [0, *accumulate(chunk.size for chunk in chunks)]

    def step(done: int) -> None:
        if progress is not None:
            progress(min(99, sizes[done] * 100 // total))

    stored = matches_recompute_chunks(chunks=chunks, progress=step)
    matches_recompute_finish()
    if progress is not None:
        progress(100)
    counts = Counter()
    for chunk in chunks:
        counts[chunk.kind] += chunk.size
    return RecomputeTotals(
        opportunities=selectors.matchable_opportunities().count(),
        requests=counts["request"],
        students=counts["student"],
        request_matches=stored["request"],
        student_matches=stored["student"],
        seconds=perf_counter() - started,
    )


def _rebuild(ranker: Ranker, chunk: Chunk) -> int:
    """One chunk, in a transaction: an id range, which also clears the rows of requests closed
    in between."""
    where = Q(pk__gte=chunk.first, pk__lte=chunk.last)
    if chunk.kind == "request":
        scored = _ranked(ranker, selectors.request_inputs(where), [])
    else:
        scored = _ranked(ranker, [], selectors.student_inputs(where))
    scope = Q(**{f"{chunk.kind}_id__gte": chunk.first, f"{chunk.kind}_id__lte": chunk.last})
    return _store(scored, scope=scope)


def _opportunity_changed(opportunity_id: int) -> int:
    """Bring the top-N lists up to date with one opportunity's new state (in the caller's
    transaction): a few queries per chunk of affected seekers, whatever their number. Only the
    seekers whose list it can change are loaded and scored: those holding the pair, and those
    whose list is not full or ends below the best score it could give them."""
    with _collector_paused(), selectors.without_jit():
        return _opportunity_updated(opportunity_id)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for one update. The inputs it loads are acyclic, freed by
    reference counting; but tens of thousands of them would set off full collections, each
    scanning every object of the process: a third of the CPU of a popular opportunity's
    update, measured."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _opportunity_updated(opportunity_id: int) -> int:
    opportunities = selectors.opportunity_inputs(Q(pk=opportunity_id))
    if not opportunities:
        return _opportunity_left(opportunity_id)
    top_n = conf.top_n()
    stored = selectors.opportunity_stored_pairs(opportunity_id=opportunity_id)
    fresh, ends = _fresh_pairs(opportunities[0], stored, top_n)
    # The edges of a list are read only where the answer depends on them: the lists the pair
    # enters, and those holding it where its score changes.
    entering = [
        seeker
        for seeker, end in ends.items()
        if seeker in fresh and (end is None or end.behind(fresh[seeker], opportunity_id))
    ]
    # A stored pair whose score is unchanged keeps its place: nothing to do (most pairs of an
    # edited opportunity).
    moved = [seeker for seeker, old in stored.items() if fresh.get(seeker) != old.score]
    rescored = [seeker for seeker in moved if seeker in fresh]
    changed = [*entering, *rescored]
    edges = selectors.list_edges(changed, top_n=top_n)
    plans = {
        seeker: _plan(fresh[seeker], stored.get(seeker), edges[seeker], opportunity_id)
        for seeker in changed
    }
    # A pair leaving needs no edges: the best reserve takes a match's place.
    plans.update(
        (seeker, _Plan(drop_own=True, promotes=not stored[seeker].reserve))
        for seeker in moved
        if seeker not in fresh
    )
    return _carry_out(plans, opportunity_id, fresh, stored)


def _opportunity_left(opportunity_id: int) -> int:
    """An opportunity no longer matchable (closed, hidden, filled) leaves every list: its rows
    are deleted, and in each list that showed it the best reserve row takes its place (a full
    list with no reserve left is ranked again). No score or list edge is read, nor a plan made
    per seeker: a popular opportunity leaves 9,000 lists at once. Returns 0: no pair written."""
    _drop_opportunity(MatchReserve, opportunity_id)
    spent = _promote_best(_drop_opportunity(Match, opportunity_id))
    _rerank(selectors.holding_matches(spent, at_least=conf.top_n() - 1))
    return 0


@dataclass(frozen=True)
class _Plan:
    """What one seeker's list needs after one of its pairs changed: the table the fresh pair
    is written to (None: not written), whether its old row is deleted, the rows changing table
    (a match `demoted` to the reserve; whether the best reserve row `promotes` to the matches,
    in the place of the seeker's match that left them: with none left, a full list is ranked
    again), the row pushed out of the list (a match `cut` when no reserve is kept, else the
    reserve's last, `pushed`), or a new ranking of the seeker."""

    writes: Table | None = None
    drop_own: bool = False
    demoted: Row | None = None
    promotes: bool = False
    cut: Row | None = None
    pushed: Row | None = None
    rerank: bool = False


_RERANK = _Plan(rerank=True)


def _plan(new: float, old: StoredPair | None, edges: ListEdges, opportunity_id: int) -> _Plan:
    """`new` is the pair's fresh score, `old` its stored row (None: not stored), and `edges`
    the seeker's list edges."""
    if old is None:
        return _entering(new, edges, opportunity_id)
    if old.reserve:
        return _in_reserve(new, old, edges, opportunity_id)
    return _in_matches(new, old, edges, opportunity_id)


def _entering(new: float, edges: ListEdges, opportunity_id: int) -> _Plan:
    """A pair not stored entering a list: one not full, or one whose last row it beats and
    pushes out (the matches' last moves down to the reserve when one is kept)."""
    if edges.end is None:
        return _Plan(writes=Match)
    if edges.last_shown.behind(new, opportunity_id):
        return _Plan(writes=Match, pushed=edges.last_reserve, **_demoting(edges.last_shown))
    return _Plan(writes=MatchReserve, pushed=edges.last_reserve)


def _in_matches(new: float, old: StoredPair, edges: ListEdges, opportunity_id: int) -> _Plan:
    """A stored match stays while it scores as high, or still ranks ahead of the reserve (or,
    without one, of the matches' last row); the best reserve takes the place it leaves, and
    it goes to the reserve while it ranks ahead of the reserve's last row."""
    if new >= old.score:
        return _Plan(writes=Match)
    first = edges.first_reserve
    if first is None:
        if edges.last_shown is None or edges.last_shown.behind(new, opportunity_id):
            return _Plan(writes=Match)  # not full (every candidate is stored), or still ahead
        # Its place goes to the best candidate not stored, which only the engine knows.
        return _RERANK
    if first.behind(new, opportunity_id):
        return _Plan(writes=Match)
    if edges.last_reserve.behind(new, opportunity_id):
        return _Plan(writes=MatchReserve, drop_own=True, promotes=True)
    return _Plan(drop_own=True, promotes=True)


def _in_reserve(new: float, old: StoredPair, edges: ListEdges, opportunity_id: int) -> _Plan:
    """A reserve row rises into the matches when it beats their last, which moves down; one
    scoring lower stays while it still ranks ahead of the reserve's last row (being the last
    row itself, it cannot know what follows it)."""
    last_shown = edges.last_shown
    if last_shown is None or last_shown.behind(new, opportunity_id):
        return _Plan(writes=Match, drop_own=True, **_demoting(last_shown))
    if new > old.score or edges.last_reserve.behind(new, opportunity_id):
        return _Plan(writes=MatchReserve)
    return _Plan(drop_own=True)


def _demoting(row: Row | None) -> dict[str, Row]:
    """The matches' last, pushed out of them: down to the reserve when one is kept."""
    if row is None:
        return {}
    return {"demoted": row} if conf.reserve() else {"cut": row}


def _carry_out(
    plans: dict[Seeker, _Plan],
    opportunity_id: int,
    fresh: dict[Seeker, float],
    stored: dict[Seeker, StoredPair],
) -> int:
    """The plans' writes, set-based: deletions, the rows changing table, then the fresh pairs;
    returns how many of the opportunity's pairs were written."""
    own = [seeker for seeker, plan in plans.items() if plan.drop_own]
    for model in TABLES:
        held = [seeker for seeker in own if stored[seeker].reserve is (model is MatchReserve)]
        _drop_pairs(model, opportunity_id, held)
    _delete(Match, _row_ids(Match, plans, "cut"))
    _delete(MatchReserve, _row_ids(MatchReserve, plans, "pushed"))
    spent = _promote_best([seeker for seeker, plan in plans.items() if plan.promotes])
    _move(_row_ids(Match, plans, "demoted"), source=Match, target=MatchReserve)
    now, written = timezone.now(), 0
    for model in TABLES:
        rows = [
            _pair_row(model, seeker, opportunity_id, fresh[seeker], now)
            for seeker, plan in plans.items()
            if plan.writes is model
        ]
        _upsert(model, rows)
        written += len(rows)
    # A list that was full holds N - 1 matches after its match left: its next candidate is
    # one only the engine knows.
    reranked = {seeker for seeker, plan in plans.items() if plan.rerank}
    _rerank(reranked | selectors.holding_matches(spent, at_least=conf.top_n() - 1))
    return written


def _promote_best(seekers: Sequence[Seeker]) -> list[Seeker]:
    """Move each seeker's best reserve row up to its matches; returns the seekers that had
    none left."""
    if connection.vendor == "postgresql":
        promoted = {
            (kind, pk)
            for kind in ("request", "student")
            for pk in _promoted(kind, sorted(pk for k, pk in seekers if k == kind))
        }
    else:
        best = selectors.best_reserve_ids(seekers)
        _move(list(best.values()), source=MatchReserve, target=Match)
        promoted = set(best)
    return [seeker for seeker in seekers if seeker not in promoted]


def _promoted(kind: str, ids: Sequence[int]) -> list[int]:
    """`_promote_best` on PostgreSQL, in one statement: the best reserve row of each seeker
    found in its index by score, deleted and inserted in the matches (as `_move` does). The
    rows are deleted where the index points (their ctid), not looked up again by id: a third
    less time for a popular opportunity's 9,000. A row a concurrent update changed first has
    moved, and is left to it."""
    if not ids:
        return []
    spare, shown = MatchReserve._meta.db_table, Match._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH moved AS (DELETE FROM {spare} WHERE ctid = ANY(ARRAY(SELECT b.ctid"  # noqa: S608
            " FROM unnest(%s::bigint[]) AS s(id) CROSS JOIN LATERAL ("
            f"SELECT ctid FROM {spare} WHERE {kind}_id = s.id"
            " ORDER BY score DESC, opportunity_id LIMIT 1) AS b))"
            f" RETURNING {COLUMNS}),"
            f" promoted AS (INSERT INTO {shown} ({COLUMNS}) SELECT {COLUMNS} FROM moved"
            " ON CONFLICT DO NOTHING)"
            f" SELECT {kind}_id FROM moved",
            [selectors.id_array(ids)],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _row_ids(model: Table, plans: dict[Seeker, _Plan], field: str) -> list[int]:
    """The ids of the rows of `model` that the plans name in `field`."""
    rows = ((seeker, getattr(plan, field)) for seeker, plan in plans.items())
    return selectors.row_ids(model, [(seeker, row.opportunity) for seeker, row in rows if row])


def _fresh_pairs(
    opportunity: OpportunityIn, stored: dict[Seeker, StoredPair], top_n: int
) -> tuple[dict[Seeker, float], dict[Seeker, Row | None]]:
    """The opportunity's scores with every seeker whose list it can change, and the list ends
    of the seekers it reaches that do not hold the pair (None: not full). A seeker not holding
    it whose full list ends ahead of the bound of its score (selectors.seekers_reached) keeps its
    list: not loaded, not scored."""
    weights, today = conf.weights(), timezone.localdate()
    bounds = score_bounds(opportunity, weights=weights, today=today)
    reached = selectors.seekers_reached(
        opportunity, top_n=top_n, bounds=bounds, holding=stored.keys()
    )
    chosen = [*reached, *stored]
    request_ids = sorted(pk for kind, pk in chosen if kind == "request")
    student_ids = sorted(pk for kind, pk in chosen if kind == "student")
    requests = selectors.request_inputs(selectors.among(request_ids)) if request_ids else []
    # Students alike in all the engine reads of them against this opportunity: built and
    # scored once (a popular opportunity's thousands of students form a few hundred groups).
    students = (
        selectors.students_alike(
            selectors.among(student_ids), today=today, ages_read=opportunity.min_age_18
        )
        if student_ids
        else []
    )
    # One Ranker for all the pairs: seekers alike in what a component reads share its value.
    ranker = Ranker(CandidateIndex(), weights=weights, today=today)
    fresh: dict[Seeker, float] = {}
    for request in requests:
        match = ranker.score(request, opportunity)
        if match is not None:
            fresh[("request", int(request.id))] = match.score
    for student, members in students:
        match = ranker.score(student, opportunity)
        if match is not None:
            fresh.update((("student", pk), match.score) for pk in members)
    return fresh, reached


def _rerank(seekers: set[Seeker]) -> None:
    """Rebuild the lists of these seekers only: one index of their candidates, a few queries."""
    if not seekers:
        return
    request_ids = sorted(pk for kind, pk in seekers if kind == "request")
    student_ids = sorted(pk for kind, pk in seekers if kind == "student")
    requests = selectors.request_inputs(selectors.among(request_ids)) if request_ids else []
    students = selectors.student_inputs(selectors.among(student_ids)) if student_ids else []
    index = CandidateIndex.build(selectors.opportunities_for_seekers([*requests, *students]))
    scored = _ranked(_ranker(index), requests, students)
    scope = Q(pk__in=[])  # one array per kind of seeker there is: an OR of both reads every row
    for kind, ids in (("request_id", request_ids), ("student_id", student_ids)):
        if ids:
            scope |= selectors.among(ids, kind)
    _store(scored, scope=scope)


@dataclass
class _Ranked:
    """Seekers' ranked candidates: the first N of each (`MATCHING_TOP_N`) to store as its
    matches, the next `MATCHING_RESERVE` as its reserve, best first."""

    shown: list[Scored] = field(default_factory=list)
    reserve: list[Scored] = field(default_factory=list)

    def add(self, ranked: list[Scored]) -> None:
        top_n = conf.top_n()
        self.shown += ranked[:top_n]
        self.reserve += ranked[top_n:]


def _rank_alone(seeker: RequestIn | StudentIn) -> _Ranked:
    """One seeker against an index of only its candidates."""
    index = CandidateIndex.build(selectors.opportunities_for(seeker))
    if isinstance(seeker, RequestIn):
        return _ranked(_ranker(index), [seeker], [])
    return _ranked(_ranker(index), [], [seeker])


def _ranker(index: CandidateIndex) -> Ranker:
    return Ranker(index, weights=conf.weights(), today=timezone.localdate())


def _ranked(
    ranker: Ranker, requests: Iterable[RequestIn], students: Iterable[StudentIn]
) -> _Ranked:
    """Each seeker's matches and reserve."""
    limit = conf.top_n() + conf.reserve()
    ranked = _Ranked()
    for request in requests:
        ranked.add(ranker.for_request(request, limit=limit, explain=False))
    for student in students:
        ranked.add(ranker.for_student(student, limit=limit, explain=False))
    return ranked


@transaction.atomic
def _store(ranked: _Ranked, *, scope: Q) -> int:
    """Make the matches and reserves in `scope` exactly these; returns the matches stored."""
    _replace(Match, ranked.shown, scope=scope)
    _replace(MatchReserve, ranked.reserve, scope=scope)
    return len(ranked.shown)


def _replace(model: Table, scored: Sequence[Scored], *, scope: Q) -> None:
    """Make the rows of `model` in `scope` exactly `scored`: delete the stale ones, insert or
    update the rest (an upsert on the unique (seeker, opportunity), so a concurrent writer of
    the same row cannot make this fail, and a pair stored before keeps its id:
    notices.digest_send)."""
    if _copies(scored):
        _replace_copied(model, scored, scope=scope)
        return
    now = timezone.now()
    rows = [_row(model, match, now) for match in scored]
    fresh = {(row.request_id, row.student_id, row.opportunity_id) for row in rows}
    existing = model.objects.filter(scope).values_list(
        "pk", "request_id", "student_id", "opportunity_id"
    )
    _delete(model, [pk for pk, *key in existing.order_by() if tuple(key) not in fresh])
    _upsert(model, rows)


def _delete(model: Table, pks: Sequence[int]) -> None:
    with connection.cursor() as cursor:
        for where, params in _by_ids(pks):
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE {where}", params)  # noqa: S608


def _drop_pairs(model: Table, opportunity_id: int, seekers: Sequence[Seeker]) -> None:
    """Delete the opportunity's rows of these seekers."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        for kind in ("request", "student"):
            ids = [pk for k, pk in seekers if k == kind]
            for where, params in _by_ids(ids, f"{kind}_id"):
                cursor.execute(
                    f"DELETE FROM {table} WHERE opportunity_id = %s AND {where}",  # noqa: S608
                    [opportunity_id, *params],
                )


def _drop_opportunity(model: Table, opportunity_id: int) -> list[Seeker]:
    """Delete every row of the opportunity; returns their seekers."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {model._meta.db_table} WHERE opportunity_id = %s"  # noqa: S608
            " RETURNING request_id, student_id",
            [opportunity_id],
        )
        return [selectors.seeker_of(request, student) for request, student in cursor.fetchall()]


def _move(pks: Sequence[int], *, source: Table, target: Table) -> None:
    """Rows from one table to the other, as they are (their score and its time). Where a
    concurrent update moved the same pair first, its row stays and this adds nothing: no error,
    as with `_upsert`."""
    with connection.cursor() as cursor:
        for where, params in _by_ids(pks):
            cursor.execute(
                f"INSERT INTO {target._meta.db_table} ({COLUMNS})"  # noqa: S608
                f" SELECT {COLUMNS} FROM {source._meta.db_table} WHERE {where}"
                " ON CONFLICT DO NOTHING",
                params,
            )
            cursor.execute(f"DELETE FROM {source._meta.db_table} WHERE {where}", params)  # noqa: S608


def _by_ids(pks: Sequence[int], column: str = "id") -> Iterator[tuple[str, list]]:
    """Conditions on `column` that together take these ids: one array on PostgreSQL (psycopg
    parses a query's placeholders one by one: 9,000 of them cost 0.3 s), else parts within
    SQLite's limit of parameters. Raw SQL: nothing refers to a match or a reserve, and Django's
    delete would collect nothing."""
    if connection.vendor == "postgresql":
        if pks:
            yield f"{column} = ANY(%s::bigint[])", [selectors.id_array(pks)]
        return
    for start in range(0, len(pks), DELETE_BATCH):
        part = list(pks[start : start + DELETE_BATCH])
        yield f"{column} IN ({', '.join(['%s'] * len(part))})", part


def _upsert(model: Table, rows: Sequence[Match | MatchReserve]) -> None:
    """Insert the rows, or update the score of a pair stored already (it keeps its id; one
    stored with the same score is left as it is)."""
    if not rows:
        return
    if _copies(rows):
        _staged(rows)
        _merge_staged(model, rows[0].computed_at)
        return
    with connection.cursor() as cursor:
        for seeker in ("request_id", "student_id"):
            part = [row for row in rows if getattr(row, seeker) is not None]
            for start in range(0, len(part), UPSERT_BATCH):
                batch = part[start : start + UPSERT_BATCH]
                values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(batch))
                cursor.execute(
                    f"INSERT INTO {model._meta.db_table} ({COLUMNS}) VALUES {values}"  # noqa: S608
                    + _on_conflict(model, seeker),
                    [value for row in batch for value in _values(row)],
                )


def _values(row: Match | MatchReserve) -> tuple:
    computed_at = connection.ops.adapt_datetimefield_value(row.computed_at)
    return (row.request_id, row.student_id, row.opportunity_id, row.score, computed_at)


def _on_conflict(model: Table, seeker: str) -> str:
    """An insert's upsert of rows of one kind of seeker, on that kind's unique index (partial:
    it is named by its condition)."""
    table = model._meta.db_table
    return (
        f" ON CONFLICT ({seeker}, opportunity_id) WHERE {seeker} IS NOT NULL DO UPDATE"
        " SET score = EXCLUDED.score, computed_at = EXCLUDED.computed_at"
        f" WHERE {table}.score <> EXCLUDED.score"
    )


def _row(model: Table, match: Scored, now: datetime) -> Match | MatchReserve:
    return model(
        request_id=None if match.request_id is None else int(match.request_id),
        student_id=None if match.student_id is None else int(match.student_id),
        opportunity_id=int(match.opportunity_id),
        score=match.score,
        computed_at=now,
    )


def _pair_row(
    model: Table,
    seeker: Seeker,
    opportunity_id: int,
    score: float,
    now: datetime,
) -> Match | MatchReserve:
    kind, pk = seeker
    return model(**{f"{kind}_id": pk}, opportunity_id=opportunity_id, score=score, computed_at=now)


# --- PostgreSQL: COPY into a staging table, then one DELETE and one INSERT per kind of seeker ---

STAGING = "matching_match_staging"
# Fewer rows go by Django's upsert (one query per kind of seeker, against six statements): an
# incremental update writes a handful.
COPY_FROM = 1000


def _copies(rows: Sized) -> bool:
    return connection.vendor == "postgresql" and len(rows) >= COPY_FROM


def _replace_copied(model: Table, scored: Sequence[Scored], *, scope: Q) -> None:
    """`_replace` on PostgreSQL (in its transaction): the rows go to a temporary table by COPY
    (no JSON, no Python objects per row but a line of text), then set-based statements make
    the rows in `scope` exactly those."""
    _staged(scored)
    in_scope = model.objects.filter(scope).order_by().values("pk")
    in_scope, params = in_scope.query.sql_with_params()
    table = model._meta.db_table
    # A row has one seeker and ids are positive: NULL as 0 keeps the comparison of
    # IS NOT DISTINCT FROM, and lets the anti-join hash on all three columns (on the
    # opportunity alone, closing a popular one compared 311 million pairs: 14 s).
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} AS m WHERE m.id IN ({in_scope}) AND NOT EXISTS ("  # noqa: S608
            f"SELECT 1 FROM {STAGING} AS s WHERE s.opportunity_id = m.opportunity_id"
            " AND COALESCE(s.request_id, 0) = COALESCE(m.request_id, 0)"
            " AND COALESCE(s.student_id, 0) = COALESCE(m.student_id, 0))",
            params,
        )
    _merge_staged(model, timezone.now())


def _staged(rows: Sequence[Scored | Match]) -> None:
    """Empty the staging table (temporary: this session's, emptied at commit) and COPY the
    rows into it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGING} (request_id bigint, "
            "student_id bigint, opportunity_id bigint NOT NULL, score double precision NOT NULL)"
            " ON COMMIT DELETE ROWS"
        )
        cursor.execute(f"TRUNCATE {STAGING}")
        with cursor.copy(f"COPY {STAGING} FROM STDIN") as copy:
            for start in range(0, len(rows), 10_000):
                copy.write("".join(map(_copy_line, rows[start : start + 10_000])))


def _copy_line(row: Scored | Match) -> str:
    """One row in COPY's text format; repr() of a float reads back as the same float."""
    request = r"\N" if row.request_id is None else int(row.request_id)
    student = r"\N" if row.student_id is None else int(row.student_id)
    return f"{request}\t{student}\t{int(row.opportunity_id)}\t{row.score!r}\n"


def _merge_staged(model: Table, now: datetime) -> None:
    """Insert the staged rows, or update the score of a pair stored already (it keeps its id);
    a pair stored with the same score is left as it is, as the incremental update leaves it
    (re-ranking the lists a popular opportunity left rewrote 270,000 rows for a few new)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        for seeker in ("request_id", "student_id"):
            cursor.execute(
                f"INSERT INTO {table} ({COLUMNS})"  # noqa: S608
                f" SELECT request_id, student_id, opportunity_id, score, %s FROM {STAGING}"
                f" WHERE {seeker} IS NOT NULL ORDER BY {seeker}, opportunity_id"
                + _on_conflict(model, seeker),
                [now],
            )


def _remove_unmatchable() -> None:
    """Rows whose opportunity or request stopped being matchable since they were written."""
    with transaction.atomic():
        for model in TABLES:
            model.objects.exclude(opportunity__in=selectors.matchable_opportunities()).delete()
            model.objects.filter(request__isnull=False).exclude(
                request__in=selectors.open_requests()
            ).delete()
