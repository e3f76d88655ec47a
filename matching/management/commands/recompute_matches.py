"""`manage.py recompute_matches`: rebuild every stored match, with a progress bar on stderr;
`--workers` spreads the work over the Celery workers (more workers finish sooner)."""

import time

from django.core.management.base import BaseCommand, CommandParser

from matching import tasks
from matching.models import Match
from matching.services import matches_recompute_all

BAR_WIDTH = 30
POLL_SECONDS = 1.0


class Command(BaseCommand):
    help = "Recompute every match of every open request and every student."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workers",
            action="store_true",
            help="Run as Celery tasks over chunks of seekers (needs CELERY_BROKER_URL and "
            "running workers) and wait for them; without a broker it all runs here.",
        )

    def handle(self, *args: object, workers: bool, **options: object) -> None:
        if workers:
            self._on_workers()
            return
        totals = matches_recompute_all(progress=self._bar)
        self.stderr.write("")
        self.stdout.write(
            f"Recomputed in {totals.seconds:.1f} s: {totals.opportunities} opportunities, "
            f"{totals.requests} requests ({totals.request_matches} matches), "
            f"{totals.students} students ({totals.student_matches} matches)."
        )

    def _on_workers(self) -> None:
        started = time.monotonic()
        result = tasks.recompute_all_in_parts()
        parts = result.parent  # the chord's group; None when it ran eagerly, here
        while parts is not None and not result.ready():
            self._bar(parts.completed_count() * 100 // max(1, len(parts)))
            time.sleep(POLL_SECONDS)
        result.get(propagate=True, disable_sync_subtasks=False)
        self._bar(100)
        self.stderr.write("")
        matches = Match.objects.all()
        self.stdout.write(
            f"Recomputed on the workers in {time.monotonic() - started:.1f} s: "
            f"{matches.filter(request__isnull=False).count()} matches for requests, "
            f"{matches.filter(student__isnull=False).count()} for students."
        )

    def _bar(self, percent: int) -> None:
        done = BAR_WIDTH * percent // 100
        bar = f"\r[{'#' * done}{'.' * (BAR_WIDTH - done)}] {percent}%"
        self.stderr.write(bar, style_func=str, ending="")
        self.stderr.flush()
