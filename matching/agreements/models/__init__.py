"""A placement's lifecycle: the plan agreed before it, the agreement versions and their
signatures, the safety of minors, the check-in during it and the evaluations after it.

Every row hangs off matching.Placement; the lifecycle status (draft → awaiting_signatures →
ready → started → evaluated) is computed by matching/agreements/selectors.py, never stored.
Writes go through matching/agreements/services.py.
"""

from matching.agreements.models.follow_up import CheckIn, HandledareEvaluation, StudentEvaluation
from matching.agreements.models.minors import HourLimit, RiskAssessment
from matching.agreements.models.plans import Agreement, PlacementPlan, Signature

__all__ = [
    "Agreement",
    "CheckIn",
    "HandledareEvaluation",
    "HourLimit",
    "PlacementPlan",
    "RiskAssessment",
    "Signature",
    "StudentEvaluation",
]
