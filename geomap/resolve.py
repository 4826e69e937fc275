"""Pick the place each mention refers to, from the gazetteer's candidates and the document's context.

Mentions of the same name in one document are resolved together (one sense per discourse). Evidence,
each weighted in :class:`Weights`: the candidate's prior (population, feature rank) and how well its name
matched; how many other names could lie near it, whatever they are picked as; what the text says of it
("X, Y": Paris, Texas; Gainesville, Ga.; "X is a town in A County, B", where every qualifier it lies in
counts, and lists of peers like "China, Japan" count for nothing); the document's countries and admin-1
areas, voted by every other name (countries named outright count most); nearness to the other names'
places; a type word after the name ("Deir Ezzor province"). A second pass rescores with the first
pass's context. A described name the gazetteer lacks where the text puts it stands at the most specific
place the text names ("placed by the text in Fairfield County").
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from gazetteer import Candidate, Kind, Match, Place
from gazetteer.borders import neighbours
from gazetteer.normalize import normalize_name, respelled
from rapidfuzz.distance import Levenshtein
from shapely.geometry.base import BaseGeometry

from .groups import NameGroup, group_names
from .nearness import Nearness, km
from .spans import Span
from .support import add_support

__all__ = ["Resolution", "Weights", "resolve_spans"]

# An exact name beats an alternate name (historic, foreign or variant spellings) clearly.
_MATCH_WEIGHT = {Match.EXACT: 1.0, Match.ALIAS: 0.8, Match.NORMALISED: 0.7, Match.FUZZY: 0.3}
# A name shared by a country and a continent or region ("Australia") means the country in the news,
# and a first-level division's name ("California") the division more often than a town that shares it.
_KIND_TIEBREAK = {Kind.COUNTRY: 0.05, Kind.ADMIN1: 0.2}
# ...except a division that shares its name with its capital: bare "Mosul", "Kharkiv" or "Timbuktu" is the
# city, and the province is "Mosul province" (a type word). Not New York: Albany is the state's capital.
# A division without codes (another gazetteer's copy, whose point may lie anywhere in it) is taken as
# the capital's when it is in the same country.
_CAPITAL_CODES = frozenset({"PPLA", "PPLC"})
_SEAT_MARGIN = 0.05
# A town that shares a country's name is the town when two other names' places lie this close to it.
_CLUSTER_KM = 50.0
# ...or when it lies in a county the text names; a county without codes is a point, and a town
# this close to it is taken to lie in it (a county is rarely wider).
_COUNTY_KM = 40.0
_LINE_KINDS = frozenset({Kind.RIVER, Kind.LAKE})
_QUALIFIER_SENSES = 5  # how far down a qualifier's candidates to look for an area it could name
# How large each kind of container is, for "the most specific place the text puts it in".
_CONTAINER_RANK = {Kind.POPULATED_PLACE: 0, Kind.ADMIN2: 1, Kind.ADMIN1: 2, Kind.COUNTRY: 3}
_NEIGHBOURHOOD_KM = 30.0  # "a suburb of York": within this distance of the town
# Kinds whose prior is their population: a small one abroad is more likely a word than the place.
_SETTLEMENT_KINDS = frozenset({Kind.POPULATED_PLACE, Kind.ADMIN2, Kind.OTHER})
# A name this short that meets a place's name only through the spelling folds needs the words around
# it to be a place: of the English words news also writes in lower case, 7-20% of those of two to
# five letters meet some place that way by chance ("Hall" and "Hal", "Kate" and "Katai"), 8% of those
# of six, 3% of seven, under 1% from eight. Six letters lost transliterated village names on the dev
# sets' event sentences (focus share 0.8121 -> 0.8089; see docs/parse.md).
_SHORT_NAME = 5
_AREA_KINDS = frozenset({Kind.COUNTRY, Kind.ADMIN1, Kind.ADMIN2, Kind.CONTINENT, Kind.REGION, Kind.SEA})
# Countries and their first two levels of division: what a name after another may be ("Buffalo,
# New York"), what a qualifier may name as a container, the kinds listed names lean to.
_DIVISION_KINDS = frozenset({Kind.ADMIN1, Kind.ADMIN2, Kind.COUNTRY})
# The document's country and admin-1 votes with their totals (see _votes).
_Votes = tuple[dict[str, float], dict[tuple[str, str], float], float, float]
# What each country and admin-1 area's votes add to a candidate there, and what a country's
# neighbours' votes add (see _vote_bonuses).
_Bonuses = tuple[dict[str, float], dict[tuple[str, str], float], dict[str, float]]


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each kind of evidence counts; tuned on ../shared/eval/dev (see docs/parse.md)."""

    prior: float = 1.0
    match: float = 0.6
    pair: float = 1.5
    qualifier: float = 0.75
    country: float = 0.9
    # A country's votes count this much for the countries beside it, less than for itself: Gaza lies
    # beside the Israel and Egypt a story names, Woodstock, Ontario beside the story's US towns.
    # Anywhere from 0.6 to 0.9 raised LGL acc@161 (0.8151-0.8178, from 0.8140); 0.4 left it at 0.8140.
    neighbour: float = 0.7
    admin1: float = 0.6
    near: float = 0.5
    along: float = 1.0
    along_km: float = 30.0
    kind_hint: float = 0.6
    list_kind: float = 0.6
    near_km: float = 400.0
    # Each other name that could lie near a candidate (one of its places within support_km or a
    # first-level division around it; for a division, inside it) adds this, up to three names,
    # whatever those names are picked as (see geomap.support).
    support: float = 0.1
    support_km: float = 50.0
    max_candidates: int = 15
    # A country the caller says the text is about votes as a country the text names once, when the
    # text's own names vote less: it settles a short report ("Shelling hit Shafa") and leaves a text
    # that says where it is alone.
    country_hint: float = 2.0
    # A candidate in a country whose people the text names ("Palestinian witnesses", "the Syrian
    # army"): Bethlehem is the Palestinians', Palmyra Syria's Tadmur. Only where the best candidate
    # lies in some country: a sea is no one country's to lose to an area named after it. From 0.2 to
    # 0.4 alike on the dev sets (LGL acc@161 0.8214 -> 0.8216-0.8221, WikToR 0.8381 -> 0.8386-0.8392,
    # GeoVirus 0.8103 -> 0.8094).
    demonym: float = 0.3
    stray_prior: float = 0.55  # about 10,000 people
    stray_prior_normalised: float = 0.8


@dataclass(frozen=True, slots=True)
class Resolution:
    """The chosen place for one span (or none), its confidence, alternatives and the reason.
    ``stand_in`` marks a place the text puts a name in that the gazetteer lacks there (the name is
    not that place: "Baghdad's Doura district" stands at Baghdad)."""

    span: Span
    place: Place | None
    confidence: float
    alternatives: tuple[tuple[Place, float], ...]
    reason: str
    stand_in: bool = False


def _fits(place: Place, qualifier: Place) -> bool:
    """Whether ``place`` lies in ``qualifier``: by codes (country, admin-1), or near it for a town."""
    if qualifier.kind is Kind.POPULATED_PLACE:
        return place.id != qualifier.id and km(place.lat, place.lon, qualifier.lat, qualifier.lon) < _NEIGHBOURHOOD_KM
    if qualifier.kind is Kind.COUNTRY:
        return bool(place.country) and place.country == qualifier.country and place.id != qualifier.id
    if qualifier.kind in (Kind.ADMIN1, Kind.ADMIN2):
        return (place.country == qualifier.country and bool(place.admin1) and place.admin1 == qualifier.admin1
                and place.id != qualifier.id
                and (qualifier.kind is Kind.ADMIN1 or not (place.admin2 and qualifier.admin2)
                     or place.admin2 == qualifier.admin2))
    return False


def _pair_fits(place: Place, g: NameGroup) -> float:
    """How well the names after ``g``'s mentions ("X, Y"; "X is a town in A, B, C") describe ``place``.

    Every distinct qualifier the place lies in counts, so the fullest description wins: "Salem is a
    small farming town in New London County, in Connecticut, USA" fits every Salem in the USA once,
    but only Connecticut's twice. Capped at two, so a long list cannot outweigh everything else.
    """
    fitting = 0
    for senses in g.qualifier_senses:  # plain loops: this runs for every candidate of a qualified name
        for q in senses:
            if _fits(place, q.place):
                fitting += 1
                break
    return float(min(2, fitting))


def _context_for_pass(g: NameGroup, groups: Sequence[NameGroup], group_of: Sequence[int]) -> None:
    """What ``g``'s qualifiers may mean, which places its heads may be and what its list peers are,
    under this pass's picks (they depend on the groups' picks, not on the candidate being scored)."""
    if g.pair_spans:
        eligible: dict[int, None] = {}
        for j in g.pair_spans:
            if j in g.described_in or not _peers(g, groups[group_of[j]]):
                eligible[group_of[j]] = None
        g.qualifier_senses = [_qualifier_senses(groups[q]) for q in eligible]
    if g.heads:
        g.head_places = [c.place for h in g.heads if not _peers(groups[h], g)
                         for c in groups[h].candidates[:_QUALIFIER_SENSES]]
    if g.list_peers:
        g.listed_kinds = _listed_kinds(g, groups)


def _peers(head: NameGroup, qualifier: NameGroup) -> bool:
    """Whether "A, B" is a list ("Russia, Romania", "Washington, Pennsylvania") rather than a place and
    its area: A can itself be an area of B's size. A larger area makes no list: a country is not listed
    with another country's state ("Palestine, Texas" is the town)."""
    if qualifier.pick is None:
        return False
    rank = _CONTAINER_RANK.get(qualifier.pick.place.kind, 0)
    return rank > 0 and any(_CONTAINER_RANK.get(c.place.kind, 0) == rank and c.match in (Match.EXACT, Match.ALIAS)
                            for c in head.candidates[:_QUALIFIER_SENSES])


def _qualifies(area: Place, g: NameGroup) -> bool:
    """Whether ``area`` contains a likely place of a name it follows ("Buffalo, New York": the state)."""
    for place in g.head_places:
        if _fits(place, area):
            return True
    return False


def _described_home(g: NameGroup, groups: Sequence[NameGroup], group_of: Sequence[int]) -> Place | None:
    """The most specific place the text puts ``g``'s name in ("X is a town in A County, B"), when the
    chosen place does not lie there; None when it does, or when the text says nothing of the kind."""
    assert g.pick is not None
    if not g.described_in:
        return None
    containers = sorted((c for j in dict.fromkeys(group_of[j] for j in g.described_in)
                         if (c := _container(groups[j])) is not None and c.id != g.pick.place.id),
                        key=lambda c: _CONTAINER_RANK[c.kind])
    for k, home in enumerate(containers):
        # The most specific container that lies in the larger ones named with it: "Gozo, Malta" is no
        # Japanese town; "the Tees Valley region ... of England" is no valley in West Virginia. Of
        # several of one size it need lie in one only, and the first named is taken: the others are
        # neighbours ("a town in Ethiopia, near the Somalia border"; "a town in Litchfield County,
        # Connecticut, on the border with New York" is in the county).
        larger: dict[int, list[Place]] = defaultdict(list)
        for big in containers[k + 1 :]:
            if big.kind is not Kind.POPULATED_PLACE and _CONTAINER_RANK[big.kind] > _CONTAINER_RANK[home.kind]:
                larger[_CONTAINER_RANK[big.kind]].append(big)
        if all(any(_fits(home, big) for big in bigs) for bigs in larger.values()):
            peer = _CONTAINER_RANK.get(g.pick.place.kind, 0) >= _CONTAINER_RANK[home.kind]
            if peer and home.kind is not Kind.POPULATED_PLACE and g.kind_hint in (None, g.pick.place.kind.value):
                # "Texas is a state in the United States": a container is no stand-in for a peer, unless
                # the text calls the name another kind ("Macon is a town in Warren County": no county).
                return None
            return None if _fits(g.pick.place, home) else home
    return None


def _home_abroad(g: NameGroup, groups: Sequence[NameGroup], group_of: Sequence[int],
                 main_countries: set[str]) -> Place | None:
    """Where the text puts a settlement ("X refugee camp in A, B"), when the chosen place lies in another
    country and A in one of the text's main countries: the gazetteer lacks the name there, and A stands
    in. Within one country the pick stands: an old admin-1 code or a town 40 km out says less than a
    camp in Darfur matched to a Syrian village."""
    assert g.pick is not None
    pick = g.pick.place
    if not g.placed_in or pick.kind not in _SETTLEMENT_KINDS:
        return None
    for j in g.placed_in:
        home = _container(groups[group_of[j]])
        if home is not None and home.country:
            return home if pick.country != home.country and home.country in main_countries else None
    return None


# Type words that make a name a feature, not an area a place can lie in (see lexicon.TYPE_SUFFIXES).
_FEATURE_HINTS = frozenset({Kind.RIVER.value, Kind.LAKE.value, Kind.SEA.value})


def _container(q: NameGroup) -> Place | None:
    """What a qualifier in a description names as a container: an area it may mean ("a town in New York"
    is in the state, not the city), else the town itself ("a neighbourhood in Omaha"); None when the
    name is only respelled or says what it is and the pick is not that ("Franklin Township")."""
    if q.pick is None:
        return None
    if q.kind_hint in _FEATURE_HINTS:
        return None  # "a town in Coos County, on the Connecticut River": the river contains nothing
    for c in _qualifier_senses(q):
        if c.place.kind in _DIVISION_KINDS and c.match in (Match.EXACT, Match.ALIAS):
            return c.place
    pick = q.pick
    if (pick.place.kind is not Kind.POPULATED_PLACE or pick.match not in (Match.EXACT, Match.ALIAS)
            or (q.kind_hint and q.kind_hint != pick.place.kind.value)):
        return None
    return pick.place


def _qualifier_senses(g: NameGroup) -> list[Candidate]:
    """What a qualifier may mean: its pick, and any country or admin-1 area of its name, since the pair
    itself is the evidence ("Rochester, Washington" names the state even where the city would win alone)."""
    senses = [g.pick] if g.pick is not None else []
    senses.extend(c for c in g.candidates[:_QUALIFIER_SENSES]
                  if c is not g.pick and c.place.kind in (Kind.COUNTRY, Kind.ADMIN1) and c.match is not Match.FUZZY)
    return senses


def _listed_kinds(g: NameGroup, groups: Sequence[NameGroup]) -> dict[tuple[Kind, str], float]:
    """How far the names listed with ``g`` are picked as each kind of area, per country ("" for
    countries): a list names peers ("Ohio, Oregon and Utah" are states). One other name counts half:
    "New York City and Florida" lists a city and a state."""
    picks = [groups[j].pick for j in g.list_peers]
    shares: dict[tuple[Kind, str], float] = defaultdict(float)
    for p in picks:
        # Only divisions: a town listed with towns needs no help, and "Australia and Asia" lists a
        # country with a continent.
        if p is not None and p.place.kind in _DIVISION_KINDS:
            country = "" if p.place.kind is Kind.COUNTRY else p.place.country
            shares[(p.place.kind, country)] += min(1.0, len(picks) / 2) / len(picks)
    return shares


def _base(g: NameGroup, c: Candidate, w: Weights) -> float:
    """A candidate's own evidence: prior, how its name matched, its kind, the type word after the name."""
    s = w.prior * c.prior + w.match * _MATCH_WEIGHT[c.match] + _KIND_TIEBREAK.get(c.place.kind, 0.0)
    if g.kind_hint and c.place.kind.value == g.kind_hint:
        s += w.kind_hint
    return s


def _seats_over_divisions(g: NameGroup) -> None:
    """Rank a capital just above the first-level division of its name, among ``g``'s candidates (see
    :data:`_CAPITAL_CODES`): the capital takes the division's standing against the name's other
    places ("Amarah" is Iraq's, not Ethiopia's Amhara), and the division falls just below it."""
    capitals = [(i, c.place, _MATCH_WEIGHT[c.match]) for i, c in enumerate(g.candidates)
                if c.place.feature_code in _CAPITAL_CODES and c.place.kind is Kind.POPULATED_PLACE]
    if not capitals or g.kind_hint:  # "Mosul province", "Mosul city": the text has said which
        return
    for i, c in enumerate(g.candidates):
        area = c.place
        if area.kind is not Kind.ADMIN1:
            continue
        for k, city, city_match in capitals:
            # The division's own name is not its capital's alias: "Ohio" is the state, though GeoNames
            # lists "Ohio" among Columbus' names. A respelling of the capital's own name still names
            # it: "Arbil" is the city the gazetteer spells "Irbil".
            if city_match < _MATCH_WEIGHT[c.match] and not _respells(g.key[0], city.name):
                continue
            if city.country == area.country and (city.admin1 == area.admin1 or not (city.admin1 and area.admin1)):
                g.bases[k] = max(g.bases[k], g.bases[i])
                g.bases[i] = g.bases[k] - _SEAT_MARGIN
                break


def _respells(key: str, name: str) -> bool:
    """Whether ``key`` is ``name``'s matching key but for one letter ("arbil" and "Irbil")."""
    return Levenshtein.distance(key, normalize_name(name), score_cutoff=1) <= 1


# A Resolution shows the pick and the next three (ranked[1:4]); below the fourth the order matters to no one.
_SHOWN = 4


def _ranked(gi: int, g: NameGroup, w: Weights, votes: _Votes, bonuses: _Bonuses,
            nearness: Nearness, counties: Sequence[Place]) -> list[tuple[float, Candidate]]:
    """The first :data:`_SHOWN` candidates of group ``gi``, with their scores
    under this pass's context, best first (ties keep the gazetteer's order). What the group and the
    pass share is looked up once, not per candidate; the distances (the costly evidence) are measured
    only for candidates whose score with the most nearness can add could still reach the first
    ``_SHOWN``. A lone candidate is not scored: nothing ranks against it (its score is its base)."""
    if len(g.candidates) == 1:
        return [(g.bases[0], g.candidates[0])]
    country_votes, admin1_votes, c_total, a_total = votes
    country_bonus, admin1_bonus, beside = bonuses
    own = g.pick
    own_country = own_area = None
    own_country_bonus = own_area_bonus = 0.0
    if own is not None:
        # The name's own vote does not count for its own candidates: their bonus is worked out apart.
        own_country, own_area = own.place.country, (own.place.country, own.place.admin1)
        own_country_bonus = max(w.country * max(0.0, country_votes.get(own_country, 0.0) - g.weight) / c_total,
                                beside.get(own_country, 0.0))
        own_area_bonus = w.admin1 * max(0.0, admin1_votes.get(own_area, 0.0) - g.weight) / a_total
    has_senses, has_heads, states, listed = bool(g.qualifier_senses), bool(g.heads), g.pair_states, g.listed_kinds
    points, lines, major = nearness.points, nearness.lines, g.major_area is not None
    scores: list[float] = []
    settled: list[float] = []  # the scores with no distance to add
    # Candidates still to be measured: (the most their score can reach, index, score so far, cap,
    # whether nearness to the other names applies, whether nearness to a line does).
    pending: list[tuple[float, int, float, float, bool, bool]] = []
    for i, (c, own_base) in enumerate(zip(g.candidates, g.bases)):
        place = c.place
        kind = place.kind
        country = place.country
        s = own_base
        pair = w.pair * _pair_fits(place, g) if has_senses else 0.0
        s += pair
        if has_heads and kind in _DIVISION_KINDS and _qualifies(place, g):
            s += w.qualifier
        if states and country == "US" and place.admin1 in states:
            s += w.pair
        if listed and kind in _DIVISION_KINDS:
            s += w.list_kind * listed.get((kind, "" if kind is Kind.COUNTRY else country), 0.0)
        if country:
            s += own_country_bonus if country == own_country else country_bonus.get(country, 0.0)
        if place.admin1 and kind is not Kind.COUNTRY:
            area = (country, place.admin1)
            s += own_area_bonus if area == own_area else admin1_bonus.get(area, 0.0)
        if kind not in _AREA_KINDS:
            # A name that is a country's or continent's is that country in the news, whatever the
            # context; a town sharing it keeps only its prior (China the country, not Arcade, NY, once
            # "China"), unless the text says outright where it is ("China, a lakeside town of
            # Kennebec County in Maine") or the town lies among the text's places.
            # Likewise a national capital's name is the capital's, not a town's other name ("Jerusalem"
            # for Funkstown, Maryland): a town it names only by an alias keeps its prior.
            capped = (g.exact_capital and c.match is not Match.EXACT) or (
                major and not _among_the_texts_places(g, gi, place, nearness, votes, counties))
            cap = own_base + pair if capped else math.inf
            near = w.near if points and own_base > g.floor and nearness.any_near(place.lat) else 0.0
            along = w.along if lines and kind not in _LINE_KINDS else 0.0
            if near or along:
                # Each term adds at most its weight, and float sums grow with their terms: a bound.
                pending.append((min(s + near + along, cap), i, s, cap, bool(near), bool(along)))
                scores.append(s)
                continue
            s = min(s, cap)
        scores.append(s)
        settled.append(s)
    if pending and (dropped := _measure(gi, g, w, nearness, scores, settled, pending)):
        order = sorted((i for i in range(len(scores)) if i not in dropped), key=scores.__getitem__, reverse=True)
    else:
        order = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)  # stable, as reverse keeps ties
    return [(scores[i], g.candidates[i]) for i in order[:_SHOWN]]


def _among_the_texts_places(g: NameGroup, gi: int, place: Place, nearness: Nearness, votes: _Votes,
                            counties: Sequence[Place]) -> bool:
    """Whether a town that shares a country's (or sea's, region's) name is the one meant after all:
    it lies among the text's other places, or in a county the text names, and no other name lies in
    that country ("Palestine" in a Texas story that names two towns near Palestine, Texas, or
    Anderson County)."""
    assert g.major_area is not None
    area_country = g.major_area.place.country
    if area_country:  # the cheap test first: another name in that country keeps the country
        own = g.weight if g.pick is not None and g.pick.place.country == area_country else 0.0
        if votes[0].get(area_country, 0.0) - own > 0.0:
            return False
    if any(_in_county(place, county) for county in counties):
        return True
    return nearness.groups_within(place.lat, place.lon, gi, _CLUSTER_KM) >= 2


def _in_county(place: Place, county: Place) -> bool:
    """Whether ``place`` lies in ``county`` (an admin-2 area): by both codes, or near its point
    when either lacks one."""
    if county.country != place.country or county.admin1 != place.admin1 or not place.admin1:
        return False
    if place.admin2 and county.admin2:
        return place.admin2 == county.admin2
    return km(place.lat, place.lon, county.lat, county.lon) < _COUNTY_KM


def _measure(gi: int, g: NameGroup, w: Weights, nearness: Nearness, scores: list[float], settled: list[float],
             pending: list[tuple[float, int, float, float, bool, bool]]) -> set[int]:
    """Add the distances to the ``pending`` candidates' ``scores``, likeliest first, until the rest
    cannot reach the first :data:`_SHOWN`; return those left unmeasured (their order matters to no one)."""
    top = sorted(settled)[-_SHOWN:]  # ascending: top[0] is the score to beat once _SHOWN are known
    pending.sort(key=lambda p: -p[0])
    for k, (bound, i, s, cap, near, along) in enumerate(pending):
        if len(top) >= _SHOWN and bound < top[0]:
            return {p[1] for p in pending[k:]}
        place = g.candidates[i].place
        if near:
            best = nearness.nearest_km(place.lat, place.lon, gi)
            if best < w.near_km:
                s += w.near * (1.0 - best / w.near_km)
        if along:
            best = nearness.along_km(place.lat, place.lon, gi, w.along_km)
            if best < w.along_km:
                s += w.along * (1.0 - best / w.along_km)
        s = min(s, cap)
        scores[i] = s
        bisect.insort(top, s)
        if len(top) > _SHOWN:
            del top[0]
    return set()


def resolve_spans(
    spans: Sequence[Span], text: str, gazetteer: object, *, weights: Weights | None = None,
    countries: Sequence[str] = (), demonym_countries: Iterable[str] = (),
) -> list[Resolution]:
    """Resolve every span judged a place (others are left out of the result). ``countries`` are ISO
    alpha-2 codes of countries the caller knows the text is about (see :attr:`Weights.country_hint`);
    ``demonym_countries`` those whose people the text names (see :attr:`Weights.demonym`)."""
    w = weights or Weights()
    hinted = dict.fromkeys(countries, w.country_hint)
    described = frozenset(demonym_countries)
    groups, group_of = group_names(spans, text, gazetteer, w.max_candidates)

    for g in groups:
        # A candidate's own evidence (prior, match, type word) is the same at every pass: summed once.
        g.bases = [_base(g, c, w) for c in g.candidates]
        if described and g.bases and g.candidates[max(range(len(g.bases)), key=g.bases.__getitem__)].place.country:
            g.bases = [b + w.demonym if c.place.country in described else b for b, c in zip(g.bases, g.candidates)]
        g.exact_capital = any(c.place.feature_code == "PPLC" and c.match is Match.EXACT for c in g.candidates)
        _seats_over_divisions(g)
    add_support(groups, w.support, w.support_km)
    for g in groups:
        if g.candidates:
            best = max(range(len(g.bases)), key=g.bases.__getitem__)
            g.pick = g.candidates[best]
            # Distances are the costly evidence: skip them for candidates a full point behind on
            # prior and match, which nearness (worth at most w.near) barely moves.
            g.floor = g.bases[best] - 1.0

    scored: list[list[tuple[float, Candidate]]] = [[] for _ in groups]
    lines: list[tuple[int, BaseGeometry]] = []
    for _ in range(2):
        for g in groups:
            g.weight = _vote_weight(g)
            _context_for_pass(g, groups, group_of)
        votes = _votes(groups, hinted)
        seen_points: set[str] = set()
        points: list[tuple[int, float, float]] = []
        lines = [(gi, geom) for gi, g in enumerate(groups) if g.pick is not None
                 and g.pick.place.kind in _LINE_KINDS and (geom := _geometry(gazetteer, g.pick.place.id)) is not None]
        for gi, g in enumerate(groups):
            if g.role is not None:
                continue  # where the reporter was says little about the places in the story
            if g.pick is not None and g.pick.place.kind not in _AREA_KINDS and g.pick.place.id not in seen_points:
                seen_points.add(g.pick.place.id)
                points.append((gi, g.pick.place.lat, g.pick.place.lon))
        picked = [g.pick for g in groups]
        bonuses = _vote_bonuses(votes, w)
        nearness = Nearness(points, lines, w.near_km)
        counties = [g.pick.place for g in groups if g.pick is not None and g.pick.place.kind is Kind.ADMIN2]
        scored = [_ranked(gi, g, w, votes, bonuses, nearness, counties) for gi, g in enumerate(groups)]
        for g, ranked in zip(groups, scored):
            g.pick = ranked[0][1] if ranked else None
        if all(g.pick is p for g, p in zip(groups, picked)):
            break  # the same picks make the same context: a second pass would score the same

    out: list[Resolution] = []
    homes: dict[int, Place | None] = {}  # per group: where the text puts a name the gazetteer lacks there
    reasons: dict[int, str] = {}  # per group: every mention of a name shares the pick's reason
    country_votes = _votes(groups, hinted)[0]
    total_votes = sum(country_votes.values()) or 1.0
    main_countries = {c for c, v in country_votes.items() if v / total_votes >= 0.25}
    main_country = max(country_votes, key=country_votes.__getitem__) if country_votes else None
    areas = [g for g in groups if g.pick is not None and g.pick.place.kind in _DIVISION_KINDS]
    for i, s in enumerate(spans):
        if not s.clue.is_place:
            continue
        gi = group_of[i]
        g, ranked = groups[gi], scored[gi]
        if s.clue.needs_prior and max((c.prior for c in g.candidates if not _met_by_folds(c, s.text)),
                                      default=0.0) < s.clue.needs_prior:
            continue  # a speaker or a given name, and no sizeable place has that name ("Kate" is not "Katai")
        if g.pick is None:
            out.append(Resolution(s, None, 0.0, (), "no gazetteer entry"))
            continue
        needed = w.stray_prior if g.pick.match is not Match.NORMALISED else w.stray_prior_normalised
        stray = ((g.pick.prior < needed and g.pick.place.kind in _SETTLEMENT_KINDS
                  and g.pick.place.country not in main_countries)
                 or (len(s.text) <= _SHORT_NAME and _met_by_folds(g.pick, s.text)))
        if stray and not any(spans[k].clue.evidence or spans[k].clue.role for k in g.spans):
            # A capitalised word that only matches a small place abroad ("Hemmed", "Levant"), or a
            # short word that only meets a place's name through a respelling ("Hall" and "Hal").
            continue
        top = ranked[0][0]
        second = ranked[1][0] if len(ranked) > 1 else top - 2.0
        certainty = 1.0 / (1.0 + math.exp(-2.5 * (top - second)))
        alternatives = tuple((c.place, round(max(0.0, min(1.0, sc / top if top > 0 else 0.0)), 4))
                             for sc, c in ranked[1:4])
        if gi not in homes:
            homes[gi] = _described_home(g, groups, group_of) or _home_abroad(g, groups, group_of, main_countries)
        if (home := homes[gi]) is not None:
            # The text says where it is and no place of this name lies there: the gazetteer lacks it,
            # so the most specific place the text names stands in (a county, a state, the town it is part of).
            out.append(Resolution(s, home, min(1.0, s.clue.score) * 0.5, ((g.pick.place, 0.5), *alternatives[:2]),
                                  f"no '{s.text}' in {home.name} in the gazetteer; placed by the text in {home.name}",
                                  stand_in=True))
            continue
        if gi not in reasons:
            reasons[gi] = _reason(g, spans, groups, group_of, areas, main_country, described)
        out.append(Resolution(s, g.pick.place, min(1.0, s.clue.score * certainty), alternatives, reasons[gi]))
    return out


def _met_by_folds(c: Candidate, surface: str) -> bool:
    """Whether ``c`` meets the name as written only through the key's spelling folds ("Hall" for
    "Hal"; :func:`_respells` asks something else: whether two keys are one letter apart)."""
    return c.match is Match.NORMALISED and bool(c.matched_name) and respelled(surface, c.matched_name)


@lru_cache(maxsize=256)
def _geometry(gazetteer: object, place_id: str) -> BaseGeometry | None:
    """A river's or lake's line or outline (loading geometry is slow, so it is cached)."""
    try:
        geometry: BaseGeometry | None = gazetteer.get(place_id).geometry  # type: ignore[attr-defined]
        return geometry
    except KeyError:
        return None


def _vote_weight(g: NameGroup) -> float:
    """How much a name sways the document's countries: more if named often, if a country, if unambiguous."""
    pick = g.pick
    if pick is None or g.role == "byline":
        return 0.0
    kind_weight = 2.0 if pick.place.kind is Kind.COUNTRY else 1.0
    rivals = [c.prior for c in g.candidates if c is not pick]
    margin = 1.0 if not rivals else max(0.2, min(1.0, pick.prior - max(rivals) + 0.5))
    return kind_weight * margin * (1.0 + math.log(len(g.spans)))


def _votes(groups: Sequence[NameGroup], hinted: dict[str, float]) -> _Votes:
    """The votes of the groups' picks for countries and admin-1 areas, with their totals; the
    ``hinted`` countries' votes are added when the picks vote less than the largest of them."""
    country_votes: dict[str, float] = defaultdict(float)
    admin1_votes: dict[tuple[str, str], float] = defaultdict(float)
    for g in groups:
        if g.pick is None:
            continue
        weight = g.weight
        place = g.pick.place
        if place.country:
            country_votes[place.country] += weight
        if place.admin1 and place.kind is not Kind.COUNTRY:
            admin1_votes[(place.country, place.admin1)] += weight
    if hinted and sum(country_votes.values()) < max(hinted.values()):
        for code, weight in hinted.items():  # the caller's countries fill in what the text does not say
            country_votes[code] += weight
    return country_votes, admin1_votes, sum(country_votes.values()) or 1.0, sum(admin1_votes.values()) or 1.0


def _vote_bonuses(votes: _Votes, w: Weights) -> _Bonuses:
    """What the votes of each country and admin-1 area add to a candidate lying there (for a name
    whose own pick lies elsewhere: _ranked discounts a name's own vote), a country's being the
    larger of its own and :attr:`Weights.neighbour` of its neighbours'; and the neighbours' share
    alone."""
    country_votes, admin1_votes, c_total, a_total = votes
    country_bonus = {cc: w.country * max(0.0, v) / c_total for cc, v in country_votes.items()}
    beside: dict[str, float] = {}
    for cc, bonus in country_bonus.items():
        for other in neighbours(cc):
            beside[other] = max(beside.get(other, 0.0), w.neighbour * bonus)
    for cc, bonus in beside.items():
        if bonus > country_bonus.get(cc, 0.0):
            country_bonus[cc] = bonus
    return country_bonus, {area: w.admin1 * max(0.0, v) / a_total for area, v in admin1_votes.items()}, beside


def _reason(g: NameGroup, spans: Sequence[Span], groups: Sequence[NameGroup], group_of: Sequence[int],
            areas: Sequence[NameGroup], main_country: str | None, described: frozenset[str]) -> str:
    """Why ``g``'s pick won; ``areas`` are the groups picked as a country or admin area, in order,
    ``main_country`` the country with most votes (None when no name voted) and ``described`` the
    countries whose people the text names."""
    assert g.pick is not None
    place = g.pick.place
    parts: list[str] = []
    if g.pair_spans:
        named = dict.fromkeys(spans[j].text for j in g.pair_spans
                              if any(_fits(place, q.place) for q in _qualifier_senses(groups[group_of[j]])))
        if named:
            parts.append(f"'{spans[g.spans[0]].text}, {', '.join(named)}'")
    if place.country == "US" and place.admin1 in g.pair_states:
        parts.append(f"followed by the state {place.admin1}")
    for other in areas:
        o = other.pick
        if o is not None and _fits(place, o.place):
            parts.append(f"inside {o.place.name}, mentioned at {spans[other.spans[0]].start}")
            break
    if not parts:
        if place.country and place.country == main_country:
            parts.append(f"in the text's main country {place.country}")
        elif place.country in described:
            parts.append(f"in {place.country}, whose people the text names")
        elif main_country is not None and place.country in neighbours(main_country):
            parts.append(f"beside the text's main country {main_country}")
    parts.append(f"{g.pick.match.value} match" + (f", population {place.population:,}" if place.population else ""))
    return "; ".join(parts)
