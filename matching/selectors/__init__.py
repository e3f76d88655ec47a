"""Reads of matching: the engine's inputs from the ORM, the stored matches, rounds, proposals."""

from matching.selectors.candidates import opportunities_for, requests_for, students_for
from matching.selectors.inputs import (
    matchable_opportunities,
    open_requests,
    opportunity_inputs,
    opportunity_is_matchable,
    request_inputs,
    request_is_open,
    student_inputs,
)
from matching.selectors.matches import (
    Unmatched,
    opportunity_match_list,
    request_match_list,
    request_unmatched,
    student_match_list,
    student_unmatched,
)
from matching.selectors.rounds import (
    PairingInput,
    StableInput,
    allocation_round_list,
    pairing_round_input,
    proposal_list,
    recommended_opportunity_ids,
    round_proposal_list,
    round_size,
    stable_round_input,
    student_choice_list,
)

__all__ = [
    "PairingInput",
    "StableInput",
    "Unmatched",
    "allocation_round_list",
    "matchable_opportunities",
    "open_requests",
    "opportunities_for",
    "opportunity_inputs",
    "opportunity_is_matchable",
    "opportunity_match_list",
    "pairing_round_input",
    "proposal_list",
    "recommended_opportunity_ids",
    "request_inputs",
    "request_is_open",
    "request_match_list",
    "request_unmatched",
    "requests_for",
    "round_proposal_list",
    "round_size",
    "stable_round_input",
    "student_choice_list",
    "student_inputs",
    "student_match_list",
    "student_unmatched",
    "students_for",
]
