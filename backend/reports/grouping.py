"""Which placements a report counts, and how their sums are grouped: from the cube
(backend/reports/cube.py) when every dimension and measure is one it knows, else by one GROUP BY
query whose groups are folded in Python (months into terms, opportunities into STEM areas …).
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

from django.db.models import Expression, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from backend.reports.counted import counted_placements
from backend.reports.cube import CUBE_DIMENSIONS, Cell, Cube, placement_cube
from backend.reports.dimensions import Dimension
from backend.reports.selection import Selection


@dataclass(frozen=True)
class Measure:
    """A sum, as SQL over the placements and as the same sum over a cube cell (None when the
    cube cannot give it)."""

    sql: Callable[[], Expression]
    cell: Callable[[Cell], int] | None = None
    # The cell fields `cell` reads (beyond the grouping's): "programme", "month".
    needs: tuple[str, ...] = ()


def students(condition: Q | None = None) -> Coalesce:
    return Coalesce(Sum("students_count", filter=condition), 0)


STUDENTS = Measure(students, lambda cell: cell.count)


@dataclass
class Grouped:
    """The measures by the tuple of the dimensions' values, in the order of those values
    (unknown last), and over the whole selection (each placement counted once)."""

    folded: dict[tuple, dict[str, int]]
    totals: dict[str, int]


def grouped(
    selection: Selection,
    dimensions: Sequence[Dimension],
    measures: Mapping[str, Measure],
    cube: Cube | None = None,
) -> Grouped:
    """The measures by the dimensions: folded from `cube` (built if not given) when it knows
    them all, else from one GROUP BY query."""
    keys = [d.key for d in dimensions]
    if set(keys) <= CUBE_DIMENSIONS and all(m.cell for m in measures.values()):
        cube = cube or placement_cube(selection)
        needs = {field for m in measures.values() for field in m.needs}
        folded, totals = cube.fold(
            keys, {name: m.cell for name, m in measures.items()}, sorted(needs)
        )
        return Grouped(_in_order(folded), totals)
    sums = {name: m.sql() for name, m in measures.items()}
    return folded_counts(counted_placements(selection), dimensions, **sums)


def folded_counts(queryset: QuerySet, dimensions: Sequence[Dimension], **measures: Any) -> Grouped:
    """One GROUP BY query, its groups folded (months into terms …) and added up. A dimension
    that `expands` is grouped by opportunity and each opportunity's row counted in each of its
    values (STEM areas): no join over the placements, and the total still counts it once."""
    # Aliased, because a dimension may share its name with a model field (kind, level).
    aliases = {f"g_{d.key}": d.expression() for d in dimensions}
    expansions = {d.key: d.expand() for d in dimensions if d.expand is not None}
    folded: dict[tuple, dict[str, int]] = {}
    totals = dict.fromkeys(measures, 0)
    for row in queryset.values(**aliases).annotate(**measures).order_by():
        values = [
            _values(d, row[alias], expansions) for alias, d in zip(aliases, dimensions, strict=True)
        ]
        for key in product(*values):
            _add(folded, key, row, measures)
        for name in measures:
            totals[name] += row[name]
    return Grouped(_in_order(folded), totals)


def _values(d: Dimension, value: Any, expansions: Mapping[str, Mapping]) -> list[Any]:
    if d.key in expansions:
        return list(expansions[d.key].get(value, ())) or [None]
    return [None if value is None else d.fold(value)]


def _in_order(folded: dict[tuple, dict[str, int]]) -> dict[tuple, dict[str, int]]:
    return dict(sorted(folded.items(), key=lambda item: none_last(item[0])))


def _add(folded: dict[tuple, dict[str, int]], key: tuple, row: dict, measures: Any) -> None:
    sums = folded.setdefault(key, dict.fromkeys(measures, 0))
    for name in measures:
        sums[name] += row[name]


def none_last(key: tuple) -> tuple:
    return tuple((value is None, value) for value in key)


def api_groups(
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
