"""Which placements a report counts: students, i.e. the sum of `students_count` over the
confirmed and completed placements (cancelled ones are left out), each in the period by its
`start_date` and in the region by the municipality where it takes place."""

from django.db.models import QuerySet

from backend.reference.models import Municipality
from backend.reports.params import Region, Selection
from matching.models import Placement

COUNTED = (Placement.Status.CONFIRMED, Placement.Status.COMPLETED)


def region_municipalities(region: str) -> list[str] | None:
    """The municipality codes of the region; None for all of Sweden."""
    if region == Region.SWEDEN:
        return None
    return list(Municipality.objects.filter(in_region=True).values_list("code", flat=True))


def counted_placements(selection: Selection) -> QuerySet[Placement]:
    """The placements a report counts: confirmed or completed, starting in the period, taking
    place in the region."""
    queryset = Placement.objects.filter(status__in=COUNTED)
    if selection.period_from:
        queryset = queryset.filter(start_date__gte=selection.period_from)
    if selection.period_to:
        queryset = queryset.filter(start_date__lte=selection.period_to)
    codes = region_municipalities(selection.region)
    if codes is not None:
        queryset = queryset.filter(municipality_id__in=codes)
    return queryset
