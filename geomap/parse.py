"""The geoparser pipeline for one document: extract -> resolve -> locate, as one call.

>>> from geomap.parse import parse                                     # doctest: +SKIP
>>> parsed = parse("Shelling hit the town of Baghouz in eastern Syria.")  # doctest: +SKIP
>>> parsed.event.place.name                                             # doctest: +SKIP
'Bāghūz Fawqānī'
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from gazetteer import Kind, Match

from .extract import MAX_TEXT_CHARS, find_spans
from .lexicon import DEMONYM_PLURALS, DEMONYMS, REGION_DEMONYMS
from .locate import locate_event
from .model import Alternative, Document, Mention, ParsedDocument, Role
from .relative import with_relative_points
from .resolve import Resolution, resolve_spans
from .spans import Span
from .workers import checked_jobs, parse_outcomes

if TYPE_CHECKING:
    from gazetteer import Gazetteer, Place

__all__ = ["collector_paused", "country_codes", "default_gazetteer", "parse", "parse_documents"]


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer in the default data home, opened once (built on first use)."""
    from gazetteer import Gazetteer

    return Gazetteer.open()


def _as_document(text_or_document: str | Document) -> Document:
    if isinstance(text_or_document, Document):
        return text_or_document
    if not isinstance(text_or_document, str):
        raise TypeError(f"parse() takes a str or a geomap.Document, not {type(text_or_document).__name__}")
    from .ingest import document_from_text

    return document_from_text(text_or_document)


def _title_end(doc: Document) -> int:
    """Where the title line ends in the text, when the text opens with the title."""
    if not doc.title:
        return 0
    stripped = doc.text.lstrip()
    if not stripped.startswith(doc.title):
        return 0
    return len(doc.text) - len(stripped) + len(doc.title)


@lru_cache(maxsize=512)
def _country_place(gazetteer: Gazetteer, code: str) -> Place | None:
    return gazetteer.country(code)


@lru_cache(maxsize=512)
def _region_place(gazetteer: Gazetteer, name: str, code: str) -> Place | None:
    found = gazetteer.search(name, country=code or None, kinds=[Kind.ADMIN1, Kind.REGION], limit=1)
    return found[0].place if found and found[0].match is not Match.FUZZY else None


def _demonym_mentions(doc: Document, spans: list[Span], gazetteer: Gazetteer) -> list[Mention]:
    """Adjectives and plural nouns of nationality as mentions of their country ("Syrian", "Syrians" ->
    Syria), and of a state's or region's people as mentions of it ("Texans" -> Texas), outside place
    spans."""
    taken = [(s.start, s.end) for s in spans if s.clue.is_place]
    out: list[Mention] = []
    for m in _DEMONYM.finditer(doc.text, 0, MAX_TEXT_CHARS):
        word = m.group()
        if any(s <= m.start() < e for s, e in taken):
            continue
        code = DEMONYMS.get(word) or DEMONYM_PLURALS.get(word)
        region = REGION_DEMONYMS.get(word)
        if code:
            place = _country_place(gazetteer, code)
        elif region:
            place = _region_place(gazetteer, *region)
        else:
            continue
        if place is not None:
            out.append(Mention(word, m.start(), m.end(), Role.MENTIONED, 0.6, place, (), f"adjective of {place.name}"))
    return out


def _demonym_countries(text: str, spans: list[Span]) -> frozenset[str]:
    """The countries whose people the text names ("Syrian forces", "Palestinian witnesses", "the
    Turkish-backed rebels"), outside the place names it spans ("the Indian Ocean")."""
    codes: set[str] = set()
    for m in _CAPITALISED.finditer(text, 0, MAX_TEXT_CHARS):
        code = _DEMONYM_CODES.get(m.group())
        if code and code not in codes and not any(s.start <= m.start() < s.end and s.clue.is_place for s in spans):
            codes.add(code)
    return frozenset(codes)


# Nationalities with a country ("Kurdish" has none), and the capitalised words that may be one: a
# plain word pattern and a dict beat one pattern of every nationality fourfold (44 against 180 µs
# a document over the dev texts).
_DEMONYM_CODES = {word: code for word, code in {**DEMONYMS, **DEMONYM_PLURALS}.items() if code}
_CAPITALISED = re.compile(
    r"\b(?:(?:" + "|".join(sorted({w.split()[0] for w in _DEMONYM_CODES if " " in w})) + r") )?[A-Z][a-z]+\b"
)


_DEMONYM = re.compile(
    r"(?<![\w])(?:"
    + "|".join(sorted(map(re.escape, {**DEMONYMS, **DEMONYM_PLURALS, **REGION_DEMONYMS}), key=len, reverse=True))
    + r")(?![\w])"
)


def parse(
    text_or_document: str | Document,
    *,
    gazetteer: Gazetteer | None = None,
    demonyms: bool = False,
    countries: Iterable[str] = (),
) -> ParsedDocument:
    """Find, resolve and locate the places of one document.

    ``text_or_document`` is raw text or a :class:`geomap.Document` (from :mod:`geomap.ingest`).
    ``gazetteer`` defaults to the one in the default data home. With ``demonyms=True``, adjectives
    and plural nouns of nationality ("Syrian", "Syrians") become mentions of their country, and
    those of a state's or region's people ("Texans", "South Ossetian") of the region, as some
    corpora tag them. ``countries`` are ISO 3166 alpha-2 codes ("SY", "IQ") of countries the
    articles are about: where the text itself says little of where it is, its places win the close
    calls ("Shelling hit Shafa" is Syria's Shafa with ``countries=["SY"]``, not Saudi Arabia's); a
    text that names its places fully is left to them.
    """
    codes = country_codes(countries)
    with collector_paused():
        return _parse(_as_document(text_or_document), gazetteer, demonyms, codes)


def country_codes(countries: Iterable[str]) -> tuple[str, ...]:
    """``countries`` as upper-case ISO 3166 alpha-2 codes; ValueError names one that is not."""
    if isinstance(countries, str):
        countries = [countries]
    codes = []
    for code in countries:
        upper = str(code).strip().upper()
        if len(upper) != 2 or not upper.isascii() or not upper.isalpha():
            raise ValueError(f"country {code!r} is not an ISO 3166 alpha-2 code such as SY or IQ")
        codes.append(upper)
    return tuple(dict.fromkeys(codes))


class collector_paused:  # lower case: a context manager, named like contextlib.suppress
    """Keep Python's cyclic garbage collector from running inside the ``with`` block, then restore it.

    A parse allocates thousands of short-lived objects, all freed by reference counting, while the
    gazetteer's caches keep hundreds of thousands of long-lived ones. Each full collection walks all
    of those. While the caches grow, full collections keep running, and over the dev corpus they
    took about 8% of the parse time. :func:`parse` pauses the collector for one document;
    :func:`parse_documents` and the batch commands pause it for the whole batch and call
    :meth:`document_done` once per document, so the young generations, where any cycle a parse
    leaves lies, are still collected every ``young_every`` documents. The collector is left as the
    caller had it.
    """

    def __init__(self, young_every: int = 500) -> None:
        self.young_every = young_every
        self._done = 0
        self._enabled = False

    def __enter__(self) -> collector_paused:
        self._enabled = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._enabled:
            gc.enable()

    def document_done(self) -> None:
        self._done += 1
        if self._done % self.young_every == 0:
            gc.collect(1)


def _parse(doc: Document, gazetteer: Gazetteer | None, demonyms: bool, countries: tuple[str, ...]) -> ParsedDocument:
    gz = gazetteer if gazetteer is not None else default_gazetteer()
    errors: list[str] = []
    if len(doc.text) > MAX_TEXT_CHARS:
        errors.append(f"text longer than {MAX_TEXT_CHARS:,} characters: only the start was parsed")
    spans = find_spans(doc.text, gz)
    spans = [s for s in spans if not gz.is_blocked(s.text)]
    resolutions = with_relative_points(doc.text, resolve_spans(
        spans, doc.text, gz, countries=countries, demonym_countries=_demonym_countries(doc.text, spans)))
    mentions = [_mention(r) for r in resolutions]
    if demonyms:
        mentions.extend(_demonym_mentions(doc, spans, gz))
        mentions.sort(key=lambda m: m.start)
    # A name standing at the place the text puts it in is its own candidate for the event, not that
    # place's: "Baghdad's Doura district" can be the focus though the point is Baghdad's.
    stand_ins = {(r.span.start, r.span.end) for r in resolutions if r.stand_in}
    event, focus = locate_event(
        doc.text,
        [(m.start, m.end, None if (m.start, m.end) in stand_ins else m.place, m.role, m.confidence)
         for m in mentions],
        title_end=_title_end(doc),
    )
    mentions = [_as_focus(m) if i in focus else m for i, m in enumerate(mentions)]
    return ParsedDocument(doc, tuple(mentions), event, tuple(errors))


_ROLES = {role.value: role for role in Role}  # a dict look-up costs a tenth of calling the enum


def _mention(r: Resolution) -> Mention:
    role = _ROLES[r.span.clue.role] if r.span.clue.role else Role.MENTIONED
    alternatives = tuple(Alternative(p, s) for p, s in r.alternatives)
    reason = "; ".join(p for p in (r.reason, r.span.clue.why) if p)
    return Mention(r.span.text, r.span.start, r.span.end, role, round(r.confidence, 4), r.place, alternatives, reason)


def _as_focus(m: Mention) -> Mention:
    return Mention(m.text, m.start, m.end, Role.FOCUS, m.confidence, m.place, m.alternatives, m.reason)


def parse_documents(documents: Iterable[Document], *, gazetteer: Gazetteer | None = None,
                    demonyms: bool = False, countries: Iterable[str] = (), jobs: int = 1) -> Iterator[ParsedDocument]:
    """Parse many documents with one gazetteer, lazily and in order (``demonyms`` and ``countries`` as
    in :func:`parse`).

    ``jobs`` above 1 parses in that many worker processes (see :mod:`geomap.workers`); the results
    are the same, faster on a machine with the cores. The cyclic garbage collector is paused until
    the iteration ends or the iterator is closed (see :func:`collector_paused`); its young
    generations are still collected every few hundred documents.
    """
    codes = country_codes(countries)  # a bad code or count fails here, before any document is read
    return _parse_lazily(documents, gazetteer, demonyms, codes, checked_jobs(jobs))


def _parse_lazily(documents: Iterable[Document], gazetteer: Gazetteer | None, demonyms: bool,
                  countries: tuple[str, ...], jobs: int) -> Iterator[ParsedDocument]:
    gz = gazetteer if gazetteer is not None else default_gazetteer()
    with collector_paused() as pause:
        for _, outcome in parse_outcomes(documents, gz, jobs=jobs, demonyms=demonyms, countries=countries):
            if isinstance(outcome, Exception):
                raise outcome
            yield outcome
            pause.document_done()
