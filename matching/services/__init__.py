"""Writes of matching: recomputed matches, allocation rounds and their proposals."""

from matching.services.matches import (
    RecomputeTotals,
    matches_recompute_all,
    matches_recompute_for_company,
    matches_recompute_for_opportunity,
    matches_recompute_for_request,
    matches_recompute_for_school,
    matches_recompute_for_student,
)
from matching.services.proposals import proposal_confirm, proposal_decline
from matching.services.rounds import (
    allocation_round_create,
    allocation_round_enqueue,
    allocation_round_fail,
    allocation_round_run,
    allocation_round_set_choices,
)

__all__ = [
    "RecomputeTotals",
    "allocation_round_create",
    "allocation_round_enqueue",
    "allocation_round_fail",
    "allocation_round_run",
    "allocation_round_set_choices",
    "matches_recompute_all",
    "matches_recompute_for_company",
    "matches_recompute_for_opportunity",
    "matches_recompute_for_request",
    "matches_recompute_for_school",
    "matches_recompute_for_student",
    "proposal_confirm",
    "proposal_decline",
]
