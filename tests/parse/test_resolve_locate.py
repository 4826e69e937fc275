"""Choosing places (geomap.resolve) and the event location (geomap.locate), through geomap.parse."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap import Document, Precision, Role
from geomap.parse import parse
from tests.samples import BAGHOUZ, ERBIL, PARIS, PARIS_TEXAS, sample_gazetteer


def test_paris_texas_by_the_pair_pattern() -> None:
    parsed = parse("A storm hit Paris, Texas, on Monday.", gazetteer=sample_gazetteer())
    paris = next(m for m in parsed.mentions if m.text == "Paris")
    assert paris.place == PARIS_TEXAS
    assert "'Paris, Texas'" in paris.reason


def test_paris_alone_is_the_capital() -> None:
    parsed = parse("Ministers met in Paris on Monday.", gazetteer=sample_gazetteer())
    assert parsed.mentions[0].place == PARIS
    assert parsed.event is not None and parsed.event.place == PARIS
    assert parsed.event.precision is Precision.POINT


def test_event_is_not_the_dateline_when_the_text_is_about_elsewhere() -> None:
    text = ("IS video from Baghouz\n\nERBIL (Kurdistan 24) – A video from Baghouz shows fighters. "
            "The fighting in Baghouz killed dozens, officials in Syria said.")
    parsed = parse(Document(id="d1", text=text, title="IS video from Baghouz"), gazetteer=sample_gazetteer())
    assert parsed.event is not None and parsed.event.place == BAGHOUZ
    roles = {m.text: m.role for m in parsed.mentions}
    assert roles["ERBIL"] is Role.DATELINE
    focus = [m for m in parsed.mentions if m.role is Role.FOCUS]
    assert len(focus) == 1 and focus[0].text == "Baghouz"  # "the one given role focus"


def test_byline_is_never_the_event() -> None:
    text = "Talks stalled.\nYoussef reported from Cairo."
    parsed = parse(text, gazetteer=sample_gazetteer())
    assert parsed.event is None
    assert [m.role for m in parsed.mentions] == [Role.BYLINE]


def test_one_sense_per_document_and_offsets() -> None:
    text = "Erbil was calm. Later in Arbil, crowds gathered. Hawler airport reopened."
    parsed = parse(text, gazetteer=sample_gazetteer())
    assert {m.place for m in parsed.mentions} == {ERBIL}
    for m in parsed.mentions:
        assert text[m.start : m.end] == m.text
        assert 0.0 <= m.confidence <= 1.0


def test_demonyms_only_when_asked() -> None:
    text = "Syrian troops moved towards Baghouz."
    assert [m.text for m in parse(text, gazetteer=sample_gazetteer()).mentions] == ["Baghouz"]
    with_demonyms = parse(text, gazetteer=sample_gazetteer(), demonyms=True)
    assert [m.text for m in with_demonyms.mentions] == ["Syrian", "Baghouz"]
    assert with_demonyms.mentions[0].place is not None and with_demonyms.mentions[0].place.country == "SY"


def test_parse_rejects_other_types() -> None:
    with pytest.raises(TypeError, match="str or a geomap.Document"):
        parse(b"bytes", gazetteer=sample_gazetteer())  # type: ignore[arg-type]


def test_output_schema() -> None:
    out = parse("Shelling hit Baghouz in Syria.", gazetteer=sample_gazetteer()).to_dict()
    assert set(out) == {"id", "path", "title", "url", "publisher", "published", "text", "mentions", "event",
                        "errors"}
    mention = out["mentions"][0]
    assert set(mention) == {"text", "start", "end", "role", "confidence", "place", "alternatives", "reason"}
    assert set(mention["place"]) == {"id", "name", "kind", "country", "admin1", "lat", "lon"}
    assert set(out["event"]) == {"place", "precision", "confidence"}
    assert out["event"]["place"]["lat"] == pytest.approx(34.46095, abs=1e-4)


def test_a_place_the_gazetteer_lacks_is_found_and_can_be_the_focus() -> None:
    text = "Shelling hit the village of Umm Zaytuna near Baghouz in Syria on Monday."
    parsed = parse(text, gazetteer=sample_gazetteer())
    unknown = [m for m in parsed.mentions if m.text == "Umm Zaytuna"]
    assert unknown and unknown[0].place is None and "not in the gazetteer" in unknown[0].reason
    assert parsed.event is not None and parsed.event.place == BAGHOUZ  # the best point it knows


def test_premodifier_is_not_the_event_place() -> None:
    text = "U.S.-backed fighters attacked Baghouz, officials in Syria said."
    parsed = parse(text, gazetteer=sample_gazetteer())
    assert parsed.event is not None and parsed.event.place == BAGHOUZ


def test_event_words_grouped_by_first_letter_match_as_the_flat_pattern() -> None:
    import re

    from geomap.locate import _by_first_letter

    flat = re.compile(r"\b(?:died|die|dam|took place|kill|shell|shot)", re.IGNORECASE)
    grouped = _by_first_letter(flat)
    text = "Two DIED; a die-hard unit shelled the Dam. It took place after a skilled shot-caller was killed."
    found = [m.span() for m in grouped.finditer(text)]
    assert found == [m.span() for m in flat.finditer(text)]
    assert [text[s:e] for s, e in found] == ["DIED", "die", "shell", "Dam", "took place", "shot", "kill"]


@given(st.lists(st.tuples(st.integers(0, 3), st.floats(-80, 80), st.floats(-180, 180)), max_size=12),
       st.floats(-80, 80), st.floats(-180, 180))
def test_nearest_point_by_latitude_window_is_the_nearest(points: list[tuple[int, float, float]],
                                                        lat: float, lon: float) -> None:
    from geomap.resolve import _km, _nearest_km

    points.sort(key=lambda p: p[1])
    found = _nearest_km(points, [p[1] for p in points], lat, lon, 0, 400.0)
    brute = min((_km(lat, lon, plat, plon) for j, plat, plon in points if j != 0), default=400.0)
    assert found == (brute if brute < 400.0 else 400.0)
