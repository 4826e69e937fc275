"""Names the gazetteer lacks that the text calls places: "the village of Shurifah", "Rangae district",
"killed in Umm Zaytuna", "Wichita Drive", "the villages of Tal Korvan, Pelora and Varnok".

Such a name becomes a span with no place: the map cannot draw it, but the reader sees it was found,
and it can be where the event happened. What a run's words alone say of it as such a name is worked
out once per run text (:func:`unknown_place_shape`, cached with the run's other facts by
:mod:`geomap.extract`); the words around it decide (:func:`with_unknown_places`).
"""

from __future__ import annotations

import bisect
import re

from .context import Clue, SpanContext, article_start
from .lexicon import (
    ARABIC_NAME_HEADS,
    CONNECTORS,
    DEMONYMS,
    DIVISION_WORDS,
    NAME_HEADS,
    NUMBER_WORDS,
    PLACE_NOUNS,
    PLACE_PREPOSITIONS,
    POSSESSIVE_ENDINGS,
    SITE_WORDS,
    STOPWORDS,
    STREET_WORDS,
)
from .spans import Run, Span, Token, name_bounds
from .wordlists import common_words, english_words, first_names

__all__ = ["UnknownShape", "unknown_place_shape", "with_listed_places", "with_unknown_places"]

# (first token, last token, start, end, words, street or site why): see unknown_place_shape
UnknownShape = tuple[int, int, int, int, tuple[str, ...], "str | None"]
# How every name found here begins its reason: _named_places_again finds the text's earlier ones by it.
_UNKNOWN_WHY = "not in the gazetteer; "

# "of" ends what _NOUN_BEFORE matches (within 10 characters before the name, spaces aside): a cheap test first.
# Besides the place nouns, words that only come before a place: "the outskirts of X".
_NOUNS_BEFORE = (*PLACE_NOUNS, "outskirts", "suburbs")
# Wire copy often leaves two spaces where a line broke ("the district of  Amariyah"): gaps are any spaces.
_NOUN_BEFORE = re.compile(r"\b(" + "|".join(sorted(_NOUNS_BEFORE, key=len, reverse=True)) + r") +of +(?:the +)?$",
                          re.IGNORECASE)
# An event verb and a preposition of place right before a name: "were killed in X", "an attack on X",
# "were captured Wednesday morning in X" (up to three words between, a weekday among them).
_HAPPENED_AT = re.compile(
    r"\b(?:killed|attacked|attack|bombed|shelled|clashes|fighting|exploded|detonated|murdered|stormed|raided"
    r"|captured|kidnapped|abducted|ambushed|wounded|injured|seized|clashed|massacred|executed|besieged)"
    r"(?: +(?:[a-z]+|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)){0,3} +(?:in|at|near|inside|on) +(?:the +)?$"
)
_PREPOSITION_ENDS = (" in", " at", " near", " inside", " on", " the")  # cheap test before _HAPPENED_AT
# Lower-case site nouns that make the name before them a place too: "the Kweires airbase", "Tabqa dam".
_SITE_NOUNS = ("airbase", "air base", "airport", "military airport", "prison", "refinery", "dam", "checkpoint",
               "border crossing", "oilfield", "oil field", "area", "tehsil")
_NOUN_AFTER = re.compile(r" (" + "|".join(sorted((*PLACE_NOUNS, *_SITE_NOUNS), key=len, reverse=True)) + r")\b")

# What follows only a place's name: its distance and bearing from another ("X, 20 miles (30 km)
# southwest of Y", "X (5 km east of Y)", "X, north of the capital") or an apposition saying what it is ("X, a village near
# Y", "X, a Harare township,"); the apposition's noun ends the phrase, so "Smith, a town councillor" is
# no place.
_BEARING = r"(?:north|south)(?:-?(?:east|west))?|east|west"
_AWAY = re.compile(
    r"(?:, | \()(?:(?:about|some|nearly|around|roughly|approximately|just|only|over|under|less than|more than) )?"
    r"(?:\d[\d,.]*|a few|several|a|" + "|".join(NUMBER_WORDS) + ")"
    r"[ -]?(?:km|kms|kilometers|kilometres|kilometer|kilometre|miles|mile|mi)\b(?: \([^()]{1,30}\))?"
    rf" (?:{_BEARING}) of "
    rf"|, (?:just |due |some |immediately )?(?:{_BEARING}) of "
)
_APPOSITION_NOUNS = (*PLACE_NOUNS, "community", "area", "island", "oasis", "port", "enclave", "stronghold")
_APPOSITION = re.compile(
    r", an? (?:[\w'’-]+ ){0,2}(" + "|".join(sorted(_APPOSITION_NOUNS, key=len, reverse=True)) + r")"
    r"(?=[,.;:)]| (?:in|of|near|on|outside|north|south|east|west|close|along|about|some|just|which|that|where"
    r"|located|situated|bordering|with|known)\b)"
)


class _PlaceSpans:
    """The place spans of a text (sorted by start), to ask whether a stretch overlaps one: it does when
    a span starting before the stretch's end reaches past its start, and the starts in order with the
    furthest end so far answer that with one bisection."""

    __slots__ = ("starts", "reach")

    def __init__(self, spans: list[Span]) -> None:
        self.starts: list[int] = []
        self.reach: list[int] = []
        for s in spans:
            if s.clue.is_place:
                self.starts.append(s.start)
                self.reach.append(max(s.end, self.reach[-1]) if self.reach else s.end)

    def overlap(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self.starts, end)
        return k > 0 and self.reach[k - 1] > start


def with_unknown_places(
    ctx: SpanContext, runs: list[Run], unknowns: list[UnknownShape | None], spans: list[Span]
) -> list[Span]:
    """Add names the gazetteer lacks where the text says they are places.

    "the village of Shurifah", "Rangae district", "Wichita Drive": such a name becomes a mention
    with no place (the map cannot draw it, but the reader sees it was found).
    """
    taken = _PlaceSpans(spans)
    # names the gazetteer knows that the context took for no place
    judged = {(s.start, s.end) for s in spans if not s.clue.is_place}
    text = ctx.text
    added: list[Span] = []
    unsaid: list[tuple[Run, UnknownShape, int, int]] = []  # names nothing around calls places
    for run, unknown in zip(runs, unknowns):
        if unknown is None:
            continue
        first, last, start, end, words, why = unknown
        start += run.start
        end += run.start
        if taken.overlap(start, end):
            continue
        why = why or _place_by_the_words_around(ctx, start, end, words, (start, end) in judged)
        if why is None:
            if (start, end) not in judged:
                unsaid.append((run, unknown, start, end))
            continue
        clue = Clue(True, 0.5, None, _UNKNOWN_WHY + why)
        added.append(Span(start, end, text[start:end], "", run, first, last, clue))
    if unsaid:
        added += _named_places_again(ctx, unsaid, [*added, *(s for s in spans if s.clue.why.startswith(_UNKNOWN_WHY))])
    if added:
        spans = sorted(spans + added, key=lambda s: s.start)
    return spans


_AGAIN_WHY = _UNKNOWN_WHY + "called a place elsewhere in the text"


def _named_places_again(ctx: SpanContext, unsaid: list[tuple[Run, UnknownShape, int, int]],
                        found: list[Span]) -> list[Span]:
    """One sense per text: a name the text once calls a place ("the village of Kampungu") is that
    place wherever else it stands ("the team coordinator in Kampungu", "at Kampungu's health
    centre"), unless it reads as an adjective, an ordinary word or a person's name, or is an initial."""
    names = {s.text for s in found}
    if not names:
        return []
    again = []
    for run, (first, last, _, _, words, _), start, end in unsaid:
        name = ctx.text[start:end]
        if (name in names and len(name) > 2 and name not in ctx.people and not _adjective(words)
                and not (len(words) == 1 and name.lower() in english_words())):
            again.append(Span(start, end, name, "", run, first, last, Clue(True, 0.5, None, _AGAIN_WHY)))
    return again


def _plural(noun: str) -> str:
    """The plural of a place noun ("cities", "parishes", "villages")."""
    if noun.endswith("y"):
        return noun[:-1] + "ies"  # "city", "county", "locality", "municipality"
    return noun + ("es" if noun.endswith(("sh", "ch", "s")) else "s")


# Spaced connectors that put a site in a place before them: "the Farm Museum in Pelton Township".
_SITE_AFTER = frozenset({"in", "on"})

# A plural place noun governs a list of names: "the villages of A, B and C", "the A and B districts".
_PLURAL_NOUNS = "|".join(sorted((_plural(n) for n in PLACE_NOUNS if n != "countryside"), key=len, reverse=True))
_LIST_BEFORE = re.compile(rf"\b(?:{_PLURAL_NOUNS})(?: of (?:the )?|: )$")
_LIST_AFTER = re.compile(rf" ({_PLURAL_NOUNS})\b")
_LIST_GAP = re.compile(r",? (and|or) |, ")  # between two runs of one list
_LIST_JOINS = frozenset({"and", "or"})  # inside a run: "A and B" is one run, since "and" joins names too


def with_listed_places(ctx: SpanContext, runs: list[Run], spans: list[Span]) -> list[Span]:
    """Add the names the gazetteer lacks in a list that a plural place noun governs: "the villages of
    Tal Korvan, Pelora and Varnok", "the Hanano and Jabal Pelton districts". Each name of the list
    is a place of its own: "and" is no part of a name there, though it joins "Trinidad and Tobago"."""
    text = ctx.text
    listed: dict[int, tuple[bool, str]] = {}  # run index -> whether the noun comes after the list, why
    for k, run in enumerate(runs):
        start = article_start(text, run.start)
        before = text[max(0, start - 8) : start]
        if ("of" in before or ": " in before) and (m := _LIST_BEFORE.search(text, max(0, start - 40), start)):
            for j in _list_runs(text, runs, k, 1):
                listed.setdefault(j, (False, f"listed after '{m.group().rstrip(': ')}'"))
        if (m := _LIST_AFTER.match(text, run.end)) is not None:
            for j in _list_runs(text, runs, k, -1):
                listed.setdefault(j, (True, f"listed before '{m.group(1)}'"))
    if not listed:
        return spans
    taken = _PlaceSpans(spans)
    added: list[Span] = []
    for k, (noun_after, why) in listed.items():
        run = runs[k]
        items = _list_items(run.tokens, noun_after)
        for n, (first, last) in enumerate(items):
            offset = run.tokens[first].start
            tokens = tuple(t._replace(start=t.start - offset, end=t.end - offset) for t in run.tokens[first : last + 1])
            shape = unknown_place_shape(text[run.start + offset : run.start + run.tokens[last].end], tokens)
            if shape is None or _adjective(shape[4]) or shape[3] - shape[2] <= 2:
                continue
            if noun_after and n == len(items) - 1 and shape[4][-1].lower() in english_words():
                continue  # "Varnok Several towns": an ordinary word before the noun ends no name
            start, end = run.start + offset + shape[2], run.start + offset + shape[3]
            if taken.overlap(start, end):
                continue  # the gazetteer knows it, or another rule found it
            clue = Clue(True, 0.5, None, _UNKNOWN_WHY + why)
            added.append(Span(start, end, text[start:end], "", run, first + shape[0], first + shape[1], clue))
    return sorted(spans + added, key=lambda s: s.start) if added else spans


def _list_runs(text: str, runs: list[Run], k: int, step: int) -> list[int]:
    """The runs of the list that starts at run ``k`` (``step`` 1: "the villages of A, B and C") or
    ends there (``step`` -1: "the A, B and C districts"): runs parted by ", ", with one "and" or "or"
    before the last name, after which the list is over ("the towns of A and B, Reuters said")."""
    found = [k]
    joined = any(t.text in _LIST_JOINS for t in runs[k].tokens)
    j = k
    while not (joined and step == 1) and 0 <= j + step < len(runs):
        before, after = (runs[j], runs[j + 1]) if step == 1 else (runs[j - 1], runs[j])
        gap = _LIST_GAP.fullmatch(text, before.end, article_start(text, after.start))
        if gap is None or (gap.group(1) and joined):
            break
        j += step
        found.append(j)
        joined = joined or bool(gap.group(1)) or (step == 1 and any(t.text in _LIST_JOINS for t in runs[j].tokens))
    return found


def _list_items(tokens: tuple[Token, ...], noun_after: bool) -> list[tuple[int, int]]:
    """The first and last token of each listed item of a run: the stretches between "and" and "or",
    on the noun's side of a spaced "in" or "on" ("a Home Rule Municipality in A and B counties"
    lists A and B)."""
    lo, hi = 0, len(tokens) - 1
    for k, t in enumerate(tokens):
        if t.text in _SITE_AFTER and 0 < k < len(tokens) - 1:
            if noun_after:
                lo = k + 1
            else:
                hi = k - 1
                break
    items = []
    first = lo
    for k in range(lo, hi + 1):
        if tokens[k].text in _LIST_JOINS:
            if k > first:
                items.append((first, k - 1))
            first = k + 1
    if first <= hi:
        items.append((first, hi))
    return items


def _place_by_the_words_around(
    ctx: SpanContext, start: int, end: int, words: tuple[str, ...], judged: bool
) -> str | None:
    """Why the words around a name say it is a place ("the village of X", "killed in X", "X district"), or None.
    ``judged``: the gazetteer knows the name and the context took it for no place (a person's "Reyes"),
    which what follows the name does not overturn ("Reyes, 3 miles north of the farm, …")."""
    text = ctx.text
    name_start = start
    start = article_start(text, start)  # what comes before "al-" is what comes before the name
    before = text[max(0, start - 10) : start].rstrip(" ")
    if ("of" in before.lower() and _NOUN_BEFORE.search(text, max(0, start - 32), start)
            and not _adjective(words)):  # "the outskirts of the Iraqi capital"
        return "named by the words before it"
    if (len(words) <= 3 and before.endswith(_PREPOSITION_ENDS) and not _adjective(words)
            and _HAPPENED_AT.search(text, max(0, start - 50), start)):
        return "where something happened ('killed in …')"
    if (m := _NOUN_AFTER.match(text, end)) is not None and _names_the_noun(text, words, m.end()):
        return f"followed by '{m.group(1)}'"
    if (text.startswith((",", " ("), end) and not judged and end - name_start > 2 and not _adjective(words)
            and not ctx.boundary_before(name_start) and not (len(words) > 1 and words[0] in first_names())):
        if _AWAY.match(text, end):
            return "followed by where it lies ('…, 20 km north of …')"
        if (m := _APPOSITION.match(text, end)) is not None:
            return f"described as a {m.group(1)}"
    return None


# Months written short ("on Nov. 7"): a weekday or a month in full is a stopword already.
_MONTHS_SHORT = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())


def unknown_place_shape(run_text: str, tokens: tuple[Token, ...]) -> UnknownShape | None:
    """What a run's words say of it as a place the gazetteer lacks: the tokens its name starts and ends
    at, the name's offsets in the run, its words and, when its last word makes it a street or site, why;
    None when its words rule it out (a lower-case or upper-case start, a stopword). A connector and a
    last word that names nothing are not the name's ("Hadid on Sunday"), a site word before a
    connector ends it ("Tal Hadid Village in Baghouz" is Tal Hadid Village, in Baghouz), and a site
    after a spaced "in" or "on" starts after it ("the Farm Museum in Pelton Township"). A generic
    place word first also says why ("Jabal Korvan", see :func:`_headed`)."""
    first = _after_possessive(tokens)
    if first == 0 and len(tokens) > 1 and tokens[0].text.lower() in PLACE_PREPOSITIONS:
        first = 1  # "In Quellton, south of the capital": a sentence's first word is not the name's
    toks = tokens[first:]
    if not toks[0].is_capitalised or toks[0].is_upper:
        return None
    if len(toks) >= 3 and toks[-1].text.lower() in STOPWORDS and not toks[-2].is_capitalised:
        last = len(toks) - 2  # "Tal al-Hadid on Sunday": the connector and the last word go
        while last > 0 and not toks[last].is_capitalised:
            last -= 1
        toks = toks[: last + 1]
    for k in range(1, len(toks) - 1):
        if not toks[k + 1].is_capitalised and _site_why(toks[k].text) is not None:
            toks = toks[: k + 1]  # "Tal Hadid Village in Baghouz"
            break
    if _site_why(toks[-1].text) is not None:
        for k in range(len(toks) - 2, 0, -1):
            if toks[k].text in _SITE_AFTER and run_text[toks[k].start - 1] == " ":
                cut = k + 2 if toks[k + 1].text == "the" else k + 1  # "in the Pelton District"
                first += cut
                toks = toks[cut:]
                break
    for k in range(1, len(toks) - 1):
        if toks[k].text == "in" and run_text[toks[k].start - 1] == " ":
            # "Cellardyke in Fife": the place it lies in is a name of its own; "Farmers in Pelorat"
            # opens a sentence with an ordinary word.
            if all(t.text.lower() in english_words() for t in toks[:k]):
                first += k + 1
                toks = toks[k + 1 :]
            else:
                toks = toks[:k]
            break
    words = tuple(t.text for t in toks)
    head = words[0].lower()
    if (head in STOPWORDS or head.endswith(POSSESSIVE_ENDINGS) and head[:-2] in STOPWORDS
            or len(words) == 1 and head in _MONTHS_SHORT):  # "in Wednesday's attack", "on Nov. 7"
        return None
    start, end = name_bounds(toks[0], toks[-1])
    why = _site_why(words[-1]) if len(toks) >= 2 else None
    if why is None and len(toks) >= 2 and _headed(words):
        why = f"begun by a place word ('{words[0]}')"
    if words[-1] in DIVISION_WORDS and all(w.lower() in english_words() for w in words[:-1]):
        why = None  # "a Home Rule Municipality", "the Civil Parish": a kind of division, not a name
    return first, first + len(toks) - 1, start, end, words, why


def _headed(words: tuple[str, ...]) -> bool:
    """Whether a generic place word begins the name and a name follows it ("Jabal Thardeh", "Mount
    Vlasic"), not an ordinary word ("Port Authority", "Camp Fire")."""
    head = words[0].lower()
    if head not in ARABIC_NAME_HEADS and head not in NAME_HEADS:
        return False
    rest = [w for w in words[1:] if w.lower() not in CONNECTORS]
    return bool(rest) and rest[0].lower() not in english_words()


def _site_why(word: str) -> str | None:
    """Why a name's last word makes it a street or site ("Wichita Drive", "Kweires Airbase"), or None."""
    if word.rstrip(".") in STREET_WORDS:
        return f"a street or site ('{word}')"
    if word in SITE_WORDS:
        return f"a named area or site ('{word}')"
    if word in DIVISION_WORDS:
        return f"a named division ('{word}')"
    return None


def _after_possessive(tokens: tuple[Token, ...]) -> int:
    """Where the name after an owner starts in a run ("Mogadishu's Yaqshid" -> 1), else 0: the owner is
    a place of its own, and what it owns may be a place the gazetteer lacks."""
    for k in range(len(tokens) - 2, -1, -1):
        if tokens[k].text.endswith(POSSESSIVE_ENDINGS):
            return k + 1
    return 0


# Words for a movement's followers ("Islamist", "Maoist", "Baathists") name no place.
_FOLLOWER_ENDINGS = ("ist", "ists")


def _adjective(words: tuple[str, ...]) -> bool:
    """Whether a run reads as an adjective ("Nigerian", "Industrial", "Islamist"), not a name."""
    return words[-1] in DEMONYMS or words[0] in DEMONYMS or words[-1].endswith(_FOLLOWER_ENDINGS) or (
        len(words) == 1 and words[0].lower() in common_words())


def _names_the_noun(text: str, words: tuple[str, ...], noun_end: int) -> bool:
    """Whether a run before a place noun is that place's name ("Rangae district"), not an adjective
    ("the Nigerian city of Damaturu", "the Industrial town of Gujrat": the name follows "of")."""
    return not text.startswith(" of ", noun_end) and not _adjective(words)
