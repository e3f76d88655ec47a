"""A report as a table: what the API serializes, the page shows and the CSV and Excel exports
write.

Rows hold the raw codes of the dimensions (as the API gives them) and the measures; the labels a
person reads (municipality names, "HT2025" …) are looked up once per report. Shares are
percentages (77.8 for 77.8 %), written with one decimal; a value that cannot be given (nothing
to divide by, or a total withheld) is None in the API and a dash on the page and in the sheets.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Counts under this are never shown in a split by gender nor in open data (DESIGN.md § Privacy).
SUPPRESS_BELOW = 5
SUPPRESSED = "<5"
MISSING = "\u2013"  # an en dash


def missing_legend() -> str:
    """What the dash stands for, in the active language."""
    return str(
        _("%(dash)s: cannot be given (nothing to divide by, or withheld).") % {"dash": MISSING}
    )


@dataclass(frozen=True)
class Column:
    key: str
    title: str | Promise
    percent: bool = False


@dataclass
class ReportTable:
    """`rows` are dicts keyed by the dimension and measure keys; `total` maps each measure to
    its value over the whole selection (None where withheld). `extra` carries the notes a
    person needs to read it (definitions, coverage, suppression) and goes into the API too."""

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

    def body(
        self,
        cell: Callable[[Any, Column], Any] = lambda value, column: value,
        limit: int | None = None,
    ) -> list[list[Any]]:
        """The rows as a person reads them (labels, not codes; each measure through `cell`),
        the first `limit` of them, then the total row, which always adds up every row."""
        rows = self.rows if limit is None else self.rows[:limit]
        lines = [
            [self.label(d.key, row[d.key]) for d in self.dimensions]
            + [cell(row[m.key], m) for m in self.measures]
            for row in rows
        ]
        if self.dimensions:
            lines.append(
                [self.total_label(limit)]
                + [""] * (len(self.dimensions) - 1)
                + [cell(self.total.get(m.key), m) for m in self.measures]
            )
        return lines

    def notes(self) -> list[str]:
        """What a reader must know beside the figures, in the order a person reads them."""
        lines = [str(self.extra[key]) for key in ("definition", "note") if self.extra.get(key)]
        lines += [_coverage_sentence(item) for item in self.extra.get("coverage", [])]
        if self.extra.get("suppression"):
            lines.append(str(self.extra["suppression"]))
        return lines

    def add_coverage(self, *, dimension: str, title: str | Promise, known: int, total: int) -> None:
        """Say for how many students a breakdown's value is known (the rest are "not stated")."""
        self.extra.setdefault("coverage", []).append(
            {
                "dimension": dimension,
                "title": str(title),
                "known": known,
                "total": total,
                "percent": percent(known, total),
            }
        )

    def total_label(self, limit: int | None = None) -> str:
        if limit is not None and len(self.rows) > limit:
            return str(_("Total, all %(count)d rows") % {"count": len(self.rows)})
        return str(_("Total"))


def _coverage_sentence(item: Mapping[str, Any]) -> str:
    if item["known"] is None:
        return str(
            _("%(title)s stated for about %(percent)s %% of %(total)s students.")
            % {
                "title": item["title"],
                "percent": item["percent"],
                "total": number_format(item["total"], use_l10n=True, force_grouping=True),
            }
        )
    return str(
        _("%(title)s stated for %(known)s of %(total)s students (%(percent)s).")
        % {
            "title": item["title"],
            "known": number_format(item["known"], use_l10n=True, force_grouping=True),
            "total": number_format(item["total"], use_l10n=True, force_grouping=True),
            "percent": MISSING
            if item["percent"] is None
            else f"{number_format(item['percent'], decimal_pos=1, use_l10n=True)}\xa0%",
        }
    )


def percent(part: int, whole: int) -> float | None:
    """`part` of `whole` in per cent, one decimal; None when `whole` is 0."""
    return round(100 * part / whole, 1) if whole else None


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
            'Counts under %(limit)d are shown as "<5"; a total is withheld (%(dash)s) when a '
            "count it adds up is hidden."
        )
        % {"limit": SUPPRESS_BELOW, "dash": MISSING}
    )
    return table
