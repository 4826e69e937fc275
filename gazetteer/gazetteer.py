"""Query an index: search names, fetch places by id, find the nearest place, test containment.

>>> from gazetteer import Gazetteer                                  # doctest: +SKIP
>>> with Gazetteer.open() as gz:                                      # doctest: +SKIP
...     best = gz.search("Paris", country="US")[0]
...     best.place.name, best.place.admin1_name
('Paris', 'Texas')
"""

from __future__ import annotations

import heapq
import math
import os
import sqlite3
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import shapely
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .exc import DataNotFoundError, PlaceNotFoundError
from .home import data_home, index_path, keys_path
from .importing import build_embedded
from .normalize import fold, is_code, respelled
from .place import MATCH_WEIGHTS, Candidate, Kind, Match, Place, match_score
from .store import (
    NAME_ALIAS,
    PLACE_COLUMNS,
    SourceInfo,
    connect_ro,
    hash_key,
    key_digest,
    key_for,
    key_hashes,
    latin_keys,
    read_keys_file,
    read_meta,
    read_sources,
    row_to_place,
)

__all__ = ["EARTH_RADIUS_KM", "Gazetteer", "haversine_km"]

PathLike = str | os.PathLike[str]
EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius: every distance in gazetteer and geomap uses it
_MAX_QUERY = 200  # characters; longer text is not a place name
_CACHE_SIZE = 1 << 16
_FUZZY_KEYS = 12  # at most this many near keys are expanded into candidates
_NEAR_SCALE_KM = 300.0
# A key's names first, then only the places not already in memory: one place carries many keys.
_NAMES_SQL = "SELECT key, name, kind, place_id FROM names WHERE key IN ({})"
_PLACES_SQL = f"SELECT {PLACE_COLUMNS} FROM places WHERE active = 1 AND id IN ({{}})"  # prior comes last
_CHUNK = 500  # keys or ids per query, well under SQLite's limit on parameters


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (Earth radius 6371.0088 km).

    >>> round(haversine_km(0.0, 0.0, 0.0, 1.0), 3)
    111.195
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class _Hit(NamedTuple):
    """One active place reached by a key, with the names of it that carry that key."""

    place: Place
    prior: float
    names: tuple[tuple[str, int, str], ...]  # (name as written, 0 name / 1 ascii / 2 alias, folded), best first


def _kinds(kinds: Iterable[Kind | str] | Kind | str | None) -> frozenset[Kind] | None:
    if kinds is None:
        return None
    if isinstance(kinds, (str, Kind)):
        kinds = [kinds]
    return frozenset(Kind.parse(k) for k in kinds)


class Gazetteer:
    """A read-only view of one data home's index; open it with :meth:`open`.

    Queries never write: the SQLite file is opened with ``mode=ro``. Results are cached per key, so
    a Gazetteer should be reopened after another process imports into the same home.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn
        meta = read_meta(conn)
        self._generation = meta.get("generation", "")
        self._meta = meta
        self._blocked = frozenset(k for (k,) in conn.execute("SELECT key FROM blocked"))
        self._hits: OrderedDict[str, tuple[_Hit, ...]] = OrderedDict()
        self._places: dict[str, tuple[Place, float]] = {}  # id -> place and prior, shared by the keys
        self._hashes: np.ndarray[Any, np.dtype[np.uint64]] | None = None
        self._fuzzy: dict[tuple[int, str], list[str]] | None = None
        self._countries: dict[str, Place] | None = None
        self._by_key: dict[str, tuple[Candidate, ...]] = {}
        self._by_text: dict[tuple[str, str], tuple[Candidate, ...]] = {}
        self._known: dict[str, bool] = {}

    # -- life cycle ------------------------------------------------------------------------------

    @classmethod
    def open(cls, home: PathLike | None = None, *, build: bool = True, progress: bool = False) -> Gazetteer:
        """Open the index of ``home`` (see :func:`gazetteer.home.data_home` for the lookup order).

        With ``build`` (the default) the embedded default is built first when it is missing or was
        built from other package versions (about 30 s, once). With ``build=False`` a missing index
        raises :class:`~gazetteer.exc.DataNotFoundError` saying how to build it.
        """
        db = index_path(home)
        if build:
            build_embedded(home, progress=progress)
        elif not db.is_file():
            raise DataNotFoundError(
                f"no gazetteer index in {data_home(home)}; build it with `geomap gazetteer build"
                f" --home {data_home(home)}` or Gazetteer.open(home, build=True)"
            )
        return cls(db, connect_ro(db))

    def close(self) -> None:
        """Close the database connection; the object is unusable afterwards."""
        self._conn.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Gazetteer {self.path}>"

    # -- names -----------------------------------------------------------------------------------

    def is_blocked(self, name: str) -> bool:
        """True when a blocklist says ``name`` must never resolve to a place."""
        # Most indexes block nothing: then no key needs computing (the parser asks for every span).
        return bool(self._blocked) and key_for(name[:_MAX_QUERY]) in self._blocked

    def has_key(self, key: str) -> bool:
        """Whether some name has this normalised key (a fast pre-filter: a 64-bit hash lookup).

        Only Latin-script keys are in the set; use :meth:`lookup_key` to get the places.
        """
        hashes = self._key_hashes()
        h = np.uint64(hash_key(key))
        i = int(np.searchsorted(hashes, h))
        return bool(i < len(hashes) and hashes[i] == h)

    def has_keys(self, keys: Sequence[str]) -> list[bool]:
        """:meth:`has_key` for many keys in one vectorised search (the geoparser asks per document)."""
        # The same names recur from document to document: answers are remembered per key, and
        # only keys not seen before are hashed and searched.
        known = self._known
        new = [k for k in keys if k not in known]
        if new:
            new = list(dict.fromkeys(new))
            hashes = self._key_hashes()
            wanted = np.frombuffer(b"".join(map(key_digest, new)), dtype="<u8")
            idx = np.searchsorted(hashes, wanted)
            np.minimum(idx, len(hashes) - 1, out=idx)  # past the end: compare with the last, a miss
            if len(known) + len(new) > _CACHE_SIZE * 4:
                known.clear()
            known.update(zip(new, (hashes[idx] == wanted).tolist()))
        return list(map(known.__getitem__, keys))

    def keys(self) -> Iterator[str]:
        """Every distinct Latin-script key (for building a matcher such as an Aho-Corasick automaton)."""
        return latin_keys(self._conn)

    def lookup_key(self, key: str, *, text: str | None = None) -> list[Candidate]:
        """Candidates whose names have the already-normalised ``key``, best first.

        Without ``text`` every match is reported as ``normalised``; with the surface ``text``
        it is classified exact/alias/normalised like :meth:`search` does. Blocked keys give [].
        """
        if key in self._blocked:
            return []
        if text is None:
            cached = self._by_key.get(key)
            if cached is None:
                cached = self._ranked(key, None, None)
                self._by_key[key] = cached
                if len(self._by_key) > _CACHE_SIZE:
                    self._by_key.pop(next(iter(self._by_key)))
            return list(cached)
        # Cached per (key, surface): a common name reaches hundreds of places, and news repeats names.
        cached = self._by_text.get((key, text))
        if cached is None:
            cached = self._ranked(key, text, fold(text))
            self._by_text[(key, text)] = cached
            if len(self._by_text) > _CACHE_SIZE:
                self._by_text.pop(next(iter(self._by_text)))
        return list(cached)

    def prefetch(self, keys: Iterable[str]) -> None:
        """Read the places of many keys in a few queries, so the :meth:`lookup_key` calls that follow
        are answered from memory (the geoparser passes a document's names: one round trip, not one each)."""
        self._fetch([k for k in dict.fromkeys(keys) if k not in self._hits and k not in self._blocked])

    def search(
        self,
        name: str,
        *,
        country: str | None = None,
        kinds: Iterable[Kind | str] | Kind | str | None = None,
        near: tuple[float, float] | None = None,
        limit: int = 10,
    ) -> list[Candidate]:
        """Places called ``name``, best first, with ``score`` in [0, 1].

        Matches, in order of trust: exact name, alias (alternate name), normalised key (see
        :mod:`gazetteer.normalize`), and only when none of those is found, fuzzy (edit distance 1 on
        keys of 5-7 letters, 2 on longer ones). ``country`` (ISO alpha-2) and ``kinds`` filter;
        ``near=(lat, lon)`` lowers the score of far places. Blocked names return nothing.
        """
        text = " ".join(name[:_MAX_QUERY].split())
        if not text or limit <= 0:
            return []
        key = key_for(text)
        if not key or key in self._blocked:
            return []
        wanted = _kinds(kinds)
        cc = country.strip().upper() if country else None
        folded = fold(text)

        def keep(hit: _Hit) -> bool:
            return (cc is None or hit.place.country == cc) and (wanted is None or hit.place.kind in wanted)

        # Score as plain tuples and build Candidate objects for the top ``limit`` only: common
        # names ("Springfield", "San Jose") reach hundreds of places.
        scored = []
        for hit in self._lookup(key):
            if keep(hit) and (scoring := self._score(hit, text, folded)) is not None:
                score, match, matched = scoring
                if near is not None:
                    score = _near_score(score, hit.place, near)
                scored.append((-score, -hit.prior, hit.place.id, hit, match, matched))
        if scored:
            top = heapq.nsmallest(limit, scored, key=_first_three)
            return [
                Candidate(place=t[3].place, match=t[4], score=-t[0], prior=t[3].prior, matched_name=t[5]) for t in top
            ]
        if key.startswith("="):
            return []
        cands = self._fuzzy_candidates(key, keep)
        if near is not None:
            cands = [_nearer(c, near) for c in cands]
        cands.sort(key=_rank)
        return cands[:limit]

    # -- places ----------------------------------------------------------------------------------

    def get(self, place_id: str) -> Place:
        """The place with this id, geometry included; :class:`PlaceNotFoundError` when unknown."""
        row = self._conn.execute(
            f"SELECT {PLACE_COLUMNS}, geometry FROM places WHERE id = ? AND active = 1", (place_id,)
        ).fetchone()
        if row is None:
            raise PlaceNotFoundError(place_id)
        geometry = shapely.from_wkb(row[-1]) if row[-1] is not None else None
        return row_to_place(row, geometry)

    def country(self, code: str) -> Place | None:
        """The country place with ISO alpha-2 ``code`` (``SY``), or None when the index has none."""
        if self._countries is None:
            rows = self._conn.execute(
                f"SELECT {PLACE_COLUMNS} FROM places WHERE kind = 'country' AND active = 1 ORDER BY prior, pk"
            ).fetchall()
            self._countries = {row[8]: row_to_place(row) for row in rows if row[8]}  # best prior wins
        return self._countries.get(code.strip().upper())

    def nearest(
        self, lat: float, lon: float, *, kinds: Iterable[Kind | str] | Kind | str | None = None
    ) -> Place | None:
        """The place whose point is closest to (``lat``, ``lon``), optionally of some kinds only."""
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            raise ValueError(f"nearest(): point ({lat!r}, {lon!r}) is outside lat [-90, 90], lon [-180, 180]")
        wanted = _kinds(kinds)
        kind_sql, kind_args = "", []
        if wanted is not None:
            kind_sql = f" AND kind IN ({', '.join('?' * len(wanted))})"
            kind_args = [k.value for k in wanted]
        for deg in (0.1, 0.5, 2.0, 8.0, 30.0, 181.0):
            args: list[Any] = [lat - deg, lat + deg]
            lon_sql = ""
            cos = math.cos(math.radians(min(89.0, abs(lat) + deg)))
            dlon = deg / max(cos, 1e-6)
            if dlon < 180.0 and -180.0 <= lon - dlon and lon + dlon <= 180.0:
                lon_sql = " AND lon BETWEEN ? AND ?"
                args += [lon - dlon, lon + dlon]
            rows = self._conn.execute(
                f"SELECT {PLACE_COLUMNS} FROM places WHERE active = 1 AND lat BETWEEN ? AND ?"
                f"{lon_sql}{kind_sql}",
                [*args, *kind_args],
            ).fetchall()
            if not rows:
                continue
            best = min(rows, key=lambda r: haversine_km(lat, lon, r[14], r[15]))
            # Only trust the window once the best lies within it; a closer place may sit outside.
            if deg >= 181.0 or haversine_km(lat, lon, best[14], best[15]) <= deg * 111.0 * cos:
                return row_to_place(best)
        return None

    def contains(self, area_id: str, lat: float, lon: float) -> bool:
        """Whether (``lat``, ``lon``) lies in the area ``area_id``.

        Uses the stored polygon when the area has one (Natural Earth imports); otherwise compares
        admin codes with the nearest populated place (country for countries, admin-1 code for
        admin-1 areas, admin-2 for admin-2), which is right except near borders.
        """
        area = self.get(area_id)
        geom = area.geometry
        if geom is not None and geom.geom_type in ("Polygon", "MultiPolygon"):
            return bool(shapely.intersects_xy(geom, lon, lat))
        ref = self.nearest(lat, lon, kinds=[Kind.POPULATED_PLACE])
        if ref is None or not area.country:
            return False
        if area.kind is Kind.COUNTRY:
            return ref.country == area.country
        if area.kind is Kind.ADMIN1:
            return ref.country == area.country and bool(area.admin1) and ref.admin1 == area.admin1
        if area.kind is Kind.ADMIN2:
            return ref.country == area.country and bool(area.admin2) and ref.admin2 == area.admin2
        return False

    # -- about the data --------------------------------------------------------------------------

    def sources(self) -> list[SourceInfo]:
        """The sources in this index, in import order."""
        return read_sources(self._conn)

    def stats(self) -> dict[str, Any]:
        """Counts and sizes: places by kind, names, sources, index file size."""
        by_kind = dict(
            self._conn.execute("SELECT kind, COUNT(*) FROM places WHERE active = 1 GROUP BY kind").fetchall()
        )
        return {
            "path": str(self.path),
            "size_bytes": self.path.stat().st_size,
            "places": sum(by_kind.values()),
            "rows": self._conn.execute("SELECT COUNT(*) FROM places").fetchone()[0],
            "names": self._conn.execute("SELECT COUNT(*) FROM names").fetchone()[0],
            "blocked": len(self._blocked),
            "by_kind": dict(sorted(by_kind.items())),
            "sources": len(self.sources()),
            "schema": self._meta.get("schema", ""),
            "embedded_build_seconds": self._meta.get("embedded_build_seconds", ""),
        }

    # -- internals -------------------------------------------------------------------------------

    def _lookup(self, key: str) -> tuple[_Hit, ...]:
        hits = self._hits.get(key)
        if hits is None:
            self._fetch([key])
            return self._hits[key]
        self._hits.move_to_end(key)
        return hits

    def _fetch(self, keys: list[str]) -> None:
        """Remember the places of ``keys``: their names in one query per chunk, then the places not
        already in memory by id (most places carry several keys: "Aleppo", "Halab", "Aleppo city")."""
        places = self._places
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            names: dict[str, list[tuple[int, str, str]]] = {k: [] for k in chunk}
            for key, name, kind, pid in self._conn.execute(_NAMES_SQL.format(", ".join("?" * len(chunk))), chunk):
                names[key].append((kind, name, pid))
            if len(places) > _CACHE_SIZE * 2:
                places.clear()
            missing = list({found[2]: None for rows in names.values() for found in rows if found[2] not in places})
            for j in range(0, len(missing), _CHUNK):
                ids = missing[j : j + _CHUNK]
                for row in self._conn.execute(_PLACES_SQL.format(", ".join("?" * len(ids))), ids):
                    places[row[0]] = (row_to_place(row), row[-1])
            folds: dict[str, str] = {}  # "Springfield" names a hundred places: fold it once
            for key, found in names.items():
                self._remember(key, _hits_of(found, places, folds))

    def _remember(self, key: str, hits: tuple[_Hit, ...]) -> tuple[_Hit, ...]:
        self._hits[key] = hits
        if len(self._hits) > _CACHE_SIZE:
            self._hits.popitem(last=False)
        return hits

    @staticmethod
    def _score(hit: _Hit, surface: str | None, folded: str | None) -> tuple[float, Match, str] | None:
        """The hit's score, how it matched and the name matched, given the surface and its folded
        form (both None when the caller has none); None when the only names sharing the key are
        codes the surface is not."""
        match, matched = Match.NORMALISED, hit.names[0][0] if hit.names else hit.place.name
        if folded is not None:
            for name, kind, folded_name in hit.names:
                # A code (an airport's "DOH", "DEN") is written as it is: "Den" and "Dow" are words.
                if folded_name == folded and (name == surface or kind != NAME_ALIAS or not is_code(name)):
                    match, matched = (Match.ALIAS if kind == NAME_ALIAS else Match.EXACT), name
                    break
            else:
                spelled = [name for name, kind, _ in hit.names if kind != NAME_ALIAS or not is_code(name)]
                if hit.names and not spelled:
                    return None
                # The name the surface meets letter for letter, if any, is the one it matched.
                if spelled:
                    matched = next((name for name in spelled if not respelled(folded, name)), spelled[0])
        weight = MATCH_WEIGHTS[match]
        if match is Match.NORMALISED and hit.names and hit.names[0][1] == NAME_ALIAS:
            weight -= 0.03  # a variant of the place's own name beats a variant of one of its aliases
        return match_score(weight, hit.prior), match, matched

    def _ranked(self, key: str, surface: str | None, folded: str | None) -> tuple[Candidate, ...]:
        """The candidates of ``key`` best first (see :func:`_rank`) for the name as written and folded, if known."""
        scored = []
        for hit in self._lookup(key):
            if (scoring := self._score(hit, surface, folded)) is None:
                continue
            score, match, matched = scoring
            scored.append((-score, -hit.prior, hit.place.id, hit, match, matched))
        scored.sort(key=_first_three)  # place ids are unique among a key's hits: no tie reaches the rest
        return tuple(Candidate.unchecked(t[3].place, t[4], -t[0], t[3].prior, t[5]) for t in scored)

    def _key_hashes(self) -> np.ndarray[Any, np.dtype[np.uint64]]:
        if self._hashes is None:
            found = read_keys_file(keys_path(self.path.parent), self._generation)
            self._hashes = found if found is not None else key_hashes(self._conn)
        return self._hashes

    def _fuzzy_index(self) -> dict[tuple[int, str], list[str]]:
        # Keys bucketed by (length, first two letters) and (length, "$" + last two letters): a typo
        # or two rarely touches both ends of a word, so one of the two buckets holds the intended
        # key, and a bucket is small enough (hundreds of keys) to scan in microseconds.
        if self._fuzzy is None:
            index: dict[tuple[int, str], list[str]] = defaultdict(list)
            for key in latin_keys(self._conn):
                n = len(key)
                if n >= 4:
                    index[(n, key[:2])].append(key)
                    index[(n, "$" + key[-2:])].append(key)
            self._fuzzy = dict(index)
        return self._fuzzy

    def _fuzzy_keys(self, key: str) -> dict[str, int]:
        """Keys within the edit-distance bound of ``key``, with their distance (only the closest tier)."""
        max_d = 1 if len(key) < 8 else 2
        index = self._fuzzy_index()
        found: dict[str, int] = {}
        for length in range(len(key) - max_d, len(key) + max_d + 1):
            for bucket in ((length, key[:2]), (length, "$" + key[-2:])):
                choices = index.get(bucket)
                if not choices:
                    continue
                for other, dist, _ in process.extract(
                    key, choices, scorer=Levenshtein.distance, score_cutoff=max_d, limit=_FUZZY_KEYS
                ):
                    if other != key and other not in self._blocked:
                        found[other] = int(dist)
        if found:
            best = min(found.values())
            found = dict(sorted((k, d) for k, d in found.items() if d == best)[:_FUZZY_KEYS])
        return found

    def _fuzzy_candidates(self, key: str, keep: Any) -> list[Candidate]:
        if len(key) < 5:
            return []
        cands: list[Candidate] = []
        for other, dist in self._fuzzy_keys(key).items():
            similarity = 1.0 - dist / max(len(key), len(other))
            for hit in self._lookup(other):
                if not keep(hit):
                    continue
                score = match_score(MATCH_WEIGHTS[Match.FUZZY] * similarity, hit.prior)
                cands.append(
                    Candidate(
                        place=hit.place,
                        match=Match.FUZZY,
                        score=score,
                        prior=hit.prior,
                        matched_name=hit.names[0][0] if hit.names else hit.place.name,
                    )
                )
        return cands


def _hits_of(
    names: list[tuple[int, str, str]], places: dict[str, tuple[Place, float]], folds: dict[str, str]
) -> tuple[_Hit, ...]:
    """The active places that ``names`` (kind, name, place id) reach, each once with its names.

    A place's names come best kind first (then by spelling); ``folds`` remembers folded names
    across calls. ``names`` is sorted in place.
    """
    names.sort()  # by kind, so each place's names come best first; duplicates fall side by side
    by_place: dict[str, list[tuple[str, int, str]]] = {}
    last = None
    for row in names:
        kind, name, pid = row
        if row == last or pid not in places:  # names of places no source keeps active reach nothing
            continue
        last = row
        folded = folds.get(name)
        if folded is None:
            folded = folds[name] = fold(name)
        found = by_place.get(pid)
        if found is None:
            by_place[pid] = [(name, kind, folded)]
        else:
            found.append((name, kind, folded))
    return tuple(_Hit(*places[pid], tuple(found)) for pid, found in by_place.items())


def _rank(c: Candidate) -> tuple[float, float, str]:
    return (-c.score, -c.prior, c.place.id)


def _first_three(t: tuple[Any, ...]) -> tuple[Any, ...]:
    return t[:3]


def _near_score(score: float, place: Place, near: tuple[float, float]) -> float:
    # Halve the score at most: a far place stays possible, a near one is preferred.
    d = haversine_km(near[0], near[1], place.lat, place.lon)
    return round(score * (0.5 + 0.5 * math.exp(-d / _NEAR_SCALE_KM)), 6)


def _nearer(c: Candidate, near: tuple[float, float]) -> Candidate:
    return Candidate(
        place=c.place, match=c.match, score=_near_score(c.score, c.place, near), prior=c.prior,
        matched_name=c.matched_name,
    )
