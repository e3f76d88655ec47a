"""Which placements a report counts, and how their sums are grouped: from the cube
(backend/reports/cube.py) when every dimension and measure is one it knows, else by one GROUP BY
query whose groups are folded in Python (months into terms, opportunities into STEM areas …).
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Expression, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from backend.core.links import link_of
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
    """The groups of one GROUP BY query, folded (months into terms …) and added up. A dimension
    that `expands` is grouped by opportunity, and each opportunity's sums counted in each of its
    values (STEM areas) by joining its link table to the groups in the same query: never to the
    million placements, and no row per opportunity comes back (100,000 of them, expanded in
    Python, were half of a one-second report). The total still counts each placement once."""
    # Aliased, because a dimension may share its name with a model field (kind, level).
    aliases = {f"g_{d.key}": d.expression() for d in dimensions}
    groups = queryset.values(**aliases).annotate(**measures).order_by()
    folded: dict[tuple, dict[str, int]] = {}
    totals = dict.fromkeys(measures, 0)
    for is_total, *values in _regrouped(groups, dimensions, list(aliases), list(measures)):
        keys = values[: len(dimensions)]
        sums = dict(zip(measures, values[len(dimensions) :], strict=True))
        if is_total:
            totals = sums
            continue
        key = tuple(
            None if value is None else d.fold(value)
            for d, value in zip(dimensions, keys, strict=True)
        )
        _add(folded, key, sums, measures)
    return Grouped(_in_order(folded), totals)


def _regrouped(
    groups: QuerySet, dimensions: Sequence[Dimension], aliases: list[str], measures: list[str]
) -> list:
    """The sums of `groups` by the dimensions' values, a dimension that expands joined to its
    link table (an opportunity without a value is one group of NULL), each row led by 0; then
    the totals over `groups`, led by 1. The groups are computed once (PostgreSQL materialises a
    CTE read twice)."""
    compiler = groups.query.get_compiler(connection.alias)
    sql, params = compiler.as_sql()
    quote = connection.ops.quote_name
    columns, joins = [], []
    for number, (alias, d) in enumerate(zip(aliases, dimensions, strict=True)):
        if d.expand is None:
            columns.append(f"g.{quote(alias)}")
            continue
        link = link_of(d.expand)
        # Names from the models' metadata and our own aliases; the values stay parameters.
        joins.append(
            f" LEFT JOIN {link.table} AS e{number} ON e{number}.{link.source} = g.{quote(alias)}"
        )
        columns.append(f"e{number}.{link.target}")
    sums = ", ".join(f"CAST(COALESCE(SUM(g.{quote(m)}), 0) AS bigint)" for m in measures)
    selects = [f"SELECT 1, {', '.join(['NULL'] * len(columns) + [sums])} FROM g"]  # noqa: S608
    if columns:
        by = ", ".join(columns)
        grouped_by = f"SELECT 0, {by}, {sums} FROM g{''.join(joins)} GROUP BY {by}"  # noqa: S608
        selects.insert(0, grouped_by)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH g AS ({sql}) {' UNION ALL '.join(selects)}", params)
        rows = cursor.fetchall()
    # The values as the ORM reads them (SQLite's months and booleans): the grouped columns'
    # converters, at their places after the leading 0 or 1.
    expressions = {alias: expression for expression, _, alias in compiler.select}
    converters = {
        place: converter
        for place, (alias, d) in enumerate(zip(aliases, dimensions, strict=True), start=1)
        if d.expand is None
        for converter in compiler.get_converters([expressions[alias]]).values()
    }
    return list(compiler.apply_converters(rows, converters)) if converters else rows


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
