"""Decide where a document's reported event happened, from its resolved mentions.

Each place gathers votes from its mentions: how often and how early it is named (the title and lead
count most), how specific it is (a village beats its country), whether a preposition of place
introduces it ("in Baghouz"), and whether it is near an event word ("killed", "siege"), best when the
name completes the event word's phrase ("killed Thursday in the town of X"). The clause can take most
of a mention's evidence away: a reference point ("30 km north of X", "a man from X", "Sousa, near
X"), the wider area of the name before it ("Galga village in Gombi", "Adana, southern Turkey") or after
it ("the Aleppo district of Sukkari", the larger of the two places), an owner ("X's Kamaliya
district"), an actor or modifier ("X officials said", "X was shot"). A dateline counts for a little:
the Kurdistan 24 story is datelined Erbil and is about Baghouz. Bylines never count. An area that
contains another voted place passes its votes down to it.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from gazetteer import Kind, Place

from .context import party_home
from .extract import MAX_TEXT_CHARS
from .lexicon import (
    ARTICLE_PATTERN,
    OWNED_GAPS,
    PLACE_NOUNS,
    PLACE_PREPOSITIONS,
    POSSESSIVE_ENDINGS,
    STOPWORDS,
    TYPE_SUFFIXES,
)
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
    r"damag|occur|happen|held|took place|rescued|detain|abduct|kidnap|ambush|assault|offensive|airstrike|"
    r"detonat|demonstrat|rally|rallie|patrol|massacr|behead|invad|executed|execution|loot|sabotag|gunfire)",
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
# The same stems matched case-sensitively in lower-cased text: twice as fast as ignoring case.
_EVENT_WORDS_LOWER = re.compile(_EVENT_WORDS.pattern)
# Where lower-casing and ignoring case differ (checked over all of Unicode): "İ" lower-cases to two
# characters, and the dotless "ı" and the long "ſ" match "i" and "s" only when ignoring case.
_CASE_FOLDS_APART = ("\u0131", "\u017f")
_EVENT_WINDOW = 80


# Words before an event word that say it has not happened ("a possible attack on X", "the planned march").
_NOT_YET = re.compile(
    r"\b(?:possible|potential|planned|proposed|threatened|looming|imminent|future) (?:[a-z.-]+ ){0,2}$", re.IGNORECASE
)


def _event_word_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every event word in ``text`` (within ``MAX_TEXT_CHARS``) that reports a
    happening (not "a possible attack"), in order."""
    lowered = text.lower()
    if len(lowered) != len(text) or any(c in text for c in _CASE_FOLDS_APART):
        spans = [m.span() for m in _EVENT_WORDS.finditer(text, 0, MAX_TEXT_CHARS)]
    else:
        spans = [m.span() for m in _EVENT_WORDS_LOWER.finditer(lowered, 0, MAX_TEXT_CHARS)]
    return [(s, e) for s, e in spans if _NOT_YET.search(text, max(0, s - 40), s) is None]


def _event_nearness(words: list[tuple[int, int]], start: int, end: int, after: float = 0.8) -> float:
    """1 when an event word sits right by the name, falling to 0 at ``_EVENT_WINDOW`` characters;
    a word before the name ("killed in Konduga") counts fully, one after it a little less.
    ``words`` are the (start, end) of every event word in the text, in order."""
    best = 0.0
    i = bisect.bisect_left(words, (start, 0))
    if i > 0 and words[i - 1][1] <= start:
        best = max(0.0, 1.0 - (start - words[i - 1][1]) / _EVENT_WINDOW)
    j = bisect.bisect_left(words, (end, 0))
    if j < len(words):
        best = max(best, after * (1.0 - (words[j][0] - end) / _EVENT_WINDOW))
    return best


# From the end of an event word to a name it governs: "killed Thursday in the southern town of X",
# "attack on X", "bombed X": at most a few words, a preposition of place (or none), no clause break.
_EVENT_TO_PLACE = re.compile(
    r"[a-z]*(?: +[\w.]+){0,3}? +(?:(?:in|at|near|on|inside|into|outside|across|around|over|throughout|against)"
    r" +)?(?:the +)?(?:[a-z]+ +){0,3}?(?:of +)?"
)


def _governed_by_event(text: str, words: list[tuple[int, int]], start: int, since: int) -> bool:
    """Whether the closest event word before ``start`` governs the name there ("killed in X"), with
    no other name between them (``since``: where the name before ends). In "an attack on X by Y" the
    event phrase is X's."""
    i = bisect.bisect_left(words, (start, 0))
    if i == 0 or start - words[i - 1][1] > 60 or words[i - 1][0] < since:
        return False
    return _EVENT_TO_PLACE.fullmatch(text, words[i - 1][1], start) is not None


@dataclass(frozen=True, slots=True)
class LocateWeights:
    """How much each kind of evidence counts towards being the event place."""

    count: float = 0.6
    title: float = 0.8
    lead: float = 0.6
    specificity: float = 1.2
    preposition: float = 0.4
    event_word: float = 1.6
    dateline: float = 0.35
    unknown_specificity: float = 0.8
    lead_chars: int = 400
    # Multipliers for a mention whose clause says it is not where things happened.
    landmark: float = 0.3  # "north of Baghdad": a reference point
    container: float = 0.5  # "Adana, southern Turkey", "Galga village in Gombi": the wider area
    possessive: float = 0.5  # "Baghdad's Kamaliya district": the wider area
    event_word_after: float = 0.4
    governed: float = 1.5  # the name completes an event word's phrase ("killed in X")
    modifier: float = 0.3  # "U.S. officials", "the Bombay floods": describes a noun, or acts
    pass_down: float = 0.5  # the share of its vote an area or town passes to the places in it


class _Seen(NamedTuple):  # a tuple: built for every mention, several times cheaper than a frozen dataclass
    number: int  # its index among the mentions
    target: str  # a place id, or "?" + the text of a name the gazetteer lacks
    place: Place | None
    start: int
    end: int
    role: Role
    confidence: float


def _specificity(m: _Seen, w: LocateWeights) -> float:
    return _SPECIFICITY.get(m.place.kind, 0.5) if m.place is not None else w.unknown_specificity


_CONTAINER_KINDS = frozenset({Kind.COUNTRY, Kind.ADMIN1, Kind.ADMIN2})  # the only kinds _inside holds places in


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


# A place named only to say where something else is: "10 km north of Baghdad", "not far from Azaz".
_LANDMARK_BEFORE = re.compile(
    r"(?:\b(?:north|south|east|west)(?:-?(?:north|south)?-?(?:east|west))?|\b(?:km|kilometers?|kilometres?|miles?)\)?"
    r"|\bfar)\s+(?:of|from)\s+(?:the\s+)?(?:(?:city|town|capital|village|province)(?:\s+of)?,?\s+)?$",
    re.IGNORECASE,
)
_FROM_BEFORE = re.compile(r"\bfrom\s+$", re.IGNORECASE)  # "a man from X": where someone comes from
# What lies between a place and the wider area it is said to be in: ", southern Turkey", " village in ",
# " district of the ", " in the state's ".
_CONTAINER_GAP = re.compile(
    r"(?:\s+[a-z]+){0,2}?(?:,|\s+(?:in|of))\s+(?:the\s+)?(?:[a-z]+(?:['’]s)?\s+){0,2}$"
)


def _contains_previous(text: str, previous: _Seen | None, m: _Seen) -> bool:
    """Whether ``m`` is named as the wider area of the mention just before it ("Adana, southern Turkey")."""
    if previous is None or not _adjacent(previous, m):
        return False
    gap = text[previous.end : m.start]
    if _NOUN_OF_GAP.fullmatch(gap) is not None:
        # "the Sukkari district of Aleppo", unless the first is the larger ("the Aleppo district
        # of al-Sukkari": see _names_wider_area_of_next); a tie keeps the word order.
        return _size(m) >= _size(previous)
    if _CONTAINER_GAP.fullmatch(gap) is None:
        return False
    if "," not in gap or previous.place is None:
        return True
    # "Hama, Homs": a list, unless the second is the larger kind of place.
    return m.place is not None and _SPECIFICITY.get(m.place.kind, 0.5) < _SPECIFICITY.get(previous.place.kind, 0.5)


_NEXT_LOWER_WORD = re.compile(r" +([a-z]+)\b")  # any spaces: wire copy leaves two where a line broke
# "Palme was shot", "Millan, 41, was shot": the name is who it happened to, not where.
_SUBJECT_AFTER = re.compile(r"(?:, \d{1,3},)? +(?:was|were|has been|had been)\b")
# Lower-case words after a place that keep it where things are: "Aleppo countryside", "Iraq on Monday".
_PLACE_HEADS = PLACE_NOUNS | frozenset(TYPE_SUFFIXES) | frozenset(
    "area areas border borders outskirts countryside suburbs frontier sector pocket "
    # a site there: "the Palmasola prison", "Mallah farms"
    "prison jail hospital mosque church temple market bazaar school university airport station bridge "
    "road highway checkpoint farms fields port harbor harbour crossing camp square compound "
    "stadium hotel dam dike".split())


# " district of ", " province town of the ": "the Aleppo district of al-Sukkari" names the wider area
# first, "the Sukkari district of Aleppo" last; the sizes of the two places tell which.
_PLACE_NOUN_ALTERNATIVES = "|".join(sorted(PLACE_NOUNS, key=len, reverse=True))
_ARTICLE = f"(?:{ARTICLE_PATTERN}-)?"  # "of al-Sukkari"
_NOUN_OF_GAP = re.compile(rf"(?:\s+[a-z]+){{0,2}}?\s+(?:{_PLACE_NOUN_ALTERNATIVES})\s+of\s+(?:the\s+)?{_ARTICLE}")
# Gaps after which the first name is the wider area whatever the sizes: an owner ("Aleppo's old eastern
# district of Sukkari") or an area and its capital ("the Kurdistan Region capital Erbil").
_OWNER_NOUN_GAP = re.compile(
    rf"(?:['’]s(?:\s+[A-Za-z]+){{0,3}}?\s+(?:{_PLACE_NOUN_ALTERNATIVES})\s+of|\s+capital,?)\s+(?:the\s+)?{_ARTICLE}"
)
# Between a place and a reference point named to say where it is: "Hajin near Baghouz", "Sousa, near
# Baghouz", "the Tabqa dam near Raqqa". No other word: "a U.S. airstrike near X" locates nothing.
_NEAR_GAP = re.compile(
    r",?\s+(?:(?:" + "|".join(sorted(_PLACE_HEADS, key=len, reverse=True)) + r")\s+)?"
    r"(?:near|outside|close\s+to|not\s+far\s+from)\s+(?:the\s+)?(?:(?:city|town|village|capital)\s+of\s+)?"
)


def _size(m: _Seen) -> tuple[float, int]:
    """How large a mention's place is, to tell the wider of two: its kind, then its population; a name
    the gazetteer lacks counts as the smallest (it is missing because it is small)."""
    if m.place is None:
        return (-math.inf, 0)
    return (-_SPECIFICITY.get(m.place.kind, 0.5), m.place.population)


def _adjacent(first: _Seen, second: _Seen) -> bool:
    """Whether two mentions are close enough for the words between them to link them."""
    return first.end <= second.start and second.start - first.end <= 40


def _names_wider_area_of_next(text: str, m: _Seen, following: _Seen | None) -> bool:
    """Whether ``m`` is named as the wider area of the mention right after it ("the X town of Y")."""
    if following is None or not _adjacent(m, following):
        return False
    if _OWNER_NOUN_GAP.fullmatch(text, m.end, following.start) is not None:
        return True
    return _NOUN_OF_GAP.fullmatch(text, m.end, following.start) is not None and _size(m) > _size(following)


def _locates_previous(text: str, previous: _Seen | None, m: _Seen) -> bool:
    """Whether ``m`` is a reference point named to say where the mention right before it is ("Y near X")."""
    return (previous is not None and _adjacent(previous, m)
            and _NEAR_GAP.fullmatch(text, previous.end, m.start) is not None)


# Nouns the capitalised-word stop list holds that, after a name, make it an actor: "Syrian officials said".
_ACTORS = frozenset("officials authorities police government president people residents".split())


def _modifies_noun(text: str, end: int) -> bool:
    """Whether a lower-case word that is neither a function word nor a place noun follows the name:
    "U.S. officials", "Sudan pharmaceutical plant", "Iraq invaded" (an actor, not a scene)."""
    m = _NEXT_LOWER_WORD.match(text, end, end + 30)
    if m is None:
        return False
    word = m.group(1)
    if word in _ACTORS:
        return True
    return word not in STOPWORDS and word not in PLACE_PREPOSITIONS and word not in _PLACE_HEADS


def _premodifier(text: str, end: int) -> bool:
    """Whether the name modifies what follows ("U.S.-led", "U.S. Central Command"): not where it happened."""
    after = text[end : end + 2]
    return after[:1] == "-" or (after[:1] == " " and after[1:2].isupper())


def _is_town(m: _Seen) -> bool:
    return m.place is not None and m.place.kind is Kind.POPULATED_PLACE


def _held_by(text: str, previous: _Seen | None, m: _Seen, following: _Seen | None) -> _Seen | None:
    """The mention next to ``m`` that the text puts inside ``m`` ("Y village in X", "the X town of
    Y"), or None when ``m`` is not named as a wider area."""
    if _contains_previous(text, previous, m):
        return previous
    if _names_wider_area_of_next(text, m, following):
        return following
    return None


def _clause_factor(text: str, previous: _Seen | None, m: _Seen, w: LocateWeights, *, holds: bool) -> float:
    """How much of a mention's own evidence stands, given what its clause makes of the name: a
    reference point ("north of X", "from X", "Y near X", a legislator's "D-X"), the wider area of the name before it or
    after it (``holds``, see :func:`_held_by`), an owner ("X's"), an actor or a modifier ("X
    officials", "X was shot") rather than a scene."""
    factor = 0.3 if _premodifier(text, m.end) else 1.0
    near_before = text[max(0, m.start - 30) : m.start]
    if ((" of " in near_before or "from " in near_before) and (
            _LANDMARK_BEFORE.search(text, max(0, m.start - 50), m.start)
            or _FROM_BEFORE.search(text, max(0, m.start - 6), m.start))) or _locates_previous(text, previous, m) or (
            party_home(text, m.start)):
        factor *= w.landmark
    if holds:
        factor *= w.container
    if text.startswith(POSSESSIVE_ENDINGS, m.end):
        factor *= w.possessive
    elif _modifies_noun(text, m.end) or _SUBJECT_AFTER.match(text, m.end, m.end + 20):
        factor *= w.modifier
    return factor


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
    event_words = _event_word_spans(text)
    votes: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    places: dict[str, Place] = {}
    first_index: dict[str, int] = {}
    mention_vote: dict[int, float] = {}
    town_holds: dict[str, set[str]] = defaultdict(set)  # a town's target -> the targets the text puts in it
    for k, m in enumerate(seen):
        target = m.target
        if m.place is not None:
            places[target] = m.place
        counts[target] += 1
        first_index.setdefault(target, m.number)
        v = 0.0
        if m.role is Role.DATELINE:
            v += w.dateline
        elif m.start < title_end:
            v += w.title
        elif m.start < title_end + w.lead_chars:
            v += w.lead
        previous = seen[k - 1] if k else None
        # "killed in Mogadishu's Yaqshid district": what introduces the owner introduces the place it owns.
        owner = previous if previous is not None and text[previous.end : m.start] in OWNED_GAPS else None
        at = owner.start if owner is not None else m.start
        before = text[max(0, at - 12) : at].lower().split()
        # "from X" is where someone or something came from: see _clause_factor.
        if before and before[-1] in PLACE_PREPOSITIONS and before[-1] != "from" and m.role is not Role.DATELINE:
            v += w.preposition
        if m.role is not Role.DATELINE:
            v += w.event_word * _event_nearness(event_words, m.start, m.end, w.event_word_after)
            # The name before the one the phrase would reach (before the owner, when one introduces it).
            if owner is None:
                name_before = previous
            else:
                name_before = seen[k - 2] if k >= 2 else None
            if _governed_by_event(text, event_words, at, name_before.end if name_before is not None else -1):
                v += w.governed
        following = seen[k + 1] if k + 1 < len(seen) else None
        held = _held_by(text, previous, m, following)
        # The text puts a smaller place in a town ("the X district of Deir Ezzor", "Kandahar's X
        # neighbourhood"): the town passes votes down to it as an area does (below). Not "a U.S. base
        # in X": a country is no part of a town.
        if held is not None and _is_town(m) and _size(held) < _size(m):
            town_holds[m.target].add(held.target)
        if owner is not None and _is_town(owner) and _size(m) < _size(owner):
            town_holds[owner.target].add(m.target)
        v *= (0.5 + 0.5 * m.confidence) * _clause_factor(text, previous, m, w, holds=held is not None)
        specificity = _specificity(m, w)
        if owner is not None:  # what a place owns lies inside it: at least as specific
            specificity = max(specificity, _specificity(owner, w))
        v += w.specificity * specificity
        mention_vote[m.number] = v
        votes[target] = max(votes[target], v)
    for target in votes:
        votes[target] += w.count * math.log2(1 + counts[target])
    # An area shares half its vote among the distinct places inside it that the text also names; a
    # town among the names the text puts in it.
    for outer_id, outer in places.items():
        if outer.kind not in _CONTAINER_KINDS:
            inner = [target for target in town_holds.get(outer_id, ()) if target != outer_id]
        else:
            inner = [pid for pid, p in places.items() if _inside(p, outer)]
        for pid in inner:
            votes[pid] += w.pass_down * votes[outer_id] / len(inner)
        if inner:
            votes[outer_id] *= 1.0 - w.pass_down
    best = max(votes, key=lambda t: (votes[t], -first_index[t]))
    # One mention is the focus: the one of the event place with the strongest own evidence.
    naming = [m for m in seen if m.target == best and m.role is Role.MENTIONED]
    focus = {max(naming, key=lambda m: (mention_vote[m.number], -m.number)).number} if naming else set()
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
