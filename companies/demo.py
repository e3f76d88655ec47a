"""The demo region's companies and opportunities, for `manage.py load_demo` and the benchmarks.

Deterministic (the caller's seeded `random.Random` and Faker decide everything; no clock) and
idempotent: a generated company's natural key is its organisation number, and a company that
already has opportunities gets no new ones. Generated rows are bulk-inserted in batches without
full_clean() (a check-constraint query per row would not load 100,000 opportunities in minutes),
so each is checked against companies/opportunity_rules.py instead, and the database constraints
hold the rest. Personal data is fictional: .example addresses and PTS's fictional phone numbers.
"""

import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, time

from django.utils import timezone
from faker import Faker

from backend.accounts.actor import actor_for
from backend.accounts.demo import demo_generators, demo_membership, demo_user
from backend.accounts.models import Organisation, User
from backend.reference.models import Municipality, Sector, StemArea
from companies import demo_data, services
from companies.demo_opportunities import (
    STOCKHOLM,
    OpportunityPlanner,
    PlannedOpportunity,
    ascii_slug,
    curated_opportunities,
)
from companies.models import Company, Opportunity
from companies.opportunity_rules import opportunity_errors
from companies.validators import luhn_check_digit

DEMO_COMPANY = ("Mälarkraft Elektrifiering AB", "1980")  # Västerås
DEMO_MEMBER = "company@demo.example"
# Generated organisation numbers are 5569 + a five-digit index + the Luhn digit; index 0 is the
# demo company.
NUMBER_PREFIX = "5569"
MAX_COMPANIES = 99_999
BATCH = 2000


def organisation_number(index: int) -> str:
    nine = f"{NUMBER_PREFIX}{index:05d}"
    return nine + str(luhn_check_digit(nine))


def _batches(items: Sequence, size: int = BATCH) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- companies -----------------------------------------------------------------------------


def load_companies(
    *, rng: random.Random | None = None, faker: Faker | None = None, count: int = 60
) -> list[Company]:
    """The demo company with its member company@demo.example, and `count` generated companies
    of the region; returns them all (demo company first), created now or earlier."""
    if not 0 <= count <= MAX_COMPANIES:
        raise ValueError(f"count must be between 0 and {MAX_COMPANIES}")
    rng, faker = demo_generators(rng, faker)
    return [_demo_company(), *_generated_companies(rng=rng, faker=faker, count=count)]


def _demo_company() -> Company:
    name, municipality_code = DEMO_COMPANY
    company = (
        Company.objects.filter(organisation_number=organisation_number(0)).first()
        # A database from before the organisation number existed has it by name.
        or Company.objects.filter(organisation__name=name).first()
    )
    member = demo_user(
        email=DEMO_MEMBER, role=User.Role.COMPANY_MEMBER, first_name="Erik", last_name="Johansson"
    )
    if company is None:
        # The demo member registers it, as on the site; the loader vouches for it (verified).
        company = services.company_create(
            actor=actor_for(member),
            name=name,
            organisation_number=organisation_number(0),
            sector=Sector.objects.get(code="C"),
            municipality=Municipality.objects.get(code=municipality_code),
            address="Kraftgatan 4, 721 36 Västerås",
            website="https://malarkraft.example",
            description="Kraftelektronik och laddsystem för tunga fordon, från Västerås.",
            stem_areas=StemArea.objects.filter(code__in=["electrification", "energy", "batteries"]),
            verified=True,
            is_chamber_member=True,
        )
    demo_membership(user=member, organisation=company.organisation, is_admin=True)
    return company


@dataclass(frozen=True)
class _CompanyPlan:
    number: str
    name: str
    municipality: str
    sector: str
    stem_areas: tuple[str, ...]
    verified_at: datetime | None
    suspended: bool
    is_chamber_member: bool
    address: str
    description: str


def _generated_companies(*, rng: random.Random, faker: Faker, count: int) -> list[Company]:
    municipalities = dict(
        Municipality.objects.filter(in_region=True).values_list("code", "name").order_by("code")
    )
    plans = [_company_plan(rng, faker, index, municipalities) for index in range(1, count + 1)]
    existing = set(
        Company.objects.filter(organisation_number__startswith=NUMBER_PREFIX).values_list(
            "organisation_number", flat=True
        )
    )
    _insert_companies([plan for plan in plans if plan.number not in existing])
    wanted = {plan.number for plan in plans}
    generated = (
        Company.objects.filter(organisation_number__startswith=NUMBER_PREFIX)
        .exclude(organisation_number=organisation_number(0))
        .select_related("organisation")
    )
    return sorted(
        (company for company in generated if company.organisation_number in wanted),
        key=lambda company: company.organisation_number,
    )


def _company_plan(
    rng: random.Random, faker: Faker, index: int, municipalities: dict[str, str]
) -> _CompanyPlan:
    profile = rng.choices(demo_data.PROFILES, [p.weight for p in demo_data.PROFILES])[0]
    codes = list(municipalities)
    code = rng.choices(codes, [demo_data.REGION_WEIGHTS.get(c, 5) for c in codes])[0]
    verified = rng.random() < 0.9
    return _CompanyPlan(
        number=organisation_number(index),
        name=_company_name(rng, faker, profile, municipalities[code]),
        municipality=code,
        sector=rng.choice(profile.sectors),
        stem_areas=tuple(rng.sample(profile.stem_areas, k=rng.randint(1, 3))),
        verified_at=_day(rng, 2025, 270) if verified else None,
        suspended=rng.random() < 0.02,
        is_chamber_member=rng.random() < 0.3,
        address=f"{faker.street_address()}, {municipalities[code]}",
        description=profile.description,
    )


def _company_name(
    rng: random.Random, faker: Faker, profile: demo_data.Profile, municipality: str
) -> str:
    word = rng.choice(profile.name_words)
    form = rng.choice(demo_data.LEGAL_FORMS)
    pattern = rng.randrange(4)
    if pattern == 0:
        return f"{municipality} {word} {form}"
    if pattern == 1:
        return f"{rng.choice(demo_data.PLACE_PREFIXES)} {word} {form}"
    if pattern == 2:
        return f"{faker.last_name()} {word} {form}"
    stem, ending = rng.choice(demo_data.COINED_STEMS), rng.choice(demo_data.COINED_ENDINGS)
    return f"{stem}{ending} {word} {form}"


def _day(rng: random.Random, year: int, within_days: int) -> datetime:
    start = datetime(year, 1, 1).toordinal() + rng.randrange(within_days)
    return datetime.combine(datetime.fromordinal(start).date(), time(9), tzinfo=STOCKHOLM)


def _insert_companies(plans: list[_CompanyPlan]) -> None:
    through = Company.stem_areas.through
    for batch in _batches(plans):
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=plan.name,
                kind=Organisation.Kind.COMPANY,
                verified_at=plan.verified_at,
                suspended=plan.suspended,
            )
            for plan in batch
        )
        Company.objects.bulk_create(
            Company(
                organisation=organisation,
                organisation_number=plan.number,
                sector_id=plan.sector,
                municipality_id=plan.municipality,
                address=plan.address,
                website=f"https://{ascii_slug(plan.name)[:50]}.example",
                description=plan.description,
                is_chamber_member=plan.is_chamber_member,
            )
            for organisation, plan in zip(organisations, batch, strict=True)
        )
        through.objects.bulk_create(
            through(company_id=organisation.pk, stemarea_id=code)
            for organisation, plan in zip(organisations, batch, strict=True)
            for code in plan.stem_areas
        )


# --- opportunities -------------------------------------------------------------------------


def load_opportunities(
    *,
    rng: random.Random | None = None,
    faker: Faker | None = None,
    companies: Iterable[Company],
    count: int = 200,
) -> int:
    """A handful of hand-written opportunities of the demo company (through the services) and
    `count` generated ones spread over the other companies. Returns how many were created."""
    rng, faker = demo_generators(rng, faker)
    companies = list(companies)
    # Companies that already have opportunities get none (idempotency); read whole, since a
    # `company_id IN (…)` of every company would pass PostgreSQL's 65,535 parameters.
    busy = set(Opportunity.objects.order_by().values_list("company_id", flat=True).distinct())
    demo = [c for c in companies if c.organisation_number == organisation_number(0)]
    created = 0
    if demo and demo[0].pk not in busy:
        member = User.objects.get(email=DEMO_MEMBER)
        created += curated_opportunities(company=demo[0], actor=actor_for(member))
    others = [c for c in companies if c not in demo]
    if others and count:
        planner = OpportunityPlanner(
            rng=rng, faker=faker, companies=others, today=timezone.localdate()
        )
        planned = [planner.plan() for _ in range(count)]
        created += _insert_opportunities(
            [p for p in planned if p.opportunity.company_id not in busy]
        )
    return created


def _insert_opportunities(planned: list[PlannedOpportunity]) -> int:
    programmes = Opportunity.programmes.through
    stem_areas = Opportunity.stem_areas.through
    for batch in _batches(planned):
        for plan in batch:
            errors = opportunity_errors(plan.opportunity)
            if errors:
                raise RuntimeError(f"The demo planner broke a rule: {errors}")
        inserted = Opportunity.objects.bulk_create(plan.opportunity for plan in batch)
        programmes.objects.bulk_create(
            programmes(opportunity_id=o.pk, programme_id=code)
            for o, plan in zip(inserted, batch, strict=True)
            for code in plan.programmes
        )
        stem_areas.objects.bulk_create(
            stem_areas(opportunity_id=o.pk, stemarea_id=code)
            for o, plan in zip(inserted, batch, strict=True)
            for code in plan.stem_areas
        )
    return len(planned)
