"""Read Natural Earth layers (GeoJSON, gzipped or not, or shapefiles) into places with geometry.

One reader serves every layer a user is likely to have; the layer is told by the file name
(``ne_10m_lakes.geojson.gz``) or, failing that, by the features' properties, or named by the caller:

============================  ===================  ============================================
layer                         kind                 id
============================  ===================  ============================================
rivers_lake_centerlines       river                ``ne:river:<slug>-<rivernum>``
lakes                         lake                 ``ne:lake:<slug>``
geography_regions_polys/      region, island,      ``ne:<kind>:<slug>``
points, geography_marine      mountain, sea, ...
admin_1_states_provinces      admin1               ``geonames:<gn_id>``, else ``ne:admin1:<adm1_code>``
admin_1_label_points          admin1               ``ne:admin1:<adm1_code>``
admin_0_countries             country              ``geonames:<id>`` (via the ISO code), else ``ne:country:<iso>``
populated_places              populated_place      ``geonames:<geonameid>``, else ``wof:<wof_id>``, else ``ne:place:<slug>``
============================  ===================  ============================================

Why these choices:

* Ids reuse GeoNames ids where Natural Earth gives one, so an imported polygon and a GeoNames row about
  the same place meet under one id instead of competing as two candidates.
* Features of one river (same name, and the same ``rivernum`` or lines that touch) become one place
  with a MultiLineString: Natural Earth cuts rivers at lakes and borders, a reader of news does not.
  Lakes and regions of the same name whose shapes touch are merged the same way.
* Every name field the layer has (``name``, ``name_en``, ``name_alt`` split on ``|``, ``,`` and ``;``,
  ``name_local``, the ``name_xx`` language fields...) becomes an alternate name, so "Al Furat" and
  "Euphrates" both resolve when the data carries them.
* The representative point (``lat``, ``lon``) is Natural Earth's label point when the feature has one
  (``label_x``/``label_y``, ``latitude``/``longitude``), else the centroid of the largest polygon (or a
  point surely inside it), else the midpoint along the longest stretch of a river.
* Features without any name cannot be looked up and are skipped, as are the extra country outlines
  some admin-1 distributions append (features with neither ``adm1_code`` nor ``iso_a2``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from . import Batch
from ._ne_files import load_features
from ._ne_layers import Layer, detect_layer
from ._ne_places import BUILDERS

__all__ = ["ATTRIBUTION", "LICENCE", "Layer", "detect_layer", "read"]

LICENCE = "public domain"
ATTRIBUTION = "Natural Earth"


def read(path: Path, *, layer: Layer | str | None = None) -> Batch:
    """Read one Natural Earth file (``.geojson``, ``.json``, either gzipped, or ``.shp``) into a batch.

    ``layer`` overrides detection from the file name and properties. The places are built eagerly
    (merging river pieces needs them all), so a malformed file fails here, before any import starts.
    """
    path = Path(path)
    features = list(load_features(path))
    chosen = Layer.parse(layer) if layer is not None else detect_layer(path, (p for p, _ in features))
    source = _source_name(chosen, path)
    places = [replace(place, source=source) for place in BUILDERS[chosen](path, features) if place is not None]
    return Batch(
        source=source,
        licence=LICENCE,
        attribution=ATTRIBUTION,
        places=places,
    )


def _source_name(layer: Layer, path: Path) -> str:
    """``naturalearth-<layer>``; the region layers come in several files, each its own source,
    so importing the points after the polygons does not replace them."""
    name = path.name.lower()
    if layer is Layer.REGIONS:
        for part, suffix in (("marine", "marine"), ("elevation", "elevation"), ("points", "points")):
            if part in name:
                return f"naturalearth-regions-{suffix}"
    return f"naturalearth-{layer.value}"
