"""Writing the SQLite index: one transaction that adds or removes a source atomically, and the rows it builds.

The layout, and which of several rows with one id is *active*, are described in :mod:`gazetteer.store`.
"""

from __future__ import annotations

import json
import math
import os
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import shapely

from .normalize import fold
from .place import Kind, Place
from .store import (
    ALT_NAMES_SEP,
    INDEXES,
    NAME_ALIAS,
    NAME_ASCII,
    NAME_NAME,
    PLACE_COLUMNS,
    SCHEMA,
    SCHEMA_VERSION,
    SourceInfo,
    key_for,
    read_sources,
    row_to_place,
    write_keys_file,
)

__all__ = ["Writer", "merge_places", "prior_for"]

_KIND_PRIOR = {
    Kind.CONTINENT: 1.0,
    Kind.COUNTRY: 0.95,
    Kind.ADMIN1: 0.7,
    Kind.ADMIN2: 0.5,
    Kind.REGION: 0.8,  # "the Middle East" in a Baltimore story is the region, not the neighbourhood
    Kind.SEA: 0.8,  # a named sea or ocean in the news is the sea ("Atlantic", not Atlantic, Iowa)
    Kind.RIVER: 0.55,
    Kind.LAKE: 0.5,
    Kind.MOUNTAIN: 0.45,
    Kind.ISLAND: 0.5,
    Kind.OTHER: 0.2,
}


def prior_for(place: Place) -> float:
    """How likely a bare mention of one of this place's names means it, before any context.

    Countries and first-level divisions rank high; towns by population on a log scale (a city of
    20 million gets 0.9, one of 500 people 0.37); capitals and admin seats get a floor.
    """
    if place.kind is not Kind.POPULATED_PLACE:
        base = _KIND_PRIOR.get(place.kind, 0.3)
        if place.population > 0:
            base = min(1.0, base + 0.05 * min(1.0, math.log10(place.population + 1) / 8.0))
        return round(base, 4)
    size = min(1.0, math.log10(place.population + 1) / 7.3)
    prior = 0.05 + 0.85 * size
    code = place.feature_code.upper()
    if code == "PPLC":
        prior = max(prior, 0.92)
    elif code == "PPLA":
        prior = max(prior, 0.7)
    elif code == "PPLA2":
        prior = max(prior, 0.55)
    return round(min(1.0, prior), 4)

def _names_of(place: Place) -> Iterator[tuple[str, int]]:
    yield place.name, NAME_NAME
    if place.ascii_name:
        yield place.ascii_name, NAME_ASCII
    for alt in place.alt_names:
        yield alt, NAME_ALIAS


def _has_latin(text: str) -> bool:
    return any("a" <= ch <= "z" for ch in fold(text))


def merge_places(new: Place, old: Place) -> Place:
    """The row that replaces ``old`` when ``new`` (same id) is imported over it.

    ``new`` wins for coordinates, kind and codes; what it lacks comes from ``old``: population,
    admin codes and names, and a Latin-script name when ``new``'s is in another script (Who's On
    First rows name Deir ez-Zor in Arabic). Every name of both stays searchable.
    """
    name, alts = new.name, list(new.alt_names)
    if not _has_latin(new.name) and _has_latin(old.name):
        name = old.name
        alts.insert(0, new.name)
    for alt in (old.name, *old.alt_names):
        if alt != name:
            alts.append(alt)
    return replace(
        new,
        name=name,
        ascii_name=new.ascii_name if _has_latin(name) and new.name == name else old.ascii_name,
        alt_names=tuple(dict.fromkeys(a for a in alts if a and a != name)),
        population=new.population or old.population,
        country=new.country or old.country,
        admin1=new.admin1 or old.admin1,
        admin1_name=new.admin1_name or old.admin1_name,
        admin2=old.admin2 or new.admin2,  # GeoNames' own code beats another gazetteer's parent id
        admin2_name=new.admin2_name or old.admin2_name,
        feature_code=new.feature_code if new.feature_code not in ("", "PPL") else (old.feature_code or new.feature_code),
    )


def _place_row(place: Place, source: str) -> tuple[Any, ...]:
    geometry = shapely.to_wkb(place.geometry) if place.geometry is not None else None
    return (
        place.id,
        source,
        place.name,
        place.ascii_name,
        ALT_NAMES_SEP.join(a for a in place.alt_names if a),
        place.kind.value,
        place.feature_class,
        place.feature_code,
        place.country,
        place.admin1,
        place.admin1_name,
        place.admin2,
        place.admin2_name,
        place.population,
        place.lat,
        place.lon,
        prior_for(place),
        geometry,
    )


def _name_rows(place: Place, source: str) -> Iterator[tuple[str, str, int, str, str]]:
    seen: set[str] = set()
    for text, kind in _names_of(place):
        folded = text.casefold()  # cheap de-duplication; names equal up to case share a key
        if not folded or folded in seen:
            continue
        seen.add(folded)
        key = key_for(text)
        if key:
            yield key, place.id, kind, text, source


class Writer:
    """One write transaction on an index: everything it does is committed together or not at all.

    Use as a context manager; an exception inside the ``with`` rolls every change back, so a bad
    file leaves the index exactly as it was. The side file of key hashes is rewritten after commit.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # A brand-new index is written to a temporary file without a journal and renamed into place
        # on success: as atomic as a transaction, and the bulk load is several times faster.
        self.fresh = not path.exists()
        self._target = path.with_name(path.name + f".new{os.getpid()}") if self.fresh else path
        if self.fresh and self._target.exists():
            self._target.unlink()
        self.conn = sqlite3.connect(self._target, isolation_level=None, timeout=600.0)
        if self.fresh:
            self.conn.execute("PRAGMA journal_mode = OFF")
            self.conn.execute("PRAGMA synchronous = OFF")
        else:
            self.conn.execute("PRAGMA journal_mode = DELETE")
            self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA cache_size = -200000")
        self.conn.execute("PRAGMA temp_store = MEMORY")
        self._changed = False

    def __enter__(self) -> Writer:
        self.conn.execute("BEGIN IMMEDIATE")
        for statement in SCHEMA.strip().split(";"):
            if statement.strip():
                self.conn.execute(statement)
        if not self.fresh:
            self._create_indexes()
        self.conn.execute(
            "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
        )
        return self

    def _create_indexes(self) -> None:
        for statement in INDEXES.strip().split(";"):
            if statement.strip():
                self.conn.execute(statement)

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        ok = False
        try:
            if exc_type is None:
                if self.fresh:
                    self._create_indexes()
                if self._changed:
                    self.conn.execute(
                        "INSERT OR REPLACE INTO meta(key, value) VALUES ('generation', ?)",
                        (secrets.token_hex(8),),
                    )
                self.conn.execute("COMMIT")
                if self.fresh or self._changed:
                    # Statistics from a small first import mislead the planner once the embedded
                    # default lands on top (lookups turned into table scans): refresh them.
                    self.conn.execute("ANALYZE")
                if self._changed:
                    write_keys_file(self.conn, self.path.with_name(self.path.stem + ".keys"))
                ok = True
            else:
                self.conn.execute("ROLLBACK")
        finally:
            self.conn.close()
            if self.fresh:
                if ok:
                    os.replace(self._target, self.path)
                else:
                    self._target.unlink(missing_ok=True)

    # -- sources -----------------------------------------------------------------------------

    def source(self, name: str) -> SourceInfo | None:
        """The recorded source called ``name``, if any."""
        for info in read_sources(self.conn):
            if info.name == name:
                return info
        return None

    def delete_source(self, name: str) -> None:
        """Remove a source's places, names and blocked words; re-activate rows it had shadowed."""
        self._changed = True
        shadowed = [
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT id FROM places WHERE source = ? AND active = 1", (name,)
            )
        ]
        self.conn.execute("DELETE FROM places WHERE source = ?", (name,))
        self.conn.execute("DELETE FROM names WHERE source = ?", (name,))
        self.conn.execute("DELETE FROM blocked WHERE source = ?", (name,))
        self.conn.execute("DELETE FROM sources WHERE name = ?", (name,))
        self._reactivate(shadowed)

    def _reactivate(self, ids: list[str]) -> None:
        # The newest remaining source wins (highest seq), as if the removed one had never been imported.
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS _ids(id TEXT PRIMARY KEY)")
        self.conn.execute("DELETE FROM _ids")
        self.conn.executemany("INSERT OR IGNORE INTO _ids(id) VALUES (?)", ((i,) for i in ids))
        rows = self.conn.execute(
            "SELECT p.id, p.pk, COALESCE(s.seq, 0) FROM places p JOIN _ids ON _ids.id = p.id"
            " LEFT JOIN sources s ON s.name = p.source ORDER BY p.id"
        ).fetchall()
        best: dict[str, tuple[int, int]] = {}
        for pid, pk, seq in rows:
            if pid not in best or (seq, pk) > best[pid]:
                best[pid] = (seq, pk)
        self.conn.executemany("UPDATE places SET active = 1 WHERE pk = ?", ((pk,) for _, pk in best.values()))
        self.conn.execute("DELETE FROM _ids")

    def record_source(self, info: SourceInfo, *, seq: int | None = None) -> None:
        """Write (or replace) the sources row; ``seq`` orders sources (0 = the embedded default)."""
        self._changed = True
        if seq is None:
            seq = 1 + (self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM sources").fetchone()[0])
        self.conn.execute(
            "INSERT OR REPLACE INTO sources(name, format, files, count, licence, attribution, checksum,"
            " imported_at, versions, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                info.name,
                info.format,
                json.dumps(list(info.files)),
                info.count,
                info.licence,
                info.attribution,
                info.checksum,
                info.imported_at,
                json.dumps(info.versions, sort_keys=True),
                seq,
            ),
        )

    # -- places and names --------------------------------------------------------------------

    def add_places(self, source: str, places: Iterable[Place], *, override: bool = True) -> int:
        """Insert places for ``source``; returns how many.

        With ``override`` (imports) a new row shadows any active row with the same id, and inherits
        what it lacks from it (see :func:`merge_places`); without it (rebuilding the embedded default
        under existing imports) the new row stays inactive when the id is already active.
        """
        self._changed = True
        cur = self.conn.cursor()
        count = 0
        chunk: list[Place] = []
        check = not self.fresh and cur.execute("SELECT 1 FROM places LIMIT 1").fetchone() is not None

        def flush() -> None:
            if not chunk:
                return
            batch = chunk
            if check and override:
                older = self._active(p.id for p in batch)
                batch = [merge_places(p, older[p.id]) if p.id in older else p for p in batch]
            place_rows = [_place_row(p, source) for p in batch]
            name_rows = [row for p in batch for row in _name_rows(p, source)]
            if check:
                if override:
                    cur.executemany(
                        "UPDATE places SET active = 0 WHERE id = ? AND active = 1", [(p.id,) for p in batch]
                    )
                    cur.executemany(_INSERT_PLACE.replace(":active", "1"), place_rows)
                else:
                    cur.executemany(
                        _INSERT_PLACE.replace(
                            ":active", "(NOT EXISTS (SELECT 1 FROM places q WHERE q.id = ?1 AND q.active = 1))"
                        ),
                        place_rows,
                    )
            else:
                cur.executemany(_INSERT_PLACE.replace(":active", "1"), place_rows)
            cur.executemany(
                "INSERT INTO names(key, place_id, kind, name, source) VALUES (?, ?, ?, ?, ?)", name_rows
            )
            chunk.clear()

        for place in places:
            count += 1
            chunk.append(place)
            if len(chunk) >= 5000:
                flush()
        flush()
        return count

    def _active(self, ids: Iterable[str]) -> dict[str, Place]:
        found: dict[str, Place] = {}
        id_list = list(dict.fromkeys(ids))
        for start in range(0, len(id_list), 500):
            part = id_list[start : start + 500]
            rows = self.conn.execute(
                f"SELECT {PLACE_COLUMNS} FROM places WHERE active = 1 AND id IN ({', '.join('?' * len(part))})",
                part,
            ).fetchall()
            for row in rows:
                found[row[0]] = row_to_place(row)
        return found

    def add_aliases(self, source: str, aliases: Iterable[tuple[str, str]]) -> int:
        """Attach extra names to place ids (the id may come from another source)."""
        self._changed = True
        rows = [(key_for(name), pid, NAME_ALIAS, name, source) for pid, name in aliases]
        rows = [r for r in rows if r[0]]
        self.conn.executemany(
            "INSERT INTO names(key, place_id, kind, name, source) VALUES (?, ?, ?, ?, ?)", rows
        )
        return len(rows)

    def add_blocked(self, source: str, names: Iterable[str]) -> int:
        """Record names that must never resolve to a place."""
        self._changed = True
        rows = [(key_for(n), n, source) for n in names]
        rows = [r for r in rows if r[0]]
        self.conn.executemany("INSERT INTO blocked(key, name, source) VALUES (?, ?, ?)", rows)
        return len(rows)


_INSERT_PLACE = (
    "INSERT INTO places(id, source, active, name, ascii_name, alt_names, kind, feature_class,"
    " feature_code, country, admin1, admin1_name, admin2, admin2_name, population, lat, lon, prior,"
    " geometry) VALUES (?1, ?2, :active, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
    " ?17, ?18)"
)
