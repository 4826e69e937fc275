"""Tests for the Natural Earth reader: layers, merging, ids, points, errors, shapefiles, real files."""

from __future__ import annotations

import gzip
import json
import math
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiLineString, MultiPolygon, Point, Polygon

from gazetteer.exc import ImportFormatError
from gazetteer.importers import naturalearth as ne
from gazetteer.place import Kind, Place

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "naturalearth"
BAGHOUZ = (34.46095, 40.94904)  # (lat, lon), GeoNames 171943


def places_of(name: str, **kwargs: object) -> dict[str, Place]:
    batch = ne.read(FIXTURES / name, **kwargs)  # type: ignore[arg-type]
    places = list(batch.places)
    by_id = {p.id: p for p in places}
    assert len(by_id) == len(places), "ids must be unique within one file"
    return by_id


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def km_from_geometry(place: Place, lat: float, lon: float) -> float:
    """Great-circle distance from (lat, lon) to the nearest point of the place's geometry."""
    from shapely.ops import nearest_points

    assert place.geometry is not None
    nearest = nearest_points(place.geometry, Point(lon, lat))[0]
    return haversine_km((lat, lon), (nearest.y, nearest.x))


# --------------------------------------------------------------------------- rivers


def test_river_pieces_that_touch_merge_into_one_multilinestring() -> None:
    rivers = places_of("ne_10m_rivers_lake_centerlines.geojson")
    merged = [p for p in rivers.values() if p.name == "Testriver" and p.lon > 0]
    assert len(merged) == 1
    river = merged[0]
    assert river.kind is Kind.RIVER
    assert isinstance(river.geometry, MultiLineString)
    assert len(river.geometry.geoms) == 2
    # The representative point lies on the line (midpoint of the merged course), not at a bbox centre.
    assert river.geometry.distance(Point(river.lon, river.lat)) < 1e-9
    assert 10.0 <= river.lon <= 12.0 and 49.5 <= river.lat <= 50.2
    assert "Test Flow" in river.alt_names
    assert river.source == "naturalearth-rivers"


def test_namesake_rivers_far_apart_stay_separate_places() -> None:
    rivers = places_of("ne_10m_rivers_lake_centerlines.geojson")
    testrivers = sorted((p for p in rivers.values() if p.name == "Testriver"), key=lambda p: p.lon)
    assert len(testrivers) == 2
    assert testrivers[0].lat == pytest.approx(-30.25, abs=1e-6)
    assert testrivers[0].id != testrivers[1].id


def test_river_and_lake_centerline_with_one_rivernum_merge_and_keep_alt_names() -> None:
    rivers = places_of("ne_10m_rivers_lake_centerlines.geojson")
    sample = [p for p in rivers.values() if p.name == "Nahr Sample"]
    assert len(sample) == 1
    assert sample[0].id == "ne:river:nahr-sample-12"
    assert {"Sample River", "Sampla", "Samplus"} <= set(sample[0].alt_names)
    assert isinstance(sample[0].geometry, MultiLineString)


def test_nameless_and_geometryless_features_are_skipped() -> None:
    rivers = places_of("ne_10m_rivers_lake_centerlines.geojson")
    assert not any(p.name == "Nowhere" for p in rivers.values())
    assert len(rivers) == 3


# --------------------------------------------------------------------------- areas


def test_lake_parts_that_touch_merge_and_namesakes_get_distinct_ids() -> None:
    lakes = places_of("ne_10m_lakes.geojson")
    twopart = lakes["ne:lake:lake-twopart"]
    assert isinstance(twopart.geometry, MultiPolygon)
    # Centre of the largest part (both are equal here): inside the lake, not on its seam.
    assert twopart.lat == pytest.approx(60.5, abs=1e-6)
    assert twopart.geometry.contains(Point(twopart.lon, twopart.lat))
    # name_alt is a comma-separated list in the lakes layer.
    assert {"Twopart Water", "Big Pond"} <= set(twopart.alt_names)
    assert {"ne:lake:trout-pond", "ne:lake:trout-pond-2"} <= set(lakes)
    assert all(p.kind is Kind.LAKE for p in lakes.values())


def test_region_kinds_follow_featurecla() -> None:
    regions = {p.name: p for p in places_of("ne_10m_geography_regions_polys.geojson").values()}
    assert regions["Isle of Tests"].kind is Kind.ISLAND
    assert regions["Sample Mountains"].kind is Kind.MOUNTAIN  # shouted name shown in title case
    assert "SAMPLE MOUNTAINS" in regions["Sample Mountains"].alt_names
    assert "Jabal Sample" in regions["Sample Mountains"].alt_names
    assert regions["Sample Desert"].kind is Kind.REGION
    assert regions["Gulf of Tests"].kind is Kind.SEA
    desert = regions["Sample Desert"]
    assert (desert.lat, desert.lon) == pytest.approx((31.0, 41.0), abs=1e-6)


# --------------------------------------------------------------------------- admin areas, countries, places


def test_admin1_uses_geonames_id_keeps_polygon_and_pipe_separated_alt_names() -> None:
    areas = places_of("ne_10m_admin_1_states_provinces.geojson")
    sample = areas["geonames:9000001"]
    assert sample.kind is Kind.ADMIN1 and sample.country == "SY" and sample.admin1 == "99"
    assert isinstance(sample.geometry, Polygon)
    assert (sample.lat, sample.lon) == (35.5, 39.5)  # the layer's own label point
    assert {"Sampelstan", "Al Sample", "Muhafazat Samplestan"} <= set(sample.alt_names)
    assert "Syria" not in sample.alt_names  # 'admin' is the country's name, not the area's
    assert "Samplestan" not in sample.alt_names  # the primary name is not repeated


def test_admin1_without_geonames_id_gets_ne_id_and_point_in_largest_polygon() -> None:
    areas = places_of("ne_10m_admin_1_states_provinces.geojson")
    noid = areas["ne:admin1:XSY-2"]
    assert (noid.lat, noid.lon) == pytest.approx((33.5, 36.5), abs=1e-6)
    # The appended country outline (only name/iso) is not an admin-1 area.
    assert set(areas) == {"geonames:9000001", "ne:admin1:XSY-2"}


def test_admin1_label_points_keep_the_main_point_per_area() -> None:
    labels = places_of("ne_10m_admin_1_label_points.geojson")
    assert list(labels) == ["ne:admin1:XSY-2"]
    assert (labels["ne:admin1:XSY-2"].lat, labels["ne:admin1:XSY-2"].lon) == (33.5, 36.5)


def test_countries_with_iso_a2_minus_99_are_identified_by_alpha3() -> None:
    countries = places_of("ne_50m_admin_0_countries.geojson")
    norway = next(p for p in countries.values() if p.name == "Norway")
    assert norway.country == "NO"
    assert norway.id.startswith("geonames:")  # merged with the GeoNames country row
    assert "Kingdom of Norway" in norway.alt_names
    # Centre of the mainland polygon, not of the bbox that includes the Arctic island.
    assert (norway.lat, norway.lon) == pytest.approx((61.0, 8.5), abs=1e-6)
    made_up = next(p for p in countries.values() if p.name == "Imaginaria")
    assert made_up.id == "ne:country:IMG"
    assert (made_up.lat, made_up.lon) == (2.5, 1.5)  # LABEL_Y, LABEL_X
    assert made_up.population == 12


def test_populated_places_ids_population_and_capital_code() -> None:
    places = places_of("ne_10m_populated_places.geojson")
    capital = places["geonames:9000002"]
    assert capital.kind is Kind.POPULATED_PLACE and capital.feature_code == "PPLC"
    assert capital.population == 120000 and capital.country == "SY" and capital.admin1_name == "Samplestan"
    assert {"Sampol", "Samplopole"} <= set(capital.alt_names)
    assert (capital.lat, capital.lon) == (35.2, 39.2)
    assert "wof:421000001" in places
    assert "ne:place:bare-town-iq" in places


def test_populated_places_class_names_a_capital_where_the_code_says_only_ppl() -> None:
    places = places_of("ne_10m_populated_places.geojson")
    assert places["geonames:9000003"].feature_code == "PPLA"  # FEATURECLA "Admin-1 capital", FEATURE_CO "PPL"
    assert places["wof:421000001"].feature_code == "PPL"


# --------------------------------------------------------------------------- detection and errors


def test_layer_is_detected_from_properties_when_the_name_says_nothing() -> None:
    batch = ne.read(FIXTURES / "unnamed_layer.geojson")
    assert batch.source == "naturalearth-lakes"
    assert batch.licence == "public domain" and batch.attribution == "Natural Earth"


def test_explicit_layer_overrides_detection_and_bad_layer_lists_choices() -> None:
    batch = ne.read(FIXTURES / "unnamed_layer.geojson", layer="rivers")
    assert [p.kind for p in batch.places] == [Kind.RIVER]
    assert batch.source == "naturalearth-rivers"
    with pytest.raises(ValueError, match="valid layers: rivers, lakes"):
        ne.read(FIXTURES / "unnamed_layer.geojson", layer="oceans")


def test_gzipped_file_reads_like_the_plain_one(tmp_path: Path) -> None:
    packed = tmp_path / "ne_10m_lakes.geojson.gz"
    packed.write_bytes(gzip.compress((FIXTURES / "ne_10m_lakes.geojson").read_bytes()))
    assert [p.id for p in ne.read(packed).places] == list(places_of("ne_10m_lakes.geojson"))


def test_not_a_feature_collection_is_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "ne_10m_lakes.geojson"
    path.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": None}))
    with pytest.raises(ImportFormatError, match="expected a GeoJSON FeatureCollection, found 'Feature'") as err:
        ne.read(path)
    assert err.value.path == str(path)


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "ne_10m_lakes.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [\n  {oops}\n]}')
    with pytest.raises(ImportFormatError, match="not valid JSON") as err:
        ne.read(path)
    assert err.value.line == 3


def test_truncated_gzip_is_a_format_error(tmp_path: Path) -> None:
    data = gzip.compress((FIXTURES / "ne_10m_lakes.geojson").read_bytes())
    path = tmp_path / "ne_10m_lakes.geojson.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFormatError, match="truncated or corrupt"):
        ne.read(path)


def test_unrecognisable_layer_says_how_to_fix(tmp_path: Path) -> None:
    path = tmp_path / "mystery.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"title": "x"}, "geometry": None}]}))
    with pytest.raises(ImportFormatError, match="cannot tell which Natural Earth layer"):
        ne.read(path)


def test_bad_geometry_names_the_feature(tmp_path: Path) -> None:
    path = tmp_path / "ne_10m_lakes.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"featurecla": "Lake", "name": "Broken"},
         "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}}]}))
    with pytest.raises(ImportFormatError, match="'Broken' has an unreadable geometry"):
        ne.read(path)


# --------------------------------------------------------------------------- shapefiles


def test_shapefile_reads_like_geojson(tmp_path: Path) -> None:
    import shapefile

    base = tmp_path / "ne_10m_rivers_lake_centerlines"
    with shapefile.Writer(str(base), shapeType=shapefile.POLYLINE) as writer:
        writer.field("featurecla", "C", 20)
        writer.field("name", "C", 40)
        writer.field("name_alt", "C", 40)
        writer.field("rivernum", "N", 8)
        writer.line([[[10.0, 50.0], [11.0, 50.0]]])
        writer.record("River", "Shapeflow", "Flow of Shapes", 5)
        writer.line([[[11.0, 50.0], [12.0, 50.0]]])
        writer.record("River", "Shapeflow", "", 5)
    batch = ne.read(base.with_suffix(".shp"))
    (river,) = list(batch.places)
    assert river.name == "Shapeflow" and river.alt_names == ("Flow of Shapes",)
    assert (river.lat, river.lon) == pytest.approx((50.0, 11.0))


def test_shapefile_without_its_dbf_is_a_format_error(tmp_path: Path) -> None:
    import shapefile

    base = tmp_path / "ne_10m_lakes"
    with shapefile.Writer(str(base), shapeType=shapefile.POLYGON) as writer:
        writer.field("name", "C", 20)
        writer.poly([[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]])
        writer.record("Lonely")
    base.with_suffix(".dbf").unlink()
    with pytest.raises(ImportFormatError, match="keep the .shp, .shx and .dbf"):
        ne.read(base.with_suffix(".shp"))


# --------------------------------------------------------------------------- the real Natural Earth files


def test_real_rivers_euphrates_passes_baghouz_and_al_furat_is_kept(shared_dir: Path) -> None:
    batch = ne.read(shared_dir / "gazetteer" / "naturalearth" / "ne_10m_rivers_lake_centerlines.geojson.gz")
    rivers = list(batch.places)
    euphrates = [p for p in rivers if p.name == "Euphrates"]
    assert len(euphrates) == 1
    assert km_from_geometry(euphrates[0], *BAGHOUZ) < 20.0
    al_furat = [p for p in rivers if p.name == "Al Furat"]
    assert len(al_furat) == 1  # the river and its Lake Assad centre line, one place
    assert km_from_geometry(al_furat[0], *BAGHOUZ) < 20.0
    # Every representative point lies on (within 1 m of) its own river.
    for river in rivers:
        assert river.geometry is not None
        assert river.geometry.distance(Point(river.lon, river.lat)) < 1e-5, river.id


def test_real_admin1_parses_fast_and_points_fall_in_their_polygons(shared_dir: Path) -> None:
    path = shared_dir / "gazetteer" / "naturalearth" / "ne_10m_admin_1_states_provinces.geojson.gz"
    started = time.perf_counter()
    places = list(ne.read(path).places)
    elapsed = time.perf_counter() - started
    assert elapsed < 30.0, f"admin-1 layer took {elapsed:.1f} s"  # ~2 s on an idle machine; generous for busy CI
    assert len(places) > 4000
    deir = next(p for p in places if p.id == "geonames:170792")
    assert deir.country == "SY" and "Deir ez Zor" in deir.alt_names
    assert haversine_km((deir.lat, deir.lon), (35.14, 40.32)) < 120
    # Label or representative points fall in (within ~5 km of) their own area.
    import shapely

    shaped = [p for p in places if p.geometry is not None]
    near = shapely.dwithin([p.geometry for p in shaped], shapely.points([(p.lon, p.lat) for p in shaped]), 0.05)
    assert near.mean() > 0.97


def test_real_countries_points_are_near_geometric_centres(shared_dir: Path) -> None:
    path = shared_dir / "gazetteer" / "naturalearth" / "ne_50m_admin_0_countries.geojson.gz"
    countries = {p.country: p for p in ne.read(path).places if p.country}
    for code, expected, tolerance_km in (("SY", (35.0, 38.0), 150), ("IQ", (33.0, 44.0), 150),
                                         ("US", (39.8, -98.5), 300), ("RU", (60.0, 100.0), 800)):
        got = (countries[code].lat, countries[code].lon)
        assert haversine_km(got, expected) < tolerance_km, (code, got)


def test_every_shared_layer_reads(shared_dir: Path, tmp_path: Path) -> None:
    folder = shared_dir / "gazetteer" / "naturalearth"
    sources = set()
    for path in sorted(folder.glob("*.geojson.gz")):
        if any(done in path.name for done in ("admin_1_states", "rivers", "countries")):
            continue  # read by the tests above; keep this one quick
        batch = ne.read(path)
        places = list(batch.places)
        assert places, path.name
        sources.add(batch.source)
    assert sources == {"naturalearth-admin1-labels", "naturalearth-regions", "naturalearth-regions-points",
                       "naturalearth-lakes", "naturalearth-populated-places"}
    # A renamed copy is still recognised from its properties.
    renamed = tmp_path / "world-water.json.gz"
    shutil.copy(folder / "ne_10m_lakes.geojson.gz", renamed)
    assert ne.read(renamed).source == "naturalearth-lakes"


# --------------------------------------------------------------------------- end to end through the index


def test_imported_rivers_resolve_euphrates_near_baghouz(shared_dir: Path, tmp_path: Path) -> None:
    from gazetteer import Gazetteer
    from gazetteer.importing import import_paths

    path = shared_dir / "gazetteer" / "naturalearth" / "ne_10m_rivers_lake_centerlines.geojson.gz"
    (info,) = import_paths([path], home=tmp_path)
    assert info.name == "naturalearth-rivers" and info.licence == "public domain"
    with Gazetteer.open(tmp_path, build=False) as gz:
        for query in ("Euphrates", "Al Furat"):
            candidates = gz.search(query, kinds=[Kind.RIVER])
            assert candidates, query
            river = gz.get(candidates[0].place.id)  # get() loads the stored geometry
            assert river.kind is Kind.RIVER
            assert km_from_geometry(river, *BAGHOUZ) < 20.0, query


def test_imported_admin1_polygon_contains_its_towns(tmp_path: Path) -> None:
    from gazetteer import Gazetteer
    from gazetteer.importing import import_paths

    import_paths([FIXTURES / "ne_10m_admin_1_states_provinces.geojson"], home=tmp_path)
    with Gazetteer.open(tmp_path, build=False) as gz:
        (best, *_) = gz.search("Al Sample")
        assert best.place.id == "geonames:9000001"
        assert gz.contains("geonames:9000001", 35.2, 39.2)
        assert not gz.contains("geonames:9000001", 33.5, 36.5)


def test_zipped_shapefile_as_natural_earth_ships_it(tmp_path: Path) -> None:
    import zipfile

    import shapefile

    base = tmp_path / "ne_10m_lakes"
    with shapefile.Writer(str(base), shapeType=shapefile.POLYGON, encoding="cp1252") as writer:
        writer.field("featurecla", "C", 20)
        writer.field("name", "C", 30)
        writer.poly([[[0.0, 0.0], [0.0, 2.0], [2.0, 2.0], [2.0, 0.0], [0.0, 0.0]]])
        writer.record("Lake", "Lac Léman Test")
    (tmp_path / "ne_10m_lakes.cpg").write_text("1252")
    archive = tmp_path / "ne_10m_lakes.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for ext in (".shp", ".shx", ".dbf", ".cpg"):
            zf.write(base.with_suffix(ext), f"ne_10m_lakes/ne_10m_lakes{ext}")
    (lake,) = list(ne.read(archive).places)
    assert lake.name == "Lac Léman Test" and lake.kind is Kind.LAKE  # decoded with the .cpg code page
    assert (lake.lat, lake.lon) == pytest.approx((1.0, 1.0))


# --------------------------------------------------------------------------- invariants


@settings(max_examples=40, deadline=None)
@given(
    west=st.floats(min_value=-179.0, max_value=170.0),
    south=st.floats(min_value=-89.0, max_value=80.0),
    width=st.floats(min_value=0.01, max_value=9.0),
    height=st.floats(min_value=0.01, max_value=9.0),
    as_line=st.booleans(),
)
def test_points_stay_in_range_and_on_their_shape(tmp_path_factory: pytest.TempPathFactory, west: float,
                                                 south: float, width: float, height: float, as_line: bool) -> None:
    east, north = west + width, south + height
    if as_line:
        name, geometry = "ne_10m_rivers_lake_centerlines.geojson", {
            "type": "LineString", "coordinates": [[west, south], [east, north], [east, south]]}
    else:
        name, geometry = "ne_10m_lakes.geojson", {
            "type": "Polygon", "coordinates": [[[west, south], [east, south], [east, north], [west, south]]]}
    path = tmp_path_factory.mktemp("inv") / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Shape", "featurecla": "River" if as_line else "Lake"},
         "geometry": geometry}]}))
    (place,) = list(ne.read(path).places)
    assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180
    assert place.geometry is not None
    assert place.geometry.distance(Point(place.lon, place.lat)) < 1e-7  # (lon, lat) order kept


def _square(west: float, south: float, size: float = 2.0) -> dict[str, object]:
    ring = [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def _admin1_file(tmp_path: Path, areas: list[tuple[str, str | None, str | None, float, float, float]]) -> Path:
    """An admin-1 layer of squares labelled at their centres, (name, abbrev, region, west, south, size)
    each, in an invented country."""
    features = [
        {"type": "Feature", "geometry": _square(west, south, size),
         "properties": {"adm1_code": f"XQ-{k}", "iso_a2": "XQ", "admin": "Quarland", "name": name,
                        "name_alt": None, "gn_id": -99, "abbrev": abbrev, "region": region,
                        "latitude": south + size / 2, "longitude": west + size / 2}}
        for k, (name, abbrev, region, west, south, size) in enumerate(areas)
    ]
    path = tmp_path / "ne_10m_admin_1_states_provinces.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def test_admin1_regions_become_places_at_the_middle_of_their_members(tmp_path: Path) -> None:
    path = _admin1_file(tmp_path, [
        ("Upper Dunmark", None, "Dunmark", 10.0, 10.0, 6.0),
        ("Lower Dunmark", None, "Dunmark", 16.0, 10.0, 2.0),
        ("Far Dunmark", None, "Dunmark", 16.0, 12.0, 2.0),
        ("Hollin", None, "North", 20.0, 20.0, 2.0),      # a compass word names no region
        ("Stavely", None, "North", 22.0, 20.0, 2.0),
        ("Brack", None, "Brack", 30.0, 30.0, 2.0),       # a member's own name: the member is the place
        ("Marrow", None, "Brack", 32.0, 30.0, 2.0),
        ("Tolland", None, "Tolland Vale", 40.0, 40.0, 2.0),  # one member: the same area under another name
    ])
    regions = [p for p in ne.read(path).places if p.kind is Kind.REGION]
    assert [(p.id, p.name, p.country) for p in regions] == [("ne:region:xq-dunmark", "Dunmark", "XQ")]
    # Each member counts once: the mean of their label points, not the big member's centre of mass.
    assert (regions[0].lat, regions[0].lon) == pytest.approx((37.0 / 3.0, 47.0 / 3.0), abs=1e-6)
    assert regions[0].geometry is not None and regions[0].geometry.contains(Point(17.0, 13.0))


def test_admin1_dotted_initials_of_three_letters_or_more_become_names(tmp_path: Path) -> None:
    path = _admin1_file(tmp_path, [
        ("North Dunmark", "N.D.", None, 10.0, 10.0, 2.0),
        ("New Dunmark Shire", "N.D.S.", None, 12.0, 10.0, 2.0),
        ("Dunmark Vale", "Dun. V.", None, 14.0, 10.0, 2.0),
    ])
    names = {p.name: p.alt_names for p in ne.read(path).places}
    assert {"N.D.S.", "NDS"} <= set(names["New Dunmark Shire"])
    assert "ND" not in names["North Dunmark"] and "N.D." not in names["North Dunmark"]
    assert not {"Dun. V.", "DunV"} & set(names["Dunmark Vale"])
