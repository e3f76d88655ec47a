"""The one write of the reports: chamber staff set the GLA target of a school year."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import User
from backend.accounts.selectors import is_chamber_staff
from backend.reports.models import GlaTarget, GlaTargetChange

NOT_ALLOWED = _("Only chamber staff set the GLA target.")


@transaction.atomic
def gla_target_set(*, school_year: int, placements: int, by: User) -> GlaTarget:
    """Set (or change) the target of `school_year`; every change is kept with who made it."""
    if not is_chamber_staff(by):
        raise PermissionDenied(NOT_ALLOWED)
    target = GlaTarget.objects.select_for_update().filter(school_year=school_year).first()
    previous = target.placements if target else None
    target = target or GlaTarget(school_year=school_year)
    target.placements = placements
    target.full_clean()
    target.save()
    change = GlaTargetChange(
        school_year=school_year, placements=placements, previous=previous, set_by=by
    )
    change.full_clean()
    change.save()
    return target
