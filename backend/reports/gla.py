"""GLA (gymnasial lärlingsanställning) against the chamber's yearly target: reads only.

Per school year: the places of the GLA opportunities companies offered (published or since
closed, not hidden; in the school year in which their period starts, a flexible one in the year it
was published), the students in GLA placements (counted as every placement count), and the target
staff set on the target page (GlaTarget).
"""

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.reference.models import PlacementKind
from backend.reports import policy
from backend.reports.counted import region_municipalities
from backend.reports.cube import Cube
from backend.reports.dimensions import PLACEMENT_DIMENSIONS, school_year_label, school_year_of
from backend.reports.grouping import STUDENTS, grouped
from backend.reports.models import GlaTarget
from backend.reports.selection import Selection
from backend.reports.tables import Column, ReportTable, percent
from companies.models import Opportunity

DEFINITION = _(
    "GLA places offered: apprenticeship opportunities published (or since closed), in the school "
    "year their period starts. GLA placements: students in apprenticeship placements starting "
    "that school year. Target: set by chamber staff for each school year."
)
OFFERED = (Opportunity.Status.PUBLISHED, Opportunity.Status.CLOSED)


def _gla_opportunities(selection: Selection) -> QuerySet[Opportunity]:
    queryset = Opportunity.objects.filter(
        kind=PlacementKind.APPRENTICESHIP, status__in=OFFERED, hidden_at__isnull=True
    ).alias(day=Coalesce("period_start", TruncDate("published_at")))
    if selection.period_from:
        queryset = queryset.filter(day__gte=selection.period_from)
    if selection.period_to:
        queryset = queryset.filter(day__lte=selection.period_to)
    codes = region_municipalities(selection.region)
    return queryset if codes is None else queryset.filter(municipality_id__in=codes)


def _by_school_year(queryset: QuerySet, field: str, day: str) -> dict[int, int]:
    rows = (
        queryset.values(year=school_year_of(day))
        .annotate(n=Coalesce(Sum(field), 0))
        .order_by("year")
    )
    return {row["year"]: row["n"] for row in rows}


def gla_progress(*, actor: Actor, selection: Selection, cube: Cube | None = None) -> ReportTable:
    policy.require_reports(actor)
    places = _by_school_year(_gla_opportunities(selection), "places", "day")
    by_kind = grouped(
        selection,
        [PLACEMENT_DIMENSIONS["school_year"], PLACEMENT_DIMENSIONS["kind"]],
        {"count": STUDENTS},
        cube,
    )
    placements = {
        year: sums["count"]
        for (year, kind), sums in by_kind.folded.items()
        if kind == PlacementKind.APPRENTICESHIP
    }
    years = set(places) | set(placements)
    targets = dict(
        GlaTarget.objects.filter(Q(school_year__in=years) | _target_in(selection)).values_list(
            "school_year", "placements"
        )
    )
    rows = []
    for year in sorted(years | set(targets)):
        target = targets.get(year)
        done = placements.get(year, 0)
        rows.append(
            {
                "school_year": school_year_label(year),
                "places": places.get(year, 0),
                "placements": done,
                "target": target,
                "attained_percent": percent(done, target) if target else None,
            }
        )
    return ReportTable(
        name="gla",
        title=_("GLA against the target"),
        dimensions=[Column("school_year", _("School year"))],
        measures=[
            Column("places", _("GLA places offered")),
            Column("placements", _("GLA placements (students)")),
            Column("target", _("Target")),
            Column("attained_percent", _("Share of target (%)"), percent=True),
        ],
        rows=rows,
        total={
            "places": sum(places.values()),
            "placements": sum(placements.values()),
            "target": sum(targets.values()) if targets else None,
            "attained_percent": None,
        },
        filters=selection.describe(),
        extra={"definition": str(DEFINITION)},
    )


def _target_in(selection: Selection) -> Q:
    """The targets of the school years the selected period touches (none without a period)."""
    if not (selection.period_from and selection.period_to):
        return Q(pk__in=[])
    first = selection.period_from.year - (selection.period_from.month < 7)
    last = selection.period_to.year - (selection.period_to.month < 7)
    return Q(school_year__gte=first, school_year__lte=last)
