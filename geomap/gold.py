"""Read gold-annotated documents: JSON lines (gzipped or plain) in the format of ``shared/eval/README.md``.

A record is ``{"id", "text", "toponyms": [{"start", "end", "name", "lat", "lon"}], "event"?, "event_spans"?}``;
``text[start:end]`` must equal ``name``, and every error names the file, the record and the fix.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .exc import InputFormatError, InputReadError

__all__ = ["GoldDocument", "GoldToponym", "load_gold", "load_jsonl"]

def load_jsonl(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Yield the JSON objects of a JSON-lines file, gzipped or plain (sniffed, not by name).

    Blank lines are skipped. A line that is not a JSON object raises
    :class:`~geomap.exc.InputFormatError` naming the file and line.
    """
    p = Path(path)
    try:
        raw = p.open("rb")
    except OSError as exc:
        raise InputReadError(f"{p}: cannot open gold file ({exc.strerror or exc}); check the path") from exc
    with raw:
        magic = raw.peek(2)[:2] if isinstance(raw, io.BufferedReader) else b""
        stream: Any = gzip.open(raw, "rt", encoding="utf-8") if magic == b"\x1f\x8b" else io.TextIOWrapper(
            raw, encoding="utf-8"
        )
        try:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputFormatError(
                        f"not valid JSON ({exc.msg} at column {exc.colno}); each line must be one JSON object",
                        path=str(p),
                        line=number,
                    ) from None
                if not isinstance(record, dict):
                    raise InputFormatError(
                        f"expected a JSON object, got {type(record).__name__}", path=str(p), line=number
                    )
                yield record
        except (EOFError, gzip.BadGzipFile, UnicodeDecodeError) as exc:
            raise InputFormatError(f"truncated or corrupt file ({exc}); fetch it again", path=str(p)) from None


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One annotated place name: ``text[start:end] == name``, with its point when known."""

    start: int
    end: int
    name: str
    lat: float | None = None
    lon: float | None = None

    def __post_init__(self) -> None:
        if not (0 <= self.start < self.end):
            raise ValueError(f"gold toponym {self.name!r}: need 0 <= start < end, got {self.start}, {self.end}")
        if (self.lat is None) != (self.lon is None):
            raise ValueError(f"gold toponym {self.name!r}: lat and lon must both be given or both be null")
        if self.lat is not None and not -90.0 <= self.lat <= 90.0:
            raise ValueError(f"gold toponym {self.name!r}: latitude {self.lat} outside [-90, 90]")
        if self.lon is not None and not -180.0 <= self.lon <= 180.0:
            raise ValueError(f"gold toponym {self.name!r}: longitude {self.lon} outside [-180, 180]")

    @property
    def has_point(self) -> bool:
        return self.lat is not None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One gold record: text, toponyms, optional event point and event-location spans.

    ``event_locations`` is None when the record has no ``event_spans`` field, else the union of
    every ``event_spans[*].locations`` span (possibly empty).
    """

    id: str
    text: str
    toponyms: tuple[GoldToponym, ...] = ()
    event: tuple[float, float] | None = None  # (lat, lon)
    event_locations: tuple[tuple[int, int], ...] | None = None

    @classmethod
    def from_dict(cls, record: Mapping[str, Any], *, where: str = "<gold>") -> GoldDocument:
        """Build from one README-format record; errors name ``where`` and the bad field."""
        try:
            doc_id = str(record["id"])
            text = record["text"]
            if not isinstance(text, str):
                raise ValueError(f"field 'text' must be a string, got {type(text).__name__}")
            toponyms = []
            for i, t in enumerate(record.get("toponyms") or ()):
                top = GoldToponym(
                    start=int(t["start"]),
                    end=int(t["end"]),
                    name=str(t["name"]),
                    lat=None if t.get("lat") is None else float(t["lat"]),
                    lon=None if t.get("lon") is None else float(t["lon"]),
                )
                if text[top.start : top.end] != top.name:
                    raise ValueError(
                        f"toponyms[{i}]: text[{top.start}:{top.end}] is {text[top.start:top.end]!r}, "
                        f"not the name {top.name!r}; fix the offsets"
                    )
                toponyms.append(top)
            event_raw = record.get("event")
            event = None if event_raw is None else (float(event_raw["lat"]), float(event_raw["lon"]))
            locations: tuple[tuple[int, int], ...] | None = None
            if "event_spans" in record:
                spans = {
                    (int(loc[0]), int(loc[1]))
                    for span in record["event_spans"] or ()
                    for loc in span.get("locations") or ()
                }
                locations = tuple(sorted(spans))
        except KeyError as exc:
            raise InputFormatError(
                f"gold record is missing field {exc.args[0]!r}; see shared/eval/README.md for the format", path=where
            ) from None
        except (TypeError, ValueError, IndexError) as exc:
            raise InputFormatError(f"bad gold record {record.get('id')!r}: {exc}", path=where) from None
        return cls(id=doc_id, text=text, toponyms=tuple(toponyms), event=event, event_locations=locations)


def load_gold(path: str | os.PathLike[str]) -> Iterator[GoldDocument]:
    """Yield the gold documents of a JSONL(.gz) file; errors name the file and line."""
    for number, record in enumerate(load_jsonl(path), start=1):
        yield GoldDocument.from_dict(record, where=f"{path}, record {number}")

