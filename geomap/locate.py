"""Decide where a document's reported event happened, from its resolved mentions.

Each place gathers votes from its mentions: how often and how early it is named (the title and lead
count most), how specific it is (a village beats its country), whether a preposition of place
introduces it ("in Baghouz"), and whether it is near an event word ("killed", "siege"). A dateline
counts for a little: the Kurdistan 24 story is datelined Erbil and is about Baghouz. Bylines never
count. An area that contains another voted place passes its votes down to it.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from gazetteer import Kind, Place

from .extract import MAX_TEXT_CHARS
from .lexicon import PLACE_PREPOSITIONS
from .model import EventLocation, Precision, Role

__all__ = ["LocateWeights", "locate_event"]

_SPECIFICITY = {
    Kind.POPULATED_PLACE: 1.0,
    Kind.ADMIN2: 0.75,
    Kind.ADMIN1: 0.6,
    Kind.COUNTRY: 0.3,
    Kind.CONTINENT: 0.05,
    Kind.REGION: 0.2,
    Kind.RIVER: 0.3,
    Kind.LAKE: 0.4,
    Kind.SEA: 0.1,
    Kind.MOUNTAIN: 0.6,
    Kind.ISLAND: 0.6,
    Kind.OTHER: 0.5,
}
_PRECISION = {
    Kind.POPULATED_PLACE: Precision.POINT,
    Kind.ADMIN2: Precision.ADMIN2,
    Kind.ADMIN1: Precision.ADMIN1,
    Kind.COUNTRY: Precision.COUNTRY,
    Kind.MOUNTAIN: Precision.POINT,
    Kind.LAKE: Precision.POINT,
    Kind.ISLAND: Precision.POINT,
    Kind.OTHER: Precision.POINT,
}
# Words that report a happening; a place near one is more likely where it happened. Stems, matched as prefixes.
_EVENT_WORDS = re.compile(
    r"\b(?:kill|attack|bomb|explo|shell|strik|struck|clash|fight|battl|siege|besieg|captur|seiz|raid|"
    r"shot|shoot|murder|dead|died|die|wound|injur|arrest|protest|march|riot|flood|earthquake|quake|fire|"
    r"burn|crash|collaps|evacuat|surrender|fled|flee|displac|erupt|outbreak|infect|storm|hit|destroy|"
    r"damag|occur|happen|held|took place|rescued|detain|abduct|kidnap|ambush|assault|offensive|airstrike)",
    re.IGNORECASE,
)


def _by_first_letter(pattern: re.Pattern[str]) -> re.Pattern[str]:
    r"""The same ``\b(?:stem|stem|...)`` pattern with the stems grouped under their first letter, so
    the engine tries a word's stems only when its first letter fits (three times faster, same matches:
    each group keeps the stems' order, and only one group can match at a place)."""
    stems = pattern.pattern[len(r"\b(?:") : -1].split("|")
    groups: dict[str, list[str]] = {}
    for stem in stems:
        groups.setdefault(stem[0], []).append(stem[1:])
    body = "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())
    return re.compile(rf"\b(?:{body})", pattern.flags)


_EVENT_WORDS = _by_first_letter(_EVENT_WORDS)
_EVENT_WINDOW = 80


def _event_nearness(words: list[tuple[int, int]], start: int, end: int) -> float:
    """1 when an event word sits right by the name, falling to 0 at ``_EVENT_WINDOW`` characters;
    a word before the name ("killed in Konduga") counts fully, one after it a little less.
    ``words`` are the (start, end) of every event word in the text, in order."""
    best = 0.0
    i = bisect.bisect_left(words, (start, 0))
    if i > 0 and words[i - 1][1] <= start:
        best = max(0.0, 1.0 - (start - words[i - 1][1]) / _EVENT_WINDOW)
    j = bisect.bisect_left(words, (end, 0))
    if j < len(words):
        best = max(best, 0.8 * (1.0 - (words[j][0] - end) / _EVENT_WINDOW))
    return best


@dataclass(frozen=True, slots=True)
class LocateWeights:
    """How much each kind of evidence counts towards being the event place."""

    count: float = 0.6
    title: float = 0.8
    lead: float = 0.6
    specificity: float = 1.2
    preposition: float = 0.4
    event_word: float = 0.8
    dateline: float = 0.35
    unknown_specificity: float = 0.8
    lead_chars: int = 400


@dataclass(frozen=True, slots=True)
class _Seen:
    index: int
    target: str  # a place id, or "?" + the text of a name the gazetteer lacks
    place: Place | None
    start: int
    end: int
    role: Role
    confidence: float


def _inside(inner: Place, outer: Place) -> bool:
    if inner.id == outer.id:
        return False
    if outer.kind is Kind.COUNTRY:
        return inner.country == outer.country and inner.kind is not Kind.COUNTRY
    if outer.kind is Kind.ADMIN1:
        return inner.country == outer.country and inner.admin1 == outer.admin1 and inner.kind in (
            Kind.POPULATED_PLACE, Kind.ADMIN2)
    if outer.kind is Kind.ADMIN2:
        return (inner.country, inner.admin1, inner.admin2) == (outer.country, outer.admin1, outer.admin2) and (
            inner.kind is Kind.POPULATED_PLACE) and bool(outer.admin2)
    return False


def _premodifier(text: str, end: int) -> bool:
    """Whether the name modifies what follows ("U.S.-led", "U.S. Central Command"): not where it happened."""
    after = text[end : end + 2]
    return after[:1] == "-" or (after[:1] == " " and after[1:2].isupper())


def locate_event(
    text: str,
    mentions: Sequence[tuple[int, int, Place | None, Role, float]],
    *,
    title_end: int = 0,
    weights: LocateWeights | None = None,
) -> tuple[EventLocation | None, set[int]]:
    """Return the event location and the indices of the mentions that name it (their role is ``focus``).

    ``mentions`` are (start, end, place, role, confidence) in text order; ``title_end`` is where the
    title line ends in ``text`` (0 when the text has no title line). A name the gazetteer lacks
    ("the village of Shurifah") can be the focus; the event point is then the best place it knows.
    """
    w = weights or LocateWeights()
    seen = [
        _Seen(i, p.id if p is not None else "?" + text[s:e].lower(), p, s, e, r, c)
        for i, (s, e, p, r, c) in enumerate(mentions)
        if r is not Role.BYLINE
    ]
    if not seen:
        return None, set()
    event_words = [m.span() for m in _EVENT_WORDS.finditer(text, 0, MAX_TEXT_CHARS)]
    votes: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    places: dict[str, Place] = {}
    first_index: dict[str, int] = {}
    mention_vote: dict[int, float] = {}
    for m in seen:
        target = m.target
        if m.place is not None:
            places[target] = m.place
        counts[target] += 1
        first_index.setdefault(target, m.index)
        v = 0.0
        if m.role is Role.DATELINE:
            v += w.dateline
        elif m.start < title_end:
            v += w.title
        elif m.start < title_end + w.lead_chars:
            v += w.lead
        before = text[max(0, m.start - 12) : m.start].lower().split()
        if before and before[-1] in PLACE_PREPOSITIONS and m.role is not Role.DATELINE:
            v += w.preposition
        if m.role is not Role.DATELINE:
            v += w.event_word * _event_nearness(event_words, m.start, m.end)
        v *= 0.5 + 0.5 * m.confidence
        if _premodifier(text, m.end):
            v *= 0.3
        mention_vote[m.index] = v
        votes[target] = max(votes[target], v)
    for target in votes:
        place = places.get(target)
        specificity = _SPECIFICITY.get(place.kind, 0.5) if place is not None else w.unknown_specificity
        votes[target] += w.count * math.log2(1 + counts[target]) + w.specificity * specificity
    # An area passes half its vote to each distinct place inside it that the text also names.
    for outer_id, outer in places.items():
        inner = [pid for pid, p in places.items() if _inside(p, outer)]
        for pid in inner:
            votes[pid] += 0.5 * votes[outer_id] / len(inner)
        if inner:
            votes[outer_id] *= 0.5
    best = max(votes, key=lambda t: (votes[t], -first_index[t]))
    # One mention is the focus: the one of the event place with the strongest own evidence.
    naming = [m for m in seen if m.target == best and m.role is Role.MENTIONED]
    focus = {max(naming, key=lambda m: (mention_vote[m.index], -m.index)).index} if naming else set()
    if not places:
        return None, focus
    known = max(places, key=lambda t: (votes[t], -first_index[t]))
    total = sum(votes.values())
    runner_up = max((v for t, v in votes.items() if t != best), default=0.0)
    confidence = min(1.0, 0.5 * votes[best] / total + 0.5 * (1 - math.exp(-(votes[best] - runner_up))))
    place = places[known]
    precision = _PRECISION.get(place.kind, Precision.REGION)
    if best != known:
        confidence *= 0.6  # the focus is a name the gazetteer lacks; the point is the best place it knows
    return EventLocation(place, precision, round(confidence, 4), first_index[known]), focus
