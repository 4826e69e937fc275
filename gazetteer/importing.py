"""Add, replace and remove sources in the index: format detection, the reader registry, atomic writes.

Every write runs in one SQLite transaction: if any file of an import is bad, nothing of the whole
call is kept and the index is exactly as it was. Re-importing unchanged files is a no-op (sources
are keyed by the SHA-256 of their files); importing a changed file under an existing source name
replaces that source.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .embedded import (
    EMBEDDED_ATTRIBUTION,
    EMBEDDED_LICENCE,
    EMBEDDED_SOURCE,
    embedded_places,
    embedded_versions,
)
from .exc import DataNotFoundError, ImportFormatError, UnknownSourceError
from .home import index_path
from .importers import Batch, Reader
from .store import SourceInfo, connect_ro, read_sources, with_progress
from .writing import Writer

__all__ = [
    "FORMATS",
    "UnknownFormatError",
    "build_embedded",
    "detect_format",
    "embedded_is_current",
    "get_reader",
    "import_paths",
    "list_sources",
    "remove_source",
]

PathLike = str | os.PathLike[str]
EMBEDDED_SIZE = 272_620  # places in the embedded default, for the progress bar only

# Format name -> module exposing ``read(path) -> Batch``; imported on first use.
FORMATS: dict[str, str] = {
    "custom": "gazetteer.importers.custom",
    "geonames": "gazetteer.importers.geonames",
    "naturalearth": "gazetteer.importers.naturalearth",
}


class UnknownFormatError(UnknownSourceError):
    """A format name the reader registry does not know; the message lists the valid ones."""

    def __str__(self) -> str:
        return f"unknown format {self.name!r}; valid formats: {', '.join(self.valid)}"


def get_reader(fmt: str) -> Reader:
    """The ``read`` function registered for format ``fmt``."""
    module_name = FORMATS.get(fmt.strip().lower())
    if module_name is None:
        raise UnknownFormatError(fmt, list(FORMATS))
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise UnknownFormatError(f"{fmt} (its reader {module_name} is not installed: {exc})", list(FORMATS)) from None
    reader: Reader = module.read
    return reader


def detect_format(path: PathLike) -> str:
    """Guess the format of a file from its name (and, for zips, their members).

    >>> detect_format("SY.txt"), detect_format("allCountries.zip"), detect_format("ne_10m_lakes.geojson.gz")
    ('geonames', 'geonames', 'naturalearth')
    >>> detect_format("my-places.csv")
    'custom'
    """
    p = Path(path)
    name = p.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    if name.endswith(".zip"):
        if p.is_file():
            try:
                with zipfile.ZipFile(p) as zf:
                    members = [m.lower() for m in zf.namelist()]
            except zipfile.BadZipFile:
                members = []
            if any(m.endswith(".shp") for m in members):
                return "naturalearth"
        return "geonames"
    suffix = name.rsplit(".", 1)[-1] if "." in name else ""
    by_suffix = {"txt": "geonames", "tsv": "geonames", "geojson": "naturalearth", "json": "naturalearth",
                 "shp": "naturalearth", "csv": "custom"}
    if suffix in by_suffix:
        return by_suffix[suffix]
    raise ImportFormatError(
        f"cannot tell the format from the file name; pass the format explicitly (--format), "
        f"one of: {', '.join(FORMATS)}",
        path=str(p),
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class _Group:
    name: str
    fmt: str
    licence: str = ""
    attribution: str = ""
    files: list[Path] = field(default_factory=list)
    checksums: list[str] = field(default_factory=list)
    batches: list[Batch] = field(default_factory=list)

    @property
    def checksum(self) -> str:
        if len(self.checksums) == 1:
            return self.checksums[0]
        return hashlib.sha256("".join(self.checksums).encode("ascii")).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def import_paths(
    paths: Sequence[PathLike],
    *,
    home: PathLike | None = None,
    source: str | None = None,
    fmt: str | None = None,
    progress: bool = False,
    force: bool = False,
) -> list[SourceInfo]:
    """Import files into the index in one transaction; return what each source now holds.

    Each file's format is detected from its name unless ``fmt`` is given. Files go into the source
    their reader names (``geonames-SY`` for ``SY.txt``) unless ``source`` names one for all of them.
    A source whose files are unchanged (same SHA-256) is left alone unless ``force``.
    A bad file raises :class:`~gazetteer.exc.ImportFormatError` and nothing is written.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if not paths:
        raise ValueError("import_paths needs at least one file")
    groups: dict[str, _Group] = {}
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise DataNotFoundError(f"file to import {path} does not exist")
        file_fmt = fmt or detect_format(path)
        batch = get_reader(file_fmt)(path)
        name = source or batch.source
        group = groups.setdefault(name, _Group(name=name, fmt=file_fmt))
        if group.fmt != file_fmt:
            group.fmt = "mixed"
        group.licence = group.licence or batch.licence
        group.attribution = group.attribution or batch.attribution
        group.files.append(path)
        group.checksums.append(_sha256(path))
        group.batches.append(batch)

    db = index_path(home)
    results: dict[str, SourceInfo] = {}
    with Writer(db) as writer:
        for group in groups.values():
            existing = writer.source(group.name)
            if existing is not None and existing.checksum == group.checksum and not force:
                results[group.name] = existing
                continue
            if existing is not None:
                writer.delete_source(group.name)
            count = 0
            for path, batch in zip(group.files, group.batches):
                places = with_progress(batch.places, label=f"importing {path.name}", enabled=progress)
                count += writer.add_places(group.name, places)
                writer.add_aliases(group.name, batch.aliases)
                writer.add_blocked(group.name, batch.blocked)
            _fill_admin_names(writer, group.name)
            info = SourceInfo(
                name=group.name,
                format=group.fmt,
                files=tuple(p.name for p in group.files),
                count=count,
                licence=group.licence,
                attribution=group.attribution,
                checksum=group.checksum,
                imported_at=_now(),
            )
            writer.record_source(info)
            results[group.name] = info
    return list(results.values())


def _fill_admin_names(writer: Writer, source: str) -> None:
    # GeoNames rows carry admin codes only; borrow the name of the matching admin-1 area.
    wanted = writer.conn.execute(
        "SELECT DISTINCT country, admin1 FROM places WHERE source = ? AND admin1_name = '' AND admin1 != ''"
        " AND kind != 'admin1'",
        (source,),
    ).fetchall()
    if not wanted:
        return
    names: dict[tuple[str, str], str] = {}
    for cc, code, name in writer.conn.execute(
        "SELECT country, admin1, name FROM places WHERE kind = 'admin1' AND active = 1 ORDER BY pk DESC"
    ):
        names[(cc, code)] = name
    writer.conn.executemany(
        "UPDATE places SET admin1_name = ? WHERE source = ? AND country = ? AND admin1 = ?"
        " AND admin1_name = '' AND kind != 'admin1'",
        [(names[(cc, code)], source, cc, code) for cc, code in wanted if (cc, code) in names],
    )


def remove_source(name: str, *, home: PathLike | None = None) -> None:
    """Remove one source from the index; places it had replaced come back."""
    db = index_path(home)
    if not db.is_file():
        raise DataNotFoundError(f"no gazetteer index at {db}; nothing to remove")
    with Writer(db) as writer:
        if writer.source(name) is None:
            raise UnknownSourceError(name, [s.name for s in read_sources(writer.conn)])
        writer.delete_source(name)


def list_sources(home: PathLike | None = None) -> list[SourceInfo]:
    """Every source in the index of ``home``, in import order."""
    conn = connect_ro(index_path(home))
    try:
        return read_sources(conn)
    finally:
        conn.close()


def embedded_is_current(home: PathLike | None = None) -> bool:
    """True when the index exists and its embedded default matches the installed packages."""
    db = index_path(home)
    if not db.is_file():
        return False
    conn = connect_ro(db)
    try:
        for info in read_sources(conn):
            if info.name == EMBEDDED_SOURCE:
                return info.versions == embedded_versions()
        return False
    except Exception:  # an unreadable or foreign file: rebuild it
        return False
    finally:
        conn.close()


def build_embedded(home: PathLike | None = None, *, progress: bool = False, force: bool = False) -> SourceInfo | None:
    """(Re)build the embedded default in ``home``'s index; returns None when it was already current.

    Imported sources are kept: where they hold the same place id, their row stays the active one.
    """
    if not force and embedded_is_current(home):
        return None
    versions = embedded_versions()
    db = index_path(home)
    started = time.perf_counter()
    with Writer(db) as writer:
        existing = writer.source(EMBEDDED_SOURCE)
        if existing is not None and existing.versions == versions and not force:
            return None  # another process built it while we waited for the lock
        if existing is not None:
            writer.delete_source(EMBEDDED_SOURCE)
        places = with_progress(
            embedded_places(), label="building the embedded gazetteer", enabled=progress, length=EMBEDDED_SIZE
        )
        count = writer.add_places(EMBEDDED_SOURCE, places, override=False)
        checksum = hashlib.sha256(repr(sorted(versions.items())).encode()).hexdigest()
        info = SourceInfo(
            name=EMBEDDED_SOURCE,
            format="embedded",
            files=tuple(f"{k}=={v}" for k, v in versions.items() if k != "builder"),
            count=count,
            licence=EMBEDDED_LICENCE,
            attribution=EMBEDDED_ATTRIBUTION,
            checksum=checksum,
            imported_at=_now(),
            versions=versions,
        )
        writer.record_source(info, seq=0)
        writer.conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('embedded_build_seconds', ?)",
            (f"{time.perf_counter() - started:.1f}",),
        )
    return info
