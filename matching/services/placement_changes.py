"""Completing and cancelling a placement (see matching/services/placements.py for who may)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.core.errors import TransitionError
from backend.reports import services as reports_services
from companies import services as company_services
from matching import policy
from matching.models import Placement
from matching.services.placements import NOT_ALLOWED, notify_placement_changed
from schools.services import placement_requests as request_services


@transaction.atomic
def placement_complete(*, actor: Actor, placement: Placement) -> Placement:
    """A confirmed placement that has started is completed; its places stay used."""
    placement = _locked(placement, actor=actor)
    if placement.status != Placement.Status.CONFIRMED:
        raise _final(placement)
    if placement.start_date > timezone.localdate():
        raise TransitionError(
            _("A placement can be completed once it has started (on %(date)s).")
            % {"date": placement.start_date.isoformat()},
            allowed=["cancel"],
        )
    placement.status = Placement.Status.COMPLETED
    placement.completed_at = timezone.now()
    placement.full_clean()
    placement.save(update_fields=["status", "completed_at", "updated_at"])
    notify_placement_changed(placement)
    return placement


@transaction.atomic
def placement_cancel(*, actor: Actor, placement: Placement, reason: str) -> Placement:
    """A confirmed placement is cancelled with a reason the other side reads; its places go
    back to the opportunity and the request (whose status follows)."""
    placement = _locked(placement, actor=actor)
    if placement.status != Placement.Status.CONFIRMED:
        raise _final(placement)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why, so the other side understands.")]})
    company_services.opportunity_return_places(
        opportunity_id=placement.opportunity_id, count=placement.students_count
    )
    if placement.request_id is not None:
        request_services.placement_request_return_places(
            placement_request_id=placement.request_id, count=placement.students_count
        )
    placement.status = Placement.Status.CANCELLED
    placement.cancelled_at = timezone.now()
    placement.cancel_reason = reason
    placement.full_clean()
    placement.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
    reports_services.placement_tally_add(placement=placement, sign=-1)
    notify_placement_changed(placement)
    return placement


def placement_manage_check(*, actor: Actor, placement: Placement) -> None:
    """PermissionDenied unless the actor may complete or cancel the placement (the API asks
    before it reads a cancellation's body: who may, then what)."""
    if not policy.may_manage_placement(actor, placement):
        raise PermissionDenied(NOT_ALLOWED)


def placement_allowed_actions(*, actor: Actor, placement: Placement) -> list[str]:
    """What the actor may do next with the placement (for the API and the pages)."""
    if placement.status != Placement.Status.CONFIRMED or not policy.may_manage_placement(
        actor, placement
    ):
        return []
    started = placement.start_date <= timezone.localdate()
    return ["complete", "cancel"] if started else ["cancel"]


def _locked(placement: Placement, *, actor: Actor) -> Placement:
    placement_manage_check(actor=actor, placement=placement)
    locked = Placement.objects.select_related(
        "opportunity__company__organisation", "school__organisation", "student__user"
    ).select_for_update(of=("self",))
    return locked.get(pk=placement.pk)


def _final(placement: Placement) -> TransitionError:
    return TransitionError(
        _("This placement is already %(status)s.")
        % {"status": placement.get_status_display().lower()},
        allowed=(),
    )
