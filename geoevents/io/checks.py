"""Validation and repair of incident tables on read.

Files from elsewhere break the contract in familiar ways: a missing column, a
latitude of 95, a longitude of 200, latitude and longitude swapped, a date no
one can read, the same id twice. :func:`prepare` finds these before
:func:`geoevents.contract.conform` runs. With ``errors="raise"`` the first
problem raises a :class:`~geoevents.exc.SchemaError` naming the file, row and
column; with ``errors="warn"`` (the default) the row is repaired (a value it
cannot trust becomes missing, a swapped point is swapped back), the row's
``flags`` column says what was done, and a :class:`DataWarning` says it too.
Nothing is dropped silently and no point is drawn where the data do not say.
"""

from __future__ import annotations

import warnings
from typing import Any

from ..contract import COLUMN_NAMES, COLUMNS, CORE_COLUMNS, make_event_id
from ..exc import SchemaError

__all__ = ["DataWarning", "prepare", "add_flag", "REQUIRED"]

#: Columns a file must have (coordinates may come from a point geometry instead).
REQUIRED = ("event_date", "event_type")

_DATES = tuple(c.name for c in COLUMNS if c.dtype.startswith("datetime"))
_INTS = tuple(c.name for c in COLUMNS if c.dtype in ("Int8", "Int64"))
_BOOLS = tuple(c.name for c in COLUMNS if c.dtype == "boolean")
_FLOATS = tuple(c.name for c in COLUMNS if c.dtype == "float64")
_MAX_REPAIRS = 200


class DataWarning(UserWarning):
    """A row of an input file was repaired (see its ``flags`` column)."""


def add_flag(flags, mask, flag: str):
    """Return ``flags`` (a Series of ';'-joined strings) with ``flag`` added where ``mask``."""
    import pandas as pd

    mask = pd.Series(mask, index=flags.index).fillna(False).astype(bool)
    if not mask.any():
        return flags
    cur = flags.astype("object").where(flags.notna(), "")
    new = cur.copy()
    sel = cur[mask]
    new[mask] = [f if flag in f.split(";") else (f + ";" + flag if f else flag) for f in sel]
    return new.where(new != "", None)


class _Reporter:
    def __init__(self, where: str, errors: str):
        if errors not in ("warn", "raise"):
            raise ValueError(f"errors must be 'warn' or 'raise', not {errors!r}")
        self.where = where
        self.errors = errors

    def problem(self, df, column: str, rows, why: str, fix: str) -> None:
        rows = list(rows)
        if not rows:
            return
        first = rows[0]
        eid = df["event_id"].iloc[first] if "event_id" in df.columns else None
        label = f"row {first}" + (f" (event_id {eid})" if isinstance(eid, str) and eid else "")
        more = f" (and {len(rows) - 1} more rows)" if len(rows) > 1 else ""
        msg = f"{self.where}: column {column!r}, {label}: {why}{more}"
        if self.errors == "raise":
            raise SchemaError(msg, column=column, row=first)
        warnings.warn(f"{msg}; {fix}", DataWarning, stacklevel=4)


def _blank(s):
    return s.isna() | (s.astype("string").str.strip().fillna("") == "")


def prepare(df, *, where: str = "input", origin: str = "user", errors: str = "warn"):
    """Check and repair a raw table so that :func:`conform` accepts it.

    Parameters
    ----------
    df : pandas.DataFrame or geopandas.GeoDataFrame
        The table as read from a file, columns already renamed to the contract.
    where : str
        Name of the input, for messages.
    origin : str
        ``origin`` of rows that carry none.
    errors : {"warn", "raise"}
        Repair with a warning, or raise on the first problem.

    Returns
    -------
    geopandas.GeoDataFrame
        A conforming frame (see :func:`geoevents.contract.conform`).
    """
    import numpy as np
    import pandas as pd

    from ..contract import conform

    rep = _Reporter(where, errors)
    if len(df) == 0:
        from ..contract import empty_frame

        return empty_frame()
    df = df.reset_index(drop=True).copy()
    geom = None
    if "geometry" in df.columns:
        import geopandas as gpd

        geom = gpd.GeoSeries(df["geometry"])
        if geom.crs is not None and geom.crs.to_epsg() != 4326:
            geom = geom.to_crs(4326)
        df = pd.DataFrame(df.drop(columns="geometry"))
        present = ~geom.isna() & ~geom.is_empty
        pts = present & (geom.geom_type == "Point")
        nonpt = present & ~pts
        if nonpt.any():
            # a polygon or line: use its representative point, flagged
            rp = geom[nonpt].representative_point()
            geom = geom.copy()
            geom[nonpt] = rp
            df["flags"] = add_flag(df.get("flags", pd.Series([None] * len(df))), nonpt, "geometry_to_point")
            pts = pts | nonpt
        xs = np.full(len(df), np.nan)
        ys = np.full(len(df), np.nan)
        if pts.any():
            xs[pts.to_numpy()] = geom[pts].x.to_numpy()
            ys[pts.to_numpy()] = geom[pts].y.to_numpy()
        for name, vals in (("latitude", ys), ("longitude", xs)):
            if name not in df.columns:
                df[name] = vals
            else:
                cur = pd.to_numeric(df[name], errors="coerce")
                df[name] = df[name].where(cur.notna() | ~pd.Series(~np.isnan(vals)), vals)
    missing = [c for c in REQUIRED if c not in df.columns]
    if "latitude" not in df.columns or "longitude" not in df.columns:
        missing += [c for c in ("latitude", "longitude") if c not in df.columns]
    if missing:
        raise SchemaError(
            f"{where}: missing column{'s' if len(missing) > 1 else ''} "
            + ", ".join(repr(m) for m in missing)
            + " (incidents need a date, a type and coordinates or a point geometry)",
            column=missing[0],
        )
    had_origin = "origin" in df.columns
    absent_core = [c.name for c in CORE_COLUMNS if c.name not in df.columns and c.name != "event_id"]
    for name in COLUMN_NAMES:
        if name not in df.columns:
            df[name] = pd.Series([None] * len(df), index=df.index, dtype=object)
    if absent_core and len(df):
        warnings.warn(f"{where}: no column {', '.join(absent_core)}; left missing", DataWarning, stacklevel=3)
    df["flags"] = df["flags"].astype("object").where(df["flags"].notna(), None)
    if not had_origin:
        df["origin"] = origin

    # --- dates --------------------------------------------------------------
    for name in _DATES:
        raw = df[name]
        if pd.api.types.is_datetime64_any_dtype(raw):
            continue
        parsed = pd.to_datetime(raw, errors="coerce", format="mixed")
        bad = (parsed.isna() & ~_blank(raw)).to_numpy()
        if bad.any():
            rows = np.flatnonzero(bad)
            rep.problem(
                df,
                name,
                rows,
                f"cannot read {raw.iloc[rows[0]]!r} as a date",
                "left missing, flagged bad_date",
            )
            df[name] = raw.where(~bad, None)
            df["flags"] = add_flag(df["flags"], bad, "bad_date")

    # --- numbers -------------------------------------------------------------
    for name in _INTS + _FLOATS:
        raw = df[name]
        if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
            num = raw
            bad = np.zeros(len(raw), dtype=bool)
        else:
            blank = _blank(raw)
            num = pd.to_numeric(raw.astype("object").where(~blank, None), errors="coerce")
            bad = (num.isna() & ~blank).to_numpy()
        if name in _INTS:
            with np.errstate(invalid="ignore"):
                frac = (num.notna() & (num.astype("Float64") % 1 != 0)).fillna(False).to_numpy()
            bad = bad | frac
        if bad.any():
            rows = np.flatnonzero(bad)
            rep.problem(
                df,
                name,
                rows,
                f"{raw.iloc[rows[0]]!r} is not a {'whole ' if name in _INTS else ''}number",
                f"left missing, flagged bad_{name}",
            )
            num = num.where(~bad, np.nan)
            df["flags"] = add_flag(df["flags"], bad, f"bad_{name}")
        df[name] = num

    # --- booleans stored as numbers (FlatGeobuf, some GIS tools) ---------------
    for name in _BOOLS:
        raw = df[name]
        if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
            df[name] = raw.map(lambda v: None if v != v else bool(v) if v in (0, 1) else v).astype("object")

    # --- coordinates -----------------------------------------------------------
    _check_coordinates(df, rep)

    # --- ids -------------------------------------------------------------------
    ids = df["event_id"].astype("object")
    no_id = _blank(df["event_id"]).to_numpy()
    if no_id.any():
        gen = [
            make_event_id(
                origin,
                r.get("event_date"),
                r.get("event_type"),
                r.get("sub_event_type"),
                r.get("latitude"),
                r.get("longitude"),
                r.get("location"),
                r.get("notes"),
                r.get("source"),
                iso3=r.get("iso3") if isinstance(r.get("iso3"), str) else None,
            )
            for r in df.loc[no_id].to_dict("records")
        ]
        ids = ids.copy()
        ids[no_id] = gen
        if not (no_id.all() and "event_id" in absent_core):
            warnings.warn(
                f"{where}: {int(no_id.sum())} rows had no event_id; stable ids were made from their content",
                DataWarning,
                stacklevel=3,
            )
        df["event_id"] = ids
    dup = df["event_id"].duplicated(keep=False).to_numpy()
    if dup.any():
        body = [c for c in df.columns if c != "flags"]
        same = pd.DataFrame(df[body]).astype("string").duplicated(keep="first").to_numpy()
        if same.any():
            rows = np.flatnonzero(same)
            rep.problem(
                df,
                "event_id",
                rows,
                f"row repeats an earlier row (event_id {df['event_id'].iloc[rows[0]]!r})",
                "the repeat was dropped",
            )
            keep = ~same
            df = df.loc[keep].reset_index(drop=True)
            if geom is not None:
                geom = geom[keep].reset_index(drop=True)
        dupd = df["event_id"].duplicated(keep="first").to_numpy()
        if dupd.any():
            rows = np.flatnonzero(dupd)
            rep.problem(
                df,
                "event_id",
                rows,
                f"duplicate event_id {df['event_id'].iloc[rows[0]]!r} for a different incident",
                "renamed with a -dupN suffix, flagged duplicate_id",
            )
            counter: dict[str, int] = {}
            new = df["event_id"].astype("object").tolist()
            seen = set(new)
            for i in rows:
                base = new[i]
                n = counter.get(base, 1)
                while True:
                    n += 1
                    cand = f"{base}-dup{n}"
                    if cand not in seen:
                        break
                counter[base] = n
                new[i] = cand
                seen.add(cand)
            df["event_id"] = new
            df["flags"] = add_flag(df["flags"], dupd, "duplicate_id")

    # --- the rest: let the contract's validator name what is left -------------
    return _conform_repairing(df, rep, conform)


def _check_coordinates(df, rep: _Reporter) -> None:
    import numpy as np
    import pandas as pd

    from .countries import country as find_country

    lat = df["latitude"].to_numpy(dtype="float64", na_value=np.nan).copy()
    lon = df["longitude"].to_numpy(dtype="float64", na_value=np.nan).copy()
    # bounding boxes of the country each row names (iso3 first, then name)
    keys = df["iso3"].astype("object").where(~_blank(df["iso3"]), df["country"].astype("object"))
    table: list[Any] = [(np.nan,) * 4]
    iso2s: list[Any] = [None]
    index: dict[Any, int] = {}
    for k in pd.unique(keys.dropna()):
        c = find_country(str(k))
        if c is not None and c.box:
            index[k] = len(table)
            table.append(c.box)
            iso2s.append(c.iso2)
    codes = keys.map(index).fillna(0).to_numpy(dtype="int64")
    boxes = np.asarray(table, dtype="float64")[codes]
    known = ~np.isnan(boxes[:, 0])
    with np.errstate(invalid="ignore"):

        def inside(la, lo):
            return (la >= boxes[:, 0]) & (la <= boxes[:, 2]) & (lo >= boxes[:, 1]) & (lo <= boxes[:, 3])

        has = ~np.isnan(lat) & ~np.isnan(lon)
        out_range = has & ((np.abs(lat) > 90) | (np.abs(lon) > 180))
        swap_ok_range = (np.abs(lon) <= 90) & (np.abs(lat) <= 180)
        in_here = inside(lat, lon)
        in_swapped = inside(lon, lat)
        # swapped: out of range but fine when swapped (and in the country, when known),
        # or in range but outside the named country and inside it once swapped
        swapped = has & (
            (out_range & swap_ok_range & (~known | in_swapped)) | (~out_range & known & ~in_here & in_swapped)
        )
        # both orders inside the country's coarse box (Aleppo: 36.2, 37.1): ask the
        # gazetteer, when it is installed, which order lies in the country
        ambiguous = has & ~out_range & known & in_here & in_swapped & (np.abs(lat - lon) > 0.5)
        swapped |= _swapped_by_gazetteer(lat, lon, ambiguous, np.asarray(iso2s, dtype=object)[codes])
        unusable = has & out_range & ~swapped
        outside = has & ~out_range & known & ~in_here & ~in_swapped
        half = np.isnan(lat) != np.isnan(lon)
    if swapped.any():
        rows = np.flatnonzero(swapped)
        rep.problem(
            df,
            "latitude",
            rows,
            f"latitude {lat[rows[0]]} / longitude {lon[rows[0]]} look swapped"
            + (f" for {keys.iloc[rows[0]]}" if known[rows[0]] else ""),
            "swapped back, flagged swapped_latlon",
        )
        lat[swapped], lon[swapped] = lon[swapped], lat[swapped].copy()
        df["flags"] = add_flag(df["flags"], swapped, "swapped_latlon")
    def drop_point(mask, column, why):
        """Report the rows, leave their coordinates missing (not mapped) and flag them."""
        rep.problem(df, column, np.flatnonzero(mask), why, "coordinates left missing (not mapped), flagged bad_coordinates")
        lat[mask] = np.nan
        lon[mask] = np.nan
        df["flags"] = add_flag(df["flags"], mask, "bad_coordinates")

    if unusable.any():
        r = np.flatnonzero(unusable)[0]
        drop_point(unusable, "latitude" if abs(lat[r]) > 90 else "longitude",
                   f"latitude {lat[r]} / longitude {lon[r]} is not a place on Earth")
    if half.any():
        drop_point(half, "latitude", "only one of latitude and longitude is set")
    if outside.any():
        rows = np.flatnonzero(outside)
        rep.problem(
            df,
            "latitude",
            rows,
            f"point ({lat[rows[0]]}, {lon[rows[0]]}) lies outside {keys.iloc[rows[0]]}",
            "kept, flagged outside_country",
        )
        df["flags"] = add_flag(df["flags"], outside, "outside_country")
    df["latitude"] = lat
    df["longitude"] = lon


#: At most this many ambiguous rows are checked against the gazetteer per read (0.6 ms each).
GAZETTEER_CHECKS = 5000


def _swapped_by_gazetteer(lat, lon, ambiguous, iso2):
    """Rows whose point is in another country while the swapped point is in the row's country."""
    import numpy as np

    out = np.zeros(len(lat), dtype=bool)
    rows = np.flatnonzero(ambiguous)
    if not len(rows) or len(rows) > GAZETTEER_CHECKS:
        return out
    try:
        from ..gazetteer import Gazetteer

        gaz = Gazetteer.default()
        reverse = gaz.reverse
    except Exception:  # no gazetteer built or installed: the coarse boxes are all we have
        return out
    for i in rows:
        try:
            here = reverse(float(lat[i]), float(lon[i])).get("country_code")
            if here is None or here == iso2[i]:
                continue
            there = reverse(float(lon[i]), float(lat[i])).get("country_code")
        except Exception:
            continue
        if there == iso2[i]:
            out[i] = True
    return out


def _conform_repairing(df, rep: _Reporter, conform):
    import pandas as pd

    for _ in range(_MAX_REPAIRS):
        try:
            return conform(df)
        except SchemaError as err:
            col, row = err.column, err.row
            if rep.errors == "raise" or col is None or row is None or col == "event_id":
                raise SchemaError(f"{rep.where}: {err}", column=col, row=row) from None
            warnings.warn(f"{rep.where}: {err}; left missing, flagged bad_{col}", DataWarning, stacklevel=3)
            if col in ("latitude", "longitude", "geometry"):
                df.loc[row, ["latitude", "longitude"]] = float("nan")
            else:
                s = df[col]
                df[col] = s.astype("object")
                df.loc[row, col] = None
            flags = df["flags"].astype("object")
            mask = pd.Series(False, index=df.index)
            mask.iloc[row] = True
            df["flags"] = add_flag(flags, mask, f"bad_{col}")
    raise SchemaError(f"{rep.where}: more than {_MAX_REPAIRS} rows break the contract; fix the file")
