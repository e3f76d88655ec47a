"""The matching engine: pure Python, no Django (DESIGN.md § Matching).

Plain frozen dataclasses in, dataclasses out: hard filters and explained scores
(`score_pair`), candidate indexes that never score all pairs (`CandidateIndex`,
`RequestIndex`), stable allocation (`allocate_stable`), pairing by min-cost flow
(`allocate_pairing`), and the FORMATS.md files (`formats.run`).

`allocate_pairing` is loaded on first use: its numpy and OR-tools take half a second or more
to import, which every process (a stable round, a web worker, a command) would pay otherwise.
Ranking in bulk (`Ranker`) imports numpy the same way, when it first builds the columns of an
index (columns.py).
"""

from typing import Any

from matching.engine import formats
from matching.engine.candidates import (
    CandidateIndex,
    Ranker,
    RequestIndex,
    affected_requests,
    explain_empty,
    rank_for_request,
    rank_for_student,
    rescore_opportunity,
)
from matching.engine.errors import FormatError
from matching.engine.filters import FILTERS, failed_filter
from matching.engine.geo import great_circle_km
from matching.engine.scoring import DEFAULT_WEIGHTS, score_pair, validate_weights
from matching.engine.stable import allocate_stable
from matching.engine.types import (
    Component,
    Demand,
    Match,
    NoMatch,
    OpportunityIn,
    PairingResult,
    PairingStats,
    Place,
    RequestIn,
    ScoredPair,
    StableOpportunity,
    StableResult,
    StableStats,
    StableStudent,
    StudentIn,
    Supply,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "FILTERS",
    "CandidateIndex",
    "Component",
    "Demand",
    "FormatError",
    "Match",
    "NoMatch",
    "OpportunityIn",
    "PairingResult",
    "PairingStats",
    "Place",
    "Ranker",
    "RequestIn",
    "RequestIndex",
    "ScoredPair",
    "StableOpportunity",
    "StableResult",
    "StableStats",
    "StableStudent",
    "StudentIn",
    "Supply",
    "affected_requests",
    "allocate_pairing",
    "allocate_stable",
    "explain_empty",
    "failed_filter",
    "formats",
    "great_circle_km",
    "rank_for_request",
    "rank_for_student",
    "rescore_opportunity",
    "score_pair",
    "validate_weights",
]


def __getattr__(name: str) -> Any:
    if name == "allocate_pairing":
        from matching.engine.pairing import allocate_pairing

        return allocate_pairing
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
