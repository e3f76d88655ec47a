"""Supply versus demand, and the gaps: reads only.

- offered: the places of public opportunities (published, not hidden, of a verified and
  unsuspended company);
- requested: the places needed by the schools' requests that are not closed (open, partially
  filled or filled: a request that was filled was still demand) and not hidden;
- confirmed: students placed (backend/reports/selectors.py);
- coverage = confirmed / requested.

Opportunities and requests are in the period when their period overlaps it (an opportunity with a
flexible period always is); placements by their start date. An opportunity that lists several
programmes offers its places in each of them; one that lists none counts under "not stated".
"""

from collections.abc import Sequence
from typing import Any

from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from backend.reports.dimensions import PLACEMENT_DIMENSIONS, labels_for
from backend.reports.params import Selection
from backend.reports.selectors import counted_placements, region_municipalities
from backend.reports.tables import Column, ReportTable
from companies.models import Opportunity
from companies.selectors import public_opportunities
from schools.models import PlacementRequest

# The field each measure's rows are grouped by, per dimension.
GROUP_FIELDS = {
    "programme": {
        "offered": "programmes",
        "requested": "programme_id",
        "confirmed": "programme_id",
    },
    "municipality": {
        "offered": "municipality_id",
        "requested": "municipality_id",
        "confirmed": "municipality_id",
    },
}
MEASURES = [
    Column("offered", _("Places offered")),
    Column("requested", _("Places requested")),
    Column("confirmed", _("Placements (students)")),
    Column("coverage", _("Coverage")),
]
ACTIVE_REQUESTS = (
    PlacementRequest.Status.OPEN,
    PlacementRequest.Status.PARTIALLY_FILLED,
    PlacementRequest.Status.FILLED,
)


def _in_selection(queryset: QuerySet, selection: Selection, *, flexible: bool) -> QuerySet:
    """Overlapping the period (and, if `flexible`, with no period at all); in the region."""
    overlap = Q()
    if selection.period_to:
        overlap &= Q(period_start__lte=selection.period_to)
    if selection.period_from:
        overlap &= Q(period_end__gte=selection.period_from)
    if flexible and overlap:
        overlap |= Q(period_start__isnull=True)
    queryset = queryset.filter(overlap)
    codes = region_municipalities(selection.region)
    return queryset if codes is None else queryset.filter(municipality_id__in=codes)


def offered_opportunities(selection: Selection) -> QuerySet[Opportunity]:
    queryset = Opportunity.objects.filter(public_opportunities())
    return _in_selection(queryset, selection, flexible=True)


def active_requests(selection: Selection) -> QuerySet[PlacementRequest]:
    queryset = PlacementRequest.objects.filter(status__in=ACTIVE_REQUESTS, hidden_at__isnull=True)
    return _in_selection(queryset, selection, flexible=False)


def _sums(
    queryset: QuerySet, group_by: Sequence[str], measure: str, field: str
) -> dict[tuple, int]:
    aliases = {f"g_{name}": F(GROUP_FIELDS[name][measure]) for name in group_by}
    rows = queryset.values(**aliases).annotate(n=Coalesce(Sum(field), 0)).order_by()
    return {tuple(row[alias] for alias in aliases): row["n"] for row in rows}


def _coverage(row: dict[str, Any]) -> None:
    requested = row["requested"]
    row["coverage"] = round(row["confirmed"] / requested, 3) if requested else None


def supply_demand(*, selection: Selection, group_by: Sequence[str]) -> ReportTable:
    """Places offered, requested and confirmed, by programme and/or municipality."""
    sources = {
        "offered": (offered_opportunities(selection), "places"),
        "requested": (active_requests(selection), "places_needed"),
        "confirmed": (counted_placements(selection), "students_count"),
    }
    sums = {
        measure: _sums(queryset, group_by, measure, field)
        for measure, (queryset, field) in sources.items()
    }
    keys = sorted(set().union(*sums.values()), key=lambda key: [(v is None, v) for v in key])
    rows = [
        {
            **dict(zip(group_by, key, strict=True)),
            **{measure: sums[measure].get(key, 0) for measure in sources},
        }
        for key in keys
    ]
    total = {measure: sum(values.values()) for measure, values in sums.items()}
    if "programme" in group_by:
        # The programme join counts an opportunity once per programme: the total without it.
        queryset, field = sources["offered"]
        total["offered"] = queryset.aggregate(n=Coalesce(Sum(field), 0))["n"]
    for row in [*rows, total]:
        _coverage(row)
    rows.sort(key=lambda row: -row["requested"])
    dimensions = [PLACEMENT_DIMENSIONS[name] for name in group_by]
    return ReportTable(
        name="supply-demand",
        title=_("Supply and demand"),
        dimensions=[Column(d.key, d.title) for d in dimensions],
        measures=MEASURES,
        rows=rows,
        total=total,
        filters=selection.describe(),
        labels=labels_for(dimensions),
    )


def gaps(*, selection: Selection) -> ReportTable:
    """Programme and municipality pairs where more places are requested than offered, the
    largest gap first."""
    table = supply_demand(selection=selection, group_by=["programme", "municipality"])
    rows = [row for row in table.rows if row["requested"] > row["offered"]]
    for row in rows:
        row["gap"] = row["requested"] - row["offered"]
    rows.sort(key=lambda row: (-row["gap"], -row["requested"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    table.name = "gaps"
    table.title = _("Gaps")
    table.rows = rows
    table.measures = [*MEASURES[:2], Column("gap", _("Gap (places)")), Column("rank", _("Rank"))]
    table.total = {
        "offered": sum(row["offered"] for row in rows),
        "requested": sum(row["requested"] for row in rows),
        "gap": sum(row["gap"] for row in rows),
        "rank": "",
    }
    return table
