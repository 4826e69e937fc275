"""The plain data that flows between geomap's stages: documents, mentions, events.

ingest -> :class:`Document`; extract/resolve -> :class:`Mention`; locate -> :class:`EventLocation`;
parse -> :class:`ParsedDocument`; events -> :class:`Event`. All are frozen and check themselves.
Coordinates are always named ``lat``/``lon``; conversion to (lon, lat) happens only at the edges.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from gazetteer import Place
from gazetteer.place import pickled_as_call

__all__ = [
    "Alternative",
    "Document",
    "Event",
    "EventLocation",
    "Mention",
    "ParsedDocument",
    "Precision",
    "Role",
    "Source",
]


class Role(str, Enum):
    """What a place mention does in its document."""

    DATELINE = "dateline"    # "BAGHOUZ, Syria (AP) —": where the report was filed
    FOCUS = "focus"          # where the reported event happened
    MENTIONED = "mentioned"  # any other place the text names
    BYLINE = "byline"        # "Youssef reported from Cairo": where a reporter was


class Precision(str, Enum):
    """How exactly an event location is known, finest first."""

    POINT = "point"
    ADMIN2 = "admin2"
    ADMIN1 = "admin1"
    COUNTRY = "country"
    REGION = "region"


@dataclass(frozen=True, slots=True)
class Document:
    """One article as read from its file or record. ``text`` is exactly what was decoded."""

    id: str
    text: str
    title: str = ""
    url: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    path: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("document id must not be empty")


@pickled_as_call
@dataclass(frozen=True, slots=True)
class Alternative:
    """A place that a mention could also refer to, with its score."""

    place: Place
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.place.id,
            "name": self.place.name,
            "lat": round(self.place.lat, 6),
            "lon": round(self.place.lon, 6),
            "score": round(self.score, 4),
        }


@pickled_as_call
@dataclass(frozen=True, slots=True)
class Mention:
    """A place name in a document: ``document.text[start:end] == text``."""

    text: str
    start: int
    end: int
    role: Role = Role.MENTIONED
    confidence: float = 0.0
    place: Place | None = None
    alternatives: tuple[Alternative, ...] = ()
    reason: str = ""

    def __post_init__(self) -> None:
        if not (0 <= self.start < self.end):
            raise ValueError(f"mention {self.text!r}: need 0 <= start < end, got {self.start}, {self.end}")
        if self.end - self.start != len(self.text):
            raise ValueError(f"mention {self.text!r}: span {self.start}:{self.end} does not fit its text")
        if not (0.0 <= self.confidence <= 1.0):
            raise ValueError(f"mention {self.text!r}: confidence {self.confidence!r} outside [0, 1]")

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "role": self.role.value,
            "confidence": round(self.confidence, 4),
            "place": self.place.to_dict() if self.place else None,
            "alternatives": [a.to_dict() for a in self.alternatives],
            "reason": self.reason,
        }


@pickled_as_call
@dataclass(frozen=True, slots=True)
class EventLocation:
    """Where a document's reported event happened."""

    place: Place
    precision: Precision
    confidence: float
    mention: int | None = None  # index into ParsedDocument.mentions, when one names it

    def __post_init__(self) -> None:
        if not (0.0 <= self.confidence <= 1.0):
            raise ValueError(f"event confidence {self.confidence!r} outside [0, 1]")

    def to_dict(self) -> dict[str, Any]:
        return {
            "place": self.place.to_dict(),
            "precision": self.precision.value,
            "confidence": round(self.confidence, 4),
        }


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A document with its resolved mentions and event location."""

    document: Document
    mentions: tuple[Mention, ...] = ()
    event: EventLocation | None = None
    errors: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The documented per-document output of ``geomap parse --json``."""
        doc = self.document
        return {
            "id": doc.id,
            "path": doc.path,
            "title": doc.title,
            "url": doc.url,
            "publisher": doc.publisher,
            "published": doc.published.isoformat() if doc.published else None,
            "text": doc.text,
            "mentions": [m.to_dict() for m in self.mentions],
            "event": self.event.to_dict() if self.event else None,
            "errors": list(self.errors),
        }


@dataclass(frozen=True, slots=True)
class Source:
    """A report that an event is built from, as linked from the map."""

    id: str
    title: str
    publisher: str | None = None
    published: dt.date | None = None
    url: str | None = None
    path: str | None = None
    page: str | None = None  # relative link to the annotated page, e.g. "sources/<id>.html"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url,
            "page": self.page,
        }


@dataclass(frozen=True, slots=True)
class Event:
    """Reports of one happening, grouped, with where and when it took place."""

    id: str
    title: str
    summary: str = ""
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    location: EventLocation | None = None
    sources: tuple[Source, ...] = ()
    mentions: tuple[dict[str, Any], ...] = ()  # {"text", "role", "place": {...}|None, "source": id}

    def __post_init__(self) -> None:
        if self.date_start and self.date_end and self.date_end < self.date_start:
            raise ValueError(f"event {self.id}: date_end {self.date_end} before date_start {self.date_start}")
