"""`make bench-load`: gunicorn (2 workers) and a Celery worker on the benchmark database, locust
headless with 16 clients for 60 s over the mix in benchmarks/load_locustfile.py; prints each
kind's latency and errors with its CPU per request beside it (of the web worker and of its
PostgreSQL backend, as the workers measure each request: benchmarks/request_cpu.py), the whole
mix's CPU per request on the total's row, and the machine's load.

Target (DESIGN.md § Performance targets): p95 under 100 ms with 0 errors, CPU per request ≤ 8 ms
web + ≤ 8 ms PostgreSQL for a search (the search page's and the API's rows). The database is the
one `make bench-data` fills (`load_demo --scale 100000`); tasks (the e-mails of an application,
match updates) go through the broker at BENCH_BROKER_URL to a real worker, as in production,
never inside the request. Locust and gunicorn share the machine's cores, so the latency includes
the load generator's own cost; the CPU figures do not. Any response that is not the page or JSON
expected fails the run.

The target holds "with a neighbour using half a core": the run starts that neighbour itself (a
process busy 50 ms of every 100 ms), so the figure means the same on a quiet machine;
`--no-neighbour` leaves it out.
"""

import csv
import json
import math
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import django
import redis
from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db.models import F  # noqa: E402
from django.utils import timezone  # noqa: E402

from backend.accounts.actor import ANONYMOUS, actor_for  # noqa: E402
from backend.accounts.models import Membership, PersonalToken  # noqa: E402
from backend.accounts.tokens import personal_token_create  # noqa: E402
from backend.reference.models import Municipality, Programme  # noqa: E402
from benchmarks import cpu, server  # noqa: E402
from benchmarks.table import Result, print_table  # noqa: E402
from companies.selectors import opportunity_list  # noqa: E402
from frontend.forms.search import RADII  # noqa: E402
from matching.rules import student_level  # noqa: E402
from schools.models import StudentProfile  # noqa: E402

PORT = 8765
CLIENTS, SECONDS = 16, 60
TARGET_P95_MS = 100.0
TARGET_CPU_MS = 8.0
OUT = Path(settings.BASE_DIR) / "var" / "load"
CPU_DIR = OUT / "cpu"  # each web worker's requests' CPU (benchmarks/request_cpu.py)
SEARCHES = ("search page", "search API")  # held to the search's CPU target
STUDENTS = 64
WEB_APP_NAME = "bench-web"  # the PostgreSQL application_name of gunicorn's connections
NEIGHBOUR_BUSY, NEIGHBOUR_PERIOD = 0.05, 0.1  # seconds: half a core


def _open_opportunities():
    """What anyone can open and a student can apply to: public, before its deadline, not full."""
    today = timezone.localdate()
    return (
        opportunity_list(actor=ANONYMOUS)
        .filter(min_age_18=False, places_taken__lt=F("places"))
        .exclude(application_deadline__lt=today)
        .exclude(period_end__lt=today)
        .order_by("?")
    )


def _token(user) -> str:
    """A fresh API key named "load" (the last run's is replaced: only hashes are stored)."""
    PersonalToken.objects.filter(user=user, name="load").delete()
    return personal_token_create(actor=actor_for(user), name="load")[1]


def _session(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _fixture() -> dict:
    students = list(
        StudentProfile.objects.filter(
            user__memberships__status=Membership.Status.APPROVED, user__is_active=True
        )
        .exclude(applications__isnull=False)
        .select_related("user", "programme", "school")
        .order_by("pk")[:STUDENTS]
    )
    open_rows = list(_open_opportunities().values_list("pk", "title", "level")[: STUDENTS * 80])
    # A student applies only at their own level (matching.rules.level_problem): 20 each.
    at_level: dict[str, list[int]] = {}
    for pk, _, level in open_rows:
        at_level.setdefault(level, []).append(pk)
    applies = []
    for student in students:
        pool = at_level.get(student_level(student), [])
        applies.append(pool[:20])
        del pool[:20]
    if len(students) < CLIENTS or not all(applies):
        sys.exit("bench-load: run `make bench-data` first to fill the benchmark database")
    return {
        "today": timezone.localdate().isoformat(),
        "radii": [km for km, _ in RADII],
        "programmes": list(
            Programme.objects.filter(kind="yrkesprogram").values_list("code", flat=True)
        ),
        "municipalities": list(
            Municipality.objects.filter(in_region=True).values_list("code", flat=True)
        ),
        "opportunities": [(pk, title) for pk, title, _ in open_rows[:500]],
        "students": [
            {"token": _token(s.user), "opportunities": ids}
            for s, ids in zip(students, applies, strict=True)
        ],
        "sessions": [_session(s.user) for s in students],
    }


def _neighbour() -> None:
    """Half a core of someone else's work: busy NEIGHBOUR_BUSY of every NEIGHBOUR_PERIOD."""
    while True:
        started = time.perf_counter()
        while time.perf_counter() - started < NEIGHBOUR_BUSY:
            pass
        time.sleep(NEIGHBOUR_PERIOD - NEIGHBOUR_BUSY)


def _start_neighbour(stack: ExitStack) -> None:
    process = multiprocessing.get_context("spawn").Process(target=_neighbour, daemon=True)
    process.start()
    stack.callback(process.join)
    stack.callback(process.terminate)


def _wait_for_worker(broker: str, seconds: float = 60) -> None:
    control = Celery(broker=broker).control
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if control.ping(timeout=1):
            return
    sys.exit(f"bench-load: no Celery worker answered on {broker} within {seconds} s")


def _wait_for_drained(broker: str, seconds: float = 120) -> int:
    """Wait until the worker took every task the run queued; returns the tasks still queued."""
    queue = redis.Redis.from_url(broker)
    deadline = time.monotonic() + seconds
    while (left := queue.llen("celery")) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


def _run(fixture_path: Path, broker: str, *, neighbour: bool) -> dict:
    """Serve, load, measure: the stats file of locust and the CPU the servers spent."""
    env = {**os.environ, **server.ENV, "CELERY_BROKER_URL": broker}
    with ExitStack() as stack:
        worker = server.start(
            stack,
            [sys.executable, "-m", "celery", "-A", "backend", "worker", "--concurrency", "1"],
            {**env, "PGAPPNAME": "bench-worker"},
            OUT / "worker.log",
        )
        shutil.rmtree(CPU_DIR, ignore_errors=True)
        CPU_DIR.mkdir(parents=True)
        web_server = server.gunicorn(
            stack,
            port=PORT,
            workers=2,
            app_name=WEB_APP_NAME,
            log=OUT / "gunicorn.log",
            env={**env, "BENCH_CPU_DIR": str(CPU_DIR)},
            config="python:benchmarks.request_cpu",
        )
        _wait_for_worker(broker)
        if neighbour:
            _start_neighbour(stack)
        web = cpu.process_tree(web_server.pid)
        web_before, worker_before = cpu.process_cpu(web), cpu.process_cpu([worker.pid])
        stats = OUT / "run"
        locust = subprocess.run(  # noqa: S603
            [
                *(sys.executable, "-m", "locust", "-f", "benchmarks/load_locustfile.py"),
                *("--headless", "-u", str(CLIENTS), "-r", str(CLIENTS), "-t", f"{SECONDS}s"),
                *("--host", f"http://{server.HOST}:{PORT}", "--csv", str(stats), "--only-summary"),
                *("--loglevel", "WARNING"),
            ],
            env={**env, "LOAD_FIXTURE": str(fixture_path)},
            check=False,
        )
        measured = {
            "stats": stats.with_name("run_stats.csv"),
            "failures": stats.with_name("run_failures.csv"),
            "locust_exit": locust.returncode,
            "load": cpu.machine_load(),
            "neighbour": neighbour,
            "web_cpu": cpu.process_cpu(web) - web_before,
            "database_cpu": cpu.process_cpu(cpu.backend_pids(WEB_APP_NAME)),
            "tasks_left": _wait_for_drained(broker),
        }
        measured["worker_cpu"] = cpu.process_cpu(cpu.process_tree(worker.pid)) - worker_before
        return measured


def _results(measured: dict) -> list[Result]:
    results = []
    with_neighbour = " + a neighbour using half a core" if measured["neighbour"] else ""
    with measured["stats"].open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by_kind = _cpu_by_kind()
    total = next(int(row["Request Count"]) for row in rows if row["Name"] == "Aggregated")
    per = 1000 / max(1, total)
    mix = (
        f"; CPU of the mix web {measured['web_cpu'] * per:.1f} ms + PostgreSQL "
        f"{measured['database_cpu'] * per:.1f} ms; worker {measured['worker_cpu']:.1f} s in all, "
        f"{measured['tasks_left']} tasks left ({measured['load']} at the end)"
    )
    for row in rows:
        cost = by_kind.get(row["Name"])
        measured_text = (
            f"p50 {row['50%']} ms, p95 {row['95%']} ms, p99 {row['99%']} ms, "
            f"{float(row['Requests/s']):.0f} req/s, {row['Request Count']} requests, "
            f"{row['Failure Count']} errors"
            + (f"; {cost}" if cost else mix if row["Name"] == "Aggregated" else "")
        )
        ok = float(row["95%"]) < TARGET_P95_MS and int(row["Failure Count"]) == 0
        label = f"load, {CLIENTS} clients x {SECONDS} s{with_neighbour}: {row['Name'].lower()}"
        results.append(Result(label, measured_text, "p95 < 100 ms, 0 errors", ok))
    for kind in SEARCHES:
        cost = by_kind.get(kind)
        results.append(
            Result(
                f"load: CPU per request, {kind}",
                str(cost) if cost else "no request of the kind was measured",
                f"<= {TARGET_CPU_MS:.0f} ms web + {TARGET_CPU_MS:.0f} ms PostgreSQL",
                cost is not None
                and cost.web_ms <= TARGET_CPU_MS
                and cost.database_ms <= TARGET_CPU_MS,
            )
        )
    return results


def _cpu_by_kind() -> dict[str, cpu.Cost]:
    """Each kind's mean CPU per request, as the web workers wrote it (benchmarks/request_cpu.py)."""
    web: dict[str, list[float]] = {}
    database: dict[str, list[float]] = {}
    for path in CPU_DIR.glob("*.tsv"):
        for line in path.read_text(encoding="utf-8").splitlines():
            kind, web_ms, database_ms = line.split("\t")
            web.setdefault(kind, []).append(float(web_ms))
            if database_ms:
                database.setdefault(kind, []).append(float(database_ms))
    # No PostgreSQL figure of a kind (every request of it on a new connection) is NaN: its
    # row then fails rather than read 0 ms.
    return {
        kind: cpu.Cost(
            statistics.mean(times), statistics.mean(database.get(kind, [math.nan])), len(times)
        )
        for kind, times in web.items()
    }


def _failures(measured: dict) -> list[str]:
    """What locust recorded as failing: a wrong page, a refused form, an HTTP error."""
    path = measured["failures"]
    if not path.exists():
        return [f"locust exited with {measured['locust_exit']} and wrote no failures file"]
    with path.open(encoding="utf-8") as f:
        found = [
            f"{row['Occurrences']} x {row['Name']}: {row['Error']}" for row in csv.DictReader(f)
        ]
    if measured["locust_exit"] not in (0, 1) and not found:
        found.append(f"locust exited with {measured['locust_exit']}")
    return found


def main() -> None:
    broker = os.environ.get("BENCH_BROKER_URL") or sys.exit(
        "bench-load: set BENCH_BROKER_URL to a Redis for the Celery worker (the Makefile does)"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], check=True)
    fixture_path = OUT / "fixture.json"
    fixture_path.write_text(json.dumps(_fixture()), encoding="utf-8")
    measured = _run(fixture_path, broker, neighbour="--no-neighbour" not in sys.argv)
    print_table(_results(measured))
    failures = _failures(measured)
    if failures:
        print("\nbench-load FAILED: responses that were not the page or JSON expected:")
        print("\n".join(f"  {line}" for line in failures[:20]))
        sys.exit(1)


if __name__ == "__main__":
    main()
