"""Read the story in one report: its lead paragraph, its sentences, a short summary and its event date.

The **event date** of a report is read from its text, resolved against its publication date:

* the temporal word searched first is in the sentence naming the event place, then the lead sentence
  (after the dateline), then the next sentences of the lead (about 600 characters); captions and headers
  before the lead are skipped; within a sentence the word nearest the event mention wins;
* a weekday ("Tuesday", "on Sunday night", "late Monday") is the most recent such day on or before
  publication (the publication day itself when it is that weekday); "today"/"tonight"/"this morning" is
  the publication day, "yesterday"/"last night" the day before; "next Friday" is ignored;
* an explicit date ("March 11, 2019", "11 March", "March 11") wins when it is nearer; a missing year is the
  publication year (the year before when that would put the date after publication);
* with no such word the event date is the publication date; a report without a publication date borrows
  the earliest one of its duplicates, else it has no date unless its text names a full date.
"""

from __future__ import annotations

import datetime as dt
import re

from .lexicon import DASHES
from .model import ParsedDocument, Role

__all__ = ["SUMMARY_CHARS", "capped", "event_date", "lead_paragraph", "strip_dateline", "summarize"]

SUMMARY_CHARS = 300
_MAX_TEXT = 200_000  # house rule 14: cap untrusted text before regexes run over it

_PARA_SPLIT = re.compile(r"\n\s*\n|\r\n\s*\r\n")

# "BAGHOUZ, Syria (AP) —", "ERBIL (Kurdistan 24) –", "BEIRUT, March 23 (Wire) -": an upper-case place
# opening a paragraph, then an optional region, date and agency, then a dash. Every part is bounded.
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z'’.\-]{1,30}(?: [A-Z][A-Z'’.\-]{1,30}){0,4})"
    r"(?:,[ \t]*[A-Z][A-Za-z'’.\-]{1,30}(?: [A-Za-z][A-Za-z'’.\-]{0,29}){0,3})?"
    r"(?:,?[ \t]*[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)?"
    r"[ \t]*(?:\([^()\n]{1,40}\))?"
    rf"[ \t]*[{DASHES}-]{{1,2}}[ \t]+"
)

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen lt col sgt capt maj sen rep gov pres st mt no jan feb mar apr jun jul aug sep sept "
    "oct nov dec u.s u.n u.k inc corp co ltd jr sr vs etc".split()
)
_SENTENCE_END = re.compile(r"[.!?][”\"’')]?(?=\s+[“\"‘'(]?[A-Z0-9])")

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")]
    )
    for name in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_TEMPORAL = re.compile(
    r"\b(?:(?P<next>next|coming|following) )?"
    r"(?:(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    rf"|(?P<mdy>(?:{_MONTH_RE})\.? \d{{1,2}}(?:st|nd|rd|th)?(?:, \d{{4}})?)"
    rf"|(?P<dmy>\d{{1,2}}(?:st|nd|rd|th)? (?:{_MONTH_RE})\.?(?: \d{{4}})?)"
    r"|(?P<today>today|tonight|this morning|this afternoon|this evening)"
    r"|(?P<yesterday>yesterday|last night))\b",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------------------------- text helpers

def capped(text: str) -> str:
    """The text cut to the length the regular expressions here are run over (house rule 14)."""
    return text[:_MAX_TEXT]

def _paragraphs(text: str) -> list[tuple[int, str]]:
    """Paragraphs (blank-line separated, or line separated when the text has no blank lines) with offsets."""
    text = capped(text)
    out: list[tuple[int, str]] = []
    splitter = _PARA_SPLIT if _PARA_SPLIT.search(text) else re.compile(r"\n")
    pos = 0
    for m in splitter.finditer(text):
        out.append((pos, text[pos:m.start()]))
        pos = m.end()
    out.append((pos, text[pos:]))
    return [(start + len(p) - len(p.lstrip()), p.strip()) for start, p in out if p.strip()]

def _is_prose(paragraph: str, title: str) -> bool:
    words = paragraph.split()
    if len(words) < 12 or paragraph.strip() == title.strip():
        return False
    # Photo captions and credits end in a parenthesised credit or carry "Photo" in their last words.
    tail = paragraph[-60:]
    return "Photo" not in tail and not paragraph.rstrip().endswith(")") and paragraph.rstrip()[-1:] in ".!?”\"’"

def lead_paragraph(text: str, *, title: str = "", dateline_at: int | None = None) -> tuple[int, str] | None:
    """The paragraph an article's story starts in, with its offset: the datelined one, else the first prose.

    >>> lead_paragraph("Floods hit town\\n\\nTOWNSVILLE (Wire) — Water rose overnight in the low streets of the town, "
    ...                "officials said on Tuesday, as rain kept falling.")[0]
    17
    """
    paragraphs = _paragraphs(text)
    for start, para in paragraphs[:12]:
        # A dateline may open a line inside a block of header lines ("By AP\nPublished ...\nBAGHOUZ, ...").
        line_start = 0
        for line in para.split("\n")[:12]:
            rest = para[line_start:]
            if _DATELINE.match(line) and len(rest.split()) >= 8:
                return start + line_start, rest
            line_start += len(line) + 1
    if dateline_at is not None:
        for start, para in paragraphs:
            if start <= dateline_at < start + len(para):
                return start, para
    for start, para in paragraphs:
        if _is_prose(para, title):
            return start, para
    return paragraphs[0] if paragraphs else None

def strip_dateline(paragraph: str) -> str:
    """The paragraph without its dateline: "BAGHOUZ, Syria (AP) — Besieged..." -> "Besieged..."."""
    m = _DATELINE.match(paragraph)
    return paragraph[m.end():] if m and len(paragraph) > m.end() else paragraph

def _sentences(text: str, offset: int = 0) -> list[tuple[int, str]]:
    """Sentences with their offsets (into the text ``offset`` points at); abbreviations do not end one."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start:m.start() + 1].split()
        last = before[-1].rstrip(".").lower() if before else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        out.append((offset + start, text[start:m.end()].strip()))
        start = m.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if text[start:].strip():
        out.append((offset + start, text[start:].strip()))
    return out

def summarize(text: str, *, title: str = "", limit: int = SUMMARY_CHARS) -> str:
    """The first sentence(s) of the story, dateline removed, at most ``limit`` characters.

    >>> summarize("Quake shakes city\\n\\nCHRISTCHURCH, New Zealand (Wire) — A strong earthquake shook the city "
    ...           "early on Sunday. No deaths were reported. Officials urged calm.", limit=80)
    'A strong earthquake shook the city early on Sunday. No deaths were reported.'
    """
    lead = lead_paragraph(text, title=title)
    if lead is None:
        return ""
    body = " ".join(strip_dateline(lead[1]).split())
    summary = ""
    for _, sentence in _sentences(body):
        candidate = f"{summary} {sentence}".strip()
        if len(candidate) > limit:
            break
        summary = candidate
    if not summary:  # the first sentence alone is too long: cut at a word boundary
        cut = body[: limit - 1].rsplit(" ", 1)[0]
        summary = cut.rstrip(",;:") + "…"
    return summary

# --------------------------------------------------------------------------------------------------- dates

def _resolve(match: re.Match[str], published: dt.date | None) -> dt.date | None:
    if match.group("next"):
        return None  # a future day: not when the reported thing happened
    if match.group("today"):
        return published
    if match.group("yesterday"):
        return published - dt.timedelta(days=1) if published else None
    weekday = match.group("weekday")
    if weekday:
        if published is None:
            return None
        back = (published.weekday() - _WEEKDAYS.index(weekday.lower())) % 7
        return published - dt.timedelta(days=back)
    words = re.findall(r"[A-Za-z]+|\d+", match.group("mdy") or match.group("dmy"))
    month = next(_MONTHS[w.lower()] for w in words if w.lower() in _MONTHS)
    numbers = [int(w) for w in words if w.isdigit()]
    day = numbers[0]
    year = numbers[1] if len(numbers) > 1 else None
    if year is None:
        if published is None:
            return None
        year = published.year
        try:
            if dt.date(year, month, day) > published:
                year -= 1
        except ValueError:
            return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None

def event_date(parsed: ParsedDocument, *, published: dt.date | None = None) -> dt.date | None:
    """The day the report's event happened, by the rule in this module's docstring.

    ``published`` overrides the document's own publication date (a duplicate's date, for example).
    """
    doc = parsed.document
    published = published or doc.published
    text = capped(doc.text)
    dateline = next((m.start for m in parsed.mentions if m.role is Role.DATELINE), None)
    lead = lead_paragraph(text, title=doc.title, dateline_at=dateline)
    if lead is None:
        return published
    lead_start = lead[0]
    anchor: int | None = None
    if parsed.event is not None and parsed.event.mention is not None and parsed.event.mention < len(parsed.mentions):
        anchor = parsed.mentions[parsed.event.mention].start
    body = text[lead_start:lead_start + 4000]
    sentences = _sentences(body, lead_start)
    if not sentences:
        return published
    # Datelines name where the report was filed: skip them as an anchor and start at the story itself.
    stripped = strip_dateline(sentences[0][1])
    first_start = sentences[0][0] + (len(sentences[0][1]) - len(stripped))
    ordered: list[tuple[int, str]] = []
    if anchor is not None and anchor >= first_start:
        ordered += [s for s in sentences if s[0] <= anchor < s[0] + len(s[1])]
    ordered.append((first_start, stripped))
    for start, sentence in sentences[1:]:
        if start - lead_start > 600:
            break
        ordered.append((start, sentence))
    for start, sentence in ordered:
        found = [(m, start + m.start()) for m in _TEMPORAL.finditer(sentence)]
        found = [(m, at) for m, at in found if not m.group("next")]
        if not found:
            continue
        if anchor is not None:
            found.sort(key=lambda item: (abs(item[1] - anchor), item[1]))
        resolved = _resolve(found[0][0], published)
        if resolved is not None:
            return resolved
    return published
