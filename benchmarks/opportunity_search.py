"""Opportunity search, the API and the page, against a large PostgreSQL database.

Run by `make bench` after `load_demo --scale`: filtered searches (programme + near/within_km +
period, with the form's own choices) through Django's full request stack in-process, so the
figures are the server's without the network: latency, CPU per request (this process, and its
PostgreSQL backend) and SQL queries, with the machine's load beside them. Every response is
checked: a page of opportunities, never a form error. Targets (DESIGN.md § Performance
targets): CPU per request ≤ 8 ms web + ≤ 8 ms PostgreSQL; SQL queries per request constant,
also on `?page=2`.
"""

import os
import random
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from backend.reference.models import Municipality, Programme  # noqa: E402
from benchmarks import cpu  # noqa: E402
from benchmarks.searches import search_query  # noqa: E402
from benchmarks.table import Result, print_table  # noqa: E402
from companies.models import Opportunity  # noqa: E402
from frontend.forms.search import RADII  # noqa: E402

REQUESTS = 200
WARMUP = 20
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


def _check(url: str, response) -> None:
    """Stop the benchmark on anything but a page of opportunities."""
    if response.status_code != 200:
        sys.exit(f"{url}: HTTP {response.status_code}")
    if url.startswith("/api/"):
        body = response.json()
        if not isinstance(body.get("count"), int) or not isinstance(body.get("results"), list):
            sys.exit(f"{url}: not a page of opportunities")
    elif FORM_ERROR_MARKER in response.content or RESULTS_MARKER not in response.content:
        sys.exit(f"{url}: not a page of results (a form error?)")


def _measure(client: Client, urls: list[str]) -> tuple[list[float], list[int], cpu.Cost]:
    timings, query_counts = [], []
    with cpu.InProcess() as spent:
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url, HTTP_HOST="127.0.0.1", secure=True)
                timings.append((time.perf_counter() - start) * 1000)
            _check(url, response)
            query_counts.append(len(queries))
            reset_queries()
    return timings, query_counts, spent.cost(len(urls))


def _results(
    name: str, timings: list[float], query_counts: list[int], cost: cpu.Cost, past_end: int
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
    for name, url, past_end in searches:
        _measure(client, [url.format(q) for q in _queries(rng, WARMUP)])
        measured = _measure(client, [url.format(q) for q in _queries(rng, REQUESTS)])
        label = f"{name}, {total:,} opportunities ({connection.vendor})"
        results += _results(label, *measured, past_end)
    print_table(results)


if __name__ == "__main__":
    main()
