"""`manage.py check_data`: report every row that breaks a rule of docs/rules.md; change nothing.
Exits 1 when it finds anything, so a deployment or a cron job can alert on it."""

from django.core.management.base import BaseCommand, CommandParser

from matching.consistency import findings, summary


class Command(BaseCommand):
    help = (
        "Check the data against the platform's rules (places, overlaps, ages, levels, dates, "
        "minors' hours, closed postings, erasure). Reports; changes nothing; exits 1 on findings."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--limit", type=int, default=20, help="Findings listed per rule (default 20)."
        )

    def handle(self, *args, limit: int, **options) -> None:
        found = findings()
        listed: dict[str, int] = {}
        for finding in found:
            listed[finding.rule] = listed.get(finding.rule, 0) + 1
            if listed[finding.rule] <= limit:
                self.stdout.write(str(finding))
        for rule, count in sorted(summary(found).items()):
            self.stdout.write(f"{rule}: {count}")
        if found:
            self.stderr.write(f"{len(found)} inconsistencies found.")
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS("No inconsistencies found."))
