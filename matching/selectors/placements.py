"""Reads of placements, as DESIGN.md's table allows them (chamber staff read counts and exports
in the reports, never a placement's row here):

| who            | sees                                         |
| -------------- | -------------------------------------------- |
| student        | the placements that name them                |
| counsellor     | their schools' placements                    |
| company member | the placements at their companies' opportunities |
"""

from collections.abc import Mapping
from typing import Any

import django_filters
from django.db.models import QuerySet

from backend.accounts.actor import Actor
from backend.audit.querysets import PupilRowsQuerySet
from backend.core.filters import IntegerFilter, apply_filterset
from matching import policy
from matching.models import Placement

# What a placement is shown with, wherever it is listed.
PLACEMENT_RELATED = (
    "opportunity__company__organisation",
    "opportunity__municipality",
    "school__organisation",
    "student__user",
    "programme",
    "municipality",
)


class PlacementFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Placement.Status.choices)
    opportunity = IntegerFilter(field_name="opportunity_id", label="Opportunity id")
    request = IntegerFilter(field_name="request_id", label="Placement request id")

    class Meta:
        model = Placement
        fields = ["status", "opportunity", "request"]


def placements_for(
    *, actor: Actor, filters: Mapping[str, Any] | None = None
) -> QuerySet[Placement]:
    """The placements the actor may read, the latest start first; fetching them records the read
    of their students (backend/audit/querysets.py)."""
    queryset = PupilRowsQuerySet(Placement).select_related(*PLACEMENT_RELATED)
    queryset = queryset.filter(policy.party_rows(actor)).read_by(actor.user, purpose="placement")
    return apply_filterset(PlacementFilter, filters, queryset)
