"""Generated placement requests for the demo region (see schools/demo.py).

`generate_requests` draws everything first (deterministic for a given rng), `insert_requests`
then writes what is missing in batches.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Min
from django.utils import timezone
from faker import Faker

from backend.accounts.models import Membership, User
from backend.reference.models import (
    EducationLevel,
    Municipality,
    PlacementKind,
    Programme,
    StemArea,
)
from schools.models import PlacementRequest, School

FIRST_MONDAY = date(2026, 1, 5)
LAST_DAY = date(2027, 12, 31)
START_WEEKS = 80  # starts spread from January 2026 to mid-2027
KIND_WEIGHTS = {
    EducationLevel.GYMNASIUM: {PlacementKind.INTERNSHIP: 80, PlacementKind.APPRENTICESHIP: 20},
    EducationLevel.YRKESHOGSKOLA: {PlacementKind.INTERNSHIP: 80, PlacementKind.THESIS: 20},
    EducationLevel.UNIVERSITY: {PlacementKind.INTERNSHIP: 40, PlacementKind.THESIS: 60},
    EducationLevel.GRUNDSKOLA: {PlacementKind.INTERNSHIP: 100},
}
# (min, max) weeks and places per kind; an APL period is shorter than a LIA period.
WEEKS = {
    (PlacementKind.INTERNSHIP, EducationLevel.GYMNASIUM): (3, 8),
    (PlacementKind.INTERNSHIP, EducationLevel.GRUNDSKOLA): (1, 2),
    PlacementKind.INTERNSHIP: (6, 12),
    PlacementKind.THESIS: (10, 20),
    PlacementKind.APPRENTICESHIP: (20, 40),
}
PLACES = {PlacementKind.INTERNSHIP: (1, 10), PlacementKind.THESIS: (1, 4)}
PLACES_DEFAULT = (1, 3)
STATUS_WEIGHTS = {
    PlacementRequest.Status.OPEN: 70,
    PlacementRequest.Status.PARTIALLY_FILLED: 12,
    PlacementRequest.Status.FILLED: 8,
    PlacementRequest.Status.CLOSED: 10,
}
DISTANCES_KM = (20, 30, 40, 50, 75, 100)
NOTES = (
    "",
    "Eleverna har gått igenom arbetsmiljö och säkerhet innan perioden.",
    "Skolan erbjuder handledarutbildning till er handledare.",
    "Vi har elever som kan börja med kort varsel.",
    "Flera elever har B-körkort.",
    "Gärna en arbetsplats som nås med kollektivtrafik.",
    "Studenterna har läst programmering och mätteknik.",
)


@dataclass(frozen=True)
class _SchoolFacts:
    school: School
    programmes: list[Programme]
    counsellor_id: int | None


@dataclass
class _Spec:
    request: PlacementRequest
    stem_areas: list[str] = field(default_factory=list)
    acceptable: list[str] = field(default_factory=list)


def generate_requests(
    *, rng: random.Random, faker: Faker, schools: Sequence[School], count: int
) -> list[_Spec]:
    """Requests spread evenly over the schools (in order), fitting each school's level and
    programmes. Nothing is written."""
    facts = _school_facts(schools)
    stem_by_programme = _stem_by_programme()
    all_stem = sorted(StemArea.objects.values_list("code", flat=True))
    region = sorted(Municipality.objects.filter(in_region=True).values_list("code", flat=True))
    if not facts:
        return []
    specs = []
    for index, school_facts in enumerate(facts):
        share = count // len(facts) + (1 if index < count % len(facts) else 0)
        for _ in range(share):
            spec = _request_spec(rng, school_facts, stem_by_programme, all_stem, region)
            if not spec.request.notes and rng.random() < 0.2:
                spec.request.notes = (
                    f"Frågor om perioden? Fråga efter {faker.first_name()} på skolan."
                )
            specs.append(spec)
    return specs


def insert_requests(specs: list[_Spec], *, batch_size: int) -> int:
    """Insert the requests of the schools that have none yet, with their M2M rows."""
    has_requests = set(
        PlacementRequest.objects.filter(
            school_id__in={spec.request.school_id for spec in specs}
        ).values_list("school_id", flat=True)
    )
    specs = [spec for spec in specs if spec.request.school_id not in has_requests]
    PlacementRequest.objects.bulk_create([spec.request for spec in specs], batch_size=batch_size)
    stem_through = PlacementRequest.stem_areas.through
    place_through = PlacementRequest.acceptable_municipalities.through
    stem_through.objects.bulk_create(
        [
            stem_through(placementrequest_id=spec.request.pk, stemarea_id=code)
            for spec in specs
            for code in spec.stem_areas
        ],
        batch_size=batch_size,
    )
    place_through.objects.bulk_create(
        [
            place_through(placementrequest_id=spec.request.pk, municipality_id=code)
            for spec in specs
            for code in spec.acceptable
        ],
        batch_size=batch_size,
    )
    return len(specs)


def _school_facts(schools: Sequence[School]) -> list[_SchoolFacts]:
    ids = [school.pk for school in schools]
    programmes = Programme.objects.in_bulk()
    offered: dict[int, list[Programme]] = {school_id: [] for school_id in ids}
    for school_id, code in sorted(
        School.programmes.through.objects.filter(school_id__in=ids).values_list(
            "school_id", "programme_id"
        )
    ):
        offered[school_id].append(programmes[code])
    counsellors = dict(
        Membership.objects.filter(
            organisation_id__in=ids,
            status=Membership.Status.APPROVED,
            user__role=User.Role.COUNSELLOR,
        )
        .values("organisation_id")
        .annotate(first=Min("user_id"))
        .values_list("organisation_id", "first")
    )
    return [
        _SchoolFacts(school, offered[school.pk], counsellors.get(school.pk)) for school in schools
    ]


def _stem_by_programme() -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for code, programme in sorted(
        StemArea.programmes.through.objects.values_list("stemarea_id", "programme_id")
    ):
        result.setdefault(programme, []).append(code)
    return result


def _request_spec(
    rng: random.Random,
    facts: _SchoolFacts,
    stem_by_programme: dict[str, list[str]],
    all_stem: list[str],
    region: list[str],
) -> _Spec:
    school = facts.school
    level = school.level
    vocational = [p for p in facts.programmes if p.kind == Programme.Kind.YRKESPROGRAM]
    programme = rng.choice(vocational or facts.programmes) if facts.programmes else None
    kinds, weights = zip(*KIND_WEIGHTS[level].items(), strict=True)
    kind = rng.choices(kinds, weights)[0]
    if kind == PlacementKind.APPRENTICESHIP and not (programme and programme.gla_possible):
        kind = PlacementKind.INTERNSHIP
    start, end = _period(rng, kind, level)
    places_needed = rng.randint(*PLACES.get(kind, PLACES_DEFAULT))
    status, places_filled = _status(rng, places_needed)
    max_distance_km, acceptable = _where(rng, school.municipality_id, region)
    stem_pool = stem_by_programme.get(programme.code, []) if programme else all_stem
    request = PlacementRequest(
        school=school,
        created_by_id=facts.counsellor_id,
        kind=kind,
        level=level,
        programme=programme,
        places_needed=places_needed,
        places_filled=places_filled,
        period_start=start,
        period_end=end,
        municipality_id=school.municipality_id,
        max_distance_km=max_distance_km,
        notes=rng.choice(NOTES),
        status=status,
        closed_at=_closed_at(start) if status == PlacementRequest.Status.CLOSED else None,
    )
    stem_areas = sorted(rng.sample(stem_pool, rng.randint(0, min(3, len(stem_pool)))))
    return _Spec(request=request, stem_areas=stem_areas, acceptable=acceptable)


def _period(rng: random.Random, kind: str, level: str) -> tuple[date, date]:
    low, high = WEEKS.get((kind, level)) or WEEKS[kind]
    start = FIRST_MONDAY + timedelta(weeks=rng.randrange(START_WEEKS))
    end = start + timedelta(weeks=rng.randint(low, high), days=-3)  # ends on a Friday
    return start, min(end, LAST_DAY)


def _status(rng: random.Random, places_needed: int) -> tuple[str, int]:
    statuses, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
    status = rng.choices(statuses, weights)[0]
    if status == PlacementRequest.Status.FILLED:
        return status, places_needed
    if status == PlacementRequest.Status.PARTIALLY_FILLED and places_needed > 1:
        return status, rng.randint(1, places_needed - 1)
    if status == PlacementRequest.Status.CLOSED:
        return status, 0
    return PlacementRequest.Status.OPEN, 0


def _where(rng: random.Random, home: str, region: list[str]) -> tuple[int | None, list[str]]:
    """Mostly a radius, sometimes a list of municipalities, sometimes both or neither."""
    roll = rng.random()
    max_distance_km = rng.choice(DISTANCES_KM) if roll < 0.65 else None
    acceptable: list[str] = []
    if 0.55 <= roll < 0.9:
        others = [code for code in region if code != home]
        acceptable = sorted([home, *rng.sample(others, rng.randint(1, 3))])
    return max_distance_km, acceptable


def _closed_at(start: date) -> datetime:
    return timezone.make_aware(datetime.combine(start - timedelta(days=7), time(12)))
