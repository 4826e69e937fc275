"""gazetteer: knows places and resolves names, offline. Imports nothing from geomap."""

from __future__ import annotations

from .exc import (
    DataNotFoundError,
    DownloadError,
    GazetteerError,
    ImportFormatError,
    PlaceNotFoundError,
    UnknownSourceError,
)
from .download import download_geonames
from .gazetteer import EARTH_RADIUS_KM, Gazetteer, haversine_km
from .geocoders import Offline
from .memory import MemoryGazetteer
from .home import data_home
from .importing import import_paths, list_sources, remove_source
from .place import Candidate, Kind, Match, Place
from .store import SourceInfo

__all__ = [
    "Candidate",
    "DataNotFoundError",
    "DownloadError",
    "EARTH_RADIUS_KM",
    "Gazetteer",
    "GazetteerError",
    "ImportFormatError",
    "Kind",
    "Match",
    "MemoryGazetteer",
    "Offline",
    "Place",
    "PlaceNotFoundError",
    "SourceInfo",
    "UnknownSourceError",
    "data_home",
    "download_geonames",
    "haversine_km",
    "import_paths",
    "list_sources",
    "remove_source",
]
