"""Score a geoparser against gold-annotated documents with the geoparsing literature's metrics.

The gold format and the metric definitions are those of ``shared/eval/README.md``; this module
computes them exactly as written there, and where that text leaves a choice open the choice is
stated here:

* **Distances** are great-circle (haversine) distances on a sphere of radius 6371.0088 km (the
  IUGG mean Earth radius). A mention's point is its resolved place's ``(lat, lon)``. For a line or
  area (a river, a country) that is the gazetteer's representative point, not the nearest point of
  the geometry: simple, and what every published geoparser score does.
* **Recognition.** Spans are half-open ``[start, end)``; two spans overlap when they share at least
  one character. Gold toponyms are taken in text order; each takes the first (by start) predicted
  mention that overlaps it and is not yet taken. So every gold and every prediction is used at most
  once, and a prediction that straddles two gold toponyms ("Pandi, Bulacan" as one mention) counts
  for the first only. TP = matched pairs; precision = TP / predicted; recall = TP / gold;
  F1 = their harmonic mean; all three pooled over every document (micro-averaged).
* **Resolution, end to end.** Every gold toponym with coordinates gets an error: the distance from
  its matched prediction's place to the gold point, or :data:`MISS_KM` (20,039 km, half the Earth's
  circumference) when nothing matched or the matched mention is unresolved (``place is None``).
  ``acc@161`` is the share of errors below 161 km (100 miles). ``acc@161 matched`` uses only gold
  toponyms that *have* a matched prediction (resolved or not; an unresolved one still counts as
  20,039 km), so it measures disambiguation apart from recognition.
* **AUC** (Gritta et al. 2018, "What's missing in geographical parsing?"): sort the errors, map
  each to ``ln(1 + error) / ln(20039)``, and integrate that curve with the trapezoid rule over
  ``[0, 1]`` with the n errors evenly spaced (``x_i = i / (n - 1)``), i.e.
  ``numpy.trapz(sorted_normalised) / (n - 1)``. One error: its normalised value. 0 is perfect;
  all misses give ``ln(20040) / ln(20039)`` = 1.0000025 (not clipped). Lower is better.
* **Event location** (documents whose gold has ``event``): distance from the parsed
  ``ParsedDocument.event.place`` point to the gold event point; no predicted event = 20,039 km.
  ``acc@25`` and ``acc@161`` use strict ``<`` like acc@161 above.
* **Focus share** (documents with ``event_spans``, the Halterman 2019 event-location sentences):
  the gold event location spans are the union of every ``event_spans[*].locations`` span of the
  sentence; sentences without any are not counted. A sentence scores when the parser gives role
  ``focus`` to at least one mention and every ``focus`` mention overlaps a gold event location
  span (so "the one given role focus" is right, and marking every place ``focus`` does not pay).
  Those sentences tag only event locations, so their recognition precision is not meaningful,
  and WikToR tags only the page's own place: read P/F1 only on fully annotated sets (LGL, GeoVirus).

Example, with a "parser" that finds nothing::

    >>> from geomap.model import Document, ParsedDocument
    >>> gold = [{"id": "d1", "text": "Rain in Paris.", "toponyms": [
    ...     {"start": 8, "end": 13, "name": "Paris", "lat": 48.85, "lon": 2.35}]}]
    >>> report = evaluate(gold, lambda doc: ParsedDocument(document=doc))
    >>> report.recall, report.acc_161, report.mean_km
    (0.0, 0.0, 20039.0)
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from gazetteer import EARTH_RADIUS_KM, haversine_km
from gazetteer.choices import parse_choice

from .gold import GoldDocument, GoldToponym, load_gold, load_jsonl
from .model import Document, Mention, ParsedDocument, Role
from .parse import collector_paused

__all__ = [
    "EARTH_RADIUS_KM",
    "MISS_KM",
    "DocResult",
    "EvalReport",
    "GoldDocument",
    "GoldToponym",
    "Outcome",
    "ToponymResult",
    "auc",
    "evaluate",
    "format_errors",
    "format_table",
    "haversine_km",
    "load_gold",
    "load_jsonl",
    "match_spans",
    "spans_overlap",
]


MISS_KM = 20039.0
"""The error charged for a gold toponym with no (resolved) prediction: half the circumference."""

ParseFn = Callable[[Document], ParsedDocument]


def spans_overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether half-open spans ``[a_start, a_end)`` and ``[b_start, b_end)`` share a character.

    >>> spans_overlap(0, 5, 4, 9), spans_overlap(0, 5, 5, 9)
    (True, False)
    """
    return a_start < b_end and b_start < a_end


def match_spans(gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]) -> list[int | None]:
    """For each gold span, the index of its matched predicted span, or None.

    Gold spans are visited in (start, end) order; each takes the first unused overlapping
    prediction in (start, end) order, so each prediction is used at most once.

    >>> match_spans([(0, 5), (7, 14)], [(0, 14), (8, 10)])
    [0, 1]
    """
    gold_order = sorted(range(len(gold)), key=lambda i: gold[i])
    pred_order = sorted(range(len(predicted)), key=lambda i: predicted[i])
    used = [False] * len(predicted)
    result: list[int | None] = [None] * len(gold)
    for gi in gold_order:
        gs, ge = gold[gi]
        for pi in pred_order:
            ps, pe = predicted[pi]
            if ps >= ge:
                break  # sorted by start: nothing later can overlap
            if not used[pi] and spans_overlap(gs, ge, ps, pe):
                used[pi] = True
                result[gi] = pi
                break
    return result


def auc(errors_km: Iterable[float]) -> float | None:
    """Area under the sorted ``ln(1 + error) / ln(20039)`` curve (trapezoid rule on [0, 1]).

    None for no errors. 0 means every error was 0 km; all misses give about 1.

    >>> auc([0.0, 0.0]), round(auc([MISS_KM]), 4)
    (0.0, 1.0)
    """
    values = sorted(math.log1p(max(0.0, e)) / math.log(MISS_KM) for e in errors_km)
    n = len(values)
    if n == 0:
        return None
    if n == 1:
        return values[0]
    area = sum(values) - (values[0] + values[-1]) / 2  # trapezoid with unit steps
    return area / (n - 1)


# --- per-document results --------------------------------------------------------------------


class Outcome(str, Enum):
    """What became of one gold toponym."""

    RESOLVED = "resolved"      # a matched prediction with a place
    UNRESOLVED = "unresolved"  # a matched prediction without a place
    MISSED = "missed"          # no overlapping prediction

    @classmethod
    def parse(cls, value: str | Outcome) -> Outcome:
        """Return the outcome named by ``value``; the error lists the valid names."""
        return parse_choice(cls, value, "outcome", "outcomes")


@dataclass(frozen=True, slots=True)
class ToponymResult:
    """How one gold toponym fared, for error analysis."""

    doc_id: str
    name: str
    start: int
    end: int
    outcome: Outcome
    gold_lat: float | None = None
    gold_lon: float | None = None
    predicted_text: str | None = None
    place_id: str | None = None
    place_name: str | None = None
    place_lat: float | None = None
    place_lon: float | None = None
    error_km: float | None = None  # None when the gold toponym has no coordinates

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "name": self.name,
            "start": self.start,
            "end": self.end,
            "outcome": self.outcome.value,
            "gold": None if self.gold_lat is None else {"lat": self.gold_lat, "lon": self.gold_lon},
            "predicted_text": self.predicted_text,
            "place": None
            if self.place_id is None
            else {"id": self.place_id, "name": self.place_name, "lat": self.place_lat, "lon": self.place_lon},
            "error_km": None if self.error_km is None else round(self.error_km, 3),
        }


@dataclass(frozen=True, slots=True)
class DocResult:
    """The scored parse of one gold document."""

    doc_id: str
    predicted: int
    true_positives: int
    toponyms: tuple[ToponymResult, ...]
    false_positives: tuple[str, ...] = ()  # texts of predictions that matched no gold toponym
    event_error_km: float | None = None    # None when the gold has no event point
    focus_correct: bool | None = None      # None when the gold has no event location span

    def __post_init__(self) -> None:
        if not 0 <= self.true_positives <= min(self.predicted, len(self.toponyms)):
            raise ValueError(f"document {self.doc_id}: {self.true_positives} true positives is impossible")


def _point(mention: Mention) -> tuple[float, float] | None:
    return None if mention.place is None else (mention.place.lat, mention.place.lon)


def score_document(gold: GoldDocument, parsed: ParsedDocument) -> DocResult:
    """Score one parse against its gold record (the per-document half of :func:`evaluate`)."""
    mentions = parsed.mentions
    matches = match_spans([(t.start, t.end) for t in gold.toponyms], [(m.start, m.end) for m in mentions])
    results = []
    for top, mi in zip(gold.toponyms, matches):
        mention = None if mi is None else mentions[mi]
        point = None if mention is None else _point(mention)
        if mention is None:
            outcome = Outcome.MISSED
        elif point is None:
            outcome = Outcome.UNRESOLVED
        else:
            outcome = Outcome.RESOLVED
        error: float | None = None
        if top.lat is not None and top.lon is not None:
            error = MISS_KM if point is None else haversine_km(top.lat, top.lon, point[0], point[1])
        place = None if mention is None else mention.place
        results.append(
            ToponymResult(
                doc_id=gold.id,
                name=top.name,
                start=top.start,
                end=top.end,
                outcome=outcome,
                gold_lat=top.lat,
                gold_lon=top.lon,
                predicted_text=None if mention is None else mention.text,
                place_id=None if place is None else place.id,
                place_name=None if place is None else place.name,
                place_lat=None if place is None else place.lat,
                place_lon=None if place is None else place.lon,
                error_km=error,
            )
        )
    taken = {mi for mi in matches if mi is not None}
    false_positives = tuple(m.text for i, m in enumerate(mentions) if i not in taken)

    event_error: float | None = None
    if gold.event is not None:
        ev = parsed.event
        event_error = MISS_KM if ev is None else haversine_km(gold.event[0], gold.event[1], ev.place.lat, ev.place.lon)

    focus_correct: bool | None = None
    if gold.event_locations:
        focus = [m for m in mentions if m.role == Role.FOCUS]
        focus_correct = bool(focus) and all(
            any(spans_overlap(m.start, m.end, s, e) for s, e in gold.event_locations) for m in focus
        )
    return DocResult(
        doc_id=gold.id,
        predicted=len(mentions),
        true_positives=len(taken),
        toponyms=tuple(results),
        false_positives=false_positives,
        event_error_km=event_error,
        focus_correct=focus_correct,
    )


# --- the report ------------------------------------------------------------------------------


def _ratio(num: float, den: float) -> float | None:
    return None if den == 0 else num / den


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


@dataclass(frozen=True)
class EvalReport:
    """Every figure of one evaluation run; ``None`` where a figure has nothing to be computed on.

    ``details`` keeps the per-document results for :meth:`worst` and friends; it is not part of
    :meth:`to_dict` (the stable JSON form).
    """

    name: str
    docs: int
    toponyms: int            # gold toponyms
    predicted: int           # predicted mentions
    true_positives: int
    precision: float | None
    recall: float | None
    f1: float | None
    resolvable: int          # gold toponyms with coordinates
    matched: int             # ... of which a prediction overlaps
    acc_161: float | None
    acc_161_matched: float | None
    auc: float | None
    mean_km: float | None
    median_km: float | None
    event_docs: int
    event_acc_25: float | None
    event_acc_161: float | None
    event_mean_km: float | None
    event_median_km: float | None
    focus_sentences: int
    focus_share: float | None
    seconds: float           # time spent inside the parser
    docs_per_s: float | None
    details: tuple[DocResult, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        for label in ("precision", "recall", "f1", "acc_161", "acc_161_matched", "event_acc_25",
                      "event_acc_161", "focus_share"):
            value = getattr(self, label)
            if value is not None and not 0.0 <= value <= 1.0:
                raise ValueError(f"report {self.name!r}: {label} {value!r} outside [0, 1]")

    @classmethod
    def from_results(cls, results: Sequence[DocResult], *, name: str = "", seconds: float = 0.0) -> EvalReport:
        """Pool per-document results into the report's figures."""
        gold = sum(len(r.toponyms) for r in results)
        predicted = sum(r.predicted for r in results)
        tp = sum(r.true_positives for r in results)
        precision = _ratio(tp, predicted)
        recall = _ratio(tp, gold)
        f1 = None
        if precision is not None and recall is not None:
            f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)

        scored = [t for r in results for t in r.toponyms if t.error_km is not None]
        errors = [t.error_km for t in scored if t.error_km is not None]
        matched = [t.error_km for t in scored if t.error_km is not None and t.outcome is not Outcome.MISSED]
        event_errors = [r.event_error_km for r in results if r.event_error_km is not None]
        focus = [r.focus_correct for r in results if r.focus_correct is not None]
        return cls(
            name=name,
            docs=len(results),
            toponyms=gold,
            predicted=predicted,
            true_positives=tp,
            precision=precision,
            recall=recall,
            f1=f1,
            resolvable=len(errors),
            matched=len(matched),
            acc_161=_ratio(sum(e < 161.0 for e in errors), len(errors)),
            acc_161_matched=_ratio(sum(e < 161.0 for e in matched), len(matched)),
            auc=auc(errors),
            mean_km=statistics.fmean(errors) if errors else None,
            median_km=statistics.median(errors) if errors else None,
            event_docs=len(event_errors),
            event_acc_25=_ratio(sum(e < 25.0 for e in event_errors), len(event_errors)),
            event_acc_161=_ratio(sum(e < 161.0 for e in event_errors), len(event_errors)),
            event_mean_km=statistics.fmean(event_errors) if event_errors else None,
            event_median_km=statistics.median(event_errors) if event_errors else None,
            focus_sentences=len(focus),
            focus_share=_ratio(sum(focus), len(focus)),
            seconds=seconds,
            docs_per_s=_ratio(len(results), seconds),
            details=tuple(results),
        )

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form: ratios to 4 decimals, km to 3, null where not computable."""
        return {
            "name": self.name,
            "docs": self.docs,
            "toponyms": self.toponyms,
            "predicted": self.predicted,
            "true_positives": self.true_positives,
            "precision": _round(self.precision, 4),
            "recall": _round(self.recall, 4),
            "f1": _round(self.f1, 4),
            "resolvable": self.resolvable,
            "matched": self.matched,
            "acc_161": _round(self.acc_161, 4),
            "acc_161_matched": _round(self.acc_161_matched, 4),
            "auc": _round(self.auc, 4),
            "mean_km": _round(self.mean_km, 3),
            "median_km": _round(self.median_km, 3),
            "event_docs": self.event_docs,
            "event_acc_25": _round(self.event_acc_25, 4),
            "event_acc_161": _round(self.event_acc_161, 4),
            "event_mean_km": _round(self.event_mean_km, 3),
            "event_median_km": _round(self.event_median_km, 3),
            "focus_sentences": self.focus_sentences,
            "focus_share": _round(self.focus_share, 4),
            "seconds": round(self.seconds, 3),
            "docs_per_s": _round(self.docs_per_s, 1),
        }

    def worst(self, n: int = 20, *, outcome: Outcome | str | None = Outcome.RESOLVED) -> list[ToponymResult]:
        """The ``n`` gold toponyms with the largest errors, largest first (ties in document order).

        By default only resolved ones (wrong places); ``outcome=None`` includes misses, which all
        tie at 20,039 km.
        """
        wanted = None if outcome is None else Outcome.parse(outcome)
        pool = [
            t for r in self.details for t in r.toponyms
            if t.error_km is not None and (wanted is None or t.outcome is wanted)
        ]
        pool.sort(key=lambda t: -(t.error_km or 0.0))  # stable sort keeps document order for ties
        return pool[:n]

    def missed_names(self, n: int = 20) -> list[tuple[str, int]]:
        """The gold names most often missed or left unresolved, with counts."""
        counts = Counter(t.name for r in self.details for t in r.toponyms if t.outcome is not Outcome.RESOLVED)
        return counts.most_common(n)

    def false_positive_names(self, n: int = 20) -> list[tuple[str, int]]:
        """The predicted mention texts most often matching no gold toponym, with counts."""
        counts = Counter(text for r in self.details for text in r.false_positives)
        return counts.most_common(n)


def evaluate(
    gold_docs: Iterable[GoldDocument | Mapping[str, Any]],
    parse_fn: ParseFn,
    *,
    progress: bool = False,
    name: str = "",
) -> EvalReport:
    """Parse every gold document's text with ``parse_fn`` and score the results.

    ``gold_docs`` are :class:`GoldDocument` or README-format dicts (as :func:`load_jsonl` yields).
    ``parse_fn`` gets ``Document(id=..., text=...)``; only the time spent inside it counts for
    ``docs_per_s``. An exception from ``parse_fn`` propagates with a note naming the document.
    ``progress`` draws a bar on stderr. The cyclic garbage collector is paused for the whole run, as
    in :func:`geomap.parse.parse_documents`.
    """
    golds = [g if isinstance(g, GoldDocument) else GoldDocument.from_dict(g) for g in gold_docs]
    results: list[DocResult] = []
    seconds = 0.0

    def run(items: Iterable[GoldDocument]) -> None:
        with collector_paused() as pause:
            for gold in items:
                parse_and_score(gold)
                pause.document_done()

    def parse_and_score(gold: GoldDocument) -> None:
        nonlocal seconds
        doc = Document(id=gold.id, text=gold.text)
        started = time.perf_counter()
        try:
            parsed = parse_fn(doc)
        except Exception as exc:
            exc.add_note(f"while parsing gold document {gold.id!r}")
            raise
        seconds += time.perf_counter() - started
        if parsed.document.text != gold.text:
            raise ValueError(
                f"document {gold.id!r}: the parser changed the text, so its mention offsets cannot be "
                "scored; a parser must keep Document.text exactly"
            )
        results.append(score_document(gold, parsed))

    if progress:
        import click  # only the bar needs it

        with click.progressbar(golds, label=f"evaluating {name}".rstrip(), file=sys.stderr) as bar:
            run(bar)
    else:
        run(golds)
    return EvalReport.from_results(results, name=name, seconds=seconds)


# --- text output -----------------------------------------------------------------------------


def _fmt(value: float | int | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


_ROWS: tuple[tuple[str, str, str], ...] = (
    ("docs", "docs", ",d"),
    ("toponyms", "toponyms", ",d"),
    ("predicted", "predicted", ",d"),
    ("precision", "P", ".3f"),
    ("recall", "R", ".3f"),
    ("f1", "F1", ".3f"),
    ("resolvable", "with coordinates", ",d"),
    ("acc_161", "acc@161", ".3f"),
    ("acc_161_matched", "acc@161 matched", ".3f"),
    ("auc", "AUC (lower better)", ".3f"),
    ("mean_km", "mean error km", ",.1f"),
    ("median_km", "median error km", ",.1f"),
    ("event_docs", "event docs", ",d"),
    ("event_acc_25", "event acc@25", ".3f"),
    ("event_acc_161", "event acc@161", ".3f"),
    ("focus_sentences", "focus sentences", ",d"),
    ("focus_share", "focus share", ".3f"),
    ("docs_per_s", "docs/s (parsing)", ",.1f"),
)


def format_table(reports: Sequence[EvalReport]) -> str:
    """A plain-text table: one row per figure, one column per report."""
    headers = ["metric", *(r.name or f"#{i + 1}" for i, r in enumerate(reports))]
    rows = [[label, *(_fmt(getattr(r, attr), spec) for r in reports)] for attr, label, spec in _ROWS]
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    lines = [
        "  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row))
        for row in [headers, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_errors(report: EvalReport, n: int) -> str:
    """Error analysis as text: worst wrong places, most missed names, commonest false positives."""
    out = [f"{report.name}: {n} worst resolutions"]
    for t in report.worst(n):
        out.append(
            f"  {t.error_km or 0.0:9,.1f} km  {t.name!r} in {t.doc_id} -> {t.place_name} "
            f"[{t.place_id}] ({t.place_lat:.4f}, {t.place_lon:.4f}); gold ({t.gold_lat:.4f}, {t.gold_lon:.4f})"
        )
    out.append(f"{report.name}: most missed or unresolved gold names")
    out.extend(f"  {count:5d}  {name!r}" for name, count in report.missed_names(n))
    out.append(f"{report.name}: commonest predictions matching no gold toponym")
    out.extend(f"  {count:5d}  {text!r}" for text, count in report.false_positive_names(n))
    return "\n".join(out)
