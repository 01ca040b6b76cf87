"""Incident I/O: GeoPackage, GeoParquet, GeoJSON, FlatGeobuf, ACLED CSV, JSON Lines, GDELT.

Every frame read or written passes through :func:`geoevents.contract.conform`.

Examples
--------
>>> from geoevents.io import format_for
>>> format_for("incidents.gpkg", content=False)
'gpkg'
"""

from __future__ import annotations

from .checks import DataWarning
from .formats import (
    EXTENSIONS,
    FORMATS,
    READ_FORMATS,
    format_for,
    read_incidents,
    records,
    to_geojson,
    to_jsonl,
    write_incidents,
)

__all__ = [
    "FORMATS",
    "READ_FORMATS",
    "EXTENSIONS",
    "DataWarning",
    "format_for",
    "read_incidents",
    "write_incidents",
    "to_geojson",
    "to_jsonl",
    "records",
]
