"""The offline gazetteer: every country, division and populated place of 500+ people.

Built from GeoNames (https://www.geonames.org, CC BY 4.0) by
``gazetteer/build.py`` into one SQLite file that ships in the wheel and opens in
milliseconds. See ``gazetteer/README.md`` for sources and rules.

Public names: :class:`Gazetteer`, :func:`geocode` (geopy ``Location`` results),
:class:`OfflineGeocoder` and :class:`FallbackGeocoder` (geopy ``Geocoder``
subclasses), :func:`add_user_places`, :func:`build_gazetteer`.
"""

from __future__ import annotations

from .core import Gazetteer, haversine_km, packaged_path, user_home

__all__ = [
    "Gazetteer",
    "geocode",
    "OfflineGeocoder",
    "FallbackGeocoder",
    "add_user_places",
    "build_gazetteer",
    "haversine_km",
    "packaged_path",
    "user_home",
]


def geocode(query: str, *, country: str | None = None, exactly_one: bool = True, limit: int | None = None):
    """geopy ``Location``(s) for ``query`` from the offline gazetteer."""
    from .geocoder import geocode as _geocode

    return _geocode(query, country=country, exactly_one=exactly_one, limit=limit)


def __getattr__(name: str):
    if name in ("OfflineGeocoder", "FallbackGeocoder"):
        from . import geocoder

        return getattr(geocoder, name)
    if name in ("add_user_places", "build_gazetteer"):
        from . import user

        return getattr(user, name)
    raise AttributeError(f"module 'geoevents.gazetteer' has no attribute {name!r}")
