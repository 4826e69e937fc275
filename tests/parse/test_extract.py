"""Finding place spans and judging them from context (geomap.extract, geomap.context)."""

from __future__ import annotations

import re

import pytest

from gazetteer import Kind, Place
from gazetteer.memory import MemoryGazetteer
from geomap.extract import find_runs, find_spans
from geomap.parse import parse
from tests.samples import ALL, BAGHOUZ, sample_gazetteer


def spans(text: str) -> dict[str, tuple[bool, str | None, str]]:
    return {s.text: (s.clue.is_place, s.clue.role, s.clue.why) for s in find_spans(text, sample_gazetteer())}


def test_offsets_index_the_text() -> None:
    text = "Fighting went on in Baghouz, near the Euphrates River, in eastern Syria."
    found = find_spans(text, sample_gazetteer())
    assert [s.text for s in found] == ["Baghouz", "Euphrates", "Syria"]
    for s in found:
        assert text[s.start : s.end] == s.text


def test_dateline_is_found_in_caps_and_with_agency() -> None:
    text = "Headline here\n\nBAGHOUZ, Syria (AP) — Fighters surrendered on Tuesday."
    verdict = spans(text)
    assert verdict["BAGHOUZ"][1] == "dateline"
    assert verdict["Syria"][0] is True


def test_dateline_with_outlet_in_brackets() -> None:
    verdict = spans("ERBIL (Kurdistan 24) – A recording surfaced from Baghouz.")
    assert verdict["ERBIL"] == (True, "dateline", "dateline")
    assert verdict["Baghouz"][0] is True


@pytest.mark.parametrize("text", [
    "Shops stay shut . ERBIL: Traders said the market would open on Sunday.",  # a colon after the place
    "By Jane Roe, Staff Writer, March 3, 2019 ERBIL -- Traders said the market would open.",  # after a date
    # a Windows-1252 em or en dash decoded as Latin-1 (a C1 control)
    "Market to open. ERBIL (AP) \x97 Traders said the market would open.",
    "Market to open. ERBIL \x96 Traders said the market would open.",
])
def test_dateline_after_a_headline_or_a_byline_date(text: str) -> None:
    assert spans(text)["ERBIL"] == (True, "dateline", "dateline")


def test_a_digest_has_a_dateline_before_each_story_after_a_quotation_too() -> None:
    # The second story starts well past the first paragraphs, right after a closing quotation mark.
    first = "Traders said the market would open on Sunday. " * 20
    text = f'{first}One said: "We are ready." ERBIL - Traders said the market would open.'
    assert len(first) > 900
    assert spans(text)["ERBIL"] == (True, "dateline", "dateline")


def test_people_named_like_places_are_not_places() -> None:
    text = ("SDF spokesman Mustafa Bali said the push resumed. Another official, Adnan Afrin, agreed. "
            "Later Bali said more fighters left Baghouz.")
    found = {(s.text, s.start): s.clue for s in find_spans(text, sample_gazetteer())}
    bali = [clue for (name, _), clue in found.items() if name == "Bali"]
    assert bali and not any(c.is_place for c in bali)
    assert not any(c.is_place for (name, _), c in found.items() if name == "Afrin")
    assert any(c.is_place for (name, _), c in found.items() if name == "Baghouz")


def test_a_preposition_before_a_persons_possessive_does_not_make_the_name_a_place() -> None:
    # "from Bali's phone": the preposition governs the phone. Once taken for a place, the name would
    # be a place in every sentence of the text ("one sense per text").
    text = ("SDF spokesman Mustafa Bali said the push resumed. Officers took a phone from Bali's car. "
            "Later Bali said more fighters left Baghouz.")
    found = find_spans(text, sample_gazetteer())
    assert [s.clue.is_place for s in found if s.text == "Bali"] == [False, False, False]
    # Without a person of that name the preposition still counts: "Tourists came back from Bali's beaches."
    assert spans("Tourists came back from Bali's beaches.")["Bali"][0] is True


def test_a_known_person_who_speaks_is_the_person_where_the_name_is_also_a_place() -> None:
    text = ("Andrew Bali runs the clinic. The idea came to Bali after a trip to Baghouz. "
            "Bali said the clinic would open.")
    verdict = [(s.start, s.clue.is_place) for s in find_spans(text, sample_gazetteer()) if s.text == "Bali"]
    assert verdict[-1] == (text.rindex("Bali"), False)


def test_a_name_before_a_lower_case_administration_is_a_leaders() -> None:
    # "the Obama administration": the name is a person's in the whole text, as after a title.
    text = "Since Bali took office, prices rose. Much depends on what the Bali administration does."
    assert [s.clue.is_place for s in find_spans(text, sample_gazetteer()) if s.text == "Bali"] == [False, False]
    assert spans("Since 2019, prices rose in Bali. The Bali Administration said so.")["Bali"][0] is True


def test_a_big_citys_dotted_initials_name_it_a_small_towns_do_not() -> None:
    city = Place("test:quellton", "Quellton", 34.0, -118.2, alt_names=("Q.T.",), country="US", population=4_000_000)
    town = Place("test:rivervale", "Rivervale", 40.0, -90.0, alt_names=("R.V.",), country="US", population=5_000)
    gz = MemoryGazetteer((city, town))
    verdict = {s.text: s.clue for s in find_spans("Traffic was heavy in Q.T. and in R.V. on Monday.", gz)}
    assert verdict["Q.T."].is_place and verdict["Q.T."].why == "a city's initials"
    assert not verdict["R.V."].is_place


@pytest.mark.parametrize("text", [
    "Fighters overran a major Baghouz hospital on Monday.",  # an adjective, not the rank
    "Reporters will miss Baghouz when the siege ends.",  # a verb, not "Miss"
    "He is the chief Baghouz correspondent of the agency.",
])
def test_a_lower_case_title_word_before_a_place_is_no_title(text: str) -> None:
    assert spans(text)["Baghouz"][0] is True


def test_a_lower_case_title_before_a_persons_name_is_a_title() -> None:
    assert spans("The spokesman Bali said the push resumed.")["Bali"][0] is False
    assert spans("An official, spokesman Adnan Bali, denied it.")["Bali"][0] is False
    assert spans("Major Bali said the push resumed.")["Bali"][0] is False


def test_an_apostrophe_inside_a_name_is_no_contraction() -> None:
    # Invented towns spelled like Ta'izz and N'Djamena: the apostrophe stands for a letter.
    gz = MemoryGazetteer((Place("test:karaz", "Ka'raz", 13.6, 44.0, country="YE", population=600_000),
                          Place("test:ndova", "N'Dova", 12.1, 15.0, country="TD", population=900_000)))
    verdict = {s.text: s.clue for s in find_spans("Fighting spread from Ka'raz to N'Dova. It's over.", gz)}
    assert verdict["Ka'raz"].is_place and verdict["N'Dova"].is_place
    assert all(not c.is_place for name, c in verdict.items() if name == "It's")


def test_a_name_followed_by_an_age_is_a_persons() -> None:
    text = "Police shot Bali, 23, near Baghouz on Friday. Bali was taken to hospital."
    assert [s.clue.is_place for s in find_spans(text, sample_gazetteer()) if s.text == "Bali"] == [False, False]


def test_outlet_with_number_is_not_a_place() -> None:
    assert spans("He told Kurdistan 24 that Erbil was calm.".replace("Kurdistan", "Syria"))["Syria"][0] is False


def test_bylines_get_their_role() -> None:
    text = "The town fell.\nNadia reported from Cairo. Omar Haddad in Beirut contributed reporting."
    verdict = spans(text)
    assert verdict["Cairo"][:2] == (True, "byline")
    assert verdict["Beirut"][:2] == (True, "byline")


def test_possessive_is_left_out_of_the_span() -> None:
    found = find_spans("Syria's Baghouz is the last pocket.", sample_gazetteer())
    assert [s.text for s in found] == ["Syria", "Baghouz"]


def test_a_possessive_ends_the_name_so_the_owner_is_a_place() -> None:
    verdict = spans("Fighters held out in Syria's Baghouz for weeks.")
    assert verdict["Syria"][0] is True and verdict["Baghouz"][0] is True


def test_adjective_of_nationality_is_not_a_place() -> None:
    # "Syrian" has the key of nothing in the sample gazetteer; the spans must not include it.
    assert "Syrian" not in spans("Syrian Democratic Forces entered Baghouz.")


@pytest.mark.parametrize(("text", "name"), [
    ("Troops stormed the Tal Hadid District at dawn.", "Tal Hadid District"),  # a site word ends the run
    ("Two guards were killed in Kafr Hamra.", "Kafr Hamra"),  # an event verb and "in" before it
    ("Rebels held the Rangae district for a week.", "Rangae"),  # a place noun after it
    ("Gunmen shot an elder in Baghouz's Tal Kef district.", "Tal Kef"),  # owned by a known place
    ("Gunmen raided Tal Hadid Village in Baghouz.", "Tal Hadid Village"),  # a site word before "in" ends it
    ("Fighters seized the village of al-Hadid on Sunday.", "Hadid"),  # "of" before the article
    ("Two guards were killed in as-Safira.", "Safira"),  # an event verb and "in" before the article
    ("Jets struck the Tal Hadid airbase at dawn.", "Tal Hadid"),  # a site noun after it
    ("Cattle raiders struck in Varnok County of the lakes region.", "Varnok County"),  # a division word ends it
    ("Birds were caught on Quellen Island at dawn.", "Quellen Island"),
    ("Troops massed on the outskirts of Varnok overnight.", "Varnok"),  # a word that only comes before a place
    ("Helicopters shelled the Korvan area at dawn.", "Korvan"),
    ("Polls closed early in the Korvan tehsil.", "Korvan"),
    ("He was shot in Quellton, 20 miles (30 km) southwest of Baghouz, on Monday.", "Quellton"),  # where it lies
    ("In Quellton, south of the capital, a soldier was killed.", "Quellton"),
    ("Gunmen raided Pelora, a small village near Baghouz.", "Pelora"),  # an apposition saying what it is
    ("Shots were fired at Pelora, a Baghouz township, overnight.", "Pelora"),
    ("The army took Jabal Korvan after a week.", "Jabal Korvan"),  # an Arabic place word begins it
    ("Rebels shelled Tal al-Quellen on Sunday.", "Tal al-Quellen"),
    ("Climbers reached Mount Pelora by noon.", "Mount Pelora"),  # an English one
    # wire copy's two spaces where a line broke
    ("A bomber struck in the western district of  Varnok, firemen said.", "Varnok"),
    ("Two guards were killed in  Quellton.", "Quellton"),
    # more event verbs, and up to three words (a weekday among them) before the preposition
    ("Four aid workers were captured Wednesday morning in Quellton near the border.", "Quellton"),
    ("Troops captured several building blocks inside Pelora tonight.", "Pelora"),
    ("The sisters were found murdered at their house in Varnok colony.", "Varnok"),
    ("Voters in the borough of Quellton went to the polls.", "Quellton"),
])
def test_places_the_gazetteer_lacks_are_found(text: str, name: str) -> None:
    verdict = spans(text)
    assert verdict[name][0] is True and "not in the gazetteer" in verdict[name][2]


@pytest.mark.parametrize("text", [
    "Fighters entered the Syrian city of Afrin.",  # the name follows "city of"
    "Crowds filled the Industrial town square.",  # an ordinary word before the noun
    "Police said Kurdish villages were quiet.",
    "The town became a Home Rule Municipality in 1990.",  # a kind of division, not a division's name
    "Bodies were found on the outskirts of the Iraqi capital.",  # "of" before an adjective
    "The vote went to Brandt, a town councillor, on Monday.",  # the apposition's noun does not end it
    "Furthermore, an area of 150 kilometers was closed.",  # a capital that starts a sentence
    "The farm of Marta Kovac, 3 miles north of Baghouz, burned.",  # a given name starts it
    "The well lies at 42°N 84°W, west of Baghouz.",  # one letter
    "The Port Authority closed the pier.",  # a place word before an ordinary word
    "Two men were killed in Wednesday's attack.",  # a weekday's possessive
    "A helicopter was attacked on Nov. 7, the army said.",  # a month written short
    "Rebels were killed in an attack on Syrian Army positions.",  # a demonym begins it
])
def test_an_adjective_before_a_place_noun_is_not_a_place(text: str) -> None:
    assert [k for k, (is_place, _, why) in spans(text).items() if "not in the gazetteer" in why] == []


@pytest.mark.parametrize(("text", "names", "why"), [
    ("Jets struck the villages of Tal Korvan, Pelora and Varnok.", ["Tal Korvan", "Pelora", "Varnok"],
     "listed after 'villages of'"),
    ("Jets struck the villages of Tal Korvan and Pelora near Baghouz.", ["Tal Korvan", "Pelora"],
     "listed after 'villages of'"),  # one run: "and" joins names too
    ("Shells hit the Quellton and Jabal Pelton districts.", ["Quellton", "Jabal Pelton"],
     "listed before 'districts'"),
    ("Shells hit the Quellton, Pelora, and Varnok neighbourhoods.", ["Quellton", "Pelora", "Varnok"],
     "listed before 'neighbourhoods'"),
    ("Windor is a Home Rule Municipality in Varnok and Pelora counties.", ["Varnok", "Pelora"],
     "listed before 'counties'"),  # only what follows "in" is listed
    ("The fever reached three villages: Pelora, Varnok and Korvan.", ["Pelora", "Varnok", "Korvan"],
     "listed after 'villages'"),  # a colon introduces the list as "of" does
    ("Rebels took the towns of Pelora and Varnok, Quellton Radio said.", ["Pelora", "Varnok"],
     "listed after 'towns of'"),  # the list is over after its "and"
    ("Rebels took the towns of Pelora, Varnok, and Korvan, Quellton Radio said.", ["Pelora", "Varnok", "Korvan"],
     "listed after 'towns of'"),
])
def test_each_name_a_plural_place_noun_lists_is_a_place(text: str, names: list[str], why: str) -> None:
    verdict = spans(text)
    listed = [name for name, (is_place, _, reason) in verdict.items() if reason.endswith(why)]
    assert listed == names and all(verdict[name][0] for name in names)


def test_a_known_name_in_a_list_keeps_its_place_and_the_others_are_added() -> None:
    verdict = spans("Jets struck the towns of Baghouz and Tal Korvan.")
    assert verdict["Baghouz"][0] is True and "not in the gazetteer" not in verdict["Baghouz"][2]
    assert verdict["Tal Korvan"][2] == "not in the gazetteer; listed after 'towns of'"


@pytest.mark.parametrize("text", [
    "Several villages were burned overnight.",  # a sentence's first word before the noun
    "Remote towns were cut off.",
    "Stops: Varnok Several towns lie off the road.",  # an unpunctuated list ran into the next sentence
    "Jets struck the districts of Al-‘Pelton.",  # a lone article, cut from its name by the quote, is no name
])
def test_an_ordinary_word_before_a_plural_place_noun_is_no_list(text: str) -> None:
    assert [k for k, (_, _, why) in spans(text).items() if "listed" in why] == []


@pytest.mark.parametrize("faith", ["Shi'a", "Shi’a", "Alawites", "Yazidis"])
def test_a_faith_spelled_like_a_town_is_no_place(faith: str) -> None:
    gz = MemoryGazetteer((Place("test:town", faith, 33.0, 44.0, country="IQ", population=20_000),))
    assert not any(s.clue.is_place for s in find_spans(f"The {faith} dominated units were in the north.", gz))


def test_a_party_member_is_no_place_but_the_state_before_it_is() -> None:
    gz = MemoryGazetteer((Place("test:republican", "Republican", 40.1, -99.2, country="US", population=600),
                          Place("test:norda", "Norda", 42.6, -75.8, Kind.ADMIN1, country="US", admin1="NR")))
    verdict = {s.text: s.clue for s in find_spans("A Norda Republican, Rep. Lee, said the Republican plan failed.", gz)}
    assert verdict["Norda"].is_place and not verdict["Republican"].is_place


def test_a_holiday_is_no_place_though_a_town_has_its_name() -> None:
    gz = MemoryGazetteer((Place("test:hill", "Hill City", 36.4, -81.8, alt_names=("Passover",), country="US",
                                population=1_000),
                          Place("test:island", "Christmas Island", -10.5, 105.6, Kind.ISLAND)))
    verdict = {s.text: s.clue for s in find_spans("Passover traditions spread to Christmas Island.", gz)}
    assert not verdict["Passover"].is_place and verdict["Passover"].why == "a holiday"
    assert verdict["Christmas Island"].is_place


@pytest.mark.parametrize(("text", "name"), [
    ("Soldiers at Fort Rock were tested.", "Fort"),  # the generic head of a name the gazetteer lacks
    ("The outbreak spread across South West Norda.", "South West"),  # directions before a name
    ("Crowds filled St. Marta's Square on Sunday.", "St. Marta"),  # a saint's square, not the town
])
def test_the_start_of_a_longer_name_is_no_place_of_its_own(text: str, name: str) -> None:
    gz = MemoryGazetteer((Place("test:furt", "Furt", 49.3, 12.8, alt_names=("Fort",), country="DE", population=9_000),
                          Place("test:south-west", "South West", 1.3, 103.7, Kind.ADMIN1, country="SG"),
                          Place("test:norda", "Norda", 52.0, -1.0, Kind.ADMIN1, country="GB", admin1="NR"),
                          Place("test:st-marta", "Saint Marta", 13.2, -59.6, Kind.ADMIN1, country="BB")))
    verdict = {s.text: s.clue for s in find_spans(text, gz)}
    assert not verdict[name].is_place
    assert find_spans("Flights resumed to St. Marta, Barbados.", gz)[0].clue.is_place  # no possessive: the place


def test_abbreviation_of_a_country_is_found() -> None:
    found = find_spans("U.S.-backed fighters advanced.", sample_gazetteer())
    assert [(s.text, s.clue.country) for s in found] == [("U.S.", "US")]


@pytest.mark.parametrize("text", ["", "lower case only", "123 456", "   \n\t"])
def test_no_spans_in_texts_without_names(text: str) -> None:
    assert find_spans(text, sample_gazetteer()) == []


def test_groups_and_ordinary_words_named_like_towns_are_not_places() -> None:
    # A town "Hamm" respelled, a hamlet "Supreme": news means the group and the court.
    hamm = Place("test:hamm", "Hamm", 51.68, 7.82, alt_names=("Hamas",), country="DE", population=180_000)
    supreme = Place("test:supreme", "Supreme", 29.86, -90.98, country="US", admin1="LA", population=1_100)
    gazetteer = MemoryGazetteer((hamm, supreme, BAGHOUZ))
    parsed = parse("Hamas leaders met as the Supreme Court ruled; shelling hit Baghouz.", gazetteer=gazetteer)
    assert [m.text for m in parsed.mentions] == ["Baghouz"]
    # With a sign of a place, the ordinary word stands.
    assert [m.text for m in parse("Floods hit homes in Supreme.", gazetteer=gazetteer).mentions] == ["Supreme"]


def test_an_areas_initials_in_capitals_are_a_place_other_acronyms_are_not() -> None:
    # An invented state written by its initials, and a radio station that is also a hamlet's alias.
    state = Place("test:ndk", "North Dunmark", -30.0, 150.0, kind=Kind.ADMIN1, alt_names=("N.D.K.", "NDK"),
                  country="AU", admin1="98")
    hamlet = Place("test:kbz", "Kobaz", -31.0, 151.0, alt_names=("KBZ",), country="AU", population=800)
    gazetteer = MemoryGazetteer((state, hamlet))
    found = {s.text: s.clue for s in find_spans("Roads across NDK closed, KBZ radio said on Monday.", gazetteer)}
    assert found["NDK"].is_place and found["NDK"].kind_hint == "admin1"
    assert not found["KBZ"].is_place
    parsed = parse("Horses from NDK were kept in their stables.", gazetteer=gazetteer)
    assert [(m.text, m.place and m.place.id) for m in parsed.mentions] == [("NDK", "test:ndk")]


def test_a_name_led_by_capitals_is_no_acronym_and_a_slash_is_no_initial() -> None:
    # An invented country known by a short form led by capitals, and the town of "U.S. / Kelby".
    republic = Place("test:marsh", "Marsh Republic", 1.0, 20.0, kind=Kind.COUNTRY, alt_names=("MR Marsh",),
                     country="XM", population=5_000_000)
    kelby = Place("test:kelby", "Kelby", 31.0, -106.0, country="US", population=90_000)
    gazetteer = MemoryGazetteer((republic, kelby))
    found = {s.text: s.clue.is_place for s in find_spans("Aid reached MR Marsh, and the U.S. / Kelby crossing reopened.",
                                                         gazetteer)}
    assert found == {"MR Marsh": True, "U.S.": True, "Kelby": True}


def test_a_type_word_and_of_before_a_name_say_its_kind() -> None:
    found = find_spans("Floods hit the state of Kelby and Baghouz.", MemoryGazetteer((BAGHOUZ,
        Place("test:kelby", "Kelby", 31.0, -106.0, kind=Kind.ADMIN1, country="US", admin1="KB"))))
    assert [(s.text, s.clue.kind_hint) for s in found] == [("Kelby", "admin1"), ("Baghouz", None)]
    assert "after 'state of'" in found[0].clue.why


def test_a_title_names_the_person_up_to_the_first_connector() -> None:
    text = "Dr. Amal Hassan of the Baghouz Medical Council said the clinic was full."
    found = {s.text: s.clue for s in find_spans(text, sample_gazetteer())}
    assert "a person's name" not in found["Baghouz"].why
    assert found["Baghouz"].is_place


def test_a_preposition_before_a_direction_word_is_evidence_of_a_place() -> None:
    # "Kelby Baghouz" reads as a person (first name, surname) unless "in eastern Baghouz" says otherwise.
    text = "Kelby Baghouz Transport ran the buses. The camp lies in eastern Baghouz."
    found = [s for s in find_spans(text, sample_gazetteer()) if s.text == "Baghouz"]
    assert found[-1].clue.is_place


def test_a_possessive_before_a_name_is_not_a_first_name() -> None:
    found = {s.text: s.clue for s in find_spans("The Acme Organization's Baghouz office said so.", sample_gazetteer())}
    assert found["Baghouz"].is_place


def test_a_prefixed_adjective_before_a_name_is_neither_first_name_nor_part_of_it() -> None:
    # Like "sub-Saharan Africa": the capitalised half of "sub-Marsh" is no given name before a surname.
    found = [s.clue.is_place for s in find_spans("Aid reached sub-Marsh Baghouz. Later Sub-Marsh Baghouz got more.",
                                                 MemoryGazetteer((BAGHOUZ,)))]
    assert found == [True, True]


def test_a_flu_season_is_no_disease_name() -> None:
    found = find_spans("As the Syria flu season began, the Syria flu spread.", sample_gazetteer())
    # The season is the country's; the later "Syria flu" names a disease.
    assert [(s.text, s.clue.is_place) for s in found] == [("Syria", True), ("Syria", False)]


def test_a_name_the_text_gives_a_disease_is_the_disease_where_it_stands_alone() -> None:
    varnok = Place("test:varnok", "Varnok", 50.8, 8.77, country="DE", population=76_000)
    text = ("The Varnok haemorrhagic fever spread. Varnok has killed 40 people and Crimean-Baghouz fever "
            "two, officials in Varnok said. Baghouz was calm.")
    found = [(s.text, s.clue.is_place) for s in find_spans(text, MemoryGazetteer((varnok, BAGHOUZ)))]
    # The words around still make it the place ("in Varnok"); a hyphened half names no disease.
    assert found == [("Varnok", False), ("Varnok", False), ("Baghouz", False), ("Varnok", True), ("Baghouz", True)]


@pytest.mark.parametrize(("text", "is_place"), [
    ("Nine people died from Ebola this month.", False),  # a preposition says nothing of a disease's name
    ("Tests for Ebola came back negative.", False),
    ("Ebola has a five-day incubation period.", False),
    ("Boats went up the Ebola River.", True),  # a type word makes it the place
    ("Boats reached Ebola, Kristelia, at dawn.", True),
    ("Nobody survived Ebola, which spread fast.", False),  # a comma alone is no place after it
])
def test_a_disease_news_names_more_than_its_place_needs_a_type_word_to_be_the_place(text: str, is_place: bool) -> None:
    river = Place("test:ebola", "Ebola", 3.33, 20.95, Kind.RIVER, country="CD")
    country = Place("test:kristelia", "Kristelia", 1.0, 22.0, Kind.COUNTRY, country="CD")
    found = {s.text: s.clue.is_place for s in find_spans(text, MemoryGazetteer((river, country)))}
    assert found["Ebola"] is is_place


def test_an_adjective_of_nationality_before_a_named_area_keeps_the_name() -> None:
    state = Place("test:warra", "Warra", 8.0, 28.9, kind=Kind.ADMIN1, country="SS", admin1="WR")
    found = find_spans("The governor of the Syrian Warra state spoke. The Syrian Warra Company did not.",
                       MemoryGazetteer((state,)))
    assert [(s.text, s.clue.is_place) for s in found] == [("Warra", True), ("Warra", False)]


def test_a_name_beginning_with_an_abbreviated_word_is_one_span() -> None:
    marc = Place("test:saint-marc", "Saint-Marc", 19.1, -72.7, country="HT", population=160_000)
    pleasant = Place("test:mount-pleasant", "Mount Pleasant", 43.6, -84.8, country="US", admin1="MI",
                     population=26_000)
    text = "Crowds filled the clinic in St. Marc and the school in Mt. Pleasant. We sat on the St. Most left."
    found = [s.text for s in find_spans(text, MemoryGazetteer((marc, pleasant))) if s.clue.is_place]
    assert found == ["St. Marc", "Mt. Pleasant"]  # "St." alone is never a name
    text = "Clinic opens. MT. PLEASANT, Mich. - Crowds filled the clinic."
    dateline = find_spans(text, MemoryGazetteer((marc, pleasant)))
    assert [(s.text, s.clue.role) for s in dateline if s.clue.is_place][0] == ("MT. PLEASANT", "dateline")


def test_a_name_listed_after_a_preposition_of_place_has_its_evidence() -> None:
    # "Kristel" is also a given name, so alone it needs a sizeable place; in a list after "in" it does not.
    kristel = Place("test:kristel", "Kristel", -31.0, 151.0, country="AU", population=1_600)
    gazetteer = MemoryGazetteer((kristel, BAGHOUZ))
    listed = find_spans("Horses fell ill in Baghouz, Marrak, Kristel and Wanda.", gazetteer)
    assert next(s for s in listed if s.text == "Kristel").clue.evidence
    alone = find_spans("In Baghouz, Kristel waited.", gazetteer)  # one comma makes no list
    assert not next(s for s in alone if s.text == "Kristel").clue.evidence


@pytest.mark.parametrize("text", [
    "The driver, Marta Kovac, 22, of Kristel, was taken to hospital.",  # an age after the name
    "The prize went to Marta Kovac of Kristel on Sunday.",  # a name the text uses for a person
])
def test_where_a_named_person_lives_is_a_place(text: str) -> None:
    # "Kristel" is also a given name: alone it would need a sizeable place.
    kristel = Place("test:kristel", "Kristel", -31.0, 151.0, country="AU", population=1_600)
    clue = next(s for s in find_spans(text, MemoryGazetteer((kristel,))) if s.text == "Kristel").clue
    assert clue.is_place and clue.evidence and clue.needs_prior == 0
    assert "where a person named before it lives" in clue.why


def test_a_title_ending_a_sentence_makes_no_person_of_the_next() -> None:
    # "Judge." ends the sentence; "Gen." is a title written short, so its name is a person's.
    is_place, _, why = spans("Roe is the new Municipal Court Judge. Baghouz attorney Jane Roe won.")["Baghouz"]
    assert is_place, why
    assert not spans("Roe met Gen. Afrin on Sunday.")["Afrin"][0]


@pytest.mark.parametrize("text", ["Two held in W. Baghouz slaying.", "W. Baghouz slaying probed."])
def test_a_compass_point_written_short_is_no_initial(text: str) -> None:
    assert spans(text)["Baghouz"][0]


def test_an_initial_after_a_given_name_still_makes_a_surname() -> None:
    assert not spans("The plaintiff, Nicholas W. Afrin, filed suit.")["Afrin"][0]


def test_a_place_joined_to_a_persons_surname_ends_a_double_name() -> None:
    verdict = spans("The talks, said Joaquin Navarro-Afrin on Sunday, went well.")
    assert verdict["Afrin"][:2] == (False, None)
    assert "double name" in verdict["Afrin"][2]


def test_a_title_alone_after_the_is_no_place() -> None:
    pope = Place("test:pope", "Pope", 35.4, -93.0, Kind.ADMIN2, country="US", admin1="AR", population=64_000)
    gazetteer = MemoryGazetteer((pope,))
    found = find_spans("The talks went well, said the Pope on Sunday.", gazetteer)
    assert not next(s for s in found if s.text == "Pope").clue.is_place
    found = find_spans("Storms hit farms in Pope on Sunday.", gazetteer)
    assert next(s for s in found if s.text == "Pope").clue.is_place


def test_an_ordinary_word_before_another_in_a_name_is_no_place() -> None:
    abbey = Place("test:abbey", "Abbey", 40.6, -75.5, country="US", admin1="XB", population=2_000)
    gazetteer = MemoryGazetteer((abbey, BAGHOUZ))
    found = {s.text: s.clue for s in find_spans("The play opens in the Abbey Theater near Baghouz.", gazetteer)}
    assert not found["Abbey"].is_place and "ordinary word in a name" in found["Abbey"].why
    # A name that is no ordinary word stays a place inside a longer name, and the text can say so.
    assert find_spans("The Baghouz Theater opens.", gazetteer)[-1].clue.is_place
    found = find_spans("Crowds met in Abbey Theater Square.", gazetteer)
    assert next(s for s in found if s.text == "Abbey").clue.is_place


def test_a_unit_before_a_full_stop_is_no_initial() -> None:
    assert spans("The average winter high is 18°C. Baghouz lies low.")["Baghouz"][0]


def test_a_middle_initial_is_no_persons_name() -> None:
    # "A" of "Nicholas A. Roe" is an initial: it does not make "A Baghouz man" a person's name.
    is_place, _, why = spans("The plaintiff, Nicholas A. Roe, filed suit. A Baghouz man was hurt.")["Baghouz"]
    assert is_place, why


@pytest.mark.parametrize("party", ["D", "R", "DFL"])
def test_a_legislators_home_after_the_party_is_a_place(party: str) -> None:
    kristel = Place("test:kristel", "Kristel", -31.0, 151.0, country="AU", population=1_600)
    text = f"The bill came from Rep. Marta Kovac, {party}-Kristel, on Sunday."
    clue = next(s for s in find_spans(text, MemoryGazetteer((kristel,))) if s.text == "Kristel").clue
    assert clue.is_place and clue.evidence and "a legislator's home" in clue.why


# Letters a legislator's designation contains, which a gazetteer may know as places of their own.
_DESIGNATION_LETTERS = MemoryGazetteer((
    Place("test:dw", "Dorf Wendel", 53.1, 12.2, country="DE", alt_names=("D-W",), population=1_200),
    Place("test:va", "Va", 10.1, -2.5, country="GH", population=78_000),
    Place("test:calif", "Calif", 36.5, 29.3, country="TR", population=900),
))


@pytest.mark.parametrize(("text", "surface", "code"), [
    ("The bill came from Rep. Marta Kovac, D-W. Va., on Sunday.", "W. Va.", "WV"),
    ("Sen. Marta Kovac (R-W.Va.) spoke on Sunday.", "W.Va.", "WV"),
    ("The bill came from Rep. Marta Kovac, D-Calif., on Sunday.", "Calif.", "CA"),
    ("Speaker Marta Kovac, D-Calif, told colleagues to wait.", "Calif", "CA"),
    ("Sen. Marta Kovac (I-VT) spoke on Sunday.", "VT", "VT"),
    ("Rep. Marta Kovac, DFL-Minn., spoke on Sunday.", "Minn.", "MN"),
])
def test_a_legislators_abbreviated_state_is_the_state(text: str, surface: str, code: str) -> None:
    # Without the designation the letters are the gazetteer's places ("D-W" an alias, "Va" a town).
    found = find_spans(text, _DESIGNATION_LETTERS)
    assert [s.text for s in found] == [surface]
    clue = found[0].clue
    assert clue.is_place and clue.state == code and "a legislator's home" in clue.why
    assert text[found[0].start : found[0].end] == surface


def test_a_party_letter_needs_a_comma_or_bracket_before_it() -> None:
    kristel = Place("test:kristel", "Kristel", -31.0, 151.0, country="AU", population=1_600)
    found = find_spans("The D-Kristel landings began, Marta Kovac said.", MemoryGazetteer((kristel,)))
    assert all("legislator" not in (s.clue.why or "") for s in found)
    assert not any(s.clue.state for s in find_spans("The D-Calif. Project closed.", _DESIGNATION_LETTERS))


def test_a_letter_that_begins_a_compound_ends_no_name() -> None:
    dunmore = Place("test:dunmore", "Dunmore", 41.4, -75.6, country="US", alt_names=("The D",), population=14_000)
    gazetteer = MemoryGazetteer((dunmore,))
    assert [s.text for s in find_spans("The D-Day landings began at dawn.", gazetteer)] == []
    assert [s.text for s in find_spans("Fans call it The D, and The D is home.", gazetteer)] == ["The D", "The D"]


@pytest.mark.parametrize(("text", "is_place"), [
    ("Insurgents shot down a Kristel helicopter near the river.", False),  # a model, as "a Chinook helicopter"
    ("Two Kristel gunships and Kristel tanks rolled on.", False),
    ("The troops fired Kristel missiles at the hills.", False),
    ("Gunmen fired Kristel rockets at the hills.", True),  # rockets from Kristel
    ("The Kristel bombers were caught.", True),  # people
    ("Fighting in Kristel tanks the economy.", True),  # a preposition of place before it
])
def test_a_name_before_a_weapon_or_aircraft_is_its_model(text: str, is_place: bool) -> None:
    kristel = Place("test:kristel", "Kristel", -31.0, 151.0, country="AU", population=1_600)
    found = [s for s in find_spans(text, MemoryGazetteer((kristel,))) if s.text == "Kristel"]
    assert found and all(s.clue.is_place is is_place for s in found)
    if not is_place:
        assert all("names a model" in s.clue.why for s in found)


@pytest.mark.parametrize("opening", [
    # a bracket of more than 80 characters between the name and its description
    "Kristel (/ˈkrɪstəl/; 2011 population 519,949; urban 670,580; metro population 721,053; CMA 8) is a port city",
    "Kristel is the seat and most populous city",
    "Kristel is a small rural town 73 kilometres north",  # a distance between the noun and "of"
    "Kristel is a census-designated place (CDP) north",  # the noun's acronym
    "Kristel is a Chilean city and commune",  # an adjective of nationality before the noun
    "Kristel is a barangay (village)",  # a Philippine village, glossed
])
def test_a_page_describing_its_place_makes_it_a_place_though_a_person_shares_the_name(opening: str) -> None:
    kristel = Place("test:kristel", "Kristel", -31.0, 151.0, country="AU", population=1_600)
    text = f"{opening} of the Norda region. George Kristel founded it. Since then Kristel has grown."
    found = [s for s in find_spans(text, MemoryGazetteer((kristel,))) if s.text == "Kristel"]
    assert [s.clue.is_place for s in found] == [True, False, True]  # George Kristel is the person


def test_a_described_place_is_no_common_word_though_the_text_uses_it_in_lower_case() -> None:
    # "bari" in lower case would make a sentence-initial "Bari" an ordinary word; the description
    # says otherwise, and a place once is a place in every sentence of the text.
    bari = Place("test:bari", "Bari", 26.6, 77.6, country="IN", population=40_000)
    text = "Bari is a city in the Norda district. The bari tree grows there. Bari grew after 1900."
    assert [s.clue.is_place for s in find_spans(text, MemoryGazetteer((bari,))) if s.text == "Bari"] == [True, True]


def test_a_place_inside_an_organisations_name_with_its_acronym_is_no_place() -> None:
    verdict = spans("The Islamic State of Syria and Afrin (ISSA) launched an offensive near Baghouz.")
    assert not verdict["Syria"][0] and "organisation's name" in verdict["Syria"][2]
    assert not verdict["Afrin"][0] and verdict["Baghouz"][0]
    # A place leading the name is the organisation's home; letters that are no initials make no acronym.
    assert spans("The Afrin Water Board (AWB) met on Sunday.")["Afrin"][0]
    assert spans("Troops of the Islamic State of Syria (XYZ) entered Baghouz.")["Syria"][0]


def test_an_organisation_word_the_text_describes_as_a_place_is_one() -> None:
    union = Place("test:union", "Union", 39.9, -84.3, country="US", admin1="OH", population=6_400)
    gazetteer = MemoryGazetteer((union,))
    assert find_spans("Union is a city in the Norda county.", gazetteer)[0].clue.is_place
    assert not find_spans("Union leaders met on Sunday.", gazetteer)[0].clue.is_place


def test_an_organisation_of_a_name_is_no_residence() -> None:
    # "Vernon" reads as a given name, so "Chamber" enters the text's people; an ordinary word is no surname.
    kristel = Place("test:kristel", "Kristel", -31.0, 151.0, country="AU", population=1_600)
    found = find_spans("The Mount Vernon Chamber of Kristel met on Sunday.", MemoryGazetteer((kristel,)))
    assert not next(s for s in found if s.text == "Kristel").clue.evidence


@pytest.mark.parametrize("quoted", ["'Baghouz'", "‘Baghouz’"])
def test_a_name_in_single_quotation_marks_is_found(quoted: str) -> None:
    assert spans(f"The station was renamed {quoted} in 1875.")["Baghouz"][0]
    # An apostrophe inside a word starts no run: "O'Baghouz" is one word.
    assert [r.tokens[0].text for r in find_runs("He met O'Baghouz there.")] == ["He", "O'Baghouz"]


def test_a_runs_token_offsets_count_from_the_runs_start() -> None:
    text = "Fighting went on in Baghouz, near the Euphrates River. The Euphrates River rose."
    runs = find_runs(text)
    assert [t.text for r in runs for t in r.tokens] == ["Fighting", "Baghouz", "Euphrates", "River", "The", "Euphrates", "River"]
    for run in runs:
        for tok in run.tokens:
            assert text[run.start + tok.start : run.start + tok.end] == tok.text


def test_the_words_before_a_separate_article_judge_the_name() -> None:
    # "Afrin" is a town of the sample gazetteer: "the village of al-Afrin" names it as a village.
    is_place, _, why = spans("Fighters seized the village of al-Afrin on Sunday.")["Afrin"]
    assert is_place and "after 'village of'" in why
    is_place, _, why = spans("Shells fell in al-Afrin on Sunday.")["Afrin"]
    assert is_place and "after 'in'" in why


def _with_balad() -> MemoryGazetteer:
    """The sample places and a town named as an Arabic qualifier is (Balad, "the town")."""
    balad = Place("test:balad", "Balad", 34.01, 44.15, country="IQ", population=40_000)
    return MemoryGazetteer([*ALL, balad])


@pytest.mark.parametrize("text", [
    "Clashes erupted in Afrin al-Balad on Sunday.",
    "Clashes erupted in the Afrin al-Balad district on Sunday.",
])
def test_a_place_with_an_arabic_qualifier_is_the_place_not_a_person(text: str) -> None:
    # "Afrin al-Balad" (its old town) is no person's "Name al-Surname", and its qualifier no town of its own.
    found = {s.text: s.clue for s in find_spans(text, _with_balad())}
    assert found["Afrin"].is_place
    assert not found["Balad"].is_place  # "the … al-Balad district" no longer makes it one


def test_a_qualifier_after_a_place_noun_also_makes_a_place() -> None:
    assert {s.text: s.clue for s in find_spans("Shells fell on the Afrin al-Jadida neighbourhood.",
                                               _with_balad())}["Afrin"].is_place


@pytest.mark.parametrize("text", [
    "Afrin al-Balad said the talks would go on.",  # no place before or after: a person
    "Shells fell in Afrin al-Hassan's yard.",  # a surname, not a qualifier
])
def test_a_name_before_al_and_a_surname_stays_a_person(text: str) -> None:
    assert not {s.text: s.clue for s in find_spans(text, _with_balad())}["Afrin"].is_place


@pytest.mark.parametrize(("run", "name"), [
    ("Hadid on Sunday", "Hadid"),
    ("Tal al-Hadid on Monday", "Tal al-Hadid"),  # the connector inside the name stays
    ("Tal Hadid Village in Baghouz", "Tal Hadid Village"),
    ("Stratford upon Avon", "Stratford upon Avon"),
    ("Farm Museum in Pelton Township", "Pelton Township"),  # a site after a spaced "in" starts after it
    ("Masonic Lodge on the Pelton Road", "Pelton Road"),
    ("Pelton Bridge on Varnok Road", "Pelton Bridge"),  # unless a site word ends the name before it
    ("Rostov-on-Don Road", "Rostov-on-Don Road"),  # a hyphened connector is the name's
])
def test_the_name_a_run_gives_a_place_the_gazetteer_lacks(run: str, name: str) -> None:
    from geomap.extract import _run_shape

    unknown = _run_shape(run).unknown
    assert unknown is not None and run[unknown[2] : unknown[3]] == name


@pytest.mark.parametrize("name", ["Kala-i-Dorn", "Kala-e Dorn"])
def test_a_persian_izafe_joins_a_name(name: str) -> None:
    # "Mazar-i-Sharif", "Sar-e Pol": the lone "i" or "e" is the name's, not the end of "Kala".
    gz = MemoryGazetteer((
        Place("test:kala", "Kala", 36.0, 67.0, country="AF", population=90_000),
        Place("test:dorn", "Kala-e Dorn", 36.5, 67.5, country="AF", population=40_000, alt_names=("Kala-i-Dorn",)),
    ))
    found = [s for s in find_spans(f"Fighting broke out in {name} on Monday.", gz) if s.clue.is_place]
    assert [s.text for s in found] == [name]


_PELORA_COUNTY = Place("test:pelora-county", "Pelora", 33.8, -84.2, Kind.ADMIN2, country="US", admin1="GA")


@pytest.mark.parametrize("modifier", ["unincorporated", "nearby", "neighbouring", "adjacent"])
def test_a_place_adjective_after_a_preposition_keeps_the_preposition_s_evidence(modifier: str) -> None:
    # "StandUp Pelora" reads as a person's name, so Pelora is a person in this text unless a mention
    # is plainly a place: "in unincorporated Pelora" is "in Pelora".
    text = f"Groups such as StandUp Pelora fought the plan. The land in {modifier} Pelora holds old flats."
    spans = {s.start: s for s in find_spans(text, MemoryGazetteer((_PELORA_COUNTY,)))}
    assert spans[text.rindex("Pelora")].clue.is_place


def test_a_name_the_text_once_calls_a_place_is_that_place_wherever_it_stands() -> None:
    text = ("Medics sealed the village of Quellbrook. The team leader in Quellbrook, Rosa Varr, said "
            "the ward at Quellbrook's clinic was full.")
    found = [(s.start, s.clue.is_place, s.clue.why) for s in find_spans(text, sample_gazetteer())
             if s.text == "Quellbrook"]
    assert [start for start, _, _ in found] == [m.start() for m in re.finditer("Quellbrook", text)]
    assert all(is_place for _, is_place, _ in found)
    assert [why.endswith("called a place elsewhere in the text") for _, _, why in found] == [False, True, True]


@pytest.mark.parametrize(("text", "name"), [
    ("Medics sealed the village of Harmony. Harmony returned to the valley later.", "Harmony"),  # a word
    ("Medics sealed the village of Varr. Nurse Anna Varr said it was quiet, and Varr added more.", "Varr"),
])
def test_a_name_called_a_place_once_stays_what_it_is_elsewhere(text: str, name: str) -> None:
    # An ordinary word, or a person's name in this text, is a place only where the text says so.
    found = [s for s in find_spans(text, sample_gazetteer()) if s.clue.is_place]
    assert [s.start for s in found] == [text.index(name)]


_VARNOK_TOWN = Place("test:varnok-town", "Varnok", 32.5, -93.7, country="US", admin1="LA", population=3_000)


def test_a_preposition_that_ends_the_sentence_before_is_no_evidence_of_place() -> None:
    # 'talk to." Varnok is': "to" closes a quotation, so it says nothing of the name after it, which
    # stays the person "The Rev. Roy Varnok" made it.
    text = 'The Rev. Roy Varnok spoke. "We need someone they can talk to." Varnok is a pastor.'
    found = {s.start: s.clue for s in find_spans(text, MemoryGazetteer((_VARNOK_TOWN,)))}
    assert not found[text.rindex("Varnok")].is_place
    assert not found[text.index("Varnok")].is_place
