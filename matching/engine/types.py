"""The engine's inputs and outputs: frozen dataclasses of plain values, no Django.

A selector builds the inputs from the ORM in one pass; a service stores the outputs. Codes are
the reference tables' string keys (municipality "1980", programme "EE", ISCED field "0714",
STEM area "automation"); kinds and levels are the `PlacementKind` / `EducationLevel` values.
Coordinates are the municipality seat's, so one municipality has one position everywhere.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

DEFAULT_STUDENT_MAX_KM = 50.0


def id_order(id: str) -> tuple[int, str]:
    """The order of ids where scores tie: the database's, whose ids are numbers ("9912" before
    "11593", as the stored lists and the incremental update order them); other ids (tests'
    "o12") in an order as fixed."""
    return len(id), id


@dataclass(frozen=True, slots=True)
class Place:
    """A municipality seat."""

    municipality: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class OpportunityIn:
    """A published opportunity as matching sees it; `places_free` = places - places taken.

    `programme_fields` are the ISCED fields of `programmes`, for the "same field" fit of an
    opportunity that accepts any programme. `fields` are the ISCED detailed fields the
    opportunity names itself (an LIA posting or a thesis "for 0714 Electronics and automation"),
    and `occupation` the SSYK 2012 unit group it trains for: a seeker whose fields include one of
    `fields`, or whose programme leads to `occupation`, fits it without being listed.
    A period with both ends None is flexible.
    `languages` are those spoken at the workplace ("sv", "en"); empty means not stated.
    """

    id: str
    kind: str
    level: str
    programmes: frozenset[str]
    programme_fields: frozenset[str]
    accepts_any_programme: bool
    stem_areas: frozenset[str]
    municipality: str
    lat: float
    lon: float
    remote_allowed: bool
    period_start: date | None
    period_end: date | None
    places_free: int
    min_age_18: bool = False
    published_on: date | None = None
    languages: frozenset[str] = frozenset()
    fields: frozenset[str] = frozenset()
    occupation: str | None = None


@dataclass(frozen=True, slots=True)
class RequestIn:
    """An open placement request; `places_needed_open` = places needed - places filled.

    The students can go to `municipality`, anywhere within `max_distance_km` of it (None: no
    radius) and any of `acceptable_municipalities`. A request without a programme (possible above
    gymnasium) matches only opportunities that accept any programme. `under_18` says the group
    includes pupils under 18, so opportunities requiring age 18 do not fit.
    `programme_fields` are the ISCED detailed fields of the programme and the one the request
    names (what a YH or university group studies); `occupations` the SSYK 2012 unit groups the
    programme leads to. A programme the school runs itself (YH, university) adds its field and
    occupation there, and its name is `own_programme`, as for a student.
    """

    id: str
    kind: str
    level: str
    programme: str | None
    programme_fields: frozenset[str]
    places_needed_open: int
    period_start: date | None
    period_end: date | None
    municipality: str
    lat: float
    lon: float
    max_distance_km: float | None
    acceptable_municipalities: frozenset[str] = frozenset()
    stem_areas: frozenset[str] = frozenset()
    under_18: bool = False
    occupations: frozenset[str] = frozenset()
    own_programme: str | None = None


@dataclass(frozen=True, slots=True)
class StudentIn:
    """A student looking for any kind of opportunity at their level, near home.

    `languages` empty means not stated (no language filter); `under_18` is False when the student
    gave no birth date. `programme_fields` and `occupations` as in `RequestIn`; a programme the
    student's school runs itself (YH, university) adds its field and occupation there, and its
    name is `own_programme`, for the explanation (it has no code).
    """

    id: str
    level: str
    programme: str | None
    programme_fields: frozenset[str]
    municipality: str
    lat: float
    lon: float
    max_distance_km: float = DEFAULT_STUDENT_MAX_KM
    stem_interests: frozenset[str] = frozenset()
    under_18: bool = False
    languages: frozenset[str] = frozenset()
    occupations: frozenset[str] = frozenset()
    own_programme: str | None = None
    # The 18th birthday: an 18+ opportunity starting on or after it fits (age is judged on the
    # first day, docs/rules.md); None when unknown.
    adult_from: date | None = None


@dataclass(frozen=True, slots=True)
class Component:
    """One named part of a score: its value in [0, 1], its weight, and the facts behind it.

    The facts are plain JSON values the UI turns into words ("12 km", "2 of 3 STEM areas").
    """

    name: str
    value: float
    weight: float
    facts: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Match:
    """A scored, explained suggestion; exactly one of `request_id` and `student_id` is set."""

    opportunity_id: str
    score: float
    components: tuple[Component, ...]
    request_id: str | None = None
    student_id: str | None = None


@dataclass(frozen=True, slots=True)
class NoMatch:
    """Why a request or student has no match: how many opportunities each hard filter removed.

    Each opportunity is counted once, at the first filter it fails in `filters.FILTERS` order, so
    `removed` reads as a funnel ("12 not for programme EE, 40 too far, 3 outside weeks 10-16").
    """

    seeker_id: str
    total: int
    removed: dict[str, int]
    remaining: int


@dataclass(frozen=True, slots=True)
class StableStudent:
    id: str
    preferences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StableOpportunity:
    id: str
    capacity: int
    preferences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StableStats:
    students: int
    assigned: int
    opportunities: int
    places: int
    places_filled: int
    seconds: float


@dataclass(frozen=True, slots=True)
class StableResult:
    """`assignments` has every student, in input order, None where unassigned."""

    assignments: dict[str, str | None]
    unassigned: tuple[str, ...]
    stats: StableStats


@dataclass(frozen=True, slots=True)
class Demand:
    """A request in a pairing round: how many places it still needs."""

    id: str
    places_needed: int


@dataclass(frozen=True, slots=True)
class Supply:
    """An opportunity in a pairing round: how many places it can give."""

    id: str
    capacity: int


class ScoredPair(NamedTuple):
    """A compatible pair and its score in [0, 1].

    A NamedTuple, not a dataclass: a national round has ~10^6 of them, and a tuple is built
    several times faster; plain `(request_id, opportunity_id, score)` tuples are accepted too.
    """

    request_id: str
    opportunity_id: str
    score: float


@dataclass(frozen=True, slots=True)
class PairingStats:
    requests: int
    places_needed: int
    places_assigned: int
    seconds: float


@dataclass(frozen=True, slots=True)
class PairingResult:
    """`pairs` are (request, opportunity, places); `uncovered` maps every request to the places
    it still lacks (0 when covered), which is the gap the chamber asks about."""

    pairs: tuple[tuple[str, str, int], ...]
    total_score: float
    uncovered: dict[str, int]
    stats: PairingStats
