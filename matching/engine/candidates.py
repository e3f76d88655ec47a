"""Candidate generation (DESIGN.md § Matching 4): never score all pairs.

`CandidateIndex` buckets opportunities by (kind, level, key), where the keys are the programmes
it lists, the ISCED fields and the occupation it names (`field_key`, `occupation_key`) — an
opportunity that takes any programme sits in the level's `ANY` bucket instead — and, inside a
bucket, by municipality (remote ones under `REMOTE`). A request looks only at the buckets of its
programme, fields and occupations and at the `ANY` bucket, and there only at the municipalities
it can reach (its own, the acceptable ones, those whose seat lies within its radius) and at
remote opportunities. `RequestIndex` is the mirror
image: given one changed opportunity it finds the requests it can match, so recomputation
touches only those. Their answers equal a scan of all pairs with `failed_filter`: the request
index generates a superset and applies every hard filter; the candidate index's buckets and
places decide kind, level, programme and distance exactly, so it applies only the filters after
distance (`*_failure_after_reach`).
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from operator import attrgetter
from typing import Any

from matching.engine.columns import REMOTE, ColumnRanker, Columns
from matching.engine.filters import (
    FILTERS,
    KIND,
    LEVEL,
    failed_filter,
    request_failure_after_reach,
    student_failure_after_reach,
)
from matching.engine.geo import SEARCH_SLACK_KM, Seats
from matching.engine.scoring import (
    COMPUTE,
    DEFAULT_WEIGHTS,
    OPPORTUNITY_READS,
    SEEKER_READS,
    component_names,
    components,
    explained,
    validate_weights,
)
from matching.engine.types import (
    Match,
    NoMatch,
    OpportunityIn,
    Place,
    RequestIn,
    StudentIn,
    id_order,
)

ANY = None  # the programme key of opportunities that take any programme of their level
FIELD_PREFIX = "field:"  # bucket keys of ISCED fields and occupations, apart from programme codes
OCCUPATION_PREFIX = "occupation:"

ByPlace = dict[str | None, dict[str, OpportunityIn]]
BucketKey = tuple[str, str, str | None]  # (kind, level, programme or field or occupation key)


class CandidateIndex:
    """Opportunities by (kind, level, programme) and by municipality, updated in place."""

    def __init__(self, places: Iterable[Place] = ()) -> None:
        self._by_id: dict[str, OpportunityIn] = {}
        self._buckets: dict[tuple[str, str, str | None], ByPlace] = {}
        self._population: dict[tuple[str, str], dict[str, OpportunityIn]] = {}
        self._seats = Seats()
        self._columns: Columns | None = None
        for place in places:
            self._seats.learn(place.municipality, place.lat, place.lon)

    @classmethod
    def build(
        cls, opportunities: Iterable[OpportunityIn], places: Iterable[Place] = ()
    ) -> "CandidateIndex":
        index = cls(places)
        for opportunity in opportunities:
            index.add(opportunity)
        return index

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, opportunity_id: object) -> bool:
        return opportunity_id in self._by_id

    def get(self, opportunity_id: str) -> OpportunityIn | None:
        return self._by_id.get(opportunity_id)

    def add(self, opportunity: OpportunityIn) -> None:
        if opportunity.id in self._by_id:
            raise ValueError(f"opportunity {opportunity.id!r} is indexed already")
        self._seats.learn(opportunity.municipality, opportunity.lat, opportunity.lon)
        self._columns = None
        self._by_id[opportunity.id] = opportunity
        self._population.setdefault((opportunity.kind, opportunity.level), {})[opportunity.id] = (
            opportunity
        )
        for key in _bucket_keys(opportunity):
            by_place = self._buckets.setdefault(key, {})
            by_place.setdefault(_place_key(opportunity), {})[opportunity.id] = opportunity

    def remove(self, opportunity_id: str) -> OpportunityIn:
        """Forget the opportunity (closed, filled, hidden); returns the indexed version."""
        opportunity = self._by_id.pop(opportunity_id)
        self._columns = None
        del self._population[(opportunity.kind, opportunity.level)][opportunity_id]
        for key in _bucket_keys(opportunity):
            del self._buckets[key][_place_key(opportunity)][opportunity_id]
        return opportunity

    def replace(self, opportunity: OpportunityIn) -> OpportunityIn | None:
        """Index the new version of an opportunity; returns the old one (None if it was new)."""
        old = self.remove(opportunity.id) if opportunity.id in self._by_id else None
        self.add(opportunity)
        return old

    def candidates_for_request(self, request: RequestIn) -> list[OpportunityIn]:
        """Every opportunity that passes all hard filters with the request."""
        keys, places = self.scope(request)
        return self._filtered(request, keys, places, request_failure_after_reach)

    def candidates_for_student(self, student: StudentIn) -> list[OpportunityIn]:
        """Every opportunity of any kind at the student's level that passes the hard filters."""
        keys, places = self.scope(student)
        return self._filtered(student, keys, places, student_failure_after_reach)

    def scope(self, seeker: RequestIn | StudentIn) -> tuple[list[BucketKey], set[str]]:
        """The buckets a seeker looks in and the places it reaches: the opportunities there
        pass kind, level, programme and distance, and no others do."""
        if isinstance(seeker, RequestIn):
            keys = [(seeker.kind, seeker.level, programme) for programme in _wanted(seeker)]
            places = self._reachable(seeker, seeker.max_distance_km)
            return keys, places | seeker.acceptable_municipalities
        kinds = {kind for kind, level in self._population if level == seeker.level}
        keys = [(kind, seeker.level, p) for kind in kinds for p in _wanted(seeker)]
        return keys, self._reachable(seeker, seeker.max_distance_km)

    def columns(self) -> Columns:
        """The index as columns (built on first use after a change), for ranking in bulk."""
        if self._columns is None:
            buckets = {
                key: {place: members.keys() for place, members in by_place.items()}
                for key, by_place in self._buckets.items()
            }
            self._columns = Columns(list(self._by_id.values()), buckets)
        return self._columns

    def population(self, kind: str | None, level: str) -> Iterator[OpportunityIn]:
        """The opportunities at a level (of one kind, or of every kind when `kind` is None)."""
        for (k, lvl), members in self._population.items():
            if lvl == level and kind in (None, k):
                yield from members.values()

    def population_sizes(self) -> dict[tuple[str, str], int]:
        """How many opportunities of each (kind, level) the index holds."""
        return {key: len(members) for key, members in self._population.items()}

    def _reachable(self, seeker: RequestIn | StudentIn, radius: float | None) -> set[str]:
        places = {seeker.municipality}
        if radius is not None:
            places.update(self._seats.within(seeker.lat, seeker.lon, radius))
        return places

    def _filtered(
        self,
        seeker: RequestIn | StudentIn,
        keys: list[BucketKey],
        places: set[str],
        failure_after_reach: Callable[[Any, OpportunityIn], str | None],
    ) -> list[OpportunityIn]:
        # An opportunity in several of the seeker's buckets (two shared fields) is checked once.
        found: dict[str, OpportunityIn] = {}
        for key in keys:
            by_place = self._buckets.get(key)
            if by_place:
                found.update((o.id, o) for o in _near(by_place, places))
        return [o for o in found.values() if failure_after_reach(seeker, o) is None]


class RequestIndex:
    """Open requests by (kind, level), key (programme, fields, occupations as in
    `CandidateIndex`) and municipality, for the reverse lookup.

    A bucket remembers the largest radius of the requests ever in it (it does not shrink on
    removal, which only widens the search); requests are also indexed under each of their
    acceptable municipalities.
    """

    def __init__(self) -> None:
        self._by_id: dict[str, RequestIn] = {}
        # (kind, level) -> programme -> municipality -> id -> request
        self._home: dict[tuple[str, str], dict[str | None, dict[str, dict[str, RequestIn]]]] = {}
        self._accepting: dict[
            tuple[str, str], dict[str | None, dict[str, dict[str, RequestIn]]]
        ] = {}
        self._radius: dict[tuple[str, str, str | None], float] = {}
        self._seats = Seats()

    @classmethod
    def build(cls, requests: Iterable[RequestIn]) -> "RequestIndex":
        index = cls()
        for request in requests:
            index.add(request)
        return index

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, request_id: object) -> bool:
        return request_id in self._by_id

    def get(self, request_id: str) -> RequestIn | None:
        return self._by_id.get(request_id)

    def add(self, request: RequestIn) -> None:
        if request.id in self._by_id:
            raise ValueError(f"request {request.id!r} is indexed already")
        self._seats.learn(request.municipality, request.lat, request.lon)
        self._by_id[request.id] = request
        group = (request.kind, request.level)
        radius = request.max_distance_km or 0.0
        for key in _seeker_keys(request):
            home = self._home.setdefault(group, {}).setdefault(key, {})
            home.setdefault(request.municipality, {})[request.id] = request
            accepting = self._accepting.setdefault(group, {}).setdefault(key, {})
            for municipality in request.acceptable_municipalities:
                accepting.setdefault(municipality, {})[request.id] = request
            bucket = (*group, key)
            self._radius[bucket] = max(self._radius.get(bucket, 0.0), radius)

    def remove(self, request_id: str) -> RequestIn:
        request = self._by_id.pop(request_id)
        group = (request.kind, request.level)
        for key in _seeker_keys(request):
            del self._home[group][key][request.municipality][request_id]
            for municipality in request.acceptable_municipalities:
                del self._accepting[group][key][municipality][request_id]
        return request

    def replace(self, request: RequestIn) -> RequestIn | None:
        old = self.remove(request.id) if request.id in self._by_id else None
        self.add(request)
        return old

    def requests_for(self, opportunity: OpportunityIn) -> list[RequestIn]:
        """Every indexed request that passes all hard filters with the opportunity."""
        group = (opportunity.kind, opportunity.level)
        home = self._home.get(group, {})
        keys = list(home) if opportunity.accepts_any_programme else _named_keys(opportunity)
        found: dict[str, RequestIn] = {}
        for key in keys:
            found.update(self._near_opportunity(opportunity, key))
        return [r for r in found.values() if failed_filter(r, opportunity) is None]

    def _near_opportunity(
        self, opportunity: OpportunityIn, programme: str | None
    ) -> Iterator[tuple[str, RequestIn]]:
        group = (opportunity.kind, opportunity.level)
        by_place = self._home.get(group, {}).get(programme, {})
        if opportunity.remote_allowed:
            for requests in by_place.values():
                yield from requests.items()
            return
        radius = self._radius.get((*group, programme), 0.0)
        places = {opportunity.municipality}
        places.update(
            self._seats.within(opportunity.lat, opportunity.lon, radius, slack_km=SEARCH_SLACK_KM)
        )
        for municipality in places & by_place.keys():
            yield from by_place[municipality].items()
        accepting = self._accepting.get(group, {}).get(programme, {})
        yield from accepting.get(opportunity.municipality, {}).items()


def affected_requests(
    old: OpportunityIn | None, new: OpportunityIn | None, requests: RequestIndex
) -> set[str]:
    """The requests whose matches change when `old` becomes `new` (None: added or removed)."""
    affected: set[str] = set()
    for version in (old, new):
        if version is not None:
            affected.update(request.id for request in requests.requests_for(version))
    return affected


def rank_for_request(
    request: RequestIn,
    index: CandidateIndex,
    *,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    today: date,
    limit: int | None = None,
) -> list[Match]:
    """The request's matches, best first (ties by `id_order`), at most `limit`."""
    return Ranker(index, weights=weights, today=today).for_request(request, limit=limit)


def rank_for_student(
    student: StudentIn,
    index: CandidateIndex,
    *,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    today: date,
    limit: int | None = None,
) -> list[Match]:
    """The student's recommendations, best first (ties by `id_order`), at most `limit`."""
    return Ranker(index, weights=weights, today=today).for_student(student, limit=limit)


def rescore_opportunity(
    opportunity: OpportunityIn,
    requests: RequestIndex,
    *,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    today: date,
) -> list[Match]:
    """The changed opportunity's matches with every request it fits, and only those.

    The service replaces the opportunity's stored matches with these; with `affected_requests`
    it knows which requests' lists changed.
    """
    validate_weights(weights)
    matches = [
        explained(request, opportunity, components(request, opportunity, today=today), weights)
        for request in requests.requests_for(opportunity)
    ]
    return sorted(matches, key=lambda m: (-m.score, id_order(m.request_id)))


def explain_empty(seeker: RequestIn | StudentIn, index: CandidateIndex) -> NoMatch:
    """How many opportunities each hard filter removes for the seeker, as a funnel.

    Kind and level are counted from the index's populations; only the opportunities of the
    seeker's kind and level are checked one by one.
    """
    kind = seeker.kind if isinstance(seeker, RequestIn) else None
    counts: Counter[str] = Counter()
    for (k, level), size in index.population_sizes().items():
        if kind is not None and k != kind:
            counts[KIND] += size
        elif level != seeker.level:
            counts[LEVEL] += size
    for opportunity in index.population(kind, seeker.level):
        counts[failed_filter(seeker, opportunity) or ""] += 1
    removed = {name: counts[name] for name in FILTERS if counts[name]}
    return NoMatch(seeker.id, len(index), removed, counts[""])


class Ranker:
    """Ranks seekers against one index (a chunk of a full recomputation shares one); only the
    matches returned are explained.

    A seeker's candidates are ranked in columns (columns.py): scoring a candidate is an array
    lookup per component, computed once per distinct combination of what the component reads
    (scoring.SEEKER_READS, OPPORTUNITY_READS: a distance once per pair of municipalities, a
    freshness once per day). Seekers alike in their buckets and places (the same programme and
    town) share the gathering of their candidates. `score` rates one pair with the same memo
    idea in plain Python, where arrays would cost more than they save."""

    def __init__(
        self,
        index: CandidateIndex,
        *,
        weights: Mapping[str, float] = DEFAULT_WEIGHTS,
        today: date,
    ) -> None:
        validate_weights(weights)
        self._index, self._weights, self._today = index, weights, today
        # (component, what it reads of the seeker) -> what it reads of an opportunity -> its
        # weighted value, for `score`
        self._memo: dict[tuple[str, tuple[object, ...]], dict[object, float]] = {}
        self._columns: Columns | None = None
        self._column_ranker: ColumnRanker | None = None
        self._gathered: dict[tuple[tuple[BucketKey, ...], frozenset[str]], Any] = {}

    def for_request(
        self, request: RequestIn, *, limit: int | None = None, explain: bool = True
    ) -> list[Match]:
        """The request's matches, best first (ties by `id_order`), at most `limit`;
        `explain=False`: without their components (a score is all a stored match keeps)."""
        return self._ranked(request, limit, explain)

    def for_student(
        self, student: StudentIn, *, limit: int | None = None, explain: bool = True
    ) -> list[Match]:
        """The student's recommendations, best first (ties by `id_order`), at most `limit`;
        `explain=False` as for `for_request`."""
        return self._ranked(student, limit, explain)

    def _ranked(
        self, seeker: RequestIn | StudentIn, limit: int | None, explain: bool
    ) -> list[Match]:
        columns = self._index.columns()
        if columns is not self._columns:  # the index changed: what was kept is stale
            self._columns, self._gathered = columns, {}
            self._column_ranker = ColumnRanker(columns, self._weights, self._today)
        keys, places = self._index.scope(seeker)
        signature = (tuple(keys), frozenset(places))
        positions = self._gathered.get(signature)
        if positions is None:
            positions = self._gathered[signature] = columns.gather(keys, places)
        best = self._column_ranker.best(seeker, columns.after_reach(seeker, positions), limit)
        if not explain:
            return best
        return [
            explained(
                seeker,
                opportunity := self._index.get(match.opportunity_id),
                components(seeker, opportunity, today=self._today),
                self._weights,
            )
            for match in best
        ]

    def score(self, seeker: RequestIn | StudentIn, opportunity: OpportunityIn) -> Match | None:
        """One pair, scored as a ranking would (its components unexplained), or None when a
        hard filter fails: an incremental update rescores one opportunity's pairs this way."""
        if failed_filter(seeker, opportunity) is not None:
            return None
        # weighted_score's sums, in its order, so the score is the same to the last bit.
        total = weighted = 0.0
        for name in component_names(seeker):
            reads = tuple(getattr(seeker, a, None) for a in SEEKER_READS[name])
            memo = self._memo.setdefault((name, reads), {})
            key = attrgetter(*OPPORTUNITY_READS[name])(opportunity)
            value = memo.get(key)
            if value is None:
                part = COMPUTE[name](seeker, opportunity, self._today)
                value = memo[key] = self._weights[name] * part[1]
            total += self._weights[name]
            weighted += value
        side = "request_id" if isinstance(seeker, RequestIn) else "student_id"
        return Match(opportunity.id, weighted / total if total else 0.0, (), **{side: seeker.id})


def field_key(code: str) -> str:
    return FIELD_PREFIX + code


def occupation_key(code: str) -> str:
    return OCCUPATION_PREFIX + code


def _bucket_keys(opportunity: OpportunityIn) -> list[tuple[str, str, str | None]]:
    kind, level = opportunity.kind, opportunity.level
    if opportunity.accepts_any_programme:
        return [(kind, level, ANY)]
    return [(kind, level, key) for key in _named_keys(opportunity)]


def _named_keys(opportunity: OpportunityIn) -> list[str]:
    """The keys of what an opportunity names: its programmes, fields and occupation."""
    keys = [*opportunity.programmes, *map(field_key, opportunity.fields)]
    if opportunity.occupation is not None:
        keys.append(occupation_key(opportunity.occupation))
    return keys


def _seeker_keys(seeker: RequestIn | StudentIn) -> list[str | None]:
    """The keys a seeker is found under: its programme (None without one), fields, occupations."""
    return [
        seeker.programme,
        *map(field_key, seeker.programme_fields),
        *map(occupation_key, seeker.occupations),
    ]


def _place_key(opportunity: OpportunityIn) -> str | None:
    return REMOTE if opportunity.remote_allowed else opportunity.municipality


def _wanted(seeker: RequestIn | StudentIn) -> list[str | None]:
    """The buckets a seeker looks in: its programme's, fields', occupations', and the
    any-programme one."""
    return [ANY, *(key for key in _seeker_keys(seeker) if key is not None)]


def _near(by_place: ByPlace, places: set[str]) -> Iterator[OpportunityIn]:
    """The opportunities of a bucket at one of the places, or remote."""
    if len(places) < len(by_place):
        for place in places:
            yield from by_place.get(place, {}).values()
    else:
        for place, members in by_place.items():
            if place in places:
                yield from members.values()
    yield from by_place.get(REMOTE, {}).values()
