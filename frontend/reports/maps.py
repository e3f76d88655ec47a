"""The region's municipalities as SVG paths, coloured by a value: drawn from the boundaries the
project ships (backend/reference/data/municipalities_region.geojson, cut from okfse/sweden-geojson;
the source and licence are in that folder's README), no tile server, no script."""

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

GEOJSON = settings.BASE_DIR / "backend" / "reference" / "data" / "municipalities_region.geojson"
WIDTH = 600
CLASSES = 5  # colour steps, .q0 (lowest) to .q4 (highest)


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    path: str
    value: int | None
    css_class: str


@dataclass(frozen=True)
class Map:
    areas: list[Area]
    width: int
    height: int
    legend: list[tuple[str, str]]


@cache
def _shapes(path: Path = GEOJSON) -> tuple[tuple[Shape, ...], int]:
    """Each municipality's outline projected once per process (equirectangular, longitude
    scaled by the cosine of the mid latitude so that the shapes keep their proportions)."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    rings = [ring for f in features for polygon in _polygons(f) for ring in polygon]
    longitudes = [x for ring in rings for x, _ in ring]
    latitudes = [y for ring in rings for _, y in ring]
    squeeze = math.cos(math.radians((min(latitudes) + max(latitudes)) / 2))
    scale = WIDTH / ((max(longitudes) - min(longitudes)) * squeeze)
    height = math.ceil((max(latitudes) - min(latitudes)) * scale)

    def point(x: float, y: float) -> str:
        return f"{(x - min(longitudes)) * squeeze * scale:.1f},{(max(latitudes) - y) * scale:.1f}"

    shapes = tuple(
        Shape(
            code=f["properties"]["kommun_code"],
            name=f["properties"]["name"],
            path=" ".join(
                "M" + " L".join(point(x, y) for x, y in ring) + " Z"
                for polygon in _polygons(f)
                for ring in polygon
            ),
        )
        for f in features
    )
    return shapes, height


def _polygons(feature: dict) -> list:
    geometry = feature["geometry"]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    return [geometry["coordinates"]]


def choropleth(values: Mapping[str, int]) -> Map:
    """The map with each municipality in `values` coloured by its share of the largest value;
    the others (outside the selection) grey."""
    shapes, height = _shapes()
    top = max(values.values(), default=0) or 1
    areas = [
        Area(
            code=shape.code,
            name=shape.name,
            path=shape.path,
            value=values.get(shape.code),
            css_class=_class(values.get(shape.code), top),
        )
        for shape in shapes
    ]
    legend = [
        (f"q{n}", f"{math.ceil(top * n / CLASSES)}-{math.floor(top * (n + 1) / CLASSES)}")
        for n in range(CLASSES)
    ]
    return Map(areas=areas, width=WIDTH, height=height, legend=legend)


def _class(value: int | None, top: int) -> str:
    if value is None:
        return "none"
    return f"q{min(CLASSES - 1, int(CLASSES * value / top))}"
