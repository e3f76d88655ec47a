"""A report as a table: what the API serializes and the CSV and Excel exports write.

Rows hold the raw codes of the dimensions (as the API gives them) and the measures; the labels a
person reads (municipality names, "HT2025" …) are looked up once per report.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Counts under this are never shown in a split by gender nor in open data (DESIGN.md § Privacy).
SUPPRESS_BELOW = 5
SUPPRESSED = "<5"
# A total that would let a reader work out a suppressed cell (SCB's "..": not available).
TOTAL_WITHHELD = ".."


@dataclass(frozen=True)
class Column:
    key: str
    title: str | Promise


@dataclass
class ReportTable:
    """`rows` are dicts keyed by the dimension and measure keys; `total` maps each measure to
    its value over the whole selection (None where withheld)."""

    name: str
    title: str | Promise
    dimensions: Sequence[Column]
    measures: Sequence[Column]
    rows: list[dict[str, Any]]
    total: dict[str, Any]
    filters: Sequence[tuple[str | Promise, str]] = ()
    labels: Mapping[str, Mapping[Any, str]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """{"groups": [...], "total": N} (a dict of totals when there are several measures)."""
        if len(self.measures) == 1:
            total: Any = self.total.get(self.measures[0].key)
        else:
            total = self.total
        return {"groups": self.rows, "total": total, **self.extra}

    def label(self, key: str, value: Any) -> str:
        if value is None:
            return str(_("Not stated"))
        return str(self.labels.get(key, {}).get(value, value))

    def header(self) -> list[str]:
        return [str(column.title) for column in (*self.dimensions, *self.measures)]

    def body(self) -> list[list[Any]]:
        """The rows as a person reads them (labels, not codes), then the total row."""
        lines = [
            [self.label(d.key, row[d.key]) for d in self.dimensions]
            + [_cell(row[m.key]) for m in self.measures]
            for row in self.rows
        ]
        if self.dimensions:
            lines.append(
                [str(_("Total"))]
                + [""] * (len(self.dimensions) - 1)
                + [_cell(self.total.get(m.key)) for m in self.measures]
            )
        return lines


def _cell(value: Any) -> Any:
    return TOTAL_WITHHELD if value is None else value


def suppress(table: ReportTable, measure: str = "count") -> ReportTable:
    """Show every count under 5 as "<5", and withhold a total when any cell it adds up is
    suppressed: a total is then never more than the sum of the cells a reader sees, so no
    hidden cell can be worked out by subtraction."""
    hidden = False
    for row in table.rows:
        if row[measure] < SUPPRESS_BELOW:
            row[measure] = SUPPRESSED
            hidden = True
    if hidden:
        table.total[measure] = None
    table.extra["suppression"] = str(
        _(
            'Counts under %(limit)d are shown as "<5"; a total is withheld when a count it '
            "adds up is hidden."
        )
        % {"limit": SUPPRESS_BELOW}
    )
    return table
