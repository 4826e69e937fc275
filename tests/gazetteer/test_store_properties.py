"""Invariants of the store, the rows the writer builds and the embedded builder's helpers, checked with Hypothesis."""

from __future__ import annotations

import gazetteer
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer import Kind, Place
from gazetteer.embedded import representative_point
from gazetteer.home import ENV_VAR, data_home
from gazetteer.store import key_for, row_to_place
from gazetteer.writing import _place_row, merge_places, prior_for

lats = st.floats(min_value=-90, max_value=90, allow_nan=False)
lons = st.floats(min_value=-180, max_value=180, allow_nan=False)
names = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x1f\x00"), min_size=1, max_size=30).filter(
    lambda s: s.strip() != ""
)


@given(st.lists(st.tuples(lats, lons), min_size=1, max_size=40))
def test_representative_point_stays_on_the_globe_and_in_the_latitude_band(points: list[tuple[float, float]]) -> None:
    lat, lon = representative_point([p[0] for p in points], [p[1] for p in points])
    assert -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0
    assert min(p[0] for p in points) - 1e-5 <= lat <= max(p[0] for p in points) + 1e-5  # rounded to 5 places


@given(st.lists(st.tuples(lats, lons), min_size=1, max_size=40))
def test_cell_mode_stays_on_the_globe(points: list[tuple[float, float]]) -> None:
    lat, lon = representative_point([p[0] for p in points], [p[1] for p in points], trim=0.05, cell=0.5)
    assert -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0


@settings(max_examples=60)
@given(
    name=names,
    lat=lats,
    lon=lons,
    alts=st.lists(names, max_size=4),
    kind=st.sampled_from(list(Kind)),
    population=st.integers(min_value=0, max_value=40_000_000),
)
def test_place_rows_round_trip(name: str, lat: float, lon: float, alts: list[str], kind: Kind, population: int) -> None:
    place = Place(id="test:1", name=name, lat=lat, lon=lon, kind=kind, alt_names=tuple(alts), population=population,
                  country="ZZ", admin1="01", source="s")
    row = _place_row(place, "s")
    back = row_to_place((*row[:1], "s", *row[2:16]))
    assert back == place
    assert 0.0 <= prior_for(place) <= 1.0


@given(names)
def test_keys_are_never_empty_for_names_with_letters(name: str) -> None:
    key = key_for(name)
    if any(ch.isalpha() for ch in name):
        assert key != ""
    assert key == key_for(name)  # pure


def test_merge_keeps_latin_name_and_fills_gaps() -> None:
    old = Place("geonames:1", "Deir ez-Zor", 35.33, 40.14, population=240_000, admin1="07", admin1_name="Dayr az Zawr")
    new = Place("geonames:1", "دير الزور", 35.34, 40.15, alt_names=("Dayr az Zawr",))
    merged = merge_places(new, old)
    assert merged.name == "Deir ez-Zor"
    assert "دير الزور" in merged.alt_names and "Dayr az Zawr" in merged.alt_names
    assert (merged.lat, merged.lon) == (35.34, 40.15)
    assert merged.population == 240_000 and merged.admin1_name == "Dayr az Zawr"


def test_data_home_lookup_order(monkeypatch: object, tmp_path: object) -> None:
    mp = monkeypatch  # type: ignore[assignment]
    mp.setenv(ENV_VAR, str(tmp_path))  # type: ignore[attr-defined]
    assert data_home() == tmp_path
    assert data_home(tmp_path / "x") == tmp_path / "x"  # type: ignore[operator]
    mp.delenv(ENV_VAR)  # type: ignore[attr-defined]
    assert data_home().name == "geomap"


def test_public_names_are_sorted_and_exported() -> None:
    assert gazetteer.__all__ == sorted(gazetteer.__all__)
    for name in gazetteer.__all__:
        assert hasattr(gazetteer, name), name


def test_docstring_examples_run() -> None:
    import doctest

    import gazetteer.embedded
    import gazetteer.gazetteer
    import gazetteer.importers.geonames
    import gazetteer.importing

    for module in (gazetteer.embedded, gazetteer.gazetteer, gazetteer.importers.geonames, gazetteer.importing):
        result = doctest.testmod(module)
        assert result.failed == 0, module.__name__
    assert doctest.testmod(gazetteer.embedded).attempted >= 2
