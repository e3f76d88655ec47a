"""Distances between municipality seats, for the distance filter and the distance component.

`backend.reference.geo` has the same formula, but importing it runs `backend/__init__.py`, which
loads Celery and points it at the Django settings; the engine must import nothing of Django, so
the haversine formula is repeated here (a test checks both agree).
"""

from bisect import bisect_right
from functools import lru_cache
from math import asin, cos, radians, sin, sqrt

# The mean Earth radius (IUGG), in kilometres.
EARTH_RADIUS_KM = 6371.0088
# Added to the radius the request index searches from an opportunity, so the rounding difference
# of measuring the other way round (opportunity to request) can only widen the candidate set; the
# exact hard filter then decides.
SEARCH_SLACK_KM = 1e-6


# Matching measures between municipality seats: at most 290 x 290 distinct pairs, each asked
# for by every seeker's hard filter against every candidate; computed once per process.
@lru_cache(maxsize=1 << 17)
def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in km between two WGS84 points in degrees (haversine formula)."""
    phi1, phi2 = radians(lat1), radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = radians(lon2 - lon1) / 2
    h = sin(half_dphi) ** 2 + cos(phi1) * cos(phi2) * sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))


class Seats:
    """The coordinates of every municipality seen, and the municipalities near a point.

    Matching measures distance between municipality seats, so one municipality has one position;
    a second, different position for the same code is a caller's bug and raises `ValueError`.
    The sorted distances from a point to all known municipalities are computed once per point
    (there are 290 municipalities) and reused by every query from it.
    """

    def __init__(self) -> None:
        self._coordinates: dict[str, tuple[float, float]] = {}
        self._near: dict[tuple[float, float], tuple[list[float], list[str]]] = {}

    def learn(self, municipality: str, lat: float, lon: float) -> None:
        known = self._coordinates.get(municipality)
        if known == (lat, lon):
            return
        if known is not None:
            raise ValueError(
                f"municipality {municipality} given at {(lat, lon)} and at {known}: "
                "use the seat's coordinates everywhere"
            )
        self._coordinates[municipality] = (lat, lon)
        self._near.clear()

    def within(self, lat: float, lon: float, km: float, *, slack_km: float = 0.0) -> list[str]:
        """The known municipalities whose seat is at most `km` (plus `slack_km`) from the point,
        measured from the point as the distance filter measures from a seeker: without slack,
        exactly those the filter lets through."""
        distances, codes = self._sorted_from(lat, lon)
        return codes[: bisect_right(distances, km + slack_km)]

    def _sorted_from(self, lat: float, lon: float) -> tuple[list[float], list[str]]:
        cached = self._near.get((lat, lon))
        if cached is None:
            pairs = sorted(
                (great_circle_km(lat, lon, *where), code)
                for code, where in self._coordinates.items()
            )
            cached = ([km for km, _ in pairs], [code for _, code in pairs])
            self._near[(lat, lon)] = cached
        return cached
