"""The value types the gazetteer hands out: places and search candidates."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum
from operator import attrgetter
from typing import Any, TypeVar

from shapely.geometry.base import BaseGeometry

from .choices import parse_choice

__all__ = ["MATCH_WEIGHTS", "Candidate", "Kind", "Match", "Place", "match_score", "pickled_as_call"]


class Kind(str, Enum):
    """What sort of thing a place is; ordered roughly from small to large."""

    POPULATED_PLACE = "populated_place"
    ADMIN2 = "admin2"
    ADMIN1 = "admin1"
    COUNTRY = "country"
    CONTINENT = "continent"
    REGION = "region"
    RIVER = "river"
    LAKE = "lake"
    SEA = "sea"
    MOUNTAIN = "mountain"
    ISLAND = "island"
    OTHER = "other"

    @classmethod
    def parse(cls, value: str | Kind) -> Kind:
        """Return the kind named by ``value``; the error lists the valid names."""
        return parse_choice(cls, value, "kind", "kinds")


class Match(str, Enum):
    """How a query matched a place name, best first."""

    EXACT = "exact"            # the query equals the place's name
    ALIAS = "alias"            # the query equals one of its alternate names
    NORMALISED = "normalised"  # equal after gazetteer.normalize.normalize_name
    FUZZY = "fuzzy"            # within a bounded edit distance of a normalised name


_T = TypeVar("_T")


def pickled_as_call(cls: type[_T]) -> type[_T]:
    """Pickle instances of the frozen slots dataclass ``cls`` as a call of ``cls`` on their fields.

    The state such a dataclass pickles by default is set back field by field in Python, ten times
    slower; a batch parsed in worker processes (geomap.workers) sends places and mentions by the
    thousand.
    """
    fields_of = attrgetter(*cls.__dataclass_fields__)  # type: ignore[attr-defined]

    def __reduce__(self: _T) -> tuple[type[_T], tuple[Any, ...]]:
        return cls, fields_of(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


@pickled_as_call
@dataclass(frozen=True, slots=True)
class Place:
    """A named place with a representative point (``lat``, ``lon``, WGS84 degrees).

    ``id`` is namespaced by source: ``geonames:171943``, ``ne:river:1234``, ``custom:baghouz``.
    ``geometry`` (lines, polygons; shapely, lon/lat order) is kept when the source has one.
    """

    id: str
    name: str
    lat: float
    lon: float
    kind: Kind = Kind.POPULATED_PLACE
    ascii_name: str = ""
    alt_names: tuple[str, ...] = ()
    feature_class: str = ""
    feature_code: str = ""
    country: str = ""
    admin1: str = ""
    admin1_name: str = ""
    admin2: str = ""
    admin2_name: str = ""
    population: int = 0
    source: str = ""
    geometry: BaseGeometry | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if ":" not in self.id or self.id.startswith(":") or self.id.endswith(":"):
            raise ValueError(f"place id must be namespaced like 'geonames:171943', got {self.id!r}")
        if not self.name:
            raise ValueError(f"place {self.id} has an empty name")
        if not (math.isfinite(self.lat) and -90.0 <= self.lat <= 90.0):
            raise ValueError(f"place {self.id}: latitude {self.lat!r} is outside [-90, 90]")
        if not (math.isfinite(self.lon) and -180.0 <= self.lon <= 180.0):
            raise ValueError(f"place {self.id}: longitude {self.lon!r} is outside [-180, 180]")
        if not isinstance(self.kind, Kind):
            object.__setattr__(self, "kind", Kind.parse(self.kind))
        if self.population < 0:
            raise ValueError(f"place {self.id}: negative population {self.population}")

    @property
    def namespace(self) -> str:
        """The source namespace of the id (``geonames`` in ``geonames:171943``)."""
        return self.id.split(":", 1)[0]

    def to_dict(self) -> dict[str, Any]:
        """The short JSON form used in parse output and GeoJSON properties."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind.value,
            "country": self.country or None,
            "admin1": self.admin1_name or None,
            "lat": round(self.lat, 6),
            "lon": round(self.lon, 6),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str = "") -> Place:
        """Rebuild a place from :meth:`to_dict` output (for example a hand-edited GeoJSON)."""
        return cls(
            id=str(data["id"]),
            name=str(data["name"]),
            lat=float(data["lat"]),
            lon=float(data["lon"]),
            kind=Kind.parse(str(data.get("kind") or "other")),
            country=str(data.get("country") or ""),
            admin1_name=str(data.get("admin1") or ""),
            source=source,
        )


# How far each kind of name match counts in a candidate's score (see match_score).
MATCH_WEIGHTS = {Match.EXACT: 1.0, Match.ALIAS: 0.95, Match.NORMALISED: 0.85, Match.FUZZY: 0.6}


def match_score(weight: float, prior: float) -> float:
    """A candidate's score from its match weight (:data:`MATCH_WEIGHTS`, possibly adjusted) and its
    prior: the match counts most, the prior decides between equal matches."""
    return round(weight * (0.4 + 0.6 * prior), 6)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One answer to :meth:`gazetteer.Gazetteer.search`.

    ``prior`` in [0, 1] says how likely the place is before context is seen (population,
    feature rank); ``score`` in [0, 1] combines it with how well the name matched.
    """

    place: Place
    match: Match
    score: float
    prior: float
    matched_name: str = ""

    def __post_init__(self) -> None:
        for label, value in (("score", self.score), ("prior", self.prior)):
            if not (0.0 <= value <= 1.0):
                raise ValueError(f"candidate {self.place.id}: {label} {value!r} is outside [0, 1]")

    @classmethod
    def unchecked(cls, place: Place, match: Match, score: float, prior: float, matched_name: str = "") -> Candidate:
        """A Candidate built without the range check of ``__post_init__``, for a caller whose scores and
        priors are in [0, 1] by construction (the index's own: one common name reaches hundreds of
        places, and the check was a fair share of building their candidates)."""
        candidate: Candidate = object.__new__(cls)
        set_place, set_match, set_score, set_prior, set_name = _SET_CANDIDATE
        set_place(candidate, place)
        set_match(candidate, match)
        set_score(candidate, score)
        set_prior(candidate, prior)
        set_name(candidate, matched_name)
        return candidate


# The slot setters of a frozen Candidate, in field order: Candidate.unchecked fills them directly.
_SET_CANDIDATE = tuple(
    getattr(Candidate, name).__set__ for name in ("place", "match", "score", "prior", "matched_name")
)
