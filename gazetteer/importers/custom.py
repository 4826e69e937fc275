"""Read the user's own files: a custom places CSV, and an aliases/blocklist CSV.

**Custom places** (``places.csv``; comma- or tab-separated, UTF-8, one header row)::

    name,aliases,lat,lon,kind,country,admin1,population,id
    Baghouz,Al-Baghuz|Baghuz Fawqani,34.46095,40.94904,populated_place,SY,Deir ez-Zor,,
    Camp Hol,al-Hol camp,36.3806,41.1461,other,SY,,,

``name``, ``lat`` and ``lon`` are required; ``aliases`` (``|``-separated), ``kind`` (default
``populated_place``), ``country`` (ISO alpha-2), ``admin1`` (its name), ``population`` and ``id`` are
optional. Ids are ``custom:<slug of name>`` unless ``id`` gives one; an id with a namespace
(``geonames:171943``) replaces that place, which is how a wrong GeoNames point is corrected.

**Aliases and blocklist** (``aliases.csv``; the header names the format)::

    action,name,place_id
    alias,Hajin town,geonames:171043
    block,Jordan Peterson,
    block,Trump,

``alias`` adds a name to an existing place; ``block`` stops a name ever resolving to any place
(``place_id`` empty). Both files may hold comment lines starting with ``#`` and blank lines.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import unicodedata
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

from ..choices import parse_choice
from ..exc import DataNotFoundError, ImportFormatError
from ..place import Kind, Place
from . import Batch

__all__ = [
    "ALIAS_COLUMNS",
    "ATTRIBUTION",
    "LICENCE",
    "PLACE_COLUMNS",
    "Action",
    "FileKind",
    "read",
    "read_aliases",
    "read_places",
    "sniff",
]

PLACE_COLUMNS = ("name", "aliases", "lat", "lon", "kind", "country", "admin1", "population", "id")
REQUIRED_PLACE_COLUMNS = ("name", "lat", "lon")
ALIAS_COLUMNS = ("action", "name", "place_id")

LICENCE = "as supplied by the user"
ATTRIBUTION = "user data"
_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_MAX_FIELD = 1000  # a longer cell is a broken file, not a place name


class FileKind(str, Enum):
    """What a custom CSV holds, told by its header."""

    PLACES = "places"
    ALIASES = "aliases"


class Action(str, Enum):
    """What one row of an aliases file does."""

    ALIAS = "alias"
    BLOCK = "block"

    @classmethod
    def parse(cls, value: str) -> Action:
        """Return the action named by ``value``; the error lists the valid ones."""
        return parse_choice(cls, value, "action", "actions")


def read(path: Path) -> Batch:
    """Read a custom places CSV or an aliases/blocklist CSV, told apart by the header."""
    path = Path(path)
    kind = _kind_of(path)
    if kind is None:
        raise ImportFormatError(
            "the header is neither a custom places header (name,aliases,lat,lon,kind,country) nor an "
            "aliases header (action,name,place_id); add the right header as the first line",
            path=str(path),
            line=1,
        )
    return read_places(path) if kind is FileKind.PLACES else read_aliases(path)


def sniff(path: Path) -> FileKind | None:
    """Tell a places file from an aliases file by the columns of its header; None if neither."""
    try:
        return _kind_of(Path(path))
    except ImportFormatError:
        return None


def _kind_of(path: Path) -> FileKind | None:
    header = next(_rows(path), None)
    if header is None:
        return None
    columns = {c for c in header[1] if c}
    if "action" in columns:
        return FileKind.ALIASES
    if columns & {"lat", "lon", "latitude", "longitude"} or {"name", "aliases"} <= columns:
        return FileKind.PLACES
    return None


def read_places(path: Path) -> Batch:
    """Read a custom places CSV (see the module docstring) into a batch of ``custom:`` places."""
    path = Path(path)
    rows = _rows(path)
    line, header = _header(path, rows, PLACE_COLUMNS, REQUIRED_PLACE_COLUMNS)
    places: list[Place] = []
    first_line: dict[str, int] = {}
    for line, cells in rows:
        row = _record(path, line, header, cells)
        place = _place(path, line, row)
        if place.id in first_line:
            raise ImportFormatError(
                f"id {place.id!r} was already used on line {first_line[place.id]}; give one of them "
                "its own value in the 'id' column",
                path=str(path),
                line=line,
            )
        first_line[place.id] = line
        places.append(place)
    return Batch(source=f"custom-{_slug(path.stem) or 'places'}", licence=LICENCE, attribution=ATTRIBUTION, places=places)


def read_aliases(path: Path) -> Batch:
    """Read an aliases/blocklist CSV (``action,name,place_id``) into ``Batch.aliases`` and ``Batch.blocked``."""
    path = Path(path)
    rows = _rows(path)
    _, header = _header(path, rows, ALIAS_COLUMNS, ("action", "name"))
    aliases: list[tuple[str, str]] = []
    blocked: list[str] = []
    for line, cells in rows:
        row = _record(path, line, header, cells)
        try:
            action = Action.parse(row.get("action", ""))
        except ValueError as exc:
            raise ImportFormatError(str(exc), path=str(path), line=line) from None
        name = row.get("name", "")
        place_id = row.get("place_id", "")
        if not name:
            raise ImportFormatError("the 'name' column is empty; write the name to alias or block", path=str(path), line=line)
        if action is Action.ALIAS:
            if ":" not in place_id.strip(":"):
                raise ImportFormatError(
                    f"alias {name!r} needs a namespaced place_id like 'geonames:171943', got {place_id!r}; "
                    "find the id with: geomap resolve NAME",
                    path=str(path),
                    line=line,
                )
            aliases.append((place_id, name))
        else:
            if place_id:
                raise ImportFormatError(
                    f"block {name!r} applies to every place, so place_id must be empty (got {place_id!r}); "
                    "to drop one place's name, remove the place or correct it in a custom places file",
                    path=str(path),
                    line=line,
                )
            blocked.append(name)
    return Batch(
        source=f"aliases-{_slug(path.stem) or 'aliases'}",
        licence=LICENCE,
        attribution=ATTRIBUTION,
        aliases=aliases,
        blocked=blocked,
    )


# --------------------------------------------------------------------------- helpers


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each non-blank, non-comment row; the header comes first, lower-cased."""
    if not path.is_file():
        raise DataNotFoundError(f"{path}: no such file; check the path")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(
            f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the file as UTF-8 CSV", path=str(path)
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    seen_header = False
    try:
        for cells in reader:
            line = reader.line_num
            if not cells or all(not c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                continue
            if any(len(c) > _MAX_FIELD for c in cells):
                raise ImportFormatError(f"a cell is longer than {_MAX_FIELD} characters; is this really a CSV?", path=str(path), line=line)
            cells = [c.strip() for c in cells]
            if not seen_header:
                seen_header = True
                cells = [c.lower() for c in cells]
            yield line, cells
    except csv.Error as exc:
        raise ImportFormatError(f"malformed CSV ({exc}); check the quotes on this line", path=str(path), line=reader.line_num) from None


def _header(
    path: Path, rows: Iterator[tuple[int, list[str]]], known: tuple[str, ...], required: tuple[str, ...]
) -> tuple[int, list[str]]:
    first = next(rows, None)
    if first is None:
        raise ImportFormatError(f"the file is empty; the first line must be a header: {','.join(known)}", path=str(path))
    line, header = first
    header = ["lat" if c == "latitude" else "lon" if c in ("longitude", "lng") else c for c in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportFormatError(
            f"the header has no {', '.join(repr(c) for c in missing)} column; the header must name the columns "
            f"{', '.join(required)} (optional: {', '.join(c for c in known if c not in required)}), found: {', '.join(header)}",
            path=str(path),
            line=line,
        )
    unknown = [c for c in header if c not in known and not c.startswith("_") and c != "note"]
    if unknown:
        raise ImportFormatError(
            f"unknown column(s) {', '.join(repr(c) for c in unknown)}; valid columns: {', '.join(known)} "
            "(start a column name with '_' to keep it as a note)",
            path=str(path),
            line=line,
        )
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        raise ImportFormatError(f"column(s) {', '.join(duplicated)} appear twice in the header", path=str(path), line=line)
    return line, header


def _record(path: Path, line: int, header: list[str], cells: list[str]) -> dict[str, str]:
    if len(cells) > len(header) and any(cells[len(header):]):
        raise ImportFormatError(
            f"{len(cells)} cells but the header has {len(header)} columns; quote cells that contain commas",
            path=str(path),
            line=line,
        )
    return {column: (cells[i] if i < len(cells) else "") for i, column in enumerate(header)}


def _number(path: Path, line: int, column: str, text: str, low: float, high: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ImportFormatError(
            f"{column} {text!r} is not a number; write decimal degrees like 34.46095", path=str(path), line=line
        ) from None
    if not (math.isfinite(value) and low <= value <= high):
        raise ImportFormatError(
            f"{column} {value} is outside [{low:g}, {high:g}]; check for swapped lat/lon", path=str(path), line=line
        )
    return value


def _place(path: Path, line: int, row: dict[str, str]) -> Place:
    name = row.get("name", "")
    if not name:
        raise ImportFormatError("the 'name' column is empty; every place needs a name", path=str(path), line=line)
    lat = _number(path, line, "lat", row.get("lat", ""), -90.0, 90.0)
    lon = _number(path, line, "lon", row.get("lon", ""), -180.0, 180.0)
    try:
        kind = Kind.parse(row.get("kind") or Kind.POPULATED_PLACE.value)
    except ValueError as exc:
        raise ImportFormatError(str(exc), path=str(path), line=line) from None
    country = row.get("country", "").upper()
    if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
        raise ImportFormatError(
            f"country {row.get('country')!r} is not an ISO 3166 alpha-2 code like 'SY'", path=str(path), line=line
        )
    population = 0
    if row.get("population"):
        try:
            population = int(float(row["population"].replace("_", "")))
        except ValueError:
            population = -1
        if population < 0:
            raise ImportFormatError(
                f"population {row['population']!r} is not a whole number >= 0", path=str(path), line=line
            )
    given = row.get("id", "")
    place_id = given if ":" in given.strip(":") else f"custom:{_slug(given or name)}"
    aliases = tuple(dict.fromkeys(a.strip() for a in row.get("aliases", "").split("|") if a.strip() and a.strip() != name))
    return Place(
        id=place_id,
        name=name,
        lat=lat,
        lon=lon,
        kind=kind,
        ascii_name=_ascii(name),
        alt_names=aliases,
        country=country,
        admin1_name=row.get("admin1", ""),
        population=population,
        source=f"custom-{_slug(path.stem) or 'places'}",
    )


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def _slug(name: str) -> str:
    """A readable id part; names with no Latin letters (حلب) get a stable hash instead."""
    slug = _SLUG_DROP.sub("-", _ascii(name).lower()).strip("-")
    return slug or hashlib.sha1(name.encode()).hexdigest()[:10]
