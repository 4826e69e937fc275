"""Features of a Natural Earth file: GeoJSON (gzipped or not) or a shapefile (``.shp`` or ``.zip``)."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from struct import error as struct_error  # pyshp raises it on truncated files
from typing import Any

from ..exc import ImportFormatError
from ._ne_layers import Props


def load_features(path: Path) -> Iterator[tuple[Props, dict[str, Any] | None]]:
    """Yield (lower-cased properties, GeoJSON geometry dict or None) per feature."""
    if not path.is_file():
        from ..exc import DataNotFoundError

        raise DataNotFoundError(f"{path}: no such file; check the path or download the layer from naturalearthdata.com")
    if path.suffix.lower() in (".shp", ".dbf", ".zip"):
        yield from _load_shapefile(path)
        return
    data = _parse_json(path)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        found = data.get("type") if isinstance(data, dict) else type(data).__name__
        raise ImportFormatError(
            f"expected a GeoJSON FeatureCollection, found {found!r}; export the layer as a GeoJSON "
            "FeatureCollection (ogr2ogr -f GeoJSON out.geojson in.shp)",
            path=str(path),
        )
    features = data.get("features")
    if not isinstance(features, list):
        raise ImportFormatError("the FeatureCollection has no 'features' list", path=str(path))
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise ImportFormatError(
                f"feature #{number} is not a GeoJSON Feature object; fix or remove it", path=str(path)
            )
        props = feature.get("properties") or {}
        geometry = feature.get("geometry")
        if not isinstance(props, dict) or (geometry is not None and not isinstance(geometry, dict)):
            raise ImportFormatError(
                f"feature #{number} has malformed properties or geometry", path=str(path)
            )
        yield {str(k).lower(): v for k, v in props.items()}, geometry


def _parse_json(path: Path) -> Any:
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise ImportFormatError(
            f"the gzip stream is truncated or corrupt ({exc}); download the file again", path=str(path)
        ) from None
    try:
        return _loads(raw)
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        raise ImportFormatError(
            f"not valid JSON ({getattr(exc, 'msg', exc)}); Natural Earth files must be GeoJSON "
            "(.geojson, .json, optionally gzipped) or shapefiles (.shp)",
            path=str(path),
            line=line if isinstance(line, int) else None,
        ) from None


try:  # orjson parses the 58 MB admin-1 layer about 3x faster than the standard library
    import orjson

    def _loads(raw: bytes) -> Any:
        return orjson.loads(raw)

except ImportError:  # pragma: no cover - orjson is a declared dependency, json is the safety net

    def _loads(raw: bytes) -> Any:
        return json.loads(raw)


def _load_shapefile(path: Path) -> Iterator[tuple[Props, dict[str, Any] | None]]:
    """Features of a shapefile given as its .shp (siblings beside it) or as a .zip holding one."""
    import shapefile  # pyshp

    if path.suffix.lower() == ".zip":
        files = _zipped_shapefile(path)
    else:
        shp = path.with_suffix(".shp")
        for needed in (shp, shp.with_suffix(".dbf")):
            if not needed.is_file():
                raise ImportFormatError(
                    f"{needed.name} is missing; keep the .shp, .shx and .dbf files side by side", path=str(path)
                )
        files = {ext: shp.with_suffix(ext).read_bytes() for ext in (".shp", ".shx", ".dbf", ".cpg")
                 if shp.with_suffix(ext).is_file()}
    # Natural Earth writes UTF-8 since v4 and says so in the .cpg; older releases used Windows-1252.
    encoding = files.pop(".cpg", b"UTF-8").decode("ascii", "replace").strip() or "UTF-8"
    try:
        reader = shapefile.Reader(
            shp=io.BytesIO(files[".shp"]),
            shx=io.BytesIO(files[".shx"]) if ".shx" in files else None,
            dbf=io.BytesIO(files[".dbf"]),
            encoding=_python_encoding(encoding),
            encodingErrors="replace",
        )
    except (shapefile.ShapefileException, OSError, KeyError) as exc:
        raise ImportFormatError(
            f"cannot open the shapefile ({exc}); keep the .shp, .shx and .dbf files side by side",
            path=str(path),
        ) from None
    with reader:
        try:
            for record in reader.iterShapeRecords():
                props = {str(k).lower(): v for k, v in record.record.as_dict().items()}
                geo = record.shape.__geo_interface__ if record.shape.shapeType != shapefile.NULL else None
                yield props, dict(geo) if geo else None
        except (shapefile.ShapefileException, OSError, ValueError, struct_error) as exc:
            raise ImportFormatError(f"the shapefile is truncated or corrupt ({exc})", path=str(path)) from None


def _zipped_shapefile(path: Path) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(path) as archive:
            shps = [n for n in archive.namelist() if n.lower().endswith(".shp")]
            if len(shps) != 1:
                raise ImportFormatError(
                    f"the zip holds {len(shps)} shapefiles; unzip it and import the one layer you want",
                    path=str(path),
                )
            base = shps[0][:-4]
            files = {}
            for ext in (".shp", ".shx", ".dbf", ".cpg"):
                name = next((n for n in archive.namelist() if n.lower() == (base + ext).lower()), None)
                if name is not None:
                    files[ext] = archive.read(name)
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise ImportFormatError(f"not a readable zip archive ({exc}); download it again", path=str(path)) from None
    if ".dbf" not in files:
        raise ImportFormatError(f"{base}.dbf is missing from the zip; keep the .shp, .shx and .dbf together", path=str(path))
    return files


def _python_encoding(name: str) -> str:
    """A Python codec for a .cpg code page name ("1252" and "UTF-8" both occur)."""
    import codecs

    candidate = f"cp{name}" if name.isdigit() else name
    try:
        return codecs.lookup(candidate).name
    except LookupError:
        return "utf-8"
