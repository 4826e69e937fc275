"""Grouping reports into events: duplicates, same happenings, dates, summaries, locations."""

from __future__ import annotations

import datetime as dt
import doctest
import math
import random
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer import Kind, Place
from geomap import story
from geomap.events import event_id, group_events
from geomap.model import Document, EventLocation, Mention, ParsedDocument, Precision, Role
from geomap.story import event_date, summarize

# Named sample places (house style 15); coordinates are public facts.
BAGHOUZ = Place(id="custom:baghouz", name="Baghouz", lat=34.461, lon=40.949, country="SY")
MOSUL = Place(id="geonames:99072", name="Mosul", lat=36.335, lon=43.11889, country="IQ")
HAMMAM_AL_ALIL = Place(id="geonames:98860", name="Hammam al-Alil", lat=36.1581, lon=43.2594, country="IQ")  # ~23 km
BASRA = Place(id="geonames:99532", name="Basra", lat=30.50852, lon=47.7804, country="IQ")
IRAQ = Place(id="geonames:99237", name="Iraq", lat=33.0, lon=44.0, kind=Kind.COUNTRY, country="IQ")
FIJI_EAST = Place(id="custom:east", name="East of the line", lat=-17.0, lon=179.9)
FIJI_WEST = Place(id="custom:west", name="West of the line", lat=-17.0, lon=-179.9)  # ~21 km away

FLOOD_A = (
    "Floods sweep Mosul\n\nMOSUL, Iraq (Wire) — Flash floods tore through the old city of Mosul on Tuesday after "
    "a night of torrential rain, sweeping cars into the Tigris and leaving hundreds of families homeless, "
    "civil defence officials said. Rescue boats pulled residents from rooftops in the Zanjili district while "
    "the governor ordered schools closed. Engineers warned the Mosul Dam spillway was running high."
)
FLOOD_B = (
    "Rescue boats in flooded Mosul\n\nRescuers in boats plucked stranded residents from rooftops in Mosul's "
    "Zanjili district on Wednesday, a day after flash floods and torrential rain swamped the old city. "
    "Civil defence officials said hundreds of families were homeless and the governor kept schools closed "
    "as engineers watched the Mosul Dam spillway and the swollen Tigris."
)
FOOTBALL = (
    "Mosul club wins derby\n\nMOSUL, Iraq (Wire) — Nineveh Football Club beat its city rivals two goals to one "
    "on Tuesday in a league match watched by a capacity crowd, the striker scoring a late winner from a "
    "header as supporters lit flares in the stands and the coach praised his young squad."
)
WIRE = (
    "Militants call for attacks as siege tightens\n\nBAGHOUZ, Syria (Wire) — Surrounded by Kurdish-led forces in "
    "their final pocket of land, militants released an audio message on Tuesday urging supporters abroad to "
    "strike back, as artillery pounded tents along the river bank. Commanders said dozens of fighters had "
    "surrendered overnight and that women and children were still leaving the village on foot, while aid "
    "workers at a screening point north of the village counted new arrivals through the night."
)
WIRE_REPRINT = WIRE.replace("Militants call for attacks as siege tightens", "Siege: militants urge attacks").replace(
    "on foot", "on foot across the fields"
)


def parsed(
    doc_id: str,
    text: str,
    *,
    place: Place | None = None,
    published: dt.date | None = None,
    confidence: float = 0.8,
    precision: Precision = Precision.POINT,
    title: str | None = None,
) -> ParsedDocument:
    """A hand-made parse: the event place is named by its first occurrence in the text."""
    mentions: list[Mention] = []
    location = None
    if place is not None:
        at = text.find(place.name)
        if at >= 0:
            mentions.append(Mention(text=place.name, start=at, end=at + len(place.name), role=Role.FOCUS,
                                    confidence=confidence, place=place))
        location = EventLocation(place=place, precision=precision, confidence=confidence,
                                 mention=0 if mentions else None)
    first_line = text.split("\n", 1)[0]
    doc = Document(id=doc_id, text=text, title=first_line if title is None else title, published=published)
    return ParsedDocument(document=doc, mentions=tuple(mentions), event=location)


TUE = dt.date(2019, 3, 12)
WED = dt.date(2019, 3, 13)


# ------------------------------------------------------------------------------------------------ grouping


def test_same_story_twice_is_one_event_whatever_the_input_order() -> None:
    docs = [parsed("a", WIRE, place=BAGHOUZ, published=TUE), parsed("b", WIRE_REPRINT, place=BAGHOUZ)]
    forward = group_events(docs)
    backward = group_events(list(reversed(docs)))
    assert forward == backward
    assert len(forward) == 1
    event = forward[0]
    assert sorted(s.id for s in event.sources) == ["a", "b"]
    assert event.id == event_id(["b", "a"])
    # The undated reprint borrows its twin's publication date; "Tuesday" resolves to it.
    assert event.date_start == event.date_end == TUE
    assert event.title == "Militants call for attacks as siege tightens"  # the dated (lead) source's headline
    assert event.summary.startswith("Surrounded by Kurdish-led forces")
    assert event.location is not None and event.location.place == BAGHOUZ
    assert [s.page for s in event.sources] == ["sources/a.html", "sources/b.html"]


def test_reports_of_one_happening_join_even_in_other_words() -> None:
    docs = [parsed("flood-a", FLOOD_A, place=MOSUL, published=TUE),
            parsed("flood-b", FLOOD_B, place=HAMMAM_AL_ALIL, published=WED, confidence=0.6)]
    events = group_events(docs)
    assert len(events) == 1
    event = events[0]
    assert (event.date_start, event.date_end) == (TUE, WED)
    assert event.location is not None and event.location.place == MOSUL  # the more confident member
    assert event.location.confidence == pytest.approx(0.8)


def test_same_happening_needs_place_time_and_content_to_agree() -> None:
    flood_a = parsed("flood-a", FLOOD_A, place=MOSUL, published=TUE)
    assert len(group_events([flood_a, parsed("flood-b", FLOOD_B, place=BASRA, published=WED)])) == 2
    assert len(group_events([flood_a, parsed("flood-b", FLOOD_B, place=MOSUL, published=WED)], max_days=0)) == 2
    assert len(group_events([flood_a, parsed("flood-b", FLOOD_B, place=HAMMAM_AL_ALIL, published=WED)],
                            max_km=10)) == 2
    # Same city, same day, different story.
    assert len(group_events([flood_a, parsed("derby", FOOTBALL, place=MOSUL, published=TUE)])) == 2


def test_country_level_locations_need_the_same_place_and_more_overlap() -> None:
    a = parsed("a", FLOOD_A, place=IRAQ, published=TUE, precision=Precision.COUNTRY)
    b = parsed("b", FOOTBALL, place=IRAQ, published=TUE, precision=Precision.COUNTRY)
    assert len(group_events([a, b])) == 2


def test_nearby_places_across_the_antimeridian_are_near() -> None:
    text_a = "Storm hits islands\n\n" + FLOOD_A.split("\n\n", 1)[1].replace("Mosul", "East of the line")
    text_b = "Storm aftermath\n\n" + FLOOD_B.split("\n\n", 1)[1].replace("Mosul", "West of the line")
    docs = [parsed("a", text_a, place=FIJI_EAST, published=TUE), parsed("b", text_b, place=FIJI_WEST, published=WED)]
    assert len(group_events(docs)) == 1


def test_undated_reports_never_join_by_place_alone() -> None:
    docs = [parsed("flood-a", FLOOD_A, place=MOSUL), parsed("flood-b", FLOOD_B, place=MOSUL)]
    events = group_events(docs)
    assert len(events) == 2
    assert all(e.date_start is None for e in events)


def test_every_mention_is_listed_with_its_source() -> None:
    text = "Siege goes on\n\nFighting in Baghouz went on through the night, commanders said today."
    events = group_events([parsed("a", text, place=BAGHOUZ, published=TUE)])
    assert events[0].mentions == (
        {"text": "Baghouz", "role": "focus", "place": BAGHOUZ.to_dict(), "source": "a"},
    )


def test_reports_without_location_still_make_an_event() -> None:
    events = group_events([parsed("x", "Untitled\n\nSomething happened somewhere, officials said today.",
                                  published=TUE)])
    assert len(events) == 1
    assert events[0].location is None
    assert events[0].date_start == TUE


def test_duplicate_ids_and_bad_options_are_refused() -> None:
    doc = parsed("a", WIRE, place=BAGHOUZ)
    with pytest.raises(ValueError, match="'a' appears twice"):
        group_events([doc, doc])
    with pytest.raises(ValueError, match="max_km"):
        group_events([doc], max_km=0)
    with pytest.raises(ValueError, match="max_days"):
        group_events([doc], max_days=-1)


def test_events_are_sorted_by_date_with_undated_last() -> None:
    docs = [parsed("late", FOOTBALL, place=MOSUL, published=dt.date(2020, 1, 7)),
            parsed("undated", WIRE, place=BAGHOUZ),
            parsed("early", FLOOD_A, place=MOSUL, published=TUE)]
    assert [e.sources[0].id for e in group_events(docs)] == ["early", "late", "undated"]


WORDS = "river market bridge storm police convoy harvest council strike fire clinic port train school".split()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(WORDS), min_size=0, max_size=40),
                          st.one_of(st.none(), st.dates(dt.date(2019, 1, 1), dt.date(2019, 1, 20))),
                          st.sampled_from([None, MOSUL, HAMMAM_AL_ALIL, BASRA])),
                max_size=12))
def test_every_report_ends_in_exactly_one_event(items: list[tuple[list[str], dt.date | None, Place | None]]) -> None:
    docs = [parsed(f"d{i}", "Title\n\n" + " ".join(words) + ".", place=place, published=day)
            for i, (words, day, place) in enumerate(items)]
    events = group_events(docs)
    ids = [s.id for e in events for s in e.sources]
    assert sorted(ids) == sorted(d.document.id for d in docs)
    for e in events:
        assert e.id == event_id(s.id for s in e.sources)
        if e.date_start is not None:
            assert e.date_end is not None and e.date_start <= e.date_end


def test_grouping_scales_without_comparing_all_pairs() -> None:
    """2,000 reports (many near-duplicates, many at one place) group in well under the all-pairs time."""
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(3000)]
    stories = [" ".join(rng.choice(vocab) for _ in range(120)) for _ in range(700)]
    docs = []
    for i in range(2000):
        body = stories[i % 700]
        if i >= 700:  # a reprint with a changed word
            words = body.split()
            words[rng.randrange(len(words))] = "edited"
            body = " ".join(words)
        place = MOSUL if i % 3 else BASRA
        docs.append(parsed(f"d{i:04d}", f"Headline {i}\n\n{place.name} {body}.", place=place,
                           published=dt.date(2019, 3, 1) + dt.timedelta(days=i % 30)))
    started = time.perf_counter()
    events = group_events(docs)
    elapsed = time.perf_counter() - started
    assert len(events) == 700  # every reprint found its original, and no two stories merged
    assert elapsed < 20.0, f"grouping 2,000 reports took {elapsed:.1f} s"


# --------------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Troops advanced on Tuesday into the village of Baghouz.", dt.date(2019, 3, 12)),
        ("Troops advanced into Baghouz on Wednesday, officials said.", dt.date(2019, 3, 13)),
        ("Troops advanced late Sunday into Baghouz.", dt.date(2019, 3, 10)),
        ("Troops advanced into Baghouz yesterday.", dt.date(2019, 3, 12)),
        ("Troops advanced into Baghouz last night.", dt.date(2019, 3, 12)),
        ("Troops advanced into Baghouz today.", dt.date(2019, 3, 13)),
        ("Troops advanced into Baghouz on March 9, officials said.", dt.date(2019, 3, 9)),
        ("Troops advanced into Baghouz on 11 March 2019.", dt.date(2019, 3, 11)),
        ("Troops advanced into Baghouz on December 30.", dt.date(2018, 12, 30)),
        ("Talks on Baghouz will resume next Friday.", dt.date(2019, 3, 13)),
        ("Troops advanced into Baghouz, officials said.", dt.date(2019, 3, 13)),
    ],
)
def test_event_date_resolves_against_publication(sentence: str, expected: dt.date) -> None:
    text = f"Headline\n\nBAGHOUZ, Syria (Wire) — {sentence} More fighting was expected in the area."
    assert event_date(parsed("a", text, place=BAGHOUZ, published=WED)) == expected


def test_event_date_prefers_the_word_nearest_the_event_place() -> None:
    text = ("Headline\n\nBEIRUT (Wire) — Officials said on Monday that forces had taken Baghouz on Sunday, "
            "ending the siege.")
    doc = parsed("a", text, place=BAGHOUZ, published=WED)
    assert event_date(doc) == dt.date(2019, 3, 10)


def test_event_date_skips_captions_before_the_story() -> None:
    text = ("Headline\n\nSmoke rises over the village, Friday, March 8, 2019. (Wire Photo/Staff)\n\n"
            "BAGHOUZ, Syria (Wire) — Fighting resumed in Baghouz, commanders said, as families fled on Tuesday.")
    assert event_date(parsed("a", text, place=BAGHOUZ, published=WED)) == TUE


def test_event_date_without_publication_date_needs_a_full_date() -> None:
    assert event_date(parsed("a", "H\n\nBAGHOUZ (Wire) — Fighting in Baghouz on Tuesday killed many.",
                             place=BAGHOUZ)) is None
    assert event_date(parsed("a", "H\n\nBAGHOUZ (Wire) — Fighting in Baghouz on March 12, 2019 killed many.",
                             place=BAGHOUZ)) == TUE


# ------------------------------------------------------------------------------------------------ summaries


def test_summary_drops_the_dateline_and_fits_the_limit() -> None:
    text = ("Quake\n\nCHRISTCHURCH, New Zealand (Wire) — A strong earthquake shook the city early on Sunday. "
            "No deaths were reported. " + "Officials urged calm and checked bridges. " * 20)
    summary = summarize(text, title="Quake")
    assert summary.startswith("A strong earthquake shook the city early on Sunday. No deaths were reported.")
    assert len(summary) <= 300
    assert "CHRISTCHURCH" not in summary


@pytest.mark.parametrize("dateline", ["ERBIL (Kurdistan 24) – ", "BAGHOUZ, SYRIA - ", "BEIRUT, March 23 (Wire) — ",
                                      "AL-OMAR OIL FIELD, Syria (Wire) -- ", "ERBIL (Wire) \x97 "])
def test_summary_drops_dateline_forms(dateline: str) -> None:
    text = f"Title\n\n{dateline}Kurdish-led forces said on Saturday they had taken the last village held by militants."
    assert summarize(text, title="Title").startswith("Kurdish-led forces said")


def test_summary_does_not_split_at_abbreviations_and_cuts_long_sentences() -> None:
    text = "T\n\nU.S. officials met Gen. Smith in the city. They talked for hours about the plans."
    assert summarize(text, title="T", limit=45) == "U.S. officials met Gen. Smith in the city."
    long = "T\n\n" + "word " * 200 + "end."
    cut = summarize(long, title="T")
    assert len(cut) <= 300 and cut.endswith("…")


# ------------------------------------------------------------------------------------------ seeds end to end


def test_seed_articles_group_into_the_expected_events(shared_dir: Path, request: pytest.FixtureRequest) -> None:
    from geomap.parse import parse

    from geomap import ingest

    packs_gazetteer = request.getfixturevalue("packs_gazetteer")
    docs = [d for d in ingest.iter_documents([shared_dir / "seeds"]) if isinstance(d, Document)]
    assert len(docs) == 3
    parsed_docs = [parse(d, gazetteer=packs_gazetteer) for d in docs]
    events = group_events(parsed_docs)
    by_sources = {tuple(sorted(Path(s.path or s.id).name for s in e.sources)): e for e in events}
    assert set(by_sources) == {("000_d89d175043566731.txt", "001_1d320a6ac0f990c6.txt"), ("002_3dc9e21d550bcb1a.txt",)}
    twin = by_sources[("000_d89d175043566731.txt", "001_1d320a6ac0f990c6.txt")]
    assert twin.date_start == twin.date_end == dt.date(2019, 3, 12)
    assert twin.location is not None
    # Baghouz (Bāghūz Fawqānī), 34.46095, 40.94904, within 15 km (seeds-gold.json tolerance).
    assert _km(twin.location.place.lat, twin.location.place.lon, 34.46095, 40.94904) < 15
    # A single-report event carries its report's location unchanged (whether the parser got it right is
    # the geoparser's test).
    single = by_sources[("002_3dc9e21d550bcb1a.txt",)]
    lone = next(p for p in parsed_docs if p.document.id == single.sources[0].id)
    assert single.location == (replace(lone.event, mention=None) if lone.event else None)
    assert single.date_start is None  # no publication date, and "Monday" alone cannot be resolved


def test_story_examples_run() -> None:
    result = doctest.testmod(story)
    assert result.attempted >= 2 and result.failed == 0


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))
