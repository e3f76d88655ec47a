"""Deciding a round's proposals: the school's counsellor or a member of the opportunity's company
confirms or declines. Confirming one confirms its placement (matching/services/placements.py):
the proposed places of the opportunity for the request, or the one place for the student."""

from django.db import transaction
from django.utils import timezone

from backend.accounts.actor import actor_for
from backend.accounts.models import User
from matching.models import Proposal
from matching.services.placements import placement_confirm, undecided_proposal


@transaction.atomic
def proposal_confirm(*, proposal: Proposal, by: User) -> Proposal:
    placements = placement_confirm(
        actor=actor_for(by), opportunity=proposal.opportunity, proposal=proposal
    )
    return placements[0].proposal


@transaction.atomic
def proposal_decline(*, proposal: Proposal, by: User) -> Proposal:
    locked = undecided_proposal(actor=actor_for(by), proposal=proposal)
    locked.status = Proposal.Status.DECLINED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    return locked
