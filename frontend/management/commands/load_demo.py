from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from backend.accounts.demo import load_chamber
from companies.demo import load_companies
from schools.demo import load_schools


class Command(BaseCommand):
    help = "Load the demo region (users, organisations …). Idempotent; refused when DEBUG is off."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "load_demo refuses to run with DEBUG off: the demo users share a public password."
            )
        with transaction.atomic():
            load_chamber()
            companies = load_companies()
            schools = load_schools()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo region ready: {len(companies)} companies, {len(schools)} schools, "
                "users chamber@, company@, counsellor@, student@demo.example."
            )
        )
