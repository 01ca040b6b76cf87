"""geopy-compatible geocoders over the offline gazetteer, and the opt-in online fallback.

:class:`OfflineGeocoder` subclasses geopy's ``Geocoder`` so it drops into code
that already uses geopy (``geocode(query, exactly_one=True)`` gives a
``geopy.location.Location``; ``reverse(point)`` gives country, admin1 and
admin2). It never touches the network.

:class:`FallbackGeocoder` is the explicit opt-in for the rare name the
gazetteer lacks: it asks the offline gazetteer first and only then a geopy
online geocoder you pass in (Nominatim etc.), at most one request per
``min_delay_seconds``, remembering every answer in a SQLite cache under the
user's geoevents home. It is never used by default.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from ..exc import GazetteerError, InputError
from ..places import Place
from .core import Gazetteer, user_home

__all__ = ["OfflineGeocoder", "FallbackGeocoder", "place_to_location", "geocode"]


def _address(place: Place, gaz: Gazetteer | None = None) -> str:
    parts = [place.name]
    if place.admin2_name and place.admin2_name != place.name:
        parts.append(place.admin2_name)
    if place.admin1_name and place.admin1_name != place.name:
        parts.append(place.admin1_name)
    if place.country_code and place.kind != "country":
        cname = None
        if gaz is not None:
            try:
                cname = gaz.country_info(place.country_code)["name"]
            except Exception:
                cname = None
        parts.append(cname or place.country_code)
    return ", ".join(parts)


def place_to_location(place: Place, gaz: Gazetteer | None = None) -> Location:
    """A geopy ``Location`` for a gazetteer record (``raw`` holds the record's fields)."""
    raw = {
        "name": place.name,
        "geonameid": place.geonameid,
        "kind": place.kind,
        "country_code": place.country_code,
        "admin1": place.admin1,
        "admin1_name": place.admin1_name,
        "admin2": place.admin2,
        "admin2_name": place.admin2_name,
        "feature_code": place.feature_code,
        "population": place.population,
        "source": place.source,
    }
    return Location(_address(place, gaz), Point(place.latitude, place.longitude), raw)


class OfflineGeocoder(Geocoder):
    """geopy geocoder answering from the offline gazetteer.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Default: :meth:`Gazetteer.default`.
    country : str, optional
        Restrict every query to this country (ISO code or name).

    Examples
    --------
    >>> loc = OfflineGeocoder().geocode("Aleppo")
    >>> round(loc.latitude)
    36
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, country: str | None = None):
        # geopy's base class only sets up HTTP options; nothing here is used for requests
        super().__init__(user_agent="geoevents-offline")
        self._gaz = gazetteer
        self.country = country

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = Gazetteer.default()
        return self._gaz

    def geocode(
        self,
        query,
        *,
        exactly_one: bool = True,
        limit: int | None = None,
        country: str | None = None,
        timeout=None,
    ):
        """Location(s) for ``query``: one (or ``None``) when ``exactly_one``, else a list, best first."""
        if isinstance(query, dict):
            query = ", ".join(str(v) for v in query.values() if v)
        places = self.gazetteer.geocode(
            query, country=country or self.country, limit=1 if exactly_one else limit
        )
        locs = [place_to_location(p, self.gazetteer) for p in places]
        if exactly_one:
            return locs[0] if locs else None
        return locs

    def reverse(self, query, *, exactly_one: bool = True, timeout=None):
        """Country, admin1 and admin2 at a point, as a ``Location`` whose ``raw`` holds them."""
        try:
            pt = Point(query)
        except (ValueError, TypeError) as err:
            raise InputError(f"not a point: {query!r}") from err
        info = self.gazetteer.reverse(pt.latitude, pt.longitude)
        if info["country_code"] is None:
            return None if exactly_one else []
        addr = ", ".join(x for x in (info["nearest"], info["admin2"], info["admin1"], info["country"]) if x)
        loc = Location(addr, Point(pt.latitude, pt.longitude), info)
        return loc if exactly_one else [loc]


class FallbackGeocoder(Geocoder):
    """Offline first, then an online geopy geocoder: explicit opt-in, rate limited, cached.

    Parameters
    ----------
    online : geopy.geocoders.base.Geocoder
        The online geocoder to ask when the gazetteer has no answer, for
        example ``Nominatim(user_agent="my-project")``. Required: there is no
        default online service.
    min_delay_seconds : float
        Smallest interval between two online requests (Nominatim's policy is 1 s).
    cache_path : path-like, optional
        SQLite cache of online answers; default ``user_home()/online-cache.sqlite``.
    offline : OfflineGeocoder, optional
    """

    def __init__(
        self,
        online: Geocoder,
        *,
        min_delay_seconds: float = 1.0,
        cache_path=None,
        offline: OfflineGeocoder | None = None,
    ):
        super().__init__(user_agent="geoevents-fallback")
        if online is None or not hasattr(online, "geocode"):
            raise InputError(
                "FallbackGeocoder needs an online geopy geocoder (e.g. Nominatim(user_agent=...))"
            )
        self.online = online
        self.offline = offline or OfflineGeocoder()
        self.min_delay_seconds = float(min_delay_seconds)
        self.cache_path = Path(cache_path) if cache_path else user_home() / "online-cache.sqlite"
        self._last = 0.0
        self._lock = threading.Lock()
        self.online_calls = 0

    def _cache(self) -> sqlite3.Connection:
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.cache_path)
        con.execute("CREATE TABLE IF NOT EXISTS cache(query TEXT PRIMARY KEY, answer TEXT, fetched REAL)")
        return con

    def geocode(self, query, *, exactly_one: bool = True, timeout=None, **kwargs):
        """Offline answer if any; else the cached or freshly fetched online answer."""
        loc = self.offline.geocode(query, exactly_one=exactly_one)
        if loc:
            return loc
        key = json.dumps([query, bool(exactly_one)])
        with self._cache() as con:
            row = con.execute("SELECT answer FROM cache WHERE query=?", (key,)).fetchone()
        if row is not None:
            return self._decode(json.loads(row[0]), exactly_one)
        with self._lock:
            wait = self._last + self.min_delay_seconds - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                got = self.online.geocode(query, exactly_one=exactly_one, **kwargs)
            except Exception as err:  # geopy raises many kinds; report one clear error
                raise GazetteerError(f"online geocoder failed for {query!r}: {err}", code="E031") from err
            finally:
                self._last = time.monotonic()
                self.online_calls += 1
        locs = got if isinstance(got, list) else ([got] if got else [])
        enc = [{"address": loc.address, "lat": loc.latitude, "lon": loc.longitude} for loc in locs]
        with self._cache() as con:
            con.execute("INSERT OR REPLACE INTO cache VALUES (?,?,?)", (key, json.dumps(enc), time.time()))
        return self._decode(enc, exactly_one)

    @staticmethod
    def _decode(enc, exactly_one):
        locs = [Location(e["address"], Point(e["lat"], e["lon"]), {"source": "online", **e}) for e in enc]
        if exactly_one:
            return locs[0] if locs else None
        return locs

    def reverse(self, query, *, exactly_one: bool = True, timeout=None):
        return self.offline.reverse(query, exactly_one=exactly_one)


def geocode(query: str, *, country: str | None = None, exactly_one: bool = True, limit: int | None = None):
    """geopy ``Location``(s) for ``query`` from the offline gazetteer (see :class:`OfflineGeocoder`)."""
    gaz = Gazetteer.default()
    places = gaz.geocode(query, country=country, limit=1 if exactly_one else limit)
    locs = [place_to_location(p, gaz) for p in places]
    if exactly_one:
        return locs[0] if locs else None
    return locs
