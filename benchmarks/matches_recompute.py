"""The stored matches against a large PostgreSQL database: the incremental update after one
opportunity changes, and (with --full) the full recomputation.

Run by `make bench` after `load_demo --scale`. The incremental update runs the real service
(`matches_recompute_for_opportunity`: the SQL narrowing, the engine's reverse lookup, the
top-N bookkeeping and the writes) for a few published opportunities, each run in a transaction
that is rolled back, so the demo data and its matches are left as they were.
Target (DESIGN.md § Performance targets): < 200 ms with 20,000 open requests.
`--full` also times `matches_recompute_all`, which rewrites every match (derived data only).
"""

import argparse
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from benchmarks.table import Result, print_table  # noqa: E402
from matching import conf, selectors, services  # noqa: E402
from matching.models import Match  # noqa: E402

OPPORTUNITIES = 10  # published opportunities, spread over the ids
RUNS = 3  # timed runs of each, after one warm-up
TARGET_MS = 200.0


def _timed_update(opportunity_id: int) -> tuple[float, int]:
    """One incremental update, rolled back: (milliseconds, SQL queries)."""
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            services.matches_recompute_for_opportunity(opportunity_id=opportunity_id)
            elapsed = (time.perf_counter() - start) * 1000
        transaction.set_rollback(True)
    return elapsed, len(queries)


def _sample(count: int) -> list[int]:
    ids = list(selectors.matchable_opportunities().order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // count)
    return ids[::step][:count]


def incremental() -> list[Result]:
    requests = selectors.open_requests().count()
    timings, query_counts = [], []
    for opportunity_id in _sample(OPPORTUNITIES):
        _timed_update(opportunity_id)  # warm-up: caches, the planner
        for _ in range(RUNS):
            elapsed, queries = _timed_update(opportunity_id)
            timings.append(elapsed)
            query_counts.append(queries)
    median, worst = statistics.median(timings), max(timings)
    return [
        Result(
            f"incremental match update, one opportunity, {requests:,} open requests "
            f"({connection.vendor}, top {conf.top_n()})",
            f"median {median:.0f} ms, max {worst:.0f} ms",
            f"< {TARGET_MS:.0f} ms",
            median < TARGET_MS,
        ),
        Result(
            "SQL queries per incremental update",
            f"{min(query_counts)} to {max(query_counts)}",
            "a few per chunk of seekers",
            max(query_counts) <= 40,
        ),
    ]


def full() -> list[Result]:
    totals = services.matches_recompute_all()
    rows = Match.objects.count()
    return [
        Result(
            f"full match recompute, {totals.opportunities:,} opportunities, "
            f"{totals.requests:,} requests, {totals.students:,} students",
            f"{totals.seconds:.0f} s, {rows:,} rows",
            f"<= {conf.top_n()} rows per seeker",
            rows <= conf.top_n() * (totals.requests + totals.students),
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also time a full recomputation")
    options = parser.parse_args()
    results = incremental()
    if options.full:
        results += full()
    print_table(results)


if __name__ == "__main__":
    main()
