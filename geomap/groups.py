"""A document's place names grouped by name, with their candidates and the links the text draws between them.

Every mention of one name (and country hint) in a document is one :class:`NameGroup`: one sense per
discourse. Building the groups also records what the text says between names: "X, Y" (a place and
its area, or a US state abbreviation), "X is a town in A, B" (where the text puts it) and lists of
peers ("Ohio, Oregon and Utah"). :mod:`geomap.resolve` scores the candidates with these links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from gazetteer import Candidate, Kind, Match, Place

from .context import IS_A_PLACE
from .extract import STATE_AFTER, state_code
from .lexicon import LIST_GAPS, OWNED_GAPS, PLACE_NOUNS, US_STATE_NAMES
from .spans import Span

__all__ = ["NameGroup", "group_names"]

_SCORE = attrgetter("score")
# Kinds whose well-known names mean them in the news, whatever the context ("Lebanon", "Middle East",
# "the Atlantic"): a town that shares the name keeps only its prior (see resolve._ranked).
_MAJOR_KINDS = frozenset({Kind.COUNTRY, Kind.CONTINENT, Kind.SEA, Kind.REGION})
# What "X is a town in …" says X is, by its noun (nouns that name several kinds, "township",
# "municipality", "district", "region", say nothing).
_DESCRIBED_KINDS = {
    **dict.fromkeys(("city", "town", "village", "borough", "community", "suburb", "hamlet", "settlement",
                     "census-designated place", "locality", "neighbourhood", "neighborhood", "barangay", "barrio",
                     "kibbutz", "moshav"),
                    Kind.POPULATED_PLACE.value),
    "county": Kind.ADMIN2.value,
    "state": Kind.ADMIN1.value,
    "province": Kind.ADMIN1.value,
    "country": Kind.COUNTRY.value,
}
_SENTENCE_END = re.compile(r"(?<![A-Z])\.\s|\n")
# "X refugee camp in A, B": a place noun after the name, then where it lies ("the Pelt town of X" is
# the other way round: X is the town). One word may come before the noun, unless it is a verb's past
# ("refugee camp", not "pitched camp").
_NOUN_IN = re.compile(rf"(?: [a-z]+(?<!ed))? (?:{'|'.join(sorted(PLACE_NOUNS))}) in (?:the )?")
_NEXT_WORD = re.compile(r" ([a-z]+)")


@dataclass(slots=True)
class NameGroup:
    """All mentions of one name in a document. The links most names lack are empty tuples, not lists
    of their own: a document has hundreds of groups, and each container allocated costs collector time."""

    key: tuple[str, str | None]
    spans: list[int]
    candidates: list[Candidate]
    kind_hint: str | None = None
    pair_spans: tuple[int, ...] = ()  # index of the qualifier span after ", "
    described_in: tuple[int, ...] = ()  # the spans of "X is a town in A, B" (A and B)
    placed_in: tuple[int, ...] = ()  # the spans of "X refugee camp in A, B" (A and B)
    heads: tuple[int, ...] = ()  # groups this one qualifies ("Buffalo, New York" -> Buffalo)
    list_peers: tuple[int, ...] = ()  # groups listed with it ("Ohio, Oregon and Utah")
    # Set at each pass by geomap.resolve: what its qualifiers may mean, what its heads may be.
    qualifier_senses: Sequence[Sequence[Candidate]] = ()
    head_places: Sequence[Place] = ()
    listed_kinds: dict[tuple[Kind, str], float] | None = None  # see resolve._listed_kinds
    pair_states: tuple[str, ...] = ()
    role: str | None = None  # "dateline"/"byline" when every mention has that role
    pick: Candidate | None = None
    major_area: Candidate | None = None  # a country, continent, sea or region candidate with a strong prior
    exact_capital: bool = False  # a national capital is a candidate by its own name (see resolve._ranked)
    weight: float = 0.0  # how much this name sways the document's countries (see resolve._vote_weight)
    floor: float = 0.0  # candidates scoring below this before nearness cannot win; skip the distances
    bases: list[float] = field(default_factory=list)  # per candidate: resolve._base, the same at every pass


def _state_candidates(code: str, gazetteer: object) -> list[Candidate]:
    """The US state a postal or AP abbreviation names."""
    search = gazetteer.search  # type: ignore[attr-defined]
    found: list[Candidate] = search(US_STATE_NAMES[code], country="US", kinds=[Kind.ADMIN1], limit=1)
    return [Candidate(c.place, Match.ALIAS, 1.0, max(c.prior, 0.9)) for c in found]


def _country_candidates(found: list[Candidate], code: str, gazetteer: object) -> list[Candidate]:
    """Keep only the country ``code`` ("U.S." is the United States, never a town whose alias is "US")."""
    kept = [c for c in found if c.place.kind is Kind.COUNTRY and c.place.country == code]
    if kept:
        return kept
    place = gazetteer.country(code)  # type: ignore[attr-defined]
    return [Candidate(place, Match.ALIAS, 1.0, 1.0)] if place is not None else []


def group_names(spans: Sequence[Span], text: str, gazetteer: object,
                max_candidates: int) -> tuple[list[NameGroup], list[int]]:
    """Group the place spans by name (and country hint) with their candidates, at most about
    ``max_candidates`` each (see :func:`_shortlist`), and the links the text draws between them;
    also, per span, the index of its group (-1 for a span that is no place)."""
    lookup = gazetteer.lookup_key  # type: ignore[attr-defined]
    # The document's names in one query, before the lookups below ask for them one by one.
    gazetteer.prefetch([s.key for s in spans if s.clue.is_place and s.key and not s.clue.state])  # type: ignore[attr-defined]
    by_key: dict[tuple[str, str | None], int] = {}
    group_of = [-1] * len(spans)
    starts = {s.start: i for i, s in enumerate(spans) if s.clue.is_place}
    groups: list[NameGroup] = []
    for i, s in enumerate(spans):
        if not s.clue.is_place:
            continue
        gkey = (s.key, s.clue.country)
        gi = by_key.get(gkey)
        if gi is None:
            if s.clue.state:
                found = _state_candidates(s.clue.state, gazetteer)
            elif not s.key:
                found = []  # a place the gazetteer lacks
            else:
                found = lookup(s.key, text=s.text)
            if s.clue.country and not s.clue.state:
                found = _country_candidates(found, s.clue.country, gazetteer)
            found = sorted(found, key=_SCORE, reverse=True)  # reverse keeps ties in order, as the gazetteer gave them
            gi = by_key[gkey] = len(groups)
            # Only the name itself, not a respelling: "Columbia" is not Colombia.
            major = None
            for c in found:
                if (c.prior >= 0.8 and c.place.kind in _MAJOR_KINDS
                        and c.match in (Match.EXACT, Match.ALIAS)):
                    major = c
                    break
            groups.append(NameGroup(gkey, [], found, major_area=major))
        g = groups[gi]
        g.role = s.clue.role if not g.spans or g.role == s.clue.role else None
        g.spans.append(i)
        group_of[i] = gi
        g.kind_hint = g.kind_hint or s.clue.kind_hint
        if (m := IS_A_PLACE.match(text, s.end, s.end + 160)) is not None:
            # "Aurora is a small city of Nebraska, in Hamilton County": the names that follow say where.
            stop = _SENTENCE_END.search(text, m.end(), m.end() + 80)
            stop_at = stop.start() if stop else m.end() + 80
            described = tuple(j for pos, j in starts.items() if m.end() <= pos < stop_at)
            g.pair_spans += described
            if not g.described_in:  # the first description is the page's own ("Hamilton is a city in …")
                g.described_in = described
                g.kind_hint = g.kind_hint or _DESCRIBED_KINDS.get(m.group(1))
        elif not g.placed_in and (m := _NOUN_IN.match(text, s.end, s.end + 60)) is not None:
            # The places named right after, "A" or "A, B", say where: not the rest of the sentence,
            # which may name another place of the same kind ("X camp in A and Y camp in B").
            j = starts.get(m.end())
            chain: tuple[int, ...] = ()
            while j is not None:
                chain += (j,)
                j = starts.get(spans[j].end + 2) if text.startswith(", ", spans[j].end) else None
            g.pair_spans += chain
            g.placed_in = chain
        if i and (owner := spans[i - 1]).clue.is_place and text[owner.end : s.start] in OWNED_GAPS:
            # "Iraq's Kurdistan Region": the owner is where it lies. Followed by a place noun
            # ("Qamishli's Wusta neighbourhood") the text says so outright, as "X is a town in A" does.
            g.pair_spans += (i - 1,)
            if not g.described_in and (m := _NEXT_WORD.match(text, s.end)) and m.group(1) in PLACE_NOUNS:
                g.described_in = (i - 1,)
        if text.startswith(", ", s.end):
            j = starts.get(s.end + 2)
            if j is not None:
                g.pair_spans += (j,)
            else:
                m = STATE_AFTER.match(text, s.end)
                code = m and state_code(m.group(1))
                if code:
                    g.pair_states += (code,)
    _shortlist(groups, max_candidates)
    _link_lists(spans, text, groups, group_of)
    for gi, g in enumerate(groups):
        for j in dict.fromkeys(group_of[j] for j in g.pair_spans):
            if j != gi:
                groups[j].heads += (gi,)
    return groups, group_of


def _link_lists(spans: Sequence[Span], text: str, groups: list[NameGroup], group_of: Sequence[int]) -> None:
    """Record the names listed together: "Ohio, Oregon and Utah", "Colorado and Texas". Three names,
    or two joined by "and"/"or"; two joined by a comma may be a place and its area ("Buffalo, New York")."""
    chain: list[int] = []
    joined = False
    for i in [i for i in range(len(spans)) if group_of[i] >= 0] + [-1]:
        prev = chain[-1] if chain else -1
        gap = text[spans[prev].end : spans[i].start] if i >= 0 and prev >= 0 else None
        if gap in LIST_GAPS:
            chain.append(i)
            joined = joined or gap != ", "
            continue
        if len(chain) >= 3 or (len(chain) == 2 and joined):
            members = dict.fromkeys(group_of[k] for k in chain)
            for gi in members:
                groups[gi].list_peers += tuple(j for j in members if j != gi)
        chain, joined = ([i], False) if i >= 0 else ([], False)


def _shortlist(groups: list[NameGroup], keep: int) -> None:
    """Cut each name's candidates to the ``keep`` likeliest, plus any lying in a country or admin-1 area
    another name of the text clearly means (Kingston, Tasmania is no giant, but Tasmania is named)."""
    countries: set[str] = set()
    areas: set[tuple[str, str]] = set()
    for g in groups:
        if g.candidates:
            top = g.candidates[0].place
            if top.kind is Kind.COUNTRY:
                countries.add(top.country)
            elif top.kind is Kind.ADMIN1:
                countries.add(top.country)
                areas.add((top.country, top.admin1))
        if g.pair_states:
            countries.add("US")
    for g in groups:
        if len(g.candidates) <= keep:
            continue
        head = g.candidates[:keep]
        extra = [c for c in g.candidates[keep:] if c.place.country in countries
                 and (not areas or (c.place.country, c.place.admin1) in areas or c.place.kind is not Kind.POPULATED_PLACE)]
        g.candidates = head + extra[: 3 * keep]
