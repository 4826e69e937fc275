"""Find the place mentions in a document's text: gazetteer-proposed spans, kept or dropped by context.

One bounded regex finds every run of capitalised words (with the lower-case connectors names carry:
"Deir ez-Zor", "Stratford upon Avon"); within a run, the longest stretches whose matching key the
gazetteer knows (:meth:`gazetteer.Gazetteer.has_key`) become spans. :mod:`geomap.context` then decides
whether each span is a place, a person ("SDF spokesman Mustafa Bali"), an organisation ("Kurdistan 24")
or an ordinary word, and its role (dateline, byline); :mod:`geomap.unknown` adds the names the
gazetteer lacks that the text calls places. Which place a name is, is :mod:`geomap.resolve`'s job.
Only capitalised runs become objects, so a 600-word article costs a few dozen, not a thousand.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from gazetteer import Kind
from gazetteer.normalize import normalize_name

from .context import ACRONYM_WHY, Clue, SpanContext, has_place_evidence, judge_span, party_home
from .lexicon import CONNECTORS, COUNTRY_ACRONYMS, PARTY_LETTERS, US_STATE_ABBREVIATIONS
from .spans import Run, Span, Token, name_bounds
from .unknown import UnknownShape, unknown_place_shape, with_listed_places, with_unknown_places

__all__ = ["MAX_SPAN_TOKENS", "MAX_TEXT_CHARS", "STATE_AFTER", "Run", "Span", "Token", "find_spans", "state_code"]

# House rule 14: cap untrusted text before regexes run over it. 2 M characters is a long book.
MAX_TEXT_CHARS = 2_000_000
MAX_SPAN_TOKENS = 5

# Abbreviated words names begin with ("St. Louis", "Mt. Pleasant", "Ft. Worth", a dateline's "ST. JOHN'S"):
# the dot does not end the run, and the word alone is never a name.
_ABBREVIATED_WORDS = frozenset({"St.", "Ste.", "Mt.", "Ft.", "ST.", "STE.", "MT.", "FT."})
_ABBREVIATED = r"(?:St|Ste|Mt|Ft|ST|STE|MT|FT)\.(?= [A-Z])"
# A capitalised word: an abbreviated first word, an abbreviation ("U.S."), or a letter that is not a-z
# followed by letters, with inner apostrophes ("Syria's", "Ta'if"). Every quantifier is bounded or over
# disjoint classes.
_CAP = _ABBREVIATED + r"|(?:[A-Z]\.){2,6}|(?:[dl]['’])?[^\W\d_a-z][^\W\d_]{0,40}(?:['’][^\W\d_]{1,20}){0,2}"
_CONN = "|".join(sorted(CONNECTORS, key=len, reverse=True))
_SEP = r"(?:[ \u00a0]|[ ]?[-‐‑][ ]?)"
# A run starts after no letter, nor an apostrophe inside a word ("O'Brien" is one word); a quotation
# mark before a word starts it ("named 'Belmont' in 1875").
_RUN = re.compile(
    rf"(?<!\w)(?<!\w['’])(?:{_CAP})(?:{_SEP}(?:(?:{_CONN}){_SEP}){{0,2}}(?:{_CAP})){{0,{MAX_SPAN_TOKENS + 3}}}"
)
_WORD = re.compile(_ABBREVIATED + r"|(?:[A-Z]\.){2,6}|(?:[dl]['’])?[^\W\d_]+(?:['’][^\W\d_]+)*")
_POSSESSIVE = ("'s", "’s", "'S", "’S")
# A US state abbreviation after a town: "Gainesville, Ga.", "Charleston, W.Va." or "W. Va.", "Austin, TX".
STATE_AFTER = re.compile(r", ((?:[A-Z]\. ?){1,2}[A-Z][a-z]{0,3}\.?|[A-Z][a-z]{1,4}\.?|[A-Z]{2})(?![\w])")


def _token(text: str, start: int, end: int) -> Token:
    capitalised = not text[0].islower() or (len(text) > 2 and text[1] in "'’" and not text[2].islower())
    return Token(text, start, end, capitalised, len(text) > 1 and text.isupper())



# The same runs ("The", "United States") recur from text to text: what their words alone say (the
# words, the stretches that could be names, what could make the run an unknown place) is worked out
# once per run text, relative to the run's start.
_RUN_CACHE = 1 << 14
# (i, j, start, end, surface, key, acronym, state code): see _options
_Option = tuple[int, int, int, int, str, str, bool, "str | None"]


class _RunShape(NamedTuple):
    """What a run's text alone says: its words, the stretches that could be names (:func:`_options`)
    and, unless it cannot be one, its shape as an unknown place."""

    words: tuple[Token, ...]
    options: tuple[_Option, ...]
    unknown: UnknownShape | None


@lru_cache(maxsize=_RUN_CACHE)
def _run_shape(run_text: str) -> _RunShape:
    words = tuple([_token(w.group(), w.start(), w.end()) for w in _WORD.finditer(run_text)])
    if not words:
        return _RunShape(words, (), None)
    return _RunShape(words, _options(run_text, words), unknown_place_shape(run_text, words))


def _runs(text: str) -> tuple[list[Run], list[_RunShape]]:
    """The runs of ``text`` with their shapes (see :func:`find_runs`)."""
    runs = []
    shapes = []
    for m in _RUN.finditer(text, 0, MAX_TEXT_CHARS):
        shape = _run_shape(m.group())
        if shape.words:
            runs.append(Run(m.start(), m.end(), shape.words))
            shapes.append(shape)
    return runs, shapes


def find_runs(text: str) -> list[Run]:
    """Every capitalised run in ``text`` (only its first :data:`MAX_TEXT_CHARS` characters)."""
    return _runs(text)[0]


def _options(run_text: str, toks: tuple[Token, ...]) -> tuple[_Option, ...]:
    """Every stretch of a run that could be a name, longest first for each starting word, with
    offsets relative to the run, its matching key, whether it is a country acronym ("U.S.") and,
    for a lone dotted word, the US state it may abbreviate ("D.C.")."""
    options: list[_Option] = []
    capitalised = [t.is_capitalised for t in toks]
    ends = [name_bounds(t, t)[1] for t in toks]  # where a name ending at each word ends
    for i, head in enumerate(toks):
        if not capitalised[i]:
            continue
        start = head.start
        for j in range(min(len(toks), i + MAX_SPAN_TOKENS) - 1, i - 1, -1):
            if not capitalised[j]:
                continue
            if i == j and head.text in _ABBREVIATED_WORDS:
                continue
            if len(toks[j].text) == 1 and run_text.startswith("-", toks[j].end):
                continue  # a letter that begins a compound ("the D-Day landings", "X-ray") ends no name
            end = ends[j]
            surface = run_text[start:end]
            if len(surface) < 2:
                continue
            acronym, code = False, None
            if i == j:
                acronym = surface.replace(".", "") in COUNTRY_ACRONYMS
                code = state_code(surface) if "." in surface and not acronym else None
            options.append((i, j, start, end, surface, normalize_name(surface), acronym, code))
    return tuple(options)


def find_spans(text: str, gazetteer: object) -> list[Span]:
    """Return the spans of ``text`` that the gazetteer knows as names, each with the context's verdict.

    Spans do not overlap: within a run, the longest known name starting at each word wins.
    ``gazetteer`` needs ``has_keys(keys) -> list[bool]``: the whole document's keys are checked in one call.
    """
    runs, shapes = _runs(text)
    known = iter(gazetteer.has_keys([o[5] for shape in shapes for o in shape.options]))  # type: ignore[attr-defined]

    ctx = SpanContext(text, runs)
    # The names taken, and their runs: two lists, not a tuple per name (a text has dozens).
    chosen: list[_Option] = []
    chosen_runs: list[Run] = []
    spans: list[Span] = []
    for run, shape in zip(runs, shapes):
        base = run.start
        covered_until = -1
        for option in shape.options:
            hit = next(known)
            i, j, start, end, surface, key, acronym, code = option
            if i <= covered_until:
                continue
            if i == j and "." in surface and not acronym and (not hit or code):
                # "D.C.", "S.C." on their own are states, even where the letters are some place's alias
                if code:
                    spans.append(_state_span(surface, base + start, base + end, code))
                    covered_until = j
                continue
            if not (hit and key) and not acronym:
                continue
            chosen.append(option)
            chosen_runs.append(run)
            covered_until = j
    # One sense per text: a name once used plainly as a place ("in Hamilton", "Hamilton is a city")
    # is not taken for a person elsewhere in the same text.
    for run, (_, _, start, end, surface, _, _, _) in zip(chosen_runs, chosen):
        if surface not in ctx.place_names and has_place_evidence(ctx, run.start + start, run.start + end):
            ctx.place_names.add(surface)  # once is enough
    for run, (i, j, start, end, surface, key, _, _) in zip(chosen_runs, chosen):
        clue = judge_span(ctx, run, i, j)
        spans.append(Span(run.start + start, run.start + end, surface, key or surface, run, i, j, clue))
    spans.sort(key=lambda s: s.start)
    spans = _with_area_initials(spans, gazetteer)
    spans = with_listed_places(ctx, runs, _with_party_states(text, _with_states(text, spans)))
    return with_unknown_places(ctx, runs, [shape.unknown for shape in shapes], spans)


# A city whose dotted initials the gazetteer lists is named by them ("L.A."): big enough that the
# initials mean it, where the same letters undotted are mostly something else.
_INITIALS_CITY_PEOPLE = 1_000_000


def _with_area_initials(spans: list[Span], gazetteer: object) -> list[Span]:
    """Take back an upper-case word rejected as an acronym when the gazetteer lists it, capitals and
    all, as the initials of a first-level area ("NSW" for New South Wales) or, dotted, of a big city
    ("L.A."): those are names."""
    lookup = gazetteer.lookup_key  # type: ignore[attr-defined]
    for k, s in enumerate(spans):
        if s.clue.why != ACRONYM_WHY or s.first != s.last:
            continue
        named = [c.place for c in lookup(s.key, text=s.text) if s.text in c.place.alt_names]
        if any(p.kind is Kind.ADMIN1 for p in named):
            spans[k] = s._replace(clue=Clue(True, 0.8, None, "an area's initials", "admin1"))
        elif "." in s.text and any(p.kind is Kind.POPULATED_PLACE and p.population >= _INITIALS_CITY_PEOPLE
                                   for p in named):
            spans[k] = s._replace(clue=Clue(True, 0.8, None, "a city's initials", "populated_place"))
    return spans


def state_code(abbrev: str) -> str | None:
    """The US state a postal or AP abbreviation names ("Ga.", "W. Va.", "TX"), or None."""
    abbrev = abbrev.replace(" ", "")  # "W. Va." is "W.Va."
    return US_STATE_ABBREVIATIONS.get(abbrev) or US_STATE_ABBREVIATIONS.get(abbrev.rstrip("."))


def _state_span(surface: str, start: int, end: int, code: str, why: str = "") -> Span:
    clue = Clue(True, 0.85, None, f"US state abbreviation ({code}){why}", "admin1", "US", code)
    run = Run(start, end, (_token(surface, 0, end - start),))
    return Span(start, end, surface, f"us state {code.lower()}", run, 0, 0, clue)


# A legislator's party and the state they represent, abbreviated: "Rep. Jane Roe, D-Calif.", "R-W. Va.",
# "(D-N.Y.)", "I-VT". (A state written out, "R-Texas", is a name the gazetteer knows.) Whether the party
# letters make a designation is context.party_home's call; the letters after them must be a state's.
_PARTY_STATE = re.compile(r"(?:DFL|[DRI])-((?:[A-Z]\. ?){1,2}[A-Z][a-z]{0,3}\.|[A-Z][a-z]{1,4}\.?|[A-Z]{2})(?!\w)")
# What every designation party_home accepts contains: a cheap test before the regex.
_PARTY_MARKS = tuple(f"{before}{party}-" for before in (", ", "(") for party in sorted(PARTY_LETTERS))


def _with_party_states(text: str, spans: list[Span]) -> list[Span]:
    """Name the state of a legislator's abbreviated "D-Calif." as a span, in place of what the
    gazetteer made of the letters ("D-W" is a German village's alias, "Va" a town in Ghana)."""
    if not any(mark in text for mark in _PARTY_MARKS):  # a cheap test first: few texts quote legislators
        return spans
    found = []
    for m in _PARTY_STATE.finditer(text, 0, MAX_TEXT_CHARS):
        if party_home(text, m.start(1)) and (code := state_code(m.group(1))) is not None:
            found.append((m.start(), *m.span(1), code))
    if not found:
        return spans
    kept = [s for s in spans if not any(a <= s.start < b or s.start <= a < s.end for a, _, b, _ in found)]
    kept += [_state_span(text[start:end], start, end, code, "; a legislator's home") for _, start, end, code in found]
    kept.sort(key=lambda s: s.start)
    return kept


_PREPOSITION_BEFORE = re.compile(r"\b(?:in|at|from|near|to|across|outside) \Z")
_NOUN_AFTER_STATE = re.compile(r"\. [a-z]")  # "Missing Ill. man", "Western Mass. stargazers"


def _with_states(text: str, spans: list[Span]) -> list[Span]:
    """Add the state of "Town, Ga." as a span of its own (it names Georgia), replacing a rejected one;
    "in Ky." names Kentucky too."""
    by_start = {s.start: k for k, s in enumerate(spans)}
    added = False
    states: list[tuple[int, int]] = []
    for i, s in enumerate(list(spans)):
        if not s.clue.is_place and s.clue.why != ACRONYM_WHY:
            continue
        m = STATE_AFTER.match(text, s.end)
        code = state_code(m.group(1)) if m else None
        if m is None or code is None:
            continue
        if not s.clue.is_place:
            if "." not in m.group(1):
                continue  # "NATO, US": two capitals after an acronym are no state
            # Capitals before a dotted state are a town in a dateline's style ("SALINA, Kan."), not an acronym.
            spans[i] = s._replace(clue=Clue(True, 0.8, None, "a town in capitals before its state"))
        start, end = m.span(1)
        existing = by_start.get(start)
        # A dotted form after a town is the state even where the gazetteer knows the letters as a
        # place: "Kansas City, Kan." is in Kansas, not Kano; "Covington, Ky." not Kilkenny.
        if existing is not None and spans[existing].clue.is_place and not m.group(1).endswith("."):
            continue
        span = _state_span(m.group(1), start, end, code)
        states.append((start, end))
        if existing is not None:
            spans[existing] = span
        else:
            spans.append(span)
            added = True
    for k, s in enumerate(spans):
        # "died in Ky. jail": a dotted state form after a preposition of place is the state too, and
        # so is one before a lower-case word, as headlines write it ("Missing Ill. man").
        if (s.first == s.last and text.startswith(".", s.end) and not s.clue.state
                and (code := state_code(s.text + ".")) is not None
                and (_PREPOSITION_BEFORE.search(text, max(0, s.start - 8), s.start)
                     or _NOUN_AFTER_STATE.match(text, s.end))):
            spans[k] = _state_span(s.text + ".", s.start, s.end + 1, code)
    if states:
        # The letters inside a state's abbreviation are not names of their own: "Va" in "W.Va.".
        spans = [s for s in spans if s.clue.state or not any(a <= s.start < b for a, b in states)]
    if added:
        spans.sort(key=lambda s: s.start)
    return spans
