import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from backend.accounts.demo import DEMO_SEED, demo_generators, load_chamber
from companies.demo import load_companies, load_opportunities
from companies.listings import listings_refresh_all
from matching.demo import load_applications_and_placements
from matching.demo_levels import load_levels_demo
from matching.demo_threads import load_demo_threads
from matching.services import matches_recompute_all
from schools.demo import load_requests, load_schools, load_students

# The demo region at scale 200 (opportunities); --scale N keeps these proportions.
PER_OPPORTUNITY = {
    "companies": 60 / 200,
    "schools": 15 / 200,
    "requests": 60 / 200,
    "students": 300 / 200,
    "applications": 120 / 200,
    "placements": 300 / 200,
}
DEFAULT_OPPORTUNITIES = 200
# Only each seeker's best MATCHING_TOP_N matches are stored, but ranking a seeker still scores
# all its candidates, which grow with the opportunities: a full recomputation takes 0.1 s at the
# default scale, about 25 s at 5,000, and about an hour at 100,000 (measured: 20 ms for each of
# the 150,000 students). Above this scale it is left to `manage.py recompute_matches`.
MATCHES_UP_TO_SCALE = 5000


def _generators(part: str) -> dict:
    """A seeded rng and Faker per part, so each part is the same whatever the others drew."""
    rng, faker = demo_generators(seed=f"{DEMO_SEED}-{part}")
    return {"rng": rng, "faker": faker}


class Command(BaseCommand):
    help = (
        "Load the demo region: the four demo users, companies, opportunities, schools, students, "
        "requests, applications and placements. Deterministic and idempotent; refused when "
        "DEBUG is off."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=DEFAULT_OPPORTUNITIES,
            metavar="N",
            help="N opportunities and everything else in proportion (benchmarks: 100000).",
        )

    def handle(self, *args, scale: int, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "load_demo refuses to run with DEBUG off: the demo users share a public password."
            )
        if not 1 <= scale <= 300_000:
            raise CommandError("--scale must be between 1 and 300000.")
        counts = {part: max(1, round(scale * ratio)) for part, ratio in PER_OPPORTUNITY.items()}
        started = time.monotonic()
        with transaction.atomic():
            load_chamber()
            companies = load_companies(**_generators("companies"), count=counts["companies"])
            load_opportunities(**_generators("opportunities"), companies=companies, count=scale)
            schools = load_schools(**_generators("schools"), count=counts["schools"])
            load_students(**_generators("students"), schools=schools, count=counts["students"])
            load_requests(**_generators("requests"), schools=schools, count=counts["requests"])
            applications, placements = load_applications_and_placements(
                rng=_generators("placements")["rng"],
                applications=counts["applications"],
                placements=counts["placements"],
            )
            threads = load_demo_threads()
            load_levels_demo()
            # The bulk inserts and recounts sent no signal to keep the search listing.
            listings_refresh_all()
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner picks plans for empty tables; and a fresh
            # visibility map, or every index-only scan (the search's covering index) fetches
            # each heap row again until autovacuum comes round. Outside the transaction:
            # VACUUM refuses to run inside one (a caller's, as in a test: ANALYZE only).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo region ready in {time.monotonic() - started:.0f} s: {scale} opportunities, "
                f"{counts['companies']} companies, {counts['schools']} schools, "
                f"{counts['students']} students, {counts['requests']} requests, "
                f"{applications} new applications, {placements} new placements, "
                f"{threads.threads} new threads. Demo users "
                "chamber@, company@, counsellor@, student@demo.example (password praktik-demo)."
            )
        )
        if scale > MATCHES_UP_TO_SCALE:
            self.stdout.write(
                f"Matches not computed above scale {MATCHES_UP_TO_SCALE} (a full recomputation "
                "grows with seekers x opportunities: about an hour at 100000): run "
                "`manage.py recompute_matches`."
            )
            return
        totals = matches_recompute_all()
        self.stdout.write(
            f"Matches computed in {totals.seconds:.1f} s: {totals.request_matches} for requests, "
            f"{totals.student_matches} for students."
        )
