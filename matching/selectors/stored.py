"""Reads of the stored matches for recomputation: where each seeker's top-N list ends, the rows
of one opportunity, the seekers to rank. A few queries per chunk of seekers, never one per seeker.
"""

from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Value, Window
from django.db.models.functions import Coalesce, RowNumber

from companies.models import Opportunity
from matching.engine import OpportunityIn
from matching.models import Match
from matching.selectors.candidates import requests_reaching, students_reaching
from matching.selectors.inputs import among, id_array, matchable_opportunities, open_requests
from schools.models import StudentProfile

SEEKERS = ("request", "student")
CHUNK = 500  # seekers per query, within SQLite's limit of parameters

Seeker = tuple[str, int]  # ("request" or "student", id)


@dataclass(frozen=True)
class ListEnd:
    """A seeker's full stored list: its N-th row (by score, then the lower opportunity id; N is
    MATCHING_TOP_N), the one the next better match evicts, and whether rows follow it (a list
    written under a larger MATCHING_TOP_N)."""

    worst_score: float
    worst_opportunity: int
    overfull: bool


@dataclass(frozen=True)
class StoredPair:
    pk: int
    score: float


class Reached(NamedTuple):
    """A seeker one opportunity may match, what the score's ceiling reads of it, and the end of
    its list (None: not full)."""

    seeker: Seeker
    municipality: str
    lat: float
    lon: float
    programme: str | None
    stem_wanted: int  # STEM areas the seeker wants
    stem_shared: int  # of which the opportunity offers
    end: ListEnd | None


def seekers_reached(
    opportunity: OpportunityIn, *, top_n: int, holding: Collection[Seeker] = ()
) -> list[Reached]:
    """The open requests and the students whose programme, fields or occupations the
    opportunity takes (and, for students, who live within reach): a superset of the seekers it
    matches, each with its list end, but for the seekers `holding` the pair (the service
    rescores them all, and reads the ends of the few it needs). One query per kind of seeker
    on PostgreSQL (the ends read beside the rows), two elsewhere."""
    reached: list[Reached] = []
    students = StudentProfile.objects.filter(students_reaching(opportunity))
    for kind, rows, place, areas in (
        ("request", open_requests(requests_reaching(opportunity)), "municipality", "stem_areas"),
        ("student", students, "home_municipality", "stem_interests"),
    ):
        held = sorted(pk for k, pk in holding if k == kind)
        rows = _with_stem_counts(rows, areas, opportunity.stem_areas).values_list(
            "pk",
            f"{place}_id",
            f"{place}__latitude",
            f"{place}__longitude",
            "programme_id",
            "stem_wanted",
            "stem_shared",
        )
        if connection.vendor == "postgresql":
            if held:  # a hashed NOT IN: no list end walked for them
                rows = rows.exclude(among(held))
            try:
                sql, params = rows.query.sql_with_params()
            except EmptyResultSet:  # an opportunity that takes no programme: no query
                continue
            columns = "id, municipality, lat, lon, programme, stem_wanted, stem_shared"
            found = _with_ends(kind, sql, params, columns, top_n)
        else:
            held = set(held)
            rows = {pk: kept for pk, *kept in rows if pk not in held}
            ends = match_list_ends([(kind, pk) for pk in rows], top_n=top_n)
            found = {pk: (kept, ends.get((kind, pk))) for pk, kept in rows.items()}
        reached += [Reached((kind, pk), *kept, end) for pk, (kept, end) in found.items()]
    return reached


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


def _with_stem_counts(rows: QuerySet, areas: str, offered: frozenset[str]) -> QuerySet:
    """The seekers with how many STEM areas each wants (`areas`, its many-to-many field) and
    how many of them are `offered`: two counts in its index of areas per row."""
    through = rows.model._meta.get_field(areas).remote_field.through
    column = f"{rows.model._meta.model_name}_id"
    mine = through.objects.filter(**{column: OuterRef("pk")}).order_by().values(column)
    shared = Value(0)
    if offered:
        shared = _counted(mine.filter(stemarea_id__in=sorted(offered)))
    return rows.order_by().annotate(stem_wanted=_counted(mine), stem_shared=shared)


def _counted(rows: QuerySet) -> Coalesce:
    return Coalesce(Subquery(rows.annotate(n=Count("*")).values("n")), 0)


def match_list_ends(seekers: Iterable[Seeker], *, top_n: int) -> dict[Seeker, ListEnd]:
    """The list end of every given seeker whose list is full: one query per kind of seeker
    (PostgreSQL: each seeker's N-th row read in its (seeker, score) index), or one windowed
    query per chunk of CHUNK seekers."""
    seekers = list(seekers)
    ends: dict[Seeker, ListEnd] = {}
    for kind in SEEKERS:
        ids = sorted(pk for k, pk in seekers if k == kind)
        if not ids:
            continue
        if connection.vendor == "postgresql":
            found = _with_ends(kind, "SELECT unnest(%s::bigint[])", [id_array(ids)], "id", top_n)
            ends.update({(kind, pk): end for pk, (_, end) in found.items() if end is not None})
            continue
        for start in range(0, len(ids), CHUNK):
            seeker = F(f"{kind}_id")
            rows = (
                Match.objects.filter(**{f"{kind}_id__in": ids[start : start + CHUNK]})
                .annotate(
                    rows=Window(Count("pk"), partition_by=[seeker]),
                    place=Window(
                        RowNumber(),
                        partition_by=[seeker],
                        order_by=[F("score").desc(), F("opportunity_id").asc()],
                    ),
                )
                .filter(place=top_n)
                .order_by()
                .values_list(f"{kind}_id", "score", "opportunity_id", "rows")
            )
            for pk, score, opportunity, count in rows:
                ends[(kind, pk)] = ListEnd(score, opportunity, count > top_n)
    return ends


def _with_ends(
    kind: str, source: str, params: Sequence[object], columns: str, top_n: int
) -> dict[int, tuple[list, ListEnd | None]]:
    """The rows of `source` (SQL whose first column is a seeker's id; `columns` names them), by
    id: the other columns and the seeker's list end. Its N-th row and the next, if any, read in
    the index of its rows by score, beside each row: an index-only walk of N entries."""
    table = Match._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT r.*, n.score, n.opportunity_id FROM ({source}) AS r({columns})"  # noqa: S608
            f" LEFT JOIN LATERAL (SELECT m.score, m.opportunity_id FROM {table} AS m"
            f" WHERE m.{kind}_id = r.id ORDER BY m.score DESC, m.opportunity_id"
            " OFFSET %s LIMIT 2) AS n ON true",
            [*params, top_n - 1],
        )
        rows = cursor.fetchall()
    found: dict[int, tuple[list, ListEnd | None]] = {}
    for pk, *kept, score, opportunity in rows:
        if pk not in found:
            found[pk] = (kept, None if score is None else ListEnd(score, opportunity, False))
            continue
        # A second row: the list is overfull, and its N-th row is the better of the two.
        first = found[pk][1]
        nth = min((-first.worst_score, first.worst_opportunity), (-score, opportunity))
        found[pk] = (kept, ListEnd(-nth[0], nth[1], True))
    return found


def opportunity_stored_pairs(*, opportunity_id: int) -> dict[Seeker, StoredPair]:
    """Every stored row of the opportunity, by seeker, its score only (one query)."""
    rows = Match.objects.filter(opportunity_id=opportunity_id).order_by()
    return {
        ("request", request) if request is not None else ("student", student): StoredPair(pk, score)
        for pk, request, student, score in rows.values_list(
            "pk", "request_id", "student_id", "score"
        )
    }


def match_ids(pairs: Iterable[tuple[Seeker, int]]) -> list[int]:
    """The ids of the stored rows of these (seeker, opportunity) pairs: one query per kind of
    seeker and chunk of CHUNK seekers."""
    wanted = set(pairs)
    ids: list[int] = []
    for kind in SEEKERS:
        seekers = sorted({pk for (k, pk), _ in wanted if k == kind})
        for start in range(0, len(seekers), CHUNK):
            part = set(seekers[start : start + CHUNK])
            opportunities = {o for (k, pk), o in wanted if k == kind and pk in part}
            rows = Match.objects.filter(
                **{f"{kind}_id__in": sorted(part)}, opportunity_id__in=sorted(opportunities)
            ).values_list("pk", f"{kind}_id", "opportunity_id")
            ids += [pk for pk, seeker, o in rows.order_by() if ((kind, seeker), o) in wanted]
    return ids


def opportunity_ids_to_recompute(where: Q) -> set[int]:
    """The opportunities in `where` that are matchable now or still have stored rows."""
    matchable = matchable_opportunities(where).values_list("pk", flat=True)
    stored = Match.objects.filter(
        opportunity__in=Opportunity.objects.filter(where).values("pk")
    ).values_list("opportunity_id", flat=True)
    return set(matchable) | set(stored.order_by().distinct())


def seeker_ids(kind: str) -> QuerySet:
    """The ids of the open requests, or of every student profile, in id order."""
    rows = open_requests() if kind == "request" else StudentProfile.objects.all()
    return rows.order_by("pk").values_list("pk", flat=True)
