"""`manage.py recompute_matches`: rebuild every stored match, with a progress bar on stderr."""

from django.core.management.base import BaseCommand

from matching.services import matches_recompute_all

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Recompute every match of every open request and every student."

    def handle(self, *args: object, **options: object) -> None:
        totals = matches_recompute_all(progress=self._bar)
        self.stderr.write("")
        self.stdout.write(
            f"Recomputed in {totals.seconds:.1f} s: {totals.opportunities} opportunities, "
            f"{totals.requests} requests ({totals.request_matches} matches), "
            f"{totals.students} students ({totals.student_matches} matches)."
        )

    def _bar(self, percent: int) -> None:
        done = BAR_WIDTH * percent // 100
        bar = f"\r[{'#' * done}{'.' * (BAR_WIDTH - done)}] {percent}%"
        self.stderr.write(bar, style_func=str, ending="")
        self.stderr.flush()
