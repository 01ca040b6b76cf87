"""Synthetic incidents for benchmarks and tests, generated with numpy.

The rows are random but well-formed: real event and sub-event types from the
contract's taxonomy, dates over a span of days, points scattered around a few
dozen anchor towns in conflict-affected countries, counts from a skewed
distribution. They carry ``origin="user"`` and ``flags="synthetic"`` so they
can never pass for reported incidents.
"""

from __future__ import annotations

__all__ = ["synthetic_incidents"]

# (location, country, iso3, latitude, longitude): anchors for the random points
_ANCHORS = (
    ("Aleppo", "Syria", "SYR", 36.2021, 37.1343),
    ("Idlib", "Syria", "SYR", 35.9306, 36.6339),
    ("Homs", "Syria", "SYR", 34.7324, 36.7137),
    ("Damascus", "Syria", "SYR", 33.5102, 36.2913),
    ("Kharkiv", "Ukraine", "UKR", 49.9935, 36.2304),
    ("Donetsk", "Ukraine", "UKR", 48.0159, 37.8029),
    ("Kherson", "Ukraine", "UKR", 46.6354, 32.6169),
    ("Khartoum", "Sudan", "SDN", 15.5518, 32.5324),
    ("El Fasher", "Sudan", "SDN", 13.6279, 25.3494),
    ("Gao", "Mali", "MLI", 16.2717, -0.0447),
    ("Mosul", "Iraq", "IRQ", 36.335, 43.1189),
    ("Goma", "Democratic Republic of the Congo", "COD", -1.6792, 29.2228),
    ("Mogadishu", "Somalia", "SOM", 2.0371, 45.3438),
    ("Sanaa", "Yemen", "YEM", 15.3547, 44.2066),
    ("Gaza", "Palestine", "PSE", 31.5017, 34.4668),
    ("Maiduguri", "Nigeria", "NGA", 11.8469, 13.1571),
)


def synthetic_incidents(
    n: int, *, seed: int = 0, start: str = "2020-01-01", days: int = 1826, spread_km: float = 40.0
):
    """Return ``n`` random, well-formed incidents as a conforming GeoDataFrame.

    Parameters
    ----------
    n : int
        Number of rows.
    seed : int
        Random seed; the same seed gives the same rows (and the same ids).
    start : str
        First date; dates are uniform over ``days`` days from it.
    spread_km : float
        Rough scatter of points around their anchor town.
    """
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    from shapely import points

    from ..contract import COLUMNS, TAXONOMY

    rng = np.random.default_rng(seed)
    pairs = [(t, s, d) for t, (d, subs) in TAXONOMY.items() for s in subs]
    k = rng.integers(0, len(pairs), n)
    a = rng.integers(0, len(_ANCHORS), n)
    anchors = np.array([(x[3], x[4]) for x in _ANCHORS])
    deg = spread_km / 111.0
    lat = np.round(anchors[a, 0] + rng.normal(0, deg, n), 5)
    lon = np.round(anchors[a, 1] + rng.normal(0, deg, n), 5)
    day0 = np.datetime64(start, "D")
    offs = rng.integers(0, days, n)
    dates = (day0 + offs).astype("datetime64[ms]")
    fat = np.minimum(rng.geometric(0.35, n) - 1, 500)
    prec = rng.choice(np.array([1, 1, 1, 2, 3], dtype="int8"), n)
    seq = np.arange(n)
    data = {
        "event_id": pd.array(
            np.char.add(np.char.add(np.array([x[2] for x in _ANCHORS])[a], f"-syn{seed}-"), seq.astype(str)),
            dtype="string",
        ),
        "event_date": dates,
        "time_precision": pd.array(np.ones(n, dtype="int8"), dtype="Int8"),
        "date_start": dates,
        "date_end": dates,
        "disorder_type": pd.array(np.array([p[2] for p in pairs])[k], dtype="string"),
        "event_type": pd.array(np.array([p[0] for p in pairs])[k], dtype="string"),
        "sub_event_type": pd.array(np.array([p[1] for p in pairs])[k], dtype="string"),
        "inter1": pd.array(rng.integers(1, 9, n).astype("int8"), dtype="Int8"),
        "civilian_targeting": pd.array(rng.random(n) < 0.2, dtype="boolean"),
        "country": pd.array(np.array([x[1] for x in _ANCHORS])[a], dtype="string"),
        "iso3": pd.array(np.array([x[2] for x in _ANCHORS])[a], dtype="string"),
        "location": pd.array(np.array([x[0] for x in _ANCHORS])[a], dtype="string"),
        "latitude": lat,
        "longitude": lon,
        "geo_precision": pd.array(prec, dtype="Int8"),
        "location_relation": pd.array(np.where(prec == 1, "in", "near"), dtype="string"),
        "fatalities": pd.array(fat, dtype="Int64"),
        "source": pd.array(
            np.char.add("Synthetic wire ", rng.integers(1, 50, n).astype(str)), dtype="string"
        ),
        "notes": pd.array(np.full(n, "Synthetic incident for benchmarks."), dtype="string"),
        "confidence": np.round(rng.random(n), 3),
        "origin": pd.array(np.full(n, "user"), dtype="string"),
        "flags": pd.array(np.full(n, "synthetic"), dtype="string"),
    }
    cols = {}
    for c in COLUMNS:
        if c.name in data:
            cols[c.name] = data[c.name]
        else:
            cols[c.name] = (
                pd.Series(pd.array([None] * n, dtype=c.dtype)) if n else pd.Series([], dtype=c.dtype)
            )
            cols[c.name] = cols[c.name].to_numpy() if c.dtype.startswith("datetime") else cols[c.name].array
    df = pd.DataFrame(cols)
    for c in COLUMNS:
        if str(df[c.name].dtype) != c.dtype:
            df[c.name] = df[c.name].astype(c.dtype)
    return gpd.GeoDataFrame(df, geometry=points(lon, lat), crs="EPSG:4326")
