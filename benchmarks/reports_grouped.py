"""Chamber reports over 1,000,000 placements in PostgreSQL.

Run by `make bench` after `load_demo --scale`. Tops the placements up to --placements with COPY
(random placements at the demo's opportunities and schools: start dates over five school years,
1 to 4 students, about 5 % cancelled, a stated gender on half the one-student placements), then
times each report through Django's full request stack in-process, as chamber staff, JSON, median
of a few runs after a warm-up; then the reports page, its cache emptied before each run (what the
first visitor after five minutes waits). Target (DESIGN.md § Performance targets): < 1 s.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import F, OuterRef, Subquery, Sum  # noqa: E402
from django.db.models.functions import Coalesce  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from backend.accounts.models import User  # noqa: E402
from backend.reports.services import placement_tally_rebuild  # noqa: E402
from benchmarks.table import Result, print_table  # noqa: E402
from companies.listings import listings_refresh  # noqa: E402
from companies.models import Opportunity  # noqa: E402
from matching.models import Placement  # noqa: E402
from schools.models import School  # noqa: E402

TARGET_MS = 1000.0
RUNS = 3
FIRST_DAY = date(2021, 7, 1)
DAYS = 5 * 365
COLUMNS = (
    "opportunity_id",
    "school_id",
    "students_count",
    "start_date",
    "end_date",
    "status",
    "kind",
    "level",
    "programme_id",
    "municipality_id",
    "sector_id",
    "chamber_member",
    "student_gender",
    "cancel_reason",
    "confirmed_at",
    "completed_at",
    "cancelled_at",
    "updated_at",
)
REPORTS = [
    "placements/?group_by=municipality,kind",
    "placements/?group_by=programme",
    "placements/?group_by=term",
    "placements/?group_by=county,school_year&region=sweden",
    "placements/?group_by=stem_area",
    "placements/?group_by=sector,chamber_member",
    "placements/?group_by=programme,month&period_from=2024-07-01&period_to=2025-06-30",
    "trend/?interval=month&series=kind",
    "stem-share/?group_by=programme",
    "gender/",
    "supply-demand/?group_by=programme,municipality",
    "gaps/",
    "gla/",
    "open-data/?region=sweden",
    "companies/",
    "unmet-demand/",
    "companies-in-demand/",
]
# The chamber's reports page, its cache emptied before each run: what the first visitor waits.
PAGES = ["/reports/", "/reports/?group_by=sector&then_by=chamber_member&map=gap"]


def _opportunities() -> list[tuple]:
    rows = Opportunity.objects.values_list(
        "pk", "kind", "level", "municipality_id", "company__sector_id", "company__is_chamber_member"
    )
    programmes = dict(
        Opportunity.programmes.through.objects.values_list("opportunity_id", "programme_id")
    )
    return [(*row, programmes.get(row[0])) for row in rows]


def _rows(count: int, rng: random.Random, opportunities: list[tuple], schools: list[int]):
    now = timezone.now()
    for _ in range(count):
        opportunity_id, kind, level, municipality_id, sector_id, member, programme_id = rng.choice(
            opportunities
        )
        start = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        students = rng.choice((1, 1, 1, 2, 3, 4))
        draw = rng.random()
        status = "cancelled" if draw < 0.05 else "completed" if draw < 0.5 else "confirmed"
        gender = rng.choice(("female", "male", "other", "")) if students == 1 else ""
        yield (
            opportunity_id,
            rng.choice(schools),
            students,
            start,
            start + timedelta(days=rng.randrange(7, 70)),
            status,
            kind,
            level,
            programme_id,
            municipality_id,
            sector_id,
            member,
            gender,
            "",
            now,
            now if status == "completed" else None,
            now if status == "cancelled" else None,
            now,
        )


def top_up(target: int) -> float:
    """COPY placements in until there are `target`; the seconds it took (0 when none needed)."""
    missing = target - Placement.objects.count()
    if missing <= 0:
        return 0.0
    start = time.perf_counter()
    rng = random.Random(1)  # noqa: S311 - the same data every run
    # Read before the COPY starts: the connection runs nothing else until it ends.
    opportunities = _opportunities()
    schools = list(School.objects.values_list("pk", flat=True))
    if not opportunities or not schools:
        sys.exit("No opportunities or schools: run `manage.py load_demo --scale N` first.")
    statement = f"COPY matching_placement ({', '.join(COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in _rows(missing, rng, opportunities, schools):
            copy.write_row(row)
    # COPY went past the services: count the reports' tally afresh, then let the planner and
    # the visibility map know the new rows (autovacuum may be off).
    placement_tally_rebuild()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE matching_placement")
        cursor.execute("VACUUM ANALYZE reports_placementtally")
    return time.perf_counter() - start


def places_held() -> None:
    """The COPY's placements hold places, as the services would have taken them: each
    opportunity's places taken become its live placements' students, and its places grow by
    as much. What is left of each (what the search, the matching and the rules read) stays as
    it was, and the demo loader's recount (`make bench-data` run again) finds every counter
    within its places: before, it stopped on the placements' check. Idempotent; the search
    listing copies both counters."""
    live = Placement.objects.exclude(status=Placement.Status.CANCELLED)
    held = live.filter(opportunity=OuterRef("pk")).values("opportunity")
    held = Coalesce(Subquery(held.annotate(n=Sum("students_count")).values("n")), 0)
    behind = Opportunity.objects.annotate(held=held).exclude(places_taken=F("held"))
    ids = list(behind.values_list("pk", flat=True))
    if not ids:
        return
    Opportunity.objects.filter(pk__in=Subquery(behind.values("pk"))).update(
        places=F("places") + held - F("places_taken"), places_taken=held
    )
    listings_refresh(ids)


def _staff_client() -> Client:
    staff = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        email="bench-reports@example.invalid", password=None
    )
    client = Client()
    client.force_login(staff)
    return client


def _time(client: Client, url: str) -> float:
    cache.clear()  # the open data and the page are cached; time the counting
    start = time.perf_counter()
    response = client.get(url, HTTP_HOST="127.0.0.1", secure=True)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        sys.exit(f"{url}: HTTP {response.status_code} {response.content[:200]!r}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--placements", type=int, default=1_000_000)
    options = parser.parse_args()
    loaded = top_up(options.placements)
    places_held()
    total = Placement.objects.count()
    client = _staff_client()
    results = []
    if loaded:
        results.append(Result(f"COPY placements up to {total:,}", f"{loaded:.0f} s", "-", True))
    for report in REPORTS:
        url = f"/api/v1/reports/{report}"
        _time(client, url)  # warm-up: the planner, the buffers
        median = statistics.median(_time(client, url) for _ in range(RUNS))
        results.append(
            Result(
                f"{report} ({total:,} placements, {connection.vendor})",
                f"median {median:.0f} ms",
                f"< {TARGET_MS:.0f} ms",
                median < TARGET_MS,
            )
        )
    # The page renders its stylesheet's hashed name, as in production.
    call_command("collectstatic", interactive=False, verbosity=0)
    for page in PAGES:
        _time(client, page)
        median = statistics.median(_time(client, page) for _ in range(RUNS))
        results.append(
            Result(
                f"cold page {page} ({total:,} placements, {connection.vendor})",
                f"median {median:.0f} ms",
                f"< {TARGET_MS:.0f} ms",
                median < TARGET_MS,
            )
        )
    print_table(results)


if __name__ == "__main__":
    main()
