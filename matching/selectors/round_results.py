"""A finished round's result, explained per seeker: for a stable round, which of their choices
each pupil got, and why they did not get the ones they ranked higher (or any). Reads only."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from matching import policy
from matching.models import AllocationRound, Match, Proposal, RoundChoice
from matching.selectors.rounds import NOT_ALLOWED, round_proposal_list
from schools.models import StudentProfile

NOT_A_MATCH = _("not a match for you (level, programme, period, age or distance rules it out)")
TAKEN = _("its places went to pupils who fit it better")


@dataclass
class ChoiceOutcome:
    rank: int
    title: str
    reason: str = ""


@dataclass
class PupilResult:
    student: StudentProfile
    proposal: Proposal | None = None
    got_rank: int | None = None
    missed: list[ChoiceOutcome] = field(default_factory=list)


@dataclass
class RoundOutcome:
    """What a finished round's page shows the actor: to those who manage the round, a stable
    round's result per pupil or a pairing round's proposals; to anyone else (chamber staff on a
    school's stable round) neither, only the round's status and summary."""

    pupils: list[PupilResult] | None = None
    proposals: QuerySet[Proposal] | None = None


def round_outcome(*, actor: Actor, allocation_round: AllocationRound) -> RoundOutcome:
    if allocation_round.status != AllocationRound.Status.DONE or not policy.may_manage(
        actor, allocation_round
    ):
        return RoundOutcome()
    if allocation_round.kind == AllocationRound.Kind.STABLE:
        return RoundOutcome(
            pupils=stable_round_results(actor=actor, allocation_round=allocation_round)
        )
    return RoundOutcome(
        proposals=round_proposal_list(actor=actor, allocation_round=allocation_round)
    )


def stable_round_results(*, actor: Actor, allocation_round: AllocationRound) -> list[PupilResult]:
    """Every pupil who ranked opportunities in the round, in name order, in three queries; for
    those who manage the round (its school's counsellors)."""
    if not policy.may_manage(actor, allocation_round):
        raise PermissionDenied(NOT_ALLOWED)
    choices = (
        RoundChoice.objects.filter(round=allocation_round)
        .select_related("student__user", "opportunity")
        .order_by("student__user__last_name", "student__user__first_name", "student_id", "rank")
    )
    proposals = {
        proposal.student_id: proposal
        for proposal in Proposal.objects.filter(round=allocation_round, student__isnull=False)
    }
    rows = list(choices)
    matched = set(
        Match.objects.filter(
            student_id__in={c.student_id for c in rows},
            opportunity_id__in={c.opportunity_id for c in rows},
        ).values_list("student_id", "opportunity_id")
    )
    results: dict[int, PupilResult] = {}
    for choice in rows:
        result = results.setdefault(
            choice.student_id,
            PupilResult(choice.student, proposal=proposals.get(choice.student_id)),
        )
        if result.got_rank is not None:
            continue  # ranked below what they got: not tried
        if result.proposal is not None and result.proposal.opportunity_id == choice.opportunity_id:
            result.got_rank = choice.rank
            continue
        reason = TAKEN if (choice.student_id, choice.opportunity_id) in matched else NOT_A_MATCH
        result.missed.append(ChoiceOutcome(choice.rank, choice.opportunity.title, str(reason)))
    return list(results.values())
