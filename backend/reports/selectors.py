"""Placement counts for the chamber: reads only, each report a few grouped SQL queries.

What is counted: students, i.e. the sum of `students_count` over the confirmed and completed
placements (cancelled ones are left out), each in the period by its `start_date` and in the region
by the municipality where it takes place. Dimensions and periods: backend/reports/dimensions.py.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.reference.models import Municipality, Programme
from backend.reports.dimensions import (
    PLACEMENT_DIMENSIONS,
    TIME_DIMENSIONS,
    Dimension,
    first_day,
    labels_for,
)
from backend.reports.params import Region, Selection
from backend.reports.tables import Column, ReportTable, percent, suppress
from companies.models import Opportunity
from matching.models import Placement
from schools.models import StudentProfile

COUNTED = (Placement.Status.CONFIRMED, Placement.Status.COMPLETED)
COUNT = Column("count", _("Placements (students)"))


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


def _students() -> Coalesce:
    return Coalesce(Sum("students_count"), 0)


@dataclass
class Grouped:
    """The measures (sums) by the tuple of the dimensions' values, in the order of those
    values; and over the whole selection, when the query's rows gave it (each placement in one
    row), else None."""

    folded: dict[tuple, dict[str, int]]
    totals: dict[str, int] | None


def folded_counts(queryset: QuerySet, dimensions: Sequence[Dimension], **measures: Any) -> Grouped:
    """One GROUP BY query, its groups folded (months into terms …) and added up."""
    # Aliased, because a dimension may share its name with a model field (kind, level).
    aliases = {f"g_{d.key}": d.expression() for d in dimensions}
    folded: dict[tuple, dict[str, int]] = {}
    totals: dict[tuple, dict[str, int]] = {}
    for row in queryset.values(**aliases).annotate(**measures).order_by():
        key = tuple(
            None if row[alias] is None else d.fold(row[alias])
            for alias, d in zip(aliases, dimensions, strict=True)
        )
        _add(folded, key, row, measures)
        _add(totals, (), row, measures)
    multiplied = any(d.multiple for d in dimensions)
    return Grouped(_in_order(folded), None if multiplied else _grand(totals, measures))


def _in_order(folded: dict[tuple, dict[str, int]]) -> dict[tuple, dict[str, int]]:
    return dict(sorted(folded.items(), key=lambda item: _none_last(item[0])))


def _grand(totals: dict[tuple, dict[str, int]], measures: Any) -> dict[str, int]:
    return totals.get((), dict.fromkeys(measures, 0))


def _add(folded: dict[tuple, dict[str, int]], key: tuple, row: dict, measures: Any) -> None:
    sums = folded.setdefault(key, dict.fromkeys(measures, 0))
    for name in measures:
        sums[name] += row[name]


def _none_last(key: tuple) -> tuple:
    return tuple((value is None, value) for value in key)


def _groups(
    folded: dict[tuple, dict[str, int]], dimensions: Sequence[Dimension]
) -> list[dict[str, Any]]:
    """The groups as the API gives them: each dimension's value by its name, then the sums."""
    return [
        {
            **{
                d.key: None if value is None else d.to_api(value)
                for d, value in zip(dimensions, key, strict=True)
            },
            **sums,
        }
        for key, sums in folded.items()
    ]


def _total(queryset: QuerySet, grouped: Grouped | None, **measures: Any) -> dict[str, int]:
    """The sums over the selection: from the grouped query's rows where they give it, else
    one more query."""
    if grouped is not None and grouped.totals is not None:
        return dict(grouped.totals)
    return queryset.aggregate(**measures)


def _sort(rows: list[dict[str, Any]], dimensions: Sequence[Dimension], measure: str) -> None:
    """In time order when grouped by time, else the largest first."""
    if not any(d.key in TIME_DIMENSIONS for d in dimensions):
        rows.sort(key=lambda row: -row[measure])


def placement_counts(
    *, selection: Selection, group_by: Sequence[str], suppressed: bool = False
) -> ReportTable:
    """Students placed, by one or more dimensions. With `suppressed`, counts under 5 are hidden
    (open data)."""
    dimensions = [PLACEMENT_DIMENSIONS[name] for name in group_by]
    queryset = counted_placements(selection)
    grouped = folded_counts(queryset, dimensions, count=_students())
    rows = _groups(grouped.folded, dimensions)
    _sort(rows, dimensions, "count")
    table = ReportTable(
        name="placements",
        title=_("Placements"),
        dimensions=[Column(d.key, d.title) for d in dimensions],
        measures=[COUNT],
        rows=rows,
        total=_total(queryset, grouped, count=_students()),
        filters=selection.describe(),
        labels=labels_for(dimensions),
    )
    if any(d.multiple for d in dimensions):
        table.extra["note"] = str(
            _("A placement is counted once in each STEM area of its opportunity.")
        )
    if suppressed:
        return suppress(table)
    for d in dimensions:
        if not d.multiple and d.key not in TIME_DIMENSIONS:
            unknown = sum(row["count"] for row in rows if row[d.key] is None)
            total = table.total["count"]
            table.add_coverage(dimension=d.key, title=d.title, known=total - unknown, total=total)
    return table


def trend(*, selection: Selection, interval: str, series: str | None = None) -> ReportTable:
    """Students placed per term, month or school year, every step from the first to the last
    present (zero where nothing started), optionally one line per value of `series`. `planned`
    counts the students whose placement has not started yet (it starts after today)."""
    names = [interval] + ([series] if series else [])
    dimensions = [PLACEMENT_DIMENSIONS[name] for name in names]
    queryset = counted_placements(selection)
    today = timezone.localdate()
    measures = {
        "count": _students(),
        "planned": Coalesce(Sum("students_count", filter=Q(start_date__gt=today)), 0),
    }
    grouped = folded_counts(queryset, dimensions, **measures)
    steps = _steps(interval, {key[0] for key in grouped.folded})
    values = sorted({key[1:] for key in grouped.folded}, key=_none_last)
    filled = {
        (step, *value): grouped.folded.get((step, *value), {"count": 0, "planned": 0})
        for step in steps
        for value in values
    }
    rows = _groups(filled, dimensions)
    for row, key in zip(rows, filled, strict=True):
        # A period that has not begun holds only planned placements.
        row["future"] = first_day(interval, key[0]) > today
    table = ReportTable(
        name="trend",
        title=_("Trend"),
        dimensions=[Column(d.key, d.title) for d in dimensions],
        measures=[COUNT, Column("planned", _("Of which planned (not started)"))],
        rows=rows,
        total=_total(queryset, grouped, **measures),
        filters=selection.describe(),
        labels=labels_for(dimensions),
        extra={
            "definition": str(
                _(
                    "Planned: placements confirmed to start after %(today)s; they are drawn "
                    "apart from those that have started and may still be cancelled."
                )
                % {"today": today.isoformat()}
            )
        },
    )
    return table


def _steps(interval: str, present: Iterable[int]) -> list[int]:
    """Every period number from the first to the last present."""
    present = sorted(present)
    if not present:
        return []
    if interval != "month":
        return list(range(present[0], present[-1] + 1))
    steps, step = [], present[0]
    while step <= present[-1]:
        steps.append(step)
        step = step + 89 if step % 100 == 12 else step + 1  # December to the next January
    return steps


def _stem_programmes() -> list[str]:
    return list(Programme.objects.filter(is_stem=True).values_list("code", flat=True))


STEM_DEFINITION = _(
    "STEM: what the student studies. A placement is STEM when its programme is a STEM "
    "programme, i.e. its main ISCED-F 2013 education field is in the broad fields 05 (natural "
    "sciences, mathematics, statistics), 06 (ICT) or 07 (engineering, manufacturing, "
    "construction): at gymnasium the national programme, at YH and university the education. "
    "The share is of the students whose programme is stated. STEM content offered: the "
    "opportunity names at least one STEM area, whatever the student studies."
)


def stem_share(*, selection: Selection, group_by: Sequence[str] = ()) -> ReportTable:
    """The share of students placed who study a STEM programme (of those whose programme is
    stated), and apart from it the share placed at opportunities with STEM content, overall
    or by a dimension. Both filters test against a short list, so no row is joined."""
    dimensions = [PLACEMENT_DIMENSIONS[name] for name in group_by]
    queryset = counted_placements(selection)
    with_area = Opportunity.stem_areas.through.objects.values("opportunity_id")
    measures = {
        "count": _students(),
        "stated": Coalesce(Sum("students_count", filter=Q(programme__isnull=False)), 0),
        "stem": Coalesce(Sum("students_count", filter=Q(programme_id__in=_stem_programmes())), 0),
        "stem_content": Coalesce(Sum("students_count", filter=Q(opportunity_id__in=with_area)), 0),
    }
    grouped = folded_counts(queryset, dimensions, **measures) if dimensions else None
    rows = _groups(grouped.folded, dimensions) if grouped else []
    total = _total(queryset, grouped, **measures)
    for row in [*rows, total]:
        row["stem_percent"] = percent(row["stem"], row["stated"])
        row["stem_content_percent"] = percent(row["stem_content"], row["count"])
    _sort(rows, dimensions, "count")
    table = ReportTable(
        name="stem-share",
        title=_("STEM share"),
        dimensions=[Column(d.key, d.title) for d in dimensions],
        measures=[
            COUNT,
            Column("stated", _("Programme stated")),
            Column("stem", _("Studying STEM")),
            Column("stem_percent", _("STEM share (%)"), percent=True),
            Column("stem_content", _("At STEM content")),
            Column("stem_content_percent", _("STEM content offered (%)"), percent=True),
        ],
        rows=rows,
        total=total,
        filters=selection.describe(),
        labels=labels_for(dimensions),
        extra={"definition": str(STEM_DEFINITION)},
    )
    table.add_coverage(
        dimension="programme",
        title=PLACEMENT_DIMENSIONS["programme"].title,
        known=total["stated"],
        total=total["count"],
    )
    return table


def gender_balance(*, selection: Selection) -> ReportTable:
    """Students placed in STEM programmes by programme and gender, where the student stated a
    gender (optional); every count under 5 suppressed. How many stated one is said beside."""
    queryset = counted_placements(selection).filter(programme_id__in=_stem_programmes())
    programme = PLACEMENT_DIMENSIONS["programme"]
    grouped = (
        queryset.values("programme_id", "student_gender")
        .annotate(count=_students())
        .order_by("programme_id", "student_gender")
    )
    rows, unstated = [], 0
    for row in grouped:
        if row["student_gender"]:
            rows.append(
                {
                    "programme": row["programme_id"],
                    "gender": row["student_gender"],
                    "count": row["count"],
                }
            )
        else:
            unstated += row["count"]
    known = sum(row["count"] for row in rows)
    table = ReportTable(
        name="gender",
        title=_("Gender balance in STEM programmes"),
        dimensions=[Column("programme", programme.title), Column("gender", _("Gender"))],
        measures=[COUNT],
        rows=rows,
        total={"count": known},
        filters=selection.describe(),
        labels={
            "programme": programme.labels(),
            "gender": {value: str(label) for value, label in StudentProfile.Gender.choices},
        },
    )
    table.add_coverage(dimension="gender", title=_("Gender"), known=known, total=known + unstated)
    suppress(table)
    if table.total["count"] is None:
        # The count stated is the withheld total: give only a whole per cent of it.
        coverage = table.extra["coverage"][0]
        coverage["known"] = None
        coverage["percent"] = round(coverage["percent"])
    return table


def open_data(*, selection: Selection) -> ReportTable:
    """The public counts: students placed by school year, municipality and kind, suppressed."""
    table = placement_counts(
        selection=selection, group_by=["school_year", "municipality", "kind"], suppressed=True
    )
    table.name = "open-data"
    return table
