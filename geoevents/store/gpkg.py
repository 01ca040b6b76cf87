"""The embedded store: one GeoPackage file.

The incidents are the ``incidents`` feature layer (points, EPSG:4326, with an
R-tree spatial index), so QGIS, GDAL and ``geopandas.read_file`` open the
store as they open any GeoPackage. The layer and the spatial index are
created by GDAL (through pyogrio); geoevents then writes through SQLite
itself, so that a whole append (rows, reports, aliases, merge log, documents
done) is one SQLite transaction: a crash or Ctrl-C leaves the store as it was
before the append, or after it, never in between. The file is in WAL mode,
so readers (a map being drawn) never wait for a writer, and a second writer
waits up to ``lock_timeout`` seconds, then gets a clear
:class:`~geoevents.exc.StoreLockedError`.

GDAL's R-tree triggers call the GeoPackage SQL functions ``ST_IsEmpty``,
``ST_MinX``... which plain SQLite lacks; this module registers small Python
versions of them on its own connections.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import struct
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..contract import COLUMN_NAMES, COLUMNS
from ..exc import StoreError, StoreLockedError
from .base import MATCH_COLUMNS, SCHEMA_VERSION, IncidentStore, Transaction, dumps, probe_window

__all__ = ["GpkgStore", "LAYER"]

LAYER = "incidents"
_GEOM = "geom"
_COLS = tuple(c.name for c in COLUMNS)
_BOOL = {c.name for c in COLUMNS if c.dtype == "boolean"}
_DATE = {c.name for c in COLUMNS if c.dtype.startswith("datetime")}
_CHUNK = 500
_EXTRA = "extra"
_BULK = 2000  # rows from which the R-tree is filled in one statement
_PREC_KM = {1: 10.0, 2: 25.0, 3: 100.0}
#: The index the merge rule's candidate search walks.
_MATCH_INDEX = "incidents_type_day_lat"
#: SQLite page cache per connection, in KiB: index updates of big stores stay in memory.
CACHE_KB = 131072

_SIDE_TABLES = """
CREATE TABLE IF NOT EXISTS geoevents_meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS geoevents_reports (
    event_id TEXT NOT NULL, seq INTEGER NOT NULL, report_id TEXT NOT NULL, report TEXT NOT NULL,
    PRIMARY KEY (event_id, seq));
CREATE TABLE IF NOT EXISTS geoevents_aliases (alias TEXT PRIMARY KEY, event_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS geoevents_merges (
    event_id TEXT NOT NULL, report_id TEXT NOT NULL, merged_at TEXT NOT NULL, reason TEXT);
CREATE INDEX IF NOT EXISTS geoevents_merges_event ON geoevents_merges (event_id);
CREATE TABLE IF NOT EXISTS geoevents_docs (doc_id TEXT PRIMARY KEY, done_at TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS incidents_event_id ON incidents (event_id);
CREATE INDEX IF NOT EXISTS incidents_type_day_lat ON incidents (event_type, event_date, latitude);
CREATE INDEX IF NOT EXISTS incidents_date ON incidents (event_date);
CREATE INDEX IF NOT EXISTS incidents_iso3 ON incidents (iso3);
"""


# --- GeoPackage geometry blobs and the SQL functions GDAL's triggers call ---------------


def _why(err: BaseException) -> str:
    """A user's reading of a file or database error."""
    text = str(err)
    if "readonly" in text or "read-only" in text or isinstance(err, PermissionError):
        return "it is read-only: check the file's and its folder's permissions"
    return text


def point_blob(lon: float, lat: float, srs_id: int = 4326) -> bytes:
    """A GeoPackage geometry blob (little-endian, no envelope) holding one point."""
    return struct.pack("<2sBBi", b"GP", 0, 1, srs_id) + struct.pack("<BIdd", 1, 1, lon, lat)


_ENV = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def _blob_xy(blob):
    if blob is None or len(blob) < 8 or blob[:2] != b"GP":
        return None
    flags = blob[3]
    if flags & 0x10:
        return None  # empty
    env = (flags >> 1) & 0x07
    if env:
        order = "<" if flags & 1 else ">"
        minx, maxx, miny, maxy = struct.unpack_from(order + "4d", blob, 8)
        return minx, maxx, miny, maxy
    off = 8 + _ENV.get(env, 0)
    order = "<" if blob[off] == 1 else ">"
    (gtype,) = struct.unpack_from(order + "I", blob, off + 1)
    if gtype % 1000 != 1:
        return None
    x, y = struct.unpack_from(order + "2d", blob, off + 5)
    if math.isnan(x) or math.isnan(y):
        return None
    return x, x, y, y


def _st_isempty(blob):
    return 1 if _blob_xy(blob) is None else 0


def _part(k):
    def f(blob):
        xy = _blob_xy(blob)
        return None if xy is None else xy[k]

    return f


def _register(con: sqlite3.Connection) -> None:
    con.create_function("ST_IsEmpty", 1, _st_isempty, deterministic=True)
    for name, k in (("ST_MinX", 0), ("ST_MaxX", 1), ("ST_MinY", 2), ("ST_MaxY", 3)):
        con.create_function(name, 1, _part(k), deterministic=True)


# --- records <-> rows -------------------------------------------------------------------


def _to_row(rec: dict) -> tuple:
    vals: list[Any] = []
    for name in _COLS:
        v = rec.get(name)
        if v is not None and name in _BOOL:
            v = int(bool(v))
        elif v is not None and name in _DATE:
            v = str(v)[:10]
        elif isinstance(v, float) and math.isnan(v):
            v = None
        vals.append(v)
    extra = {k: v for k, v in rec.items() if k not in COLUMN_NAMES and k != "geometry" and v is not None}
    vals.append(dumps(extra) if extra else None)
    lat, lon = rec.get("latitude"), rec.get("longitude")
    vals.append(point_blob(float(lon), float(lat)) if lat is not None and lon is not None else None)
    return tuple(vals)


def _to_rows(recs: list[dict]) -> list[tuple]:
    """Many records to row tuples, column by column (faster than :func:`_to_row` in a loop)."""
    cols: list[list] = []
    for name in _COLS:
        vals = [r.get(name) for r in recs]
        if name in _BOOL:
            vals = [None if v is None else int(bool(v)) for v in vals]
        elif name in _DATE:
            vals = [None if v is None else str(v)[:10] for v in vals]
        else:
            vals = [None if isinstance(v, float) and v != v else v for v in vals]
        cols.append(vals)
    known = set(COLUMN_NAMES) | {"geometry"}
    extras = []
    n_known = len(COLUMN_NAMES)
    for r in recs:
        if len(r) != n_known and any(k not in known for k in r):
            e = {k: v for k, v in r.items() if k not in known and v is not None}
            extras.append(dumps(e) if e else None)
        else:
            extras.append(None)
    cols.append(extras)
    lat = cols[_COLS.index("latitude")]
    lon = cols[_COLS.index("longitude")]
    cols.append(
        [
            point_blob(float(x), float(y)) if x is not None and y is not None else None
            for x, y in zip(lon, lat, strict=False)
        ]
    )
    return list(zip(*cols, strict=False))


def _to_record(row: tuple, names: tuple[str, ...]) -> dict:
    rec: dict[str, Any] = {}
    extra = None
    for name, v in zip(names, row, strict=False):
        if name == _EXTRA:
            extra = v
            continue
        if v is not None and name in _BOOL:
            v = bool(v)
        elif v is not None and name in _DATE:
            v = str(v)[:10]
        rec[name] = v
    if extra:
        rec.update(json.loads(extra))
    return rec


def _qmarks(n: int) -> str:
    return ",".join("?" * n)


def _chunks(seq, n=_CHUNK):
    seq = list(seq)
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def _sql_str(v: str) -> str:
    return "'" + str(v).replace("'", "''") + "'"


class _Tx(Transaction):
    def __init__(self, con: sqlite3.Connection):
        self.con = con

    def _meta(self, key: str, default: str | None = None) -> str | None:
        row = self.con.execute("SELECT value FROM geoevents_meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def resolve_ids(self, ids):
        out: dict[str, str] = {}
        for part in _chunks(dict.fromkeys(ids)):
            q = _qmarks(len(part))
            for (eid,) in self.con.execute(f"SELECT event_id FROM {LAYER} WHERE event_id IN ({q})", part):
                out[eid] = eid
            for alias, eid in self.con.execute(
                f"SELECT alias, event_id FROM geoevents_aliases WHERE alias IN ({q})", part
            ):
                out.setdefault(alias, eid)
        return out

    def rows(self, ids):
        names = _COLS + (_EXTRA,)
        cols = ",".join(f'"{n}"' for n in names)
        out = {}
        for part in _chunks(ids):
            for row in self.con.execute(
                f"SELECT {cols} FROM {LAYER} WHERE event_id IN ({_qmarks(len(part))})", part
            ):
                rec = _to_record(row, names)
                out[rec["event_id"]] = rec
        return out

    def reports(self, ids):
        out: dict[str, list[dict]] = {}
        for part in _chunks(ids):
            for eid, report in self.con.execute(
                f"SELECT event_id, report FROM geoevents_reports WHERE event_id IN ({_qmarks(len(part))}) "
                "ORDER BY event_id, seq",
                part,
            ):
                out.setdefault(eid, []).append(json.loads(report))
        return out

    def candidates(self, probes, *, max_km):
        half = int(self._meta("max_half_range_days", "0") or 0)
        max_km = max(max_km, float(self._meta("max_radius_km", "0") or 0))
        con = self.con
        con.execute(
            "CREATE TEMP TABLE IF NOT EXISTS probe (k INTEGER, type TEXT, lo TEXT, hi TEXT, "
            "minlat REAL, maxlat REAL, minlon REAL, maxlon REAL, loc TEXT, s TEXT, e TEXT)"
        )
        con.execute("DELETE FROM temp.probe")
        rows = []
        for k, p in enumerate(probes):
            window = probe_window(p, half_days=half, max_km=max_km)
            if window is not None:
                lo, hi, box, loc = window
                # the probe's own range: a stored report can only be the same incident if its range overlaps it
                s0 = str(p.get("date_start") or p.get("event_date"))[:10]
                e0 = str(p.get("date_end") or p.get("event_date"))[:10]
                rows.append((k, p["event_type"], lo.isoformat(), hi.isoformat(), *box, loc, s0, e0))
        con.executemany("INSERT INTO temp.probe VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
        cols = ",".join(f't."{c}"' for c in MATCH_COLUMNS)
        head = (f"SELECT p.k, {cols} FROM temp.probe p CROSS JOIN {LAYER} t INDEXED BY {_MATCH_INDEX} WHERE "
                "substr(coalesce(t.date_start, t.event_date), 1, 10) <= p.e "
                "AND substr(coalesce(t.date_end, t.event_date), 1, 10) >= p.s AND ")
        queries = (
            # one-day probes with a point: index range on (type, day, latitude)
            "p.lo = p.hi AND p.minlat IS NOT NULL AND t.event_type = p.type AND t.event_date = p.lo "
            "AND t.latitude BETWEEN p.minlat AND p.maxlat AND t.longitude BETWEEN p.minlon AND p.maxlon",
            # date ranges with a point
            "p.lo < p.hi AND p.minlat IS NOT NULL AND t.event_type = p.type AND t.event_date BETWEEN p.lo "
            "AND p.hi "
            "AND t.latitude BETWEEN p.minlat AND p.maxlat AND t.longitude BETWEEN p.minlon AND p.maxlon",
            # stored rows without a point, matched by place name
            "p.minlat IS NOT NULL AND t.event_type = p.type AND t.event_date BETWEEN p.lo AND p.hi "
            "AND t.latitude IS NULL AND lower(t.location) = p.loc",
            # probes without a point, matched by place name
            "p.minlat IS NULL AND t.event_type = p.type AND t.event_date BETWEEN p.lo AND p.hi "
            "AND lower(t.location) = p.loc",
        )
        out: list[list[dict]] = [[] for _ in probes]
        for where in queries:
            for row in con.execute(head + where):
                out[row[0]].append(dict(zip(MATCH_COLUMNS, row[1:], strict=False)))
        return out

    def write(self, *, replace, insert, reports, aliases, log, done):
        from .base import _now

        con = self.con
        names = _COLS + (_EXTRA, _GEOM)
        if replace:
            # merged incidents are updated in place (same fid; only changed index entries move)
            # (event_id is left out of SET: it does not change, and its unique index need not move)
            keep = [k for k, n in enumerate(names) if n != "event_id"]
            sets = ",".join(f'"{names[k]}" = ?' for k in keep)
            con.executemany(
                f"UPDATE {LAYER} SET {sets} WHERE event_id = ?",
                [
                    tuple(row[k] for k in keep) + (eid,)
                    for eid, row in zip(replace, _to_rows(list(replace.values())), strict=True)
                ],
            )
        rows = list(insert)
        if rows:
            insert_sql = (
                f"INSERT INTO {LAYER} ({','.join(chr(34) + n + chr(34) for n in names)}) "
                f"VALUES ({_qmarks(len(names))})"
            )
            triggers = []
            if len(rows) >= _BULK:
                # many rows: fill the R-tree and GDAL's feature count in one statement each
                # after the inserts, instead of trigger calls per row (same transaction, same result)
                names_ = (f"rtree_{LAYER}_{_GEOM}_insert", f"trigger_insert_feature_count_{LAYER}")
                triggers = con.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type='trigger' AND name IN (?, ?)", names_
                ).fetchall()
                for name, _sql in triggers:
                    con.execute(f'DROP TRIGGER "{name}"')
            (before,) = con.execute(f"SELECT coalesce(max(fid), 0) FROM {LAYER}").fetchone()
            (count,) = con.execute(
                "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = ?", (LAYER,)
            ).fetchone() or (0,)
            rebuild = len(rows) >= _BULK and len(rows) > 2 * (count or 0)
            indexes = []
            if rebuild:
                # a bulk load into a small store: build the secondary indexes once, after
                indexes = con.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name=? AND sql IS NOT "
                    "NULL "
                    "AND name != 'incidents_event_id'",
                    (LAYER,),
                ).fetchall()
                for name, _sql in indexes:
                    con.execute(f'DROP INDEX "{name}"')
            con.executemany(insert_sql, _to_rows(rows))
            for _name, sql in indexes:
                con.execute(sql)
            for name, sql in triggers:
                if name.startswith("rtree_"):
                    con.execute(
                        f'INSERT OR REPLACE INTO "rtree_{LAYER}_{_GEOM}" '
                        "SELECT fid, longitude, longitude, latitude, "
                        f"latitude FROM {LAYER} WHERE fid > ? AND {_GEOM} IS NOT NULL AND latitude IS NOT "
                        "NULL "
                        "AND longitude IS NOT NULL ORDER BY fid",
                        (before,),
                    )
                else:
                    con.execute(
                        "UPDATE gpkg_ogr_contents SET feature_count = feature_count + ? "
                        "WHERE lower(table_name) = lower(?)",
                        (len(rows), LAYER),
                    )
                con.execute(sql)
        for part in _chunks(reports):
            con.execute(f"DELETE FROM geoevents_reports WHERE event_id IN ({_qmarks(len(part))})", part)
        if reports:
            con.executemany(
                "INSERT INTO geoevents_reports (event_id, seq, report_id, report) VALUES (?,?,?,?)",
                [
                    (eid, n, r["event_id"], dumps(r))
                    for eid, reps in reports.items()
                    for n, r in enumerate(reps)
                ],
            )
        if aliases:
            con.executemany(
                "INSERT OR REPLACE INTO geoevents_aliases (alias, event_id) VALUES (?,?)", aliases.items()
            )
            # incidents that were merged away no longer exist as rows
        if log:
            con.executemany(
                "INSERT INTO geoevents_merges (event_id, report_id, merged_at, reason) VALUES (?,?,?,?)", log
            )
        if done:
            at = _now()
            con.executemany(
                "INSERT OR IGNORE INTO geoevents_docs (doc_id, done_at) VALUES (?,?)", [(d, at) for d in done]
            )
        if rows or replace:
            self._update_meta(rows + list(replace.values()))

    def _update_meta(self, rows: list[dict]) -> None:

        from .base import _now
        from .merge import radius_for

        half = int(self._meta("max_half_range_days", "0") or 0)
        rad = float(self._meta("max_radius_km", "0") or 0)
        minx = miny = math.inf
        maxx = maxy = -math.inf
        for r in rows:
            d, s, e = r.get("event_date"), r.get("date_start"), r.get("date_end")
            if s == d == e:
                pass
            else:
                half = self._half(half, d, s, e)
            gp, rk = r.get("geo_precision"), r.get("radius_km")
            if rk is not None or gp not in (1, 2, 3):
                rad = max(rad, radius_for(gp, rk))
            elif _PREC_KM[gp] > rad:
                rad = _PREC_KM[gp]
            lat, lon = r.get("latitude"), r.get("longitude")
            if lat is not None and lon is not None:
                if lon < minx:
                    minx = lon
                if lon > maxx:
                    maxx = lon
                if lat < miny:
                    miny = lat
                if lat > maxy:
                    maxy = lat
        self.con.executemany(
            "INSERT OR REPLACE INTO geoevents_meta (key, value) VALUES (?, ?)",
            [("max_half_range_days", str(half)), ("max_radius_km", f"{rad:g}"), ("last_change", _now())],
        )
        if minx != math.inf:
            self.con.execute(
                "UPDATE gpkg_contents SET min_x = min(coalesce(min_x, ?), ?), max_x = max(coalesce(max_x, "
                "?), ?), "
                "min_y = min(coalesce(min_y, ?), ?), max_y = max(coalesce(max_y, ?), ?), "
                "last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = ?",
                (minx, minx, maxx, maxx, miny, miny, maxy, maxy, LAYER),
            )

    @staticmethod
    def _half(half: int, d, s, e) -> int:
        from datetime import date

        try:
            if d and s:
                half = max(half, (date.fromisoformat(str(d)[:10]) - date.fromisoformat(str(s)[:10])).days)
            if d and e:
                half = max(half, (date.fromisoformat(str(e)[:10]) - date.fromisoformat(str(d)[:10])).days)
        except ValueError:
            pass
        return half


def _arrow_schema():
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "datetime64[ms]": pa.date32(),
        "Int8": pa.int8(),
        "Int64": pa.int64(),
        "float64": pa.float64(),
        "boolean": pa.bool_(),
    }
    fields = [pa.field(c.name, types[c.dtype]) for c in COLUMNS]
    fields.append(pa.field(_EXTRA, pa.string()))
    fields.append(pa.field(_GEOM, pa.binary()))
    return pa.schema(fields)


def _create(path: Path) -> None:
    """Write an empty store at ``path`` (which must not exist)."""
    import pyogrio

    from .. import __version__

    table = _arrow_schema().empty_table()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "The filename extension should be", RuntimeWarning)
        pyogrio.write_arrow(
            table,
            path,
            layer=LAYER,
            driver="GPKG",
            geometry_name=_GEOM,
            geometry_type="Point",
            crs="EPSG:4326",
            encoding="UTF-8",
        )
    con = sqlite3.connect(path, isolation_level=None)
    try:
        _register(con)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("BEGIN")
        for stmt in _SIDE_TABLES.strip().split(";"):
            if stmt.strip():
                con.execute(stmt)
        con.executemany(
            "INSERT OR REPLACE INTO geoevents_meta (key, value) VALUES (?, ?)",
            [
                ("schema_version", str(SCHEMA_VERSION)),
                ("created_by", f"geoevents {__version__}"),
                ("contract_columns", ",".join(COLUMN_NAMES)),
                ("max_half_range_days", "0"),
                ("max_radius_km", "0"),
            ],
        )
        con.execute("COMMIT")
    finally:
        con.close()


class GpkgStore(IncidentStore):
    """An incident store in one GeoPackage file (see the module docstring)."""

    def __init__(self, path, *, lock_timeout: float = 10.0, create: bool = True):
        self.path = Path(path)
        self.location = str(path)
        self.lock_timeout = float(lock_timeout)
        if self.path.is_dir():
            raise StoreError(f"{path}: is a directory, not a GeoPackage store")
        if not self.path.exists():
            if not create:
                raise FileNotFoundError(2, "No such file or directory", str(path))
            try:
                self._create_new()
            except (OSError, sqlite3.Error, RuntimeError) as err:  # pyogrio's errors are RuntimeErrors
                raise StoreError(f"{path}: cannot create a store there ({_why(err)})") from None
        try:
            self._open_existing()
        except sqlite3.OperationalError as err:
            raise StoreError(f"{path}: cannot open the store ({_why(err)})") from None

    # --- creation, checks, migration -------------------------------------------------
    def _create_new(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.stem}.new-{os.getpid()}.gpkg")
        try:
            _create(tmp)
            try:
                os.link(tmp, self.path)  # atomic: fails if another process created it first
            except FileExistsError:
                pass
        finally:
            for p in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
                if p.exists():
                    p.unlink()

    def _open_existing(self) -> None:
        with open(self.path, "rb") as fh:
            head = fh.read(16)
        if head != b"SQLite format 3\x00":
            raise StoreError(f"{self.path}: not a GeoPackage (SQLite) file", code="E053")
        con = self._connect()
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "gpkg_contents" not in tables:
                raise StoreError(f"{self.path}: an SQLite file but not a GeoPackage", code="E053")
            if "geoevents_meta" in tables:
                row = con.execute("SELECT value FROM geoevents_meta WHERE key='schema_version'").fetchone()
                version = int(row[0]) if row else 0
            else:
                version = 0
        finally:
            con.close()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema version {version} was written by a newer geoevents "
                f"(this one knows up to {SCHEMA_VERSION}); upgrade geoevents",
                code="E054",
            )
        if version == 0:
            self._migrate_from_plain()
        self._add_missing_columns()

    def _migrate_from_plain(self) -> None:
        """Version 0 -> 1: a plain GeoPackage of incidents becomes a store (the original kept as a backup)."""
        import pyogrio

        from ..io import read_incidents

        layers = [name for name, _ in pyogrio.list_layers(self.path)]
        if LAYER not in layers and len(layers) != 1:
            raise StoreError(
                f"{self.path}: a GeoPackage without an 'incidents' layer "
                f"({', '.join(layers) or 'no layers'}); "
                "not an incident store",
                code="E053",
            )
        try:
            gdf = read_incidents(self.path, format="gpkg")
        except Exception as err:
            raise StoreError(
                f"{self.path}: cannot migrate this GeoPackage to a store: {err}", code="E055"
            ) from err
        backup = self.path.with_name(self.path.stem + ".v0-backup.gpkg")
        tmp = self.path.with_name(f".{self.path.stem}.migrate-{os.getpid()}.gpkg")
        if tmp.exists():
            tmp.unlink()
        _create(tmp)
        staged = GpkgStore.__new__(GpkgStore)
        staged.path, staged.location, staged.lock_timeout = tmp, str(tmp), self.lock_timeout
        staged.append(gdf, merge=False)
        con = sqlite3.connect(tmp, isolation_level=None)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute(
            "INSERT OR REPLACE INTO geoevents_meta VALUES ('migrated_from', ?)",
            (f"plain GeoPackage {backup.name}",),
        )
        con.close()
        os.replace(self.path, backup)
        os.replace(tmp, self.path)
        for suffix in ("-wal", "-shm"):
            p = Path(str(tmp) + suffix)
            if p.exists():
                p.unlink()
        warnings.warn(
            f"{self.path}: migrated a plain GeoPackage of {len(gdf)} incidents to a geoevents store "
            f"(schema {SCHEMA_VERSION}); the original is kept as {backup.name}",
            UserWarning,
            stacklevel=4,
        )

    def _add_missing_columns(self) -> None:
        """Later contract columns (and indexes) are added to older stores."""
        con = self._connect()
        try:
            indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
            if _MATCH_INDEX not in indexes:
                self._begin(con)
                con.execute("DROP INDEX IF EXISTS incidents_type_date")
                con.execute(f"CREATE INDEX {_MATCH_INDEX} ON {LAYER} (event_type, event_date, latitude)")
                con.execute("COMMIT")
            have = {r[1] for r in con.execute(f"PRAGMA table_info({LAYER})")}
            missing = [c for c in COLUMNS if c.name not in have] + ([] if _EXTRA in have else [None])
            if not missing:
                return
            sqltype = {
                "string": "TEXT",
                "datetime64[ms]": "DATE",
                "Int8": "SMALLINT",
                "Int64": "INTEGER",
                "float64": "REAL",
                "boolean": "BOOLEAN",
            }
            self._begin(con)
            for c in missing:
                if c is None:
                    con.execute(f'ALTER TABLE {LAYER} ADD COLUMN "{_EXTRA}" TEXT')
                else:
                    con.execute(f'ALTER TABLE {LAYER} ADD COLUMN "{c.name}" {sqltype[c.dtype]}')
            con.execute(
                "INSERT OR REPLACE INTO geoevents_meta VALUES ('contract_columns', ?)",
                (",".join(COLUMN_NAMES),),
            )
            con.execute("COMMIT")
        finally:
            con.close()

    # --- connections and transactions -----------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        try:
            con = sqlite3.connect(self.path, timeout=self.lock_timeout, isolation_level=None)
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: cannot open the store ({err})") from err
        _register(con)
        con.execute(f"PRAGMA cache_size = -{int(CACHE_KB)}")
        con.execute("PRAGMA temp_store = MEMORY")
        return con

    def _begin(self, con: sqlite3.Connection) -> None:
        try:
            con.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            if "locked" in str(err) or "busy" in str(err):
                raise StoreLockedError(
                    f"{self.path}: another process is writing to the store (waited {self.lock_timeout:g} s); "
                    "try again when it has finished"
                ) from None
            raise StoreError(f"{self.path}: {err}") from err

    @contextmanager
    def _transaction(self):
        con = self._connect()
        try:
            self._begin(con)
            try:
                yield _Tx(con)
                con.execute("COMMIT")
            except BaseException:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as err:
            if "locked" in str(err) or "busy" in str(err):
                raise StoreLockedError(
                    f"{self.path}: the store is locked by another process ({err})"
                ) from None
            raise StoreError(f"{self.path}: {_why(err)}") from err
        finally:
            con.close()

    # --- reads ------------------------------------------------------------------------------
    def __len__(self) -> int:
        con = self._connect()
        try:
            return int(con.execute(f"SELECT count(*) FROM {LAYER}").fetchone()[0])
        finally:
            con.close()

    def meta(self) -> dict[str, str]:
        con = self._connect()
        try:
            return dict(con.execute("SELECT key, value FROM geoevents_meta"))
        finally:
            con.close()

    def is_done(self, doc_id: str) -> bool:
        con = self._connect()
        try:
            return (
                con.execute("SELECT 1 FROM geoevents_docs WHERE doc_id = ?", (doc_id,)).fetchone() is not None
            )
        finally:
            con.close()

    def done_among(self, doc_ids) -> set[str]:
        ids = list(doc_ids)
        con = self._connect()
        try:
            got: set[str] = set()
            for part in _chunks(ids):
                got.update(r[0] for r in con.execute(
                    f"SELECT doc_id FROM geoevents_docs WHERE doc_id IN ({_qmarks(len(part))})", part))
            return got
        finally:
            con.close()

    def _get_records(self, event_id):
        con = self._connect()
        try:
            tx = _Tx(con)
            target = tx.resolve_ids([event_id]).get(event_id)
            if target is None:
                return None, [], [], None
            row = tx.rows([target]).get(target)
            reps = tx.reports([target]).get(target, [])
            log = [
                tuple(r)
                for r in con.execute(
                    "SELECT report_id, merged_at, reason FROM geoevents_merges WHERE event_id = ? ORDER BY "
                    "rowid",
                    (target,),
                )
            ]
            return row, reps, log, (target if target != event_id else None)
        finally:
            con.close()

    def where_sql(self, filters: dict[str, Any]) -> str | None:
        """The SQL attribute filter for normalised query filters."""
        parts = []
        if "since" in filters:
            parts.append(f"event_date >= {_sql_str(filters['since'])}")
        if "until" in filters:
            parts.append(f"event_date <= {_sql_str(filters['until'])}")
        if "country" in filters:
            isos, names = filters["country"]
            parts.append(
                f"(iso3 IN ({','.join(map(_sql_str, isos))}) OR "
                f"(iso3 IS NULL AND lower(country) IN ({','.join(_sql_str(n.lower()) for n in names)})))"
            )
        if "event_type" in filters:
            ts = ",".join(map(_sql_str, filters["event_type"]))
            parts.append(f"(event_type IN ({ts}) OR sub_event_type IN ({ts}))")
        return " AND ".join(parts) or None

    def _query(self, filters):
        import pyogrio

        from ..io.checks import prepare

        kw: dict[str, Any] = {"layer": LAYER, "use_arrow": True, "where": self.where_sql(filters)}
        if "bbox" in filters:
            kw["bbox"] = filters["bbox"]
        try:
            raw = pyogrio.read_dataframe(self.path, **kw)
        except Exception as err:
            raise StoreError(f"{self.path}: cannot read the store ({err})") from err
        return _from_table(raw, where=str(self.path), prepare=prepare)


def _from_table(raw, *, where: str, prepare):
    """A frame read from a store table (with its ``extra`` JSON column) as a conforming GeoDataFrame."""
    import pandas as pd

    from ..contract import conform, empty_frame
    from ..io.formats import expand_extra

    if len(raw) == 0:
        return empty_frame()
    raw = expand_extra(raw)
    if "geometry" in raw.columns:
        raw = raw.drop(columns="geometry")  # rebuilt from latitude/longitude
    for name in _DATE:
        if name in raw.columns and not pd.api.types.is_datetime64_any_dtype(raw[name]):
            raw[name] = pd.to_datetime(raw[name], errors="coerce")
    try:
        return conform(raw)
    except Exception:
        return prepare(raw, where=where, errors="warn")
