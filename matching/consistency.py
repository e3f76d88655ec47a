"""Every rule of docs/rules.md checked against the rows, for `manage.py check_data`: it reads,
reports each inconsistency with the rows it concerns, and changes nothing.

Each check is one or two queries over the whole table (no query per row), so it runs on a
region of any size; a check returns Findings, and an empty list means the rule holds.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from companies.models import Opportunity
from companies.opportunity_rules import first_day
from matching.agreements.models import PlacementPlan
from matching.agreements.rules import minors_hour_problems
from matching.models import Application, Message, Placement
from matching.rules import turns_18
from schools.models import PlacementRequest, StudentProfile

LIVE = ~Q(status=Placement.Status.CANCELLED)
FORWARD = (
    Application.Status.IN_REVIEW,
    Application.Status.INTERVIEW,
    Application.Status.OFFERED,
    Application.Status.ACCEPTED,
)


@dataclass(frozen=True)
class Finding:
    rule: str
    subject: str
    detail: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.subject}: {self.detail}"


def _future_publication() -> Iterator[Finding]:
    now = timezone.now()
    for pk, at in Opportunity.objects.filter(published_at__gt=now).values_list(
        "pk", "published_at"
    ):
        yield Finding("published-in-future", f"opportunity {pk}", f"published_at {at:%Y-%m-%d}")


def _places_of_opportunities() -> Iterator[Finding]:
    live = dict(
        Placement.objects.filter(LIVE)
        .values("opportunity_id")
        .annotate(n=Sum("students_count"))
        .values_list("opportunity_id", "n")
    )
    for pk, places, taken in Opportunity.objects.values_list("pk", "places", "places_taken"):
        if taken > places:
            yield Finding("places-over-capacity", f"opportunity {pk}", f"{taken} of {places}")
        if taken != live.get(pk, 0):
            yield Finding(
                "places-taken-not-placements",
                f"opportunity {pk}",
                f"places_taken {taken}, live placements hold {live.get(pk, 0)}",
            )


def _places_of_requests() -> Iterator[Finding]:
    live = dict(
        Placement.objects.filter(LIVE, request__isnull=False)
        .values("request_id")
        .annotate(n=Sum("students_count"))
        .values_list("request_id", "n")
    )
    for pk, filled in PlacementRequest.objects.values_list("pk", "places_filled"):
        if filled != live.get(pk, 0):
            yield Finding(
                "request-filled-not-placements",
                f"request {pk}",
                f"places_filled {filled}, live placements hold {live.get(pk, 0)}",
            )


def _overlapping_placements() -> Iterator[Finding]:
    by_student = defaultdict(list)
    rows = Placement.objects.filter(LIVE, student__isnull=False).order_by(
        "student_id", "start_date"
    )
    for pk, student, start, end in rows.values_list("pk", "student_id", "start_date", "end_date"):
        by_student[student].append((start, end, pk))
    for student, periods in by_student.items():
        reach, holder = None, None  # the latest end so far, and whose it is
        for start, end, pk in periods:
            if reach is not None and start <= reach:
                yield Finding(
                    "overlapping-placements", f"student {student}", f"placements {holder} and {pk}"
                )
            if reach is None or end > reach:
                reach, holder = end, pk


def _placements_outside_period() -> Iterator[Finding]:
    outside = Placement.objects.filter(LIVE).filter(
        Q(start_date__lt=F("opportunity__period_start"))
        | Q(end_date__gt=F("opportunity__period_end"))
    )
    for pk, opportunity in outside.values_list("pk", "opportunity_id"):
        yield Finding(
            "placement-outside-period", f"placement {pk}", f"opportunity {opportunity}'s period"
        )


def _applications_on_closed() -> Iterator[Finding]:
    hanging = Application.objects.filter(
        opportunity__status=Opportunity.Status.CLOSED,
        status__in=[Application.Status.SUBMITTED, *FORWARD[:-1]],
    )
    for pk, opportunity in hanging.values_list("pk", "opportunity_id"):
        yield Finding(
            "open-application-on-closed", f"application {pk}", f"opportunity {opportunity}"
        )
    accepted = Application.objects.filter(
        status=Application.Status.ACCEPTED, placement__isnull=True
    )
    for pk in accepted.values_list("pk", flat=True):
        yield Finding("accepted-without-placement", f"application {pk}", "no placement")


def _fit_of_applications() -> Iterator[Finding]:
    """The pupil's level and programme fit the opportunity, and her age on its first day."""
    rows = Application.objects.values_list(
        "pk",
        "opportunity__level",
        "opportunity__accepts_any_programme",
        "opportunity__min_age_18",
        "opportunity__period_start",
        "student__programme_id",
        "student__programme__level",
        "student__school__level",
        "student__birth_date",
        "opportunity_id",
        "created_at",
    ).filter(student__isnull=False)
    programmes = defaultdict(set)
    through = Opportunity.programmes.through.objects.filter(
        opportunity_id__in=Application.objects.values("opportunity_id")
    )
    for opportunity, code in through.values_list("opportunity_id", "programme_id"):
        programmes[opportunity].add(code)
    for (
        pk, level, any_programme, adults, starts, programme, programme_level, school_level, born,
        opportunity, created,
    ) in rows:  # fmt: skip
        own = programme_level or school_level
        if own != level:
            yield Finding("application-other-level", f"application {pk}", f"{own} to {level}")
        elif not any_programme and programme not in programmes[opportunity]:
            yield Finding("application-other-programme", f"application {pk}", f"{programme}")
        # Judged as the service judged it, on the Swedish day of applying.
        starts_on = first_day(Opportunity(period_start=starts), timezone.localdate(created))
        adult_from = turns_18(StudentProfile(birth_date=born))
        if adults and (adult_from is None or adult_from > starts_on):
            yield Finding("application-under-18", f"application {pk}", f"starts {starts_on}")


def _completed_before_start() -> Iterator[Finding]:
    """Completed means it took place: never before its first day. (A completed placement
    without a plan took place all the same: the lifecycle shows it as such.)"""
    early = Placement.objects.filter(
        status=Placement.Status.COMPLETED, start_date__gt=timezone.localdate()
    )
    for pk in early.values_list("pk", flat=True):
        yield Finding("completed-before-start", f"placement {pk}", "starts in the future")


def _minors_hours() -> Iterator[Finding]:
    plans = PlacementPlan.objects.select_related("placement__student", "placement__school")
    plans = plans.prefetch_related("placement__school__hour_limits").filter(
        placement__status=Placement.Status.CONFIRMED
    )
    for plan in plans.iterator(chunk_size=2000):
        for field, message in minors_hour_problems(plan):
            yield Finding("minors-hours", f"placement {plan.placement_id}", f"{field}: {message}")


def _duplicate_messages() -> Iterator[Finding]:
    repeated = (
        Message.objects.exclude(body="")
        .values("body")
        .annotate(threads=Count("thread_id", distinct=True))
        .filter(threads__gt=1)
    )
    for row in repeated:
        yield Finding("message-in-several-threads", f"{row['threads']} threads", row["body"][:60])


CHECKS: tuple[Callable[[], Iterator[Finding]], ...] = (
    _future_publication,
    _places_of_opportunities,
    _places_of_requests,
    _overlapping_placements,
    _placements_outside_period,
    _applications_on_closed,
    _fit_of_applications,
    _completed_before_start,
    _minors_hours,
    _duplicate_messages,
)


def findings() -> list[Finding]:
    """Every broken rule in the database, check by check."""
    return [finding for check in CHECKS for finding in check()]


def summary(found: list[Finding]) -> Counter:
    return Counter(finding.rule for finding in found)
