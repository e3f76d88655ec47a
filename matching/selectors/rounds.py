"""Reads of allocation rounds: who sees which rounds and proposals, and each round's input for
the engine, built in a few queries.

A stable round's students are those of the school who ranked opportunities (RoundChoice); each
opportunity ranks them by the score of their stored match, best first (applicants' rankings by
the companies come with the Applications issue), and does not list a student it does not match.
A pairing round takes the open requests and matchable opportunities in the region's
municipalities (or one county's) and scores every compatible pair of them afresh: the stored
matches keep only each request's best MATCHING_TOP_N, and the optimal total may need others.
Both leave out what the round's decided proposals settled: a confirmed proposal's places are
taken, a declined pair is not proposed again.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from matching import conf, policy
from matching.engine import (
    CandidateIndex,
    Demand,
    ScoredPair,
    StableOpportunity,
    StableStudent,
    Supply,
    score_pair,
)
from matching.models import AllocationRound, Match, Proposal, RoundChoice
from matching.selectors.inputs import (
    matchable_opportunities,
    open_requests,
    opportunity_inputs,
    opportunity_is_matchable,
    request_inputs,
)

NOT_ALLOWED = _("You may not do this for this allocation round.")
PROPOSAL_RELATIONS = (
    "opportunity__company__organisation",
    "opportunity__municipality",
    "request__school__organisation",
    "request__programme",
    "request__municipality",
    "student__user",
    "student__school__organisation",
)


def allocation_round_list(*, actor: Actor) -> QuerySet[AllocationRound]:
    """Chamber staff: every round (their summaries are aggregates). Counsellors: their schools'
    rounds. Students: their school's rounds, to rank opportunities in. Anyone else: none."""
    rounds = AllocationRound.objects.select_related("school__organisation", "created_by")
    if actor.moderator:
        return rounds
    schools = policy.counsellor_school_ids(actor) | policy.student_school_ids(actor)
    return rounds.filter(school_id__in=schools)


def proposal_list(*, actor: Actor) -> QuerySet[Proposal]:
    """The proposals an actor is party to: a counsellor's school's, a company's opportunities',
    a student's own; chamber staff see the pairing rounds' (requests, never students)."""
    proposals = Proposal.objects.select_related(*PROPOSAL_RELATIONS).order_by(
        "round_id", "-score", "id"
    )
    if actor.moderator:
        return proposals.filter(round__kind=AllocationRound.Kind.PAIRING)
    schools = policy.counsellor_school_ids(actor)
    visible = Q(request__school_id__in=schools) | Q(student__school_id__in=schools)
    visible |= Q(opportunity__company_id__in=policy.own_company_ids(actor))
    if actor.is_student:
        visible |= Q(student_id=actor.user_id)
    return proposals.filter(visible)


def round_proposal_list(*, actor: Actor, allocation_round: AllocationRound) -> QuerySet[Proposal]:
    """Every proposal of a round, for those who manage it (matching/policy.py: may_manage)."""
    if not policy.may_manage(actor, allocation_round):
        raise PermissionDenied(NOT_ALLOWED)
    return (
        Proposal.objects.filter(round=allocation_round)
        .select_related(*PROPOSAL_RELATIONS)
        .order_by("-score", "id")
    )


def student_choice_list(
    *, actor: Actor, allocation_round: AllocationRound
) -> QuerySet[RoundChoice]:
    """The actor's own ranked choices in a round they may rank in."""
    if not policy.may_rank_in(actor, allocation_round):
        raise PermissionDenied(NOT_ALLOWED)
    return (
        RoundChoice.objects.filter(round=allocation_round, student_id=actor.user_id)
        .select_related("opportunity__company__organisation", "opportunity__municipality")
        .order_by("rank")
    )


def recommended_opportunity_ids(*, student_id: int) -> set[int]:
    """The opportunities a student may rank: their current matches."""
    matches = Match.objects.filter(opportunity_is_matchable("opportunity__"), student_id=student_id)
    return set(matches.values_list("opportunity_id", flat=True))


@dataclass
class StableInput:
    students: list[StableStudent]
    opportunities: list[StableOpportunity]
    scores: dict[tuple[str, str], float] = field(default_factory=dict)


@dataclass
class PairingInput:
    requests: list[Demand]
    opportunities: list[Supply]
    scores: list[ScoredPair]
    programmes: dict[str, str | None] = field(default_factory=dict)


def stable_round_input(allocation_round: AllocationRound) -> StableInput:
    decided = _decided(allocation_round)
    settled = {student for student, _o, _p in decided.confirmed}
    choices: dict[str, list[str]] = defaultdict(list)
    rows = RoundChoice.objects.filter(
        _limits(allocation_round, "opportunity__"), round=allocation_round
    ).order_by("student_id", "rank")
    for student, opportunity in rows.values_list("student_id", "opportunity_id"):
        pair = (str(student), str(opportunity))
        if str(student) not in settled and pair not in decided.declined:
            choices[pair[0]].append(pair[1])
    chosen = sorted({o for wanted in choices.values() for o in wanted}, key=int)
    free = _free_places(Q(pk__in=chosen), decided)
    scores = {
        (str(s), str(o)): score
        for s, o, score in Match.objects.filter(
            student_id__in=[int(s) for s in choices], opportunity_id__in=chosen
        ).values_list("student_id", "opportunity_id", "score")
    }
    ranked: dict[str, list[tuple[float, int, str]]] = defaultdict(list)
    for student, wanted in choices.items():
        for opportunity in wanted:
            if (student, opportunity) in scores:
                ranked[opportunity].append((-scores[student, opportunity], int(student), student))
    return StableInput(
        students=[StableStudent(s, tuple(wanted)) for s, wanted in choices.items()],
        opportunities=[
            StableOpportunity(o, free.get(o, 0), tuple(s for *_, s in sorted(ranked[o])))
            for o in chosen
        ],
        scores=scores,
    )


def pairing_round_input(allocation_round: AllocationRound) -> PairingInput:
    decided = _decided(allocation_round)
    requests = open_requests(_in_scope(allocation_round)).order_by("pk")
    given: dict[str, int] = defaultdict(int)
    for request, _opportunity, places in decided.confirmed:
        given[request] += places
    demands, programmes = [], {}
    for pk, needed, filled, programme in requests.values_list(
        "pk", "places_needed", "places_filled", "programme_id"
    ):
        demands.append(Demand(str(pk), max(needed - filled - given[str(pk)], 0)))
        programmes[str(pk)] = programme
    opportunities = matchable_opportunities(_in_scope(allocation_round))
    free = _free_places(Q(pk__in=opportunities.values("pk")), decided)
    scores = [
        pair
        for pair in _compatible_pairs(_in_scope(allocation_round))
        if (pair.request_id, pair.opportunity_id) not in decided.declined
    ]
    return PairingInput(
        requests=demands,
        opportunities=[Supply(o, places) for o, places in free.items()],
        scores=scores,
        programmes=programmes,
    )


def _compatible_pairs(scope: Q) -> list[ScoredPair]:
    """Every request-opportunity pair in scope that passes the hard filters, with its score."""
    index = CandidateIndex.build(opportunity_inputs(scope))
    weights, today = conf.weights(), timezone.localdate()
    pairs = []
    for request in request_inputs(scope):
        for opportunity in index.candidates_for_request(request):
            match = score_pair(request, opportunity, weights=weights, today=today)
            if match is not None:
                pairs.append(ScoredPair(request.id, opportunity.id, match.score))
    return pairs


def round_size(allocation_round: AllocationRound) -> tuple[int, int]:
    """(seekers, free places) a round would allocate: students who ranked opportunities or open
    requests in scope, and the places of the opportunities they can get."""
    if allocation_round.kind == AllocationRound.Kind.STABLE:
        given = stable_round_input(allocation_round)
        return len(given.students), sum(o.capacity for o in given.opportunities)
    requests = open_requests(_in_scope(allocation_round)).count()
    opportunities = matchable_opportunities(_in_scope(allocation_round))
    return requests, _free_total(opportunities)


def _free_total(opportunities: QuerySet) -> int:
    totals = opportunities.aggregate(places=Sum("places"), taken=Sum("places_taken"))
    return (totals["places"] or 0) - (totals["taken"] or 0)


@dataclass
class _Decided:
    """A round's decided proposals: confirmed (seeker, opportunity, places), declined pairs."""

    confirmed: list[tuple[str, str, int]]
    declined: set[tuple[str, str]]


def _decided(allocation_round: AllocationRound) -> _Decided:
    decided = _Decided([], set())
    rows = Proposal.objects.filter(round=allocation_round).exclude(status=Proposal.Status.PROPOSED)
    for request, student, opportunity, places, status in rows.values_list(
        "request_id", "student_id", "opportunity_id", "places", "status"
    ):
        seeker = str(request or student)
        if status == Proposal.Status.CONFIRMED:
            decided.confirmed.append((seeker, str(opportunity), places))
        else:
            decided.declined.add((seeker, str(opportunity)))
    return decided


def _free_places(where: Q, decided: _Decided) -> dict[str, int]:
    """Free places of the matchable opportunities in `where`, less the round's confirmed ones."""
    taken: dict[str, int] = defaultdict(int)
    for _seeker, opportunity, places in decided.confirmed:
        taken[opportunity] += places
    rows = matchable_opportunities(where).order_by("pk")
    return {
        str(pk): max(places - used - taken[str(pk)], 0)
        for pk, places, used in rows.values_list("pk", "places", "places_taken")
    }


def _in_scope(allocation_round: AllocationRound) -> Q:
    """The region's municipalities, or one county's of them, within the round's limits."""
    where = Q(municipality__in_region=True) & _limits(allocation_round)
    if allocation_round.county_code:
        where &= Q(municipality__county_code=allocation_round.county_code)
    return where


def _limits(allocation_round: AllocationRound, prefix: str = "") -> Q:
    """The round's kind of placement, and places (or requests) whose period overlaps the
    round's; a flexible (dateless) period overlaps every period."""
    where = Q()
    if allocation_round.placement_kind:
        where &= Q(**{f"{prefix}kind": allocation_round.placement_kind})
    if allocation_round.period_end:
        where &= Q(**{f"{prefix}period_start__isnull": True}) | Q(
            **{f"{prefix}period_start__lte": allocation_round.period_end}
        )
    if allocation_round.period_start:
        where &= Q(**{f"{prefix}period_end__isnull": True}) | Q(
            **{f"{prefix}period_end__gte": allocation_round.period_start}
        )
    return where
