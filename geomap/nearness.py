"""Distances for resolution: to the other names' places, between the places the names could be, and
along the rivers and lakes the text names.

Nearness is measured on the equirectangular approximation (:func:`km`); lines in degrees as shapely
measures them, times 111.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterator, Sequence
from functools import lru_cache

from gazetteer import EARTH_RADIUS_KM
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

__all__ = ["Nearness", "km", "pairs_within"]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: within 1% of great-circle under 1,000 km, which is all nearness needs."""
    x = math.radians(((lon2 - lon1 + 180.0) % 360.0) - 180.0) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return EARTH_RADIUS_KM * math.hypot(x, y)


def _latitude_reach(radius_km: float) -> float:
    """Degrees of latitude beyond which two points are farther than ``radius_km`` (with a margin)."""
    return math.degrees(radius_km / EARTH_RADIUS_KM) + 0.01


def pairs_within(points: Sequence[tuple[float, float]], radius_km: float) -> Iterator[tuple[int, int]]:
    """Every pair of ``points`` (lat, lon) less than ``radius_km`` apart by :func:`km`, as indices
    ``(a, b)`` with ``a`` the point of lower latitude. A sweep by latitude: only points within the
    radius by latitude alone are measured, so a document's few hundred candidates cost about as many
    distances, not one per pair."""
    order = sorted(range(len(points)), key=lambda k: points[k][0])
    reach = _latitude_reach(radius_km)  # farther apart by latitude alone, farther in all
    radians, cos, hypot = math.radians, math.cos, math.hypot
    n = len(order)
    for pos, a in enumerate(order):
        lat, lon = points[a]
        for k in range(pos + 1, n):
            b = order[k]
            plat, plon = points[b]
            if plat - lat > reach:
                break
            # km(lat, lon, plat, plon) written out, as in Nearness.nearest_km
            if EARTH_RADIUS_KM * hypot(
                    radians(((plon - lon + 180.0) % 360.0) - 180.0) * cos(radians((lat + plat) / 2)), radians(plat - lat)
            ) < radius_km:
                yield a, b


_point = lru_cache(maxsize=4096)(Point)  # building a shapely point costs more than measuring from it


class Nearness:
    """One pass's places to be near: the other names' picked points (sorted by latitude) and the rivers
    and lakes picked, with their bounding boxes, to skip the lines a candidate cannot be along."""

    __slots__ = ("points", "lats", "lines", "near_km", "reach")

    def __init__(self, points: list[tuple[int, float, float]],
                 lines: list[tuple[int, BaseGeometry]], near_km: float) -> None:
        points.sort(key=lambda p: p[1])
        self.points = points
        self.lats = [p[1] for p in points]
        self.lines = [(j, geom, geom.bounds) for j, geom in lines]
        self.near_km = near_km
        # Points farther than near_km by latitude alone (with a margin) cannot be nearer than near_km.
        self.reach = _latitude_reach(near_km)

    def any_near(self, lat: float) -> bool:
        """Whether any point lies in the latitude band :meth:`nearest_km` measures: none, and it returns
        ``near_km``."""
        lats = self.lats
        return bisect.bisect_left(lats, lat - self.reach) < bisect.bisect_right(lats, lat + self.reach)

    def nearest_km(self, lat: float, lon: float, skip: int) -> float:
        """The distance to the nearest point not of group ``skip``, or ``near_km`` when none is nearer.
        Only the points in the latitude band :meth:`any_near` tests are measured."""
        lats, reach = self.lats, self.reach
        best = self.near_km
        radians, cos, hypot = math.radians, math.cos, math.hypot
        for j, plat, plon in self.points[bisect.bisect_left(lats, lat - reach) : bisect.bisect_right(lats, lat + reach)]:
            if j != skip:
                # km(lat, lon, plat, plon) written out: this loop measures about a million pairs per corpus
                # (the test of this method holds it to km's results exactly).
                d = EARTH_RADIUS_KM * hypot(
                    radians(((plon - lon + 180.0) % 360.0) - 180.0) * cos(radians((lat + plat) / 2)), radians(plat - lat))
                if d < best:
                    best = d
        return best

    def groups_within(self, lat: float, lon: float, skip: int, radius_km: float) -> int:
        """How many other groups (not ``skip``) have a point within ``radius_km``."""
        lats, reach = self.lats, _latitude_reach(radius_km)
        return len({j for j, plat, plon in self.points[bisect.bisect_left(lats, lat - reach):
                                                       bisect.bisect_right(lats, lat + reach)]
                    if j != skip and km(lat, lon, plat, plon) < radius_km})

    def along_km(self, lat: float, lon: float, skip: int, cap_km: float) -> float:
        """The distance (degrees times 111, as shapely measures) to the nearest line not of group
        ``skip``, or infinity; lines whose box lies farther than ``cap_km`` are not measured, since
        only a distance under ``cap_km`` counts."""
        reach = cap_km / 111.0 + 1e-6  # a margin for rounding: a line at the cap is measured
        best: float | None = None
        point = None
        for j, geom, (minx, miny, maxx, maxy) in self.lines:
            if j == skip or math.hypot(max(minx - lon, 0.0, lon - maxx), max(miny - lat, 0.0, lat - maxy)) > reach:
                continue
            if point is None:
                point = _point(lon, lat)
            distance: float = geom.distance(point)
            if best is None or distance < best:  # as min() keeps the first of equals
                best = distance
        return math.inf if best is None else best * 111.0
