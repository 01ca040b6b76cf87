"""ACLED's CSV export layout: read it into the contract, write the contract out in it.

The column list and the meaning of the codes follow the public ACLED export
layout and Codebook (Armed Conflict Location & Event Data Project). ACLED
calls the id ``event_id_cnty``, gives the country as ISO 3166 numeric code
(``iso``) and a name, writes ``civilian_targeting`` as the text "Civilian
targeting" or nothing, and (in older exports) writes dates as "03 December
2024". Newer exports give the interaction codes as names ("State forces").
Both forms are read.

Writing puts ACLED's columns first, in ACLED's order, so an ACLED workflow
reads the file as it reads an export; the contract's columns that ACLED lacks
(``date_start``, ``source_url``, ``evidence``, ``origin``...) follow, so that
nothing is lost on a round trip (``acled_only=True`` leaves them out).
"""

from __future__ import annotations

from pathlib import Path

from ..contract import COLUMN_NAMES, INTER_CODES

__all__ = ["ACLED_COLUMNS", "from_acled", "to_acled", "is_acled"]

#: The columns of an ACLED export, in order.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

#: ACLED columns with no contract column: kept as extra columns with this prefix.
_KEPT = ("region", "admin3", "source_scale", "tags", "timestamp", "interaction")
_PREFIX = "acled_"
#: ACLED columns without which a file is not an ACLED export.
_NEEDED = ("event_id_cnty", "event_date", "event_type", "latitude", "longitude")

_INTER_BY_NAME = {v.lower(): k for k, v in INTER_CODES.items()}
_INTER_BY_NAME.update({v.lower().rstrip("s"): k for k, v in INTER_CODES.items()})
_INTER_BY_NAME.update(
    {
        "rebel group": 2,
        "political militia": 3,
        "identity militia": 4,
        "external/other force": 8,
        "state force": 1,
        "civilian": 7,
        "protester": 6,
        "rioter": 5,
        "": 0,
    }
)


def is_acled(columns) -> bool:
    """Whether a header looks like an ACLED export."""
    cols = {str(c).strip().lower() for c in columns}
    return "event_id_cnty" in cols


def _inter(series):
    import pandas as pd

    def one(v):
        if v is None or v is pd.NA or (isinstance(v, float) and v != v):
            return None
        t = str(v).strip()
        if not t:
            return None
        try:
            return int(float(t))
        except ValueError:
            pass
        code = _INTER_BY_NAME.get(t.lower(), _INTER_BY_NAME.get(t.lower().rstrip("s")))
        return code if code is not None else t  # unknown text: the checks report it

    return series.map(one).astype("object")


def from_acled(raw, *, where: str = "ACLED file"):
    """Rename and recode an ACLED export table to the contract's columns.

    Returns a plain DataFrame ready for :func:`geoevents.io.checks.prepare`.
    """
    import pandas as pd

    from ..exc import SchemaError
    from .countries import by_isonum, country

    df = raw.copy()
    df.columns = [str(c).strip().lower() for c in df.columns]
    missing = [c for c in _NEEDED if c not in df.columns]
    if missing:
        raise SchemaError(
            f"{where}: ACLED export without column{'s' if len(missing) > 1 else ''} "
            + ", ".join(repr(m) for m in missing),
            column=missing[0],
        )
    out = pd.DataFrame(index=df.index)
    out["event_id"] = df["event_id_cnty"]
    for name in COLUMN_NAMES:
        if name in df.columns and name != "event_id":
            out[name] = df[name]
    for name in ("inter1", "inter2"):
        if name in df.columns:
            out[name] = _inter(df[name])
    if "civilian_targeting" in df.columns:
        ct = df["civilian_targeting"].astype("string").str.strip().fillna("")
        low = ct.str.lower()
        out["civilian_targeting"] = low.map(
            lambda t: (
                True
                if t in ("civilian targeting", "true", "yes", "1")
                else False
                if t in ("", "false", "no", "0")
                else t
            )
        ).astype("object")
    # iso3: from the geoevents column when present, else ISO numeric, else the country name
    iso3 = (
        df["iso3"].astype("object")
        if "iso3" in df.columns
        else pd.Series([None] * len(df), index=df.index, dtype=object)
    )
    need = iso3.isna() | (iso3.astype("string").str.strip().fillna("") == "")
    if need.any():
        cache: dict = {}
        fill = []
        nums = df["iso"] if "iso" in df.columns else pd.Series([None] * len(df), index=df.index)
        names = df["country"] if "country" in df.columns else pd.Series([None] * len(df), index=df.index)
        for n, c in zip(nums[need].tolist(), names[need].tolist(), strict=False):
            key = (n, c)
            if key not in cache:
                hit = by_isonum(n) or country(c if isinstance(c, str) else None)
                cache[key] = hit.iso3 if hit else None
            fill.append(cache[key])
        iso3 = iso3.copy()
        iso3[need] = fill
    out["iso3"] = iso3
    # date range from ACLED's time precision when the file has none of its own
    dates = pd.to_datetime(df["event_date"], errors="coerce", format="mixed")
    tp = pd.to_numeric(df.get("time_precision", pd.Series([None] * len(df), index=df.index)), errors="coerce")
    if "date_start" not in df.columns:
        start = dates.copy()
        end = dates.copy()
        week = (tp == 2).to_numpy()
        month = (tp == 3).to_numpy()
        start[week] = dates[week] - pd.Timedelta(days=3)
        end[week] = dates[week] + pd.Timedelta(days=3)
        start[month] = dates[month].dt.to_period("M").dt.start_time
        end[month] = dates[month].dt.to_period("M").dt.end_time.dt.normalize()
        out["date_start"] = start
        out["date_end"] = end
    if "origin" not in df.columns:
        out["origin"] = "acled"
    # contract columns an ACLED export never has: present, missing (no warning)
    for name in COLUMN_NAMES:
        if name not in out.columns:
            out[name] = None
    for name in _KEPT:
        if name in df.columns:
            out[_PREFIX + name] = df[name]
    extra = [
        c for c in df.columns if c not in ACLED_COLUMNS and c not in COLUMN_NAMES and c not in out.columns
    ]
    for c in extra:
        out[c] = df[c]
    return out


def to_acled(gdf, *, acled_only: bool = False):
    """Return a DataFrame in ACLED's export layout (strings, as a CSV holds them)."""
    import numpy as np
    import pandas as pd

    from .countries import country

    n = len(gdf)
    out = pd.DataFrame(index=range(n))
    g = gdf.reset_index(drop=True)

    def col(name):
        return g[name] if name in g.columns else pd.Series([None] * n, dtype=object)

    def ints(s):
        return s.astype("Int64").astype("string").fillna("")

    def text(s):
        return s.astype("string").fillna("")

    dates = col("event_date")
    out["event_id_cnty"] = text(col("event_id"))
    out["event_date"] = dates.dt.strftime("%Y-%m-%d").fillna("")
    out["year"] = ints(dates.dt.year)
    out["time_precision"] = ints(col("time_precision"))
    for name in ("disorder_type", "event_type", "sub_event_type", "actor1", "assoc_actor_1"):
        out[name] = text(col(name))
    out["inter1"] = ints(col("inter1"))
    for name in ("actor2", "assoc_actor_2"):
        out[name] = text(col(name))
    out["inter2"] = ints(col("inter2"))
    i1 = col("inter1").astype("Int64").fillna(0).to_numpy()
    i2 = col("inter2").astype("Int64").fillna(0).to_numpy()
    lo, hi = np.minimum(i1, i2), np.maximum(i1, i2)
    inter = np.where(lo > 0, lo * 10 + hi, hi * 10)
    has = col("inter1").notna().to_numpy()
    out["interaction"] = np.where(has, inter.astype(str), "")
    if _PREFIX + "interaction" in g.columns:
        keep = text(g[_PREFIX + "interaction"])
        out["interaction"] = keep.where(keep != "", out["interaction"])
    ct = col("civilian_targeting").astype("boolean")
    out["civilian_targeting"] = np.where(ct.fillna(False).to_numpy(dtype=bool), "Civilian targeting", "")
    iso3 = col("iso3")
    nums = {}
    for k in pd.unique(iso3.dropna()):
        c = country(str(k))
        nums[k] = str(c.isonum) if c else ""
    out["iso"] = iso3.map(nums).fillna("") if len(nums) else ""
    out["region"] = text(col(_PREFIX + "region"))
    for name in ("country", "admin1", "admin2"):
        out[name] = text(col(name))
    out["admin3"] = text(col(_PREFIX + "admin3"))
    out["location"] = text(col("location"))
    lat, lon = col("latitude"), col("longitude")
    out["latitude"] = lat.map(
        lambda v: "" if v != v or v is None else f"{v:.6f}".rstrip("0").rstrip(".") if True else ""
    )
    out["longitude"] = lon.map(lambda v: "" if v != v or v is None else f"{v:.6f}".rstrip("0").rstrip("."))
    out["geo_precision"] = ints(col("geo_precision"))
    out["source"] = text(col("source"))
    out["source_scale"] = text(col(_PREFIX + "source_scale"))
    out["notes"] = text(col("notes"))
    out["fatalities"] = ints(col("fatalities"))
    out["tags"] = text(col(_PREFIX + "tags"))
    out["timestamp"] = text(col(_PREFIX + "timestamp"))
    if acled_only:
        return out
    done = set(ACLED_COLUMNS) | {"event_id", "geometry"} | {_PREFIX + k for k in _KEPT}
    for name in list(COLUMN_NAMES) + [c for c in g.columns if c not in COLUMN_NAMES]:
        if name in done or name in out.columns:
            continue
        s = g[name]
        if pd.api.types.is_datetime64_any_dtype(s):
            out[name] = s.dt.strftime("%Y-%m-%d").fillna("")
        elif pd.api.types.is_float_dtype(s):
            out[name] = s.map(lambda v: "" if v != v else repr(float(v)))
        elif str(s.dtype) == "boolean" or pd.api.types.is_bool_dtype(s):
            out[name] = (
                s.astype("boolean")
                .map(lambda v: "" if v is pd.NA else ("true" if v else "false"))
                .astype(object)
            )
        elif pd.api.types.is_integer_dtype(s):
            out[name] = ints(s)
        else:
            out[name] = text(
                s.astype("object").map(
                    lambda v: v if isinstance(v, str) or v is None or v is pd.NA else str(v)
                )
            )
    return out


def read_csv_text(path: Path, *, where: str):
    """Read a CSV as strings, UTF-8 first; other encodings with a warning."""
    import warnings

    import pandas as pd

    from ..exc import InputError
    from .checks import DataWarning

    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding=enc)
        except UnicodeDecodeError:
            continue
        except pd.errors.EmptyDataError:
            raise InputError(f"{where}: the file is empty") from None
        except pd.errors.ParserError as err:
            raise InputError(f"{where}: not a readable CSV file ({str(err).splitlines()[0]})") from None
        if enc != "utf-8-sig":
            warnings.warn(f"{where}: not UTF-8; read as {enc}", DataWarning, stacklevel=3)
        return df.replace("", None)
    raise InputError(
        f"{where}: cannot decode the file as text"
    )  # pragma: no cover - latin-1 decodes anything
