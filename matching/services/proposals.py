"""Deciding a round's proposals: the school's counsellor or a member of the opportunity's company
confirms or declines (the confirmed one becomes a Placement with a later issue)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import User
from backend.api.exceptions import TransitionError
from matching import access
from matching.models import Proposal


@transaction.atomic
def proposal_confirm(*, proposal: Proposal, by: User) -> Proposal:
    return _decide(proposal, by=by, status=Proposal.Status.CONFIRMED)


@transaction.atomic
def proposal_decline(*, proposal: Proposal, by: User) -> Proposal:
    return _decide(proposal, by=by, status=Proposal.Status.DECLINED)


def _decide(proposal: Proposal, *, by: User, status: str) -> Proposal:
    if not access.may_decide(by, proposal):
        raise PermissionDenied(_("You may not decide on this proposal."))
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != Proposal.Status.PROPOSED:
        raise TransitionError(
            _("This proposal is already %(status)s.")
            % {"status": locked.get_status_display().lower()},
            allowed=(),
        )
    proposal.status = status
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.full_clean()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    return proposal
