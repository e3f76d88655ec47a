"""Placement counts for the chamber: reads only, each report folded from the cube or one grouped
query (backend/reports/grouping.py says what is counted). Dimensions and periods:
backend/reports/dimensions.py.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.accounts.actor import Actor
from backend.reference.models import Programme
from backend.reports import policy
from backend.reports.cube import GENDERS, Cube
from backend.reports.dimensions import (
    PLACEMENT_DIMENSIONS,
    TIME_DIMENSIONS,
    Dimension,
    first_day,
    labels_for,
)
from backend.reports.grouping import (
    STUDENTS,
    Measure,
    api_groups,
    grouped,
    none_last,
    students,
)
from backend.reports.models import GlaTarget, GlaTargetChange
from backend.reports.selection import Selection
from backend.reports.tables import Column, ReportTable, percent, suppress
from companies.models import Opportunity
from schools.models import StudentProfile

COUNT = Column("count", _("Placements (students)"))


def _sort(rows: list[dict[str, Any]], dimensions: Sequence[Dimension], measure: str) -> None:
    """In time order when grouped by time, else the largest first."""
    if not any(d.key in TIME_DIMENSIONS for d in dimensions):
        rows.sort(key=lambda row: -row[measure])


def placement_counts(
    *, actor: Actor, selection: Selection, group_by: Sequence[str], cube: Cube | None = None
) -> ReportTable:
    """Students placed, by one or more dimensions, with how many of them each dimension
    knows."""
    policy.require_reports(actor)
    return _placement_counts(selection=selection, group_by=group_by, cube=cube)


def _placement_counts(
    *,
    selection: Selection,
    group_by: Sequence[str],
    suppressed: bool = False,
    cube: Cube | None = None,
) -> ReportTable:
    """With `suppressed`, counts under 5 are hidden (open data)."""
    dimensions = [PLACEMENT_DIMENSIONS[name] for name in group_by]
    counts = grouped(selection, dimensions, {"count": STUDENTS}, cube)
    rows = api_groups(counts.folded, dimensions)
    _sort(rows, dimensions, "count")
    table = ReportTable(
        name="placements",
        title=_("Placements"),
        dimensions=[Column(d.key, d.title) for d in dimensions],
        measures=[COUNT],
        rows=rows,
        total=counts.totals,
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


def trend(
    *,
    actor: Actor,
    selection: Selection,
    interval: str,
    series: str | None = None,
    cube: Cube | None = None,
) -> ReportTable:
    """Students placed per term, month or school year, every step from the first to the last
    present (zero where nothing started), optionally one line per value of `series`. `planned`
    counts the students whose placement has not started yet (it starts after today)."""
    policy.require_reports(actor)
    names = [interval] + ([series] if series else [])
    dimensions = [PLACEMENT_DIMENSIONS[name] for name in names]
    today = timezone.localdate()
    measures = {
        "count": STUDENTS,
        "planned": Measure(
            lambda: students(Q(start_date__gt=today)), lambda cell: cell.planned, ("month",)
        ),
    }
    counts = grouped(selection, dimensions, measures, cube)
    steps = _steps(interval, {key[0] for key in counts.folded})
    values = sorted({key[1:] for key in counts.folded}, key=none_last)
    filled = {
        (step, *value): counts.folded.get((step, *value), {"count": 0, "planned": 0})
        for step in steps
        for value in values
    }
    rows = api_groups(filled, dimensions)
    for row, key in zip(rows, filled, strict=True):
        # A period that has not begun holds only planned placements.
        row["future"] = first_day(interval, key[0]) > today
    table = ReportTable(
        name="trend",
        title=_("Trend"),
        dimensions=[Column(d.key, d.title) for d in dimensions],
        measures=[COUNT, Column("planned", _("Of which planned (not started)"))],
        rows=rows,
        total=counts.totals,
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


def _stem_programmes() -> set[str]:
    return set(Programme.objects.filter(is_stem=True).values_list("code", flat=True))


STEM_DEFINITION = _(
    "STEM: what the student studies. A placement is STEM when its programme is a STEM "
    "programme, i.e. its main ISCED-F 2013 education field is in the broad fields 05 (natural "
    "sciences, mathematics, statistics), 06 (ICT) or 07 (engineering, manufacturing, "
    "construction): at gymnasium the national programme, at YH and university the education. "
    "The share is of the students whose programme is stated. STEM content offered: the "
    "opportunity names at least one STEM area, whatever the student studies."
)


def stem_share(
    *,
    actor: Actor,
    selection: Selection,
    group_by: Sequence[str] = (),
    cube: Cube | None = None,
) -> ReportTable:
    """The share of students placed who study a STEM programme (of those whose programme is
    stated), and apart from it the share placed at opportunities with STEM content, overall
    or by a dimension. Both filters test against a short list, so no row is joined."""
    policy.require_reports(actor)
    dimensions = [PLACEMENT_DIMENSIONS[name] for name in group_by]
    stem = _stem_programmes()
    with_area = Opportunity.stem_areas.through.objects.values("opportunity_id")
    measures = {
        "count": STUDENTS,
        "stated": Measure(
            lambda: students(Q(programme__isnull=False)),
            lambda cell: cell.count if cell.programme else 0,
            ("programme",),
        ),
        "stem": Measure(
            lambda: students(Q(programme_id__in=stem)),
            lambda cell: cell.count if cell.programme in stem else 0,
            ("programme",),
        ),
        "stem_content": Measure(
            lambda: students(Q(opportunity_id__in=with_area)), lambda cell: cell.stem_content
        ),
    }
    counts = grouped(selection, dimensions, measures, cube)
    rows = api_groups(counts.folded, dimensions) if dimensions else []
    total = counts.totals
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


def gender_balance(*, actor: Actor, selection: Selection, cube: Cube | None = None) -> ReportTable:
    """Students placed in STEM programmes by programme and gender, where the student stated a
    gender (optional); every count under 5 suppressed. How many stated one is said beside."""
    policy.require_reports(actor)
    stem = _stem_programmes()
    programme = PLACEMENT_DIMENSIONS["programme"]
    measures = {
        "count": STUDENTS,
        **{
            gender: Measure(
                lambda gender=gender: students(Q(student_gender=gender)),
                lambda cell, gender=gender: getattr(cell, gender),
            )
            for gender in GENDERS
        },
    }
    counts = grouped(selection, [programme], measures, cube)
    rows, unstated = [], 0
    for (code,), sums in counts.folded.items():
        if code not in stem:
            continue
        unstated += sums["count"] - sum(sums[gender] for gender in GENDERS)
        rows += [
            {"programme": code, "gender": gender, "count": sums[gender]}
            for gender in GENDERS
            if sums[gender]
        ]
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


def open_data(*, actor: Actor, selection: Selection) -> ReportTable:
    """The public counts: students placed by school year, municipality and kind, suppressed."""
    policy.require(policy.reads_open_data(actor), policy.REPORTS_REFUSED)
    table = _placement_counts(
        selection=selection, group_by=["school_year", "municipality", "kind"], suppressed=True
    )
    table.name = "open-data"
    return table


def gla_targets(
    *, actor: Actor, history: int
) -> tuple[QuerySet[GlaTarget], QuerySet[GlaTargetChange]]:
    """The GLA targets by school year and their latest `history` changes with who made them:
    for those who set them."""
    policy.require(policy.sets_gla_target(actor), policy.GLA_TARGET_REFUSED)
    return GlaTarget.objects.all(), GlaTargetChange.objects.select_related("set_by")[:history]
