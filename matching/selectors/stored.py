"""Reads of the stored matches for recomputation: where each seeker's top-N list ends, the rows
of one opportunity, the seekers to rank. A few queries per chunk of seekers, never one per seeker.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from companies.models import Opportunity
from matching.models import Match
from matching.selectors.inputs import matchable_opportunities, open_requests
from schools.models import StudentProfile

SEEKERS = ("request", "student")
CHUNK = 500  # seekers per query, within SQLite's limit of parameters

Seeker = tuple[str, int]  # ("request" or "student", id)


@dataclass(frozen=True)
class ListEnd:
    """A seeker's stored list: how many rows, and its worst row (lowest score, then the highest
    opportunity id), the one the next better match evicts."""

    count: int
    worst_pk: int
    worst_score: float
    worst_opportunity: int


@dataclass(frozen=True)
class StoredPair:
    pk: int
    score: float


def match_list_ends(seekers: Iterable[Seeker]) -> dict[Seeker, ListEnd]:
    """The list end of every given seeker that has stored rows: one query per kind of seeker
    (PostgreSQL: each seeker's worst row read backwards in its (seeker, score) index, its rows
    counted in the index only), or one windowed aggregate query per chunk of CHUNK seekers."""
    seekers = list(seekers)
    if connection.vendor == "postgresql":
        return _list_ends_by_index(seekers)
    ends: dict[Seeker, ListEnd] = {}
    for kind in SEEKERS:
        ids = sorted(pk for k, pk in seekers if k == kind)
        for start in range(0, len(ids), CHUNK):
            seeker = F(f"{kind}_id")
            rows = (
                Match.objects.filter(**{f"{kind}_id__in": ids[start : start + CHUNK]})
                .annotate(
                    rows=Window(Count("pk"), partition_by=[seeker]),
                    place=Window(
                        RowNumber(),
                        partition_by=[seeker],
                        order_by=[F("score").asc(), F("opportunity_id").desc()],
                    ),
                )
                .filter(place=1)
                .order_by()
                .values_list(f"{kind}_id", "rows", "pk", "score", "opportunity_id")
            )
            for pk, count, worst_pk, score, opportunity in rows:
                ends[(kind, pk)] = ListEnd(count, worst_pk, score, opportunity)
    return ends


def _list_ends_by_index(seekers: list[Seeker]) -> dict[Seeker, ListEnd]:
    ends: dict[Seeker, ListEnd] = {}
    table = Match._meta.db_table
    for kind in SEEKERS:
        ids = sorted(pk for k, pk in seekers if k == kind)
        if not ids:
            continue
        column = f"{kind}_id"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT s.id, n.count, w.id, w.score, w.opportunity_id"  # noqa: S608
                f" FROM unnest(%s::bigint[]) AS s(id)"
                f" CROSS JOIN LATERAL (SELECT m.id, m.score, m.opportunity_id FROM {table} m"
                f" WHERE m.{column} = s.id ORDER BY m.score, m.opportunity_id DESC LIMIT 1) w"
                f" CROSS JOIN LATERAL (SELECT count(*) FROM {table} m WHERE m.{column} = s.id) n",
                [ids],
            )
            for pk, count, worst_pk, score, opportunity in cursor.fetchall():
                ends[(kind, pk)] = ListEnd(count, worst_pk, score, opportunity)
    return ends


def opportunity_stored_pairs(*, opportunity_id: int) -> dict[Seeker, StoredPair]:
    """Every stored row of the opportunity, by seeker, its score only (one query)."""
    rows = Match.objects.filter(opportunity_id=opportunity_id).order_by()
    return {
        ("request", request) if request is not None else ("student", student): StoredPair(pk, score)
        for pk, request, student, score in rows.values_list(
            "pk", "request_id", "student_id", "score"
        )
    }


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
