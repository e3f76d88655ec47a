"""Reads of the stored matches and reserves for recomputation: where each seeker's list changes
hands, the rows of one opportunity, the seekers to rank. A few queries per chunk of seekers, never
one per seeker.
"""

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from math import inf
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Count,
    F,
    FloatField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Cast, Coalesce, RowNumber

from companies.models import Opportunity
from matching.engine import OpportunityIn
from matching.engine.scoring import DISTANCE_FIT, PROGRAMME_FIT, STEM_OVERLAP, weighted_score
from matching.models import Match, MatchReserve
from matching.selectors.candidates import requests_reaching, students_reaching
from matching.selectors.inputs import among, id_array, matchable_opportunities, open_requests
from schools.models import StudentProfile

SEEKERS = ("request", "student")
CHUNK = 500  # seekers per query, within SQLite's limit of parameters

Seeker = tuple[str, int]  # ("request" or "student", id)


@dataclass(frozen=True)
class Row:
    """One stored row of a seeker's list, a match or a reserve: its pair's score and
    opportunity, as its index holds them (read without visiting the table)."""

    score: float
    opportunity: int

    def behind(self, score: float, opportunity: int) -> bool:
        """Whether a pair scoring `score` ranks ahead of this row (ties: the lower id)."""
        return (-score, opportunity) < (-self.score, self.opportunity)


@dataclass(frozen=True)
class ListEdges:
    """Where a seeker's stored list changes hands: its N-th match (N is MATCHING_TOP_N; None
    when it has fewer, so every candidate is stored and the reserve is empty), and the first
    and last row of its reserve (None when empty)."""

    last_shown: Row | None
    first_reserve: Row | None
    last_reserve: Row | None

    @property
    def end(self) -> Row | None:
        """The list's last row, pushed out by a better newcomer; None when not full."""
        if self.last_shown is None:
            return None
        return self.last_reserve or self.last_shown


class StoredPair(NamedTuple):
    """A stored pair of an opportunity (a named tuple: a popular one has thousands)."""

    score: float
    reserve: bool  # a reserve row, not a match


# Above the rounding of the SQL's bound, a weighted mean summed in another order than the
# engine's: a score equal to the bound in exact arithmetic may come out a few units in the
# last place above it.
MARGIN = 1e-9


@dataclass(frozen=True)
class ScoreBound:
    """The highest score one opportunity can give a seeker of one kind (services/ceilings.py),
    from what the reach query reads of the seeker: the engine's weighted mean (in its order,
    over `weights`' components) of the best value each component can take. `best` holds the
    value of the components the query does not read; the programme's fit is `listed` for a
    seeker whose programme is in `programmes`, `unlisted` otherwise; the STEM overlap is the
    share of the areas it wants that are offered, `neutral` when it wants none (read by the
    query); `distance` is the distance's fit by municipality."""

    opportunity: int
    weights: Mapping[str, float]  # of the components that apply, in the engine's order
    best: Mapping[str, float]
    listed: float
    unlisted: float
    programmes: frozenset[str]
    neutral: float
    distance: Mapping[str, float]

    def __call__(self, municipality: str, programme: str | None, overlap: float) -> float:
        """The bound, summed as the engine sums a score: a score is never above it, in floating
        point too (each step of the sum is monotonic), so a tie is a tie."""
        distance = self.distance.get(municipality)
        if distance is None:  # not known: no bound
            return inf
        fit = self.listed if programme in self.programmes else self.unlisted
        read = {PROGRAMME_FIT: fit, STEM_OVERLAP: overlap, DISTANCE_FIT: distance}
        values = {**self.best, **read}
        return weighted_score([(name, values[name], {}) for name in self.weights], self.weights)

    def sql(self) -> tuple[str, str, list[object]]:
        """The bound in SQL, plus MARGIN, for a first cut of the seekers: a join of the
        distances by municipality (d.value) and a condition over r.municipality, r.programme
        and r.stem_overlap, with their parameters (in that order), true where the bound reaches
        n.score. The overlap (a subquery, inlined) is read only where the bound with a full
        overlap reaches n.score: for a popular opportunity, 7,900 of the 21,000 students it
        reaches; `_reaching` decides on the rows it returns."""
        weights = self.weights
        join = (
            " LEFT JOIN unnest(%s::text[], %s::float8[]) AS d(municipality, value)"
            " ON d.municipality = r.municipality"
        )
        bound = (
            "(%s + CASE WHEN r.programme = ANY(%s::text[]) THEN %s ELSE %s END"
            " + %s * {overlap} + d.value) / %s + %s >= n.score"
        )
        reaches = (
            f"d.value IS NULL OR ({bound.format(overlap='%s')}"
            f" AND {bound.format(overlap='r.stem_overlap')})"
        )
        fixed = sum(weights[name] * value for name, value in self.best.items())
        programme = weights[PROGRAMME_FIT]
        fit = [fixed, sorted(self.programmes), programme * self.listed, programme * self.unlisted]
        fit.append(weights[STEM_OVERLAP])
        rest = [sum(weights.values()) or 1.0, MARGIN]
        full = max(1.0, self.neutral)  # an overlap is a share of the areas wanted, or neutral
        distance = [weights[DISTANCE_FIT] * value for value in self.distance.values()]
        params = [list(self.distance), distance]
        return join, reaches, [*params, *fit, full, *rest, *fit, *rest]


def seekers_reached(
    opportunity: OpportunityIn,
    *,
    top_n: int,
    bounds: Mapping[str, ScoreBound],
    holding: Collection[Seeker] = (),
) -> dict[Seeker, Row | None]:
    """The open requests and the students whose programme, fields or occupations the
    opportunity takes (and, for students, who live within reach) and whose list it may enter,
    with their list's end (`ListEdges.end`; None: not full): a list not full, or whose end
    ranks behind the seeker's bound (`bounds` by kind of seeker). The seekers `holding` the
    pair are left out: the service rescores them all, and reads the edges of the few it needs.
    One query per kind of seeker on PostgreSQL (the ends and the bound read beside the rows),
    more elsewhere."""
    reached: dict[Seeker, Row | None] = {}
    students = StudentProfile.objects.filter(students_reaching(opportunity))
    for kind, rows, place, areas in (
        ("request", open_requests(requests_reaching(opportunity)), "municipality", "stem_areas"),
        ("student", students, "home_municipality", "stem_interests"),
    ):
        held = sorted(pk for k, pk in holding if k == kind)
        rows = _with_stem_overlap(rows, areas, opportunity.stem_areas, bounds[kind].neutral)
        rows = rows.values_list("pk", f"{place}_id", "programme_id", "stem_overlap")
        if connection.vendor == "postgresql":
            if held:  # a hashed NOT IN: no list end walked for them
                rows = rows.exclude(among(held))
            try:
                sql, params = rows.query.sql_with_params()
            except EmptyResultSet:  # an opportunity that takes no programme: no query
                continue
            columns = "id, municipality, programme, stem_overlap"
            found = _with_ends(kind, sql, params, columns, top_n, bounds[kind])
        else:
            found = _with_ends_here(kind, rows, set(held), top_n)
        reached.update(((kind, pk), end) for pk, end in _reaching(found, bounds[kind]))
    return reached


def _reaching(found: Iterable[tuple], bound: ScoreBound) -> Iterator[tuple[int, Row | None]]:
    """The seekers (id, list end, and the municipality, programme and STEM overlap the bound
    reads) whose list the opportunity may enter: not full, or its bound ranks ahead of the
    list's end (on a tie, the lower opportunity id: a list ending in equal scores keeps its
    rows from a newer opportunity that scores the same). The bound is computed once for the
    seekers alike in what it reads."""
    scores: dict[tuple, float] = {}
    for pk, end, *read in found:
        key = tuple(read)
        if key not in scores:
            scores[key] = bound(*read)
        if end is None or end.behind(scores[key], bound.opportunity):
            yield pk, end


def _with_ends_here(kind: str, rows: Iterable[tuple], held: set[int], top_n: int) -> list[tuple]:
    """`_with_ends` in Python, for databases other than PostgreSQL: every row kept."""
    rows = {pk: kept for pk, *kept in rows if pk not in held}
    edges = list_edges([(kind, pk) for pk in rows], top_n=top_n)
    return [(pk, edges[(kind, pk)].end, *kept) for pk, kept in rows.items()]


@contextmanager
def without_jit() -> Iterator[None]:
    """No JIT compilation for the queries inside, in the caller's transaction (PostgreSQL). The
    reach query of a popular opportunity (30,000 seekers) passes jit_above_cost, and compiling
    took 350 ms, a third of the query, for a walk of index entries that gains nothing from it.
    After an error the transaction is rolled back, and the setting with it."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
        jit = cursor.fetchone()[0]
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('jit', %s, true)", [jit])


def _with_stem_overlap(
    rows: QuerySet, areas: str, offered: frozenset[str], neutral: float
) -> QuerySet:
    """The seekers with the share of the STEM areas each wants (`areas`, its many-to-many
    field) that are `offered`, `neutral` when it wants none (stem_overlap's rule): one walk of
    its entries in the index of areas, in one subquery (referred to once: PostgreSQL inlines
    it, and ran the two counts it replaces three times a row)."""
    through = rows.model._meta.get_field(areas).remote_field.through
    column = f"{rows.model._meta.model_name}_id"
    mine = through.objects.filter(**{column: OuterRef("pk")}).order_by().values(column)
    share = Min(Value(0.0))  # any areas wanted, none offered
    if offered:
        shared = Count("stemarea_id", filter=Q(stemarea_id__in=sorted(offered)))
        share = Cast(shared, FloatField()) / Cast(Count("*"), FloatField())
    overlap = Subquery(mine.annotate(share=share).values("share"))
    return rows.order_by().annotate(stem_overlap=Coalesce(overlap, Value(neutral)))


def list_edges(seekers: Iterable[Seeker], *, top_n: int) -> dict[Seeker, ListEdges]:
    """The list edges of every given seeker: one query per kind of seeker on PostgreSQL (a
    few index entries per seeker), two per chunk of CHUNK seekers elsewhere."""
    seekers = list(seekers)
    edges: dict[Seeker, ListEdges] = {}
    if connection.vendor != "postgresql":
        for kind, part in _chunks(seekers):
            edges.update(((kind, pk), edge) for pk, edge in _edges_read(kind, part, top_n).items())
        return edges
    for kind in SEEKERS:
        ids = sorted(pk for k, pk in seekers if k == kind)
        if ids:
            found = _with_edges(kind, "SELECT unnest(%s::bigint[])", [id_array(ids)], "id", top_n)
            edges.update(((kind, pk), found[pk]) for pk in ids)
    return edges


def _edges_read(kind: str, ids: list[int], top_n: int) -> dict[int, ListEdges]:
    """`list_edges` with the ORM: each seeker's N-th match by a window, its reserve whole (at
    most MATCHING_RESERVE rows each)."""
    seeker = F(f"{kind}_id")
    nth = (
        Match.objects.filter(**{f"{kind}_id__in": ids})
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[seeker],
                order_by=[F("score").desc(), F("opportunity_id").asc()],
            )
        )
        .filter(place=top_n)
        .order_by()
        .values_list(f"{kind}_id", "score", "opportunity_id")
    )
    last_shown = {pk: Row(*row) for pk, *row in nth}
    reserves: dict[int, list[Row]] = {}
    rows = MatchReserve.objects.filter(**{f"{kind}_id__in": ids}).order_by(
        f"{kind}_id", "-score", "opportunity_id"
    )
    for pk, *row in rows.values_list(f"{kind}_id", "score", "opportunity_id"):
        reserves.setdefault(pk, []).append(Row(*row))
    return {
        pk: ListEdges(
            last_shown.get(pk),
            reserves[pk][0] if pk in reserves else None,
            reserves[pk][-1] if pk in reserves else None,
        )
        for pk in ids
    }


def _with_edges(
    kind: str, source: str, params: Sequence[object], columns: str, top_n: int
) -> dict[int, ListEdges]:
    """The seekers of `source` (SQL whose first column is a seeker's id; `columns` names them)
    with their list edges, read in the indexes of their rows by score beside each row (index-
    only: no row's id): the reserve's first and last entries, and the N-th match, the last
    entry of a list with a reserve (which is full), else found by a walk of N entries."""
    shown, spare = Match._meta.db_table, MatchReserve._meta.db_table
    row = _ROW.format(kind=kind)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.id, e.score, e.opportunity_id, f.score, f.opportunity_id,"  # noqa: S608
            f" l.score, l.opportunity_id FROM ({source}) AS r({columns})"
            f" LEFT JOIN LATERAL ({row.format(spare)} ORDER BY score DESC, opportunity_id"
            " LIMIT 1) AS f ON true"
            f" LEFT JOIN LATERAL ({row.format(spare)} ORDER BY score, opportunity_id DESC"
            " LIMIT 1) AS l ON true"
            # Only one side runs: the other's condition on l is false before any entry is read.
            f" LEFT JOIN LATERAL (({row.format(shown)} AND l.score IS NOT NULL"
            " ORDER BY score, opportunity_id DESC LIMIT 1) UNION ALL"
            f" ({row.format(shown)} AND l.score IS NULL ORDER BY score DESC, opportunity_id"
            " OFFSET %s LIMIT 1)) AS e ON true",
            [*params, top_n - 1],
        )
        return {
            pk: ListEdges(*(_row(found[at : at + 2]) for at in (0, 2, 4)))
            for pk, *found in cursor.fetchall()
        }


def _with_ends(
    kind: str, source: str, params: Sequence[object], columns: str, top_n: int, bound: ScoreBound
) -> list[tuple]:
    """The seekers of `source` whose list the bound in SQL may enter: the id, the list's end
    (the reserve's last index entry, else (no reserve) the N-th match, found by a walk of N
    entries; None: not full), and the municipality, programme and STEM overlap."""
    shown, spare = Match._meta.db_table, MatchReserve._meta.db_table
    row = _ROW.format(kind=kind)
    join, where, bound_params = bound.sql()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.id, n.score, n.opportunity_id,"  # noqa: S608
            " r.municipality, r.programme, r.stem_overlap"
            f" FROM ({source}) AS r({columns})"
            f" LEFT JOIN LATERAL ({row.format(spare)} ORDER BY score, opportunity_id DESC"
            " LIMIT 1) AS l ON true"
            f" LEFT JOIN LATERAL ({row.format(shown)} AND l.score IS NULL"
            " ORDER BY score DESC, opportunity_id OFFSET %s LIMIT 1) AS e ON true"
            " CROSS JOIN LATERAL (SELECT COALESCE(l.score, e.score) AS score,"
            f" COALESCE(l.opportunity_id, e.opportunity_id) AS opportunity_id) AS n{join}"
            f" WHERE n.score IS NULL OR {where}",
            [*params, top_n - 1, *bound_params],
        )
        return [(pk, _row((score, opportunity)), *read) for pk, score, opportunity, *read in cursor]


# One seeker's rows in a table (formatted in), in its index by score.
_ROW = "SELECT score, opportunity_id FROM {{}} WHERE {kind}_id = r.id"


def _row(values: Sequence) -> Row | None:
    return None if values[0] is None else Row(*values)


def best_reserve_ids(seekers: Iterable[Seeker]) -> dict[Seeker, int]:
    """The id of each seeker's best reserve row (none for a seeker with an empty reserve): one
    query per chunk of CHUNK seekers, reading their reserves whole (a few rows each)."""
    best: dict[Seeker, int] = {}
    for kind, part in _chunks(seekers):
        rows = MatchReserve.objects.filter(**{f"{kind}_id__in": part}).order_by(
            f"{kind}_id", "-score", "opportunity_id"
        )
        for pk, seeker in rows.values_list("pk", f"{kind}_id"):
            best.setdefault((kind, seeker), pk)
    return best


def holding_matches(seekers: Iterable[Seeker], *, at_least: int) -> set[Seeker]:
    """The seekers with at least this many stored matches (a few index entries each)."""
    held: set[Seeker] = set()
    for kind, part in _chunks(seekers):
        counts = dict(
            Match.objects.filter(**{f"{kind}_id__in": part})
            .order_by()
            .values_list(f"{kind}_id")
            .annotate(rows=Count("*"))
            .values_list(f"{kind}_id", "rows")
        )
        held.update((kind, pk) for pk in part if counts.get(pk, 0) >= at_least)
    return held


def _chunks(seekers: Iterable[Seeker]) -> Iterator[tuple[str, list[int]]]:
    """The seekers' ids by kind, CHUNK at a time."""
    seekers = list(seekers)
    for kind in SEEKERS:
        ids = sorted(pk for k, pk in seekers if k == kind)
        for start in range(0, len(ids), CHUNK):
            yield kind, ids[start : start + CHUNK]


def seeker_of(request_id: int | None, student_id: int | None) -> Seeker:
    """The seeker of a stored row, by its two columns (one is NULL)."""
    return ("request", request_id) if request_id is not None else ("student", student_id)


def opportunity_stored_pairs(*, opportunity_id: int) -> dict[Seeker, StoredPair]:
    """Every stored pair of the opportunity, match or reserve, by seeker, its score only: one
    query for each, read from the index by opportunity alone."""
    pairs: dict[Seeker, StoredPair] = {}
    for model in (Match, MatchReserve):
        rows = model.objects.filter(opportunity_id=opportunity_id).order_by()
        for request, student, score in rows.values_list("request_id", "student_id", "score"):
            pairs[seeker_of(request, student)] = StoredPair(score, model is MatchReserve)
    return pairs


def row_ids(
    model: type[Match] | type[MatchReserve], pairs: Iterable[tuple[Seeker, int]]
) -> list[int]:
    """The ids of the rows of `model` of these (seeker, opportunity) pairs: one query per kind
    of seeker (PostgreSQL: the pairs as two arrays, each found in the unique index), or per
    chunk of CHUNK seekers."""
    wanted = set(pairs)
    ids: list[int] = []
    if connection.vendor == "postgresql":
        for kind in SEEKERS:
            ids += _pair_ids(model, kind, [(pk, o) for (k, pk), o in wanted if k == kind])
        return ids
    for kind, part in _chunks({seeker for seeker, _ in wanted}):
        members = set(part)
        opportunities = {o for (k, pk), o in wanted if k == kind and pk in members}
        rows = model.objects.filter(
            **{f"{kind}_id__in": part}, opportunity_id__in=sorted(opportunities)
        ).values_list("pk", f"{kind}_id", "opportunity_id")
        ids += [pk for pk, seeker, o in rows.order_by() if ((kind, seeker), o) in wanted]
    return ids


def _pair_ids(
    model: type[Match] | type[MatchReserve], kind: str, pairs: list[tuple[int, int]]
) -> list[int]:
    if not pairs:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT m.id FROM unnest(%s::bigint[], %s::bigint[]) AS p(seeker, opportunity)"  # noqa: S608
            f" JOIN {table} AS m ON m.{kind}_id = p.seeker AND m.opportunity_id = p.opportunity",
            [id_array(pk for pk, _ in pairs), id_array(o for _, o in pairs)],
        )
        return [pk for (pk,) in cursor.fetchall()]


def opportunity_ids_to_recompute(where: Q) -> set[int]:
    """The opportunities in `where` that are matchable now or still have stored rows (matches
    or reserves: a reserve left behind would come back as a match)."""
    ids = set(matchable_opportunities(where).values_list("pk", flat=True))
    for model in (Match, MatchReserve):
        stored = model.objects.filter(
            opportunity__in=Opportunity.objects.filter(where).values("pk")
        )
        ids |= set(stored.order_by().values_list("opportunity_id", flat=True).distinct())
    return ids


def seeker_ids(kind: str) -> QuerySet:
    """The ids of the open requests, or of every student profile, in id order."""
    rows = open_requests() if kind == "request" else StudentProfile.objects.all()
    return rows.order_by("pk").values_list("pk", flat=True)
