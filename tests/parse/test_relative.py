"""Names the gazetteer lacks, placed by the distance and bearing the text gives (geomap.relative)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gazetteer import Place, haversine_km
from gazetteer.memory import MemoryGazetteer
from geomap.extract import find_spans
from geomap.model import Precision
from geomap.parse import parse
from geomap.relative import destination
from geomap.resolve import resolve_spans
from tests.samples import ALL, BAGHOUZ, DEIR_EZZOR_GOV, PARIS, PARIS_TEXAS, sample_gazetteer


def test_a_degree_north_on_the_mean_earth_is_111_km() -> None:
    lat, lon = destination(0.0, 0.0, 111.19508, 0.0)
    assert lat == pytest.approx(1.0, abs=1e-4) and lon == pytest.approx(0.0, abs=1e-9)


def test_going_east_across_the_antimeridian_wraps_the_longitude() -> None:
    lat, lon = destination(0.0, 179.5, 111.19508, 90.0)
    assert lat == pytest.approx(0.0, abs=1e-9) and lon == pytest.approx(-179.5, abs=1e-4)


@given(st.floats(-89.0, 89.0), st.floats(-180.0, 180.0), st.floats(0.0, 2000.0), st.floats(0.0, 360.0))
def test_the_destination_is_in_range_and_as_far_as_asked(lat: float, lon: float, km: float, bearing: float) -> None:
    lat2, lon2 = destination(lat, lon, km, bearing)
    assert -90.0 <= lat2 <= 90.0 and -180.0 <= lon2 <= 180.0
    assert haversine_km(lat, lon, lat2, lon2) == pytest.approx(km, abs=1e-6 + km * 1e-9)


@pytest.mark.parametrize(("text", "km", "south", "west"), [
    ("Six people died in Pelorat, a village some 12 miles south-west of Baghouz.", 12 * 1.609344, True, True),
    ("Shells hit Pelorat, 30 km north of the town of Baghouz, overnight.", 30.0, False, None),
    ("Shells hit Pelorat (five kilometres east of Baghouz) overnight.", 5.0, None, False),
])
def test_a_name_the_gazetteer_lacks_stands_where_the_text_puts_it(
        text: str, km: float, south: bool | None, west: bool | None) -> None:
    parsed = parse(text, gazetteer=sample_gazetteer())
    pelorat = next(m for m in parsed.mentions if m.text == "Pelorat")
    place = pelorat.place
    assert place is not None and place.id.startswith(f"relative:{BAGHOUZ.id}/")
    assert haversine_km(BAGHOUZ.lat, BAGHOUZ.lon, place.lat, place.lon) == pytest.approx(km, abs=0.01)
    if south is not None:
        assert (place.lat < BAGHOUZ.lat) is south
    if west is not None:
        assert (place.lon < BAGHOUZ.lon) is west
    assert place.country == BAGHOUZ.country and "as the text says" in pelorat.reason
    # The event happened there: the point the text gives, not Baghouz's.
    assert parsed.event is not None and parsed.event.place == place and parsed.event.precision is Precision.POINT


def test_a_name_the_gazetteer_knows_keeps_its_own_point_near_the_one_the_text_gives() -> None:
    # Varnok lies 23 km east-north-east of Baghouz: "20 km east" is the text's round figure for it.
    lat, lon = destination(BAGHOUZ.lat, BAGHOUZ.lon, 23.0, 80.0)
    varnok = Place("test:varnok", "Varnok", lat, lon, country="SY", population=3_000)
    gazetteer = MemoryGazetteer([*ALL, varnok])
    parsed = parse("Shells hit Varnok, 20 km east of Baghouz, overnight.", gazetteer=gazetteer)
    assert next(m for m in parsed.mentions if m.text == "Varnok").place == varnok


def test_a_name_the_gazetteer_knows_takes_the_sense_that_lies_where_the_text_puts_it() -> None:
    # Two Varnoks: a city in France, which the context alone picks, and a village 150 km north-east of
    # Korvan, a town in Cyprus, where the text puts it. Cyprus borders no country, so its vote goes
    # to no neighbour's village.
    korvan = Place("test:korvan", "Korvan", 35.0, 33.0, country="CY", population=50_000)
    lat, lon = destination(korvan.lat, korvan.lon, 140.0, 50.0)
    village = Place("test:varnok-tr", "Varnok", lat, lon, country="TR", population=300)
    city = Place("test:varnok-fr", "Varnok", 47.0, 3.0, country="FR", population=900_000)
    gazetteer = MemoryGazetteer([*ALL, korvan, village, city])
    text = "Floods reached Varnok, 150 km northeast of Korvan, on Monday."
    before = next(r for r in resolve_spans(find_spans(text, gazetteer), text, gazetteer) if r.span.text == "Varnok")
    assert before.place == city  # what the context alone gives
    varnok = next(m for m in parse(text, gazetteer=gazetteer).mentions if m.text == "Varnok")
    assert varnok.place == village
    assert varnok.alternatives[0].place == city and "the context alone chose Varnok" in varnok.reason


def test_a_name_the_gazetteer_knows_keeps_its_pick_when_no_sense_lies_there() -> None:
    # The gazetteer's Paris is France's or Texas's; a point 20 km from Baghouz does not replace it.
    parsed = parse("Fighting hit the village of Paris, 20 km east of Baghouz in Syria.", gazetteer=sample_gazetteer())
    assert next(m for m in parsed.mentions if m.text == "Paris").place in (PARIS, PARIS_TEXAS)


def test_a_bearing_without_a_distance_gives_no_point() -> None:
    parsed = parse("Shells hit Pelorat, north of Baghouz, overnight.", gazetteer=sample_gazetteer())
    pelorat = next(m for m in parsed.mentions if m.text == "Pelorat")
    assert pelorat.place is None


def test_the_module_examples_run() -> None:
    import doctest

    import geomap.relative

    result = doctest.testmod(geomap.relative)
    assert result.attempted >= 1 and result.failed == 0


def test_no_distance_runs_from_an_area() -> None:
    # A country's point is no place to measure from: "30 km north of Syria" gives no point.
    parsed = parse("Shells hit Pelorat, 30 km north of Syria, overnight.", gazetteer=sample_gazetteer())
    assert next(m for m in parsed.mentions if m.text == "Pelorat").place is None


@pytest.mark.parametrize("text", [
    "Bird flu was found in the village of Pelorat in Deir Ezzor, Syria, on Monday.",  # "X in Y": Y is no part of X
    "Bird flu was found in the village of Pelorat, Deir Ezzor, on Monday.",
    "Bird flu was found in Deir Ezzor's Pelorat district on Monday.",  # the owner holds it
])
def test_a_name_the_gazetteer_lacks_stands_at_the_place_the_text_puts_it_in(text: str) -> None:
    parsed = parse(text, gazetteer=sample_gazetteer())
    pelorat = next(m for m in parsed.mentions if m.text.startswith("Pelorat"))
    assert pelorat.place == DEIR_EZZOR_GOV
    assert pelorat.reason.startswith(f"no '{pelorat.text}' in the gazetteer; placed by the text in Deir ez-Zor")
    assert 0.0 < pelorat.confidence <= 0.5


@pytest.mark.parametrize("text", [
    "Bird flu was found in the village of Pelorat, Deir Ezzor, on Monday. Farmers in Pelorat burned their flocks.",
    "Farmers in Pelorat burned their flocks. Bird flu was found in the village of Pelorat, Deir Ezzor, on Monday.",
])
def test_every_mention_of_a_name_the_gazetteer_lacks_stands_where_the_text_once_puts_it(text: str) -> None:
    pelorats = [m for m in parse(text, gazetteer=sample_gazetteer()).mentions if m.text == "Pelorat"]
    assert len(pelorats) == 2 and all(m.place == DEIR_EZZOR_GOV for m in pelorats)


def test_a_name_the_gazetteer_lacks_takes_no_river_or_unnamed_place_as_its_home() -> None:
    # A river holds no village; with nothing after it, the name stays found but unplaced.
    parsed = parse("Bird flu was found in the village of Pelorat in the Euphrates valley, and in the village of Varnok.",
                   gazetteer=sample_gazetteer())
    assert {m.text: m.place for m in parsed.mentions if m.text in ("Pelorat", "Varnok")} == {
        "Pelorat": None, "Varnok": None}
