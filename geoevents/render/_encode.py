"""Turn an incident frame into the compact columns the browser client reads.

Strings are dictionary-encoded (values + integer codes) unless nearly every
row differs, dates become day numbers, numbers stay numbers, and all-empty
columns are left out. The result is serialised by :func:`script_json`, which is
safe to put inside an HTML ``<script>`` element whatever the strings hold.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["script_json", "encode_frame", "Encoded"]

_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def script_json(obj) -> str:
    """JSON text that can sit inside ``<script>`` unchanged.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes (so ``</script>`` and
    ``<!--`` can never appear), as are U+2028/U+2029. NaN is refused.

    >>> script_json({"a": "</script><!--"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for a, b in _ESCAPES:
        if a in s:
            s = s.replace(a, b)
    return s


def _clean_text(v: str) -> str:
    try:
        v.encode("utf-8")
        return v
    except UnicodeEncodeError:  # lone surrogates from a badly decoded input
        return v.encode("utf-8", "replace").decode("utf-8")


def _col(df, name):
    return df[name] if name in df.columns else None


def _strings(s, *, first_only: bool = False):
    """Encode a text column; ``None`` when it is empty throughout."""
    if s is None:
        return None
    s = s.astype("string")
    s = s.str.strip()
    if first_only:
        s = s.str.split(";").str[0].str.strip()
    s = s.where(s.str.len() > 0, pd.NA)
    if not s.notna().any():
        return None
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    values = np.asarray(uniques, dtype=object).tolist()
    try:  # one check for the whole column; fix values one by one only when needed
        "\x00".join(values).encode("utf-8")
    except UnicodeEncodeError:
        values = [_clean_text(v) for v in values]
    if len(values) > 0.6 * len(s):
        lookup = np.array(values + [None], dtype=object)
        return {"l": lookup[codes].tolist()}
    return {"v": values, "c": codes.tolist()}


def _floats(s, *, digits: int | None = None):
    if s is None:
        return None
    arr = pd.to_numeric(s, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    mask = np.isnan(arr)
    if mask.all():
        return None
    if digits is not None:
        arr = np.round(arr, digits)
    out = arr.tolist()
    for i in np.flatnonzero(mask):
        out[i] = None
    return out


def _ints(s, *, scale: float = 1.0, drop_if=None):
    if s is None:
        return None
    arr = pd.to_numeric(s, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    mask = np.isnan(arr)
    if mask.all():
        return None
    vals = np.where(mask, 0, np.round(arr * scale)).astype(np.int64)
    if drop_if is not None and not mask.any() and (vals == drop_if).all():
        return None
    out = vals.tolist()
    for i in np.flatnonzero(mask):
        out[i] = None
    return out


def _days(s) -> np.ndarray:
    """Days since 1970-01-01 as float (NaN for missing)."""
    if s is None:
        return None
    d = pd.to_datetime(s, errors="coerce")
    if getattr(d.dt, "tz", None) is not None:
        d = d.dt.tz_convert("UTC").dt.tz_localize(None)
    vals = d.to_numpy(dtype="datetime64[ns]")
    out = np.full(len(vals), np.nan)
    ok = ~np.isnat(vals)
    out[ok] = vals[ok].astype("datetime64[D]").astype(np.int64)
    return out


def _list(arr: np.ndarray, *, offset: float = 0.0):
    mask = np.isnan(arr)
    out = np.where(mask, 0, arr - offset).astype(np.int64).tolist()
    for i in np.flatnonzero(mask):
        out[i] = None
    return out


@dataclass
class Encoded:
    """What :func:`encode_frame` returns."""

    data: dict
    cfg: dict
    bounds: list | None
    mapped: int
    unmapped: int
    extra: dict = field(default_factory=dict)


def _groups_of(style: dict):
    """Flatten the style into ``types`` and ``groups`` lists for the client."""
    types, groups, sub_to_group, first_group = [], [], {}, {}
    for ti, t in enumerate(style["types"] + [style["unknown"]]):
        gids = []
        for g in t["groups"]:
            gi = len(groups)
            groups.append({"label": g["label"], "shape": g["shape"], "type": ti, "id": g["id"]})
            gids.append(gi)
            for sub in g["sub_event_types"]:
                sub_to_group[(t["type"], sub)] = gi
        first_group[t["type"]] = gids[0]
        types.append({"label": t["label"], "color": t["color"], "groups": gids, "type": t["type"]})
    return types, groups, sub_to_group


def _facet(s, *, label: str, key: str, top: int):
    if s is None:
        return None, None
    s = s.astype("string").str.split(";").str[0].str.strip()
    s = s.where(s.str.len() > 0, pd.NA)
    counts = s.value_counts()
    keep = [str(v) for v in counts.index[:top]]
    values = keep + (["Other or unknown"] if (len(counts) > top or s.isna().any()) else [])
    lookup = {v: i for i, v in enumerate(keep)}
    other = len(keep)
    codes = [lookup.get(v, other) if v is not None and v is not pd.NA else other for v in s.tolist()]
    return {"key": key, "label": label, "values": [_clean_text(v) for v in values]}, codes


def encode_frame(gdf, style: dict, *, layers_by=(), facet_top: int = 12) -> Encoded:
    """Encode ``gdf`` (a frame with the contract's columns) for the browser.

    Rows without coordinates are left out and counted in ``unmapped``.
    """
    df = gdf
    n0 = len(df)
    lat = (
        pd.to_numeric(_col(df, "latitude"), errors="coerce")
        if "latitude" in df.columns
        else pd.Series(np.nan, index=df.index)
    )
    lon = (
        pd.to_numeric(_col(df, "longitude"), errors="coerce")
        if "longitude" in df.columns
        else pd.Series(np.nan, index=df.index)
    )
    lat = np.array(lat.to_numpy(dtype="float64", na_value=np.nan), dtype="float64", copy=True)
    lon = np.array(lon.to_numpy(dtype="float64", na_value=np.nan), dtype="float64", copy=True)
    geom = getattr(df, "geometry", None) if hasattr(df, "geometry") and "geometry" in df.columns else None
    if geom is not None and (np.isnan(lat).any() or np.isnan(lon).any()):
        missing = np.isnan(lat) | np.isnan(lon)
        g = geom[missing]
        if getattr(g, "crs", None) is not None and g.crs.to_epsg() != 4326:
            g = g.to_crs(4326)
        ok = ~(g.isna() | g.is_empty).to_numpy()
        if ok.any():
            import shapely

            geoms = g[ok].to_numpy()
            is_pt = shapely.get_type_id(geoms) == 0
            pts = np.where(is_pt, geoms, shapely.point_on_surface(geoms))
            idx = np.flatnonzero(missing)[ok]
            lon[idx] = shapely.get_x(pts)
            lat[idx] = shapely.get_y(pts)
    has = ~(np.isnan(lat) | np.isnan(lon)) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    df = df[has] if not has.all() else df
    lat, lon = lat[has], lon[has]
    n = len(df)

    types, groups, sub_to_group = _groups_of(style)
    type_index = {t["type"]: i for i, t in enumerate(types) if t["type"] is not None}
    unknown_t = len(types) - 1
    et = _col(df, "event_type")
    st = _col(df, "sub_event_type")
    et = et.astype("string") if et is not None else pd.Series(pd.NA, index=df.index, dtype="string")
    st = st.astype("string") if st is not None else pd.Series(pd.NA, index=df.index, dtype="string")
    key = et.fillna("") + "\x1f" + st.fillna("")
    codes, uniques = pd.factorize(key)
    t_of, g_of = [], []
    for u in uniques:
        t_name, _, sub = u.partition("\x1f")
        ti = type_index.get(t_name, unknown_t)
        gi = sub_to_group.get((types[ti]["type"], sub))
        if gi is None:  # a sub-type the style does not place: a group of its own under the type
            label = f"{sub} (other)" if sub else "Sub-type not coded"
            found = [g for g in types[ti]["groups"] if groups[g]["label"] == label]
            if found:
                gi = found[0]
            else:
                gi = len(groups)
                groups.append({"label": label, "shape": "circle", "type": ti, "id": f"extra-{gi}"})
                types[ti]["groups"].append(gi)
        t_of.append(ti)
        g_of.append(gi)
    t_arr = np.asarray(t_of, dtype=np.int64)[codes] if n else np.zeros(0, dtype=np.int64)
    g_arr = np.asarray(g_of, dtype=np.int64)[codes] if n else np.zeros(0, dtype=np.int64)

    day = _days(_col(df, "event_date"))
    if day is None:
        day = np.full(n, np.nan)
    d0 = _days(_col(df, "date_start"))
    d1 = _days(_col(df, "date_end"))
    d0 = day.copy() if d0 is None else np.where(np.isnan(d0), day, d0)
    d1 = day.copy() if d1 is None else np.where(np.isnan(d1), day, d1)
    dated = ~np.isnan(day)
    if dated.any():
        lo_day = float(np.nanmin(d0[dated]))
        hi_day = float(np.nanmax(d1[dated]))
    else:
        lo_day = hi_day = 0.0

    data: dict = {"n": n}
    data["lat"] = np.round(lat, 5).tolist()
    data["lon"] = np.round(lon, 5).tolist()
    data["type"] = t_arr.tolist()
    data["grp"] = g_arr.tolist()
    data["day"] = _list(day)
    before = np.where(dated, day - d0, 0)
    after = np.where(dated, d1 - day, 0)
    if before.any():
        data["d0"] = np.nan_to_num(before).astype(np.int64).tolist()
    if after.any():
        data["d1"] = np.nan_to_num(after).astype(np.int64).tolist()
    pub = _days(_col(df, "published"))
    if pub is not None and not np.isnan(pub).all():
        data["pub"] = _list(pub)
    for out, name in (
        ("tp", "time_precision"),
        ("gp", "geo_precision"),
        ("fat", "fatalities"),
        ("flo", "fatalities_low"),
        ("fhi", "fatalities_high"),
        ("inj", "injuries"),
    ):
        v = _ints(_col(df, name))
        if v is not None:
            data[out] = v
    conf = _ints(_col(df, "confidence"), scale=100)
    if conf is not None:
        data["conf"] = conf
    claim = _col(df, "claim")
    if claim is not None:
        c = pd.array(claim, dtype="boolean")
        if c.fillna(False).any():
            data["claim"] = np.asarray(c.fillna(False), dtype=np.int8).tolist()
    rad = _floats(_col(df, "radius_km"), digits=2)
    if rad is not None:
        data["rad"] = [0 if r is None else r for r in rad]
    # a ring wants a radius: use the style's default for imprecise rows without one
    gp = _col(df, "geo_precision")
    if gp is not None:
        gpv = pd.to_numeric(gp, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        defaults = style.get("uncertainty", {}).get("default_radius_km", {})
        if any(int(k) >= 2 for k in defaults):
            radius = np.array(data.get("rad", [0] * n), dtype="float64")
            for k, v in defaults.items():
                sel = (gpv == int(k)) & (radius <= 0)
                radius[sel] = float(v)
            if (radius > 0).any():
                data["rad"] = np.round(radius, 2).tolist()
    for out, name in (("dlat", "dest_latitude"), ("dlon", "dest_longitude")):
        v = _floats(_col(df, name), digits=5)
        if v is not None:
            data[out] = v
    strings = {
        "sub": "sub_event_type",
        "rel": "location_relation",
        "actor1": "actor1",
        "actor2": "actor2",
        "assoc1": "assoc_actor_1",
        "assoc2": "assoc_actor_2",
        "location": "location",
        "admin1": "admin1",
        "country": "country",
        "source": "source",
        "url": "source_url",
        "attribution": "attribution",
        "notes": "notes",
        "flags": "flags",
        "id": "event_id",
        "dest": "dest_location",
    }
    for out, name in strings.items():
        v = _strings(_col(df, name))
        if v is not None:
            data[out] = v

    facets = []
    wanted = {"actor": ("actor1", "By actor (actor 1)"), "source": ("source", "By source")}
    for kind in layers_by or ():
        if kind not in wanted:
            from ..exc import InputError

            raise InputError(f"layers_by: unknown facet {kind!r}; expected one of {', '.join(wanted)}")
        col, label = wanted[kind]
        f, fcodes = _facet(_col(df, col), label=label, key=kind, top=facet_top)
        if f is not None:
            facets.append(f)
            data["facet_" + kind] = fcodes

    type_totals = np.bincount(t_arr, minlength=len(types)).tolist() if n else [0] * len(types)
    group_totals = np.bincount(g_arr, minlength=len(groups)).tolist() if n else [0] * len(groups)

    bounds = None
    if n:
        lats, lons = lat, lon
        dl = data.get("dlat")
        if dl is not None:
            dla = np.array([np.nan if v is None else v for v in dl])
            dlo = (
                np.array([np.nan if v is None else v for v in data["dlon"]])
                if "dlon" in data
                else np.full(n, np.nan)
            )
            ok = ~(np.isnan(dla) | np.isnan(dlo))
            lats = np.concatenate([lat, dla[ok]])
            lons = np.concatenate([lon, dlo[ok]])
        s_, n_ = float(lats.min()), float(lats.max())
        w_, e_ = float(lons.min()), float(lons.max())
        if n_ - s_ < 0.05:
            s_, n_ = s_ - 0.05, n_ + 0.05
        if e_ - w_ < 0.05:
            w_, e_ = w_ - 0.05, e_ + 0.05
        bounds = [[s_, w_], [n_, e_]]

    cfg = {
        "types": types,
        "groups": groups,
        "typeTotals": type_totals,
        "groupTotals": group_totals,
        "day0": int(lo_day),
        "span": int(hi_day - lo_day),
        "dated": bool(dated.any()),
        "facets": facets,
        "mapped": n,
        "unmapped": n0 - n,
    }
    data["day"] = [None if v is None else v - int(lo_day) for v in data["day"]]
    cfg["dayOffset"] = True
    return Encoded(
        data=data,
        cfg=cfg,
        bounds=bounds,
        mapped=n,
        unmapped=n0 - n,
        extra={"type_totals": type_totals, "lo_day": lo_day, "hi_day": hi_day, "df": df},
    )


def fmt_day(day: float) -> str:
    d = pd.Timestamp(int(day), unit="D")
    return f"{d.day} {d.strftime('%b %Y')}"


def fmt_range(a: float, b: float) -> str:
    if a == b:
        return fmt_day(a)
    da, db = pd.Timestamp(int(a), unit="D"), pd.Timestamp(int(b), unit="D")
    if da.year == db.year and da.month == db.month:
        return f"{da.day}\u2013{fmt_day(b)}"
    if da.year == db.year:
        return f"{da.day} {da.strftime('%b')} \u2013 {fmt_day(b)}"
    return f"{fmt_day(a)} \u2013 {fmt_day(b)}"


def summary_line(enc: Encoded) -> str:
    """One line: date range, counts by type, fatalities (with the reported range), unmapped rows."""
    df = enc.extra["df"]
    total = enc.mapped + enc.unmapped
    parts = []
    if enc.cfg["dated"]:
        parts.append(fmt_range(enc.extra["lo_day"], enc.extra["hi_day"]))
    by_type = sorted(
        ((c, t["label"]) for c, t in zip(enc.extra["type_totals"], enc.cfg["types"], strict=True) if c),
        reverse=True,
    )
    counts = ", ".join(f"{label} {c:,}" for c, label in by_type)
    inc = f"{total:,} incident{'s' if total != 1 else ''}"
    parts.append(f"{inc}: {counts}" if counts else inc)
    if "fatalities" in df.columns:
        f = pd.to_numeric(df["fatalities"], errors="coerce")
        if f.notna().any():
            txt = f"{int(f.sum()):,} fatalities"
            lo = (
                pd.to_numeric(df.get("fatalities_low"), errors="coerce")
                if "fatalities_low" in df.columns
                else None
            )
            hi = (
                pd.to_numeric(df.get("fatalities_high"), errors="coerce")
                if "fatalities_high" in df.columns
                else None
            )
            if lo is not None and hi is not None and lo.notna().any() and hi.notna().any():
                lo_sum = int(lo.fillna(f).fillna(0).sum())
                hi_sum = int(hi.fillna(f).fillna(0).sum())
                if (lo_sum, hi_sum) != (int(f.sum()), int(f.sum())):
                    txt += f" (reported {lo_sum:,}\u2013{hi_sum:,})"
            parts.append(txt)
    if enc.unmapped:
        parts.append(f"{enc.unmapped:,} not mapped (no coordinates)")
    return " \u00b7 ".join(parts)


def _finite(x) -> bool:  # pragma: no cover - tiny helper
    return isinstance(x, (int, float)) and math.isfinite(x)
