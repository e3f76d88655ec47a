"""The matching settings, read in one place."""

from collections.abc import Mapping

from django.conf import settings


def weights() -> Mapping[str, float]:
    """The score weights (settings.MATCHING_WEIGHTS); checked at startup by matching.E001."""
    return settings.MATCHING_WEIGHTS


def recompute_chunk() -> int:
    """How many requests or students a full recomputation scores and writes per transaction."""
    return settings.MATCHING_RECOMPUTE_CHUNK


def top_n() -> int:
    """How many matches (the best) are stored per request and per student: MATCHING_TOP_N."""
    return settings.MATCHING_TOP_N


def reserve() -> int:
    """How many candidates after the stored matches are kept per seeker, to take the place of a
    match that leaves without ranking the seeker again: MATCHING_RESERVE."""
    return settings.MATCHING_RESERVE
