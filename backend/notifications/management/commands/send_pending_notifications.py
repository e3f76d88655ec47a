"""Send the notifications that are still pending (the beat job does the same every few minutes)."""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from backend.notifications import services


class Command(BaseCommand):
    help = (
        "Send every notification not sent yet (written more than --older-than seconds ago, "
        "fewer failed attempts than NOTIFICATIONS_MAX_ATTEMPTS) and print a one-line summary."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            help="Seconds; younger notifications are likely on their way through the broker.",
        )

    def handle(self, *args: Any, older_than: int, **options: Any) -> None:
        totals = services.notifications_send_pending(older_than=timedelta(seconds=older_than))
        self.stdout.write(
            f"Pending notifications: {totals.sent} sent, {totals.failed} failed, "
            f"{totals.skipped} skipped."
        )
