"""The server store: PostgreSQL with PostGIS, for teams.

Same API and the same merge rule as the GeoPackage store. Incidents are the
``incidents`` table (a ``geometry(Point, 4326)`` column ``geom`` with a GiST
index) in the chosen schema, beside the same ``geoevents_*`` side tables.
Rows go in with :meth:`geopandas.GeoDataFrame.to_postgis` and come out with
:func:`geopandas.read_postgis`, inside one transaction per append; writers
take a transaction-scoped advisory lock, waiting at most ``lock_timeout``
seconds before :class:`~geoevents.exc.StoreLockedError`.

Needs the ``postgis`` extra: ``pip install geoevents[postgis]`` (sqlalchemy,
geoalchemy2, psycopg).
"""

from __future__ import annotations

import json
import math
import re
import zlib
from contextlib import contextmanager
from typing import Any

from ..contract import COLUMN_NAMES, COLUMNS
from ..exc import MissingDependencyError, StoreError, StoreLockedError
from .base import MATCH_COLUMNS, SCHEMA_VERSION, IncidentStore, Transaction, _now, dumps, probe_window

__all__ = ["PostgisStore"]

_SQLTYPE = {
    "string": "TEXT",
    "datetime64[ms]": "DATE",
    "Int8": "SMALLINT",
    "Int64": "BIGINT",
    "float64": "DOUBLE PRECISION",
    "boolean": "BOOLEAN",
}
_BOOL = {c.name for c in COLUMNS if c.dtype == "boolean"}
_DATE = {c.name for c in COLUMNS if c.dtype.startswith("datetime")}
_INT = {c.name for c in COLUMNS if c.dtype in ("Int8", "Int64")}
_COLS = tuple(c.name for c in COLUMNS)
_CHUNK = 1000


def _mask(dsn: str) -> str:
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", dsn)


def _engine_url(dsn: str) -> str:
    for prefix in ("postgresql+psycopg2://", "postgresql+psycopg://", "postgresql://", "postgres://"):
        if dsn.startswith(prefix):
            return "postgresql+psycopg://" + dsn[len(prefix) :]
    return dsn


def _record(row: dict) -> dict:
    rec: dict[str, Any] = {}
    extra = row.get("extra")
    for name in _COLS:
        v = row.get(name)
        if v is not None and name in _DATE:
            v = str(v)[:10]
        elif v is not None and name in _BOOL:
            v = bool(v)
        elif v is not None and name in _INT:
            v = int(v)
        elif isinstance(v, float) and math.isnan(v):
            v = None
        rec[name] = v
    if extra:
        rec.update(json.loads(extra))
    return rec


class _Tx(Transaction):
    def __init__(self, conn, store: "PostgisStore"):
        self.conn = conn
        self.s = store

    def _x(self, sql: str, params=None):
        from sqlalchemy import text

        return self.conn.execute(text(sql), params or {})

    def _meta(self, key: str, default: str | None = None) -> str | None:
        row = self._x(f"SELECT value FROM {self.s.t('geoevents_meta')} WHERE key = :k", {"k": key}).fetchone()
        return row[0] if row else default

    def resolve_ids(self, ids):
        out: dict[str, str] = {}
        ids = list(dict.fromkeys(ids))
        for i in range(0, len(ids), _CHUNK):
            part = ids[i : i + _CHUNK]
            for (eid,) in self._x(
                f"SELECT event_id FROM {self.s.t('incidents')} WHERE event_id = ANY(:ids)", {"ids": part}
            ):
                out[eid] = eid
            for alias, eid in self._x(
                f"SELECT alias, event_id FROM {self.s.t('geoevents_aliases')} WHERE alias = ANY(:ids)",
                {"ids": part},
            ):
                out.setdefault(alias, eid)
        return out

    def rows(self, ids):
        cols = ",".join(f'"{c}"' for c in _COLS) + ", extra"
        out = {}
        ids = list(ids)
        for i in range(0, len(ids), _CHUNK):
            res = self._x(
                f"SELECT {cols} FROM {self.s.t('incidents')} WHERE event_id = ANY(:ids)",
                {"ids": ids[i : i + _CHUNK]},
            )
            for row in res.mappings():
                rec = _record(dict(row))
                out[rec["event_id"]] = rec
        return out

    def reports(self, ids):
        out: dict[str, list[dict]] = {}
        ids = list(ids)
        for i in range(0, len(ids), _CHUNK):
            for eid, rep in self._x(
                f"SELECT event_id, report FROM {self.s.t('geoevents_reports')} WHERE event_id = ANY(:ids) "
                "ORDER BY event_id, seq",
                {"ids": ids[i : i + _CHUNK]},
            ):
                out.setdefault(eid, []).append(json.loads(rep))
        return out

    def candidates(self, probes, *, max_km):
        half = int(self._meta("max_half_range_days", "0") or 0)
        max_km = max(max_km, float(self._meta("max_radius_km", "0") or 0))
        self._x(
            "CREATE TEMP TABLE IF NOT EXISTS geoevents_probe (k INTEGER, type TEXT, lo DATE, hi DATE, "
            "minlat DOUBLE PRECISION, maxlat DOUBLE PRECISION, minlon DOUBLE PRECISION, maxlon DOUBLE "
            "PRECISION, "
            "loc TEXT) ON COMMIT DROP"
        )
        self._x("TRUNCATE geoevents_probe")
        rows = []
        for k, p in enumerate(probes):
            window = probe_window(p, half_days=half, max_km=max_km)
            if window is not None:
                lo, hi, (minlat, maxlat, minlon, maxlon), loc = window
                rows.append(dict(k=k, type=p["event_type"], lo=lo, hi=hi, loc=loc,
                                 minlat=minlat, maxlat=maxlat, minlon=minlon, maxlon=maxlon))
        out: list[list[dict]] = [[] for _ in probes]
        if not rows:
            return out
        self._x(
            "INSERT INTO geoevents_probe VALUES (:k, :type, :lo, :hi, :minlat, :maxlat, :minlon, :maxlon, "
            ":loc)",
            rows,
        )
        cols = ",".join(f't."{c}"' for c in MATCH_COLUMNS)
        res = self._x(
            f"SELECT p.k, {cols} FROM geoevents_probe p JOIN {self.s.t('incidents')} t "
            "ON t.event_type = p.type AND t.event_date BETWEEN p.lo AND p.hi "
            "WHERE (p.minlat IS NOT NULL AND t.latitude BETWEEN p.minlat AND p.maxlat "
            "       AND t.longitude BETWEEN p.minlon AND p.maxlon) "
            "   OR ((p.minlat IS NULL OR t.latitude IS NULL) AND lower(t.location) = p.loc)"
        )
        for row in res:
            rec = dict(zip(MATCH_COLUMNS, row[1:], strict=False))
            for name in ("event_date", "date_start", "date_end"):
                if rec.get(name) is not None:
                    rec[name] = str(rec[name])[:10]
            out[row[0]].append(rec)
        return out

    def write(self, *, replace, insert, reports, aliases, log, done):
        from ..contract import from_records

        rows = list(replace.values()) + list(insert)
        ids = list(replace)
        for i in range(0, len(ids), _CHUNK):
            self._x(
                f"DELETE FROM {self.s.t('incidents')} WHERE event_id = ANY(:ids)",
                {"ids": ids[i : i + _CHUNK]},
            )
        if rows:
            gdf = from_records(rows)
            extra_cols = [c for c in gdf.columns if c not in COLUMN_NAMES and c != "geometry"]
            recs_extra = [{k: r.get(k) for k in extra_cols if r.get(k) is not None} for r in rows]
            out = gdf[list(COLUMN_NAMES) + ["geometry"]].copy()
            out["extra"] = [dumps(e) if e else None for e in recs_extra]
            nocoord = (out["latitude"].isna() | out["longitude"].isna()).to_numpy()
            geom = out.geometry.copy()
            if nocoord.any():
                geom[nocoord] = None
            out = out.set_geometry(geom).rename_geometry("geom")
            out.to_postgis("incidents", self.conn, schema=self.s.schema, if_exists="append", index=False)
        for eid, reps in reports.items():
            self._x(f"DELETE FROM {self.s.t('geoevents_reports')} WHERE event_id = :e", {"e": eid})
            self._x(
                f"INSERT INTO {self.s.t('geoevents_reports')} (event_id, seq, report_id, report) VALUES "
                "(:e, :n, :r, :j)",
                [dict(e=eid, n=n, r=r["event_id"], j=dumps(r)) for n, r in enumerate(reps)],
            )
        if aliases:
            self._x(
                f"INSERT INTO {self.s.t('geoevents_aliases')} (alias, event_id) VALUES (:a, :e) "
                "ON CONFLICT (alias) DO UPDATE SET event_id = EXCLUDED.event_id",
                [dict(a=a, e=e) for a, e in aliases.items()],
            )
        if log:
            self._x(
                f"INSERT INTO {self.s.t('geoevents_merges')} (event_id, report_id, merged_at, reason) "
                "VALUES (:e, :r, :a, :w)",
                [dict(e=e, r=r, a=a, w=w) for e, r, a, w in log],
            )
        if done:
            at = _now()
            self._x(
                f"INSERT INTO {self.s.t('geoevents_docs')} (doc_id, done_at) VALUES (:d, :a) ON CONFLICT "
                "DO NOTHING",
                [dict(d=d, a=at) for d in done],
            )
        if rows:
            self._update_meta(rows)

    def _update_meta(self, rows):
        from datetime import date

        from .merge import radius_for

        half = int(self._meta("max_half_range_days", "0") or 0)
        rad = float(self._meta("max_radius_km", "0") or 0)
        for r in rows:
            d, s, e = r.get("event_date"), r.get("date_start"), r.get("date_end")
            try:
                if d and s:
                    half = max(half, (date.fromisoformat(str(d)[:10]) - date.fromisoformat(str(s)[:10])).days)
                if d and e:
                    half = max(half, (date.fromisoformat(str(e)[:10]) - date.fromisoformat(str(d)[:10])).days)
            except ValueError:
                pass
            rad = max(rad, radius_for(r.get("geo_precision"), r.get("radius_km")))
        self._x(
            f"INSERT INTO {self.s.t('geoevents_meta')} (key, value) VALUES (:k, :v) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [
                dict(k="max_half_range_days", v=str(half)),
                dict(k="max_radius_km", v=f"{rad:g}"),
                dict(k="last_change", v=_now()),
            ],
        )


class PostgisStore(IncidentStore):
    """An incident store in a PostGIS database (see the module docstring)."""

    def __init__(self, dsn: str, *, lock_timeout: float = 10.0, schema: str = "public"):
        try:
            import geoalchemy2  # noqa: F401  (geopandas' to_postgis needs it)
            import sqlalchemy as sa
        except ImportError as err:
            raise MissingDependencyError(
                "a PostGIS store needs sqlalchemy, geoalchemy2 and psycopg: pip install "
                f"'geoevents[postgis]' ({err})"
            ) from None
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", schema):
            raise StoreError(f"bad schema name {schema!r}")
        self.dsn = dsn
        self.schema = schema
        self.location = _mask(dsn) + (f" (schema {schema})" if schema != "public" else "")
        self.lock_timeout = float(lock_timeout)
        self._lock_key = zlib.crc32(f"geoevents:{schema}".encode()) & 0x7FFFFFFF
        try:
            self.engine = sa.create_engine(_engine_url(dsn), pool_pre_ping=True)
            self._init()
        except StoreError:
            raise
        except Exception as err:
            if isinstance(err, ImportError):
                raise MissingDependencyError(f"psycopg is needed for PostGIS stores: {err}") from None
            raise StoreError(
                f"cannot open the PostGIS store at {self.location}: {str(err).splitlines()[0]}"
            ) from None

    def t(self, name: str) -> str:
        return f'"{self.schema}"."{name}"'

    # --- schema ------------------------------------------------------------------------
    def _init(self) -> None:
        from sqlalchemy import text

        from .. import __version__

        cols = ",\n".join(
            f'"{c.name}" {_SQLTYPE[c.dtype]}' + (" NOT NULL UNIQUE" if c.name == "event_id" else "")
            for c in COLUMNS
        )
        with self.engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": self._lock_key})
            has_postgis = conn.execute(
                text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
            ).fetchone()
            if not has_postgis:
                raise StoreError(
                    f"{self.location}: the database has no postgis extension (CREATE EXTENSION postgis)"
                )
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"'))
            conn.execute(
                text(
                    f"CREATE TABLE IF NOT EXISTS {self.t('geoevents_meta')} (key TEXT PRIMARY KEY, value "
                    "TEXT)"
                )
            )
            row = conn.execute(
                text(f"SELECT value FROM {self.t('geoevents_meta')} WHERE key = 'schema_version'")
            ).fetchone()
            version = int(row[0]) if row else None
            if version is not None and version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.location}: store schema version {version} was written by a newer geoevents "
                    f"(this one knows up to {SCHEMA_VERSION}); upgrade geoevents",
                    code="E054",
                )
            conn.execute(
                text(
                    f"CREATE TABLE IF NOT EXISTS {self.t('incidents')} (fid BIGSERIAL PRIMARY KEY, {cols}, "
                    "extra TEXT, "
                    "geom geometry(Point, 4326))"
                )
            )
            have = {
                r[0]
                for r in conn.execute(
                    text(
                        "SELECT column_name FROM information_schema.columns WHERE table_schema = :s AND "
                        "table_name = 'incidents'"
                    ),
                    {"s": self.schema},
                )
            }
            for c in COLUMNS:
                if c.name not in have:
                    conn.execute(
                        text(f'ALTER TABLE {self.t("incidents")} ADD COLUMN "{c.name}" {_SQLTYPE[c.dtype]}')
                    )
            if "extra" not in have:
                conn.execute(text(f"ALTER TABLE {self.t('incidents')} ADD COLUMN extra TEXT"))
            for stmt in (
                f"CREATE INDEX IF NOT EXISTS incidents_type_date ON {self.t('incidents')} (event_type, "
                "event_date)",
                f"CREATE INDEX IF NOT EXISTS incidents_date ON {self.t('incidents')} (event_date)",
                f"CREATE INDEX IF NOT EXISTS incidents_iso3 ON {self.t('incidents')} (iso3)",
                f"CREATE INDEX IF NOT EXISTS incidents_geom ON {self.t('incidents')} USING GIST (geom)",
                f"CREATE TABLE IF NOT EXISTS {self.t('geoevents_reports')} (event_id TEXT NOT NULL, seq "
                "INTEGER NOT NULL, "
                "report_id TEXT NOT NULL, report TEXT NOT NULL, PRIMARY KEY (event_id, seq))",
                f"CREATE TABLE IF NOT EXISTS {self.t('geoevents_aliases')} (alias TEXT PRIMARY KEY, "
                "event_id TEXT NOT NULL)",
                f"CREATE TABLE IF NOT EXISTS {self.t('geoevents_merges')} (event_id TEXT NOT NULL, "
                "report_id TEXT NOT NULL, "
                "merged_at TEXT NOT NULL, reason TEXT)",
                f"CREATE INDEX IF NOT EXISTS geoevents_merges_event ON {self.t('geoevents_merges')} "
                "(event_id)",
                f"CREATE TABLE IF NOT EXISTS {self.t('geoevents_docs')} (doc_id TEXT PRIMARY KEY, done_at "
                "TEXT NOT NULL)",
            ):
                conn.execute(text(stmt))
            if version is None:
                conn.execute(
                    text(
                        f"INSERT INTO {self.t('geoevents_meta')} (key, value) VALUES (:k, :v) ON CONFLICT "
                        "(key) DO NOTHING"
                    ),
                    [
                        dict(k="schema_version", v=str(SCHEMA_VERSION)),
                        dict(k="created_by", v=f"geoevents {__version__}"),
                        dict(k="max_half_range_days", v="0"),
                        dict(k="max_radius_km", v="0"),
                    ],
                )
            conn.execute(
                text(
                    f"INSERT INTO {self.t('geoevents_meta')} (key, value) VALUES ('contract_columns', :v) "
                    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
                ),
                {"v": ",".join(COLUMN_NAMES)},
            )

    # --- transactions --------------------------------------------------------------------
    @contextmanager
    def _transaction(self):
        from sqlalchemy import exc as sa_exc
        from sqlalchemy import text

        try:
            with self.engine.begin() as conn:
                conn.execute(text(f"SET LOCAL lock_timeout = '{int(self.lock_timeout * 1000)}ms'"))
                try:
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": self._lock_key})
                except sa_exc.OperationalError as err:
                    if "lock timeout" in str(err) or "LockNotAvailable" in type(err.orig).__name__:
                        raise StoreLockedError(
                            f"{self.location}: another process is writing to the store (waited "
                            f"{self.lock_timeout:g} s); "
                            "try again when it has finished"
                        ) from None
                    raise
                yield _Tx(conn, self)
        except (StoreError, KeyboardInterrupt):
            raise
        except sa_exc.SQLAlchemyError as err:
            raise StoreError(f"{self.location}: {str(err).splitlines()[0]}") from err

    # --- reads -------------------------------------------------------------------------------
    def _scalar(self, sql: str, params=None):
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return conn.execute(text(sql), params or {}).scalar()

    def __len__(self) -> int:
        return int(self._scalar(f"SELECT count(*) FROM {self.t('incidents')}"))

    def meta(self) -> dict[str, str]:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return dict(conn.execute(text(f"SELECT key, value FROM {self.t('geoevents_meta')}")).fetchall())

    def done_among(self, doc_ids) -> set[str]:
        from sqlalchemy import bindparam, text

        ids = list(doc_ids)
        if not ids:
            return set()
        sql = text(f"SELECT doc_id FROM {self.t('geoevents_docs')} WHERE doc_id IN :ids").bindparams(
            bindparam("ids", expanding=True))
        with self.engine.connect() as conn:
            return {r[0] for r in conn.execute(sql, {"ids": ids})}

    def is_done(self, doc_id: str) -> bool:
        return (
            self._scalar(f"SELECT 1 FROM {self.t('geoevents_docs')} WHERE doc_id = :d", {"d": doc_id})
            is not None
        )

    def _get_records(self, event_id):
        from sqlalchemy import text

        with self.engine.connect() as conn:
            tx = _Tx(conn, self)
            target = tx.resolve_ids([event_id]).get(event_id)
            if target is None:
                return None, [], [], None
            row = tx.rows([target]).get(target)
            reps = tx.reports([target]).get(target, [])
            log = [
                tuple(r)
                for r in conn.execute(
                    text(
                        f"SELECT report_id, merged_at, reason FROM {self.t('geoevents_merges')} WHERE "
                        "event_id = :e ORDER BY ctid"
                    ),
                    {"e": target},
                )
            ]
        return row, reps, log, (target if target != event_id else None)

    def _query(self, filters):
        import geopandas as gpd
        from sqlalchemy import text

        from ..contract import empty_frame
        from ..io.checks import prepare
        from .gpkg import _from_table

        where, params = [], {}
        if "since" in filters:
            where.append("event_date >= CAST(:since AS DATE)")
            params["since"] = filters["since"]
        if "until" in filters:
            where.append("event_date <= CAST(:until AS DATE)")
            params["until"] = filters["until"]
        if "country" in filters:
            isos, names = filters["country"]
            where.append("(iso3 = ANY(:isos) OR (iso3 IS NULL AND lower(country) = ANY(:cnames)))")
            params["isos"] = list(isos)
            params["cnames"] = [n.lower() for n in names]
        if "event_type" in filters:
            where.append("(event_type = ANY(:types) OR sub_event_type = ANY(:types))")
            params["types"] = list(filters["event_type"])
        if "bbox" in filters:
            w, s, e, n = filters["bbox"]
            where.append("geom && ST_MakeEnvelope(:w, :s, :e, :n, 4326)")
            params.update(w=w, s=s, e=e, n=n)
        cols = ",".join(f'"{c}"' for c in _COLS) + ", extra, geom"
        sql = f"SELECT {cols} FROM {self.t('incidents')}" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY fid"
        with self.engine.connect() as conn:
            raw = gpd.read_postgis(text(sql), conn, geom_col="geom", params=params)
        if len(raw) == 0:
            return empty_frame()
        raw = raw.drop(columns="geom")
        return _from_table(raw, where=self.location, prepare=prepare)

    def close(self) -> None:
        self.engine.dispose()
