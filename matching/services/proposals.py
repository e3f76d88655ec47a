"""Deciding a round's proposals: the school's counsellor or a member of the opportunity's company
confirms or declines. Confirming one confirms its placement (matching/services/placements.py):
the proposed places of the opportunity for the request, or the one place for the student."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from matching import policy
from matching.models import Proposal
from matching.services.placements import placement_confirm, undecided_proposal

NOT_YOURS = _("You may not decide on this proposal.")


def _require_decider(actor: Actor, proposal: Proposal) -> None:
    if not policy.may_decide(actor, proposal):
        raise PermissionDenied(NOT_YOURS)


@transaction.atomic
def proposal_confirm(*, actor: Actor, proposal: Proposal) -> Proposal:
    _require_decider(actor, proposal)
    placements = placement_confirm(actor=actor, opportunity=proposal.opportunity, proposal=proposal)
    return placements[0].proposal


@transaction.atomic
def proposal_decline(*, actor: Actor, proposal: Proposal) -> Proposal:
    _require_decider(actor, proposal)
    locked = undecided_proposal(actor=actor, proposal=proposal)
    locked.status = Proposal.Status.DECLINED
    locked.decided_by = actor.user
    locked.decided_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    return locked
