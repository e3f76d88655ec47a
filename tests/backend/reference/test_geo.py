"""Distances: the pure haversine, and the selector over the migrated seat coordinates."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.reference.geo import EARTH_RADIUS_KM, great_circle_km
from backend.reference.models import Municipality
from backend.reference.selectors import municipalities_within_km, municipality_distance_km

latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)
points = st.tuples(latitudes, longitudes)

# asin loses precision near antipodal points; a metre is far below what matching cares about.
TOLERANCE_KM = 1e-3


# Pure function


def test_one_degree_along_the_equator() -> None:
    assert great_circle_km(0, 0, 0, 1) == pytest.approx(2 * math.pi * EARTH_RADIUS_KM / 360)


def test_equator_to_pole_is_a_quarter_circumference() -> None:
    assert great_circle_km(0, 0, 90, 0) == pytest.approx(math.pi * EARTH_RADIUS_KM / 2)


def test_antipodes_are_half_a_circumference() -> None:
    assert great_circle_km(59.3, 18.1, -59.3, -161.9) == pytest.approx(math.pi * EARTH_RADIUS_KM)


def test_same_point_is_zero() -> None:
    assert great_circle_km(59.27526, 15.21341, 59.27526, 15.21341) == 0


@given(points, points)
def test_symmetric_and_bounded(a: tuple[float, float], b: tuple[float, float]) -> None:
    there, back = great_circle_km(*a, *b), great_circle_km(*b, *a)

    assert there == pytest.approx(back, abs=TOLERANCE_KM)
    assert 0 <= there <= math.pi * EARTH_RADIUS_KM + TOLERANCE_KM


@given(points, points, points)
def test_triangle_inequality(
    a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]
) -> None:
    direct = great_circle_km(*a, *c)
    via_b = great_circle_km(*a, *b) + great_circle_km(*b, *c)

    assert direct <= via_b + TOLERANCE_KM


# Between municipality seats


@pytest.mark.django_db
def test_orebro_to_vasteras() -> None:
    assert 75 < municipality_distance_km("1880", "1980") < 85


@pytest.mark.django_db
def test_eskilstuna_to_strangnas() -> None:
    # Seats 59.37125/16.50980 and 59.37745/17.03212: 29.6 km.
    assert municipality_distance_km("0484", "0486") == pytest.approx(29.6, abs=0.1)


@pytest.mark.django_db
def test_stockholm_to_goteborg() -> None:
    assert 396 < municipality_distance_km("0180", "1480") < 400


@pytest.mark.django_db
def test_same_municipality_is_zero() -> None:
    assert municipality_distance_km("1880", "1880") == 0


@pytest.mark.django_db
def test_distance_is_symmetric() -> None:
    assert municipality_distance_km("1880", "0484") == municipality_distance_km("0484", "1880")


@pytest.mark.django_db
def test_distance_takes_one_query(django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        municipality_distance_km("1880", "1980")


@pytest.mark.django_db
@pytest.mark.parametrize(("code_a", "code_b"), [("9999", "1880"), ("1880", "9999")])
def test_unknown_code_raises(code_a: str, code_b: str) -> None:
    with pytest.raises(Municipality.DoesNotExist, match="9999"):
        municipality_distance_km(code_a, code_b)


# Radius search


@pytest.mark.django_db
def test_municipalities_within_a_radius_carry_their_distance() -> None:
    near_orebro = municipalities_within_km("1880", 30)

    assert near_orebro["1880"] == 0
    assert "1881" in near_orebro  # Kumla, about 17 km
    assert "1980" not in near_orebro  # Västerås, about 84 km
    assert all(d <= 30 for d in near_orebro.values())
    assert "1980" in municipalities_within_km("1880", 90)


@pytest.mark.django_db
def test_radius_search_from_an_unknown_municipality_raises() -> None:
    with pytest.raises(Municipality.DoesNotExist):
        municipalities_within_km("9999", 50)
