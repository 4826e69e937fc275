"""Importing into a small index (no embedded default): atomicity, replacement, removal, registry."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from gazetteer import (
    DataNotFoundError,
    Gazetteer,
    ImportFormatError,
    Kind,
    Match,
    PlaceNotFoundError,
    UnknownSourceError,
    import_paths,
    list_sources,
    remove_source,
)
from gazetteer.home import index_path
from gazetteer.importing import UnknownFormatError, detect_format, get_reader
from gazetteer.writing import Writer

from .synthetic import ROWS, geonames_row, write_gz, write_txt, write_zip


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def small_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    import_paths([write_txt(tmp_path / "ZZ.txt")], home=home)
    return home


def test_open_without_build_needs_an_index(tmp_path: Path) -> None:
    with pytest.raises(DataNotFoundError, match="geomap gazetteer build"):
        Gazetteer.open(tmp_path / "empty", build=False)


def test_import_then_search(small_home: Path) -> None:
    with Gazetteer.open(small_home, build=False) as gz:
        exact = gz.search("Qaryat Zed")
        assert exact[0].place.id == "geonames:9000001" and exact[0].match is Match.EXACT
        alias = gz.search("Zedville")
        assert alias[0].place.id == "geonames:9000001" and alias[0].match is Match.ALIAS
        norm = gz.search("Tal Hamam")  # 'Tall Ḩamām' / 'Tell Hamam' fold to the same key
        assert norm[0].place.id == "wof:123456"
        assert gz.search("Wadi Testa", kinds=["river"])[0].place.kind is Kind.RIVER
        assert gz.search("Wadi Testa", kinds=[Kind.LAKE]) == []
        assert gz.search("Big Zed", country="zz")[0].place.id == "geonames:9000004"
        assert gz.search("Big Zed", country="SY") == []
        assert all(0.0 <= c.score <= 1.0 for c in gz.search("Zed"))


def test_sources_are_recorded(small_home: Path, tmp_path: Path) -> None:
    (info,) = list_sources(small_home)
    assert info.name == "geonames-ZZ"
    assert info.format == "geonames"
    assert info.files == ("ZZ.txt",)
    assert info.count == len(ROWS)
    assert info.checksum == _sha(tmp_path / "ZZ.txt")
    assert "GeoNames" in info.attribution
    assert info.imported_at.endswith("+00:00")


def test_reimport_unchanged_is_a_no_op(small_home: Path, tmp_path: Path) -> None:
    before = list_sources(small_home)
    db_before = _sha(index_path(small_home))
    again = import_paths([tmp_path / "ZZ.txt"], home=small_home)
    assert again == before
    assert _sha(index_path(small_home)) == db_before


def test_bad_file_leaves_index_exactly_as_it_was(small_home: Path, tmp_path: Path) -> None:
    db = index_path(small_home)
    db_before = _sha(db)
    good = write_gz(tmp_path / "YY.tsv.gz", [geonames_row("9100001", "Yville", 1.0, 1.0, country="YY")])
    bad = write_txt(tmp_path / "XX.txt", [geonames_row("9200001", "Xville", 2.0, 2.0), "broken\tline"])
    with pytest.raises(ImportFormatError) as info:
        import_paths([good, bad], home=small_home)
    assert info.value.line == 2 and "XX.txt" in str(info.value)
    assert _sha(db) == db_before
    assert [s.name for s in list_sources(small_home)] == ["geonames-ZZ"]
    with Gazetteer.open(small_home, build=False) as gz:
        assert gz.search("Yville") == []


def test_truncated_zip_leaves_index_unchanged(small_home: Path, tmp_path: Path) -> None:
    full = write_zip(tmp_path / "full.zip", ROWS * 300)
    cut = tmp_path / "QQ.zip"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size * 2 // 3])
    db_before = _sha(index_path(small_home))
    with pytest.raises(ImportFormatError):
        import_paths([cut], home=small_home)
    assert _sha(index_path(small_home)) == db_before


def test_failed_first_import_creates_no_index(tmp_path: Path) -> None:
    bad = write_txt(tmp_path / "XX.txt", ["not\tenough"])
    home = tmp_path / "fresh"
    with pytest.raises(ImportFormatError):
        import_paths([bad], home=home)
    assert not index_path(home).exists()
    assert list(home.iterdir()) == []


def test_same_id_is_replaced_and_restored_on_remove(small_home: Path, tmp_path: Path) -> None:
    newer = write_txt(
        tmp_path / "fix.txt",
        [geonames_row("9000001", "قرية زد", 10.51, 20.52, alts=("Zed Nova",), population="")],
    )
    import_paths([newer], home=small_home, source="fixes")
    with Gazetteer.open(small_home, build=False) as gz:
        place = gz.get("geonames:9000001")
        assert place.source == "fixes"
        assert place.lat == pytest.approx(10.51, abs=1e-9)  # the newer row's point wins
        assert place.name == "Qaryat Zed"  # ...but a Latin name is kept over a non-Latin one
        assert place.population == 1200  # ...and what it lacked is inherited
        assert gz.search("Zed Nova")[0].place.id == "geonames:9000001"
        assert gz.search("Zedville")[0].place.source == "fixes"  # old names find the new row
        assert len(gz.search("Qaryat Zed")) == 1  # one active row per id
    remove_source("fixes", home=small_home)
    with Gazetteer.open(small_home, build=False) as gz:
        place = gz.get("geonames:9000001")
        assert place.source == "geonames-ZZ"
        assert place.lat == pytest.approx(10.5, abs=1e-9)
        assert gz.search("Zed Nova") == []


def test_remove_unknown_source_lists_valid_ones(small_home: Path) -> None:
    with pytest.raises(UnknownSourceError) as info:
        remove_source("nope", home=small_home)
    assert "geonames-ZZ" in str(info.value) and "'nope'" in str(info.value)
    assert isinstance(info.value, KeyError)


def test_remove_then_get_fails(small_home: Path) -> None:
    remove_source("geonames-ZZ", home=small_home)
    with Gazetteer.open(small_home, build=False) as gz:
        with pytest.raises(PlaceNotFoundError, match="9000001"):
            gz.get("geonames:9000001")
        assert gz.search("Qaryat Zed") == []
        assert not gz.has_key("karyat zed")


def test_detect_format() -> None:
    assert detect_format("SY.txt") == "geonames"
    assert detect_format("SY.tsv.gz") == "geonames"
    assert detect_format("allCountries.zip") == "geonames"
    assert detect_format("ne_10m_rivers.geojson") == "naturalearth"
    assert detect_format("x.json.gz") == "naturalearth"
    assert detect_format("rivers.shp") == "naturalearth"
    assert detect_format("mine.csv") == "custom"
    with pytest.raises(ImportFormatError, match="--format"):
        detect_format("notes.docx")


def test_unknown_format_lists_choices() -> None:
    with pytest.raises(UnknownFormatError) as info:
        get_reader("kml")
    message = str(info.value)
    assert "'kml'" in message and "geonames" in message and "naturalearth" in message


def test_explicit_format_overrides_detection(tmp_path: Path) -> None:
    odd = tmp_path / "places.dat"
    write_txt(odd)
    with pytest.raises(ImportFormatError):
        import_paths([odd], home=tmp_path / "h")
    (info,) = import_paths([odd], home=tmp_path / "h", fmt="geonames", source="odd")
    assert info.name == "odd" and info.count == len(ROWS)


def test_blocked_names_never_resolve(small_home: Path) -> None:
    with Writer(index_path(small_home)) as writer:
        writer.add_blocked("blocks", ["Big Zed"])
        writer.add_aliases("blocks", [("geonames:9000001", "Old Zed")])
    with Gazetteer.open(small_home, build=False) as gz:
        assert gz.is_blocked("BIG ZED")
        assert gz.search("Big Zed") == []
        assert gz.lookup_key("big zed") == []
        assert gz.search("Old Zed")[0].place.id == "geonames:9000001"
        assert gz.search("Old Zed")[0].match is Match.ALIAS


def test_lookup_key_and_has_key(small_home: Path) -> None:
    from gazetteer.normalize import normalize_name

    with Gazetteer.open(small_home, build=False) as gz:
        key = normalize_name("Qaryat Zed")
        assert gz.has_key(key)
        assert not gz.has_key("no such key at all")
        cands = gz.lookup_key(key)
        assert [c.place.id for c in cands] == ["geonames:9000001"]
        assert cands[0].match is Match.NORMALISED
        assert gz.lookup_key(key, text="Qaryat Zed")[0].match is Match.EXACT
        assert set(gz.keys()) >= {key, normalize_name("Zedville")}


def test_remembered_answers_match_fresh_ones(small_home: Path) -> None:
    from gazetteer.normalize import normalize_name

    with Gazetteer.open(small_home, build=False) as gz:
        key = normalize_name("Qaryat Zed")
        keys = [key, "no such key at all", key, normalize_name("Zedville")]
        assert gz.has_keys(keys) == [True, False, True, True]
        assert gz.has_keys(keys[::-1]) == [True, True, False, True]  # now answered from memory
        first = gz.lookup_key(key, text="Qaryat Zed")
        first.clear()  # the caller's list is its own: the remembered answer is untouched
        again = gz.lookup_key(key, text="Qaryat Zed")
        assert [(c.place.id, c.match) for c in again] == [("geonames:9000001", Match.EXACT)]
        assert gz.lookup_key(key, text="QARYAT-ZED")[0].match is Match.NORMALISED


def test_prefetched_answers_match_one_by_one_lookups(small_home: Path) -> None:
    from gazetteer.normalize import normalize_name

    keys = [normalize_name(n) for n in ("Qaryat Zed", "Zedville", "Zed Village", "Big Zed")] + ["no such key"]
    with Writer(index_path(small_home)) as writer:
        writer.add_blocked("blocks", ["Big Zed"])
    with Gazetteer.open(small_home, build=False) as one_by_one:
        expected = [one_by_one.lookup_key(k, text="Zedville") for k in keys]
    with Gazetteer.open(small_home, build=False) as gz:
        gz.prefetch(keys + keys[:2])
        got = [gz.lookup_key(k, text="Zedville") for k in keys]
    assert got == expected
    assert [len(c) for c in got] == [1, 1, 1, 0, 0]
    assert got[0][0].place is got[1][0].place  # one place reached by two keys is read and kept once
    assert got[1][0].match is Match.ALIAS


def test_has_key_works_without_side_file(small_home: Path) -> None:
    from gazetteer.normalize import normalize_name

    (small_home / "gazetteer.keys").unlink()
    with Gazetteer.open(small_home, build=False) as gz:
        assert gz.has_key(normalize_name("Zedville"))


def test_queries_never_write(small_home: Path) -> None:
    db = index_path(small_home)
    before = _sha(db)
    with Gazetteer.open(small_home, build=False) as gz:
        gz.search("Zed")
        with pytest.raises(Exception, match="readonly|read-only|query_only"):
            gz._conn.execute("DELETE FROM places")
    assert _sha(db) == before


def test_fuzzy_only_when_nothing_better(small_home: Path) -> None:
    with Gazetteer.open(small_home, build=False) as gz:
        fuzzy = gz.search("Zedvime")  # one letter wrong
        assert fuzzy and fuzzy[0].match is Match.FUZZY and fuzzy[0].place.id == "geonames:9000001"
        assert fuzzy[0].score < gz.search("Zedville")[0].score
        assert gz.search("Zedvxyzq") == []  # too far
        assert gz.search("Zedx") == []  # too short to guess at


def test_nearest_and_contains_by_codes(small_home: Path) -> None:
    with Gazetteer.open(small_home, build=False) as gz:
        assert gz.nearest(10.49, 20.49).id == "geonames:9000001"
        assert gz.nearest(10.49, 20.49, kinds=["river"]).id == "geonames:9000002"
        assert gz.nearest(-60.0, -120.0) is not None  # far away still finds something
        assert gz.contains("geonames:9000003", 10.49, 20.49)  # nearest town has admin1 01
        with pytest.raises(ValueError, match="outside"):
            gz.nearest(91.0, 0.0)


def test_stats(small_home: Path) -> None:
    with Gazetteer.open(small_home, build=False) as gz:
        st = gz.stats()
    assert st["places"] == len(ROWS)
    assert st["by_kind"]["populated_place"] == 3
    assert st["size_bytes"] > 0 and st["sources"] == 1


# Invented: a town with an airport's code among its names, one whose names meet a query one letter
# for letter ("Korvan Governorate") and through a respelling ("Qurvan"), and an island whose own name
# a source writes in capitals.
_CODED_ROWS = [
    geonames_row("9000010", "Varnok", 11.5, 21.5, alts=("VOH",), population="2500000"),
    geonames_row("9000011", "Qurvan", 12.0, 22.0, alts=("Korvan Governorate",), population="30000"),
    geonames_row("9000012", "PELT", 12.5, 22.5, fclass="T", fcode="ISL"),
]


@pytest.fixture
def coded_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    import_paths([write_txt(tmp_path / "ZZ.txt", ROWS + _CODED_ROWS)], home=home)
    return home


def test_a_code_matches_only_as_written(coded_home: Path) -> None:
    with Gazetteer.open(coded_home, build=False) as gz:
        found = gz.search("VOH")
        assert found[0].place.id == "geonames:9000010" and found[0].match is Match.ALIAS
        assert [c.place.id for c in gz.lookup_key("vu", text="VOH")] == ["geonames:9000010"]
        # "Voh" is the code in other letters, and "Vow" shares its key ("vu") through the spelling
        # folds: neither is a way to write it.
        for written in ("Voh", "Vow"):
            assert gz.search(written) == [], written
            assert gz.lookup_key("vu", text=written) == [], written
        # A place's own name is no code, in whatever capitals a source writes it.
        assert [c.place.id for c in gz.search("Pelt")] == ["geonames:9000012"]


def test_a_normalised_match_names_the_name_met_letter_for_letter(coded_home: Path) -> None:
    with Gazetteer.open(coded_home, build=False) as gz:
        found = gz.search("Korvan")
    assert found[0].match is Match.NORMALISED and found[0].matched_name == "Korvan Governorate"


def test_the_memory_gazetteer_scores_as_the_index_does(coded_home: Path) -> None:
    from gazetteer import MemoryGazetteer

    with Gazetteer.open(coded_home, build=False) as gz:
        for name in ("Qaryat Zed", "Zedville", "Tal Hamam", "Wadi Testa", "VOH", "Korvan", "Pelt"):
            indexed = gz.search(name)
            memory = MemoryGazetteer(c.place for c in indexed).search(name)
            assert [(c.place.id, c.match, c.score, c.prior, c.matched_name) for c in memory] == [
                (c.place.id, c.match, c.score, c.prior, c.matched_name) for c in indexed], name
        varnok = gz.get("geonames:9000010")
    assert MemoryGazetteer([varnok]).search("Vow") == MemoryGazetteer([varnok]).search("Voh") == []
