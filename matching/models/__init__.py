"""Matching's tables: matches and allocation rounds (what the engine computes), and what people
do with them: applications, placements and the threads they write in.

Invariants are constraints; every write goes through matching/services/.
"""

from matching.models.applications import Application, ApplicationEvent
from matching.models.matches import AllocationRound, Match, MatchReserve, Proposal, RoundChoice
from matching.models.outbox import OutboxTask
from matching.models.placements import Placement
from matching.models.threads import Message, Thread

__all__ = [
    "AllocationRound",
    "Application",
    "ApplicationEvent",
    "Match",
    "MatchReserve",
    "Message",
    "OutboxTask",
    "Placement",
    "Proposal",
    "RoundChoice",
    "Thread",
]
