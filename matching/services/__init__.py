"""Writes of matching: recomputed matches, allocation rounds and their proposals, applications
and placements."""

from matching.services.applications import (
    APPLICATION_ACTIONS,
    application_act,
    application_allowed_actions,
    application_refusal,
    application_settle_closed,
    application_submit,
    application_submit_check,
)
from matching.services.matches import (
    Chunk,
    RecomputeTotals,
    matches_recompute_all,
    matches_recompute_chunks,
    matches_recompute_finish,
    matches_recompute_for_company,
    matches_recompute_for_opportunity,
    matches_recompute_for_request,
    matches_recompute_for_school,
    matches_recompute_for_student,
    matches_recompute_plan,
)
from matching.services.outbox import OutboxTotals, outbox_send_pending, task_enqueue
from matching.services.placement_changes import (
    placement_allowed_actions,
    placement_cancel,
    placement_complete,
    placement_manage_check,
)
from matching.services.placements import (
    accept_preview,
    placement_confirm,
    placement_confirm_check,
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
    "APPLICATION_ACTIONS",
    "Chunk",
    "OutboxTotals",
    "RecomputeTotals",
    "accept_preview",
    "allocation_round_create",
    "allocation_round_enqueue",
    "allocation_round_fail",
    "allocation_round_run",
    "allocation_round_set_choices",
    "application_act",
    "application_allowed_actions",
    "application_refusal",
    "application_settle_closed",
    "application_submit",
    "application_submit_check",
    "matches_recompute_all",
    "matches_recompute_chunks",
    "matches_recompute_finish",
    "matches_recompute_for_company",
    "matches_recompute_for_opportunity",
    "matches_recompute_for_request",
    "matches_recompute_for_school",
    "matches_recompute_for_student",
    "matches_recompute_plan",
    "outbox_send_pending",
    "placement_allowed_actions",
    "placement_cancel",
    "placement_complete",
    "placement_confirm",
    "placement_confirm_check",
    "placement_manage_check",
    "proposal_confirm",
    "proposal_decline",
    "task_enqueue",
]
