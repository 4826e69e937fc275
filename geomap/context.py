"""Decide from the surrounding words whether a gazetteer-known span is a place, and its role.

Rules, not a trained model: each rule names its evidence, and the evidence is kept in the mention's
``reason``. They target what news does: datelines ("BAGHOUZ, Syria (AP) —"), bylines ("Youssef reported
from Cairo"), people named like places ("spokesman Mustafa Bali", then "Bali said"), organisations holding
places ("Kurdistan 24"), adjectives of nationality ("Syrian"), and capitalised ordinary words ("Food").
The word lists, the one learned input among them, are read by :mod:`geomap.wordlists`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from gazetteer.normalize import ARTICLES

from .lexicon import (
    ARABIC_QUALIFIERS,
    COUNTRY_ACRONYMS,
    DASHES,
    DEMONYMS,
    DISEASE_NAMES,
    HOLIDAYS,
    LIST_GAPS,
    MODIFIERS,
    NAME_HEADS,
    ORG_WORDS,
    ORGANISATIONS,
    PARTY_LETTERS,
    PERSON_VERBS,
    PLACE_PREPOSITIONS,
    POSSESSIVE_ENDINGS,
    STOPWORDS,
    TITLES,
    TYPE_SUFFIXES,
    WORD_ABBREVIATIONS,
)
from .wordlists import common_words, english_words, first_name_word, first_names, has_lower_word

if TYPE_CHECKING:
    from .spans import Run, Token

__all__ = ["ACRONYM_WHY", "IS_A_PLACE", "Clue", "SpanContext", "article_start", "has_place_evidence", "judge_span",
           "party_home"]

# A dateline opening a line, a sentence (a quotation's too: '… he said." SPRINGFIELD - ') or what follows a
# byline's date ("March 15, 2009 NEWARK --"): upper-case place, optional ", Region", optional "(Agency)",
# then a dash or a colon ("BEIRUT: ..."). Digests of local news put one before each story, anywhere in the text.
_DATELINE = re.compile(
    r"(?:^|(?<=[.!?] )|(?<=[.!?][\x22”] )|(?<=\d{4} ))"
    r"[ \t]*(?P<place>[A-Z][A-Z'’.\- ]{2,40}?)(?:,[ \t]*[A-Z][A-Za-z.\- ]{1,30}?)?"
    rf"[ \t]*(?:\([^()\n]{{1,40}}\))?(?:[ \t]+[-{DASHES}]|[ \t]*[{DASHES}]|:[ \t])",
    re.MULTILINE,
)
_DATELINE_ENDS = (*DASHES, " -", "\t-", ": ", ":\t")  # what ends any dateline: a cheap test before _DATELINE
_BYLINE_BEFORE = re.compile(
    r"(?:report(?:ed|ing)|contributed(?: reporting)?|writing|wrote|filed)\s+(?:this report\s+)?from\s+$",
    re.IGNORECASE,
)
_CONTRIBUTED_AFTER = re.compile(r"\s*(?:,\s*)?contribut", re.IGNORECASE)
_BOUNDARY = frozenset(".!?:;\n\"“”(|" + DASHES)
# Every byte but the ASCII lower-case (upper-case) letters: deleting them leaves the letters to count.
_NOT_LOWER = bytes(b for b in range(256) if not 0x61 <= b <= 0x7A)
_NOT_UPPER = bytes(b for b in range(256) if not 0x41 <= b <= 0x5A)
_NEXT_WORD = re.compile(r"([^\w\n]{0,4})([^\W_]+)")


def article_start(text: str, pos: int) -> int:
    """Where the name at ``pos`` starts, counting an Arabic article written apart before it as the
    name's ("the village of al-Shafah", "in al-Qaim"): the article's start, else ``pos``."""
    if pos < 2 or text[pos - 1] != "-":
        return pos
    start = pos - 1
    while start > 0 and text[start - 1].isalnum() and pos - start <= 4:  # articles have 2 or 3 letters
        start -= 1
    if text[start : pos - 1] in ARTICLES and not (start > 0 and text[start - 1].isalnum()):
        return start
    return pos


# "Abu Bakr al-Baghdadi", "Ahmad al-Deiri": a hyphenated article after a name starts a surname.
_NISBA_AFTER = re.compile(r"[ \t]+(?:[Aa]l|[Ee]l)[-‐][A-Z]")
# "X al-Y" and the word after it: a qualifier Y makes X a place ("Daraa al-Balad"), see _qualified_place.
_NISBA_QUALIFIER_AFTER = re.compile(r"[ \t]+(?:[Aa]l|[Ee]l)[-‐]([A-Z][a-z]{2,12})\b(?:[ \t]+(\w+))?")
# Words after a name that make it a disease's ("West Nile virus", "Ebola haemorrhagic fever").
_DISEASE_NOUNS = r"virus|ebolavirus|(?:haemorrhagic |hemorrhagic )?fever|disease|encephalitis"
_DISEASE_AFTER = re.compile(rf"[ \t]+(?:{_DISEASE_NOUNS}|flu(?! season)|strain|outbreak virus)\b", re.IGNORECASE)
# Every name a text gives a disease ("the Marburg virus"): the disease again when it stands alone
# ("Marburg has killed 40"; see SpanContext.diseases). Not a flu's or a strain's, which keep the
# place's name ("Hong Kong flu", "a Beijing strain"), nor the second half of a hyphened name
# ("Crimean-Congo fever").
_DISEASE_NAME = re.compile(rf"(?<![-‐])\b([A-Z][a-z]+)(?=[ \t]+(?i:{_DISEASE_NOUNS})\b)")
_DISEASE_HINTS = ("virus", "fever", "disease", "encephalitis")  # a cheap test before _DISEASE_NAME
# A name before a weapon or aircraft is its model ("a Chinook helicopter", "Apache gunships", "Grad
# missiles", "Sherman tanks"): towns share those names. Not rockets, drones or bombers: "Gaza rockets"
# are fired from Gaza, and "the London bombers" are people. On the dev sets no such name before these
# nouns is a gold place but demonyms ("Russian missiles"), which are judged apart, and one WikToR
# page's "Winchester rifles".
_MODEL_AFTER = re.compile(r" (?:helicopters?|gunships?|missiles?|warplanes?|jets?|tanks?|rifles?|howitzers?)\b(?! of\b)")
# A type word and "of" before a name say what kind of place it is ("the state of Washington").
_OF_BEFORE = (" of ", " of the ")  # cheap test before _TYPE_BEFORE
_TYPE_BEFORE = re.compile(r"\b(state|province|county|region|city|town|village) of (?:the )?$")
# A prefix joined to a capitalised word makes an adjective of it ("sub-Saharan", "Pan-African").
_PREFIX_BEFORE = re.compile(r"\b(?:sub|pro|anti|trans|pan|mid|non|ex|post|pre|inter|cross)-$", re.IGNORECASE)
_HYPHEN_ENDS = ("-", "-\n")  # cheap test before _PREFIX_BEFORE ("$" also matches before a final newline)
_KUNYA = frozenset({"abu", "abou", "umm", "bin", "ibn", "bint", "ben"})
_NISBA_ARTICLES = frozenset({"al", "el"})


# Why an upper-case word is no place; extract takes such a word back when it is an area's initials.
ACRONYM_WHY = "upper-case word outside a dateline (acronym)"


class Clue(NamedTuple):
    """The context's verdict on one span (a tuple: one is built per candidate span)."""

    is_place: bool
    score: float
    role: str | None = None  # "dateline" | "byline" | None
    why: str = ""
    kind_hint: str | None = None
    country: str | None = None  # an ISO code the span must resolve to ("US" for "U.S.")
    state: str | None = None  # a US state code the span abbreviates ("W.Va." -> "WV")
    needs_prior: float = 0.0  # keep only if some candidate's prior reaches this ("Tim said", "Kristina")
    evidence: bool = False  # the words around plainly make it a place ("in X", "X, Texas", "X province")


@dataclass
class SpanContext:
    """Per-document facts the rules share: the runs, datelines, names known to be people."""

    text: str
    runs: list[Run]
    people: set[str] = field(default_factory=set)
    dateline_spans: list[tuple[int, int]] = field(init=False)
    _used_lower: dict[str, bool] | None = None
    _mostly_upper: bool | None = None
    place_names: set[str] = field(default_factory=set)  # names used plainly as places somewhere in the text
    _words_before: dict[int, tuple[str, str]] = field(default_factory=dict)
    _diseases: frozenset[str] | None = None

    def __post_init__(self) -> None:
        if any(mark in self.text for mark in _DATELINE_ENDS):
            self.dateline_spans = [m.span("place") for m in _DATELINE.finditer(self.text)]
        else:
            self.dateline_spans = []
        self._find_people()

    @property
    def mostly_upper(self) -> bool:
        """Whether the text is written in capitals (counted once, and only when an upper-case word asks)."""
        if self._mostly_upper is None:
            head = self.text[:2000].encode("ascii", "ignore")  # only A-Z and a-z are counted
            lower = len(head.translate(None, _NOT_LOWER))
            upper = len(head.translate(None, _NOT_UPPER))
            self._mostly_upper = lower + upper > 100 and upper > 0.6 * (lower + upper)
        return self._mostly_upper

    @property
    def diseases(self) -> frozenset[str]:
        """The names the text gives a disease by a word after them ("the Marburg virus"), found once."""
        if self._diseases is None:
            low = self.text.lower()
            found = any(word in low for word in _DISEASE_HINTS)
            self._diseases = frozenset(m.group(1) for m in _DISEASE_NAME.finditer(self.text)) if found else frozenset()
        return self._diseases

    def boundary_before(self, pos: int) -> bool:
        """Whether a sentence (or the text, or a line) starts right before ``pos``."""
        i = pos - 1
        while i >= 0 and self.text[i] in " \t\u00a0'‘\"“":
            i -= 1
        return i < 0 or self.text[i] in _BOUNDARY

    def word_before(self, pos: int) -> tuple[str, str]:
        """The word before ``pos`` and the characters between it and ``pos``."""
        found = self._words_before.get(pos)
        if found is None:
            found = self._words_before[pos] = self._word_before(pos)
        return found

    def _word_before(self, pos: int) -> tuple[str, str]:
        text = self.text
        if pos >= 2 and text[pos - 1] == " " and text[pos - 2].isalnum():
            # Most often one space and a word after a space: found with one rfind, not a loop per character.
            k = text.rfind(" ", max(0, pos - 41), pos - 1)
            if k >= 0 and text[k + 1 : pos - 1].isalnum():
                return text[k + 1 : pos - 1], " "
        floor = max(0, pos - 12)
        i = pos
        while i > floor and not text[i - 1].isalnum():
            i -= 1
        j = i
        while j > 0 and pos - j < 40 and text[j - 1].isalnum():
            j -= 1
        return text[j:i], text[i:pos]

    def word_before_name(self, pos: int) -> tuple[str, str, int]:
        """Like :meth:`word_before`, stepping over an Arabic article written apart from the name at
        ``pos`` (see :func:`article_start`). Also returns where the words before the name end."""
        pos = article_start(self.text, pos)
        word, gap = self.word_before(pos)
        return word, gap, pos

    def word_after(self, pos: int) -> tuple[str, str]:
        """The characters after ``pos`` up to the next word, and that word."""
        m = _NEXT_WORD.match(self.text, pos, pos + 40)
        return (m.group(1), m.group(2)) if m else ("", "")

    def used_lower(self, word: str) -> bool:
        """Whether ``word`` also appears in lower case in this text ("police", "mobile")."""
        if self._used_lower is None:
            self._used_lower = {}
        low = word.lower()
        found = self._used_lower.get(low)
        if found is None:
            found = self._used_lower[low] = has_lower_word(self.text, low)
        return found

    def in_dateline(self, start: int, end: int) -> bool:
        for s, e in self.dateline_spans:
            if s <= start and end <= e:
                return True
        return False

    def _find_people(self) -> None:
        """Remember names that are people's before judging spans: "spokesman Mustafa Bali" makes "Bali" a person."""
        for run in self.runs:
            toks = run.tokens
            if _AGE_AFTER.match(self.text, run.end):
                self.people.add(toks[-1].text)  # "Jordan, 23, of Central Avenue": an age after a name
            if len(toks) == 1 and self.word_after(run.end) == (" ", "administration"):
                # "the Obama administration", "Bush's administration": a leader's name (a place's
                # administration is capitalised, "the Interim Jubba Administration").
                self.people.add(toks[0].text[:-2] if toks[0].text.endswith(POSSESSIVE_ENDINGS) else toks[0].text)
            before, gap = self.word_before(run.start)
            if _is_title(before, gap) and toks[0].is_capitalised:
                # The name runs to the first connector: "Dr. Kevin Reilly of the California Department".
                name = list(itertools.takewhile(lambda t: t.is_capitalised, toks))
                if not before.islower() or self._named_after_title(run, name):
                    self.people.update(t.text for t in name)
            for k in range(len(toks) - 1):
                a, b = toks[k], toks[k + 1]
                if not b.is_capitalised:
                    continue
                if k == 0 and self._after_initial(run.start):
                    self.people.add(a.text)  # "Jeremy J. Shingleton"
                low = a.text.lower()
                if low in _NISBA_ARTICLES and k >= 1 and toks[k - 1].is_capitalised:
                    self.people.add(b.text)  # "Ahmad al-Deiri"
                elif low in _KUNYA and a.is_capitalised:
                    self.people.add(b.text)  # "Abu Bakr"
                elif (b.start == a.end + 1 and self.text[run.start + a.end] == " " and len(b.text) > 1
                      and self._first_name(run, k)):
                    self.people.add(b.text)  # "Mustafa Bali"; not the initial of "Nicholas A. Roe"

    def _named_after_title(self, run: Run, name: list[Token]) -> bool:
        """Whether the capitalised words after a lower-case title are a person's name: a lower-case
        title is often an adjective or a verb ("a major Baghdad hospital", "official Damascus media",
        "to miss Rochester"), so one word must be followed by a comma or a verb of speech ("spokesman
        Bali said"), and longer names must hold no ordinary word ("spokesman Mustafa Bali", not
        "the chief Beirut Bureau")."""
        if len(name) > 1:
            words = english_words()
            return not any(t.text.lower() in words or t.text.lower() in ORG_WORDS for t in name)
        gap, after = self.word_after(run.start + name[0].end)
        return gap.startswith(",") or after.lower() in PERSON_VERBS

    def compound_adjective(self, start: int) -> bool:
        """Whether the capitalised word at ``start`` ends a prefixed adjective ("sub-Saharan", "Pan-African"): no name."""
        return self.text.endswith(_HYPHEN_ENDS, max(0, start - 7), start) and (
            _PREFIX_BEFORE.search(self.text, max(0, start - 7), start) is not None)

    def _after_initial(self, pos: int) -> bool:
        """Whether ``pos`` follows "Name X. " (a middle initial), so the word there is a surname."""
        t = self.text
        return pos >= 5 and t[pos - 1] == " " and t[pos - 2] == "." and t[pos - 3].isupper() and (
            t[pos - 4] == " " and t[pos - 5].isalpha()) and not self.after_direction(pos)

    def after_direction(self, pos: int) -> bool:
        """Whether ``pos`` follows a compass point written short ("in W. Columbia", "S. Jersey"): an
        initial N, S, E or W after no capitalised word (as "George W. Bush" has)."""
        t = self.text
        if not (pos >= 3 and t.startswith(". ", pos - 2) and t[pos - 3] in "NSEW"):
            return False
        if pos >= 4 and t[pos - 4].isalnum():
            return False  # "U.S. ", "WWII. ": no initial
        i = pos - 4
        while i >= 0 and t[i] == " ":
            i -= 1
        while i > 0 and t[i - 1].isalpha():
            i -= 1
        return i < 0 or not t[i].isupper()

    def _first_name(self, run: Run, k: int) -> bool:
        """Whether run token ``k`` reads as a first name before a surname."""
        tok = run.tokens[k]
        by_word = first_name_word(tok.text) if tok.is_capitalised else False
        if by_word is False or self.compound_adjective(run.start + tok.start):
            return False
        if by_word:
            return True
        if k == 0 and self.boundary_before(run.start):
            # Sentence-initial words are too often ordinary ones: trust them only before a verb of speech.
            after_pair = self.word_after(run.start + run.tokens[k + 1].end)[1].lower() if k + 1 < len(run.tokens) else ""
            return after_pair in PERSON_VERBS
        return True


# Titles written short with a dot ("Gen. Roe"); after any other title a dot ends a sentence
# ("... a seat on the bench of Judge. Columbus attorneys said").
_SHORT_TITLES = frozenset("mr mrs ms dr gen col lt maj sgt capt cmdr adm sen rep gov rev prof".split())


def _is_title(word: str, gap: str) -> bool:
    """Whether ``word``, followed by ``gap``, is a title of the name after it."""
    low = word.lower()
    return low in TITLES and (not gap.strip() or gap == ". " and low in _SHORT_TITLES)


_APOSTROPHES = ("'", "’")
# A saint's name with a possessive before a capitalised word names a church, school or square
# ("St. Peter's Square", "St. Mary's Hospital"), not the place of that name.
_SAINTS = frozenset({"St.", "St", "Saint", "Ste.", "Sainte"})
_AGE_AFTER = re.compile(r", \d{1,3},")
# "Theresa Roe of X", "John Doe, 22, of X": where a person the text names lives (group 1 the surname).
_RESIDENT_BEFORE = re.compile(r"(?:\b([A-Z][\w'’-]{1,30})|, \d{1,3},) of $")
# "It's", "We're", "I'm", "Don't": not "N'Djamena", "Ta'izz" or "Ma’an", whose apostrophe stands
# for a letter of the name.
_CONTRACTION = re.compile(r"(?:[A-Za-z]{1,2}['’]s|[A-Za-z]{1,4}['’](?:re|m|ve|ll|d|t))\Z", re.IGNORECASE)


def _owned_by_person(ctx: SpanContext, name: str, end: int) -> bool:
    """Whether ``name``, which ends at ``end``, is a person's in this text and owns what follows
    ("from Jones' car", "into Bell's back"): the preposition before it governs the thing owned, so
    it says nothing of the name as a place."""
    return name in ctx.people and ctx.text.startswith(_APOSTROPHES, end)


# "X is a town in …", "X, a village of …": the text says X is a place; group 1 is the noun saying what kind.
IS_A_PLACE = re.compile(
    r"(?:\s\([^()\n]{0,120}\))?(?:,? (?:is|was)|,) (?:a|an|the) (?:[a-z-]+ |[A-Z][a-z]+(?:an|ese|ish|i) ){0,4}?"
    r"(city|town|village|county|borough|township|municipality|community|suburb|hamlet|capital|port|"
    r"district|province|region|state|country|commune|settlement|census-designated place|island|locality|"
    r"neighbou?rhood|barangay|barrio|kibbutz|moshav)\b(?: \([^()\n]{1,40}\))?"  # "a census-designated place (CDP) in"
    r"(?: (?:[a-z]+|\d[\d,.]*)){0,3}? (?:in|of|near|on)\b"  # "a town 73 kilometres north of"
)


def _residence(ctx: SpanContext, before: int) -> bool:
    """Whether the name after "of" that ends at ``before`` says where a person lives: "of" follows
    an age after a name, or a name the text uses for a person that is no ordinary word (the
    people's names hold some: "the Mount Vernon Chamber of Commerce")."""
    m = _RESIDENT_BEFORE.search(ctx.text, max(0, before - 40), before)
    if m is None:
        return False
    surname = m.group(1)
    return surname is None or (surname in ctx.people and surname.lower() not in english_words())


_ACRONYM_AFTER = re.compile(r" \(([A-Z]{2,8})\)")
_LEADING_ARTICLES = frozenset({"the", "a", "an"})


def _name_start(tokens: tuple[Token, ...]) -> int:
    """The first token of a run after a leading article ("The" of "The Islamic State")."""
    return next((k for k, t in enumerate(tokens) if t.text.lower() not in _LEADING_ARTICLES), len(tokens))


def _acronym_of(text: str, run: Run) -> str | None:
    """The acronym in brackets after ``run`` when its letters are initials of the run's words, in
    order, beginning with the first after an article ("the Syrian Social Nationalist Party (SSNP)"),
    else None."""
    m = _ACRONYM_AFTER.match(text, run.end)
    if m is None:
        return None
    acronym = m.group(1)
    initials = "".join(t.text[0] for t in run.tokens[_name_start(run.tokens):] if t.is_capitalised).upper()
    if not initials or acronym[0] != initials[0]:
        return None
    letters = iter(initials)
    return acronym if all(letter in letters for letter in acronym) else None


def party_home(text: str, start: int) -> bool:
    """Whether the name at ``start`` is the home a legislator represents ("Rep. Jane Roe, D-X",
    "(R-X)"): where someone comes from, like "from X". The designation follows the name after a comma
    or in brackets, which "the D-Day landings" does not."""
    if start < 2 or text[start - 1] != "-":
        return False
    j = start - 1
    while j > 0 and text[j - 1].isalpha() and start - j <= 4:
        j -= 1
    return text[j : start - 1] in PARTY_LETTERS and (text[j - 1 : j] == "(" or text[j - 2 : j] == ", ")


def has_place_evidence(ctx: SpanContext, start: int, end: int) -> bool:
    """Whether the words around ``start:end`` plainly make it a place ("in X", "X, Texas", "X is a town")."""
    text = ctx.text
    owned = _owned_by_person(ctx, text[start:end], end)
    before, gap, start = ctx.word_before_name(start)
    if before.lower() in MODIFIERS and before.islower():  # "in northwestern X": the preposition counts
        before, _ = ctx.word_before(start - len(gap) - len(before))
    if (before.lower() in PLACE_PREPOSITIONS and not _across_sentences(gap)
            or gap in LIST_GAPS and _listed_after_preposition(ctx, start)):
        if not owned:
            return True
    gap, after = ctx.word_after(end)
    if gap == ", " and after[:1].isupper() or gap == " " and after.lower() in TYPE_SUFFIXES:
        return True
    return IS_A_PLACE.match(text, end, end + 160) is not None


def _across_sentences(gap: str) -> bool:
    """Whether the characters between two words end a sentence or clause ('to." ', "in; ")."""
    return any(c in gap for c in ".!?;:")


_LIST_REACH = 12  # words to walk back over: a list of a few one- or two-word names


def _listed_after_preposition(ctx: SpanContext, start: int) -> bool:
    """Whether the name at ``start`` is listed after a preposition of place ("in Moonbi, Parkes, Berry
    and Wyong"): capitalised words, commas and "and"/"or" back to "in". One comma alone makes no list
    ("In Paris, Berry said")."""
    pos, commas, joined = start, 0, False
    for _ in range(_LIST_REACH):
        word, gap = ctx.word_before(pos)
        if not word:
            return False
        if word.lower() in PLACE_PREPOSITIONS:
            return gap == " " and (joined or commas >= 2)
        joined = joined or word in ("and", "or") or gap.strip(", ") in ("and", "or")
        if not (word[:1].isupper() or word in ("and", "or")) or gap not in (" ", *LIST_GAPS):
            return False
        commas += gap.startswith(",")
        pos -= len(gap) + len(word)
    return False


def _qualified_place(ctx: SpanContext, prev_low: str, before: int, end: int) -> bool:
    """Whether the name ending at ``end`` is a place with an Arabic qualifier after it ("in Daraa
    al-Balad", "the Baghdad al-Jadida district"), not a person's "Name al-Surname": the qualifier
    is one of :data:`ARABIC_QUALIFIERS`, and the text puts the whole in a place (a preposition of
    place before, ``prev_low`` ending at ``before``, or a place noun after)."""
    m = _NISBA_QUALIFIER_AFTER.match(ctx.text, end)
    if m is None or m.group(1).lower() not in ARABIC_QUALIFIERS:
        return False
    if prev_low == "the":  # "in the Baghdad al-Jadida district": the word before "the "
        prev_low = ctx.word_before(max(0, before - 4))[0].lower() if before >= 4 else ""
    return prev_low in PLACE_PREPOSITIONS or (m.group(2) or "").lower() in _QUALIFIED_NOUNS


# Nouns after "X al-Y" that make it a place: the types of TYPE_SUFFIXES and a city's parts.
_QUALIFIED_NOUNS = frozenset(TYPE_SUFFIXES) | frozenset({"neighborhood", "neighbourhood", "quarter", "area"})


def judge_span(ctx: SpanContext, run: Run, first: int, last: int) -> Clue:
    """Return whether run tokens ``first..last`` name a place here, with a score and the evidence."""
    toks = run.tokens
    text = ctx.text
    head, tail = toks[first], toks[last]
    base = run.start
    start, end = base + head.start, base + tail.end
    if tail.text.endswith(POSSESSIVE_ENDINGS):
        end -= 2
    surface = text[start:end]
    last_word = text[base + tail.start : end]  # without a possessive: "Bali's" is Bali's
    single = first == last
    low = surface.lower()

    if first > 0:
        prev_text, prev_gap = toks[first - 1].text, text[base + toks[first - 1].end : start]
        before = start  # where the words before the name end
    else:
        prev_text, prev_gap, before = ctx.word_before_name(start)
    prev_low = prev_text.lower()
    if prev_low in PLACE_PREPOSITIONS and _across_sentences(prev_gap):
        prev_low = ""  # 'someone to talk to." Jones is black.': the preposition ended the last sentence
    nxt = toks[last + 1] if last + 1 < len(toks) else None
    after_gap, after_word = ctx.word_after(base + tail.end) if nxt is None else (text[base + tail.end : base + nxt.start], nxt.text)
    kind_hint = TYPE_SUFFIXES.get(after_word.lower()) if after_gap in (" ", "-") else None
    named_as = (_TYPE_BEFORE.search(text, max(0, before - 24), before)
                if not kind_hint and text.endswith(_OF_BEFORE, max(0, before - 8), before) else None)
    hint_why = None
    if named_as is not None:  # "the state of Washington", "the city of Sao Paulo"
        kind_hint = TYPE_SUFFIXES[named_as.group(1)]
        hint_why = f"after '{named_as.group().strip()}'"
    elif not kind_hint and not single and TYPE_SUFFIXES.get(last_word.lower()) == "admin1":
        kind_hint = "admin1"  # the name says it itself: "Deir Ezzor Governorate", "Hama Governorate’s"
        hint_why = f"named a {last_word.lower()}"

    if ctx.dateline_spans and ctx.in_dateline(start, end):
        return Clue(True, 0.95, "dateline", "dateline", kind_hint)
    if text.find("from", max(0, start - 8), start) >= 0 and _BYLINE_BEFORE.search(text, max(0, start - 60), start):
        return Clue(True, 0.9, "byline", "byline: reported from", kind_hint)
    if prev_low == "in" and _CONTRIBUTED_AFTER.match(text, end):
        return Clue(True, 0.9, "byline", "byline: contributed from", kind_hint)

    if first > _name_start(toks) and (acronym := _acronym_of(text, run)) is not None:
        # "the Liberation Front of Korvan and Pelora (LFKP)": a place inside an organisation's name (one
        # that leads it is the organisation's home: "Pelton County Water Board (PCWB)").
        return Clue(False, 0.05, None, f"in an organisation's name ('… ({acronym})')")
    if head.is_upper and not ctx.mostly_upper and (single or tail.is_upper):  # not "DR Congo"
        code = COUNTRY_ACRONYMS.get(surface.rstrip(".")) or COUNTRY_ACRONYMS.get(surface.replace(".", ""))
        if code and single:
            return Clue(True, 0.8, None, "country abbreviation", "country", code)
        return Clue(False, 0.1, None, ACRONYM_WHY)
    if _CONTRACTION.match(head.text):
        return Clue(False, 0.05, None, "a contraction")
    # Where a person lives: "Jane Roe of X", a legislator's "D-X".
    home = (prev_low == "of" and _residence(ctx, before)) or party_home(text, before)
    name_after_comma = after_gap == ", " and after_word[:1].isupper()  # "X, Syria"
    said_here = kind_hint is not None or home or (  # the words around this mention make it a place
        prev_low in PLACE_PREPOSITIONS and not _owned_by_person(ctx, last_word, end)) or name_after_comma
    place_evidence = said_here or surface in ctx.place_names
    described = IS_A_PLACE.match(text, end, end + 160) is not None  # "Seaside is a city in Monterey County"
    if (last_word in ctx.people and not place_evidence
            and (single or all(t.text.lower() in ARTICLES for t in toks[first:last]))):
        return Clue(False, 0.05, None, "a person's name in this text")
    if (single and last_word in ctx.people and after_gap == " " and after_word.lower() in PERSON_VERBS
            and prev_low not in PLACE_PREPOSITIONS and not kind_hint):
        # "Trapani said": the person the text named, even where another sentence used the name as a
        # place ("the idea came to Trapani"), which makes it a place elsewhere.
        return Clue(False, 0.05, None, "a person's name in this text")
    if single and low in ORGANISATIONS:
        return Clue(False, 0.05, None, "a group or news agency")
    if single and low in TITLES and prev_low == "the":
        return Clue(False, 0.05, None, f"a title ('the {surface}')")
    if single and low in HOLIDAYS:
        return Clue(False, 0.05, None, "a holiday")
    if single and (low in WORD_ABBREVIATIONS and text.startswith(".", end)
                   or low in ORG_WORDS and not described):  # "Union is a city in"
        return Clue(False, 0.05, None, "an abbreviation" if low in WORD_ABBREVIATIONS else "an organisation word")
    if single and (surface in DEMONYMS or low in ARTICLES):
        return Clue(False, 0.05, None, "an adjective of nationality" if surface in DEMONYMS else "an article")
    if _NISBA_AFTER.match(text, end) and not _qualified_place(ctx, prev_low, before, end):
        return Clue(False, 0.05, None, "followed by a surname ('al-…'): a person's name")
    if (first >= 2 and prev_gap in ("-", "‐") and prev_low in _NISBA_ARTICLES and low in ARABIC_QUALIFIERS
            and toks[first - 2].is_capitalised and toks[first - 2].text.lower() not in STOPWORDS):
        # "Daraa al-Balad", "Baghdad al-Jadida": the qualifier is part of the name before it, never a
        # place of its own (Balad, Iraq).
        return Clue(False, 0.05, None, f"qualifies the name before it ('{toks[first - 2].text} {prev_text}-{surface}')")
    if _DISEASE_AFTER.match(text, end):
        return Clue(False, 0.05, None, f"names a disease ('{surface} {after_word}')")
    if single and (low in DISEASE_NAMES and not kind_hint and not name_after_comma
                   or surface in ctx.diseases and not said_here):
        # "died from Ebola"; "Marburg has killed 40" in a text that names "the Marburg virus": one sense
        # per text, unless the words around make it the place ("in Marburg", "Marburg, Germany").
        return Clue(False, 0.05, None, "a disease's name")
    if _MODEL_AFTER.match(text, end) and surface not in DEMONYMS and prev_low not in PLACE_PREPOSITIONS:
        return Clue(False, 0.05, None, f"names a model ('{surface} {after_word}')")
    if prev_low in _KUNYA and prev_text[:1].isupper():
        return Clue(False, 0.05, None, f"part of a name ('{prev_text} {surface}')")
    if prev_low in ORG_WORDS and prev_text.islower() and prev_gap in (", ", " ", ": "):
        # "its media organization, Al Furqan": a name given to an organisation, not a place.
        return Clue(False, 0.05, None, f"names the {prev_text} before it")
    if _is_title(prev_text, prev_gap) and (not prev_text.islower() or last_word in ctx.people):
        # A lower-case title makes a person only of a person's name (see SpanContext._named_after_title).
        return Clue(False, 0.05, None, f"after the title '{prev_text}'")
    if (len(prev_text) == 1 and prev_text.isupper() and prev_gap == ". " and first == 0  # not "U.S. / Mexico"
            and (before < 4 or text[before - 4] in " \t\n(")  # not a unit ("18°C. Salinas")
            and not ctx.after_direction(before)):
        return Clue(False, 0.05, None, "after an initial: a person's name")
    if after_gap == " " and after_word.isdigit() and not tail.text.endswith(POSSESSIVE_ENDINGS):  # not "Turkey's 81"
        return Clue(False, 0.05, None, f"a name with a number ('{surface} {after_word}')")
    if first > 0 and prev_gap == "-" and prev_text in ctx.people and toks[first - 1].is_capitalised:
        return Clue(False, 0.05, None, f"ends a person's double name ('{prev_text}-{surface}')")
    if (first > 0 and prev_gap == " " and toks[first - 1].is_capitalised and not toks[first - 1].is_upper
            and not prev_text.endswith(POSSESSIVE_ENDINGS)  # "the Organization's Beijing office": two names
            and not ctx.compound_adjective(base + toks[first - 1].start)):
        if prev_text in ctx.people or ctx._first_name(run, first - 1):
            return Clue(False, 0.05, None, f"a person's name ('{prev_text} {surface}')")
        if (prev_low not in MODIFIERS and prev_low not in STOPWORDS and prev_low not in TITLES
                and not (prev_text in DEMONYMS and kind_hint)  # "the Sudanese Warab state"
                and prev_low not in common_words()):
            return Clue(False, 0.1, None, f"end of a longer name ('{prev_text} {surface}')")

    if nxt is not None and nxt.is_capitalised and after_gap == " ":
        if single and low in NAME_HEADS:
            return Clue(False, 0.1, None, f"first word of a longer name ('{surface} {nxt.text}')")
        if all(t.text.lower() in MODIFIERS for t in toks[first : last + 1]):
            # "South West England": the directions place the name after them ("South West" is a
            # district of Singapore).
            return Clue(False, 0.1, None, f"a direction before a name ('{surface} {nxt.text}')")
        if head.text in _SAINTS and tail.text.endswith(POSSESSIVE_ENDINGS):
            return Clue(False, 0.1, None, f"a saint's site ('{surface}'s {nxt.text}')")

    score = 0.6
    why: list[str] = []
    # "Syria's Baghouz": a possessive ends the name, so the next capitalised word starts another.
    if nxt is not None and nxt.is_capitalised and after_gap == " " and not tail.text.endswith(POSSESSIVE_ENDINGS):
        nlow = nxt.text.lower()
        if nlow in ORG_WORDS or nlow in english_words():
            if single and low in english_words() and not place_evidence:
                return Clue(False, 0.1, None, f"an ordinary word in a name ('{surface} {nxt.text}')")
            # "Texas Fire Service", "Dublin Historical Society": the place is named inside the name.
            score -= 0.1
            why.append(f"in a name ('{surface} {nxt.text}')")
        elif (single and not nxt.is_upper and nlow not in TYPE_SUFFIXES and nlow not in TITLES
              and nlow not in STOPWORDS and nlow not in MODIFIERS):
            return Clue(False, 0.1, None, f"first word of a longer name ('{surface} {nxt.text}')")

    initial = first == 0 and ctx.boundary_before(start)
    if single and (low in STOPWORDS or (initial and not described and surface not in ctx.place_names
                                        and ctx.used_lower(surface))):
        return Clue(False, 0.1, None, "a common word")
    if single and low in common_words():
        score -= 0.35
        why.append("usually a common word")
    elif single and ctx.used_lower(surface):
        score -= 0.3
        why.append("also used in lower case here")
    elif initial and single:
        score -= 0.1
        why.append("sentence-initial")
    if prev_low in PLACE_PREPOSITIONS:
        score += 0.25
        why.append(f"after '{prev_text}'")
    elif home:
        score += 0.25
        why.append("where a person named before it lives" if prev_low == "of" else "a legislator's home")
    if kind_hint:
        score += 0.2
        why.append(hint_why or f"followed by '{after_word}'")
    if name_after_comma:
        score += 0.05
    if described:
        score += 0.3  # "Seaside is a city in Monterey County": the text says so, common word or not
        why.append("described as a place")
    needs_prior = 0.0
    if (single and after_word.lower() in PERSON_VERBS and prev_low not in PLACE_PREPOSITIONS and not kind_hint
            and not after_gap.startswith(",")):
        # "Tim said": a speaker, unless the name is a big place ("Iran said"); "a resident of X told"
        # puts the speaker before, so a town of some size will do. Not "the village of X said" (the
        # text says what it is) nor "in X, said police" (the speaker follows the verb).
        needs_prior = 0.5 if prev_low == "of" else 0.7
        why.append(f"followed by '{after_word}'")
    elif single and surface in first_names() and not place_evidence:
        needs_prior = 0.55  # "Kristina", "Hailey": a given name, unless also a sizeable place
        why.append("also a given name")
    elif single and not place_evidence and low in english_words() and not ctx.mostly_upper:
        needs_prior = 0.55  # "Supreme", "Republic", "War": an ordinary word, unless also a sizeable place
        why.append("also an ordinary word")
    score = max(0.0, min(1.0, score))
    return Clue(score >= 0.3, score, None, "; ".join(why), kind_hint, needs_prior=needs_prior,
                evidence=place_evidence)
