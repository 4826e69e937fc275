from __future__ import annotations

from gazetteer.borders import neighbours


def test_neighbours_are_the_countries_across_a_land_border() -> None:
    assert neighbours("PS") == {"IL", "EG", "JO"}
    assert "CA" in neighbours("US") and "US" in neighbours("CA")
    assert neighbours("sy") == neighbours("SY")  # codes are read in either case


def test_an_island_an_unknown_code_and_no_country_have_none() -> None:
    assert neighbours("IS") == frozenset()
    assert neighbours("XX") == frozenset()
    assert neighbours("") == frozenset()
