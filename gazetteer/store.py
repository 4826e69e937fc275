"""The SQLite index: its schema, read-only connections, rows read back as places, and the key-hash file.

Layout (one file per data home, ``gazetteer.sqlite``)::

    meta(key, value)                 schema version, generation token
    sources(name, format, files, count, licence, attribution, checksum, imported_at, versions, seq)
    places(pk, id, source, active, name, ..., lat, lon, prior, geometry)
    names(key, place_id, kind, name, source)   every searchable name; kind 0=name 1=ascii 2=alias
    blocked(key, name, source)       names that must never resolve

Several sources may hold a row with the same place id (the embedded default and an imported GeoNames
pack both know ``geonames:95446``). Exactly one of them is *active*: the most recently imported.
Names from every source attach to the id, so alternate names of both rows find the active one.
Removing a source re-activates the newest remaining row of each id it had shadowed.
Writes go through :class:`gazetteer.writing.Writer`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from shapely.geometry.base import BaseGeometry

from .exc import DataNotFoundError
from .normalize import fold, normalize_name
from .place import Kind, Place

__all__ = [
    "ALT_NAMES_SEP",
    "INDEXES",
    "NAME_ALIAS",
    "NAME_ASCII",
    "NAME_NAME",
    "PLACE_COLUMNS",
    "SCHEMA",
    "SCHEMA_VERSION",
    "SourceInfo",
    "connect_ro",
    "hash_key",
    "key_digest",
    "key_for",
    "key_hashes",
    "latin_keys",
    "read_keys_file",
    "read_meta",
    "read_sources",
    "row_to_place",
    "with_progress",
    "write_keys_file",
]

SCHEMA_VERSION = 1
NAME_NAME, NAME_ASCII, NAME_ALIAS = 0, 1, 2
ALT_NAMES_SEP = "\x1f"  # separates alternate names in one column; never appears in real names

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources(
    name TEXT PRIMARY KEY, format TEXT NOT NULL, files TEXT NOT NULL, count INTEGER NOT NULL,
    licence TEXT NOT NULL, attribution TEXT NOT NULL, checksum TEXT NOT NULL,
    imported_at TEXT NOT NULL, versions TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS places(
    pk INTEGER PRIMARY KEY, id TEXT NOT NULL, source TEXT NOT NULL, active INTEGER NOT NULL,
    name TEXT NOT NULL, ascii_name TEXT NOT NULL, alt_names TEXT NOT NULL, kind TEXT NOT NULL,
    feature_class TEXT NOT NULL, feature_code TEXT NOT NULL, country TEXT NOT NULL,
    admin1 TEXT NOT NULL, admin1_name TEXT NOT NULL, admin2 TEXT NOT NULL, admin2_name TEXT NOT NULL,
    population INTEGER NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL, prior REAL NOT NULL,
    geometry BLOB);
CREATE TABLE IF NOT EXISTS names(
    key TEXT NOT NULL, place_id TEXT NOT NULL, kind INTEGER NOT NULL, name TEXT NOT NULL,
    source TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS blocked(key TEXT NOT NULL, name TEXT NOT NULL, source TEXT NOT NULL);
"""
# Created after a bulk load into a fresh file (much faster than maintaining them row by row).
INDEXES = """
CREATE INDEX IF NOT EXISTS places_id ON places(id, active);
CREATE INDEX IF NOT EXISTS places_source ON places(source);
CREATE INDEX IF NOT EXISTS places_lat ON places(lat);
CREATE INDEX IF NOT EXISTS names_key ON names(key);
"""
# A covering names(key, kind, name, place_id) was tried: the name query took 40% less CPU, but that is
# 1% of parsing, and the file grew by a fifth and pack imports by 15%.
# names(source) is deliberately not indexed: it would add ~15% to the file and only speeds up
# removing a source, which scans 1.4 million rows in well under a second anyway.

# Columns read back into a Place, in this order (geometry is read separately, only on demand).
PLACE_COLUMNS = (
    "id, source, name, ascii_name, alt_names, kind, feature_class, feature_code, country, admin1,"
    " admin1_name, admin2, admin2_name, population, lat, lon, prior"
)


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """One imported source as recorded in the index (what ``geomap gazetteer list`` prints)."""

    name: str
    format: str
    files: tuple[str, ...]
    count: int
    licence: str
    attribution: str
    checksum: str
    imported_at: str
    versions: dict[str, str] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("a source needs a non-empty name")
        if self.count < 0:
            raise ValueError(f"source {self.name}: negative place count {self.count}")

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (``geomap gazetteer list --json``)."""
        return {
            "name": self.name,
            "format": self.format,
            "files": list(self.files),
            "count": self.count,
            "licence": self.licence,
            "attribution": self.attribution,
            "checksum": self.checksum,
            "imported_at": self.imported_at,
            "versions": dict(self.versions),
        }


def key_for(name: str) -> str:
    """The lookup key of a name: its normalised key, or ``=`` + its folded form for non-Latin script.

    ``normalize_name`` keeps only ASCII letters and digits, so an Arabic or Cyrillic name would get an
    empty key; the ``=`` namespace keeps such names searchable by their exact (folded) spelling.
    """
    key = normalize_name(name)
    if key:
        return key
    folded = fold(name)
    return "=" + folded if folded else ""


def hash_key(key: str) -> int:
    """A stable 64-bit hash of a key (Python's ``hash`` changes between processes)."""
    return int.from_bytes(key_digest(key), "little")


def key_digest(key: str) -> bytes:
    """:func:`hash_key` as its 8 little-endian bytes (many join into one array without ``int``s)."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()


_KIND_OF = {kind.value: kind for kind in Kind}  # a dict lookup is several times cheaper than Kind(value)


# The Place field each PLACE_COLUMNS column fills, in column order; checked against Place at import.
_ROW_FIELDS = ("id", "source", "name", "ascii_name", "alt_names", "kind", "feature_class", "feature_code", "country",
               "admin1", "admin1_name", "admin2", "admin2_name", "population", "lat", "lon")
assert set(_ROW_FIELDS) | {"geometry"} == set(Place.__slots__), "PLACE_COLUMNS and Place disagree"
_SETTERS = {name: getattr(Place, name).__set__ for name in Place.__slots__}  # frozen: bypass __setattr__
_SHARED_COLUMNS = (1, 6, 7, 8, 9, 10, 11, 12)  # a few values repeated by thousands of places
_SET_AS_READ = tuple((_SETTERS[_ROW_FIELDS[i]], i) for i in (0, 2, 3, 13, 14, 15))
_SET_SHARED = tuple((_SETTERS[_ROW_FIELDS[i]], i) for i in _SHARED_COLUMNS)
_set_alt_names, _set_kind, _set_geometry = _SETTERS["alt_names"], _SETTERS["kind"], _SETTERS["geometry"]


def row_to_place(row: Sequence[Any], geometry: BaseGeometry | None = None) -> Place:
    """Build a Place from a row selected with :data:`PLACE_COLUMNS` (its last column, ``prior``, is not a
    Place field).

    Rows were checked as Places when they were written, so the place is filled in field by field
    without ``__post_init__`` checking it again (one name lookup can build hundreds of places), and
    the codes and admin names that thousands of places repeat share one string each.
    """
    place: Place = object.__new__(Place)
    for set_field, i in _SET_AS_READ:
        set_field(place, row[i])
    for set_field, i in _SET_SHARED:
        set_field(place, sys.intern(row[i]))
    alt = row[4]
    _set_alt_names(place, tuple(alt.split(ALT_NAMES_SEP)) if alt else ())
    _set_kind(place, _KIND_OF.get(row[5]) or Kind(row[5]))
    _set_geometry(place, geometry)
    return place


def connect_ro(path: Path) -> sqlite3.Connection:
    """Open an index read-only (``mode=ro`` URI) so queries can never change it."""
    if not path.is_file():
        raise DataNotFoundError(
            f"no gazetteer index at {path}; build it with `geomap gazetteer build --home {path.parent}` "
            "or Gazetteer.open(home, build=True)"
        )
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True, check_same_thread=False)
    conn.execute("PRAGMA query_only = ON")
    # Name lookups hit random pages of a file far larger than any cache: a bigger page cache only
    # holds memory (measured on the dev texts: 32 MB of cache read no faster than 2 MB).
    conn.execute("PRAGMA cache_size = -8000")
    return conn


def read_sources(conn: sqlite3.Connection) -> list[SourceInfo]:
    """Every source in the index, in import order."""
    rows = conn.execute(
        "SELECT name, format, files, count, licence, attribution, checksum, imported_at, versions"
        " FROM sources ORDER BY seq, name"
    ).fetchall()
    return [
        SourceInfo(
            name=r[0],
            format=r[1],
            files=tuple(json.loads(r[2])),
            count=r[3],
            licence=r[4],
            attribution=r[5],
            checksum=r[6],
            imported_at=r[7],
            versions=json.loads(r[8]),
        )
        for r in rows
    ]


def read_meta(conn: sqlite3.Connection) -> dict[str, str]:
    """The meta table as a dict (empty for a database that has none)."""
    try:
        return dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.OperationalError:
        return {}


def latin_keys(conn: sqlite3.Connection) -> Iterator[str]:
    """Every distinct Latin-script key (normalised keys; the ``=`` namespace is left out)."""
    for (key,) in conn.execute("SELECT DISTINCT key FROM names WHERE key NOT LIKE '=%'"):
        yield key


_KEYS_MAGIC = b"GMKEYS1\n"


def key_hashes(conn: sqlite3.Connection) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """Sorted unique 64-bit hashes of every Latin-script key in the index."""
    hashes = np.fromiter((hash_key(k) for k in latin_keys(conn)), dtype=np.uint64)
    return np.unique(hashes)


def write_keys_file(conn: sqlite3.Connection, path: Path) -> None:
    """Write the key hashes beside the index, tagged with the index's generation token."""
    generation = read_meta(conn).get("generation", "")
    hashes = key_hashes(conn)
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(_KEYS_MAGIC)
        fh.write(generation.encode("ascii").ljust(32, b" "))
        fh.write(hashes.tobytes())
    os.replace(tmp, path)


def read_keys_file(path: Path, generation: str) -> np.ndarray[Any, np.dtype[np.uint64]] | None:
    """The hashes from the side file, or None when it is missing or belongs to another generation."""
    try:
        with open(path, "rb") as fh:
            if fh.read(len(_KEYS_MAGIC)) != _KEYS_MAGIC:
                return None
            if fh.read(32).decode("ascii", "replace").strip() != generation:
                return None
            return np.frombuffer(fh.read(), dtype=np.uint64)
    except OSError:
        return None


def with_progress(items: Iterable[Place], *, label: str, enabled: bool, length: int | None = None) -> Iterator[Place]:
    """Yield ``items`` while drawing a click progress bar on stderr (only when ``enabled``)."""
    if not enabled:
        yield from items
        return
    import click

    with click.progressbar(items, length=length, label=label, file=sys.stderr, show_pos=True) as bar:
        yield from bar
