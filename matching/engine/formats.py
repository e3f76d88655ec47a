"""The allocation files of FORMATS.md: read, check the JSON shape, run, write.

`run(kind, text)` is all `manage.py allocate` needs: it returns the output dict, or raises
`FormatError` with the one line to print (exit status 2, no output file). This module checks
the shape (objects, lists, string ids); the engines check the meaning (ids used twice, unknown
ids, counts, scores) with the same JSON paths, so each rule lives in one place. Unknown keys are
ignored.
"""

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from matching.engine.errors import FormatError, quoted
from matching.engine.stable import allocate_stable
from matching.engine.types import (
    Demand,
    PairingResult,
    ScoredPair,
    StableOpportunity,
    StableResult,
    StableStudent,
    Supply,
)

KINDS = ("stable", "pairing")
_ONLY_STRINGS = frozenset((str,))


def run(kind: str, text: str) -> dict[str, Any]:
    """Read the input file's text, allocate, and return the output file's content."""
    if kind not in KINDS:
        raise ValueError(f"unknown allocation kind {kind!r}: choose one of {KINDS}")
    with _collector_paused():
        if kind == "stable":
            return stable_output(allocate_stable(*read_stable(text)))
        # Imported here: numpy and OR-tools load only for pairing (engine/__init__.py).
        from matching.engine.pairing import allocate_pairing

        return pairing_output(allocate_pairing(*read_pairing(text)))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is read and allocated.

    Parsing creates millions of lists and dicts and no cycles; with the collector on, its
    repeated full passes over them took 7 of the 11 s of a national round.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_stable(text: str) -> tuple[list[StableStudent], list[StableOpportunity]]:
    data = _load(text)
    students = [
        StableStudent(_id(entry, "students", n), _ids(entry, "preferences", "students", n))
        for n, entry in enumerate(_objects(data, "students"))
    ]
    opportunities = [
        StableOpportunity(
            _id(entry, "opportunities", n),
            entry.get("capacity"),
            _ids(entry, "preferences", "opportunities", n),
        )
        for n, entry in enumerate(_objects(data, "opportunities"))
    ]
    return students, opportunities


def read_pairing(text: str) -> tuple[list[Demand], list[Supply], list[ScoredPair]]:
    data = _load(text)
    requests = [
        Demand(_id(entry, "requests", n), entry.get("places_needed"))
        for n, entry in enumerate(_objects(data, "requests"))
    ]
    opportunities = [
        Supply(_id(entry, "opportunities", n), entry.get("capacity"))
        for n, entry in enumerate(_objects(data, "opportunities"))
    ]
    return requests, opportunities, _scores(data)


def stable_output(result: StableResult) -> dict[str, Any]:
    stats = result.stats
    return {
        "assignments": dict(result.assignments),
        "unassigned": list(result.unassigned),
        "stats": {
            "students": stats.students,
            "assigned": stats.assigned,
            "opportunities": stats.opportunities,
            "places": stats.places,
            "places_filled": stats.places_filled,
            "seconds": round(stats.seconds, 6),
        },
    }


def pairing_output(result: PairingResult) -> dict[str, Any]:
    stats = result.stats
    return {
        "pairs": [list(pair) for pair in result.pairs],
        # Rounded to 1e-9 so 0.91 + 0.80 + 0.75 prints as 2.46; the checks are to 1e-6.
        "total_score": round(result.total_score, 9),
        "stats": {
            "requests": stats.requests,
            "places_needed": stats.places_needed,
            "places_assigned": stats.places_assigned,
            "seconds": round(stats.seconds, 6),
        },
    }


def dumps(output: dict[str, Any]) -> str:
    """The output file's text: UTF-8 JSON, ids as given."""
    return json.dumps(output, ensure_ascii=False) + "\n"


def _reject_constant(name: str) -> NoReturn:
    raise FormatError(f"not JSON: {name} is not a JSON number")


def _load(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise FormatError(
            f"not JSON: line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    if not isinstance(data, dict):
        raise FormatError(f"top level: must be an object, got {_kind_of(data)}")
    return data


def _objects(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The list under `key`, whose entries must be objects."""
    entries = _list(data, key, key)
    if not all(type(entry) is dict for entry in entries):
        n, bad = next((n, e) for n, e in enumerate(entries) if not isinstance(e, dict))
        raise FormatError(f"{key}[{n}]: must be an object, got {_kind_of(bad)}")
    return entries


def _list(container: dict[str, Any], key: str, where: str) -> list[Any]:
    if key not in container:
        raise FormatError(f"{where}: missing (a list is required)")
    value = container[key]
    if not isinstance(value, list):
        raise FormatError(f"{where}: must be a list, got {_kind_of(value)}")
    return value


def _id(entry: dict[str, Any], key: str, position: int) -> str:
    value = entry.get("id")
    if type(value) is not str:
        raise FormatError(f"{key}[{position}].id: must be a string, got {quoted(value)}")
    return value


def _ids(entry: dict[str, Any], field: str, key: str, position: int) -> tuple[str, ...]:
    """The id list `field` of `key[position]`, every item a string."""
    values = entry.get(field)
    if type(values) is not list:  # missing, or not a list: `_list` names the problem
        values = _list(entry, field, f"{key}[{position}].{field}")
    if not _ONLY_STRINGS.issuperset(map(type, values)):  # a C loop, no Python per item
        n, bad = next((n, v) for n, v in enumerate(values) if not isinstance(v, str))
        raise FormatError(f"{key}[{position}].{field}[{n}]: must be a string, got {quoted(bad)}")
    return tuple(values)


def _scores(data: dict[str, Any]) -> list[ScoredPair]:
    entries = _list(data, "scores", "scores")
    if not all(map(_is_pair_shape, entries)):
        n = next(n for n, entry in enumerate(entries) if not _is_pair_shape(entry))
        raise FormatError(
            f"scores[{n}]: must be [request, opportunity, score], got {quoted(entries[n])}"
        )
    return [ScoredPair(*entry) for entry in entries]


def _is_pair_shape(entry: Any) -> bool:
    return (
        type(entry) is list and len(entry) == 3 and type(entry[0]) is str and type(entry[1]) is str
    )


def _kind_of(value: Any) -> str:
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return kinds.get(type(value), "a number")
