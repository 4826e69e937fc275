"""Tests for geomap.evaluate (metrics on hand-made parses) and the ``geomap eval`` command."""

from __future__ import annotations

import dataclasses
import doctest
import gzip
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import geomap.evaluate as ev
from gazetteer import Kind, Place
from geomap.evaluate import (
    EARTH_RADIUS_KM,
    MISS_KM,
    EvalReport,
    GoldDocument,
    Outcome,
    auc,
    evaluate,
    haversine_km,
    load_gold,
    load_jsonl,
    match_spans,
    score_document,
    spans_overlap,
)
from geomap.exc import InputFormatError, InputReadError
from geomap.model import Document, EventLocation, Mention, ParsedDocument, Precision, Role

PARIS = Place(id="test:paris", name="Paris", lat=48.8566, lon=2.3522, country="FR")
PARIS_TX = Place(id="test:paris-tx", name="Paris", lat=33.6609, lon=-95.5555, country="US")
BAGHOUZ = Place(id="test:baghouz", name="Baghouz", lat=34.46095, lon=40.94904, country="SY")
NULL_ISLAND = Place(id="test:null-island", name="Null Island", lat=0.0, lon=0.0, kind=Kind.OTHER)

latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)


def mention(text: str, doc_text: str, place: Place | None = None, *, role: Role = Role.MENTIONED, nth: int = 0) -> Mention:
    """A mention of the ``nth`` occurrence of ``text`` in ``doc_text``."""
    start = -1
    for _ in range(nth + 1):
        start = doc_text.index(text, start + 1)
    return Mention(text=text, start=start, end=start + len(text), role=role, place=place)


def gold_record(doc_id: str, text: str, toponyms: list[tuple[str, float | None, float | None]], **extra: Any) -> dict[str, Any]:
    """A README-format gold record whose toponyms are the first occurrences of the given names."""
    tops = []
    for name, lat, lon in toponyms:
        start = text.index(name)
        tops.append({"start": start, "end": start + len(name), "name": name, "lat": lat, "lon": lon})
    return {"id": doc_id, "text": text, "toponyms": tops, **extra}


def gazetteer_parser(places: dict[str, Place | None], *, focus: str | None = None) -> Callable[[Document], ParsedDocument]:
    """A stand-in geoparser: finds every occurrence of the given names, resolves them from the dict."""

    def parse(doc: Document) -> ParsedDocument:
        found = []
        for name, place in places.items():
            start = doc.text.find(name)
            while start >= 0:
                role = Role.FOCUS if name == focus else Role.MENTIONED
                found.append(Mention(text=name, start=start, end=start + len(name), role=role, place=place))
                start = doc.text.find(name, start + 1)
        found.sort(key=lambda m: m.start)
        return ParsedDocument(document=doc, mentions=tuple(found))

    return parse


# --- distances -------------------------------------------------------------------------------


def test_haversine_known_distances() -> None:
    # Analytic values on a sphere of the README's radius; tolerance 1 m.
    assert haversine_km(0, 0, 0, 0) == 0.0
    assert haversine_km(0, 0, 90, 0) == pytest.approx(math.pi / 2 * EARTH_RADIUS_KM, abs=1e-3)
    assert haversine_km(0, 0, 0, 1) == pytest.approx(2 * math.pi * EARTH_RADIUS_KM / 360, abs=1e-3)
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_KM, abs=1e-3)
    # Across the antimeridian: 179.5 E to 179.5 W is one degree of longitude, not 359.
    assert haversine_km(0, 179.5, 0, -179.5) == pytest.approx(111.195, abs=1e-3)
    # Paris to London, published great-circle figure about 343.5 km; tolerance 1 km.
    assert haversine_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(343.5, abs=1.0)


@given(latitudes, longitudes, latitudes, longitudes)
def test_haversine_is_symmetric_and_bounded(lat1: float, lon1: float, lat2: float, lon2: float) -> None:
    d = haversine_km(lat1, lon1, lat2, lon2)
    assert 0.0 <= d <= math.pi * EARTH_RADIUS_KM + 1e-6
    assert d == pytest.approx(haversine_km(lat2, lon2, lat1, lon1), abs=1e-6)
    assert d < MISS_KM  # a miss is always charged at least as much as the worst real answer


# --- overlap and matching --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 5), (5, 9), False),   # touching, half-open: no shared character
        ((0, 5), (4, 9), True),    # one shared character
        ((2, 3), (0, 9), True),    # contained
        ((0, 9), (2, 3), True),    # containing
        ((0, 5), (6, 9), False),
    ],
)
def test_spans_overlap(a: tuple[int, int], b: tuple[int, int], expected: bool) -> None:
    assert spans_overlap(*a, *b) is expected
    assert spans_overlap(*b, *a) is expected


def test_each_gold_and_each_prediction_used_once() -> None:
    # One prediction spanning two gold toponyms counts for the first only.
    assert match_spans([(0, 5), (7, 14)], [(0, 14)]) == [0, None]
    # Two predictions on one gold toponym: one true positive, the other unused.
    assert match_spans([(0, 8)], [(0, 3), (4, 8)]) == [0]
    # Gold order follows the text, whatever the input order.
    assert match_spans([(7, 14), (0, 5)], [(8, 10), (1, 2)]) == [0, 1]
    assert match_spans([], [(0, 3)]) == []
    assert match_spans([(0, 3)], []) == [None]


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 10)), max_size=8),
       st.lists(st.tuples(st.integers(0, 50), st.integers(1, 10)), max_size=8))
def test_matching_is_one_to_one_and_overlapping(gold_raw: list[tuple[int, int]], pred_raw: list[tuple[int, int]]) -> None:
    gold = [(s, s + n) for s, n in gold_raw]
    pred = [(s, s + n) for s, n in pred_raw]
    result = match_spans(gold, pred)
    used = [p for p in result if p is not None]
    assert len(used) == len(set(used))
    for g, p in zip(gold, result):
        if p is not None:
            assert spans_overlap(*g, *pred[p])


# --- per-document scoring --------------------------------------------------------------------

TEXT = "Fighting in Baghouz; talks in Paris and in Paris again."


def test_miss_and_unresolved_cost_20039_km_and_resolved_costs_the_distance() -> None:
    gold = GoldDocument.from_dict(
        gold_record("d", TEXT, [("Baghouz", 34.46095, 40.94904), ("Paris", 48.8566, 2.3522)])
    )
    # Paris resolved to Paris, Texas; Baghouz found but unresolved.
    parsed = ParsedDocument(
        document=Document(id="d", text=TEXT),
        mentions=(mention("Baghouz", TEXT), mention("Paris", TEXT, PARIS_TX)),
    )
    result = score_document(gold, parsed)
    baghouz, paris = result.toponyms
    assert baghouz.outcome is Outcome.UNRESOLVED and baghouz.error_km == MISS_KM
    assert paris.outcome is Outcome.RESOLVED
    assert paris.error_km == pytest.approx(haversine_km(48.8566, 2.3522, 33.6609, -95.5555), abs=1e-9)
    assert 7_000 < (paris.error_km or 0) < 8_000  # Paris FR to Paris TX is about 7,600 km
    assert result.true_positives == 2 and result.predicted == 2

    missed = score_document(gold, ParsedDocument(document=Document(id="d", text=TEXT)))
    assert [t.outcome for t in missed.toponyms] == [Outcome.MISSED, Outcome.MISSED]
    assert [t.error_km for t in missed.toponyms] == [MISS_KM, MISS_KM]


def test_gold_without_coordinates_counts_for_recognition_only() -> None:
    gold = GoldDocument.from_dict(gold_record("d", TEXT, [("Baghouz", None, None)]))
    parsed = ParsedDocument(document=Document(id="d", text=TEXT), mentions=(mention("Baghouz", TEXT, BAGHOUZ),))
    report = EvalReport.from_results([score_document(gold, parsed)])
    assert report.true_positives == 1 and report.resolvable == 0
    assert report.acc_161 is None and report.auc is None and report.mean_km is None


def test_acc_161_is_strictly_below_161_km() -> None:
    # Points on the equator 160.9 km and 161.1 km east of null island.
    km_per_degree = 2 * math.pi * EARTH_RADIUS_KM / 360
    near = Place(id="test:near", name="Near", lat=0.0, lon=160.9 / km_per_degree)
    far = Place(id="test:far", name="Far", lat=0.0, lon=161.1 / km_per_degree)
    text = "Near and Far."
    gold = [gold_record("d", text, [("Near", 0.0, 0.0), ("Far", 0.0, 0.0)])]
    report = evaluate(gold, gazetteer_parser({"Near": near, "Far": far}))
    assert [t.error_km for t in report.details[0].toponyms] == [pytest.approx(160.9, abs=1e-6), pytest.approx(161.1, abs=1e-6)]
    assert report.acc_161 == 0.5
    assert report.median_km == pytest.approx(161.0, abs=1e-6)


def test_recognition_and_resolution_pooled_over_documents() -> None:
    text1 = "Paris and Baghouz were in the news."
    text2 = "Nothing happened in Springfield today, said Paris Hilton."
    gold = [
        gold_record("a", text1, [("Paris", 48.8566, 2.3522), ("Baghouz", 34.46095, 40.94904)]),
        gold_record("b", text2, [("Springfield", 39.8, -89.64)]),
    ]
    # Finds Paris (right, twice: text1 and the false positive in "Paris Hilton") and Baghouz
    # (unresolved); misses Springfield.
    report = evaluate(gold, gazetteer_parser({"Paris": PARIS, "Baghouz": None}), name="toy")
    assert (report.docs, report.toponyms, report.predicted, report.true_positives) == (2, 3, 3, 2)
    assert report.precision == pytest.approx(2 / 3)
    assert report.recall == pytest.approx(2 / 3)
    assert report.f1 == pytest.approx(2 / 3)
    assert report.resolvable == 3 and report.matched == 2
    assert report.acc_161 == pytest.approx(1 / 3)
    assert report.acc_161_matched == pytest.approx(1 / 2)
    assert report.mean_km == pytest.approx(2 * MISS_KM / 3)
    assert report.median_km == MISS_KM
    assert report.false_positive_names() == [("Paris", 1)]
    assert report.missed_names() == [("Baghouz", 1), ("Springfield", 1)]


def test_f1_is_zero_not_undefined_when_nothing_is_right() -> None:
    text = "Paris Hilton sang."
    report = evaluate([gold_record("d", text, [("Hilton", None, None)]) | {"toponyms": []}], gazetteer_parser({"Paris": PARIS}))
    assert report.precision == 0.0 and report.recall is None and report.f1 is None
    report2 = evaluate([gold_record("d", "Paris Hilton sang.", [("sang", None, None)])], gazetteer_parser({"Paris": PARIS}))
    assert report2.precision == 0.0 and report2.recall == 0.0 and report2.f1 == 0.0


# --- AUC -------------------------------------------------------------------------------------


def test_auc_bounds_and_known_values() -> None:
    assert auc([]) is None
    assert auc([0.0, 0.0, 0.0]) == 0.0
    top = math.log(MISS_KM + 1) / math.log(MISS_KM)
    assert auc([MISS_KM] * 4) == pytest.approx(top, abs=1e-12)
    assert auc([MISS_KM] * 4) == pytest.approx(1.0, abs=1e-5)
    # Two points, 0 and a miss: the trapezoid between them covers half the unit square.
    assert auc([MISS_KM, 0.0]) == pytest.approx(top / 2, abs=1e-12)
    # One error: its normalised value.
    assert auc([160.0]) == pytest.approx(math.log(161.0) / math.log(MISS_KM), abs=1e-12)


@given(st.lists(st.floats(min_value=0, max_value=MISS_KM, allow_nan=False), min_size=2, max_size=40))
def test_auc_matches_numpy_trapezoid_and_stays_in_bounds(errors: list[float]) -> None:
    np = pytest.importorskip("numpy")
    trapezoid = getattr(np, "trapezoid", None) or np.trapz
    values = np.log(np.sort(np.array(errors)) + 1) / np.log(MISS_KM)
    expected = float(trapezoid(values)) / (len(errors) - 1)
    got = auc(errors)
    assert got is not None
    assert got == pytest.approx(expected, abs=1e-9)
    assert 0.0 <= got <= math.log(MISS_KM + 1) / math.log(MISS_KM)
    # Lower errors never give a higher AUC.
    halved = auc([e / 2 for e in errors])
    assert halved is not None and halved <= got + 1e-12


# --- events and focus ------------------------------------------------------------------------


def test_event_location_accuracy_at_25_and_161() -> None:
    text = "Clashes in Baghouz."
    golds: list[dict[str, Any]] = [
        {"id": "hit", "text": text, "toponyms": [], "event": {"lat": 34.46095, "lon": 40.94904}},
        {"id": "near", "text": text, "toponyms": [], "event": {"lat": 34.46095 + 0.9, "lon": 40.94904}},  # ~100 km
        {"id": "none", "text": text, "toponyms": [], "event": {"lat": 34.0, "lon": 40.0}},
        {"id": "no-gold-event", "text": text, "toponyms": [], "event": None},
    ]

    def parse(doc: Document) -> ParsedDocument:
        if doc.id == "none":
            return ParsedDocument(document=doc)
        return ParsedDocument(document=doc, event=EventLocation(place=BAGHOUZ, precision=Precision.POINT, confidence=0.9))

    report = evaluate(golds, parse)
    assert report.event_docs == 3
    errors = [r.event_error_km for r in report.details]
    assert errors[0] == pytest.approx(0.0, abs=1e-9)
    assert errors[1] == pytest.approx(100.1, abs=0.5)
    assert errors[2] == MISS_KM and errors[3] is None
    assert report.event_acc_25 == pytest.approx(1 / 3)
    assert report.event_acc_161 == pytest.approx(2 / 3)


def evloc_record(doc_id: str, text: str, locations: list[str]) -> dict[str, Any]:
    spans = [[text.index(name), text.index(name) + len(name)] for name in locations]
    return {
        "id": doc_id,
        "text": text,
        "toponyms": [{"start": s, "end": e, "name": text[s:e], "lat": None, "lon": None} for s, e in spans],
        "event": None,
        "event_spans": [{"verb_start": 0, "verb_end": 4, "verb": text[:4], "locations": spans}],
    }


def test_focus_share_counts_sentences_with_an_event_location() -> None:
    text = "Shelling hit Donetsk, officials in Kyiv said."
    golds = [
        evloc_record("right", text, ["Donetsk"]),
        evloc_record("wrong", text, ["Donetsk"]),
        evloc_record("no-focus", text, ["Donetsk"]),
        evloc_record("two-focus", text, ["Donetsk"]),
        evloc_record("not-counted", text, []),  # no gold event location: left out of the share
    ]
    donetsk = Place(id="test:donetsk", name="Donetsk", lat=48.0, lon=37.8)
    kyiv = Place(id="test:kyiv", name="Kyiv", lat=50.45, lon=30.52)
    focus_on = {"right": ["Donetsk"], "wrong": ["Kyiv"], "no-focus": [], "two-focus": ["Donetsk", "Kyiv"], "not-counted": ["Kyiv"]}

    def parse(doc: Document) -> ParsedDocument:
        roles = {name: Role.FOCUS if name in focus_on[doc.id] else Role.MENTIONED for name in ("Donetsk", "Kyiv")}
        return ParsedDocument(
            document=doc,
            mentions=(mention("Donetsk", text, donetsk, role=roles["Donetsk"]), mention("Kyiv", text, kyiv, role=roles["Kyiv"])),
        )

    report = evaluate(golds, parse)
    assert [r.focus_correct for r in report.details] == [True, False, False, False, None]
    assert report.focus_sentences == 4
    assert report.focus_share == 0.25


def test_gold_event_spans_are_the_union_of_all_locations() -> None:
    text = "The cities of Nawa and Inkhil were shelled and then stormed."
    record = evloc_record("x", text, ["Nawa"])
    record["event_spans"].append({"verb_start": 52, "verb_end": 59, "verb": "stormed", "locations": [[23, 29]]})
    gold = GoldDocument.from_dict(record)
    assert gold.event_locations == ((14, 18), (23, 29))
    assert GoldDocument.from_dict({"id": "y", "text": "x", "toponyms": []}).event_locations is None


# --- loading ---------------------------------------------------------------------------------


def test_load_jsonl_reads_gzip_and_plain_and_skips_blank_lines(tmp_path: Path) -> None:
    records = [{"id": "1", "text": "a", "toponyms": []}, {"id": "2", "text": "b", "toponyms": []}]
    body = json.dumps(records[0]) + "\n\n" + json.dumps(records[1]) + "\n"
    plain = tmp_path / "gold.jsonl"
    plain.write_text(body, encoding="utf-8")
    # A gzipped file with a misleading name: detection is by content.
    packed = tmp_path / "gold-packed.jsonl"
    packed.write_bytes(gzip.compress(body.encode()))
    assert list(load_jsonl(plain)) == records
    assert list(load_jsonl(packed)) == records
    assert [g.id for g in load_gold(packed)] == ["1", "2"]


def test_load_jsonl_names_file_and_line_of_bad_json(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "text": "a"}\n{"id": oops}\n', encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"bad\.jsonl, line 2: not valid JSON"):
        list(load_jsonl(bad))
    array = tmp_path / "array.jsonl"
    array.write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match="expected a JSON object, got list"):
        list(load_jsonl(array))
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(gzip.compress(b'{"id": "1", "text": "a"}\n' * 50)[:30])
    with pytest.raises(InputFormatError, match="truncated or corrupt"):
        list(load_jsonl(truncated))
    with pytest.raises(InputReadError, match="cannot open gold file"):
        list(load_jsonl(tmp_path / "missing.jsonl"))


def test_gold_record_with_wrong_offsets_is_rejected_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    record = {"id": "d", "text": "In Paris.", "toponyms": [{"start": 2, "end": 7, "name": "Paris", "lat": 1.0, "lon": 2.0}]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"record 1: .*' Pari'.*fix the offsets"):
        list(load_gold(path))
    with pytest.raises(InputFormatError, match="missing field 'text'"):
        GoldDocument.from_dict({"id": "d"})
    with pytest.raises(InputFormatError, match="both be given or both be null"):
        GoldDocument.from_dict({"id": "d", "text": "Paris", "toponyms": [{"start": 0, "end": 5, "name": "Paris", "lat": 1.0}]})


# --- report, errors, evaluate ----------------------------------------------------------------


def test_report_to_dict_is_stable_json() -> None:
    text = "Paris and Baghouz."
    report = evaluate([gold_record("d", text, [("Paris", 48.8566, 2.3522), ("Baghouz", 34.46, 40.95)])],
                      gazetteer_parser({"Paris": PARIS_TX, "Baghouz": BAGHOUZ}), name="toy")
    data = report.to_dict()
    assert list(data) == [
        "name", "docs", "toponyms", "predicted", "true_positives", "precision", "recall", "f1", "resolvable",
        "matched", "acc_161", "acc_161_matched", "auc", "mean_km", "median_km", "event_docs", "event_acc_25",
        "event_acc_161", "event_mean_km", "event_median_km", "focus_sentences", "focus_share", "seconds", "docs_per_s",
    ]
    assert json.loads(json.dumps(data)) == data
    assert data["event_acc_25"] is None and data["focus_share"] is None
    assert data["acc_161"] == 0.5 and data["f1"] == 1.0
    worst = report.worst(5)
    assert [t.name for t in worst] == ["Paris", "Baghouz"]
    assert worst[0].place_id == "test:paris-tx"
    assert worst[0].to_dict()["place"]["id"] == "test:paris-tx"
    table = ev.format_table([report])
    assert "acc@161" in table and "toy" in table and "0.500" in table
    assert "Paris" in ev.format_errors(report, 3)


def test_worst_filters_by_outcome_and_names_valid_outcomes() -> None:
    text = "Paris and Baghouz."
    report = evaluate([gold_record("d", text, [("Paris", 48.8566, 2.3522), ("Baghouz", 34.46, 40.95)])],
                      gazetteer_parser({"Paris": PARIS_TX}))
    assert [t.name for t in report.worst(5)] == ["Paris"]
    assert [t.name for t in report.worst(5, outcome=None)] == ["Baghouz", "Paris"]
    assert [t.name for t in report.worst(5, outcome="missed")] == ["Baghouz"]
    with pytest.raises(ValueError, match="valid outcomes: resolved, unresolved, missed"):
        report.worst(5, outcome="wrong")


def test_evaluate_pauses_the_collector_for_the_whole_run_and_restores_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    seen: list[bool] = []

    def quiet(doc: Document) -> ParsedDocument:
        seen.append(gc.isenabled())
        return ParsedDocument(document=doc)

    collected: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation) or 0)
    golds = [{"id": str(i), "text": "Paris", "toponyms": []} for i in range(1001)]
    assert gc.isenabled()
    evaluate(golds, quiet)
    assert seen == [False] * 1001  # paused between documents too, not only inside the parser
    assert collected == [1, 1]  # the young generations, every 500 documents
    assert gc.isenabled()


def test_evaluate_rejects_a_parser_that_changes_the_text() -> None:
    def shouting(doc: Document) -> ParsedDocument:
        return ParsedDocument(document=Document(id=doc.id, text=doc.text.upper()))

    with pytest.raises(ValueError, match="parser changed the text"):
        evaluate([{"id": "d", "text": "Paris", "toponyms": []}], shouting)


def test_evaluate_names_the_document_a_parser_failed_on() -> None:
    def broken(doc: Document) -> ParsedDocument:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom") as info:
        evaluate([{"id": "doc-7", "text": "Paris", "toponyms": []}], broken)
    assert "while parsing gold document 'doc-7'" in info.value.__notes__


def test_report_checks_its_ratios() -> None:
    empty = EvalReport.from_results([])
    assert empty.docs == 0 and empty.precision is None and empty.docs_per_s is None
    with pytest.raises(ValueError, match="precision 1.5 outside"):
        dataclasses.replace(empty, precision=1.5)


def test_module_examples_run() -> None:
    result = doctest.testmod(ev)
    assert result.attempted >= 5 and result.failed == 0


# --- CLI -------------------------------------------------------------------------------------


@pytest.fixture()
def gold_file(tmp_path: Path) -> Path:
    text = "Paris and Baghouz."
    path = tmp_path / "toy.jsonl.gz"
    rows = [gold_record(f"d{i}", text, [("Paris", 48.8566, 2.3522), ("Baghouz", 34.46, 40.95)]) for i in range(3)]
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode()))
    return path


@pytest.fixture()
def fake_parser(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    """Make ``geomap eval`` use the stand-in parser; records the --home it was given."""
    import geomap.cli.eval_cmd as cmd

    homes: list[Path | None] = []

    def open_parser(
        home: Path | None, *, demonyms: bool = False, countries: tuple[str, ...] = ()
    ) -> tuple[Callable[[Document], ParsedDocument], Callable[[], None]]:
        homes.append(home)
        demonym_calls.append(demonyms)
        country_calls.append(countries)
        return gazetteer_parser({"Paris": PARIS, "Baghouz": PARIS_TX}), lambda: None

    monkeypatch.setattr(cmd, "_open_parser", open_parser)
    return homes


country_calls: list[tuple[str, ...]] = []
demonym_calls: list[bool] = []


def test_cli_passes_demonyms_and_countries_through(gold_file: Path, fake_parser: list[Path | None]) -> None:
    from geomap.cli._main import main
    import geomap.cli.eval_cmd  # noqa: F401  (registers the command)

    demonym_calls.clear()
    country_calls.clear()
    assert CliRunner().invoke(main, ["eval", str(gold_file), "--json"]).exit_code == 0
    assert CliRunner().invoke(main, ["eval", str(gold_file), "--json", "--demonyms", "--country", "us"]).exit_code == 0
    assert demonym_calls == [False, True]
    assert country_calls == [(), ("US",)]


def test_cli_json_output(gold_file: Path, fake_parser: list[Path | None], tmp_path: Path) -> None:
    from geomap.cli._main import main
    import geomap.cli.eval_cmd  # noqa: F401  (registers the command)

    result = CliRunner().invoke(main, ["eval", str(gold_file), "--json", "--limit", "2", "--errors", "1",
                                       "--home", str(tmp_path / "home")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (entry,) = data["files"]
    assert entry["file"] == str(gold_file)
    assert entry["report"]["name"] == "toy"
    assert entry["report"]["docs"] == 2  # --limit
    assert entry["report"]["acc_161"] == 0.5 and entry["report"]["f1"] == 1.0
    assert entry["worst"][0]["name"] == "Baghouz"
    assert fake_parser == [tmp_path / "home"]


def test_cli_table_output(gold_file: Path, fake_parser: list[Path | None]) -> None:
    from geomap.cli._main import main
    import geomap.cli.eval_cmd  # noqa: F401  (registers the command)

    result = CliRunner().invoke(main, ["eval", str(gold_file), "--errors", "2"])
    assert result.exit_code == 0, result.output
    assert "acc@161 matched" in result.stdout and "toy" in result.stdout
    assert "worst resolutions" in result.stdout and "'Baghouz'" in result.stdout


def test_cli_reports_bad_gold_as_a_click_error(tmp_path: Path, fake_parser: list[Path | None]) -> None:
    from geomap.cli._main import main
    import geomap.cli.eval_cmd  # noqa: F401  (registers the command)

    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(bad)])
    assert result.exit_code == 1
    assert "bad.jsonl, line 1: not valid JSON" in result.output


def test_cli_help_has_an_example() -> None:
    from geomap.cli._main import main
    import geomap.cli.eval_cmd  # noqa: F401  (registers the command)

    result = CliRunner().invoke(main, ["eval", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output and "geomap eval" in result.output
