"""The searches the benchmarks make: what someone planning a placement asks, with parameters
the search form offers (so the page never answers with a form error)."""

import random
from datetime import date, timedelta


def months_ahead(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def search_query(
    rng: random.Random,
    *,
    today: date,
    programmes: list[str],
    municipalities: list[str],
    radii: list[int],
) -> str:
    """A programme, near a town within one of the form's radii, over two months starting within
    the coming ten."""
    start = months_ahead(today, rng.randint(1, 10))
    end = months_ahead(start, 2) - timedelta(days=1)
    return (
        f"programme={rng.choice(programmes)}&near={rng.choice(municipalities)}"
        f"&within_km={rng.choice(radii)}&period_from={start}&period_to={end}"
    )
