from django.core.management.base import BaseCommand, CommandError, CommandParser

from backend.accounts.models import User
from matching import privacy


class Command(BaseCommand):
    help = (
        "Erase a student (a school handling an erasure request): the account, personal data "
        "and CVs go; applications and placements stay, anonymised."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The student's e-mail address.")

    def handle(self, *args, email: str, **options) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user has the e-mail address {email}.")
        if user.role != User.Role.STUDENT:
            raise CommandError(f"{email} is not a student ({user.role}); nothing was erased.")
        erasure = privacy.student_erase_by_platform(student=user, reason="erase_student command")
        self.stdout.write(
            f"Erased {user.email}: {erasure.applications} applications and {erasure.placements} "
            f"placements kept anonymised, {erasure.messages} messages blanked, "
            f"{erasure.files} files deleted."
        )
