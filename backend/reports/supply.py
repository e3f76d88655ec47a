"""Supply versus demand, and the gaps: reads only.

- offered: the places of public opportunities (published, not hidden, of a verified and
  unsuspended company);
- requested: the places needed by the schools' requests that are not closed (open, partially
  filled or filled: a request that was filled was still demand) and not hidden;
- filled: the places of those same requests that placements filled;
- coverage = filled / requested, in per cent: both sides are the same requests, so the same
  period and region (a placement made without a request is counted in `confirmed` only);
- confirmed: students placed in the period (backend/reports/selectors.py), by where they are
  placed.

Opportunities and requests are in the period when their period overlaps it (an opportunity with a
flexible period always is); placements by their start date. An opportunity that lists several
programmes offers its places in each of them; one that lists none counts under "not stated".
"""

from collections.abc import Sequence

from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.reports import policy
from backend.reports.counted import region_municipalities
from backend.reports.cube import Cube
from backend.reports.dimensions import PLACEMENT_DIMENSIONS, labels_for
from backend.reports.grouping import STUDENTS, grouped
from backend.reports.selection import Selection
from backend.reports.tables import Column, ReportTable, percent
from companies.models import Opportunity
from companies.selectors import public_opportunities
from schools.models import PlacementRequest

# The field each measure's rows are grouped by, per dimension.
GROUP_FIELDS = {
    "programme": {
        "offered": "programmes",
        "requested": "programme_id",
    },
    "municipality": {
        "offered": "municipality_id",
        "requested": "municipality_id",
    },
}
MEASURES = [
    Column("offered", _("Places offered")),
    Column("requested", _("Places requested")),
    Column("filled", _("Requested places filled")),
    Column("coverage_percent", _("Coverage (%)"), percent=True),
    Column("confirmed", _("Placements (students)")),
]
DEFINITION = _(
    "Places offered: published opportunities whose period overlaps the selection (a flexible "
    "one always). Places requested: the schools' requests that are not closed, whose period "
    "overlaps it. Coverage: the requested places that placements filled, of the places "
    "requested, over the same requests. Placements: students whose placement starts in the "
    "period, where it takes place."
)
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
    queryset: QuerySet, group_by: Sequence[str], measure: str, **fields: str
) -> dict[str, dict[tuple, int]]:
    """Each field's sum by the groups: {name: {key: sum}}."""
    aliases = {f"g_{name}": F(GROUP_FIELDS[name][measure]) for name in group_by}
    sums = {name: Coalesce(Sum(field), 0) for name, field in fields.items()}
    rows = list(queryset.values(**aliases).annotate(**sums).order_by())
    return {
        name: {tuple(row[alias] for alias in aliases): row[name] for row in rows} for name in fields
    }


def supply_demand(
    *, actor: Actor, selection: Selection, group_by: Sequence[str], cube: Cube | None = None
) -> ReportTable:
    """Places offered, requested and filled, and students placed, by programme and/or
    municipality."""
    policy.require_reports(actor)
    sums = {
        **_sums(offered_opportunities(selection), group_by, "offered", offered="places"),
        **_sums(
            active_requests(selection),
            group_by,
            "requested",
            requested="places_needed",
            filled="places_filled",
        ),
        "confirmed": _placed(selection, group_by, cube),
    }
    keys = sorted(set().union(*sums.values()), key=lambda key: [(v is None, v) for v in key])
    rows = [
        {
            **dict(zip(group_by, key, strict=True)),
            **{measure: values.get(key, 0) for measure, values in sums.items()},
        }
        for key in keys
    ]
    total = {measure: sum(values.values()) for measure, values in sums.items()}
    if "programme" in group_by:
        # The programme join counts an opportunity once per programme: the total without it.
        total["offered"] = offered_opportunities(selection).aggregate(n=Coalesce(Sum("places"), 0))[
            "n"
        ]
    for row in [*rows, total]:
        row["coverage_percent"] = percent(row["filled"], row["requested"])
    rows.sort(key=lambda row: -row["requested"])
    dimensions = [PLACEMENT_DIMENSIONS[name] for name in group_by]
    table = ReportTable(
        name="supply-demand",
        title=_("Supply and demand"),
        dimensions=[Column(d.key, d.title) for d in dimensions],
        measures=MEASURES,
        rows=rows,
        total=total,
        filters=selection.describe(),
        labels=labels_for(dimensions),
        extra={"definition": str(DEFINITION)},
    )
    if "programme" in group_by:
        table.extra["note"] = str(
            _(
                "An opportunity open to several programmes offers its places in each, so the "
                "rows' places offered add up to more than the total."
            )
        )
    return table


def _placed(selection: Selection, group_by: Sequence[str], cube: Cube | None) -> dict[tuple, int]:
    dimensions = [PLACEMENT_DIMENSIONS[name] for name in group_by]
    counts = grouped(selection, dimensions, {"count": STUDENTS}, cube)
    return {key: sums["count"] for key, sums in counts.folded.items()}


def gaps(*, actor: Actor, selection: Selection, cube: Cube | None = None) -> ReportTable:
    """Every programme and municipality pair where more places are requested than offered, the
    largest gap first; the total adds up all of them."""
    table = supply_demand(
        actor=actor, selection=selection, group_by=["programme", "municipality"], cube=cube
    )
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
        "rank": None,
    }
    table.extra = {
        "definition": str(
            _(
                "Gap: places requested minus places offered, for each programme and "
                "municipality where more are requested than offered. The total adds up "
                "every such pair."
            )
        )
    }
    return table


def gaps_by_municipality(table: ReportTable) -> dict[str, int]:
    """The gaps table's places missing added up by municipality, over every row."""
    missing: dict[str, int] = {}
    for row in table.rows:
        missing[row["municipality"]] = missing.get(row["municipality"], 0) + row["gap"]
    return missing
