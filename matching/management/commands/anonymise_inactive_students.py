from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from matching import privacy


class Command(BaseCommand):
    help = (
        "Erase the students whose last placement ended more than PERSONAL_DATA_RETENTION_DAYS "
        "ago and who have not logged in since (what the nightly task does)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only list who would be erased.")

    def handle(self, *args, dry_run: bool, **options) -> None:
        due = privacy.students_due_for_anonymisation()
        days = settings.PERSONAL_DATA_RETENTION_DAYS
        if dry_run:
            for user in due:
                login = user.last_login and timezone.localdate(user.last_login)
                self.stdout.write(
                    f"{user.email}\tlast placement ended {user.last_placement_end}\t"
                    f"last login {login or 'never'}"
                )
            self.stdout.write(f"{len(due)} students would be erased (retention {days} days).")
            return
        erased = privacy.anonymise_inactive_students()
        self.stdout.write(f"{erased} students erased (retention {days} days).")
