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
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING

from .extract import MAX_TEXT_CHARS, Span, find_spans
from .lexicon import DEMONYMS
from .locate import locate_event
from .model import Alternative, Document, Mention, ParsedDocument, Role
from .resolve import Resolution, resolve_spans

if TYPE_CHECKING:
    from gazetteer import Gazetteer, Place

__all__ = ["default_gazetteer", "parse", "parse_documents"]


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


def _demonym_mentions(doc: Document, spans: list[Span], gazetteer: Gazetteer) -> list[Mention]:
    """Adjectives of nationality as mentions of their country ("Syrian" -> Syria), outside place spans."""
    taken = [(s.start, s.end) for s in spans if s.clue.is_place]
    out: list[Mention] = []
    for m in _DEMONYM.finditer(doc.text, 0, MAX_TEXT_CHARS):
        word = m.group()
        code = DEMONYMS.get(word)
        if not code or any(s <= m.start() < e for s, e in taken):
            continue
        place = _country_place(gazetteer, code)
        if place is not None:
            out.append(Mention(word, m.start(), m.end(), Role.MENTIONED, 0.6, place, (), f"adjective of {place.name}"))
    return out


_DEMONYM = re.compile(r"(?<![\w])(?:" + "|".join(sorted(map(re.escape, DEMONYMS), key=len, reverse=True)) + r")(?![\w])")


def parse(
    text_or_document: str | Document,
    *,
    gazetteer: Gazetteer | None = None,
    demonyms: bool = False,
) -> ParsedDocument:
    """Find, resolve and locate the places of one document.

    ``text_or_document`` is raw text or a :class:`geomap.Document` (from :mod:`geomap.ingest`).
    ``gazetteer`` defaults to the one in the default data home. With ``demonyms=True``,
    adjectives of nationality ("Syrian") become mentions of their country, as some corpora tag them.
    """
    with _collector_paused():
        return _parse(_as_document(text_or_document), gazetteer, demonyms)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector out of one document's parse, and let it run after.

    A parse allocates thousands of short-lived objects, freed by reference counting, while the
    gazetteer's caches hold hundreds of thousands of long-lived ones: the collector would run dozens
    of times per document and walk those caches, about 15% of parse time. Any cycle a parse leaves
    is collected at the next collection after it. The collector is left as the caller had it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse(doc: Document, gazetteer: Gazetteer | None, demonyms: bool) -> ParsedDocument:
    gz = gazetteer if gazetteer is not None else default_gazetteer()
    errors: list[str] = []
    if len(doc.text) > MAX_TEXT_CHARS:
        errors.append(f"text longer than {MAX_TEXT_CHARS:,} characters: only the start was parsed")
    spans = find_spans(doc.text, gz)
    spans = [s for s in spans if not gz.is_blocked(s.text)]
    resolutions = resolve_spans(spans, doc.text, gz)
    mentions = [_mention(r) for r in resolutions]
    if demonyms:
        mentions.extend(_demonym_mentions(doc, spans, gz))
        mentions.sort(key=lambda m: m.start)
    event, focus = locate_event(
        doc.text,
        [(m.start, m.end, m.place, m.role, m.confidence) for m in mentions],
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
                    demonyms: bool = False) -> Iterator[ParsedDocument]:
    """Parse many documents with one gazetteer, lazily."""
    gz = gazetteer if gazetteer is not None else default_gazetteer()
    for doc in documents:
        yield parse(doc, gazetteer=gz, demonyms=demonyms)

