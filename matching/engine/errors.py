"""The one error the engine raises for input it cannot work with, and the checks that raise it.

A `FormatError` message names the problem and where it is, in the JSON path of the allocation
file (`students[41].preferences[2]: unknown opportunity "o-9"`), so `manage.py allocate` can print
it as the one line FORMATS.md asks for. The engines check their own inputs with the same paths,
counted in the order of their input sequences: `formats` checks only the JSON shape, and a caller
that builds the dataclasses directly gets the same messages.
"""

import json
from collections.abc import Iterable
from typing import Protocol


class FormatError(ValueError):
    """Input that breaks the allocation formats; the message starts with the place."""


class HasId(Protocol):
    @property
    def id(self) -> str: ...


def quoted(value: object) -> str:
    """A value as JSON shows it: "o-9" with quotes, 2.5, null."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def index_ids(items: Iterable[HasId], where: str) -> dict[str, int]:
    """Each id's position; an id used twice is an error at its second place."""
    positions: dict[str, int] = {}
    for position, item in enumerate(items):
        first = positions.setdefault(item.id, position)
        if first != position:
            raise FormatError(
                f"{where}[{position}].id: {quoted(item.id)} used twice (first at {where}[{first}])"
            )
    return positions


def check_count(value: object, where: str) -> int:
    """A number of places: an integer ≥ 0 (JSON true is not a number)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FormatError(f"{where}: must be a non-negative integer, got {quoted(value)}")
    return value
