"""geoevents: turn conflict news into incident data and maps, offline.

The chain runs one way: documents -> place mentions -> incidents ->
geocoded incidents -> GeoDataFrame (store, formats) -> map. Each public
function below is a thin, lazily importing entry to one stage, so that
``import geoevents`` stays fast.

Examples
--------
>>> import geoevents
>>> sorted(geoevents.__all__)[:3]
['GeoeventsError', 'OfflineGeocoder', 'Place']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .exc import GeoeventsError
from .places import Place, PlaceMention

if TYPE_CHECKING:  # pragma: no cover
    import folium
    import geopandas
    from geopy.location import Location

__version__ = "0.1.0"

__all__ = [
    "extract",
    "geoparse",
    "geocode",
    "read_incidents",
    "write_incidents",
    "render_map",
    "Place",
    "PlaceMention",
    "GeoeventsError",
    "OfflineGeocoder",
    "__version__",
]


def extract(
    text: str,
    *,
    published: Any = None,
    source: str | None = None,
    url: str | None = None,
) -> "geopandas.GeoDataFrame":
    """Extract the incidents one article reports.

    Parameters
    ----------
    text : str
        The article's text.
    published : str, date or datetime, optional
        Publication date; relative dates ("on Saturday", "last week") are
        resolved against it. Without it, relative dates stay unresolved and
        the incident is flagged.
    source, url : str, optional
        Name and address of the outlet, kept on every incident.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per incident, with the columns of :mod:`geoevents.contract`.
    """
    from .extraction import extract as _extract

    return _extract(text, published=published, source=source, url=url)


def geoparse(text: str) -> list[PlaceMention]:
    """Find the place names in ``text`` and resolve each against the gazetteer."""
    from .geoparsing import geoparse as _geoparse

    return _geoparse(text)


def geocode(query: str, *, country: str | None = None, exactly_one: bool = True, limit: int | None = None):
    """Look a place name up in the offline gazetteer.

    Returns a geopy :class:`~geopy.location.Location` (or ``None``) when
    ``exactly_one`` is true, otherwise a list of them, best first.
    """
    from .gazetteer import geocode as _geocode

    return _geocode(query, country=country, exactly_one=exactly_one, limit=limit)


def read_incidents(path, **kwargs) -> "geopandas.GeoDataFrame":
    """Read incidents from GeoPackage, GeoParquet, GeoJSON, FlatGeobuf, CSV (ACLED) or GDELT files."""
    from .io import read_incidents as _read

    return _read(path, **kwargs)


def write_incidents(gdf: "geopandas.GeoDataFrame", path, **kwargs) -> None:
    """Write incidents; the format follows the file extension unless ``format`` is given."""
    from .io import write_incidents as _write

    return _write(gdf, path, **kwargs)


def render_map(gdf: "geopandas.GeoDataFrame", **options) -> "folium.Map":
    """Draw incidents on a layered Leaflet map (see :func:`geoevents.render.render_map`)."""
    from .render import render_map as _render

    return _render(gdf, **options)


def __getattr__(name: str):
    if name == "OfflineGeocoder":
        from .gazetteer import OfflineGeocoder

        return OfflineGeocoder
    raise AttributeError(f"module 'geoevents' has no attribute {name!r}")
