"""The PyPI `matching` library (1.4) as an oracle for stable allocation.

The project's own `matching` app shadows the library's top-level name, so the library is
loaded with its site-packages directory first on the path and the app's modules set aside,
then both are put back. Its import also sets `warnings.simplefilter("always")`, hence the
`catch_warnings` around it.
"""

import importlib
import sys
import sysconfig
import warnings
from collections.abc import Sequence
from functools import cache
from types import ModuleType

from matching.engine import StableOpportunity, StableStudent


@cache
def library_games() -> ModuleType:
    """`matching.games` of the library."""
    ours = {n: m for n, m in sys.modules.items() if n == "matching" or n.startswith("matching.")}
    for name in ours:
        del sys.modules[name]
    site = sysconfig.get_paths()["purelib"]
    sys.path.insert(0, site)
    try:
        with warnings.catch_warnings():
            games = importlib.import_module("matching.games")
    finally:
        sys.path.remove(site)
        theirs = [n for n in sys.modules if n == "matching" or n.startswith("matching.")]
        for name in theirs:
            del sys.modules[name]
        sys.modules.update(ours)
    return games


def library_solution(
    students: Sequence[StableStudent], opportunities: Sequence[StableOpportunity]
) -> dict[str, str | None]:
    """The library's resident-optimal HR solution. It wants only mutual pairs, capacities of at
    least one and no student without a choice, so the instance is reduced to that first (which
    changes no stable matching)."""
    capacity = {o.id: o.capacity for o in opportunities if o.capacity > 0}
    ranked = {o.id: set(o.preferences) for o in opportunities}
    resident_prefs = {
        s.id: [o for o in s.preferences if o in capacity and s.id in ranked[o]] for s in students
    }
    resident_prefs = {s: prefs for s, prefs in resident_prefs.items() if prefs}
    hospital_prefs = {
        o.id: [s for s in o.preferences if o.id in resident_prefs.get(s, [])]
        for o in opportunities
        if o.id in capacity
    }
    hospital_prefs = {o: prefs for o, prefs in hospital_prefs.items() if prefs}
    assignments: dict[str, str | None] = dict.fromkeys((s.id for s in students), None)
    if not resident_prefs:
        return assignments
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the reduced input must be valid as the library sees it
        game = library_games().HospitalResident.create_from_dictionaries(
            resident_prefs, hospital_prefs, {o: capacity[o] for o in hospital_prefs}
        )
        matching = game.solve(optimal="resident")
    for hospital, residents in matching.items():
        for resident in residents:
            assignments[resident.name] = hospital.name
    return assignments
