"""The demo region's schools, students and placement requests, for `manage.py load_demo`.

Fictional schools and people in the chamber's 24 real municipalities. Deterministic for a given
`rng` and `faker` (seeded by the caller): every random draw happens before the database is
asked what exists, so a second run draws the same. Idempotent by natural keys (e-mail for users,
organisation name for schools; a school that has requests gets no more). Generated rows are
inserted in batches (bulk_create) so benchmark volumes load in minutes; they follow the same
rules as the services, which tests/schools/test_demo.py checks with full_clean().
"""

import random
from collections.abc import Sequence
from datetime import date, timedelta

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from faker import Faker

from backend.accounts.actor import actor_for
from backend.accounts.demo import demo_generators, demo_membership, demo_user
from backend.accounts.models import Membership, Organisation, User
from backend.reference.models import EducationLevel, Municipality, Programme, StemArea
from backend.reference.selectors import municipalities_within_km
from schools import services
from schools.demo_requests import generate_requests, insert_requests
from schools.models import School, StudentProfile

DEMO_SCHOOL = ("Örebro tekniska gymnasium", "1880")  # Örebro
DEMO_SCHOOL_PROGRAMMES = ("BA", "EE", "FT", "IN", "TE", "VF")
DEMO_STUDENT_PROFILE = {
    "programme": "EE",
    "year": 2,
    "home_municipality": "1880",
    "birth_date": date(2009, 3, 14),
    "languages": ["sv", "en"],
    "stem_interests": ["automation", "electrification"],
}
BATCH_SIZE = 2000
# Generated users cannot log in; one fixed unusable hash keeps the loader fast and deterministic.
UNUSABLE_PASSWORD = f"{UNUSABLE_PASSWORD_PREFIX}demo"
STUDENT_EMAIL_DOMAIN = "elev.demo.example"
LEVEL_WEIGHTS = {
    EducationLevel.GYMNASIUM: 75,
    EducationLevel.YRKESHOGSKOLA: 17,
    EducationLevel.UNIVERSITY: 8,
}
NAME_PATTERNS = {
    EducationLevel.GYMNASIUM: (
        "{seat} tekniska gymnasium",
        "{surname}gymnasiet",
        "Gymnasieskolan {seat}",
        "{seat} yrkesgymnasium",
        "{surname}skolan",
    ),
    EducationLevel.YRKESHOGSKOLA: ("YH {seat}", "{seat} yrkeshögskola", "Yrkesakademin {seat}"),
    EducationLevel.UNIVERSITY: ("Högskolan i {seat}", "{seat} tekniska högskola"),
}
HOME_RADIUS_KM = 40
ABOUT_TEXTS = (
    "Jag gillar att skruva och bygga saker.",
    "Vill gärna jobba med teknik och människor.",
    "Har sommarjobbat på ett lager.",
    "Intresserad av el och automation.",
    "Jag programmerar på fritiden.",
)


def load_schools(
    *, rng: random.Random | None = None, faker: Faker | None = None, count: int = 15
) -> list[School]:
    """The named demo school with its counsellor and student, then `count` generated schools,
    each with one counsellor (`syv.<n>@skola<n>.demo.example`, no usable password).
    Returns them all, the demo school first."""
    rng, faker = demo_generators(rng, faker)
    with transaction.atomic():
        demo_school = _load_demo_school()
        region = list(Municipality.objects.filter(in_region=True).order_by("code"))
        pool = sorted(
            Programme.objects.filter(
                status=Programme.Status.ACTIVE,
                kind__in=[Programme.Kind.YRKESPROGRAM, Programme.Kind.HOGSKOLEFORBEREDANDE],
            ).values_list("code", flat=True)
        )
        specs = _school_specs(rng=rng, faker=faker, region=region, pool=pool, count=count)
        schools = _create_schools(specs)
        _load_counsellors(faker=faker, schools=schools)
    return [demo_school, *schools]


def _load_demo_school() -> School:
    name, municipality_code = DEMO_SCHOOL
    school = School.objects.filter(organisation__name=name).first()
    if school is None:
        school = services.school_add(
            name=name,
            municipality=Municipality.objects.get(code=municipality_code),
            address="Fiktiva gatan 1, Örebro",
            programmes=Programme.objects.filter(code__in=DEMO_SCHOOL_PROGRAMMES),
            verified=True,
        )
    counsellor = demo_user(
        email="counsellor@demo.example",
        role=User.Role.COUNSELLOR,
        first_name="Maria",
        last_name="Andersson",
    )
    demo_membership(user=counsellor, organisation=school.organisation, is_admin=True)
    student = demo_user(
        email="student@demo.example", role=User.Role.STUDENT, first_name="Alva", last_name="Berg"
    )
    demo_membership(user=student, organisation=school.organisation, is_admin=False)
    if not StudentProfile.objects.filter(user=student).exists():
        services.student_profile_upsert(actor=actor_for(student), data=_demo_student_data(school))
    return school


def _demo_student_data(school: School) -> dict:
    data = dict(DEMO_STUDENT_PROFILE)
    data["school"] = school
    data["programme"] = Programme.objects.get(code=data["programme"])
    data["home_municipality"] = Municipality.objects.get(code=data["home_municipality"])
    data["stem_interests"] = list(StemArea.objects.filter(code__in=data["stem_interests"]))
    return data


def _school_specs(
    *, rng: random.Random, faker: Faker, region: list[Municipality], pool: list[str], count: int
) -> list[dict]:
    levels, weights = zip(*LEVEL_WEIGHTS.items(), strict=True)
    taken = {DEMO_SCHOOL[0]}
    specs = []
    for n in range(1, count + 1):
        municipality = rng.choice(region)
        level = rng.choices(levels, weights)[0]
        pattern = rng.choice(NAME_PATTERNS[level])
        name = pattern.format(seat=municipality.seat_name, surname=faker.last_name())
        if name in taken:
            name = f"{name}, campus {n}"
        taken.add(name)
        programmes = (
            sorted(rng.sample(pool, rng.randint(3, 8))) if level == EducationLevel.GYMNASIUM else []
        )
        specs.append(
            {
                "n": n,
                "name": name,
                "level": level,
                "municipality": municipality,
                "programmes": programmes,
                "address": f"{faker.street_address()}, {municipality.seat_name}",
                "verified": rng.random() >= 0.1,
            }
        )
    return specs


def _create_schools(specs: list[dict]) -> list[School]:
    existing = {
        school.organisation.name: school
        for school in School.objects.select_related("organisation").filter(
            organisation__name__in=[spec["name"] for spec in specs]
        )
    }
    return [existing.get(spec["name"]) or _create_school(spec) for spec in specs]


def _create_school(spec: dict) -> School:
    return services.school_add(
        name=spec["name"],
        municipality=spec["municipality"],
        level=spec["level"],
        address=spec["address"],
        programmes=Programme.objects.filter(code__in=spec["programmes"]),
        verified=spec["verified"],
    )


def _load_counsellors(*, faker: Faker, schools: Sequence[School]) -> None:
    people = [(faker.first_name(), faker.last_name()) for _ in schools]
    emails = [f"syv.{n}@skola{n}.demo.example" for n in range(1, len(schools) + 1)]
    existing = set(
        User.objects.filter(email__startswith="syv.", email__endswith=".demo.example").values_list(
            "email", flat=True
        )
    )
    new = [
        (school, User(email=email, first_name=first, last_name=last, role=User.Role.COUNSELLOR))
        for school, email, (first, last) in zip(schools, emails, people, strict=True)
        if email not in existing
    ]
    for _school, user in new:
        user.password = UNUSABLE_PASSWORD
    User.objects.bulk_create([user for _school, user in new], batch_size=BATCH_SIZE)
    Membership.objects.bulk_create(
        [
            Membership(
                user=user,
                organisation_id=school.pk,
                is_admin=True,
                status=Membership.Status.APPROVED,
            )
            for school, user in new
        ],
        batch_size=BATCH_SIZE,
    )


def load_students(
    *,
    schools: Sequence[School],
    rng: random.Random | None = None,
    faker: Faker | None = None,
    count: int = 300,
) -> int:
    """`count` students (`elev<n>@elev.demo.example`) with profiles and approved memberships in
    the verified ones of `schools`; returns how many were created."""
    rng, faker = demo_generators(rng, faker)
    eligible = _verified(schools)
    if not eligible:
        return 0
    context = _StudentContext(eligible)
    specs = [_student_spec(rng=rng, faker=faker, n=n, context=context) for n in range(1, count + 1)]
    existing = set(
        User.objects.filter(email__endswith=f"@{STUDENT_EMAIL_DOMAIN}").values_list(
            "email", flat=True
        )
    )
    specs = [spec for spec in specs if spec["email"] not in existing]
    with transaction.atomic():
        for start in range(0, len(specs), BATCH_SIZE):
            _insert_students(specs[start : start + BATCH_SIZE])
    return len(specs)


def _verified(schools: Sequence[School]) -> list[School]:
    organisations = Organisation.objects.in_bulk([school.pk for school in schools])
    return [
        school
        for school in schools
        if organisations[school.pk].verified_at is not None
        and not organisations[school.pk].suspended
    ]


class _StudentContext:
    """What the generator needs to know about the schools, read once."""

    def __init__(self, schools: list[School]) -> None:
        self.schools = schools
        offered = School.programmes.through.objects.filter(
            school_id__in=[school.pk for school in schools]
        ).values_list("school_id", "programme_id")
        self.programmes: dict[int, list[str]] = {school.pk: [] for school in schools}
        for school_id, code in sorted(offered):
            self.programmes[school_id].append(code)
        self.stem_by_programme: dict[str, list[str]] = {}
        for code, programme in sorted(
            StemArea.programmes.through.objects.values_list("stemarea_id", "programme_id")
        ):
            self.stem_by_programme.setdefault(programme, []).append(code)
        self.stem_areas = sorted(StemArea.objects.values_list("code", flat=True))
        self.nearby = {
            code: sorted(municipalities_within_km(code, HOME_RADIUS_KM))
            for code in sorted({school.municipality_id for school in schools})
        }


def _student_spec(*, rng: random.Random, faker: Faker, n: int, context: _StudentContext) -> dict:
    school = rng.choice(context.schools)
    programmes = context.programmes[school.pk]
    programme = rng.choice(programmes) if programmes else None
    year = rng.randint(1, 3)
    home = school.municipality_id
    if rng.random() < 0.4:
        home = rng.choice(context.nearby[home])
    stem_pool = context.stem_by_programme.get(programme, []) if programme else context.stem_areas
    return {
        "email": f"elev{n}@{STUDENT_EMAIL_DOMAIN}",
        "first_name": faker.first_name(),
        "last_name": faker.last_name(),
        "school": school,
        "programme": programme,
        "year": year,
        "home": home,
        "birth_date": _birth_date(rng=rng, level=school.level, year=year),
        "sv": rng.random() < 0.95,
        "en": rng.random() < 0.85,
        "stem": sorted(rng.sample(stem_pool, rng.randint(0, min(3, len(stem_pool))))),
        "about": rng.choice(ABOUT_TEXTS) if rng.random() < 0.3 else "",
    }


def _birth_date(*, rng: random.Random, level: str, year: int) -> date:
    """Gymnasium pupils start the year they turn 16 (school year 2026/27), so years 1 and 2
    are minors and year 3 mostly adults; YH and university students are adults."""
    birth_year = 2011 - year if level == EducationLevel.GYMNASIUM else rng.randint(1990, 2006)
    return date(birth_year, 1, 1) + timedelta(days=rng.randrange(365))


def _insert_students(specs: list[dict]) -> None:
    users = User.objects.bulk_create(
        [
            User(
                email=spec["email"],
                first_name=spec["first_name"],
                last_name=spec["last_name"],
                role=User.Role.STUDENT,
                password=UNUSABLE_PASSWORD,
            )
            for spec in specs
        ]
    )
    StudentProfile.objects.bulk_create(
        [
            StudentProfile(
                user=user,
                school=spec["school"],
                programme_id=spec["programme"],
                year=spec["year"],
                home_municipality_id=spec["home"],
                birth_date=spec["birth_date"],
                speaks_swedish=spec["sv"],
                speaks_english=spec["en"],
                about=spec["about"],
            )
            for user, spec in zip(users, specs, strict=True)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(
                user=user, organisation_id=spec["school"].pk, status=Membership.Status.APPROVED
            )
            for user, spec in zip(users, specs, strict=True)
        ]
    )
    StudentProfile.stem_interests.through.objects.bulk_create(
        [
            StudentProfile.stem_interests.through(studentprofile_id=user.pk, stemarea_id=code)
            for user, spec in zip(users, specs, strict=True)
            for code in spec["stem"]
        ],
        batch_size=BATCH_SIZE,
    )


def load_requests(
    *,
    schools: Sequence[School],
    rng: random.Random | None = None,
    faker: Faker | None = None,
    count: int = 60,
) -> int:
    """`count` placement requests spread evenly over `schools`, fitting each school's level and
    programmes; schools that already have requests are skipped. Returns how many were created."""
    rng, faker = demo_generators(rng, faker)
    specs = generate_requests(rng=rng, faker=faker, schools=schools, count=count)
    with transaction.atomic():
        return insert_requests(specs, batch_size=BATCH_SIZE)
