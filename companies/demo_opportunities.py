"""Opportunities of the demo region: a few hand-written ones for the demo company (made through the
services, as a company member would) and a planner for as many generated ones as asked."""

import random
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone
from faker import Faker

from backend.accounts.actor import Actor
from backend.reference.models import EducationLevel, Municipality, PlacementKind, Programme
from companies import demo_data, services
from companies.models import Company, Opportunity

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Periods run from half a year before the day the demo is loaded to over a year after it, so
# the region reads as current whenever it is loaded: most postings open, some under way, the
# oldest over and closed.
BACK, AHEAD = timedelta(weeks=26), timedelta(weeks=60)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


Kind, Level = PlacementKind, EducationLevel
# (kind, level), weight, length in weeks (min, max), places (min, max)
SHAPES = [
    ((Kind.INTERNSHIP, Level.GYMNASIUM), 40, (3, 8), (1, 8)),  # APL
    ((Kind.INTERNSHIP, Level.YRKESHOGSKOLA), 15, (8, 15), (1, 4)),  # LIA
    ((Kind.INTERNSHIP, Level.UNIVERSITY), 10, (8, 20), (1, 3)),  # praktik
    ((Kind.INTERNSHIP, Level.GRUNDSKOLA), 10, (1, 2), (1, 6)),  # prao
    ((Kind.THESIS, Level.UNIVERSITY), 15, (10, 20), (1, 2)),  # exjobb
    ((Kind.APPRENTICESHIP, Level.GYMNASIUM), 10, (36, 80), (1, 2)),  # GLA
]
TITLES = {
    (Kind.INTERNSHIP, Level.GRUNDSKOLA): "Prao: följ en {role} i arbetet",
    (Kind.INTERNSHIP, Level.GYMNASIUM): "APL som {role}",
    (Kind.INTERNSHIP, Level.YRKESHOGSKOLA): "LIA: {role}",
    (Kind.INTERNSHIP, Level.UNIVERSITY): "Praktik som {role}",
    (Kind.THESIS, Level.UNIVERSITY): "Exjobb: {topic}",
    (Kind.APPRENTICESHIP, Level.GYMNASIUM): "Lärling (GLA) som {role}",
}
HIDDEN_REASON = "Annonsen saknar uppgift om handledare. Komplettera den, så visar vi den igen."


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(char for char in plain.lower() if char.isalnum())


def _fictional_phone(rng: random.Random) -> str:
    # PTS keeps 070-174 06 05 to 070-174 06 99 for fiction: they never ring anyone.
    return f"070-174 06 {rng.randrange(5, 100):02d}"


@dataclass
class PlannedOpportunity:
    opportunity: Opportunity
    programmes: list[str] = field(default_factory=list)
    stem_areas: list[str] = field(default_factory=list)


class OpportunityPlanner:
    """Plans opportunities that fit their company: its STEM areas, the programmes those lead
    to, its town. Reads what it needs in a few queries up front, never per opportunity."""

    def __init__(
        self, *, rng: random.Random, faker: Faker, companies: list[Company], today: date
    ) -> None:
        self.rng, self.faker, self.today = rng, faker, today
        self.first_day, self.last_day = _monday(today - BACK), today + AHEAD
        # Whole tables filtered here, not `pk IN (…)`: PostgreSQL takes at most 65,535
        # parameters, and the benchmarks pass more companies than that.
        ids = {company.pk for company in companies}
        self.companies = [
            row
            for row in Company.objects.order_by("pk").values_list(
                "pk", "organisation__name", "municipality_id"
            )
            if row[0] in ids
        ]
        self.stems: dict[int, list[str]] = defaultdict(list)
        for company_id, code in Company.stem_areas.through.objects.order_by(
            "company_id", "stemarea_id"
        ).values_list("company_id", "stemarea_id"):
            if company_id in ids:
                self.stems[company_id].append(code)
        self._load_programmes()
        self.region = list(
            Municipality.objects.filter(in_region=True)
            .order_by("code")
            .values_list("code", flat=True)
        )

    def _load_programmes(self) -> None:
        active = Programme.objects.filter(level=Level.GYMNASIUM, status=Programme.Status.ACTIVE)
        self.gla_possible = set(active.filter(gla_possible=True).values_list("code", flat=True))
        # APL belongs to the vocational programmes; the preparatory ones have 0 weeks of it.
        self.no_apl = set(active.filter(apl_weeks_min=0).values_list("code", flat=True))
        self.stem_programmes: dict[str, list[str]] = defaultdict(list)
        for stem, code in (
            Programme.stem_areas.through.objects.filter(programme__in=active)
            .order_by("stemarea_id", "programme_id")
            .values_list("stemarea_id", "programme_id")
        ):
            self.stem_programmes[stem].append(code)

    def plan(self) -> PlannedOpportunity:
        rng = self.rng
        company_id, company_name, company_town = rng.choice(self.companies)
        stems = self.stems[company_id] or ["advanced_manufacturing"]
        profile = max(demo_data.PROFILES, key=lambda p: len(set(p.stem_areas) & set(stems)))
        shape = rng.choices(SHAPES, [s[1] for s in SHAPES])[0]
        (kind, level), _weight, weeks, places = shape
        o = Opportunity(
            company_id=company_id,
            kind=kind,
            level=level,
            title=TITLES[kind, level].format(
                role=rng.choice(profile.roles), topic=rng.choice(profile.topics)
            ),
            description=f"{profile.description} Du får en egen handledare och riktiga uppgifter.",
            municipality_id=company_town if rng.random() < 0.85 else rng.choice(self.region),
            places=rng.randint(*places),
            accepts_any_programme=level == Level.GRUNDSKOLA
            or (kind == Kind.INTERNSHIP and level == Level.GYMNASIUM and rng.random() < 0.15),
        )
        self._period(o, weeks, flexible=kind != Kind.APPRENTICESHIP and rng.random() < 0.1)
        self._people(o, profile, domain=f"{ascii_slug(company_name)[:30]}.example")
        self._kind_fields(o)
        self._status(o)
        return PlannedOpportunity(
            opportunity=o,
            programmes=self._programmes(o, stems),
            stem_areas=rng.sample(stems, k=rng.randint(1, len(stems))),
        )

    def _period(self, o: Opportunity, weeks: tuple[int, int], *, flexible: bool) -> None:
        rng = self.rng
        if flexible:
            return
        length = timedelta(weeks=rng.randint(*weeks))
        latest = (self.last_day - length - self.first_day).days
        start = self.first_day + timedelta(days=rng.randrange(latest) // 7 * 7)  # a Monday
        o.period_start, o.period_end = start, start + length - timedelta(days=3)
        if rng.random() < 0.8:
            o.application_deadline = start - timedelta(days=rng.randint(14, 56))

    def _people(self, o: Opportunity, profile: demo_data.Profile, *, domain: str) -> None:
        rng, faker = self.rng, self.faker
        first, last = faker.first_name(), faker.last_name()
        o.contact_name = f"{first} {last}"
        o.contact_email = f"{ascii_slug(first)}.{ascii_slug(last)}@{domain}"
        o.contact_phone = _fictional_phone(rng)
        higher = o.level in (Level.YRKESHOGSKOLA, Level.UNIVERSITY)
        o.speaks_english = higher and rng.random() < 0.4
        o.speaks_swedish = not (o.speaks_english and rng.random() < 0.25)
        o.remote_allowed = higher and rng.random() < (0.35 if profile.key == "tech" else 0.05)
        if o.level != Level.GRUNDSKOLA:
            o.min_age_18 = rng.random() < (0.7 if profile.key == "defence" else 0.1)
            o.security_clearance = profile.key == "defence" and rng.random() < 0.6
            o.swedish_citizenship = o.security_clearance and rng.random() < 0.8
            o.driving_licence = higher and profile.key == "logistics" and rng.random() < 0.3

    def _kind_fields(self, o: Opportunity) -> None:
        rng, faker = self.rng, self.faker
        if o.kind == Kind.THESIS:
            o.thesis_degree = rng.choice(Opportunity.ThesisDegree.values)
            o.thesis_credits = 30 if o.thesis_degree == Opportunity.ThesisDegree.MASTER else 15
            o.needs_university_supervisor = rng.random() < 0.6
        elif o.kind == Kind.APPRENTICESHIP:
            if rng.random() < 0.7:
                o.salary_amount, o.salary_period = (
                    Decimal(rng.randrange(12000, 19001, 500)),
                    "monthly",
                )
            else:
                o.salary_amount, o.salary_period = Decimal(rng.randrange(95, 141)), "hourly"
            o.hours_per_week = rng.randint(16, 32)
            o.handledare_name = f"{faker.first_name()} {faker.last_name()}"
            o.handledare_email = o.contact_email
            o.handledare_phone = _fictional_phone(rng)
            o.utbildningskontrakt_agreed = True

    def _status(self, o: Opportunity) -> None:
        """Published before the day of loading (never in the future); closed when its period
        is over or, now and then, early. No place is taken here: the placements of
        matching/demo.py take them, as the services do."""
        rng, today = self.rng, self.today
        draw = rng.random()
        if draw < 0.1:
            return  # a draft
        anchor = o.application_deadline or o.period_start or today
        published = min(anchor - timedelta(days=rng.randint(20, 120)), today - timedelta(days=1))
        o.status, o.published_at = Opportunity.Status.PUBLISHED, _at(published)
        over = o.period_end is not None and o.period_end < today
        if over or draw < 0.15:
            yesterday = today - timedelta(days=1)
            closed = min(max(published + timedelta(days=30), o.period_end or published), yesterday)
            o.status, o.closed_at = Opportunity.Status.CLOSED, _at(closed)
            return
        if rng.random() < 0.005:
            hidden = min(published + timedelta(days=2), today - timedelta(days=1))
            o.hidden_at, o.hidden_reason = _at(hidden), HIDDEN_REASON

    def _programmes(self, o: Opportunity, stems: list[str]) -> list[str]:
        if o.level != Level.GYMNASIUM or o.accepts_any_programme:
            return []
        candidates = sorted(
            {code for stem in stems for code in self.stem_programmes[stem]} - self.no_apl
        )
        if o.kind == Kind.APPRENTICESHIP:
            candidates = [code for code in candidates if code in self.gla_possible] or ["IN"]
        candidates = candidates or ["IN"]
        return self.rng.sample(candidates, k=min(len(candidates), self.rng.randint(1, 2)))


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9), tzinfo=STOCKHOLM)


def curated_opportunities(*, actor: Actor, company: Company) -> int:
    """The demo company's own opportunities, one of each kind, made through the services as
    `actor`, a member of the company."""
    contact = {
        "contact_name": f"{actor.user.first_name} {actor.user.last_name}",
        "contact_email": actor.user.email,
        "contact_phone": "070-174 06 10",
        "municipality": company.municipality,
        "address": company.address,
    }
    created = []
    for programmes, stems, publish, fields in _curated(timezone.localdate()):
        opportunity = services.opportunity_create(
            actor=actor,
            company=company,
            programmes=Programme.objects.filter(code__in=programmes),
            stem_areas=company.stem_areas.filter(code__in=stems),
            **contact,
            **fields,
        )
        if publish:
            services.opportunity_publish(actor=actor, opportunity=opportunity)
        created.append(opportunity)
    return len(created)


def _curated(today: date) -> list:
    """The demo company's postings, dated from the Monday of the week the demo is loaded."""
    week = _monday(today)

    def period(starts_in: int, weeks: int) -> dict:
        start = week + timedelta(weeks=starts_in)
        return {"period_start": start, "period_end": start + timedelta(weeks=weeks, days=-3)}

    return [
    (
        ["EE"], ["electrification"], True,
        {"kind": Kind.INTERNSHIP, "level": Level.GYMNASIUM, "places": 4,
         "title": "APL i laddstationsmontage, El- och energiprogrammet",
         "description": "Fyra APL-platser för elever i årskurs 2: montage och provning av "
                        "laddstationer för tunga fordon, med en egen handledare.",
         **period(12, 6), "application_deadline": today + timedelta(weeks=6)},
    ),
    (
        ["EE"], ["electrification", "energy"], True,
        {"kind": Kind.APPRENTICESHIP, "level": Level.GYMNASIUM, "places": 1,
         "title": "Lärling (GLA) som elektriker",
         "description": "En gymnasial lärlingsanställning under årskurs 3, med lön.",
         **period(5, 49), "application_deadline": today + timedelta(days=8),
         "salary_amount": Decimal("15500"), "salary_period": "monthly", "hours_per_week": 24,
         "handledare_name": "Sara Lind", "handledare_email": "sara.lind@malarkraft.example",
         "handledare_phone": "070-174 06 11", "utbildningskontrakt_agreed": True},
    ),
    (
        [], ["electrification", "batteries"], True,
        {"kind": Kind.THESIS, "level": Level.UNIVERSITY, "places": 2, "speaks_english": True,
         "title": "Exjobb: termisk modell för snabbladdare till tunga lastbilar",
         "description": "Master's thesis (30 hp): model and validate the thermal behaviour of "
                        "a 1 MW charger on our test rig.",
         **period(6, 20), "application_deadline": today + timedelta(days=14),
         "thesis_degree": "master",
         "thesis_credits": 30, "needs_university_supervisor": True},
    ),
    (
        [], ["electrification"], False,
        {"kind": Kind.INTERNSHIP, "level": Level.YRKESHOGSKOLA, "places": 2,
         "title": "LIA: elkraftingenjör",
         "description": "LIA för studerande på YH-utbildningen till elkraftingenjör.",
         **period(39, 12)},
    ),
    (
        [], ["electrification"], True,
        {"kind": Kind.INTERNSHIP, "level": Level.GRUNDSKOLA, "places": 3,
         "accepts_any_programme": True, "title": "Prao: en vecka i elverkstaden",
         "description": "Prao för elever i årskurs 8 och 9: följ våra elektriker en vecka.",
         **period(20, 1)},
    ),
    ]  # fmt: skip
