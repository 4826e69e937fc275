"""Choosing places (geomap.resolve) and the event location (geomap.locate), through geomap.parse."""

from __future__ import annotations

import gc
import re
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import LineString

from gazetteer import Candidate, Kind, Match, Place
from gazetteer.memory import MemoryGazetteer
from geomap import Document, Precision, Role, resolve
from geomap.groups import NameGroup
from geomap.locate import (
    _EVENT_WORDS,
    LocateWeights,
    _by_first_letter,
    _clause_factor,
    _contains_previous,
    _event_word_spans,
    _governed_by_event,
    _names_wider_area_of_next,
    _Seen,
    locate_event,
)
from geomap.nearness import Nearness, km, pairs_within
from geomap.parse import collector_paused, parse, parse_documents
from tests.samples import AFRIN, BAGHOUZ, ERBIL, FRANCE, IRAQ, PARIS, PARIS_TEXAS, SYRIA, TEXAS, USA, sample_gazetteer


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


def test_plural_nouns_of_nationality_are_demonyms_too() -> None:
    text = "Syrians and Iraqis fled towards Baghouz."
    assert [m.text for m in parse(text, gazetteer=sample_gazetteer()).mentions] == ["Baghouz"]
    with_demonyms = parse(text, gazetteer=sample_gazetteer(), demonyms=True)
    assert [(m.text, m.place and m.place.country) for m in with_demonyms.mentions] == [
        ("Syrians", "SY"), ("Iraqis", "IQ"), ("Baghouz", "SY")]


def test_a_regions_people_are_demonyms_of_the_region() -> None:
    # "Texans" is Texas (a state, not the country), and a two-word form is one mention.
    ossetia = Place("test:south-ossetia", "South Ossetia", 42.3, 44.0, Kind.REGION, country="GE")
    gz = MemoryGazetteer((USA, TEXAS, ossetia))
    text = "Texans sent aid as South Ossetian forces withdrew."
    assert [m.text for m in parse(text, gazetteer=gz).mentions] == []
    assert [(m.text, m.place) for m in parse(text, gazetteer=gz, demonyms=True).mentions] == [
        ("Texans", TEXAS), ("South Ossetian", ossetia)]


def test_a_people_of_one_country_is_a_demonym_of_it() -> None:
    sri_lanka = Place("test:lk", "Sri Lanka", 7.9, 80.8, Kind.COUNTRY, country="LK")
    parsed = parse("Sinhalese and Tamil leaders met.", gazetteer=MemoryGazetteer((sri_lanka,)), demonyms=True)
    assert [(m.text, m.place) for m in parsed.mentions] == [("Sinhalese", sri_lanka)]  # "Tamil": two countries


def test_a_country_hint_settles_a_short_report_and_leaves_a_full_one_alone() -> None:
    gz = sample_gazetteer()
    text = "Ministers met in Paris on Friday."
    assert parse(text, gazetteer=gz).mentions[0].place == PARIS
    assert parse(text, gazetteer=gz, countries=["us"]).mentions[0].place == PARIS_TEXAS
    assert parse(text, gazetteer=gz, countries="US").mentions[0].place == PARIS_TEXAS  # one code as a string
    # The text says where it is: the hint adds nothing to a country it names.
    full = "Ministers met in Paris, the capital of France, on Friday."
    assert parse(full, gazetteer=gz, countries=["US"]).mentions[0].place == PARIS


def test_country_codes_are_checked_before_anything_is_parsed() -> None:
    with pytest.raises(ValueError, match="'Syria' is not an ISO 3166 alpha-2 code such as SY or IQ"):
        parse("Shelling hit Baghouz.", gazetteer=sample_gazetteer(), countries=["Syria"])
    with pytest.raises(ValueError, match="'S1' is not an ISO 3166"):
        parse_documents(iter(()), gazetteer=sample_gazetteer(), countries=["S1"])  # at the call, not at next()


def test_parse_rejects_other_types() -> None:
    with pytest.raises(TypeError, match="str or a geomap.Document"):
        parse(b"bytes", gazetteer=sample_gazetteer())  # type: ignore[arg-type]


class _CollectorWatcher(MemoryGazetteer):
    """Records whether the cyclic collector was running when the parser asked for names."""

    collector_seen: list[bool]

    def has_keys(self, keys: Sequence[str]) -> list[bool]:
        self.collector_seen.append(gc.isenabled())
        return super().has_keys(keys)


def test_the_collector_is_paused_during_a_parse_and_left_as_found() -> None:
    gazetteer = _CollectorWatcher((SYRIA, BAGHOUZ))
    gazetteer.collector_seen = []
    assert gc.isenabled()
    parse("Shelling hit Baghouz in Syria.", gazetteer=gazetteer)
    assert gazetteer.collector_seen == [False]
    assert gc.isenabled()
    gc.disable()
    try:
        parse("Shelling hit Baghouz in Syria.", gazetteer=gazetteer)
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()


def test_a_batch_pauses_the_collector_until_it_ends_or_is_closed() -> None:
    docs = [Document(id=str(i), text="Shelling hit Baghouz in Syria.") for i in range(3)]
    batch = parse_documents(docs, gazetteer=sample_gazetteer())
    next(batch)
    assert not gc.isenabled()  # also while the caller holds a result, between documents
    assert len(list(batch)) == 2
    assert gc.isenabled()
    batch = parse_documents(docs, gazetteer=sample_gazetteer())
    next(batch)
    batch.close()
    assert gc.isenabled()


def test_a_paused_batch_still_collects_the_young_generations(monkeypatch: pytest.MonkeyPatch) -> None:
    collected: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation) or 0)
    with collector_paused(young_every=2) as pause:
        for _ in range(5):
            pause.document_done()
    assert collected == [1, 1]
    assert gc.isenabled()


def test_the_collector_runs_again_after_a_failed_parse() -> None:
    with pytest.raises(TypeError):
        parse(b"bytes", gazetteer=sample_gazetteer())  # type: ignore[arg-type]
    assert gc.isenabled()


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


@pytest.mark.parametrize("word", ["Islamist", "Maoists"])
def test_a_followers_word_after_an_event_phrase_is_no_unknown_place(word: str) -> None:
    parsed = parse(f"Fighters launched an attack on the {word} defenses near Baghouz.", gazetteer=sample_gazetteer())
    assert [m.text for m in parsed.mentions] == ["Baghouz"]


def test_premodifier_is_not_the_event_place() -> None:
    text = "U.S.-backed fighters attacked Baghouz, officials in Syria said."
    parsed = parse(text, gazetteer=sample_gazetteer())
    assert parsed.event is not None and parsed.event.place == BAGHOUZ


# "X is a town in A, B, C": what the text says of a place outweighs which same-named place is biggest.
_CONNECTICUT = Place("test:us-ct", "Connecticut", 41.6, -72.7, Kind.ADMIN1, country="US", admin1="CT")
_WASHINGTON_STATE = Place("test:us-wa", "Washington", 47.4, -120.5, Kind.ADMIN1, country="US", admin1="WA")
_WASHINGTON_DC = Place("test:us-dc", "Washington", 38.9, -77.04, alt_names=("Washington, D.C.",), country="US",
                       admin1="DC", population=4_338_000, feature_code="PPLC")  # GeoNames counts the metro area
_FAIRFIELD_COUNTY = Place("test:us-ct-fairfield", "Fairfield County", 41.23, -73.37, Kind.ADMIN2, country="US",
                          admin1="CT", admin2="001")
_SALEM_MA = Place("test:salem-ma", "Salem", 42.52, -70.90, country="US", admin1="MA", population=43_000)
_SALEM_CT = Place("test:salem-ct", "Salem", 41.49, -72.27, country="US", admin1="CT", population=4_000)
_ROCHESTER_NY = Place("test:rochester-ny", "Rochester", 43.15, -77.61, country="US", admin1="NY", population=206_000)
_ROCHESTER_WA = Place("test:rochester-wa", "Rochester", 46.82, -123.09, country="US", admin1="WA", population=2_400)
_BETHEL_AK = Place("test:bethel-ak", "Bethel", 60.79, -161.76, country="US", admin1="AK", population=6_000)


def _us_gazetteer() -> MemoryGazetteer:
    return MemoryGazetteer((USA, _CONNECTICUT, _WASHINGTON_STATE, _WASHINGTON_DC, _FAIRFIELD_COUNTY, _SALEM_MA,
                            _SALEM_CT, _ROCHESTER_NY, _ROCHESTER_WA, _BETHEL_AK))


# A country the text names (an invented name, a real code: borders come from GeoNames' country info).
_KRISTEL = Place("test:kristel", "Kristel", 31.4, 35.0, Kind.COUNTRY, country="IL", population=9_000_000)
_VARNOK_BESIDE = Place("test:varnok-ps", "Varnok", 31.5, 34.45, country="PS", population=50_000)
_VARNOK_FAR = Place("test:varnok-br", "Varnok", -8.0, -35.0, country="BR", population=120_000)
_VARNOK_INSIDE = Place("test:varnok-il", "Varnok", 32.0, 34.8, country="IL", population=50_000)
_CROSSINGS = "Kristel closed the crossings into Varnok on Monday."


def test_a_town_beside_the_named_country_beats_a_bigger_namesake_far_away() -> None:
    parsed = parse(_CROSSINGS, gazetteer=MemoryGazetteer((_KRISTEL, _VARNOK_BESIDE, _VARNOK_FAR)))
    varnok = next(m for m in parsed.mentions if m.text == "Varnok")
    assert varnok.place == _VARNOK_BESIDE
    assert "beside the text's main country IL" in varnok.reason
    assert varnok.alternatives[0].place == _VARNOK_FAR


def test_a_town_in_the_named_country_beats_its_namesake_across_the_border() -> None:
    parsed = parse(_CROSSINGS, gazetteer=MemoryGazetteer((_KRISTEL, _VARNOK_BESIDE, _VARNOK_INSIDE)))
    assert next(m for m in parsed.mentions if m.text == "Varnok").place == _VARNOK_INSIDE


def test_the_fullest_description_wins_over_the_bigger_namesake() -> None:
    text = "Salem is a small farming town in New London County, in Connecticut, USA. Salem has one library."
    parsed = parse(text, gazetteer=_us_gazetteer())
    salems = [m for m in parsed.mentions if m.text == "Salem"]
    assert len(salems) == 2 and {m.place for m in salems} == {_SALEM_CT}
    assert "Connecticut" in salems[0].reason


def test_a_qualifier_in_a_description_may_name_its_area_sense() -> None:
    # Alone, "Washington" is the capital; in "a town in Washington, United States" it can be the state.
    assert parse("Officials in Washington said.", gazetteer=_us_gazetteer()).mentions[0].place == _WASHINGTON_DC
    parsed = parse("Rochester is a small town in Washington, United States.", gazetteer=_us_gazetteer())
    assert next(m for m in parsed.mentions if m.text == "Rochester").place == _ROCHESTER_WA


@pytest.mark.parametrize("noun", ["hill town", "locality", "neighbourhood", "neighborhood"])
def test_a_town_the_gazetteer_lacks_stands_at_the_place_the_text_puts_it_in(noun: str) -> None:
    parsed = parse(f"Bethel is a {noun} in Fairfield County, in Connecticut.", gazetteer=_us_gazetteer())
    bethel = next(m for m in parsed.mentions if m.text == "Bethel")
    assert bethel.place == _FAIRFIELD_COUNTY  # not Bethel, Alaska
    assert "placed by the text in Fairfield County" in bethel.reason
    assert bethel.alternatives and bethel.alternatives[0].place == _BETHEL_AK


def test_of_two_places_of_a_size_the_description_names_first_is_where_the_town_lies() -> None:
    parsed = parse("Bethel is a town in Syria, near the border with Iraq.",
                   gazetteer=MemoryGazetteer((SYRIA, IRAQ, _BETHEL_AK)))
    assert next(m for m in parsed.mentions if m.text == "Bethel").place == SYRIA
    # A neighbour the county lies in none of does not make the state the most specific place named.
    parsed = parse("Bethel is a town in Fairfield County, Connecticut, on the border with Washington.",
                   gazetteer=_us_gazetteer())
    assert next(m for m in parsed.mentions if m.text == "Bethel").place == _FAIRFIELD_COUNTY


def test_a_river_in_the_description_is_no_place_the_town_lies_in() -> None:
    # "Washington" alone may be the state, but "the Washington River" contains no town.
    parsed = parse("Bethel is a hill town in Fairfield County, Connecticut, on the Washington River.",
                   gazetteer=_us_gazetteer())
    bethel = next(m for m in parsed.mentions if m.text == "Bethel")
    assert bethel.place == _FAIRFIELD_COUNTY and "placed by the text in Fairfield County" in bethel.reason


def test_what_the_description_calls_a_name_is_the_kind_it_is() -> None:
    county = Place("test:korvan-county", "Korvan County", 41.0, -73.0, Kind.ADMIN2, alt_names=("Korvan",),
                   country="US", admin1="CT", admin2="009")
    hamlet = Place("test:korvan", "Korvan", 46.9, -122.9, country="US", admin1="WA", population=600)
    gazetteer = MemoryGazetteer((USA, county, hamlet))
    assert parse("Korvan lies on the coast.", gazetteer=gazetteer).mentions[0].place == county
    assert parse("Korvan is a village on the coast.", gazetteer=gazetteer).mentions[0].place == hamlet


def test_a_town_the_gazetteer_lacks_is_not_the_county_its_name_also_names() -> None:
    # "Quellton is a town in Fairfield County": the county called Quellton is not that town, nor in it.
    county = Place("test:quellton-county", "Quellton County", 41.8, -72.3, Kind.ADMIN2, alt_names=("Quellton",),
                   country="US", admin1="CT", admin2="015")
    gazetteer = MemoryGazetteer((USA, _CONNECTICUT, _FAIRFIELD_COUNTY, county))
    parsed = parse("Quellton is a town in Fairfield County, Connecticut.", gazetteer=gazetteer)
    quellton = next(m for m in parsed.mentions if m.text == "Quellton")
    assert quellton.place == _FAIRFIELD_COUNTY and "placed by the text in Fairfield County" in quellton.reason
    parsed = parse("Quellton is a county in Connecticut.", gazetteer=gazetteer)
    assert next(m for m in parsed.mentions if m.text == "Quellton").place == county


# A state, and a town abroad named by the letters of its abbreviation.
_KANSAS = Place("test:ks", "Kansas", 38.5, -98.0, Kind.ADMIN1, country="US", admin1="KS")
_KAN = Place("test:kan", "Kan", 12.0, 8.5, country="NG", population=50_000)


def test_a_dotted_state_after_a_town_is_the_state_though_the_gazetteer_knows_the_letters() -> None:
    kansas_city = Place("test:kck", "Kansas City", 39.11, -94.63, country="US", admin1="KS", population=150_000)
    gazetteer = MemoryGazetteer((USA, _KANSAS, kansas_city, _KAN))
    parsed = parse("A police officer from Kansas City, Kan., was hurt.", gazetteer=gazetteer)
    assert [(m.text, m.place) for m in parsed.mentions] == [("Kansas City", kansas_city), ("Kan.", _KANSAS)]


def test_a_town_in_capitals_before_a_dotted_state_is_the_town_not_an_acronym() -> None:
    norville = Place("test:norville", "Norville", 38.8, -97.6, country="US", admin1="KS", population=48_000)
    gazetteer = MemoryGazetteer((USA, _KANSAS, norville, _KAN))
    # A dateline without its dash: the capitals were taken for an acronym, and "Kan" for Nigeria's.
    parsed = parse("Storm hits big rigs. NORVILLE, Kan. Strong winds toppled 13 trucks.", gazetteer=gazetteer)
    assert [(m.text, m.place) for m in parsed.mentions] == [("NORVILLE", norville), ("Kan.", _KANSAS)]
    assert "NATO" not in [m.text for m in parse("NATO, US and EU envoys met.", gazetteer=gazetteer).mentions]


def test_a_dotted_state_after_a_preposition_is_the_state_though_the_gazetteer_knows_the_letters() -> None:
    kentucky = Place("test:ky", "Kentucky", 37.5, -85.0, Kind.ADMIN1, country="US", admin1="KY")
    kilkenny = Place("test:kilkenny", "Kilkenny", 52.65, -7.25, Kind.ADMIN2, country="IE", alt_names=("Ky",))
    gazetteer = MemoryGazetteer((USA, kentucky, kilkenny))
    parsed = parse("A man held on a traffic charge died in Ky. jail on Sunday.", gazetteer=gazetteer)
    assert [(m.text, m.place) for m in parsed.mentions] == [("Ky.", kentucky)]
    # A headline writes the state before a lower-case noun: "Missing Ky. man".
    parsed = parse("Missing Ky. man found in stolen car.", gazetteer=gazetteer)
    assert [(m.text, m.place) for m in parsed.mentions] == [("Ky.", kentucky)]


def test_a_spaced_state_abbreviation_is_the_state_and_its_letters_no_name_of_their_own() -> None:
    west_virginia = Place("test:wv", "West Virginia", 38.6, -80.6, Kind.ADMIN1, country="US", admin1="WV")
    wheeling = Place("test:wheeling", "Wheeling", 40.06, -80.72, country="US", admin1="WV", population=27_000)
    wa_ghana = Place("test:wa", "Wa", 10.06, -2.5, country="GH", alt_names=("Va",), population=100_000)
    gazetteer = MemoryGazetteer((USA, west_virginia, wheeling, wa_ghana))
    parsed = parse("She moved to Wheeling, W. Va., then back to Wheeling, W.Va. She was 40.", gazetteer=gazetteer)
    assert [(m.text, m.place) for m in parsed.mentions] == [
        ("Wheeling", wheeling), ("W. Va.", west_virginia), ("Wheeling", wheeling), ("W.Va.", west_virginia)]


def test_dotted_state_initials_are_the_state_though_the_gazetteer_knows_the_letters() -> None:
    dacca = Place("test:dacca", "Dacca", 23.7, 90.4, country="BD", alt_names=("D. C.",), population=9_000_000)
    district = Place("test:dc", "District of Columbia", 38.9, -77.0, Kind.ADMIN1, country="US", admin1="DC")
    gazetteer = MemoryGazetteer((USA, district, dacca))
    parsed = parse("The school opened a campus in D.C. last year.", gazetteer=gazetteer)
    assert [(m.text, m.place) for m in parsed.mentions] == [("D.C.", district)]


def test_a_name_with_no_description_keeps_its_likeliest_place() -> None:
    parsed = parse("Officials in Bethel said the river rose.", gazetteer=_us_gazetteer())
    assert next(m for m in parsed.mentions if m.text == "Bethel").place == _BETHEL_AK


_CHINA = Place("test:cn", "China", 35.0, 105.0, Kind.COUNTRY, country="CN", population=1_400_000_000)
_JAPAN = Place("test:jp", "Japan", 36.0, 138.0, Kind.COUNTRY, country="JP", population=126_000_000)
_CHINA_JP = Place("test:china-jp", "China", 27.33, 128.57, country="JP", admin1="18", population=5_976)


def test_a_list_of_peers_is_not_a_place_and_its_area() -> None:
    gazetteer = MemoryGazetteer((_CHINA, _JAPAN, _CHINA_JP, FRANCE))
    parsed = parse("Many countries, among them China, Japan and France, warned the agency.", gazetteer=gazetteer)
    assert next(m for m in parsed.mentions if m.text == "China").place == _CHINA


def test_a_town_named_after_a_country_is_the_town_when_a_state_follows() -> None:
    # A country and a state of another country are no list: "Varnok, Texas" is the Texan town.
    country = Place("test:varnok", "Varnok", 31.9, 35.2, Kind.COUNTRY, country="VK", population=4_500_000)
    town = Place("test:varnok-tx", "Varnok", 31.76, -95.63, country="US", admin1="TX", population=18_000)
    parsed = parse("Fans came from Varnok, Texas for the festival.", gazetteer=MemoryGazetteer((USA, TEXAS, country, town)))
    assert next(m for m in parsed.mentions if m.text == "Varnok").place == town


_VARNOK_PS = Place("test:varnok-ps", "Varnok", 31.7, 35.2, country="PS", population=25_000)
_VARNOK_BR = Place("test:varnok-br", "Varnok", -1.45, -48.5, country="BR", population=1_400_000)


def test_a_country_whose_people_the_text_names_settles_a_close_call() -> None:
    gazetteer = MemoryGazetteer((_VARNOK_PS, _VARNOK_BR))
    alone = parse("Troops fired on a crowd near Varnok on Saturday.", gazetteer=gazetteer)
    assert alone.mentions[0].place == _VARNOK_BR
    told = parse("Troops fired on a crowd near Varnok, Palestinian witnesses said.", gazetteer=gazetteer)
    assert told.mentions[0].place == _VARNOK_PS


def test_the_reason_names_the_people_where_the_main_country_is_another() -> None:
    kristel = Place("test:kristel-il", "Kristel", 31.8, 35.0, country="IL", population=50_000)
    parsed = parse("Troops fired near Varnok and Kristel, Palestinian witnesses said.",
                   gazetteer=MemoryGazetteer((_VARNOK_PS, _VARNOK_BR, kristel)))
    varnok = next(m for m in parsed.mentions if m.text == "Varnok")
    assert varnok.place == _VARNOK_PS and varnok.reason.startswith("in PS, whose people the text names")


def test_a_nationality_inside_a_place_name_names_no_people() -> None:
    ocean = Place("test:indian-ocean", "Indian Ocean", -20.0, 80.0, Kind.SEA)
    varnok_in = Place("test:varnok-in", "Varnok", 21.0, 78.0, country="IN", population=25_000)
    gazetteer = MemoryGazetteer((ocean, varnok_in, _VARNOK_BR))
    parsed = parse("Ships sailed from Varnok across the Indian Ocean.", gazetteer=gazetteer)
    assert next(m for m in parsed.mentions if m.text == "Varnok").place == _VARNOK_BR


def test_a_sea_is_not_lost_to_an_area_named_after_it_in_the_country_whose_people_the_text_names() -> None:
    gulf = Place("test:korvan-gulf", "Korvan Gulf", 27.0, 51.0, Kind.SEA)
    province = Place("test:korvan-province", "Pelton Province", 28.9, 50.8, Kind.ADMIN1, alt_names=("Korvan Gulf",),
                     country="IR")
    parsed = parse("Iranian forces seized the tanker in the Korvan Gulf.", gazetteer=MemoryGazetteer((gulf, province)))
    assert parsed.mentions[0].place == gulf


def test_a_possessive_before_a_number_is_still_a_place() -> None:
    parsed = parse("The disease was confirmed in 11 of Syria's 14 provinces.", gazetteer=sample_gazetteer())
    assert [(m.text, m.place) for m in parsed.mentions] == [("Syria", SYRIA)]


def test_an_apposition_describes_a_place_too() -> None:
    parsed = parse("Floods reached Bethel, a town in Fairfield County, Connecticut.", gazetteer=_us_gazetteer())
    assert next(m for m in parsed.mentions if m.text == "Bethel").place == _FAIRFIELD_COUNTY


def _focus(text: str, names: list[tuple[str, Place | None]], **weights: float) -> list[str]:
    """The focus mention's text when each name is a mention of its place (None: one the gazetteer lacks)."""
    mentions = []
    for name, place in names:
        start = text.index(name)
        mentions.append((start, start + len(name), place, Role.MENTIONED, 0.8))
    _, focus = locate_event(text, mentions, weights=LocateWeights(**weights))
    return [names[i][0] for i in focus]


# A first-level division and its capital of one name, and a copy of the division from another gazetteer
# (no codes, its point elsewhere in it); a city in a state of its name that is not the state's capital.
_MERVA_PROVINCE = Place("test:merva-province", "Merva", 35.9, 42.7, Kind.ADMIN1, country="IQ", admin1="15")
_MERVA_PROVINCE_COPY = Place("test:merva-province-wof", "Merva", 34.0, 41.0, Kind.ADMIN1, country="IQ")
_MERVA = Place("test:merva", "Merva", 36.34, 43.13, country="IQ", admin1="15", population=1_300_000,
               feature_code="PPLA")
_NORDA_STATE = Place("test:norda-state", "Norda", 42.6, -75.8, Kind.ADMIN1, country="US", admin1="NR")
_NORDA = Place("test:norda", "Norda", 40.7, -74.0, country="US", admin1="NR", population=8_000_000)


def test_a_capital_is_its_bare_name_and_its_division_is_named_as_one() -> None:
    gz = MemoryGazetteer((_MERVA_PROVINCE, _MERVA_PROVINCE_COPY, _MERVA))
    assert parse("Fighting was reported in Merva on Tuesday.", gazetteer=gz).mentions[0].place == _MERVA
    assert parse("Fighting spread across Merva province.", gazetteer=gz).mentions[0].place == _MERVA_PROVINCE
    named = parse("Fighting spread across Merva Governorate.", gazetteer=gz).mentions[0]
    assert (named.text, named.place) == ("Merva Governorate", _MERVA_PROVINCE)
    assert "named a governorate" in named.reason
    owning = parse("Fighting spread across Merva Governorate’s northern countryside.", gazetteer=gz).mentions[0]
    assert (owning.text, owning.place) == ("Merva Governorate", _MERVA_PROVINCE)


def test_a_capital_takes_its_divisions_standing_against_a_namesake_abroad() -> None:
    # "Amra" is an alias of both the capital and its province; Ethiopia's Amrah only spells alike.
    province = Place("test:kasan", "Kasan", 31.8, 47.1, Kind.ADMIN1, alt_names=("Amra",), country="IQ", admin1="14")
    capital = Place("test:al-amra", "Al Amra", 31.84, 47.15, alt_names=("Amra",), country="IQ", admin1="14",
                    population=345_000, feature_code="PPLA")
    abroad = Place("test:amrah", "Amrah", 11.7, 37.7, Kind.ADMIN1, country="ET", admin1="46")
    gz = MemoryGazetteer((province, capital, abroad))
    assert parse("Protesters marched in Amra on Friday.", gazetteer=gz).mentions[0].place == capital


def test_a_states_name_among_its_capitals_aliases_is_still_the_state() -> None:
    # GeoNames lists some states' names among their capitals' aliases ("Ohio" for Columbus); a
    # respelling of the capital's own name ("Arbil" for the gazetteer's "Irbil") still names the city.
    state = Place("test:pelora", "Pelora", 40.3, -82.7, Kind.ADMIN1, country="US", admin1="PL")
    capital = Place("test:brandt", "Brandt", 39.96, -83.0, alt_names=("Pelora",), country="US", admin1="PL",
                    population=900_000, feature_code="PPLA")
    assert parse("Wages rose in Pelora last year.", gazetteer=MemoryGazetteer((state, capital))).mentions[0].place \
        == state
    province = Place("test:kirvan-province", "Kirvan", 36.2, 44.2, Kind.ADMIN1, country="IQ", admin1="11")
    city = Place("test:kirvan", "Korvan", 36.19, 44.01, alt_names=("Kirvan",), country="IQ", admin1="11",
                 population=900_000, feature_code="PPLA")
    assert parse("Troops entered Kirvan on Monday.", gazetteer=MemoryGazetteer((province, city))).mentions[0].place \
        == city


def test_a_town_named_like_a_country_is_the_town_among_the_texts_places() -> None:
    # Invented places: a country, a Texas town of its name, and two small towns beside that town.
    country = Place("test:norvania", "Norvania", 31.9, 35.2, Kind.COUNTRY, country="NV", population=5_000_000)
    town = Place("test:norvania-tx", "Norvania", 31.76, -95.63, country="US", admin1="TX", population=18_000)
    oakfield = Place("test:oakfield-tx", "Oakfield", 31.63, -95.58, country="US", admin1="TX", population=1_300)
    pinegrove = Place("test:pinegrove-tx", "Pinegrove", 31.49, -95.48, country="US", admin1="TX", population=1_400)
    gz = MemoryGazetteer((country, town, oakfield, pinegrove))
    local = parse("Deputies from Oakfield and Pinegrove searched a field outside Norvania on Friday.", gazetteer=gz)
    assert next(m for m in local.mentions if m.text == "Norvania").place == town
    assert parse("Aid convoys reached Norvania on Friday.", gazetteer=gz).mentions[0].place == country
    # One other place near the town is not enough: the country's name means the country.
    one = parse("Deputies from Oakfield flew to Norvania on Friday.", gazetteer=gz)
    assert next(m for m in one.mentions if m.text == "Norvania").place == country


def test_a_town_named_like_a_country_is_the_town_in_a_county_the_text_names() -> None:
    country = Place("test:norvania", "Norvania", 31.9, 35.2, Kind.COUNTRY, country="NV", population=5_000_000)
    town = Place("test:norvania-in", "Norvania", 40.05, -86.47, country="US", admin1="IN", admin2="011",
                 population=15_000)
    county = Place("test:oak-county", "Oak County", 40.05, -86.47, Kind.ADMIN2, country="US", admin1="IN",
                   admin2="011")
    gz = MemoryGazetteer((country, town, county))
    local = parse("Norvania schedules its spring clean-up. Oak County crews will collect the bags.", gazetteer=gz)
    assert local.mentions[0].place == town
    assert parse("Aid convoys reached Norvania on Friday.", gazetteer=gz).mentions[0].place == country


def test_a_city_that_is_not_its_states_capital_leaves_the_state_first() -> None:
    # New York: the state's capital is Albany, and a bare "New York" in local news is often the state.
    gz = MemoryGazetteer((_NORDA_STATE, _NORDA))
    assert parse("Officials in Norda said.", gazetteer=gz).mentions[0].place == _NORDA_STATE


def test_a_town_passes_the_event_to_the_place_the_text_puts_in_it() -> None:
    text = ("A patrol arrested a man, named as Omar Said, in Baghouz's Wadi neighbourhood, an aide to the"
            " Baghouz governor told reporters.")
    town, wadi, again = text.index("Baghouz"), text.index("Wadi"), text.rindex("Baghouz")
    # Wadi, which the gazetteer lacks, stands at Baghouz with a stand-in's low confidence.
    mentions = [(town, town + 7, BAGHOUZ, Role.MENTIONED, 0.9), (wadi, wadi + 4, None, Role.MENTIONED, 0.45),
                (again, again + 7, BAGHOUZ, Role.MENTIONED, 0.9)]
    assert locate_event(text, mentions)[1] == {1}
    assert locate_event(text, mentions, weights=LocateWeights(pass_down=0.0))[1] == {0}
    # A country is no part of a town: "a U.S. post in Baghouz" leaves the event at Baghouz.
    assert _focus("Rockets hit a U.S. post in Baghouz on Monday.", [("U.S.", USA), ("Baghouz", BAGHOUZ)]) == ["Baghouz"]


def test_a_reference_point_is_not_the_event_place() -> None:
    text = "A bomb exploded 40 km west of Baghouz, in a market near Afrin."
    names = [("Baghouz", BAGHOUZ), ("Afrin", AFRIN)]
    assert _focus(text, names) == ["Afrin"]
    assert _focus(text, names, landmark=1.0) == ["Baghouz"]  # without the rule the closer name wins


def test_the_wider_area_passes_the_event_to_the_place_inside() -> None:
    text = "Shelling hit Hajin village in Baghouz on Monday."
    names: list[tuple[str, Place | None]] = [("Hajin", None), ("Baghouz", BAGHOUZ)]
    assert _focus(text, names) == ["Hajin"]
    assert _focus(text, names, container=1.0) == ["Hajin"]  # the town still passes its vote down
    # The event phrase ("hit Hajin") is the first name's too: without it and the two rules, Baghouz wins.
    assert _focus(text, names, container=1.0, pass_down=0.0) == ["Hajin"]
    assert _focus(text, names, container=1.0, pass_down=0.0, governed=0.0) == ["Baghouz"]


def test_a_place_named_as_the_wider_area_of_the_next_passes_the_event_on() -> None:
    text = "Shelling hit the Baghouz district of Hajin on Monday."
    names: list[tuple[str, Place | None]] = [("Baghouz", BAGHOUZ), ("Hajin", None)]
    assert _focus(text, names) == ["Hajin"]
    assert _focus(text, names, container=1.0, pass_down=0.0) == ["Baghouz"]


@pytest.mark.parametrize(
    ("text", "first", "second", "wider"),
    [
        ("the Baghouz district of Hajin", BAGHOUZ, None, "first"),  # a name the gazetteer lacks is the smaller
        ("the Hajin district of Baghouz", None, BAGHOUZ, "second"),
        ("the Syria town of Baghouz", SYRIA, BAGHOUZ, "first"),  # a country is larger than a town
        ("the Baghouz town of Syria", BAGHOUZ, SYRIA, "second"),
        ("the Hajin village of Sousa", None, None, "second"),  # a tie keeps the word order
        ("the Syria borough of Baghouz", SYRIA, BAGHOUZ, "first"),  # "the New York borough of Queens"
    ],
)
def test_which_name_of_a_noun_of_phrase_is_the_wider_area_goes_by_size(
        text: str, first: Place | None, second: Place | None, wider: str) -> None:
    a_name, b_name = text.split()[1], text.split()[-1]
    a = _Seen(0, a_name, first, text.index(a_name), text.index(a_name) + len(a_name), Role.MENTIONED, 0.8)
    b = _Seen(1, b_name, second, text.rindex(b_name), len(text), Role.MENTIONED, 0.8)
    assert _names_wider_area_of_next(text, a, b) is (wider == "first")
    assert _contains_previous(text, a, b) is (wider == "second")


@pytest.mark.parametrize("text", ["Hajin's predominantly Sunni neighborhood of Baghouz", "the Hajin capital Baghouz"])
def test_an_owner_or_a_country_before_its_capital_is_the_wider_area_whatever_the_sizes(text: str) -> None:
    a = _Seen(0, "Hajin", None, text.index("Hajin"), text.index("Hajin") + 5, Role.MENTIONED, 0.8)
    b = _Seen(1, "Baghouz", BAGHOUZ, text.index("Baghouz"), len(text), Role.MENTIONED, 0.8)
    assert _names_wider_area_of_next(text, a, b)
    assert not _contains_previous(text, a, b)


def test_a_place_named_near_the_one_before_is_a_reference_point() -> None:
    text = "At the camp of Hajin, near Baghouz, prisoners were shot."
    names: list[tuple[str, Place | None]] = [("Hajin", None), ("Baghouz", BAGHOUZ)]
    assert _focus(text, names) == ["Hajin"]
    assert _focus(text, names, landmark=1.0, pass_down=0.0) == ["Baghouz"]
    # With another word between the names ("a U.S. patrol near X"), X locates no name: it is the scene.
    assert _focus("Gunmen attacked a U.S. patrol near Baghouz.", [("U.S.", None), ("Baghouz", BAGHOUZ)]) == ["Baghouz"]


@pytest.mark.parametrize("verb", ["detonated", "demonstrated", "rallied", "patrolled", "massacred", "invaded",
                                  "beheaded", "looted"])
def test_conflict_event_verbs_are_event_words(verb: str) -> None:
    text = f"Crowds {verb} in Baghouz on Monday."
    assert [text[s:] for s, _ in _event_word_spans(text)] == [text[text.index(verb):]]


def test_an_event_word_governs_only_the_first_name_after_it() -> None:
    # "an attack on Afrin by the forces of Syria": the phrase is Afrin's, and Syria's only through it.
    text = "Shelling went on in Baghouz on Monday. The attack on Afrin was carried out by Syria."
    words = _event_word_spans(text)
    syria_at, afrin_at = text.index("Syria"), text.index("Afrin")
    assert _governed_by_event(text, words, afrin_at, since=text.index("Baghouz") + 7)
    assert not _governed_by_event(text, words, syria_at, since=afrin_at + 5)
    assert _governed_by_event(text, words, syria_at, since=-1)  # with no name between, it would be


@pytest.mark.parametrize("text", ["A possible attack on Baghouz worried them.", "The planned march in Baghouz was off.",
                                  "They feared an imminent US-led offensive in Baghouz."])
def test_an_event_that_has_not_happened_is_no_event_word(text: str) -> None:
    assert _event_word_spans(text) == []
    assert _event_word_spans(text.replace("possible ", "").replace("planned ", "").replace("imminent ", ""))


def test_the_place_an_owner_names_is_the_event_place() -> None:
    text = "Gunmen shot an elder in Baghouz's Tal Kef district on Sunday."
    assert _focus(text, [("Baghouz", BAGHOUZ), ("Tal Kef", None)]) == ["Tal Kef"]


def test_event_words_grouped_by_first_letter_match_as_the_flat_pattern() -> None:
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
    found = Nearness(list(points), [], 400.0).nearest_km(lat, lon, 0)
    brute = min((km(lat, lon, plat, plon) for j, plat, plon in points if j != 0), default=400.0)
    assert found == (brute if brute < 400.0 else 400.0)


@given(st.lists(st.tuples(st.floats(-89, 89), st.floats(-180, 180)), max_size=30), st.floats(1.0, 110.0))
def test_pairs_within_a_radius_are_every_pair_that_close(points: list[tuple[float, float]], radius: float) -> None:
    found = list(pairs_within(points, radius))
    brute = {(a, b) for a in range(len(points)) for b in range(a + 1, len(points))
             if km(*points[a], *points[b]) < radius}
    assert {tuple(sorted(pair)) for pair in found} == brute and len(found) == len(brute)
    assert all(points[a][0] <= points[b][0] for a, b in found)


# Three names, each another state's big town and a small town of state "XB"; the small ones lie
# within a few tens of kilometres of each other, the big ones far apart.
def _us_town(name: str, state: str, lat: float, lon: float, population: int) -> Place:
    return Place(f"test:{name.lower()}-{state.lower()}", name, lat, lon, country="US", admin1=state,
                 population=population)


_KORVAN_BIG, _PELTON_BIG, _QUELLTON_BIG = (_us_town("Korvan", "XA", 33.0, -84.0, 500_000),
                                           _us_town("Pelton", "XC", 40.0, -75.0, 500_000),
                                           _us_town("Quellton", "XD", 45.0, -122.0, 500_000))
_KORVAN, _PELTON, _QUELLTON = (_us_town("Korvan", "XB", 33.6, -97.1, 30_000),
                               _us_town("Pelton", "XB", 33.4, -97.4, 30_000),
                               _us_town("Quellton", "XB", 33.8, -97.3, 30_000))


def test_names_that_could_all_lie_together_are_taken_together() -> None:
    # Each name's likeliest place alone is its big namesake, and those lie in three states, so no
    # pick supports another; the places the names could all be together win.
    gazetteer = MemoryGazetteer((USA, _KORVAN_BIG, _PELTON_BIG, _QUELLTON_BIG, _KORVAN, _PELTON, _QUELLTON))
    parsed = parse("Crews from Korvan, Pelton and Quellton fought the fire.", gazetteer=gazetteer)
    assert [m.place for m in parsed.mentions] == [_KORVAN, _PELTON, _QUELLTON]


def test_small_namesakes_far_apart_do_not_support_each_other() -> None:
    scattered = [_KORVAN, _us_town("Pelton", "XB", 36.5, -101.5, 30_000)]
    gazetteer = MemoryGazetteer((USA, _KORVAN_BIG, _PELTON_BIG, *scattered))
    parsed = parse("Crews from Korvan and Pelton fought the fire.", gazetteer=gazetteer)
    assert [m.place for m in parsed.mentions] == [_KORVAN_BIG, _PELTON_BIG]


def test_a_national_capitals_name_is_not_a_towns_other_name() -> None:
    # A US story: the country's votes would carry a Texas town that GeoNames also calls "Varnok".
    capital = Place("test:varnok", "Varnok", 31.8, 35.2, country="XV", population=900_000, feature_code="PPLC")
    town = Place("test:varnok-xb", "Eldham", 33.5, -97.2, alt_names=("Varnok",), country="US", admin1="XB",
                 population=2_000)
    gazetteer = MemoryGazetteer((USA, _KORVAN, _PELTON, capital, town))
    text = "Officials in Korvan and Pelton said the envoy will open an office in Varnok."
    assert [m.place for m in parse(text, gazetteer=gazetteer).mentions][-1] == capital
    # A town of the capital's own name is not held back: its place in the text still counts.
    namesake = _us_town("Varnok", "XB", 33.5, -97.2, 2_000)
    gazetteer = MemoryGazetteer((USA, _KORVAN, _PELTON, capital, namesake))
    assert [m.place for m in parse(text, gazetteer=gazetteer).mentions][-1] == namesake


@pytest.mark.parametrize(
    ("text", "name", "factor"),
    [
        ("Shells fell on Afrin's old quarter.", "Afrin", "possessive"),
        ("Shelling killed five, Afrin officials said.", "Afrin", "modifier"),
        ("Afrin police closed the road.", "Afrin", "modifier"),
        ("Afrin pharmaceutical plant burned.", "Afrin", "modifier"),
        ("Paris was shot outside his home.", "Paris", "modifier"),
        ("Paris, 41, was shot outside his home.", "Paris", "modifier"),
        ("A blast hit a market 20 km north of Afrin.", "Afrin", "landmark"),
        ("The wounded came from Afrin.", "Afrin", "landmark"),
        ("The bill of Rep. Jane Roe, D-Afrin, passed.", "Afrin", "landmark"),  # where she comes from
        ("Shelling hit Afrin on Monday.", "Afrin", None),
        ("Shelling hit the Afrin countryside.", "Afrin", None),
        ("Shelling hit Afrin market.", "Afrin", None),
    ],
)
def test_the_clause_says_when_a_name_is_not_the_scene(text: str, name: str, factor: str | None) -> None:
    start = text.index(name)
    seen = _Seen(0, name, None, start, start + len(name), Role.MENTIONED, 0.8)
    weights = LocateWeights()
    expected = 1.0 if factor is None else getattr(weights, factor)
    assert _clause_factor(text, None, seen, weights, holds=False) == pytest.approx(expected)


def test_a_name_listed_with_states_is_the_state_not_a_bigger_town() -> None:
    # Invented states, one sharing its name with a city elsewhere in the country.
    tessaly = Place("test:tessaly", "Tessaly", 40.0, -100.0, kind=Kind.ADMIN1, country="US", admin1="T1")
    brennick = Place("test:brennick", "Brennick", 42.0, -104.0, kind=Kind.ADMIN1, country="US", admin1="B1")
    ormond = Place("test:ormond", "Ormond", 38.0, -110.0, kind=Kind.ADMIN1, country="US", admin1="O1")
    city = Place("test:ormond-city", "Ormond", 34.0, -80.0, country="US", admin1="X1", population=2_500_000,
                 feature_code="PPLC")  # a capital: alone, its name means the city rather than the state
    gazetteer = MemoryGazetteer((tessaly, brennick, ormond, city))

    def ormond_in(text: str) -> str | None:
        mention = next(m for m in parse(text, gazetteer=gazetteer).mentions if m.text == "Ormond")
        return mention.place.id if mention.place else None

    assert ormond_in("Crowds filled the streets of Ormond.") == "test:ormond-city"
    assert ormond_in("Cases were reported in Tessaly, Brennick and Ormond.") == "test:ormond"
    assert ormond_in("Cases were reported in Tessaly and Ormond.") == "test:ormond"


def test_a_town_after_of_before_a_verb_of_speech_is_the_speakers_home() -> None:
    kelby = Place("test:kelby", "Kelby", 33.6, -101.9, country="US", admin1="TX", population=40_000)
    gazetteer = MemoryGazetteer((kelby,))
    said = parse("A former resident of Kelby told reporters the water was safe.", gazetteer=gazetteer)
    assert [(m.text, m.place and m.place.id) for m in said.mentions] == [("Kelby", "test:kelby")]
    # Alone before the verb, a town of that size reads as the speaker's name.
    assert parse("Kelby told reporters the water was safe.", gazetteer=gazetteer).mentions == ()


def test_a_named_village_before_a_verb_of_speech_is_no_speaker() -> None:
    hamlet = Place("test:kelby", "Kelby", 6.5, 20.1, country="CF", population=300)
    gazetteer = MemoryGazetteer((hamlet,))
    for text in ("Gunmen attacked the village of Kelby, said local police.",  # the speaker follows the verb
                 "Gunmen attacked the village of Kelby said a resident."):  # the text says what it is
        assert [(m.text, m.place and m.place.id) for m in parse(text, gazetteer=gazetteer).mentions] == [
            ("Kelby", "test:kelby")]
    assert parse("Kelby said the water was safe.", gazetteer=gazetteer).mentions == ()


_KINDS = [Kind.POPULATED_PLACE, Kind.ADMIN1, Kind.ADMIN2, Kind.RIVER, Kind.OTHER]


@given(st.lists(st.tuples(st.sampled_from(_KINDS), st.sampled_from([0.1, 0.5, 0.9, 1.0]),
                          st.integers(-3, 3), st.integers(-3, 3), st.sampled_from(["US", "FR"])),
                min_size=1, max_size=14),
       st.lists(st.tuples(st.integers(0, 2), st.integers(-3, 3), st.integers(-3, 3)), max_size=6),
       st.booleans(), st.booleans())
def test_ranking_measures_distances_only_where_they_can_change_the_first_four(
        found: list[tuple[Kind, float, int, int, str]], others: list[tuple[int, int, int]],
        with_line: bool, major: bool) -> None:
    w = resolve.Weights()
    candidates = [Candidate(Place(f"t:{i}", "X", lat * 0.5, lon * 0.5, kind, country=country, admin1="01"),
                            Match.EXACT, prior, prior) for i, (kind, prior, lat, lon, country) in enumerate(found)]
    g = NameGroup(("x", None), [0], candidates)
    g.bases = [resolve._base(g, c, w) for c in candidates]
    g.pick = candidates[max(range(len(candidates)), key=g.bases.__getitem__)]
    g.floor = max(g.bases) - 1.0
    g.major_area = candidates[0] if major else None
    votes = ({"US": 2.0, "FR": 1.0}, {("US", "01"): 1.0}, 3.0, 1.0)
    bonuses = resolve._vote_bonuses(votes, w)
    points = [(j, lat * 2.5, lon * 0.7) for j, lat, lon in others]  # some too far north or south to count
    lines = [(1, LineString([(-1.0, -1.0), (0.3, 0.2), (1.0, 1.5)]))] if with_line else []

    def ranked() -> list[tuple[float, Candidate]]:
        return resolve._ranked(0, g, w, votes, bonuses, resolve.Nearness(list(points), lines, w.near_km), ())

    pruned = ranked()
    shown, resolve._SHOWN = resolve._SHOWN, 10**6  # nothing pruned: every candidate measured
    try:
        full = ranked()
    finally:
        resolve._SHOWN = shown
    assert len(full) == len(candidates)
    assert pruned[:4] == full[:4] if len(candidates) > 1 else pruned == [(g.bases[0], candidates[0])]


@pytest.mark.parametrize("text", [
    "Two KILLED in a Strike; troops Shelled the town.",
    "Attaqué à İzmir: killed, then a raid.",  # "İ" lower-cases to two characters
    "Fıre and a ſhooting: the ſiege went on.",  # dotless i and long s match only when ignoring case
    "Café bombing; Überfall raided, quake hit Ærø.",
])
def test_event_words_in_lower_cased_text_are_those_found_ignoring_case(text: str) -> None:
    assert _event_word_spans(text) == [m.span() for m in _EVENT_WORDS.finditer(text)]


def test_a_sea_named_alone_is_the_sea_but_a_town_qualified_by_its_state_is_the_town(
        embedded_gazetteer: object) -> None:
    def place_of(text: str, name: str) -> tuple[Kind, str] | None:
        mention = next(m for m in parse(text, gazetteer=embedded_gazetteer).mentions  # type: ignore[arg-type]
                       if m.text == name)
        return (mention.place.kind, mention.place.country) if mention.place else None

    assert place_of("Storms over the Atlantic pushed ships toward the Black Sea.", "Atlantic") == (Kind.SEA, "")
    assert place_of("Storms over the Atlantic pushed ships toward the Black Sea.", "Black Sea") == (Kind.SEA, "")
    assert place_of("He moved to Atlantic, Iowa, in 1990.", "Atlantic") == (Kind.POPULATED_PLACE, "US")


def test_a_world_region_is_the_region_even_among_the_namesake_towns_neighbours(embedded_gazetteer: object) -> None:
    # Baltimore has a neighbourhood called Middle East; a Maryland story naming it means the region.
    text = "Baltimore, Maryland, leaders said the Middle East needs peace."
    mention = next(m for m in parse(text, gazetteer=embedded_gazetteer).mentions  # type: ignore[arg-type]
                   if m.text == "Middle East")
    assert mention.place is not None and mention.place.kind is Kind.REGION


def test_a_conflict_region_is_the_region_and_the_event_is_there(embedded_gazetteer: object) -> None:
    # Without the hand-written region, "Qalamoun" was a respelling of a town in Côte d'Ivoire.
    parsed = parse("Fighters advanced in the Qalamoun Mountains on Monday, taking two hilltops.",
                   gazetteer=embedded_gazetteer)  # type: ignore[arg-type]
    assert [(m.text, m.place.name if m.place else None) for m in parsed.mentions] == [
        ("Qalamoun Mountains", "Qalamoun")]
    assert parsed.event is not None and parsed.event.place.country == "SY"
    assert parsed.event.precision is Precision.REGION


_QAMISHLI = Place("test:qamishli", "Qamishli", 37.05, 41.22, country="SY", population=180_000)
_WUSTA_OM = Place("test:wusta", "Wusta", 20.4, 56.9, Kind.ADMIN1, country="OM", admin1="WU")


def test_an_owned_place_the_gazetteer_lacks_there_stands_at_its_owner_and_can_be_the_focus() -> None:
    gazetteer = MemoryGazetteer((_QAMISHLI, _WUSTA_OM, SYRIA))
    parsed = parse("A bomb exploded in Qamishli's Wusta neighbourhood, killing three.", gazetteer=gazetteer)
    wusta = next(m for m in parsed.mentions if m.text == "Wusta")
    assert wusta.place == _QAMISHLI and "placed by the text in Qamishli" in wusta.reason
    assert wusta.role is Role.FOCUS  # the more specific name, though its point is its owner's
    assert parsed.event is not None and parsed.event.place == _QAMISHLI


def test_an_owner_without_a_place_noun_after_the_name_does_not_move_it() -> None:
    steele = Place("test:steele", "Steele", 33.94, -86.2, country="US", admin1="AL", population=1_000)
    gazetteer = MemoryGazetteer((steele, TEXAS, USA))
    parsed = parse("Steele's Texas based company was fined.", gazetteer=gazetteer)
    assert next(m for m in parsed.mentions if m.text == "Texas").place == TEXAS


def test_a_name_standing_at_its_owner_is_its_own_candidate_for_the_focus(embedded_gazetteer: object) -> None:
    # No Doura in Baghdad in the embedded data: the name stands at Baghdad, yet it is where the bomb went off.
    text = "A roadside bomb hit a patrol in Baghdad's Doura district, wounding three soldiers."
    parsed = parse(text, gazetteer=embedded_gazetteer)  # type: ignore[arg-type]
    baghdad, doura = parsed.mentions
    assert (baghdad.text, baghdad.role, doura.text, doura.role) == ("Baghdad", Role.MENTIONED, "Doura", Role.FOCUS)
    assert "placed by the text in Baghd" in doura.reason


# Invented: a town in one country, and a village of another country whose name a camp there shares.
_PELORA = Place("test:pelora", "Pelora", 13.6, 25.3, country="ZQ", admin1="NO", population=250_000)
_NORDA = Place("test:norda", "Norda", 13.0, 24.5, Kind.ADMIN1, country="ZQ", admin1="NO")
_ZQ = Place("test:zq", "Zaqaria", 14.0, 26.0, Kind.COUNTRY, country="ZQ", population=40_000_000)


def _varnok(country: str, lat: float, lon: float) -> Place:
    return Place("test:varnok", "Varnok", lat, lon, country=country, population=0)


def test_a_settlement_the_text_puts_in_a_town_of_another_country_stands_at_the_town() -> None:
    gazetteer = MemoryGazetteer((_varnok("YQ", 35.0, 40.0), _PELORA, _NORDA, _ZQ))
    text = "Relief work restarted in Varnok refugee camp in Pelora, Norda, after fighting across Zaqaria."
    parsed = parse(text, gazetteer=gazetteer)
    varnok = next(m for m in parsed.mentions if m.text == "Varnok")
    assert varnok.place == _PELORA and "placed by the text in Pelora" in varnok.reason
    # Without the place noun and "in" the text does not say where Varnok lies: the village stands.
    parsed = parse("Relief work restarted in Varnok. Pelora, Norda, saw fighting across Zaqaria.", gazetteer=gazetteer)
    assert next(m for m in parsed.mentions if m.text == "Varnok").place == _varnok("YQ", 35.0, 40.0)


@pytest.mark.parametrize("text", [
    # the village lies in the same country: an old admin-1 code or a town 60 km out is no reason to move it
    "Relief work restarted in Varnok refugee camp in Pelora, Norda, after fighting across Zaqaria.",
    # a verb before the noun: "pitched camp in" says where people went, not where Varnok lies
    "Men from Varnok pitched camp in Pelora, Norda, after fighting across Zaqaria.",
])
def test_a_settlement_keeps_its_place_unless_the_text_puts_it_abroad(text: str) -> None:
    own_country = _varnok("ZQ", 13.1, 25.7)
    gazetteer = MemoryGazetteer((own_country, _PELORA, _NORDA, _ZQ))
    assert next(m for m in parse(text, gazetteer=gazetteer).mentions if m.text == "Varnok").place == own_country
    abroad = _varnok("YQ", 35.0, 40.0)
    if "pitched" in text:
        gazetteer = MemoryGazetteer((abroad, _PELORA, _NORDA, _ZQ))
        assert next(m for m in parse(text, gazetteer=gazetteer).mentions if m.text == "Varnok").place == abroad


def test_two_spaces_where_a_line_broke_read_as_one() -> None:
    # "US  soldiers" is an actor as "US soldiers" is, and "the district of  Varnok" names a place.
    text = ("One man was killed and four US  soldiers were hurt by a car bomber in the western district of  Varnok,"
            " firemen said.")
    usa = Place("test:us", "United States", 39.8, -98.6, Kind.COUNTRY, country="US", alt_names=("US",),
                population=330_000_000)
    parsed = parse(text, gazetteer=MemoryGazetteer((usa,)))
    assert [(m.text, m.role) for m in parsed.mentions] == [("US", Role.MENTIONED), ("Varnok", Role.FOCUS)]


def _one_town(name: str) -> MemoryGazetteer:
    # Invented: a town of two million in a made-up country, so only how its name is written decides.
    return MemoryGazetteer([Place(f"test:{name.lower()}", name, 12.0, 22.0, kind=Kind.POPULATED_PLACE,
                                  country="ZZ", population=2_000_000)])


def test_a_short_word_met_only_through_a_respelling_needs_words_that_make_it_a_place() -> None:
    met = "Reporters met Varr on Monday."
    assert [m.place.name for m in parse(met, gazetteer=_one_town("Varr")).mentions] == ["Varr"]  # the name itself
    assert parse(met, gazetteer=_one_town("Var")).mentions == ()  # "Varr" only meets "Var" by its folds
    fought = parse("Fighting broke out in Varr on Monday.", gazetteer=_one_town("Var"))
    assert [m.place.name for m in fought.mentions] == ["Var"]  # "in" says it is a place


def test_a_given_name_needs_a_sizeable_place_of_that_very_name() -> None:
    thanked = "Maureen thanked the volunteers."
    assert [m.place.name for m in parse(thanked, gazetteer=_one_town("Maureen")).mentions] == ["Maureen"]
    assert parse(thanked, gazetteer=_one_town("Mauren")).mentions == ()  # a respelling does not count
