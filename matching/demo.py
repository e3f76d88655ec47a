"""The demo region's applications and placements, for `manage.py load_demo`.

Applications in every status with their history (the demo student has one offered, one in
review and one rejected), and placements over the year before the day of loading and the one
after it, spread over kinds, levels, programmes and municipalities like the opportunities they
are at, some with the student's gender: what the chamber's trend reports show. A placement that
ended is completed (a named one with its plan), one that runs or lies ahead is confirmed, a few
are cancelled.

The rows obey the rules the services enforce (docs/rules.md; `manage.py check_data` finds
nothing after loading): a placement lies in its opportunity's period and takes its places, a
named pupil is never in two placements at once, a pupil applies only to open postings at her
level and programme and old enough on the first day, and the opportunities' and requests'
counters are the placements they hold.

Deterministic for a given `rng` and day; idempotent: a database that has applications gets no
more, one that has placements gets no more history. Rows are inserted in batches (bulk_create)
so that a region of 100,000 opportunities loads in minutes.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from backend.accounts.models import Membership, Organisation, User
from backend.reference.models import PlacementKind
from backend.reports import services as reports_services
from companies.demo import DEMO_COMPANY
from companies.models import Opportunity
from matching.demo_rules import (
    Fitting,
    Ledger,
    fits,
    open_today,
    period_of,
    plans_of_completed,
    recount_places,
)
from matching.models import Application, ApplicationEvent, Placement
from schools.models import School, StudentProfile

BATCH_SIZE = 2000
DEMO_STUDENT = "student@demo.example"
S = Application.Status
# The road to each status: the statuses an application passed through, in order.
PATHS: dict[str, tuple[str, ...]] = {
    S.SUBMITTED: (S.SUBMITTED,),
    S.IN_REVIEW: (S.SUBMITTED, S.IN_REVIEW),
    S.INTERVIEW: (S.SUBMITTED, S.IN_REVIEW, S.INTERVIEW),
    S.OFFERED: (S.SUBMITTED, S.IN_REVIEW, S.INTERVIEW, S.OFFERED),
    S.ACCEPTED: (S.SUBMITTED, S.IN_REVIEW, S.INTERVIEW, S.OFFERED, S.ACCEPTED),
    S.DECLINED: (S.SUBMITTED, S.IN_REVIEW, S.OFFERED, S.DECLINED),
    S.REJECTED: (S.SUBMITTED, S.IN_REVIEW, S.REJECTED),
    S.WITHDRAWN: (S.SUBMITTED, S.WITHDRAWN),
}
STATUS_WEIGHTS = {
    S.SUBMITTED: 30,
    S.IN_REVIEW: 20,
    S.INTERVIEW: 10,
    S.OFFERED: 8,
    S.ACCEPTED: 12,
    S.DECLINED: 4,
    S.REJECTED: 12,
    S.WITHDRAWN: 4,
}
STUDENT_MOVES = frozenset({S.SUBMITTED, S.ACCEPTED, S.DECLINED, S.WITHDRAWN})
DEMO_STUDENT_STATUSES = (S.OFFERED, S.IN_REVIEW, S.REJECTED)
MOTIVATIONS = (
    "Jag vill lära mig mer om hur ni arbetar och tror att jag passar bra in i teamet.",
    "Jag har sommarjobbat inom branschen och vill fördjupa mig under APL-perioden.",
    "Er verksamhet inom elektrifiering är precis det jag vill arbeta med efter examen.",
    "Jag är noggrann, gillar att lösa problem och vill gärna prova på yrket på riktigt.",
    "Vi har läst om er i skolan och jag skulle vilja se hur det går till i produktionen.",
)
NOTES = ("", "", "Intervju på plats, ta med skyddsskor.", "Tack för en fin ansökan!")
# Weeks a placement lasts, by kind (an APL period is shorter than a LIA period).
WEEKS = {
    PlacementKind.INTERNSHIP: (3, 10),
    PlacementKind.THESIS: (10, 20),
    PlacementKind.APPRENTICESHIP: (20, 40),
}
GENDERS = ((StudentProfile.Gender.FEMALE, 46), (StudentProfile.Gender.MALE, 50),
           (StudentProfile.Gender.OTHER, 4))  # fmt: skip
CANCEL_EVERY = 25  # 4 % of the placements are cancelled
CANCEL_REASONS = (
    "Handledaren blev sjukskriven och ingen ersättare fanns.",
    "Eleven bytte program.",
    "Företaget fick ändrade planer inför perioden.",
)


@dataclass(frozen=True)
class _Region:
    """What the generators need to know, read once."""

    opportunities: list[dict]
    public: list[dict]
    demo_company: list[dict]
    programmes: dict[int, list[str]]
    schools: dict[str, list[int]]
    students: dict[int, list[dict]]
    all_students: list[dict]
    members: dict[int, int]
    counsellors: dict[int, int]


def load_applications_and_placements(
    *, rng: random.Random, applications: int, placements: int
) -> tuple[int, int]:
    """Up to `applications` applications and `placements` placements of history; returns how
    many of each were created."""
    region = _read_region()
    if not region.opportunities or not region.all_students:
        return 0, 0
    with transaction.atomic():
        ledger = Ledger(region)
        history = _load_history(rng, region, ledger, placements)
        applied = _load_applications(rng, region, ledger, applications)
        plans_of_completed(region)
        recount_places()
        # Inserted in bulk, past the services: the reports' tally is counted afresh.
        reports_services.placement_tally_rebuild()
    return applied, history


# --- reading ---------------------------------------------------------------------------------


def _read_region() -> _Region:
    opportunities = list(
        Opportunity.objects.filter(status__in=["published", "closed"])
        .order_by("pk")
        .values(
            "pk", "company_id", "kind", "level", "municipality_id", "min_age_18", "status",
            "hidden_at", "period_start", "period_end", "places", "application_deadline",
            "accepts_any_programme", "contact_name", "contact_email", "contact_phone",
            sector_id=F("company__sector_id"), chamber_member=F("company__is_chamber_member"),
        )
    )  # fmt: skip
    public_companies = set(
        Organisation.objects.filter(
            kind=Organisation.Kind.COMPANY, verified_at__isnull=False, suspended=False
        ).values_list("pk", flat=True)
    )
    public = [
        o
        for o in opportunities
        if o["status"] == "published"
        and o["hidden_at"] is None
        and o["company_id"] in public_companies
    ]
    programmes: dict[int, list[str]] = defaultdict(list)
    for opportunity_id, code in sorted(
        Opportunity.programmes.through.objects.values_list("opportunity_id", "programme_id")
    ):
        programmes[opportunity_id].append(code)
    schools: dict[str, list[int]] = defaultdict(list)
    verified = School.objects.filter(
        organisation__verified_at__isnull=False, organisation__suspended=False
    )
    for pk, level in verified.order_by("pk").values_list("pk", "level"):
        schools[level].append(pk)
    students = _students([pk for pks in schools.values() for pk in pks])
    demo_company = Organisation.objects.filter(name=DEMO_COMPANY[0]).values_list("pk", flat=True)
    return _Region(
        opportunities=opportunities,
        public=public,
        demo_company=[o for o in public if o["company_id"] in set(demo_company)],
        programmes=programmes,
        schools=schools,
        students=students,
        all_students=[s for pks in students.values() for s in pks],
        members=_first_member(User.Role.COMPANY_MEMBER),
        counsellors=_first_member(User.Role.COUNSELLOR),
    )


def _students(school_ids: list[int]) -> dict[int, list[dict]]:
    approved = Membership.objects.filter(
        status=Membership.Status.APPROVED, organisation_id__in=school_ids
    ).values_list("user_id", "organisation_id")
    approved_pairs = set(approved)
    result: dict[int, list[dict]] = defaultdict(list)
    rows = StudentProfile.objects.filter(school_id__in=school_ids).order_by("pk")
    for row in rows.values("pk", "school_id", "programme_id", "birth_date", "gender",
                           "user__email", "programme__level", "school__level"):  # fmt: skip
        row["level"] = row.pop("programme__level") or row.pop("school__level")
        row.pop("school__level", None)
        if (row["pk"], row["school_id"]) in approved_pairs:
            result[row["school_id"]].append(row)
    return result


def _first_member(role: str) -> dict[int, int]:
    """organisation id -> the first approved member in `role` (who acts in the history)."""
    result: dict[int, int] = {}
    for organisation_id, user_id in (
        Membership.objects.filter(status=Membership.Status.APPROVED, user__role=role)
        .order_by("organisation_id", "user_id")
        .values_list("organisation_id", "user_id")
    ):
        result.setdefault(organisation_id, user_id)
    return result


# --- applications ----------------------------------------------------------------------------


def _load_applications(rng: random.Random, region: _Region, ledger: Ledger, count: int) -> int:
    if Application.objects.exists() or not region.public:
        return 0
    specs = _application_specs(rng, region, ledger, count)
    rows = Application.objects.bulk_create(
        [
            Application(
                student_id=spec["student"]["pk"],
                school_id=spec["student"]["school_id"],
                opportunity_id=spec["opportunity"]["pk"],
                motivation=spec["motivation"],
                status=spec["status"],
            )
            for spec in specs
        ],
        batch_size=BATCH_SIZE,
    )
    ApplicationEvent.objects.bulk_create(
        [
            event
            for row, spec in zip(rows, specs, strict=True)
            for event in _events(row, spec, region)
        ],
        batch_size=BATCH_SIZE,
    )
    Placement.objects.bulk_create(
        [
            _accepted_placement(row, spec, region)
            for row, spec in zip(rows, specs, strict=True)
            if row.status == S.ACCEPTED
        ],
        batch_size=BATCH_SIZE,
    )
    return len(rows)


def _application_specs(
    rng: random.Random, region: _Region, ledger: Ledger, count: int
) -> list[dict]:
    """The demo student's applications first (to the demo company when it has places), every
    status once to the demo company, then by weight to anyone; each to an open posting that
    fits the pupil. An acceptance takes a place and needs the pupil free over the period."""
    today = timezone.localdate()
    open_now = [o for o in region.public if open_today(o, today)]
    if not open_now:
        return []
    demo = [s for s in region.all_students if s["user__email"] == DEMO_STUDENT]
    statuses, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
    demo_company = [o for o in region.demo_company if open_today(o, today)] or open_now
    plan = [(demo[0], status, demo_company) for status in DEMO_STUDENT_STATUSES] if demo else []
    plan += [(None, status, demo_company) for status in PATHS]
    plan += [(None, rng.choices(statuses, weights)[0], open_now) for _ in range(count - len(plan))]
    fitting = Fitting(region)
    taken: set[tuple[int, int]] = set()
    specs = []
    for student, status, opportunities in plan:
        for attempt in range(40):
            # The demo company when someone fits it, else any open posting.
            opportunity = rng.choice(opportunities if attempt < 10 else open_now)
            candidates = fitting.pupils(opportunity)
            if student is None and not candidates:
                continue
            chosen = student or rng.choice(candidates)
            start, end = period_of(opportunity, today)
            pair = (chosen["pk"], opportunity["pk"])
            if pair in taken or not fits(chosen, opportunity, region, max(start, today)):
                continue
            if status == S.ACCEPTED:
                if ledger.left[opportunity["pk"]] < 1 or not ledger.free(chosen, start, end):
                    continue
                ledger.take(opportunity, chosen, start, end, 1)
            taken.add(pair)
            specs.append(
                {
                    "student": chosen,
                    "opportunity": opportunity,
                    "status": status,
                    "motivation": rng.choice(MOTIVATIONS),
                    "notes": [rng.choice(NOTES) for _ in PATHS[status]],
                }
            )
            break
    return specs


def _events(application: Application, spec: dict, region: _Region) -> list[ApplicationEvent]:
    path = PATHS[spec["status"]]
    member = region.members.get(spec["opportunity"]["company_id"])
    return [
        ApplicationEvent(
            application=application,
            from_status=path[index - 1] if index else "",
            to_status=status,
            by_id=spec["student"]["pk"] if status in STUDENT_MOVES else member,
            note="" if status in STUDENT_MOVES else spec["notes"][index],
        )
        for index, status in enumerate(path)
    ]


def _accepted_placement(application: Application, spec: dict, region: _Region) -> Placement:
    opportunity, student = spec["opportunity"], spec["student"]
    start, end = period_of(opportunity, timezone.localdate())
    return _placement(
        opportunity,
        region,
        school_id=student["school_id"],
        student=student,
        start=start,
        end=end,
        application_id=application.pk,
        programme=student["programme_id"],
    )


# --- placements ------------------------------------------------------------------------------


def _load_history(rng: random.Random, region: _Region, ledger: Ledger, count: int) -> int:
    """Placements at the opportunities whose period has begun or begins within two months,
    each over its opportunity's period, taking its places."""
    if Placement.objects.exists():
        return 0
    today = timezone.localdate()
    soon = today + timedelta(days=60)
    candidates = [
        o
        for o in region.opportunities
        if o["period_start"] is not None and o["period_start"] <= soon and o["hidden_at"] is None
    ]
    genders: dict[int, str] = {}
    placements = []
    for index in range(count):
        if not candidates:
            break
        opportunity = rng.choice(candidates)
        left = ledger.left[opportunity["pk"]]
        schools = region.schools.get(opportunity["level"])
        if left < 1 or not schools:
            continue
        school_id = rng.choice(schools)
        start, end = opportunity["period_start"], opportunity["period_end"]
        student = _free_student(rng, region, ledger, school_id, opportunity, start, end)
        students_count = 1 if student else min(left, rng.choices((1, 2, 3, 4), (50, 25, 15, 10))[0])
        if student is not None:
            genders[student["pk"]] = _gender(rng, student, genders)
        placement = _placement(
            opportunity,
            region,
            school_id=school_id,
            student=student,
            start=start,
            end=end,
            students_count=students_count,
            programme=_programme(rng, region, opportunity, student),
            gender=genders.get(student["pk"], "") if student else "",
        )
        if index % CANCEL_EVERY == CANCEL_EVERY // 2:
            _cancel(placement, rng)  # gives its places back
        else:
            ledger.take(opportunity, student, start, end, students_count)
        placements.append(placement)
    _store_genders(genders)
    Placement.objects.bulk_create(placements, batch_size=BATCH_SIZE)
    return len(placements)


def _free_student(
    rng: random.Random,
    region: _Region,
    ledger: Ledger,
    school_id: int,
    opportunity: dict,
    start: date,
    end: date,
) -> dict | None:
    """Now and then a named pupil of the school who fits and is free then; else a group."""
    pupils = region.students.get(school_id)
    if not pupils or rng.random() >= 0.45:
        return None
    for _attempt in range(5):
        student = rng.choice(pupils)
        if fits(student, opportunity, region, start) and ledger.free(student, start, end):
            return student
    return None


def _gender(rng: random.Random, student: dict, known: dict[int, str]) -> str:
    """The student's gender when they gave it; otherwise most placed students give one now."""
    if student["gender"] or student["pk"] in known:
        return student["gender"] or known[student["pk"]]
    if rng.random() < 0.3:
        return ""
    values, weights = zip(*GENDERS, strict=True)
    return rng.choices(values, weights)[0]


def _store_genders(genders: dict[int, str]) -> None:
    for gender in sorted(set(genders.values()) - {""}):
        StudentProfile.objects.filter(
            pk__in=[pk for pk, value in genders.items() if value == gender], gender=""
        ).update(gender=gender)


def _programme(
    rng: random.Random, region: _Region, opportunity: dict, student: dict | None
) -> str | None:
    if student is not None and student["programme_id"]:
        return student["programme_id"]
    codes = region.programmes.get(opportunity["pk"])
    return rng.choice(codes) if codes else None


def _placement(
    opportunity: dict,
    region: _Region,
    *,
    school_id: int,
    student: dict | None,
    start: date,
    end: date,
    programme: str | None,
    students_count: int = 1,
    gender: str = "",
    application_id: int | None = None,
) -> Placement:
    today = timezone.localdate()
    ended = end < today
    return Placement(
        opportunity_id=opportunity["pk"],
        school_id=school_id,
        student_id=student["pk"] if student else None,
        application_id=application_id,
        students_count=students_count,
        start_date=start,
        end_date=end,
        status=Placement.Status.COMPLETED if ended else Placement.Status.CONFIRMED,
        completed_at=_at(end) if ended else None,
        kind=opportunity["kind"],
        level=opportunity["level"],
        programme_id=programme,
        municipality_id=opportunity["municipality_id"],
        sector_id=opportunity["sector_id"],
        chamber_member=opportunity["chamber_member"],
        student_gender=gender or (student["gender"] if student else ""),
        confirmed_by_id=region.counsellors.get(school_id),
    )


def _cancel(placement: Placement, rng: random.Random) -> None:
    placement.status = Placement.Status.CANCELLED
    placement.completed_at = None
    placement.cancelled_at = _at(placement.start_date - timedelta(days=rng.randint(3, 20)))
    placement.cancel_reason = rng.choice(CANCEL_REASONS)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(16)))
