"""Which Natural Earth layer a file holds, told by its file name or by its features' properties."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Any

from ..choices import parse_choice
from ..exc import ImportFormatError

Props = dict[str, Any]


class Layer(str, Enum):
    """The Natural Earth layers this reader understands."""

    RIVERS = "rivers"
    LAKES = "lakes"
    REGIONS = "regions"
    ADMIN1 = "admin1"
    ADMIN1_LABELS = "admin1-labels"
    COUNTRIES = "countries"
    POPULATED_PLACES = "populated-places"

    @classmethod
    def parse(cls, value: str | Layer) -> Layer:
        """Return the layer named by ``value``; the error lists the valid names."""
        return parse_choice(cls, value, "Natural Earth layer", "layers", lambda s: s.lower().replace("_", "-"))


# File-name fragments, most specific first ("admin_1_label_points" before "admin_1").
_NAME_HINTS: tuple[tuple[str, Layer], ...] = (
    ("rivers", Layer.RIVERS),
    ("lake_centerlines", Layer.RIVERS),
    ("lakes", Layer.LAKES),
    ("geography_regions", Layer.REGIONS),
    ("geography_marine", Layer.REGIONS),
    ("elevation_points", Layer.REGIONS),
    ("admin_1_label", Layer.ADMIN1_LABELS),
    ("admin_1", Layer.ADMIN1),
    ("admin_0", Layer.COUNTRIES),
    ("countries", Layer.COUNTRIES),
    ("populated_places", Layer.POPULATED_PLACES),
)


def detect_layer(path: Path, properties: Iterable[Props] = ()) -> Layer:
    """Tell the layer from the file name, else from the first features' (lower-cased) properties."""
    stem = path.name.lower()
    for hint, layer in _NAME_HINTS:
        if hint in stem:
            return layer
    for index, props in enumerate(properties):
        found = _layer_from_properties(props)
        if found is not None:
            return found
        if index >= 20:
            break
    valid = ", ".join(layer.value for layer in Layer)
    raise ImportFormatError(
        "cannot tell which Natural Earth layer this is from its name or properties; keep the Natural "
        f"Earth file name (e.g. ne_10m_lakes.geojson) or pass layer= one of: {valid}",
        path=str(path),
    )


def _layer_from_properties(props: Props) -> Layer | None:
    cla = str(props.get("featurecla") or "").lower()
    if cla in ("river", "lake centerline"):
        return Layer.RIVERS
    if cla in ("lake", "reservoir", "alkaline lake"):
        return Layer.LAKES
    if cla.startswith("admin-0"):
        return Layer.COUNTRIES
    if "adm1_code" in props:
        return Layer.ADMIN1 if "gn_id" in props or "name_alt" in props else Layer.ADMIN1_LABELS
    if "geonameid" in props or "pop_max" in props or cla.endswith("capital") or cla == "populated place":
        return Layer.POPULATED_PLACES
    if cla:
        return Layer.REGIONS
    return None
