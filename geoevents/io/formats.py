"""Reading and writing incident files in real geospatial formats.

Every frame that comes in or goes out passes through
:func:`geoevents.contract.conform`, so it carries the contract's columns and
dtypes whatever the file did to them (GeoJSON turns small integers into
int32, GeoPackage turns int8 into int16, CSV has only text).
"""

from __future__ import annotations

import json
import os
import shutil
import warnings
from pathlib import Path
from typing import Any

from ..exc import InputError, UnknownFormatError

__all__ = [
    "FORMATS",
    "READ_FORMATS",
    "EXTENSIONS",
    "format_for",
    "read_incidents",
    "write_incidents",
    "to_geojson",
    "to_jsonl",
    "records",
    "ensure",
    "write_month_parts",
    "replace_dataset",
    "check_target",
]

#: Formats geoevents writes (and reads).
FORMATS: tuple[str, ...] = ("geojson", "gpkg", "parquet", "csv", "jsonl", "fgb")
#: Formats geoevents reads: the above, ACLED CSV under its own name, and GDELT 2.0 event files.
READ_FORMATS: tuple[str, ...] = FORMATS + ("acled", "gdelt")
#: File extension -> format.
EXTENSIONS: dict[str, str] = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".gpkg": "gpkg",
    ".parquet": "parquet",
    ".geoparquet": "parquet",
    ".pq": "parquet",
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".geojsonl": "jsonl",
    ".geojsonseq": "jsonl",
    ".fgb": "fgb",
    ".tsv": "gdelt",
    ".txt": "csv",
}
_ALIASES = {
    "geoparquet": "parquet",
    "geopackage": "gpkg",
    "flatgeobuf": "fgb",
    "ndjson": "jsonl",
    "json": "geojson",
}
LAYER = "incidents"
#: Name of the partition folders of a month-partitioned GeoParquet dataset.
MONTH_KEY = "event_month"


def _norm_format(fmt: str, *, writing: bool) -> str:
    f = _ALIASES.get(fmt.lower(), fmt.lower())
    allowed = FORMATS + (("acled",) if writing else ("acled", "gdelt"))
    if f not in allowed:
        raise UnknownFormatError(f"unknown format {fmt!r}; expected one of {', '.join(allowed)}")
    return f


def _sniff(path: Path) -> str | None:
    """Guess a format from the first bytes of a file."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536)
    except IsADirectoryError:
        return None
    if head.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"fgb\x03"):
        return "fgb"
    if head.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            with zipfile.ZipFile(path) as zf:
                names = [n for n in zf.namelist() if not n.endswith("/")]
                if len(names) != 1:
                    return "zip"
                with zf.open(names[0]) as inner:
                    head = inner.read(65536)
        except (zipfile.BadZipFile, OSError):
            return "zip"
    if b"\x00" in head[:4096]:
        return None
    text = head.decode("utf-8", "replace").lstrip("\ufeff").lstrip()
    first = text.split("\n", 1)[0]
    if first.count("\t") in (57, 60):  # GDELT 1.0 (58 columns) or 2.0 (61 columns)
        return "gdelt"
    if text.startswith("{"):
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if (
            len(lines) > 1
            and all(ln.strip().startswith("{") for ln in lines[:2])
            and lines[0].rstrip().endswith("}")
        ):
            try:
                json.loads(lines[0])
                return "jsonl"
            except ValueError:
                pass
        return "geojson"
    if text.startswith("["):
        return "geojson"
    if "," in first:
        return "csv"
    return None


def format_for(path: str | os.PathLike, *, content: bool = True) -> str:
    """Return the format name of ``path`` from its extension (and, for a file that exists, its content).

    A directory is a (month-partitioned) GeoParquet dataset. A ``.csv`` whose
    lines have 61 tab-separated fields is a GDELT 2.0 event file.

    Raises
    ------
    UnknownFormatError
        When neither the name nor the content says.
    """
    p = Path(path)
    if p.is_dir():
        return "parquet"
    name = p.name.lower()
    for suffix in (".zip", ".gz"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    ext = os.path.splitext(name)[1]
    by_ext = EXTENSIONS.get(ext)
    if content and p.is_file():
        sniffed = _sniff(p)
        if sniffed == "zip":
            return (
                by_ext if by_ext in ("csv", "gdelt") else ("gdelt" if ".export." in name else by_ext or "csv")
            )
        if sniffed is not None and (
            by_ext is None or by_ext in ("csv", "geojson", "gdelt") or sniffed in ("gpkg", "parquet", "fgb")
        ):
            if by_ext == "geojson" and sniffed == "jsonl":
                return "jsonl"
            return (
                sniffed if by_ext not in ("geojson", "jsonl") or sniffed in ("geojson", "jsonl") else by_ext
            )
    if by_ext is None:
        raise UnknownFormatError(
            f"cannot tell the format of {str(path)!r} from its name; pass format= one of "
            f"{', '.join(READ_FORMATS)}"
        )
    return by_ext


# --- JSON helpers --------------------------------------------------------------


def _json_columns(gdf) -> dict[str, list]:
    """Column name -> list of JSON-ready Python values (dates ISO, missing None)."""
    import numpy as np
    import pandas as pd

    out: dict[str, list] = {}
    for name in gdf.columns:
        if name == gdf.geometry.name:
            continue
        s = gdf[name]
        if pd.api.types.is_datetime64_any_dtype(s):
            vals = s.dt.strftime("%Y-%m-%d").astype("object")
            out[name] = vals.where(s.notna(), None).tolist()
        elif pd.api.types.is_float_dtype(s):
            arr = s.to_numpy(dtype="float64", na_value=np.nan)
            out[name] = [None if v != v else v for v in arr.tolist()]
        elif (
            str(s.dtype) in ("Int8", "Int16", "Int32", "Int64", "boolean")
            or pd.api.types.is_integer_dtype(s)
            or pd.api.types.is_bool_dtype(s)
        ):
            obj = s.astype("object")
            out[name] = [None if v is pd.NA or v is None else v for v in obj.tolist()]
            if out[name] and pd.api.types.is_integer_dtype(s):
                out[name] = [None if v is None else int(v) for v in out[name]]
            elif out[name]:
                out[name] = [None if v is None else bool(v) for v in out[name]]
        else:
            obj = s.astype("object")
            out[name] = [
                None
                if v is None or v is pd.NA or (isinstance(v, float) and v != v)
                else (v if isinstance(v, (str, int, float, bool)) else str(v))
                for v in obj.tolist()
            ]
    return out


def records(gdf) -> list[dict[str, Any]]:
    """Return the incidents as JSON-ready dicts (contract columns, dates as ISO strings, missing as None)."""
    gdf = ensure(gdf)
    cols = _json_columns(gdf)
    names = list(cols)
    return (
        [dict(zip(names, vals, strict=False)) for vals in zip(*(cols[n] for n in names), strict=False)]
        if len(gdf)
        else []
    )


def _geometries(gdf) -> list:
    import numpy as np

    geom = gdf.geometry
    empty = (geom.isna() | geom.is_empty | gdf["latitude"].isna() | gdf["longitude"].isna()).to_numpy()
    xs = np.where(empty, np.nan, gdf["longitude"].to_numpy(dtype="float64"))
    ys = np.where(empty, np.nan, gdf["latitude"].to_numpy(dtype="float64"))
    return [
        None if e else {"type": "Point", "coordinates": [x, y]}
        for e, x, y in zip(empty.tolist(), xs.tolist(), ys.tolist(), strict=False)
    ]


def to_geojson(gdf, *, indent: int | None = None) -> str:
    """Return the incidents as a GeoJSON FeatureCollection string.

    Properties are the contract's columns (then any extra columns), dates as
    ISO strings (``YYYY-MM-DD``), missing values as ``null``; each feature's
    ``id`` is its ``event_id``; an incident without coordinates has a
    ``null`` geometry.
    """
    gdf = ensure(gdf)
    recs = records(gdf)
    geoms = _geometries(gdf)
    feats = [
        {"type": "Feature", "id": r["event_id"], "geometry": g, "properties": r}
        for r, g in zip(recs, geoms, strict=False)
    ]
    return json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False, indent=indent)


def to_jsonl(gdf) -> str:
    """Return the incidents as JSON Lines: one JSON object per incident (contract columns, no geometry)."""
    recs = records(gdf)
    if not recs:
        return ""
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n"


# --- readers -------------------------------------------------------------------


def _where(path) -> str:
    return str(path)


def _read_geojson(path: Path, **kw):

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text (GeoJSON must be UTF-8)") from None
    except ValueError as err:
        raise InputError(f"{path}: not valid JSON ({err})") from None
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        feats = data.get("features") or []
    elif isinstance(data, dict) and data.get("type") == "Feature":
        feats = [data]
    elif isinstance(data, list):
        feats = data
    else:
        raise InputError(f"{path}: not a GeoJSON FeatureCollection, Feature or list of incidents")
    return _from_json_objects(feats, where=str(path))


def _from_json_objects(objs, *, where: str):
    import warnings

    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import shape

    from .checks import DataWarning

    rows, geoms = [], []
    for i, obj in enumerate(objs):
        if not isinstance(obj, dict):
            warnings.warn(f"{where}: item {i} is not a JSON object; skipped", DataWarning, stacklevel=4)
            continue
        if obj.get("type") == "Feature" or "properties" in obj:
            props = dict(obj.get("properties") or {})
            if "event_id" not in props and obj.get("id") is not None:
                props["event_id"] = str(obj["id"])
            g = obj.get("geometry")
            try:
                geoms.append(shape(g) if g else None)
            except Exception:
                warnings.warn(
                    f"{where}: item {i} has an unreadable geometry; coordinates used instead",
                    DataWarning,
                    stacklevel=4,
                )
                geoms.append(None)
        else:
            props = dict(obj)
            g = props.pop("geometry", None)
            try:
                geoms.append(shape(g) if isinstance(g, dict) else None)
            except Exception:
                geoms.append(None)
        for k, v in list(props.items()):
            if isinstance(v, (dict, list)):
                props[k] = json.dumps(v, ensure_ascii=False)
        rows.append(props)
    df = pd.DataFrame.from_records(rows) if rows else pd.DataFrame()
    if any(g is not None for g in geoms):
        df["geometry"] = gpd.GeoSeries(geoms, index=df.index, crs="EPSG:4326")
    return df


def _read_jsonl(path: Path, **kw):
    import warnings

    from .checks import DataWarning

    objs = []
    try:
        fh = open(path, encoding="utf-8-sig")
        lines = list(fh)
        fh.close()
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text (JSON Lines must be UTF-8)") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            objs.append(json.loads(line))
        except ValueError as err:
            if kw.get("errors") == "raise":
                raise InputError(f"{path}: line {n} is not JSON ({err})") from None
            warnings.warn(f"{path}: line {n} is not JSON ({err}); skipped", DataWarning, stacklevel=3)
    return _from_json_objects(objs, where=str(path))


def _read_ogr(path: Path, **kw):
    import pyogrio

    from ..exc import InputError as _IE

    try:
        layers = [name for name, _ in pyogrio.list_layers(path)]
    except Exception as err:
        raise _IE(f"{path}: cannot open as a GIS file ({err})") from None
    layer = LAYER if LAYER in layers else (layers[0] if layers else None)
    if layer is None:
        raise _IE(f"{path}: has no layer of incidents")
    where = kw.get("where_sql")
    bbox = kw.get("bbox")
    # the Arrow path is 3x faster for GeoPackage; it crashed (segfault, pyogrio
    # 0.13 / GDAL 3.12) reading a FlatGeobuf file with null geometries
    arrow = _sniff(Path(path)) != "fgb"
    raw = pyogrio.read_dataframe(path, layer=layer, use_arrow=arrow, where=where, bbox=bbox)
    return expand_extra(raw) if layer == LAYER else raw


def expand_extra(raw):
    """Unpack a store's ``extra`` column (JSON objects of columns outside the contract) into columns."""
    import pandas as pd

    if "extra" not in raw.columns:
        return raw
    extra = raw.pop("extra")
    if extra.notna().any():
        parsed = [json.loads(v) if isinstance(v, str) and v else {} for v in extra.tolist()]
        ex = pd.DataFrame.from_records(parsed, index=raw.index)
        for c in ex.columns:
            if c not in raw.columns:
                raw[c] = ex[c]
    return raw


def _parquet_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.parquet") if p.is_file())
        if not files:
            raise InputError(f"{path}: a directory with no .parquet files")
        return files
    return [path]


def _read_parquet(path: Path, **kw):
    import geopandas as gpd
    import pandas as pd

    files = _parquet_files(Path(path))
    if Path(path).is_dir():
        try:
            # one pyarrow read of the whole dataset (the partition folders become a column)
            gdf = gpd.read_parquet(path)
            return gdf.drop(columns=[MONTH_KEY]) if MONTH_KEY in gdf.columns else gdf
        except Exception:
            pass  # mixed or foreign files: read them one by one below
    frames = []
    for f in files:
        try:
            frames.append(gpd.read_parquet(f))
        except ValueError:
            # plain Parquet without geo metadata: coordinates come from latitude/longitude
            frames.append(pd.read_parquet(f))
        except Exception as err:
            raise InputError(f"{f}: not a readable (Geo)Parquet file ({err})") from None
    frames = [f.drop(columns=[MONTH_KEY]) if MONTH_KEY in f.columns else f for f in frames]
    if len(frames) == 1:
        return frames[0]
    frames = [f for f in frames if len(f)] or frames[:1]
    return pd.concat(frames, ignore_index=True)


def _read_csv(path: Path, **kw):

    from .acled import from_acled, is_acled, read_csv_text

    df = read_csv_text(path, where=str(path))
    if is_acled(df.columns):
        return from_acled(df, where=str(path))
    return df


def _read_gdelt(path: Path, **kw):
    from .gdelt import read_gdelt_table

    return read_gdelt_table(path, keep_other=kw.get("keep_other", False), where=str(path))


_READERS = {
    "geojson": _read_geojson,
    "jsonl": _read_jsonl,
    "gpkg": _read_ogr,
    "fgb": _read_ogr,
    "parquet": _read_parquet,
    "csv": _read_csv,
    "acled": _read_csv,
    "gdelt": _read_gdelt,
}
_ORIGIN = {"acled": "acled", "gdelt": "gdelt"}


def ensure(gdf):
    """:func:`~geoevents.contract.conform`, without the copy when the frame already has the contract's dtypes.

    A frame that already has every column at the contract's dtype only needs
    the validator (the coercions would be no-ops, and cost seconds per million
    rows); anything else goes through ``conform``.
    """
    from ..contract import COLUMN_NAMES, conform, validate

    if _conforms_already(gdf):
        if list(gdf.columns[: len(COLUMN_NAMES)]) != list(COLUMN_NAMES):
            extra = [c for c in gdf.columns if c not in COLUMN_NAMES and c != "geometry"]
            gdf = gdf[list(COLUMN_NAMES) + extra + ["geometry"]]
        if gdf.crs is not None and gdf.crs.to_epsg() == 4326:
            validate(gdf)
            return gdf
    return conform(gdf)


def _conforms_already(df) -> bool:
    """Whether a frame read back has every contract column with the contract's dtype."""
    import geopandas as gpd

    from ..contract import COLUMNS

    if not isinstance(df, gpd.GeoDataFrame) or df.geometry.name != "geometry":
        return False
    for c in COLUMNS:
        if c.name not in df.columns or str(df[c.name].dtype) != c.dtype:
            return False
    return True


def read_incidents(
    path: str | os.PathLike,
    *,
    format: str | None = None,
    errors: str = "warn",
    keep_other: bool = False,
):
    """Read incidents from a file into a conforming GeoDataFrame.

    Parameters
    ----------
    path : str or path-like
        A GeoPackage, GeoParquet file or month-partitioned GeoParquet
        directory, GeoJSON, FlatGeobuf, CSV (ACLED's export layout, or the
        contract's columns), JSON Lines, or a GDELT 2.0 event file.
    format : str, optional
        One of :data:`READ_FORMATS`; guessed from the name and content when omitted.
    errors : {"warn", "raise"}
        What to do with a row that breaks the contract (bad coordinates,
        unreadable dates, duplicated ids...): repair it, flag it in ``flags``
        and warn (:class:`~geoevents.io.checks.DataWarning`), or raise
        :class:`~geoevents.exc.SchemaError`.
    keep_other : bool
        GDELT only: keep events outside CAMEO roots 18-20 (see :mod:`geoevents.io.gdelt`).

    Returns
    -------
    geopandas.GeoDataFrame
        The contract's columns and dtypes, EPSG:4326 points; each row's
        ``origin`` says where it came from (``acled``, ``gdelt``, or what the
        file recorded; ``user`` when it recorded nothing).

    Raises
    ------
    FileNotFoundError, InputError, SchemaError, UnknownFormatError
    """
    from .checks import prepare

    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(2, "No such file or directory", str(path))
    if p.is_file() and p.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty")
    fmt = _norm_format(format, writing=False) if format else format_for(p)
    raw = _READERS[fmt](p, errors=errors, keep_other=keep_other)
    origin = _ORIGIN.get(fmt, "user")
    if fmt == "csv" and "origin" in raw.columns and raw["origin"].eq("acled").all():
        origin = "acled"
    if _conforms_already(raw):
        try:
            return ensure(raw.reset_index(drop=True))
        except Exception:
            pass  # fall through to the checks, which name and repair the problem
    return prepare(raw, where=str(path), origin=origin, errors=errors)


# --- writers -------------------------------------------------------------------


def check_target(path, *, partition_by_month: bool = False) -> None:
    """Refuse, before any work is done, a target that writing would destroy.

    A directory is replaced only when it is empty or a geoevents dataset
    (``event_month=*`` folders holding only Parquet files); a GeoPackage
    holding a geoevents store is never overwritten by a plain file.

    Raises
    ------
    InputError
        Naming what is there and why it is kept.
    """
    p = Path(path)
    if p.is_dir():
        for root, dirs, files in os.walk(p):
            here = Path(root)
            if here == p:
                stray = [f for f in files] + [d for d in dirs if not d.startswith(MONTH_KEY + "=")]
            else:
                stray = [f for f in files if not f.endswith(".parquet")] + list(dirs)
            if stray:
                raise InputError(
                    f"{p}: a directory that is not a geoevents GeoParquet dataset (it holds "
                    f"{here / stray[0]}); not overwriting it: choose another or an empty directory"
                )
    elif partition_by_month and p.exists():
        raise InputError(f"{p}: a file, not a directory: a month-partitioned dataset needs a directory")
    elif p.suffix.lower() == ".gpkg" and _is_store_file(p):
        raise InputError(
            f"{p} is a geoevents incident store; writing a file over it would drop its merge history. "
            "Append to it (geoevents extract --db, or geoevents.store.open_store(path).append) or choose "
            "another file"
        )


def _remove(path: Path) -> None:
    if path.is_dir():
        check_target(path)
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def _atomic_target(path: Path) -> Path:
    return path.with_name(f".{path.stem}.tmp-{os.getpid()}{path.suffix}")


def _null_points(gdf):
    """A copy whose rows without coordinates have a null geometry (not POINT (NaN NaN))."""
    out = gdf.copy()
    nocoord = (out["latitude"].isna() | out["longitude"].isna()).to_numpy()
    if nocoord.any():
        geom = out.geometry.copy()
        geom[nocoord] = None
        out = out.set_geometry(geom)
    return out


def _for_ogr(gdf):
    """A copy that GDAL writes faithfully (nullable dtypes to plain ones GDAL knows)."""

    out = _null_points(gdf)
    for name in out.columns:
        s = out[name]
        if str(s.dtype) == "boolean":
            out[name] = s.astype("object").where(s.notna(), None)
    return out


def write_incidents(
    gdf,
    path: str | os.PathLike,
    *,
    format: str | None = None,
    partition_by_month: bool = False,
    acled_only: bool = False,
) -> None:
    """Write incidents to a file (replacing it), in a format from :data:`FORMATS`.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Incidents; conformed to the contract before writing.
    path : str or path-like
        Target file (or directory, for a month-partitioned GeoParquet dataset).
    format : str, optional
        One of :data:`FORMATS` (``acled`` is ``csv``); from the extension when omitted.
    partition_by_month : bool
        GeoParquet only: write a directory with one ``event_month=YYYY-MM``
        folder per month (``event_month=unknown`` for undated rows), which
        DuckDB, pyarrow and :func:`read_incidents` read as one table.
    acled_only : bool
        CSV only: write ACLED's columns only (the contract's other columns are
        written after them by default, so a round trip loses nothing).

    The file is written beside the target and moved into place, so a reader
    never sees half a file.
    """

    p = Path(path)
    if format:
        fmt = _norm_format(format, writing=True)
    elif partition_by_month:
        fmt = "parquet"
    else:
        fmt = format_for(p, content=False)
    if fmt == "gdelt":
        raise UnknownFormatError("geoevents reads GDELT event files but does not write them")
    if fmt == "acled":
        fmt = "csv"
    if partition_by_month and fmt != "parquet":
        raise UnknownFormatError("partition_by_month is for GeoParquet only")
    if fmt == "gpkg" and _is_store_file(p):
        check_target(p)  # refuses, naming the store
    gdf = ensure(gdf)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = _atomic_target(p)
    if tmp.exists() or tmp.is_dir():
        _remove(tmp)
    try:
        if fmt == "parquet" and partition_by_month:
            _write_partitioned(gdf, tmp)
        elif fmt == "parquet":
            _null_points(gdf).to_parquet(tmp, compression="zstd", index=False)
        elif fmt == "geojson":
            tmp.write_text(to_geojson(gdf), encoding="utf-8")
        elif fmt == "jsonl":
            tmp.write_text(to_jsonl(gdf), encoding="utf-8")
        elif fmt == "csv":
            from .acled import to_acled

            to_acled(gdf, acled_only=acled_only).to_csv(tmp, index=False, encoding="utf-8")
        elif fmt in ("gpkg", "fgb"):
            import pyogrio

            driver = {"gpkg": "GPKG", "fgb": "FlatGeobuf"}[fmt]
            kw = {"layer": LAYER} if fmt == "gpkg" else {"layer": p.stem}
            if fmt == "fgb":
                # FlatGeobuf's spatial index cannot hold rows without a point
                nulls = bool((gdf["latitude"].isna() | gdf.geometry.is_empty).any())
                kw["layer_options"] = {"SPATIAL_INDEX": "NO" if nulls else "YES"}
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", "The filename extension should be", RuntimeWarning)
                pyogrio.write_dataframe(_for_ogr(gdf), tmp, driver=driver, use_arrow=True, **kw)
        else:  # pragma: no cover - _norm_format guards
            raise UnknownFormatError(fmt)
        _remove(p)
        os.replace(tmp, p)
    finally:
        if tmp.exists():
            _remove(tmp)


def _is_store_file(path: Path) -> bool:
    """Whether ``path`` is a GeoPackage holding a geoevents store (it has the store's meta table)."""
    import sqlite3

    if not path.is_file():
        return False
    try:
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return False
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return (
                con.execute("SELECT 1 FROM sqlite_master WHERE name = 'geoevents_meta'").fetchone()
                is not None
            )
        finally:
            con.close()
    except (OSError, sqlite3.Error):
        return False


def write_month_parts(gdf, root, *, part: str = "part-0") -> list[Path]:
    """Write incidents into a month-partitioned GeoParquet dataset, one file per month.

    ``root`` may already hold other parts (each writer of a distributed run
    writes its own ``part`` name); returns the files written. The dataset
    reads back with :func:`read_incidents` as one table.
    """
    root = Path(root)
    gdf = ensure(gdf)
    months = gdf["event_date"].dt.strftime("%Y-%m").fillna("unknown")
    written = []
    for month, idx in months.groupby(months, sort=True).groups.items():
        d = root / f"{MONTH_KEY}={month}"
        d.mkdir(parents=True, exist_ok=True)
        target = d / f"{part}.parquet"
        tmp = d / f".{part}.tmp-{os.getpid()}"
        _null_points(gdf.loc[idx]).to_parquet(tmp, compression="zstd", index=False)
        os.replace(tmp, target)
        written.append(target)
    return written


def replace_dataset(built, target) -> None:
    """Move a finished dataset directory ``built`` to ``target``, replacing a geoevents dataset there."""
    built, target = Path(built), Path(target)
    _remove(target)
    os.replace(built, target)


def _write_partitioned(gdf, root: Path) -> None:
    root.mkdir(parents=True)
    months = gdf["event_date"].dt.strftime("%Y-%m").fillna("unknown")
    for month, idx in months.groupby(months, sort=True).groups.items():
        part = _null_points(gdf.loc[idx])
        d = root / f"{MONTH_KEY}={month}"
        d.mkdir()
        part.to_parquet(d / "part-0.parquet", compression="zstd", index=False)
