"""Natural Earth geometries as shapely shapes, and the representative (lat, lon) of each."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge

from ..exc import ImportFormatError
from ._ne_fields import finite_number
from ._ne_layers import Props


def geometry_of(spec: dict[str, Any] | None, path: Path, name: str) -> BaseGeometry | None:
    if spec is None:
        return None
    try:
        geom = _fast_shape(spec)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, shapely.errors.ShapelyError) as exc:
        raise ImportFormatError(f"feature {name!r} has an unreadable geometry ({exc})", path=str(path)) from None
    return None if geom.is_empty else geom


def _coords(values: Any) -> Any:
    # GeoJSON may carry a third (height) value; shapely is given (lon, lat) only.
    return np.asarray(values, dtype=float)[:, :2]


def _fast_shape(spec: dict[str, Any]) -> BaseGeometry:
    """shapely's ``shape()``, about twice as fast for the polygon and line layers (vectorised rings)."""
    kind, coords = spec.get("type"), spec.get("coordinates")
    if not isinstance(coords, list):
        return shape(spec)
    try:
        if kind == "Polygon":
            return _polygon(coords)
        if kind == "MultiPolygon":
            return shapely.multipolygons([_polygon(rings) for rings in coords])
        if kind == "LineString":
            return shapely.linestrings(_coords(coords))
        if kind == "MultiLineString":
            return shapely.multilinestrings([shapely.linestrings(_coords(line)) for line in coords])
    except (ValueError, IndexError, TypeError):
        pass  # ragged or odd coordinates: let shape() explain or cope
    return shape(spec)


def _polygon(rings: Any) -> BaseGeometry:
    shells = [shapely.linearrings(_coords(ring)) for ring in rings]
    return shapely.polygons(shells[0], holes=shells[1:] or None)


def label_point(props: Props, geom: BaseGeometry | None) -> tuple[float, float] | None:
    """Natural Earth's own label point, when present and plausible for the shape."""
    for lon_key, lat_key in (("label_x", "label_y"), ("longitude", "latitude"), ("long_x", "lat_y")):
        lon, lat = finite_number(props.get(lon_key)), finite_number(props.get(lat_key))
        if lon is None or lat is None or (lat == 0 and lon == 0):
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        if geom is not None and not _near_bounds(geom, lat, lon):
            continue  # a stale label far from its shape would misplace the place
        return lat, lon
    return None


def _near_bounds(geom: BaseGeometry, lat: float, lon: float, slack: float = 0.5) -> bool:
    west, south, east, north = (float(v) for v in geom.bounds)
    return bool(west - slack <= lon <= east + slack and south - slack <= lat <= north + slack)


def point_of(geom: BaseGeometry) -> tuple[float, float]:
    """A representative (lat, lon) for a geometry (see the naturalearth module docstring)."""
    if isinstance(geom, Point):
        return geom.y, geom.x
    polygons = [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, Polygon)]
    if polygons:
        largest = max(polygons, key=lambda p: p.area)
        centre = largest.centroid
        point = centre if largest.contains(centre) else largest.representative_point()
        return point.y, point.x
    lines = [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, LineString)]
    if lines:
        merged = linemerge(lines) if len(lines) > 1 else lines[0]
        longest = max(getattr(merged, "geoms", [merged]), key=lambda g: g.length)
        point = longest.interpolate(0.5, normalized=True)
        return point.y, point.x
    point = geom.representative_point()
    return point.y, point.x


def combine(parts: Sequence[BaseGeometry]) -> BaseGeometry:
    if len(parts) == 1:
        return parts[0]
    lines = [g for part in parts for g in getattr(part, "geoms", [part]) if isinstance(g, LineString)]
    polys = [g for part in parts for g in getattr(part, "geoms", [part]) if isinstance(g, Polygon)]
    if lines and not polys:
        return MultiLineString(lines)
    if polys and not lines:
        return MultiPolygon(polys)
    return shapely.GeometryCollection(list(parts))
