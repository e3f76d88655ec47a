"""The counted placements of a selection added up by month, kind, programme and municipality,
with the sums the reports need: the cube that many reports fold.

It is read from the placement tally (backend/reports/models.py: PlacementTally, kept exact on
write), so a report reads a few thousand rows instead of a million placements. The days the
tally cannot split are read from the placements themselves, each at most a month: the edges of a
period that does not start or end on a month boundary, and the current month (some of whose
placements have started and some are planned).

A month lies wholly in one term and one school year, so terms and school years fold exactly. The
page folds one cube for all its figures; the API folds the same cube for each request, so the
page and the API give the same numbers.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from backend.reference.models import Municipality
from backend.reports.counted import counted_placements, region_municipalities
from backend.reports.dimensions import PLACEMENT_DIMENSIONS
from backend.reports.models import PlacementTally
from backend.reports.selection import Selection
from companies.models import Opportunity

# The dimensions a cube cell knows (see `Cube.value`).
CUBE_DIMENSIONS = frozenset(
    {"kind", "programme", "municipality", "county", "month", "term", "school_year"}
)
GENDERS = ("female", "male", "other")


@dataclass(frozen=True)
class Cell:
    """Students added up over some months, kinds, programmes and municipalities: a field a
    fold did not group by is None."""

    month: date | None
    kind: str | None
    programme: str | None
    municipality: str | None
    count: int  # students
    planned: int  # of them, in placements starting after `Cube.today`
    stem_content: int  # of them, at an opportunity naming a STEM area
    female: int
    male: int
    other: int


# Where each dimension's value comes from: a field of the cell, and the tally's column.
FIELDS = {
    "kind": "kind",
    "programme": "programme",
    "municipality": "municipality",
    "county": "municipality",
    "month": "month",
    "term": "month",
    "school_year": "month",
}
SUMS = ("students", "stem_content", *GENDERS)


@dataclass(frozen=True)
class Cube:
    """A selection's tally rows (grouped in SQL for each fold: a few thousand rows at most) and
    the cells read from the placements for the days the tally cannot split."""

    tally: QuerySet
    read: tuple[Cell, ...]
    counties: Mapping[str, str]
    today: date

    def value(self, cell: Cell, key: str) -> object:
        """The cell's value of a dimension, folded as the dimension folds it."""
        if key == "county":
            return self.counties[cell.municipality]
        if key in ("month", "term", "school_year"):
            return PLACEMENT_DIMENSIONS[key].fold(cell.month)
        return getattr(cell, key)

    def fold(
        self,
        keys: Sequence[str],
        measures: Mapping[str, Callable[[Cell], int]],
        needs: Sequence[str] = (),
    ) -> tuple[dict[tuple, dict[str, int]], dict[str, int]]:
        """The measures added up by the values of `keys`, and over every cell; `needs` names
        the cell fields the measures read beyond the keys (a programme, the month)."""
        folded: dict[tuple, dict[str, int]] = {}
        total = dict.fromkeys(measures, 0)
        for cell in [*self._tallied({FIELDS[k] for k in keys} | set(needs)), *self.read]:
            key = tuple(self.value(cell, name) for name in keys)
            sums = folded.setdefault(key, dict.fromkeys(measures, 0))
            for name, measure in measures.items():
                value = measure(cell)
                sums[name] += value
                total[name] += value
        return folded, total

    def _tallied(self, fields: set[str]) -> list[Cell]:
        sums = {f"s_{n}": Coalesce(Sum(n), 0) for n in SUMS}
        if fields:
            rows = self.tally.values(*sorted(fields)).annotate(**sums).order_by()
        else:
            rows = [self.tally.aggregate(**sums)]
        cells = []
        for row in rows:
            month = row.get("month")
            students = row["s_students"]
            cells.append(
                Cell(
                    month=month,
                    kind=row.get("kind"),
                    programme=row.get("programme") or None,
                    municipality=row.get("municipality"),
                    count=students,
                    planned=students if month is not None and month > self.today else 0,
                    stem_content=row["s_stem_content"],
                    **{gender: row[f"s_{gender}"] for gender in GENDERS},
                )
            )
        return cells


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class _Split:
    """The whole months the tally gives ([start, end), None: open) but the current one; the
    rest of the selection is read from the placements."""

    start: date | None
    end: date | None
    current: date

    @classmethod
    def of(cls, selection: Selection, today: date) -> "_Split":
        low, high = selection.period_from, selection.period_to
        start = low if low is None or low.day == 1 else _next_month(low)
        end = None if high is None else _next_month(high)
        if end is not None and end - timedelta(days=1) != high:
            end = high.replace(day=1)  # the period ends inside a month: read that month's days
        return cls(start, end, today.replace(day=1))

    def tallied(self) -> Q:
        months = ~Q(month=self.current)
        if self.start:
            months &= Q(month__gte=self.start)
        if self.end:
            months &= Q(month__lt=self.end)
        return months

    def read(self) -> Q:
        """The placements' days outside the tallied months."""
        days = Q(start_date__gte=self.current, start_date__lt=_next_month(self.current))
        if self.start:
            days |= Q(start_date__lt=self.start)
        if self.end:
            days |= Q(start_date__gte=self.end)
        return days


def placement_cube(selection: Selection) -> Cube:
    today = timezone.localdate()
    split = _Split.of(selection, today)
    tally = PlacementTally.objects.filter(split.tallied())
    codes = region_municipalities(selection.region)
    if codes is not None:
        tally = tally.filter(municipality__in=codes)
    read = _read(counted_placements(selection).filter(split.read()), today)
    counties = dict(Municipality.objects.values_list("code", "county_code"))
    return Cube(
        tally=tally.filter(students__gt=0), read=tuple(read), counties=counties, today=today
    )


def _read(placements, today: date) -> list[Cell]:
    """The cells of a few days of placements, from the placements themselves."""
    with_area = Opportunity.stem_areas.through.objects.values("opportunity_id")

    def students(condition: Q | None = None) -> Coalesce:
        return Coalesce(Sum("students_count", filter=condition), 0)

    rows = (
        placements.values("kind", "programme_id", "municipality_id", month=TruncMonth("start_date"))
        .annotate(
            count=students(),
            planned=students(Q(start_date__gt=today)),
            stem_content=students(Q(opportunity_id__in=with_area)),
            **{gender: students(Q(student_gender=gender)) for gender in GENDERS},
        )
        .order_by()
    )
    return [
        Cell(
            month=row["month"],
            kind=row["kind"],
            programme=row["programme_id"],
            municipality=row["municipality_id"],
            count=row["count"],
            planned=row["planned"],
            stem_content=row["stem_content"],
            **{gender: row[gender] for gender in GENDERS},
        )
        for row in rows
    ]
