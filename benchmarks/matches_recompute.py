"""The stored matches against a large PostgreSQL database: the incremental update after one
opportunity changes, and (with --full) the full recomputation on 1 and on 2 Celery workers.

Run by `make bench` after `load_demo --scale`. The incremental update runs the real service
(`matches_recompute_for_opportunity`: the SQL narrowing, the engine's reverse lookup, the
top-N bookkeeping and the writes) for published opportunities spread over the ids, after an
edit the engine reads (one STEM area offered or withdrawn: the score of every seeker wanting
it moves), each run in a transaction that is rolled back once the foreign keys' checks that
a commit would run have run (timed), so the data and its matches are left as they were. It is
measured on a populated table (the stored matches of every seeker; `--full`, or
`manage.py recompute_matches`, fills it), and refuses an empty one.
`--full` times the full recomputation as the nightly task runs it (matching.tasks: a chord of
tasks over chunks of seekers) on workers started here with the broker BENCH_BROKER_URL, once
with one worker process and once with two, each into a table emptied first (every row
written, the costliest night); `--sample N` times N tasks' chunks only, spread over
the plan, and extrapolates to every seeker (said in the table). `--popular N` also times the N
opportunities with the most stored matches, whose change reaches the most lists, after the
same edit and after closing them (every list holding the pair loses it: the best of its
reserve takes its place); they are the tail of the updates, so they are judged by the maximum
alone. Without `--full` only the incremental update runs. Targets (DESIGN.md § Performance
targets): incremental median < 100 ms, max < 300 ms; full ≤ 5 min on 2 cores (the run on the
most workers), sooner than on fewer workers.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict

import django
import psycopg

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
BROKER = os.environ.get("BENCH_BROKER_URL", "")
if "--full" in sys.argv:
    # This process sends the tasks: the broker the workers started here listen to.
    os.environ["CELERY_BROKER_URL"] = BROKER or sys.exit("--full needs BENCH_BROKER_URL")
django.setup()

from celery import group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from backend.celery import app  # noqa: E402
from backend.reference.models import StemArea  # noqa: E402
from benchmarks import cpu  # noqa: E402
from benchmarks.table import Result, print_table  # noqa: E402
from companies.models import Opportunity  # noqa: E402
from matching import conf, selectors, services, tasks  # noqa: E402
from matching.models import Match, MatchReserve  # noqa: E402

OPPORTUNITIES = 10  # published opportunities, spread over the ids
RUNS = 3  # timed runs of each, after one warm-up
TARGET_MEDIAN_MS, TARGET_MAX_MS = 100.0, 300.0
TARGET_FULL_S = 300.0


def _timed_update(opportunity_id: int, *, close: bool = False) -> tuple[float, int]:
    """One incremental update, rolled back, on vacuumed tables: (milliseconds, the service's SQL
    queries)."""
    _vacuumed()
    with transaction.atomic():
        _changed(opportunity_id, close=close)
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            services.matches_recompute_for_opportunity(opportunity_id=opportunity_id)
        _checked()
        elapsed = (time.perf_counter() - start) * 1000
        transaction.set_rollback(True)
    return elapsed, len(queries)


def _checked() -> None:
    """The foreign keys' checks of the rows written, which PostgreSQL defers to the commit (a
    rolled-back update never runs them): run now, so the time is what a committed update
    takes. A popular opportunity's closing moves 9,000 rows: 90 to 150 ms of checks."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _changed(opportunity_id: int, *, close: bool) -> None:
    """The change the update follows (not timed), as a company makes it: the opportunity closes,
    or its first STEM area is withdrawn if offered, else offered."""
    if close:
        closed = {"status": Opportunity.Status.CLOSED, "closed_at": timezone.now()}
        Opportunity.objects.filter(pk=opportunity_id).update(**closed)
        return
    areas = Opportunity.objects.get(pk=opportunity_id).stem_areas
    first = StemArea.objects.order_by("pk").first()
    if areas.filter(pk=first.pk).exists():
        areas.remove(first)
    else:
        areas.add(first)


def _sample(count: int) -> list[int]:
    ids = list(selectors.matchable_opportunities().order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // count)
    return ids[::step][:count]


def _popular(count: int) -> list[int]:
    """The opportunities with the most stored matches: their change reaches the most lists."""
    rows = Match.objects.values("opportunity_id").annotate(rows=Count("pk")).order_by("-rows")
    return [row["opportunity_id"] for row in rows[:count]]


def incremental(popular: int) -> list[Result]:
    stored = Match.objects.count()
    if not stored:
        sys.exit("matches_recompute: no stored matches; run with --full (or recompute_matches)")
    requests = selectors.open_requests().count()
    results = _timed_updates(
        _sample(OPPORTUNITIES),
        f"incremental match update, one opportunity, {requests:,} open requests, "
        f"{stored:,} stored matches ({connection.vendor}, top {conf.top_n()}, "
        f"reserve {conf.reserve()}; "
        f"{cpu.machine_load()})",
    )
    if popular:
        most = _popular(popular)
        name = f"the same for the {popular} opportunities with the most stored matches"
        results += _timed_updates(most, f"{name} ({cpu.machine_load()})", tail=True)
        results += _timed_updates(
            most, f"the same, closing each of them ({cpu.machine_load()})", close=True, tail=True
        )
    return results


def _vacuumed() -> None:
    """Vacuum the matches and reserves (not timed). The run before, rolled back, leaves pages
    that are not all-visible, and the index-only scans of the next visit the table for them;
    in production autovacuum clears them after 1 % of the rows changed (migration 0009), and
    this machine runs without autovacuum. On a connection of its own: the CPU of this
    process's backend is the updates' (cpu.InProcess)."""
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        for model in (Match, MatchReserve):
            other.execute(f"VACUUM {model._meta.db_table}")


def _timed_updates(
    opportunities: list[int], name: str, *, close: bool = False, tail: bool = False
) -> list[Result]:
    """The updates' row, and their queries'. The `tail` (the most popular opportunities, the
    slowest by construction) is judged by the maximum alone: the median is the sample's."""
    timings, query_counts = [], []
    updates = 0
    slowest = (0.0, 0)
    with cpu.InProcess() as spent:
        for opportunity_id in opportunities:
            _timed_update(opportunity_id, close=close)  # warm-up: caches, the planner
            for _ in range(RUNS):
                elapsed, queries = _timed_update(opportunity_id, close=close)
                timings.append(elapsed)
                query_counts.append(queries)
                slowest = max(slowest, (elapsed, opportunity_id))
            updates += RUNS + 1
    median, worst = statistics.median(timings), max(timings)
    target = f"max < {TARGET_MAX_MS:.0f} ms"
    if not tail:
        target = f"median < {TARGET_MEDIAN_MS:.0f} ms, {target}"
    return [
        Result(
            name,
            f"median {median:.0f} ms, max {worst:.0f} ms (opportunity {slowest[1]}); "
            f"{spent.cost(updates)}",
            target,
            (tail or median < TARGET_MEDIAN_MS) and worst < TARGET_MAX_MS,
        ),
        Result(
            "SQL queries per incremental update",
            f"{min(query_counts)} to {max(query_counts)}",
            "a few per chunk of seekers",
            max(query_counts) <= 40,
        ),
    ]


def _worker(processes: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "backend", "worker"]
    command += ["--concurrency", str(processes), "--loglevel", "WARNING"]
    worker = subprocess.Popen(command, env=os.environ, stdout=subprocess.DEVNULL)  # noqa: S603
    deadline = time.monotonic() + 120
    while not app.control.ping(timeout=1):
        if time.monotonic() > deadline or worker.poll() is not None:
            worker.terminate()
            sys.exit(f"matches_recompute: the Celery worker did not start on {BROKER}")
    return worker


def _timed_on_workers(processes: int, sample: int | None) -> tuple[float, int, int]:
    """(seconds, seekers done, every seeker) of the recomputation on `processes` workers."""
    chunks = services.matches_recompute_plan()
    every = sum(chunk.size for chunk in chunks)
    per_task = tasks.CHUNKS_PER_TASK
    parts = [chunks[start : start + per_task] for start in range(0, len(chunks), per_task)]
    chosen = parts if sample is None else parts[:: max(1, len(parts) // sample)][:sample]
    _emptied([chunk for part in chosen for chunk in part], every_chunk=sample is None)
    worker = _worker(processes)
    try:
        started = time.perf_counter()
        if sample is None:
            tasks.recompute_all_in_parts().get(timeout=3 * 3600)
            done = every
        else:
            group(tasks.recompute_chunks.si([asdict(c) for c in part]) for part in chosen)().get(
                timeout=3 * 3600
            )
            done = sum(chunk.size for part in chosen for chunk in part)
        return time.perf_counter() - started, done, every
    finally:
        worker.terminate()
        worker.wait(timeout=60)


def _emptied(chunks: list[services.Chunk], *, every_chunk: bool) -> None:
    """No stored matches or reserves for the seekers of `chunks`, so that the timed run writes
    every row, as the first recomputation after a load does. On a populated table a pair whose
    score did not change is not rewritten (matching/services/matches.py): a run repeated on the
    same day, with most scores unchanged, would time far less writing than a night after the
    scores moved. Not timed."""
    with connection.cursor() as cursor:
        for model in (Match, MatchReserve):
            table = model._meta.db_table
            if every_chunk:
                cursor.execute(f"TRUNCATE {table}")
                continue
            for chunk in chunks:
                cursor.execute(
                    f"DELETE FROM {table} WHERE {chunk.kind}_id BETWEEN %s AND %s",  # noqa: S608
                    [chunk.first, chunk.last],
                )
            cursor.execute(f"VACUUM (ANALYZE) {table}")


def full(sample: int | None, workers: list[int]) -> list[Result]:
    """A row per number of worker processes. The target is the machine's: the run on the most
    workers within the time, and sooner than every run on fewer (more workers finish sooner)."""
    opportunities = selectors.matchable_opportunities().count()
    runs = []
    for processes in workers:
        load = cpu.machine_load()  # before: the run's own load is not the neighbours'
        seconds, done, every = _timed_on_workers(processes, sample)
        estimate = seconds * every / max(1, done)
        how = (
            f"{seconds:.0f} s"
            if done == every
            else (f"{estimate:.0f} s extrapolated from {done:,} seekers in {seconds:.0f} s")
        )
        name = (
            f"full match recompute on {processes} Celery worker process(es): "
            f"{opportunities:,} opportunities, {every:,} seekers (before: {load}; "
            f"after: {cpu.machine_load()})"
        )
        runs.append((processes, estimate, name, how))
    most = max(workers)
    fewer = [estimate for processes, estimate, _, _ in runs if processes < most]
    target = f"<= {TARGET_FULL_S:.0f} s on {os.cpu_count()} cores"
    target += ", sooner than on fewer workers" if fewer else ""
    return [
        Result(name, how, target, estimate <= TARGET_FULL_S and all(estimate < f for f in fewer))
        if processes == most
        else Result(name, how, "-", True)
        for processes, estimate, name, how in runs
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also time a full recomputation")
    parser.add_argument(
        "--sample", type=int, metavar="N", help="with --full: time N tasks only, extrapolate"
    )
    parser.add_argument(
        "--workers",
        default="1,2",
        help="with --full: the numbers of worker processes to time, e.g. 2 (default 1,2)",
    )
    parser.add_argument(
        "--popular",
        type=int,
        default=0,
        metavar="N",
        help="also time the N opportunities with the most stored matches (the slowest updates)",
    )
    options = parser.parse_args()
    workers = [int(n) for n in options.workers.split(",")]
    results = full(options.sample, workers) if options.full else []
    results += incremental(options.popular)
    print_table(results)


if __name__ == "__main__":
    main()
