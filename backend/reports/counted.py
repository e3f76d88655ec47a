"""Which placements a report counts: students, i.e. the sum of `students_count` over the
confirmed and completed placements (cancelled ones are left out), each in the period by its
`start_date` and in the region by the municipality where it takes place."""

from django.db.models import Q, QuerySet

from backend.reference.models import Municipality
from backend.reports.selection import Region, Selection
from matching.models import Placement

COUNTED = (Placement.Status.CONFIRMED, Placement.Status.COMPLETED)


def region_municipalities(region: str) -> list[str] | None:
    """The municipality codes of the region; None for all of Sweden."""
    if region == Region.SWEDEN:
        return None
    return list(Municipality.objects.filter(in_region=True).values_list("code", flat=True))


def counted(selection: Selection, prefix: str = "") -> Q:
    """The condition on a placement (reached through `prefix`, e.g. "placement__") to be
    counted: confirmed or completed, starting in the period, taking place in the region."""
    condition = Q(**{f"{prefix}status__in": COUNTED})
    if selection.period_from:
        condition &= Q(**{f"{prefix}start_date__gte": selection.period_from})
    if selection.period_to:
        condition &= Q(**{f"{prefix}start_date__lte": selection.period_to})
    codes = region_municipalities(selection.region)
    if codes is not None:
        condition &= Q(**{f"{prefix}municipality_id__in": codes})
    return condition


def counted_placements(selection: Selection) -> QuerySet[Placement]:
    """The placements a report counts."""
    return Placement.objects.filter(counted(selection))
