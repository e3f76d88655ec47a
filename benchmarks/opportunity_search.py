"""Opportunity search, the API and the page, against a large PostgreSQL database.

Run by `make bench` after `load_demo --scale`: filtered searches (programme + near/within_km +
period, with the form's own choices) sent one at a time over HTTP to the app served as in
production (gunicorn, one worker, persistent database connections: benchmarks/server.py), so
the CPU per request is the server's own (its process, and its PostgreSQL backend) and none of
it the client's; latency and the machine's load beside it. The SQL queries per request are
counted in-process, through Django's full request stack. Every response is checked: a page of
opportunities, never a form error. Targets (DESIGN.md § Performance targets): CPU per request
≤ 8 ms web + ≤ 8 ms PostgreSQL; SQL queries per request constant, also on `?page=2`.
"""

import json
import os
import random
import statistics
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from backend.reference.models import Municipality, Programme  # noqa: E402
from benchmarks import cpu, server  # noqa: E402
from benchmarks.searches import search_query  # noqa: E402
from benchmarks.table import Result, print_table  # noqa: E402
from companies.models import Opportunity  # noqa: E402
from frontend.forms.search import RADII  # noqa: E402

REQUESTS = 200
WARMUP = 20
COUNTED = 40  # requests whose queries are counted, in-process
PORT = 8766
APP_NAME = "bench-search"  # the PostgreSQL application_name of the server's connections
TARGET_CPU_MS = 8.0
RESULTS_MARKER = b'<p role="status"><strong>'
FORM_ERROR_MARKER = b'class="errorlist"'


def _queries(rng: random.Random, count: int) -> list[str]:
    programmes = list(Programme.objects.filter(kind="yrkesprogram").values_list("code", flat=True))
    region = Municipality.objects.filter(in_region=True)
    municipalities = list(region.values_list("code", flat=True))
    radii = [km for km, _ in RADII]
    today = timezone.localdate()
    return [
        search_query(
            rng, today=today, programmes=programmes, municipalities=municipalities, radii=radii
        )
        for _ in range(count)
    ]


def _check(url: str, status: int, body: bytes) -> None:
    """Stop the benchmark on anything but a page of opportunities."""
    if status != 200:
        sys.exit(f"{url}: HTTP {status}")
    if url.startswith("/api/"):
        page = json.loads(body)
        if not isinstance(page.get("count"), int) or not isinstance(page.get("results"), list):
            sys.exit(f"{url}: not a page of opportunities")
    elif FORM_ERROR_MARKER in body or RESULTS_MARKER not in body:
        sys.exit(f"{url}: not a page of results (a form error?)")


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://{server.HOST}:{PORT}{url}") as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _served(web: list[int], urls: list[str]) -> tuple[list[float], cpu.Cost]:
    """Latency of each request, and the CPU per request of the server's processes (`web`) and
    of their PostgreSQL backends."""
    timings = []
    backends = cpu.backend_pids(APP_NAME)
    web_before, database_before = cpu.process_cpu(web), cpu.process_cpu(backends)
    for url in urls:
        start = time.perf_counter()
        status, body = _get(url)
        timings.append((time.perf_counter() - start) * 1000)
        _check(url, status, body)
    web_ms = (cpu.process_cpu(web) - web_before) * 1000 / len(urls)
    database_ms = (cpu.process_cpu(backends) - database_before) * 1000 / len(urls)
    return timings, cpu.Cost(web_ms, database_ms, len(urls))


def _query_counts(client: Client, urls: list[str]) -> list[int]:
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, HTTP_HOST="127.0.0.1", secure=True)
        _check(url, response.status_code, response.content)
        counts.append(len(queries))
        reset_queries()
    return counts


def _results(
    name: str, timings: list[float], cost: cpu.Cost, query_counts: list[int], past_end: int
) -> list:
    median = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[-1]
    return [
        Result(
            f"{name} ({cpu.machine_load()})",
            f"{cost}; latency median {median:.1f} ms, p95 {p95:.1f} ms",
            f"CPU <= {TARGET_CPU_MS:.0f} ms web + {TARGET_CPU_MS:.0f} ms PostgreSQL",
            cost.web_ms <= TARGET_CPU_MS and cost.database_ms <= TARGET_CPU_MS,
        ),
        Result(
            f"SQL queries per request: {name}",
            f"{min(query_counts)} to {max(query_counts)}",
            "constant" + (f" (+{past_end} past the last page: the last is shown)" * bool(past_end)),
            max(query_counts) - min(query_counts) <= past_end,
        ),
    ]


def main() -> None:
    call_command("collectstatic", interactive=False, verbosity=0)  # the page's stylesheet
    total = Opportunity.objects.count()
    rng = random.Random(7)  # noqa: S311 - the same searches every run
    client = Client()
    results = []
    searches = [
        ("search API, 50 rows", "/api/v1/opportunities/?{}", 0),
        ("search page", "/opportunities/?{}", 0),
        ("search page 2", "/opportunities/?{}&page=2", 2),
    ]
    log = settings.BASE_DIR / "var" / "bench-search.log"
    with ExitStack() as stack:
        served = server.gunicorn(stack, port=PORT, workers=1, app_name=APP_NAME, log=log)
        web = cpu.process_tree(served.pid)
        for name, url, past_end in searches:
            _served(web, [url.format(q) for q in _queries(rng, WARMUP)])
            measured = _served(web, [url.format(q) for q in _queries(rng, REQUESTS)])
            counted = _queries(rng, WARMUP + COUNTED)  # the first to read the reference data
            counts = _query_counts(client, [url.format(q) for q in counted])[WARMUP:]
            label = f"{name}, {total:,} opportunities ({connection.vendor})"
            results += _results(label, *measured, counts, past_end)
    print_table(results)


if __name__ == "__main__":
    main()
