"""A candidate index as columns, for ranking many seekers (a full recomputation) in arrays.

Ranking one seeker in Python costs a few microseconds per candidate: a student at 100,000
opportunities has over a thousand, and there are 150,000 students. Here a seeker's candidates
are an array of positions, the filters after distance are a few array operations, and each
score component is one array of weighted values per distinct combination of what the component
reads of the seeker (scoring.SEEKER_READS), indexed by a number for each distinct combination
of what it reads of an opportunity (OPPORTUNITY_READS). A value is computed by the rule in
scoring.py the first time a seeker meets it, so the rules stay where they are and are only
called. The sums and the tie-break (score, then `types.id_order`) are those of scoring one pair
at a time, to the last bit; tests compare the two.

numpy is imported when the first columns are built, not with the engine: a web worker that
never ranks in bulk does not pay for it.
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from operator import attrgetter
from typing import Any

from matching.engine.scoring import COMPUTE, OPPORTUNITY_READS, SEEKER_READS, component_names
from matching.engine.types import Match, OpportunityIn, RequestIn, StudentIn, id_order

Seeker = RequestIn | StudentIn
REMOTE = None  # the place key of opportunities that allow remote work, in CandidateIndex too
# The ordinal of a missing day (never compared: the masks of flexible periods and unknown starts
# decide first).
NO_DAY = 0


class Columns:
    """The opportunities of a CandidateIndex at one moment, by position."""

    def __init__(
        self,
        opportunities: list[OpportunityIn],
        buckets: Mapping[tuple[str, str, str | None], Mapping[str | None, Iterable[str]]],
    ) -> None:
        import numpy as np

        self.opportunities = opportunities
        position = {o.id: n for n, o in enumerate(opportunities)}
        self.buckets = {
            key: {
                place: np.fromiter((position[i] for i in ids), dtype=np.int64)
                for place, ids in by_place.items()
                if ids
            }
            for key, by_place in buckets.items()
        }
        ranks = np.empty(len(opportunities), dtype=np.int64)
        ranks[sorted(range(len(opportunities)), key=lambda n: id_order(opportunities[n].id))] = (
            np.arange(len(opportunities))
        )
        self.id_rank = ranks
        self.places_free = _column(opportunities, lambda o: o.places_free)
        self.min_age_18 = _column(opportunities, lambda o: o.min_age_18, bool)
        self.starts_known = _column(opportunities, lambda o: o.period_start is not None, bool)
        self.start = _column(opportunities, lambda o: _ordinal(o.period_start))
        self.flexible = _column(
            opportunities, lambda o: o.period_start is None or o.period_end is None, bool
        )
        self.end = _column(opportunities, lambda o: _ordinal(o.period_end))
        self.language_bits: dict[str, int] = {}
        self.languages = _column(opportunities, lambda o: self._bits(o.languages, learn=True))
        # Per component: each opportunity's number for what the component reads of it, and one
        # opportunity for each number (the rule is computed on it).
        self.keys: dict[str, Any] = {}
        self.representatives: dict[str, list[OpportunityIn]] = {}
        for name, reads in OPPORTUNITY_READS.items():
            read = attrgetter(*reads)
            numbers: dict[object, int] = {}
            representatives: list[OpportunityIn] = []
            keys = np.empty(len(opportunities), dtype=np.int64)
            for n, opportunity in enumerate(opportunities):
                value = read(opportunity)
                number = numbers.get(value)
                if number is None:
                    number = numbers[value] = len(representatives)
                    representatives.append(opportunity)
                keys[n] = number
            self.keys[name], self.representatives[name] = keys, representatives

    def _bits(self, languages: frozenset[str], *, learn: bool = False) -> int:
        bits = 0
        for language in languages:
            if learn:
                self.language_bits.setdefault(language, 1 << len(self.language_bits))
            bits |= self.language_bits.get(language, 0)
        return bits

    def gather(self, keys: Iterable[tuple[str, str, str | None]], places: set[str]) -> Any:
        """The sorted positions of the opportunities in these buckets at these places or remote
        (the index's `_near` over every bucket, each opportunity once)."""
        import numpy as np

        parts = []
        for key in keys:
            by_place = self.buckets.get(key)
            if not by_place:
                continue
            if len(places) < len(by_place):
                parts += [by_place[p] for p in places if p in by_place]
            else:
                parts += [array for p, array in by_place.items() if p in places]
            if REMOTE in by_place:
                parts.append(by_place[REMOTE])
        if not parts:
            return np.empty(0, dtype=np.int64)
        return np.unique(np.concatenate(parts))

    def after_reach(self, seeker: Seeker, positions: Any) -> Any:
        """The positions that pass the filters after distance (filters.*_failure_after_reach)."""
        if isinstance(seeker, RequestIn):
            return positions[self._request_passes(seeker, positions)]
        return positions[self._student_passes(seeker, positions)]

    def _request_passes(self, request: RequestIn, at: Any) -> Any:
        passes = self.places_free[at] > 0
        if request.places_needed_open <= 0:
            passes[:] = False
        start, end = request.period_start, request.period_end
        if start is not None and end is not None:
            # overlap_days > 0: both periods run forwards and each starts before the other ends.
            overlap = (
                (self.start[at] <= end.toordinal())
                & (self.end[at] >= start.toordinal())
                & (self.end[at] >= self.start[at])
            )
            if end < start:
                overlap[:] = False
            passes &= self.flexible[at] | overlap
        if request.under_18:
            passes &= ~self.min_age_18[at]
        return passes

    def _student_passes(self, student: StudentIn, at: Any) -> Any:
        passes = self.places_free[at] > 0
        if student.under_18:
            adult_by_start = student.adult_from is not None and (
                self.starts_known[at] & (self.start[at] >= student.adult_from.toordinal())
            )
            passes &= ~self.min_age_18[at] | adult_by_start
        if student.languages:
            spoken = self.languages[at]
            passes &= (spoken == 0) | ((spoken & self._bits(student.languages)) != 0)
        return passes


class ColumnRanker:
    """Scores and ranks one seeker's candidate positions; the weighted values of each component
    are kept per distinct combination of what it reads of the seeker, for every seeker ranked
    against the same columns."""

    def __init__(self, columns: Columns, weights: Mapping[str, float], today: date) -> None:
        self._columns, self._weights, self._today = columns, weights, today
        self._values: dict[tuple[str, tuple[object, ...]], Any] = {}

    def best(self, seeker: Seeker, positions: Any, limit: int | None) -> list[Match]:
        """The seeker's matches among `positions` (all passing the hard filters), best first,
        ties by opportunity id, at most `limit`; unexplained."""
        import numpy as np

        columns = self._columns
        names = component_names(seeker)
        total = 0.0
        for name in names:
            total += self._weights[name]
        weighted = None
        for name in names:
            values = self._values_for(seeker, name)
            keys = columns.keys[name][positions]
            part = values[keys]
            unknown = np.isnan(part)
            if unknown.any():
                self._learn(seeker, name, values, np.unique(keys[unknown]))
                part = values[keys]
            weighted = part if weighted is None else weighted + part
        scores = weighted / total if total else np.zeros(len(positions))
        order = _best_first(scores, columns.id_rank[positions], limit)
        side = "request_id" if isinstance(seeker, RequestIn) else "student_id"
        opportunities = columns.opportunities
        return [
            Match(opportunities[p].id, s, (), **{side: seeker.id})
            for p, s in zip(positions[order].tolist(), scores[order].tolist(), strict=True)
        ]

    def _values_for(self, seeker: Seeker, name: str) -> Any:
        import numpy as np

        reads = tuple(getattr(seeker, a, None) for a in SEEKER_READS[name])
        values = self._values.get((name, reads))
        if values is None:
            count = len(self._columns.representatives[name])
            values = self._values[(name, reads)] = np.full(count, np.nan)
        return values

    def _learn(self, seeker: Seeker, name: str, values: Any, numbers: Any) -> None:
        compute: Callable[[Seeker, OpportunityIn, date], Any] = COMPUTE[name]
        weight = self._weights[name]
        representatives = self._columns.representatives[name]
        for number in numbers.tolist():
            values[number] = weight * compute(seeker, representatives[number], self._today)[1]


def _best_first(scores: Any, id_ranks: Any, limit: int | None) -> Any:
    """The order of the best `limit` (all when None): score descending, then opportunity id."""
    import numpy as np

    if limit is not None and limit < len(scores):
        # Only the candidates scoring at least the limit-th best can be among the best.
        threshold = np.partition(-scores, limit - 1)[limit - 1]
        kept = np.flatnonzero(-scores <= threshold)
        order = kept[np.lexsort((id_ranks[kept], -scores[kept]))]
        return order[:limit]
    return np.lexsort((id_ranks, -scores))


def _column(opportunities: list[OpportunityIn], read: Callable, dtype: type = int) -> Any:
    import numpy as np

    return np.fromiter((read(o) for o in opportunities), dtype=dtype, count=len(opportunities))


def _ordinal(day: date | None) -> int:
    return NO_DAY if day is None else day.toordinal()
