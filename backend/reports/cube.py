"""One read of the placements that many reports fold: the counted placements of a selection
grouped by quarter, kind, programme and municipality, with the sums the reports need.

A quarter lies wholly in one term and one school year (they start on 1 January and 1 July), so
terms and school years fold from it exactly; the period filter is applied by day in SQL. The
cube has at most quarters x kinds x programmes x municipalities cells (about 11,000 for all of
Sweden over five years at 1,000,000 placements), so folding it in Python is quick, and the
reports page reads the placements once for its figures instead of once per figure. The API folds
the same cube (built afresh for each request), so the page and the API give the same numbers.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncQuarter
from django.utils import timezone

from backend.reference.models import Municipality
from backend.reports.dimensions import PLACEMENT_DIMENSIONS
from companies.models import Opportunity

# The dimensions a cube cell knows (see `Cube.value`).
CUBE_DIMENSIONS = frozenset({"kind", "programme", "municipality", "county", "term", "school_year"})
GENDERS = ("female", "male", "other")
WORK_MEM = "64MB"


@dataclass(frozen=True)
class Cell:
    quarter: date
    kind: str
    programme: str | None
    municipality: str
    count: int  # students
    planned: int  # of them, in placements starting after `Cube.today`
    stem_content: int  # of them, at an opportunity naming a STEM area
    female: int
    male: int
    other: int


@dataclass(frozen=True)
class Cube:
    cells: tuple[Cell, ...]
    counties: Mapping[str, str]
    today: date

    def value(self, cell: Cell, key: str) -> object:
        """The cell's value of a dimension, folded as the dimension folds it."""
        if key == "county":
            return self.counties[cell.municipality]
        if key in ("term", "school_year"):
            return PLACEMENT_DIMENSIONS[key].fold(cell.quarter)
        return getattr(cell, key)

    def fold(
        self, keys: Sequence[str], measures: Mapping[str, Callable[[Cell], int]]
    ) -> tuple[dict[tuple, dict[str, int]], dict[str, int]]:
        """The measures added up by the values of `keys`, and over every cell."""
        folded: dict[tuple, dict[str, int]] = {}
        total = dict.fromkeys(measures, 0)
        for cell in self.cells:
            key = tuple(self.value(cell, name) for name in keys)
            sums = folded.setdefault(key, dict.fromkeys(measures, 0))
            for name, measure in measures.items():
                value = measure(cell)
                sums[name] += value
                total[name] += value
        return folded, total


def placement_cube(placements: QuerySet) -> Cube:
    """One GROUP BY over `placements` (the counted placements of a selection)."""
    today = timezone.localdate()
    with_area = Opportunity.stem_areas.through.objects.values("opportunity_id")

    def students(condition: Q | None = None) -> Coalesce:
        return Coalesce(Sum("students_count", filter=condition), 0)

    query = (
        placements.values(
            "kind", "programme_id", "municipality_id", quarter=TruncQuarter("start_date")
        )
        .annotate(
            count=students(),
            planned=students(Q(start_date__gt=today)),
            stem_content=students(Q(opportunity_id__in=with_area)),
            **{gender: students(Q(student_gender=gender)) for gender in GENDERS},
        )
        .order_by()
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Room to hash the groups in memory: with the default 4 MB PostgreSQL sorts a
            # million rows on disk instead, three times slower. Only for this transaction.
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        rows = list(query)
    cells = tuple(
        Cell(
            quarter=row["quarter"],
            kind=row["kind"],
            programme=row["programme_id"],
            municipality=row["municipality_id"],
            count=row["count"],
            planned=row["planned"],
            stem_content=row["stem_content"],
            **{gender: row[gender] for gender in GENDERS},
        )
        for row in rows
    )
    counties = dict(Municipality.objects.values_list("code", "county_code"))
    return Cube(cells=cells, counties=counties, today=today)
