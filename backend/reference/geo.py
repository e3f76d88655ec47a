"""Distances on the Earth; pure Python so the matching engine can use it without Django."""

from math import asin, cos, radians, sin, sqrt

# The mean Earth radius (IUGG), in kilometres.
EARTH_RADIUS_KM = 6371.0088


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in km between two WGS84 points in degrees (haversine formula)."""
    phi1, phi2 = radians(lat1), radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = radians(lon2 - lon1) / 2
    h = sin(half_dphi) ** 2 + cos(phi1) * cos(phi2) * sin(half_dlambda) ** 2
    # min() guards asin against rounding just above 1 for antipodal points.
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))
