"""The incident contract: the columns every stage of geoevents agrees on.

This module is the single owner of the incident schema. Extraction produces
frames that :func:`conform` to it, the store and the formats read and write it,
and the map draws from it. Nothing here imports any other stage.

The core columns follow the public ACLED export layout so analysts recognise
them and ACLED exports load straight in. The taxonomy (disorder types, event
types, sub-event types, interaction codes, time and geo precision codes) is
taken from the ACLED Codebook (Armed Conflict Location & Event Data Project,
2023 edition), which defines the categories; the wording of the
descriptions here is ours.

geoevents adds a few extension columns after the ACLED ones (``doc_id``,
``origin``, ``claim``, the wounded/missing/captured counts, the destination of
``toward``/``between`` incidents, an uncertainty radius and quality ``flags``).
Every frame carries all of them, in the order of :data:`COLUMNS`.

Examples
--------
>>> from geoevents.contract import empty_frame, validate
>>> gdf = empty_frame()
>>> list(gdf.columns)[:3]
['event_id', 'event_date', 'time_precision']
>>> validate(gdf)
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from datetime import date as _date
from typing import Any, Iterable, Mapping

from .exc import SchemaError

__all__ = [
    "Column",
    "COLUMNS",
    "CORE_COLUMNS",
    "EXTENSION_COLUMNS",
    "COLUMN_NAMES",
    "TAXONOMY",
    "EVENT_TYPES",
    "SUB_EVENT_TYPES",
    "DISORDER_TYPES",
    "INTER_CODES",
    "TIME_PRECISION",
    "GEO_PRECISION",
    "RELATIONS",
    "ORIGINS",
    "CRS",
    "disorder_type_for",
    "event_type_for",
    "make_event_id",
    "doc_id_for",
    "empty_frame",
    "from_records",
    "conform",
    "validate",
    "points_from_latlon",
]

CRS = "EPSG:4326"

# --- taxonomy (categories from the ACLED Codebook, 2023) ---------------------

#: event_type -> (disorder_type, sub_event_types). Strategic developments and
#: the two kinds of riot are the only places where the disorder type depends on
#: the sub-type; see :func:`disorder_type_for`.
TAXONOMY: dict[str, tuple[str, tuple[str, ...]]] = {
    "Battles": (
        "Political violence",
        ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    ),
    "Explosions/Remote violence": (
        "Political violence",
        (
            "Chemical weapon",
            "Air/drone strike",
            "Suicide bomb",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Grenade",
        ),
    ),
    "Violence against civilians": (
        "Political violence",
        ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    ),
    "Protests": (
        "Demonstrations",
        ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    ),
    "Riots": ("Demonstrations", ("Violent demonstration", "Mob violence")),
    "Strategic developments": (
        "Strategic developments",
        (
            "Agreement",
            "Arrests",
            "Change to group/activity",
            "Disrupted weapons use",
            "Headquarters or base established",
            "Looting/property destruction",
            "Non-violent transfer of territory",
            "Other",
        ),
    ),
}

EVENT_TYPES: tuple[str, ...] = tuple(TAXONOMY)
SUB_EVENT_TYPES: tuple[str, ...] = tuple(s for _, subs in TAXONOMY.values() for s in subs)
DISORDER_TYPES: tuple[str, ...] = (
    "Political violence",
    "Demonstrations",
    "Strategic developments",
    "Political violence; Demonstrations",
)
_SUB_TO_TYPE = {s: t for t, (_, subs) in TAXONOMY.items() for s in subs}

#: ACLED interaction codes for actor1/actor2 (``inter1``/``inter2``).
INTER_CODES: dict[int, str] = {
    0: "No actor",
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

#: ACLED time precision: how exactly ``event_date`` is known.
TIME_PRECISION: dict[int, str] = {1: "day", 2: "week", 3: "month"}
#: ACLED geo precision: how exactly the point is known.
GEO_PRECISION: dict[int, str] = {1: "town", 2: "near or part of a town", 3: "region"}
#: How the incident relates to the named place.
RELATIONS: tuple[str, ...] = ("in", "near", "toward", "between", "offset", "region")
#: Where a row came from.
ORIGINS: tuple[str, ...] = ("geoevents", "acled", "gdelt", "user")


def event_type_for(sub_event_type: str) -> str:
    """Return the event type a sub-event type belongs to.

    >>> event_type_for("Air/drone strike")
    'Explosions/Remote violence'
    """
    try:
        return _SUB_TO_TYPE[sub_event_type]
    except KeyError:
        raise SchemaError(
            f"unknown sub_event_type {sub_event_type!r}; expected one of {', '.join(SUB_EVENT_TYPES)}",
            column="sub_event_type",
        ) from None


def disorder_type_for(event_type: str, sub_event_type: str | None = None) -> str:
    """Return ACLED's disorder type for an event (sub-)type.

    >>> disorder_type_for("Riots", "Mob violence")
    'Political violence'
    """
    if event_type == "Riots" and sub_event_type == "Mob violence":
        return "Political violence"
    try:
        return TAXONOMY[event_type][0]
    except KeyError:
        raise SchemaError(
            f"unknown event_type {event_type!r}; expected one of {', '.join(EVENT_TYPES)}",
            column="event_type",
        ) from None


# --- columns -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the contract.

    Parameters
    ----------
    name : str
        Column name, as in ACLED exports where ACLED has it.
    dtype : str
        The pandas dtype every frame carries (``"string"``, ``"Int64"``...).
    doc : str
        What the column means.
    values : tuple, optional
        The allowed values, when the column is categorical.
    core : bool
        ``True`` for the ACLED-compatible columns, ``False`` for extensions.
    """

    name: str
    dtype: str
    doc: str
    values: tuple | None = None
    core: bool = True


_S, _D, _I8, _I64, _F, _B = "string", "datetime64[ms]", "Int8", "Int64", "float64", "boolean"

CORE_COLUMNS: tuple[Column, ...] = (
    Column("event_id", _S, "Stable id: the same input always gives the same id."),
    Column("event_date", _D, "Date of the incident (the start of the range when imprecise)."),
    Column("time_precision", _I8, "1 day, 2 week, 3 month (ACLED).", tuple(TIME_PRECISION)),
    Column("date_start", _D, "First day the incident may have happened."),
    Column("date_end", _D, "Last day the incident may have happened."),
    Column("disorder_type", _S, "ACLED disorder type.", DISORDER_TYPES),
    Column("event_type", _S, "ACLED event type.", EVENT_TYPES),
    Column("sub_event_type", _S, "ACLED sub-event type.", SUB_EVENT_TYPES),
    Column("actor1", _S, "Main actor, named as ACLED names actors."),
    Column("assoc_actor_1", _S, "Actors associated with actor1 (semicolon-separated)."),
    Column("inter1", _I8, "Interaction code of actor1 (1 state forces ... 8 external/other).", tuple(INTER_CODES)),
    Column("actor2", _S, "Second actor or target."),
    Column("assoc_actor_2", _S, "Actors associated with actor2."),
    Column("inter2", _I8, "Interaction code of actor2.", tuple(INTER_CODES)),
    Column("civilian_targeting", _B, "True when civilians were the target."),
    Column("country", _S, "Country name."),
    Column("iso3", _S, "ISO 3166-1 alpha-3 code of the country."),
    Column("admin1", _S, "First-level division name."),
    Column("admin2", _S, "Second-level division name."),
    Column("location", _S, "Name of the place the incident is coded at."),
    Column("latitude", _F, "WGS84 latitude of the coded point."),
    Column("longitude", _F, "WGS84 longitude of the coded point."),
    Column("geo_precision", _I8, "1 town, 2 near or part of, 3 region (ACLED).", tuple(GEO_PRECISION)),
    Column("location_relation", _S, "in, near, toward, between, offset or region.", RELATIONS),
    Column("fatalities", _I64, "Conservative fatality count (ACLED's lowest credible figure)."),
    Column("fatalities_low", _I64, "Lowest figure reported."),
    Column("fatalities_high", _I64, "Highest figure reported (missing when open-ended)."),
    Column("source", _S, "Name(s) of the source(s), semicolon-separated."),
    Column("source_url", _S, "URL(s) of the source(s), semicolon-separated."),
    Column("published", _D, "Publication date of the (first) source."),
    Column("attribution", _S, "Who the text says reported or claimed the incident."),
    Column("notes", _S, "The sentence(s) the incident was coded from."),
    Column("evidence", _S, "JSON list of {doc, source, spans: {field: [start, end]}}."),
    Column("confidence", _F, "0-1: how sure geoevents is of the incident as coded."),
)

EXTENSION_COLUMNS: tuple[Column, ...] = (
    Column("doc_id", _S, "Content hash of the source document(s), semicolon-separated.", core=False),
    Column("origin", _S, "geoevents, acled, gdelt or user.", ORIGINS, core=False),
    Column("claim", _B, "True when the incident rests on an unverified claim.", core=False),
    Column("injuries", _I64, "Wounded, kept apart from fatalities.", core=False),
    Column("missing", _I64, "Reported missing.", core=False),
    Column("captured", _I64, "Reported captured or detained.", core=False),
    Column("dest_location", _S, "Destination of a 'toward' or second place of a 'between' incident.", core=False),
    Column("dest_latitude", _F, "Latitude of dest_location.", core=False),
    Column("dest_longitude", _F, "Longitude of dest_location.", core=False),
    Column("radius_km", _F, "Radius of the area the incident may lie in (0 when exact).", core=False),
    Column("flags", _S, "Semicolon-separated quality warnings (future_date, absurd_count...).", core=False),
)

COLUMNS: tuple[Column, ...] = CORE_COLUMNS + EXTENSION_COLUMNS
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
_BY_NAME = {c.name: c for c in COLUMNS}
_DATE_COLUMNS = tuple(c.name for c in COLUMNS if c.dtype == _D)


# --- ids -----------------------------------------------------------------------


def doc_id_for(text: str) -> str:
    """Return the content hash that names a document (16 hex digits of SHA-1).

    >>> doc_id_for("hello")
    'aaf4c61ddcc5e8a2'
    """
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def make_event_id(*parts: Any, iso3: str | None = None) -> str:
    """Build a stable event id from the parts that identify an incident.

    The same parts always give the same id, across processes and machines.
    The id starts with the ISO3 code as ACLED's ``event_id_cnty`` does.

    >>> make_event_id("abc", "Air/drone strike", "2024-11-30", iso3="SYR")
    'SYR-27c3d1667220'
    """
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    digest = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{(iso3 or 'UNK').upper()}-{digest}"


# --- frames --------------------------------------------------------------------


def _gpd():
    import geopandas

    return geopandas


def points_from_latlon(lat, lon):
    """Shapely points from latitude and longitude arrays; missing coordinates give no geometry.

    The one place geoevents turns (latitude, longitude) into a geometry:
    shapely's x is the longitude and y the latitude.
    """
    import numpy as np
    from shapely import points

    lat = np.asarray(lat, dtype="float64")
    lon = np.asarray(lon, dtype="float64")
    geoms = points(lon, lat)
    geoms[np.isnan(lat) | np.isnan(lon)] = None
    return geoms


def empty_frame():
    """Return an empty GeoDataFrame with every contract column and dtype."""
    import pandas as pd

    gpd = _gpd()
    data = {c.name: pd.Series([], dtype=c.dtype) for c in COLUMNS}
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)


def from_records(records: Iterable[Mapping[str, Any]], *, validate_values: bool = True):
    """Build a conforming GeoDataFrame from dict records.

    Missing keys become missing values; the geometry is built from
    ``latitude``/``longitude``. Keys outside the contract are kept as extra
    columns. Values are read column by column into their contract dtype, so
    this is fast for the many small frames extraction makes.
    """
    import numpy as np
    import pandas as pd

    gpd = _gpd()

    rows = list(records)
    if not rows:
        return empty_frame()
    extra = [k for k in dict.fromkeys(k for r in rows for k in r) if k not in _BY_NAME and k != "geometry"]
    data = {}
    try:
        for col in COLUMNS:
            vals = [r.get(col.name) for r in rows]
            if col.dtype == _D:
                if all(v is None or type(v) is _date for v in vals):  # what extraction makes: the quick way
                    data[col.name] = np.array(["NaT" if v is None else v.isoformat() for v in vals],
                                              dtype="datetime64[D]").astype(_D)
                    continue
                arr = pd.to_datetime(pd.Series(vals, dtype=object), errors="raise", format="mixed")
                if getattr(arr.dt, "tz", None) is not None:
                    raise TypeError("timezone")
                data[col.name] = arr.dt.normalize().astype(_D).to_numpy()
            elif col.dtype == _F:
                data[col.name] = np.array([np.nan if v is None else v for v in vals], dtype="float64")
            else:
                data[col.name] = pd.array(vals, dtype=col.dtype)
    except (TypeError, ValueError, OverflowError):
        # something needs the careful path, which names the bad row
        return conform(pd.DataFrame.from_records(rows), validate_values=validate_values)
    for k in extra:
        data[k] = np.array([r.get(k) for r in rows] + [None], dtype=object)[:-1]
    df = pd.DataFrame(data, copy=False)
    lat = df["latitude"].to_numpy()
    lon = df["longitude"].to_numpy()
    geometry = gpd.GeoSeries(points_from_latlon(lat, lon), index=df.index, crs=CRS)
    out = gpd.GeoDataFrame(df, geometry=geometry, crs=CRS)
    if validate_values:
        validate(out)
    return out


def _row_label(df, i) -> str:
    label = f"row {i}"
    if "event_id" in df.columns:
        try:
            eid = df["event_id"].iloc[i]
            if isinstance(eid, str) and eid:
                label += f" (event_id {eid})"
        except Exception:  # pragma: no cover - defensive
            pass
    return label


def _coerce(df, col: Column):
    """Coerce one column to its dtype, naming the first bad row on failure."""
    import pandas as pd

    s = df[col.name]
    if col.dtype == _D:
        out = pd.to_datetime(s, errors="coerce", format="mixed") if s.dtype == object or str(s.dtype) in ("str", "string") else s
        if not pd.api.types.is_datetime64_any_dtype(out):
            out = pd.to_datetime(out, errors="coerce")
        if getattr(out.dt, "tz", None) is not None:
            out = out.dt.tz_convert("UTC").dt.tz_localize(None)
        bad = out.isna() & s.notna() & (s.astype("string").str.strip().fillna("") != "")
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise SchemaError(
                f"column {col.name!r}, {_row_label(df, i)}: cannot read {s.iloc[i]!r} as a date",
                column=col.name,
                row=i,
            )
        return out.dt.normalize().astype(_D)
    if col.dtype in (_I8, _I64):
        if s.dtype == object or str(s.dtype) in ("str", "string"):
            s = s.replace("", None)
        num = pd.to_numeric(s, errors="coerce")
        bad = num.isna() & s.notna()
        frac = num.notna() & (num.astype("Float64") % 1 != 0)
        for mask, why in ((bad, "is not a number"), (frac, "is not a whole number")):
            if mask.any():
                i = int(mask.to_numpy().nonzero()[0][0])
                raise SchemaError(
                    f"column {col.name!r}, {_row_label(df, i)}: {s.iloc[i]!r} {why}",
                    column=col.name,
                    row=i,
                )
        return num.astype("Float64").round().astype(col.dtype)
    if col.dtype == _F:
        num = pd.to_numeric(s, errors="coerce")
        bad = num.isna() & s.notna() & (s.astype("string").str.strip().fillna("") != "")
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise SchemaError(
                f"column {col.name!r}, {_row_label(df, i)}: {s.iloc[i]!r} is not a number",
                column=col.name,
                row=i,
            )
        return num.astype("float64")
    if col.dtype == _B:
        if s.dtype == bool or str(s.dtype) == "boolean":
            return s.astype("boolean")
        truthy = {"true", "1", "yes", "y", "t", "civilian targeting"}
        falsy = {"false", "0", "no", "n", "f", ""}

        def to_bool(v):
            if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
                return pd.NA
            if isinstance(v, bool):
                return v
            t = str(v).strip().lower()
            if t in truthy:
                return True
            if t in falsy:
                return pd.NA if t == "" else False
            raise ValueError(v)

        vals = []
        for i, v in enumerate(s.tolist()):
            try:
                vals.append(to_bool(v))
            except ValueError:
                raise SchemaError(
                    f"column {col.name!r}, {_row_label(df, i)}: {v!r} is not true or false",
                    column=col.name,
                    row=i,
                ) from None
        return pd.Series(vals, index=s.index, dtype="boolean")
    # strings
    if str(s.dtype) == "string":
        return s.where(s.str.len() > 0, pd.NA) if len(s) else s
    out = s.astype("string")
    return out.where(out.str.len() > 0, pd.NA) if len(out) else out


def conform(df, *, validate_values: bool = True):
    """Return a GeoDataFrame that follows the contract.

    Adds missing extension columns, coerces dtypes, builds the geometry from
    ``latitude``/``longitude`` where it is missing, sets EPSG:4326, puts the
    contract's columns first (extra columns are kept after them) and, unless
    ``validate_values`` is false, runs :func:`validate`.

    Raises
    ------
    SchemaError
        Naming the column and row of the first value that cannot be used.
    """
    import pandas as pd

    gpd = _gpd()

    df = pd.DataFrame(df).copy() if not isinstance(df, pd.DataFrame) else df.copy()
    missing_core = [c.name for c in CORE_COLUMNS if c.name not in df.columns and c.name != "event_id"]
    if "event_id" not in df.columns:
        raise SchemaError("missing column 'event_id'", column="event_id")
    if missing_core:
        raise SchemaError(
            f"missing column{'s' if len(missing_core) > 1 else ''} "
            + ", ".join(repr(m) for m in missing_core),
            column=missing_core[0],
        )
    for col in EXTENSION_COLUMNS:
        if col.name not in df.columns:
            df[col.name] = pd.Series([None] * len(df), index=df.index, dtype=object)
    for col in COLUMNS:
        df[col.name] = _coerce(df, col)
    geom = df["geometry"] if "geometry" in df.columns else None
    lat = df["latitude"].to_numpy(dtype="float64", na_value=float("nan"))
    lon = df["longitude"].to_numpy(dtype="float64", na_value=float("nan"))
    built = points_from_latlon(lat, lon)
    if geom is None:
        geometry = gpd.GeoSeries(built, index=df.index, crs=CRS)
    else:
        geometry = gpd.GeoSeries(geom, index=df.index)
        if geometry.crs is None:
            geometry = geometry.set_crs(CRS)
        elif geometry.crs.to_epsg() != 4326:
            geometry = geometry.to_crs(CRS)
        empty = geometry.isna() | geometry.is_empty
        geometry[empty.to_numpy()] = built[empty.to_numpy()]
    extra = [c for c in df.columns if c not in COLUMN_NAMES and c != "geometry"]
    out = gpd.GeoDataFrame(df[list(COLUMN_NAMES) + extra], geometry=geometry, crs=CRS)
    out = out.reset_index(drop=True)
    if validate_values:
        validate(out)
    return out


def _fail(df, column: str, mask, why) -> None:
    import numpy as np

    idx = np.asarray(mask, dtype=bool).nonzero()[0]
    if len(idx):
        i = int(idx[0])
        more = f" (and {len(idx) - 1} more rows)" if len(idx) > 1 else ""
        value = df[column].iloc[i]
        msg = why(value) if callable(why) else why
        raise SchemaError(f"column {column!r}, {_row_label(df, i)}: {msg}{more}", column=column, row=i)


def validate(gdf) -> None:
    """Check that a frame follows the contract; raise on the first problem.

    Checks presence and dtype of every column, the allowed values of the
    categorical ones, coordinate ranges, that the geometry is the point of
    ``latitude``/``longitude`` in EPSG:4326, unique ids, date order,
    fatality ranges, confidence in [0, 1] and that ``evidence`` is JSON.

    Raises
    ------
    SchemaError
        With a message naming the column and the row.
    """
    import numpy as np
    import pandas as pd

    gpd = _gpd()
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise SchemaError(f"expected a GeoDataFrame, got {type(gdf).__name__}")
    missing = [c for c in COLUMN_NAMES if c not in gdf.columns]
    if missing:
        raise SchemaError(
            "missing column" + ("s " if len(missing) > 1 else " ") + ", ".join(repr(m) for m in missing),
            column=missing[0],
        )
    if gdf.geometry.name != "geometry":
        raise SchemaError(f"the geometry column must be 'geometry', not {gdf.geometry.name!r}", column="geometry")
    if len(gdf) and (gdf.crs is None or gdf.crs.to_epsg() != 4326):
        raise SchemaError(f"column 'geometry': CRS must be EPSG:4326, not {gdf.crs}", column="geometry")
    for col in COLUMNS:
        s = gdf[col.name]
        ok = {
            _S: lambda s: pd.api.types.is_string_dtype(s) or (s.dtype == object and s.dropna().map(type).eq(str).all()),
            _D: lambda s: pd.api.types.is_datetime64_dtype(s),
            _I8: lambda s: pd.api.types.is_integer_dtype(s),
            _I64: lambda s: pd.api.types.is_integer_dtype(s),
            _F: lambda s: pd.api.types.is_float_dtype(s),
            _B: lambda s: pd.api.types.is_bool_dtype(s) or str(s.dtype) == "boolean",
        }[col.dtype](s)
        if not ok:
            raise SchemaError(
                f"column {col.name!r} has dtype {s.dtype}, expected {col.dtype} (use geoevents.contract.conform)",
                column=col.name,
            )
        if col.values is not None:
            allowed = set(col.values)
            bad = s.notna().to_numpy() & ~s.isin(allowed).to_numpy()
            _fail(gdf, col.name, bad, lambda v, a=col.values: f"{v!r} is not one of {', '.join(map(str, a))}")
    if not len(gdf):
        return
    ids = gdf["event_id"]
    _fail(gdf, "event_id", ids.isna().to_numpy(), "event_id is missing")
    _fail(gdf, "event_id", ids.duplicated().to_numpy(), lambda v: f"duplicate event_id {v!r}")
    lat = gdf["latitude"].to_numpy()
    lon = gdf["longitude"].to_numpy()
    with np.errstate(invalid="ignore"):
        _fail(gdf, "latitude", np.abs(lat) > 90, lambda v: f"{v} is outside [-90, 90]")
        _fail(gdf, "longitude", np.abs(lon) > 180, lambda v: f"{v} is outside [-180, 180]")
    _fail(gdf, "latitude", np.isnan(lat) != np.isnan(lon), "latitude and longitude must both be set or both be missing")
    geom = gdf.geometry
    has_pt = ~(geom.isna() | geom.is_empty).to_numpy()
    types = geom.geom_type.to_numpy()
    _fail(gdf, "geometry", has_pt & (types != "Point"), lambda v: f"geometry must be a Point, got {v.geom_type}")
    import shapely

    gx = np.full(len(geom), np.nan)
    gy = np.full(len(geom), np.nan)
    pts = np.asarray(geom.array)[has_pt]  # only non-empty points reach here: other types failed above
    gx[has_pt], gy[has_pt] = shapely.get_x(pts), shapely.get_y(pts)
    with np.errstate(invalid="ignore"):
        off = has_pt & ((np.abs(gx - lon) > 1e-6) | (np.abs(gy - lat) > 1e-6))
    _fail(gdf, "geometry", off, "geometry is not the point (longitude, latitude)")
    _fail(gdf, "geometry", ~has_pt & ~np.isnan(lat), "geometry is empty but latitude/longitude are set")
    d0, d, d1 = gdf["date_start"], gdf["event_date"], gdf["date_end"]
    _fail(gdf, "date_start", (d0 > d).fillna(False).to_numpy(), "date_start is after event_date")
    _fail(gdf, "date_end", (d1 < d).fillna(False).to_numpy(), "date_end is before event_date")
    f, lo, hi = gdf["fatalities"], gdf["fatalities_low"], gdf["fatalities_high"]
    for name in ("fatalities", "fatalities_low", "fatalities_high", "injuries", "missing", "captured"):
        _fail(gdf, name, (gdf[name] < 0).fillna(False).to_numpy(), lambda v: f"{v} is negative")
    _fail(gdf, "fatalities_low", (lo > f).fillna(False).to_numpy(), "fatalities_low is above fatalities")
    _fail(gdf, "fatalities_high", (hi < f).fillna(False).to_numpy(), "fatalities_high is below fatalities")
    c = gdf["confidence"]
    _fail(gdf, "confidence", ((c < 0) | (c > 1)).fillna(False).to_numpy(), lambda v: f"{v} is outside [0, 1]")

    def bad_json(v) -> bool:
        if v is None or v is pd.NA:
            return False
        try:
            return not isinstance(json.loads(v), list)
        except (TypeError, ValueError):
            return True

    ev = gdf["evidence"]
    present = ev.notna().to_numpy()
    bad = np.zeros(len(ev), dtype=bool)
    if present.any():
        idx = np.flatnonzero(present)
        bad[idx] = [bad_json(v) for v in ev.iloc[idx].tolist()]
    _fail(gdf, "evidence", bad, lambda v: f"{str(v)[:40]!r} is not a JSON list")
