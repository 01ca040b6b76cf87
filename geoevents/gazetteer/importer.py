"""Import official GeoNames dump files into a compiled gazetteer, and user places.

Standard library only: ``gazetteer/build.py --geonames`` loads this file by path.

GeoNames dumps (``XX.zip``, ``allCountries.zip``, ``cities500.zip`` or the
``.txt`` inside) use the 19-column ``geoname`` table: geonameid, name,
asciiname, alternatenames, latitude, longitude, feature class, feature code,
country code, cc2, admin1..admin4 codes, population, elevation, dem, timezone,
modification date. Known ids take GeoNames' own point, feature code and admin2
code (so divisions get their official representative point); new ids are added
with their names, which brings villages, air bases, mountains and crossings.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path

try:  # as part of the package
    from . import normalize as N
except ImportError:  # loaded by file path from gazetteer/build.py
    import importlib.util as _ilu

    _spec = _ilu.spec_from_file_location("_geoevents_normalize", Path(__file__).with_name("normalize.py"))
    N = _ilu.module_from_spec(_spec)
    _spec.loader.exec_module(N)

__all__ = ["import_geonames_dump", "iter_dump_rows", "read_user_places", "write_user_places", "USER_SCHEMA"]

F_PRIMARY, F_ASCII, F_ALT = 1, 2, 4

_KIND_BY_FCODE = {
    "ADM1": "admin1",
    "ADM2": "admin2",
    "PCLI": "country",
    "PCLD": "country",
    "PCLF": "country",
    "PCLS": "country",
    "PCLIX": "country",
    "PCL": "country",
}

USER_SCHEMA = """
CREATE TABLE IF NOT EXISTS places(
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL, kind TEXT NOT NULL,
    cc TEXT, admin1 TEXT, admin2 TEXT, fcode TEXT, population INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL, seat INTEGER, point_source TEXT);
CREATE TABLE IF NOT EXISTS names(key TEXT NOT NULL, id INTEGER NOT NULL, flags INTEGER NOT NULL,
    PRIMARY KEY(key, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS skeletons(skel TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY(skel, id))
    WITHOUT ROWID;
"""


def _cell(lat: float, lon: float) -> int:
    return int((lat + 90.0) // 1) * 360 + int((lon + 180.0) // 1) % 360


class DumpFormatError(ValueError):
    """The file is not a GeoNames geoname table."""


def iter_dump_rows(path: Path):
    """Yield the columns of each row of a GeoNames dump (.zip or .txt)."""
    path = Path(path)
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.namelist() if m.endswith(".txt") and "readme" not in m.lower()]
            if not members:
                raise DumpFormatError(f"{path}: no GeoNames .txt table inside the zip")
            for m in members:
                with zf.open(m) as raw:
                    for line in io.TextIOWrapper(raw, encoding="utf-8"):
                        if line.strip():
                            yield line.rstrip("\n").split("\t")
    else:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield line.rstrip("\n").split("\t")


def _parse(row, path):
    if len(row) < 15:
        raise DumpFormatError(
            f"{path}: not a GeoNames geoname table (a row has {len(row)} tab-separated columns, expected 19)"
        )
    try:
        return (
            int(row[0]),
            row[1],
            row[2],
            row[3],
            float(row[4]),
            float(row[5]),
            row[6],
            row[7],
            row[8],
            row[10] or None,
            row[11] or None,
            int(row[14] or 0),
        )
    except ValueError as err:
        raise DumpFormatError(f"{path}: bad row for geonameid {row[0]!r}: {err}") from err


def import_geonames_dump(db_path: Path, dump: Path, *, batch: int = 50_000) -> int:
    """Merge a GeoNames dump into the compiled gazetteer at ``db_path``; return the rows read."""
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA synchronous=OFF")
    n = 0
    known = set()
    pending = []

    def flush():
        ids = [r[0] for r in pending]
        known.clear()
        for i in range(0, len(ids), 900):
            part = ids[i : i + 900]
            known.update(
                r[0]
                for r in con.execute(f"SELECT id FROM places WHERE id IN ({','.join('?' * len(part))})", part)
            )
        upd, ins, names, grid = [], [], [], []
        for gid, name, ascii_, alts, lat, lon, fclass, fcode, cc, a1, a2, pop in pending:
            kind = _KIND_BY_FCODE.get(fcode) or ("populated" if fclass == "P" else "other")
            if gid in known:
                upd.append((lat, lon, fcode, a2, pop, gid))
            else:
                ins.append(
                    (
                        gid,
                        name,
                        lat,
                        lon,
                        kind,
                        cc,
                        a1,
                        a2,
                        fcode,
                        pop,
                        f"geonames-dump:{Path(dump).name}",
                        None,
                        "geonames dump",
                    )
                )
                if kind == "populated":
                    grid.append((_cell(lat, lon), gid))
            for nm, fl in [(name, F_PRIMARY), (ascii_, F_ASCII)] + [
                (a, F_ALT) for a in (alts.split(",") if alts else ()) if a and not a.startswith("http")
            ]:
                for key in N.keys_for(nm):
                    if len(key) <= 80:
                        names.append((key, gid, fl))
        con.executemany(
            "UPDATE places SET lat=?, lon=?, fcode=?, admin2=COALESCE(admin2, ?), "
            "population=MAX(population, ?), point_source='geonames dump' WHERE id=?",
            upd,
        )
        con.executemany("INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", ins)
        con.executemany(
            "INSERT INTO names VALUES (?,?,?) "
            "ON CONFLICT(key, id) DO UPDATE SET flags = flags | excluded.flags",
            names,
        )
        if grid:
            con.executemany("INSERT OR IGNORE INTO grid VALUES (?,?)", grid)
        pending.clear()

    try:
        for row in iter_dump_rows(dump):
            pending.append(_parse(row, dump))
            n += 1
            if len(pending) >= batch:
                flush()
        if pending:
            flush()
        if n == 0:
            raise DumpFormatError(f"{dump}: no rows")
        src = json.loads(con.execute("SELECT value FROM meta WHERE key='sources'").fetchone()[0])
        src[f"geonames-dump:{Path(dump).name}"] = n
        con.execute("UPDATE meta SET value=? WHERE key='sources'", (json.dumps(src),))
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        con.close()
    return n


# ---------------------------------------------------------------------- user places
_FIELDS = {
    "name": ("name", "place", "location", "title"),
    "lat": ("latitude", "lat", "y"),
    "lon": ("longitude", "lon", "lng", "long", "x"),
    "cc": ("country_code", "country", "cc", "iso2"),
    "admin1": ("admin1",),
    "kind": ("kind", "type"),
    "aliases": ("aliases", "alternate_names", "alternatenames"),
    "population": ("population",),
}


def _pick(rec: dict, field: str):
    for k in _FIELDS[field]:
        for kk in (k, k.upper(), k.capitalize()):
            if kk in rec and rec[kk] not in (None, ""):
                return rec[kk]
    return None


def read_user_places(path: Path) -> tuple[list[dict], list[str]]:
    """Read user places from a CSV (name, latitude, longitude, ...) or a GeoJSON of Points.

    Returns ``(records, problems)``: one bad row is reported, never fatal.
    """
    path = Path(path)
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise DumpFormatError(f"{path}: binary file, expected CSV or GeoJSON")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    recs, problems = [], []
    suffix = path.suffix.lower()
    if suffix in (".geojson", ".json") or text.lstrip().startswith("{"):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as err:
            raise DumpFormatError(f"{path}: invalid GeoJSON: {err}") from err
        feats = doc.get("features") if isinstance(doc, dict) else None
        if feats is None and isinstance(doc, dict) and doc.get("type") == "Feature":
            feats = [doc]
        if feats is None:
            raise DumpFormatError(f"{path}: expected a GeoJSON FeatureCollection")
        for i, f in enumerate(feats):
            geom = (f or {}).get("geometry") or {}
            props = dict((f or {}).get("properties") or {})
            if geom.get("type") != "Point" or len(geom.get("coordinates") or ()) < 2:
                problems.append(f"feature {i}: not a Point geometry; skipped")
                continue
            props.setdefault("longitude", geom["coordinates"][0])
            props.setdefault("latitude", geom["coordinates"][1])
            recs.append((i, props))
    else:
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or not any(
            f and f.strip().lower() in _FIELDS["name"] for f in reader.fieldnames
        ):
            raise DumpFormatError(f"{path}: CSV needs a header with name, latitude, longitude columns")
        for i, row in enumerate(reader, start=2):
            recs.append((i, {(k or "").strip().lower(): v for k, v in row.items()}))
    out = []
    for i, rec in recs:
        name = _pick(rec, "name")
        try:
            lat, lon = float(_pick(rec, "lat")), float(_pick(rec, "lon"))
        except (TypeError, ValueError):
            problems.append(f"row {i}: missing or bad latitude/longitude; skipped")
            continue
        if not name or not str(name).strip():
            problems.append(f"row {i}: no name; skipped")
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            problems.append(f"row {i}: coordinate out of range ({lat}, {lon}); skipped")
            continue
        aliases = _pick(rec, "aliases")
        if isinstance(aliases, str):
            aliases = [a.strip() for a in aliases.replace(";", "|").split("|") if a.strip()]
        try:
            pop = int(float(_pick(rec, "population") or 0))
        except ValueError:
            pop = 0
        cc = _pick(rec, "cc")
        out.append(
            {
                "name": str(name).strip(),
                "lat": lat,
                "lon": lon,
                "cc": str(cc).strip().upper()[:2] if cc else None,
                "admin1": _pick(rec, "admin1"),
                "kind": str(_pick(rec, "kind") or "user"),
                "aliases": list(aliases or ()),
                "population": pop,
            }
        )
    return out, problems


def write_user_places(db_path: Path, records: list[dict], *, source: str) -> int:
    """Add (or replace, same name and point) user places in the user SQLite file."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(db_path)
    try:
        con.executescript(USER_SCHEMA)
        lo = con.execute("SELECT MIN(id) FROM places").fetchone()[0]
        next_id = min(lo or 0, -1_000_000) - 1 if lo is None or lo > -1_000_000 else lo - 1
        n = 0
        for r in records:
            old = con.execute(
                "SELECT id FROM places WHERE name=? AND abs(lat-?)<1e-6 AND abs(lon-?)<1e-6",
                (r["name"], r["lat"], r["lon"]),
            ).fetchone()
            if old:
                pid = old[0]
                con.execute("DELETE FROM names WHERE id=?", (pid,))
                con.execute("DELETE FROM skeletons WHERE id=?", (pid,))
                con.execute("DELETE FROM places WHERE id=?", (pid,))
            else:
                pid = next_id
                next_id -= 1
            con.execute(
                "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    pid,
                    r["name"],
                    r["lat"],
                    r["lon"],
                    "user",
                    r["cc"],
                    r["admin1"],
                    None,
                    "USER",
                    r["population"],
                    f"user:{source}",
                    None,
                    "user",
                ),
            )
            for i, nm in enumerate([r["name"]] + r["aliases"]):
                for key in N.keys_for(nm):
                    con.execute(
                        "INSERT OR IGNORE INTO names VALUES (?,?,?)",
                        (key, pid, F_PRIMARY if i == 0 else F_ALT),
                    )
                    sk = N.skeleton(key)
                    if len(sk) >= 3:
                        con.execute("INSERT OR IGNORE INTO skeletons VALUES (?,?)", (sk, pid))
            n += 1
        con.commit()
    finally:
        con.close()
    return n
