"""Group parsed reports into events: duplicates and reports of one happening become one :class:`Event`.

Two reports join the same event when either

1. they are the **same story published twice**: the Jaccard similarity of their word 5-gram shingles,
   estimated from bottom-k sketches, is at least ``DUPLICATE_JACCARD``; or
2. they report **the same happening**: both have an event location and an event date, the locations are
   within ``max_km`` of each other (the same place id when either is coarser than a district), the dates
   are within ``max_days``, and their content agrees: the TF-IDF cosine of their content words is at least
   ``SAME_EVENT_COSINE``, or at least ``SAME_KIND_COSINE`` when both are about the same kind of happening
   (flood, earthquake, fire, protest, fighting, ... from a small word list, ``EVENT_KINDS``).

Grouping is transitive (union-find) and deterministic. Candidate pairs come from blocking, never from all
pairs: duplicates share one of their ``BLOCK_SKETCH`` smallest shingle hashes, and same-happening pairs lie in
neighbouring cells of a 3-D grid of side ``max_km`` on the unit sphere (so the antimeridian and the poles need
no care), nearest dates first, at most ``MAX_NEIGHBOURS`` per report.

An event's dates span its members' event dates; its location is the place with the highest summed
confidence among its members' event locations (ties: finer precision, then place id).
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from gazetteer import EARTH_RADIUS_KM, Kind, Place, haversine_km

from .model import Event, EventLocation, ParsedDocument, Precision, Source
from .story import capped, event_date, summarize

if TYPE_CHECKING:
    from .corrections import Corrections, PlaceLookup

__all__ = [
    "DUPLICATE_JACCARD",
    "EVENT_KINDS",
    "SAME_EVENT_COSINE",
    "SAME_KIND_COSINE",
    "event_id",
    "group_events",
    "precision_for",
]

DUPLICATE_JACCARD = 0.35
"""Shingle Jaccard at or above which two reports are the same story (rewrites of a wire story score ~0.4-0.9)."""

SAME_EVENT_COSINE = 0.25
"""TF-IDF cosine at or above which two nearby, same-days reports describe one happening."""

SAME_KIND_COSINE = 0.1
"""The lower cosine enough when both reports are about the same kind of happening (paraphrases score ~0.1-0.2)."""

EVENT_KINDS: dict[str, frozenset[str]] = {
    kind: frozenset(words.split())
    for kind, words in {
        "flood": "flood floods flooded flooding floodwater floodwaters inundated torrential deluge",
        "earthquake": "earthquake earthquakes quake quakes tremor tremors aftershock aftershocks magnitude seismic",
        "fire": "fire fires blaze blazes ablaze flames firefighters wildfire wildfires burned burning",
        "storm": "storm storms cyclone hurricane typhoon tornado gale winds",
        "protest": "protest protests protesters protestors demonstrators demonstration rally rallies marched",
        "fighting": "siege besieged shelling shelled airstrike airstrikes offensive clashes militants fighters "
                    "artillery troops",
        "explosion": "explosion explosions blast blasts bomb bombing bomber explosive",
        "election": "election elections vote voters ballot polls candidate",
        "disease": "outbreak epidemic cholera virus infections infected vaccine",
        "heat": "heatwave heat temperatures drought",
        "sport": "match league striker goal goals tournament championship coach",
    }.items()
}
"""Words marking the kind of happening a report is about; a report's kind is its most frequent one (2+ hits)."""
_KIND_OF = {word: kind for kind, words in EVENT_KINDS.items() for word in words}

COARSE_COSINE_BONUS = 0.15
"""Extra cosine required when a location is coarser than a district: a country centroid says little."""

SHINGLE = 5
SKETCH = 96        # bottom-k sketch size used to estimate Jaccard
BLOCK_SKETCH = 6   # smallest hashes used as blocking keys
BIG_BUCKET = 40    # above this a blocking bucket is boilerplate: link neighbours only (keeps it linear)
MAX_NEIGHBOURS = 64  # same-happening candidates examined per report, nearest dates first
TOP_TERMS = 40     # content terms kept per report for the cosine

_WORD = re.compile(r"\w+", re.UNICODE)

_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has have
    having he her here hers him his how i if in into is it its itself just me more most my no nor not now of
    off on once only or other our out over own said same says she should so some such than that the their
    them then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours monday tuesday wednesday thursday friday saturday
    sunday today yesterday week people told year years one two three new last first officials official
    according including since month day days morning night hours residents local area government city
    reported report reports added also around near percent group state""".split()
)

_PRECISION_RANK = {p: i for i, p in enumerate(Precision)}
_FINE = (Precision.POINT, Precision.ADMIN2)


# --------------------------------------------------------------------------------------------- similarity


def _stable_hash(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "big")


def _tokens(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(capped(text).replace("’", "'"))]


def _sketch(tokens: list[str]) -> tuple[int, ...]:
    """The ``SKETCH`` smallest hashes of the word shingles (the bottom-k MinHash sketch)."""
    if len(tokens) < SHINGLE:
        shingles = {" ".join(tokens)} if tokens else set()
    else:
        shingles = {" ".join(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}
    return tuple(sorted(_stable_hash(s) for s in shingles)[:SKETCH])


def _jaccard(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Bottom-k estimate of shingle Jaccard: the share of the union's k smallest hashes found in both."""
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:SKETCH]
    sa, sb = set(a), set(b)
    both = sum(1 for h in union if h in sa and h in sb)
    return both / len(union)


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A light English suffix strip so "floods"/"flooded"/"flood" and "families"/"family" meet."""
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)] + replacement
    return word


_SUFFIXES = (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


def _tfidf(tokens_per_doc: list[list[str]]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors over stemmed content words, keeping each report's ``TOP_TERMS`` heaviest."""
    counts = [Counter(_stem(t) for t in toks if t not in _STOPWORDS and len(t) > 2 and not t.isdigit())
              for toks in tokens_per_doc]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(counts)
    vectors: list[dict[str, float]] = []
    for c in counts:
        weights = {t: (1.0 + math.log(k)) * (math.log((1 + n) / (1 + df[t])) + 1.0) for t, k in c.items()}
        top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TERMS]
        # The norm is over all terms, so the truncated dot product never overstates the full cosine.
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({t: w / norm for t, w in top})
    return vectors


def _kind(tokens: list[str]) -> str | None:
    """The kind of happening a report is mostly about (see ``EVENT_KINDS``), or None below two hits."""
    hits = Counter(_KIND_OF[t] for t in tokens if t in _KIND_OF)
    if not hits:
        return None
    kind, count = min(hits.items(), key=lambda kv: (-kv[1], kv[0]))
    return kind if count >= 2 else None


def _cell(place: Place, side: float) -> tuple[int, int, int]:
    lat, lon = math.radians(place.lat), math.radians(place.lon)
    xyz = (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))
    return (math.floor(xyz[0] / side), math.floor(xyz[1] / side), math.floor(xyz[2] / side))


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller index becomes the root so results do not depend on the order of unions.
            self.parent[max(ra, rb)] = min(ra, rb)


def _link_buckets(buckets: Iterable[list[int]], test: Callable[[int, int], bool], uf: _UnionFind) -> None:
    for members in buckets:
        if len(members) < 2:
            continue
        if len(members) > BIG_BUCKET:
            pairs: Iterable[tuple[int, int]] = zip(members, members[1:])
        else:
            pairs = ((a, b) for i, a in enumerate(members) for b in members[i + 1:])
        for a, b in pairs:
            if uf.find(a) != uf.find(b) and test(a, b):
                uf.union(a, b)


# ---------------------------------------------------------------------------------------------- grouping


def precision_for(place: Place) -> Precision:
    """How exactly a place pins an event down, from its kind."""
    return {
        Kind.ADMIN2: Precision.ADMIN2,
        Kind.ADMIN1: Precision.ADMIN1,
        Kind.COUNTRY: Precision.COUNTRY,
        Kind.CONTINENT: Precision.REGION,
        Kind.REGION: Precision.REGION,
        Kind.SEA: Precision.REGION,
    }.get(place.kind, Precision.POINT)


def event_id(source_ids: Iterable[str]) -> str:
    """A stable event id: a hash of the sorted source ids.

    >>> event_id(["b", "a"]) == event_id(["a", "b"])
    True
    """
    digest = hashlib.sha256("\n".join(sorted(source_ids)).encode("utf-8")).hexdigest()
    return f"ev-{digest[:12]}"


@dataclass(frozen=True, slots=True)
class _Member:
    parsed: ParsedDocument
    date: dt.date | None
    published: dt.date | None  # own publication date, or a duplicate's


def _choose_location(members: Sequence[_Member]) -> EventLocation | None:
    votes: dict[str, float] = defaultdict(float)
    best: dict[str, EventLocation] = {}
    for m in members:
        loc = m.parsed.event
        if loc is None:
            continue
        pid = loc.place.id
        votes[pid] += max(loc.confidence, 0.01)
        if pid not in best or (loc.confidence, -_PRECISION_RANK[loc.precision]) > (
            best[pid].confidence, -_PRECISION_RANK[best[pid].precision]
        ):
            best[pid] = loc
    if not votes:
        return None
    winner = min(votes, key=lambda pid: (-votes[pid], _PRECISION_RANK[best[pid].precision], pid))
    # Member mention indices point into one report, not the event: drop them.
    return replace(best[winner], mention=None)


def _lead_key(m: _Member) -> tuple[Any, ...]:
    doc = m.parsed.document
    return (doc.published is None, doc.published or dt.date.max, not doc.title, -len(doc.text), doc.id)


def _build_event(members: list[_Member]) -> Event:
    members = sorted(members, key=_lead_key)
    lead = members[0].parsed.document
    ids = [m.parsed.document.id for m in members]
    dates = [m.date for m in members if m.date is not None]
    title = lead.title.strip() or next((m.parsed.document.title.strip() for m in members
                                        if m.parsed.document.title.strip()), "")
    summary = summarize(lead.text, title=lead.title)
    if not title:
        title = (summary[:80].rsplit(" ", 1)[0] + "…") if len(summary) > 80 else (summary or lead.id)
    sources = tuple(
        Source(
            id=d.id, title=d.title or d.id, publisher=d.publisher, published=d.published,
            url=d.url, path=d.path, page=f"sources/{d.id}.html",
        )
        for d in (m.parsed.document for m in members)
    )
    mentions = tuple(
        {"text": mn.text, "role": mn.role.value, "place": mn.place.to_dict() if mn.place else None,
         "source": m.parsed.document.id}
        for m in members
        for mn in m.parsed.mentions
    )
    return Event(
        id=event_id(ids),
        title=title,
        summary=summary,
        date_start=min(dates) if dates else None,
        date_end=max(dates) if dates else None,
        location=_choose_location(members),
        sources=sources,
        mentions=mentions,
    )


def group_events(
    parsed: Sequence[ParsedDocument],
    *,
    corrections: Corrections | None = None,
    max_days: int = 3,
    max_km: float = 50.0,
    gazetteer: PlaceLookup | None = None,
) -> list[Event]:
    """Group parsed reports into events, by the rules in this module's docstring.

    Every report ends in exactly one event. ``corrections`` event pins (by event id or source id) set
    the location; pins naming only a gazetteer id need ``gazetteer`` (or an earlier
    :meth:`Corrections.resolved`). Events come sorted by start date (undated last), then title, then id.
    """
    if max_days < 0:
        raise ValueError(f"max_days must be >= 0, got {max_days!r}")
    if not (max_km > 0 and math.isfinite(max_km)):
        raise ValueError(f"max_km must be a positive number of kilometres, got {max_km!r}")
    docs = list(parsed)
    seen: dict[str, int] = {}
    for i, p in enumerate(docs):
        if p.document.id in seen:
            raise ValueError(
                f"document id {p.document.id!r} appears twice (inputs {seen[p.document.id]} and {i}); "
                "ids must be unique: give records distinct 'id' fields"
            )
        seen[p.document.id] = i
    if corrections is not None:
        docs = [corrections.pin_source_event(p, gazetteer=gazetteer) for p in docs]
    n = len(docs)
    uf = _UnionFind(n)

    # Rule 1: the same story twice. Blocking keys are the smallest shingle hashes.
    tokens = [_tokens(p.document.text) for p in docs]
    sketches = [_sketch(t) for t in tokens]
    by_key: dict[int, list[int]] = defaultdict(list)
    for i, sk in enumerate(sketches):
        for h in sk[:BLOCK_SKETCH]:
            by_key[h].append(i)
    _link_buckets((by_key[k] for k in sorted(by_key)),
                  lambda a, b: _jaccard(sketches[a], sketches[b]) >= DUPLICATE_JACCARD, uf)

    # Dates: a report without a publication date borrows its duplicates' earliest one.
    dup_published: dict[int, dt.date] = {}
    for i, p in enumerate(docs):
        if p.document.published is not None:
            root = uf.find(i)
            if root not in dup_published or p.document.published < dup_published[root]:
                dup_published[root] = p.document.published
    members = []
    for i, p in enumerate(docs):
        published = p.document.published or dup_published.get(uf.find(i))
        members.append(_Member(p, event_date(p, published=published), published))

    # Rule 2: the same happening. Block by a grid cell on the unit sphere, then by date.
    side = max_km / EARTH_RADIUS_KM
    cells: dict[tuple[int, int, int], list[tuple[int, int]]] = defaultdict(list)
    located = [i for i, m in enumerate(members) if m.parsed.event is not None and m.date is not None]
    for i in located:
        loc = members[i].parsed.event
        assert loc is not None and members[i].date is not None
        cells[_cell(loc.place, side)].append((members[i].date.toordinal(), i))  # type: ignore[union-attr]
    for cell_list in cells.values():
        cell_list.sort()
    if located:
        vectors = _tfidf([tokens[i] for i in range(n)])
        kinds = [_kind(t) for t in tokens]
    for i in located:
        loc_i = members[i].parsed.event
        date_i = members[i].date
        assert loc_i is not None and date_i is not None
        cx, cy, cz = _cell(loc_i.place, side)
        day = date_i.toordinal()
        candidates: list[tuple[int, int]] = []
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for dz in (-1, 0, 1):
                    bucket = cells.get((cx + dx, cy + dy, cz + dz))
                    if not bucket:
                        continue
                    lo = bisect.bisect_left(bucket, (day - max_days, -1))
                    hi = bisect.bisect_right(bucket, (day + max_days, n))
                    # Only the nearest dates on either side: a busy city-week must not make this quadratic.
                    at = bisect.bisect_left(bucket, (day, i))
                    candidates.extend(bucket[max(lo, at - MAX_NEIGHBOURS):min(hi, at + MAX_NEIGHBOURS)])
        nearest = sorted((abs(d - day), j) for d, j in candidates if j != i)[:MAX_NEIGHBOURS]
        for _, j in nearest:
            if uf.find(i) == uf.find(j):
                continue
            loc_j = members[j].parsed.event
            assert loc_j is not None
            threshold = SAME_KIND_COSINE if kinds[i] is not None and kinds[i] == kinds[j] else SAME_EVENT_COSINE
            if loc_i.precision not in _FINE or loc_j.precision not in _FINE:
                if loc_i.place.id != loc_j.place.id:
                    continue
                threshold += COARSE_COSINE_BONUS
            if haversine_km(loc_i.place.lat, loc_i.place.lon, loc_j.place.lat, loc_j.place.lon) > max_km:
                continue
            if _cosine(vectors[i], vectors[j]) >= threshold:
                uf.union(i, j)

    groups: dict[int, list[_Member]] = defaultdict(list)
    for i, m in enumerate(members):
        groups[uf.find(i)].append(m)
    events = [_build_event(g) for g in groups.values()]
    if corrections is not None:
        events = [corrections.pin_event(e, gazetteer=gazetteer) for e in events]
    events.sort(key=lambda e: (e.date_start is None, e.date_start or dt.date.max, e.title, e.id))
    return events
