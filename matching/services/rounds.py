"""Allocation rounds: created by a counsellor (stable, over their school's students) or by the
chamber (pairing, over the region), queued, run by a Celery task, stored as proposals.

A run replaces the round's undecided proposals and its summary only when it succeeds; a failure
marks the round failed with the reason and keeps what the last good run proposed, and the round
can be run again.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.core.errors import TransitionError
from backend.reference.models import Municipality
from matching import engine, policy, selectors
from matching.engine import allocate_stable
from matching.models import AllocationRound, Proposal, RoundChoice
from matching.services.outbox import task_enqueue
from schools.models import School, StudentProfile

Progress = Callable[[int], None]
BUSY = (AllocationRound.Status.QUEUED, AllocationRound.Status.RUNNING)
MAX_CHOICES = 10
NOT_ALLOWED = _("You may not do this for this allocation round.")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(NOT_ALLOWED)


@transaction.atomic
def allocation_round_create(
    *,
    actor: Actor,
    kind: str,
    school: School | None = None,
    county_code: str = "",
    placement_kind: str = "",
    period_start: date | None = None,
    period_end: date | None = None,
) -> AllocationRound:
    """A draft round. Stable: for one of the counsellor's schools (the only one when they act
    for one). Pairing: chamber staff, over the region or one of its counties. Either may be
    limited to one kind of placement and to places overlapping a period."""
    if kind == AllocationRound.Kind.STABLE:
        school = _counsellors_school(actor=actor, school=school)
        county_code = ""
    else:
        _require(actor.moderator)
        if school is not None:
            raise ValidationError({"school": _("A pairing round covers the region, not a school.")})
        _check_county(county_code)
    if period_start and period_end and period_end < period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    allocation_round = AllocationRound(
        kind=kind,
        school=school,
        county_code=county_code,
        placement_kind=placement_kind,
        period_start=period_start,
        period_end=period_end,
        created_by=actor.user,
    )
    allocation_round.full_clean()
    allocation_round.save()
    return allocation_round


def _counsellors_school(*, actor: Actor, school: School | None) -> School:
    schools = policy.counsellor_school_ids(actor)
    _require(bool(schools))
    if school is None:
        if len(schools) > 1:
            raise ValidationError({"school": _("You act for several schools: choose one.")})
        return School.objects.get(pk=next(iter(schools)))
    _require(school.pk in schools)
    return school


def _check_county(county_code: str) -> None:
    if (
        county_code
        and not Municipality.objects.filter(county_code=county_code, in_region=True).exists()
    ):
        raise ValidationError({"county_code": _("Not a county of the region.")})


@transaction.atomic
def allocation_round_set_choices(
    *, actor: Actor, allocation_round: AllocationRound, choices: Sequence[tuple[int, int]]
) -> list[RoundChoice]:
    """Replace the student's ranked choices, given as (opportunity id, rank); rank 1 is the most
    wanted. Each rank and each opportunity once; only opportunities recommended to the student."""
    profile = StudentProfile.objects.filter(user_id=actor.user_id).first()
    _require(
        policy.may_rank_in(actor, allocation_round)
        and profile is not None
        and profile.school_id == allocation_round.school_id
    )
    if allocation_round.status in BUSY:
        raise TransitionError(_("The round is running: choices cannot change now."), allowed=())
    recommended = selectors.recommended_opportunity_ids(student_id=profile.pk)
    _check_choices(choices, recommended=recommended)
    RoundChoice.objects.filter(round=allocation_round, student=profile).delete()
    rows = [
        RoundChoice(round=allocation_round, student=profile, opportunity_id=o, rank=r)
        for o, r in sorted(choices, key=lambda choice: choice[1])
    ]
    return RoundChoice.objects.bulk_create(rows)


def _check_choices(choices: Sequence[tuple[int, int]], *, recommended: set[int]) -> None:
    opportunities = [o for o, _r in choices]
    ranks = [r for _o, r in choices]
    if len(choices) > MAX_CHOICES:
        message = _("Rank at most %(count)d opportunities.") % {"count": MAX_CHOICES}
        raise ValidationError({"choices": [message]})
    if len(set(ranks)) != len(ranks):
        raise ValidationError({"choices": [_("Each rank can be given once.")]})
    if len(set(opportunities)) != len(opportunities):
        raise ValidationError({"choices": [_("Each opportunity can be ranked once.")]})
    unknown = sorted(set(opportunities) - recommended)
    if unknown:
        message = _("Not among your recommendations: %(ids)s.")
        raise ValidationError({"choices": [message % {"ids": ", ".join(map(str, unknown))}]})


@transaction.atomic
def allocation_round_enqueue(*, actor: Actor, allocation_round: AllocationRound) -> AllocationRound:
    """Queue the round for the worker; refused while it is queued or running, or when it has
    nothing to allocate."""
    _require(policy.may_manage(actor, allocation_round))
    allocation_round = AllocationRound.objects.select_for_update().get(pk=allocation_round.pk)
    if allocation_round.status in BUSY:
        raise TransitionError(_("This round is already queued or running."), allowed=())
    seekers, places = selectors.round_size(allocation_round)
    if seekers == 0:
        raise TransitionError(_nothing_to_allocate(allocation_round), allowed=())
    if places == 0:
        raise TransitionError(_("There is no free place to allocate (capacity 0)."), allowed=())
    allocation_round.status = AllocationRound.Status.QUEUED
    allocation_round.progress = 0
    allocation_round.error = ""
    allocation_round.save(update_fields=["status", "progress", "error"])
    # Imported here: the tasks call these services.
    from matching import tasks

    # In the outbox with the status: a broker that cannot take the task now gets it later.
    task_enqueue(tasks.run_allocation_round, allocation_round.pk)
    return allocation_round


def _nothing_to_allocate(allocation_round: AllocationRound) -> str:
    if allocation_round.kind == AllocationRound.Kind.STABLE:
        return str(_("There are no students to allocate: none has ranked an opportunity yet."))
    return str(_("There are no open requests to allocate in the round's scope."))


@dataclass(frozen=True)
class _Outcome:
    proposals: list[Proposal]
    summary: dict[str, Any]


def allocation_round_run(
    *, round_id: int, progress: Progress | None = None, queued_only: bool = False
) -> AllocationRound:
    """Run the round with the engine and store its proposals and summary; any failure other
    than a lost database (which the task retries) marks the round failed with the reason.

    `queued_only` (the task): a round that is not queued or running is returned as it is, so a
    second delivery of the task after the run finished does nothing; one while it runs runs it
    again on the same input, and stores the same proposals."""
    allocation_round = _start(round_id, queued_only=queued_only)
    if allocation_round.status != AllocationRound.Status.RUNNING:
        return allocation_round
    report = _reporter(round_id, progress)
    try:
        if allocation_round.kind == AllocationRound.Kind.STABLE:
            outcome = _run_stable(allocation_round, report)
        else:
            outcome = _run_pairing(allocation_round, report)
        return _finish(allocation_round, outcome)
    except OperationalError:
        raise
    except Exception as error:  # noqa: BLE001 - whatever broke, the round says why
        return allocation_round_fail(round_id=round_id, reason=str(error) or type(error).__name__)


def allocation_round_fail(*, round_id: int, reason: str) -> AllocationRound:
    AllocationRound.objects.filter(pk=round_id).update(
        status=AllocationRound.Status.FAILED, error=reason, finished_at=timezone.now()
    )
    return AllocationRound.objects.get(pk=round_id)


def _start(round_id: int, *, queued_only: bool) -> AllocationRound:
    """The round, marked running; with `queued_only`, only if it was queued (or running: a
    retry after a lost database, a redelivery after a worker died), otherwise untouched."""
    with transaction.atomic():
        allocation_round = AllocationRound.objects.select_for_update().get(pk=round_id)
        if queued_only and allocation_round.status not in BUSY:
            return allocation_round
        allocation_round.status = AllocationRound.Status.RUNNING
        allocation_round.progress = 0
        allocation_round.error = ""
        allocation_round.started_at = timezone.now()
        allocation_round.finished_at = None
        allocation_round.save()
    return allocation_round


def _reporter(round_id: int, progress: Progress | None) -> Progress:
    """Store the progress where everyone sees it at once (its own autocommit update)."""

    def report(percent: int) -> None:
        AllocationRound.objects.filter(pk=round_id).update(progress=percent)
        if progress is not None:
            progress(percent)

    return report


def _run_stable(allocation_round: AllocationRound, report: Progress) -> _Outcome:
    given = selectors.stable_round_input(allocation_round)
    report(30)
    result = allocate_stable(given.students, given.opportunities)
    report(70)
    proposals = [
        Proposal(
            round=allocation_round,
            student_id=int(student),
            opportunity_id=int(opportunity),
            places=1,
            score=given.scores[student, opportunity],
        )
        for student, opportunity in result.assignments.items()
        if opportunity is not None
    ]
    stats = result.stats
    summary = {
        "kind": allocation_round.kind,
        "students": stats.students,
        "assigned": stats.assigned,
        "unassigned": stats.students - stats.assigned,
        "opportunities": stats.opportunities,
        "places": stats.places,
        "places_filled": stats.places_filled,
        "seconds": round(stats.seconds, 6),
    }
    return _Outcome(proposals, summary)


def _run_pairing(allocation_round: AllocationRound, report: Progress) -> _Outcome:
    given = selectors.pairing_round_input(allocation_round)
    report(30)
    result = engine.allocate_pairing(given.requests, given.opportunities, given.scores)
    report(70)
    scores = {(r, o): score for r, o, score in given.scores}
    proposals = [
        Proposal(
            round=allocation_round,
            request_id=int(request),
            opportunity_id=int(opportunity),
            places=places,
            score=scores[request, opportunity],
        )
        for request, opportunity, places in result.pairs
    ]
    uncovered = {r: n for r, n in result.uncovered.items() if n}
    by_programme: dict[str, int] = {}
    for request, places in uncovered.items():
        programme = given.programmes[request] or ""
        by_programme[programme] = by_programme.get(programme, 0) + places
    stats = result.stats
    summary = {
        "kind": allocation_round.kind,
        "requests": stats.requests,
        "places_needed": stats.places_needed,
        "places_assigned": stats.places_assigned,
        "opportunities": len(given.opportunities),
        "capacity": sum(o.capacity for o in given.opportunities),
        "total_score": round(result.total_score, 9),
        "uncovered": uncovered,
        "uncovered_by_programme": by_programme,
        "seconds": round(stats.seconds, 6),
    }
    return _Outcome(proposals, summary)


@transaction.atomic
def _finish(allocation_round: AllocationRound, outcome: _Outcome) -> AllocationRound:
    Proposal.objects.filter(round=allocation_round, status=Proposal.Status.PROPOSED).delete()
    Proposal.objects.bulk_create(outcome.proposals, batch_size=1000)
    allocation_round.status = AllocationRound.Status.DONE
    allocation_round.progress = 100
    allocation_round.summary = outcome.summary
    allocation_round.finished_at = timezone.now()
    allocation_round.full_clean()
    allocation_round.save()
    return allocation_round
