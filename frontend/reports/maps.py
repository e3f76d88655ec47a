"""The region's municipalities as SVG paths, coloured by a value and named on the map, so that it
reads printed: drawn from the boundaries the project ships
(backend/reference/data/municipalities_region.geojson, cut from okfse/sweden-geojson; the source
and licence are in that folder's README), no tile server, no script.

A municipality in the selected region always has a value (0 when nothing was counted there);
one outside it (the rest of Södermanland when the region is the chamber's) has none and is drawn
hatched, so zero and "not in the selection" never look alike.
"""

import json
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from django.conf import settings

GEOJSON = settings.BASE_DIR / "backend" / "reference" / "data" / "municipalities_region.geojson"
WIDTH = 600
CLASSES = 4  # colour steps above zero, .q1 (lowest) to .q4 (highest); .q0 is zero


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    path: str
    label_x: float
    label_y: float
    value: int | None
    css_class: str


@dataclass(frozen=True)
class Map:
    areas: list[Area]
    width: int
    height: int
    # (css class, the values it stands for), zero first; "outside" is said by the template.
    legend: list[tuple[str, str]]


@cache
def _shapes(path: Path = GEOJSON) -> tuple[tuple[Shape, ...], int]:
    """Each municipality's outline projected once per process (equirectangular, longitude
    scaled by the cosine of the mid latitude so that the shapes keep their proportions), with
    the point its name is written at: the centroid of its largest ring."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    rings = [ring for f in features for polygon in _polygons(f) for ring in polygon]
    longitudes = [x for ring in rings for x, _ in ring]
    latitudes = [y for ring in rings for _, y in ring]
    squeeze = math.cos(math.radians((min(latitudes) + max(latitudes)) / 2))
    scale = WIDTH / ((max(longitudes) - min(longitudes)) * squeeze)
    height = math.ceil((max(latitudes) - min(latitudes)) * scale)

    def project(x: float, y: float) -> tuple[float, float]:
        return (x - min(longitudes)) * squeeze * scale, (max(latitudes) - y) * scale

    shapes = []
    for f in features:
        projected = [[project(x, y) for x, y in ring] for p in _polygons(f) for ring in p]
        label_x, label_y = _centroid(max(projected, key=lambda ring: abs(_area(ring))))
        shapes.append(
            Shape(
                code=f["properties"]["kommun_code"],
                name=f["properties"]["name"],
                path=" ".join(
                    "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + " Z"
                    for ring in projected
                ),
                label_x=round(label_x, 1),
                label_y=round(label_y, 1),
            )
        )
    return tuple(shapes), height


def _polygons(feature: dict) -> list:
    geometry = feature["geometry"]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    return [geometry["coordinates"]]


def _edges(ring: list[tuple[float, float]]) -> list[tuple[tuple[float, float], ...]]:
    return list(pairwise([*ring, ring[0]]))


def _area(ring: list[tuple[float, float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in _edges(ring)) / 2


def _centroid(ring: list[tuple[float, float]]) -> tuple[float, float]:
    area = _area(ring) or 1e-9
    pairs = _edges(ring)
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (6 * area)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (6 * area)
    return cx, cy


def choropleth(values: Mapping[str, int], selected: Collection[str] | None) -> Map:
    """The map coloured by `values`: a municipality of `selected` (None: all) without a value
    counts 0; one outside it has no value."""
    shapes, height = _shapes()
    inside = {s.code for s in shapes if selected is None or s.code in selected}
    shown = {s.code: values.get(s.code, 0) for s in shapes if s.code in inside}
    top = max(shown.values(), default=0)
    areas = [
        Area(
            code=shape.code,
            name=shape.name,
            path=shape.path,
            label_x=shape.label_x,
            label_y=shape.label_y,
            value=shown.get(shape.code),
            css_class=_class(shown.get(shape.code), top),
        )
        for shape in shapes
    ]
    return Map(areas=areas, width=WIDTH, height=height, legend=_legend(top))


def _bounds(top: int) -> list[tuple[int, int]]:
    """The classes' ranges of whole numbers from 1 to `top`, none empty."""
    edges = sorted({math.ceil(top * n / CLASSES) for n in range(CLASSES + 1)} | {0})
    return [(low + 1, high) for low, high in pairwise(edges) if high > low]


def _legend(top: int) -> list[tuple[str, str]]:
    legend = [("q0", "0")]
    for n, (low, high) in enumerate(_bounds(top), start=CLASSES - len(_bounds(top)) + 1):
        legend.append((f"q{n}", str(low) if low == high else f"{low}\u2013{high}"))
    return legend


def _class(value: int | None, top: int) -> str:
    if value is None:
        return "outside"
    if value <= 0:
        return "q0"
    bounds = _bounds(top)
    for n, (low, high) in enumerate(bounds, start=CLASSES - len(bounds) + 1):
        if low <= value <= high:
            return f"q{n}"
    return f"q{CLASSES}"
