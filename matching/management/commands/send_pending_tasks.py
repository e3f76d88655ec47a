"""Publish the tasks still in the task outbox (the beat job does the same every few minutes)."""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from matching.services.outbox import outbox_send_pending


class Command(BaseCommand):
    help = (
        "Publish every task the broker has not taken yet (a round to run, a match update), "
        "written more than --older-than seconds ago, and print a one-line summary."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            help="Seconds; younger tasks are likely being published as their change commits.",
        )

    def handle(self, *args: Any, older_than: int, **options: Any) -> None:
        totals = outbox_send_pending(older_than=timedelta(seconds=older_than))
        self.stdout.write(f"Pending tasks: {totals.sent} sent, {totals.left} left.")
