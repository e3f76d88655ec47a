"""Opportunity search over the API against a large PostgreSQL database.

Run by `make bench` after `load_demo --scale`: filtered pages (programme + near/within_km + period)
through Django's full request stack in-process, so the figure is the server's time without the
network. Target (issue "Supply and demand"): median under 100 ms at 100,000 opportunities.
"""

import os
import random
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from backend.reference.models import Municipality, Programme  # noqa: E402
from benchmarks.table import Result, print_table  # noqa: E402
from companies.models import Opportunity  # noqa: E402

REQUESTS = 200
WARMUP = 20
TARGET_MEDIAN_MS = 100.0


def _urls(rng: random.Random, count: int) -> list[str]:
    programmes = list(Programme.objects.filter(kind="yrkesprogram").values_list("code", flat=True))
    region = Municipality.objects.filter(in_region=True)
    municipalities = list(region.values_list("code", flat=True))
    urls = []
    for _ in range(count):
        month = rng.randint(1, 10)
        urls.append(
            "/api/v1/opportunities/?"
            f"programme={rng.choice(programmes)}&near={rng.choice(municipalities)}"
            f"&within_km={rng.choice([20, 50, 100])}"
            f"&period_from=2026-{month:02d}-01&period_to=2026-{month + 2:02d}-28"
        )
    return urls


def _measure(client: Client, urls: list[str]) -> tuple[list[float], list[int]]:
    timings, query_counts = [], []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url, HTTP_HOST="127.0.0.1", secure=True)
            timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            sys.exit(f"{url}: HTTP {response.status_code}")
        query_counts.append(len(queries))
        reset_queries()
    return timings, query_counts


def main() -> None:
    total = Opportunity.objects.count()
    rng = random.Random(7)  # noqa: S311 - the same searches every run
    client = Client()
    _measure(client, _urls(rng, WARMUP))
    timings, query_counts = _measure(client, _urls(rng, REQUESTS))
    median = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[-1]
    print_table(
        [
            Result(
                f"opportunity search, {total:,} opportunities ({connection.vendor})",
                f"median {median:.1f} ms, p95 {p95:.1f} ms",
                f"median < {TARGET_MEDIAN_MS:.0f} ms",
                median < TARGET_MEDIAN_MS,
            ),
            Result(
                "SQL queries per search page",
                f"{min(query_counts)} to {max(query_counts)}",
                "constant",
                min(query_counts) == max(query_counts),
            ),
        ]
    )


if __name__ == "__main__":
    main()
