from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from backend.reference.models import Municipality
from schools.services.school_import import schools_import
from schools.skolverket import (
    DEFAULT_BASE_URL,
    RegisterDataError,
    RegisterUnreachableError,
    gymnasium_units,
)


class Command(BaseCommand):
    help = (
        "Import the gymnasium school units of the chamber's municipalities from Skolverket's "
        "register (Skolenhetsregistret): name, visiting address, coordinates, website and the "
        "programmes each runs. Never the principal's name or any e-mail address. All or nothing: "
        "bad or partial data changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--municipality",
            action="append",
            metavar="CODE",
            help="A municipality code; repeat for several (default: the chamber's 24).",
        )
        parser.add_argument("--base-url", default=DEFAULT_BASE_URL, help="The register's API.")

    def handle(self, *args, municipality: list[str] | None, base_url: str, **options) -> None:
        codes = municipality or list(
            Municipality.objects.filter(in_region=True).values_list("code", flat=True)
        )
        unknown = sorted(set(codes) - set(Municipality.objects.values_list("code", flat=True)))
        if unknown:
            raise CommandError(f"Unknown municipality code: {', '.join(unknown)}.")
        try:
            units = gymnasium_units(codes, base_url=base_url.rstrip("/"))
        except RegisterUnreachableError as error:
            raise CommandError(f"Cannot reach Skolverket's school register ({error}).") from None
        except RegisterDataError as error:
            raise CommandError(f"Refused, nothing imported: {error}.") from None
        try:
            result = schools_import(units=units)
        except ValidationError as error:
            problem = " ".join(error.messages).rstrip(".")
            raise CommandError(f"Refused, nothing imported: {problem}.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(units)} gymnasium school units from Skolverket: "
                f"{result.created} new, {result.updated} updated."
            )
        )
        if result.unknown_programmes:
            skipped = ", ".join(sorted(result.unknown_programmes))
            self.stdout.write(f"Programme codes not in the reference data, left out: {skipped}.")
