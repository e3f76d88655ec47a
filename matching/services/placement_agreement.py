"""The company's agreement to a placement the school confirmed at it.

A counsellor may confirm "3 of our students at company X" from a match; the company then sees
the placement as waiting for its agreement, and agrees, or cancels it with a reason
(placement_cancel). A placement the company confirmed itself, or that came from its own offer,
is agreed from the start (matching/services/placements.py).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import actor_for
from backend.accounts.models import User
from backend.core.errors import TransitionError
from matching import policy
from matching.models import Placement
from matching.services.placements import NOT_ALLOWED, notify_placement_changed


def awaits_company(placement: Placement) -> bool:
    return placement.status == Placement.Status.CONFIRMED and placement.company_agreed_at is None


@transaction.atomic
def placement_company_agree(*, placement: Placement, by: User) -> Placement:
    """A member of the placement's company agrees; the school and the student hear it."""
    if placement.opportunity.company_id not in policy.postable_company_ids(actor_for(by)):
        raise PermissionDenied(NOT_ALLOWED)
    placement = (
        Placement.objects.select_related(
            "opportunity__company__organisation", "school__organisation", "student__user"
        )
        .select_for_update(of=("self",))
        .get(pk=placement.pk)
    )
    if not awaits_company(placement):
        raise TransitionError(_("This placement waits for no agreement."), allowed=())
    placement.company_agreed_at = timezone.now()
    placement.company_agreed_by = by
    placement.full_clean()
    placement.save(update_fields=["company_agreed_at", "company_agreed_by", "updated_at"])
    notify_placement_changed(placement)
    return placement
