"""A first import into an empty home, then the embedded build: lookups must still use the key index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from gazetteer import Gazetteer, import_paths


@pytest.mark.slow
def test_lookup_uses_the_key_index_after_import_then_build(tmp_path: Path) -> None:
    places = tmp_path / "places.csv"
    places.write_text("name,aliases,lat,lon,kind,country\nZaytuna Camp,Zaytuna,34.5,40.9,populated_place,SY\n")
    home = tmp_path / "home"
    import_paths([places], home=home)
    with Gazetteer.open(home, build=True) as gz:
        assert gz.search("Zaytuna")[0].place.name == "Zaytuna Camp"
        assert gz.search("Paris")[0].place.country == "FR"
    conn = sqlite3.connect(f"file:{home / 'gazetteer.sqlite'}?mode=ro", uri=True)
    plan = " ".join(
        str(row[-1])
        for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT n.name FROM names n JOIN places p ON p.id = n.place_id AND p.active = 1"
            " WHERE n.key = ?",
            ("paris",),
        )
    )
    conn.close()
    # Stale statistics from the one-row import made SQLite scan the whole names table per lookup.
    assert "names_key" in plan, plan
