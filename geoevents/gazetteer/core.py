"""The compiled gazetteer: a read-only SQLite file, opened in milliseconds.

The file (``geoevents/data/gazetteer.sqlite``) is built by ``gazetteer/build.py``
from GeoNames data (CC BY 4.0) and curated tables. User additions live in a
second SQLite file under the user's geoevents home (``$GEOEVENTS_HOME``, by
default ``~/.local/share/geoevents``) and are consulted alongside; a gazetteer
rebuilt with official GeoNames dumps (``geoevents gazetteer build --geonames``)
is written there too and preferred over the packaged one.

Representative points: every record has its own point. Countries use a curated
point near the country's centre (never its capital: Russia is not Moscow);
first-level divisions the centre of their member places' extent;
second-level divisions a same-named place of their first-level division, or
that division's point. :meth:`Gazetteer.seat_of` gives the capital or seat,
which ACLED uses for incidents known only at region level.
"""

from __future__ import annotations

import math
import os
import sqlite3
import threading
import warnings
from pathlib import Path

from ..exc import GazetteerError, InputError
from ..places import Place
from . import normalize as N

__all__ = [
    "Gazetteer",
    "packaged_path",
    "user_home",
    "haversine_km",
    "KIND_RANK",
    "DIVISION_WORDS",
    "SCHEMA_VERSION",
]

F_PRIMARY, F_ASCII, F_ALT, F_CURATED, F_ABBR, F_CODE = 1, 2, 4, 8, 16, 32

#: Preference among kinds when names tie (higher is preferred).
KIND_RANK = {"country": 5, "admin1": 4, "region": 3, "populated": 2, "admin2": 1, "user": 2, "other": 0}

#: Words naming a division after its name ("Idlib province", "Kharkiv oblast").
DIVISION_WORDS = frozenset(
    {
        "province",
        "governorate",
        "oblast",
        "region",
        "state",
        "county",
        "district",
        "prefecture",
        "department",
        "municipality",
        "parish",
        "canton",
        "wilaya",
        "vilayet",
        "krai",
        "raion",
        "rayon",
        "division",
        "territory",
    }
)

_PLACE_SQL = (
    "SELECT p.id, p.name, p.lat, p.lon, p.kind, p.cc, p.admin1, p.admin2, p.fcode, p.population, "
    "p.source, p.seat FROM {db}.places p WHERE p.id IN ({ids})"
)


#: Version of the compiled file's layout (gazetteer/build.py writes the same number).
SCHEMA_VERSION = 2


def _schema_of(path: Path) -> str | None:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        finally:
            con.close()
        return row[0] if row else None
    except sqlite3.DatabaseError:
        return None


def packaged_path() -> Path:
    """Where the packaged, compiled gazetteer lives."""
    return Path(__file__).resolve().parents[1] / "data" / "gazetteer.sqlite"


def user_home() -> Path:
    """The user's geoevents data folder (``$GEOEVENTS_HOME`` or the XDG data dir)."""
    env = os.environ.get("GEOEVENTS_HOME")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "geoevents"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """The offline gazetteer.

    Parameters
    ----------
    path : path-like, optional
        Compiled gazetteer file; default: a rebuilt one in the user's home if
        present, else the packaged one.
    user_db : path-like or False, optional
        SQLite file of user additions; default: ``user_home()/user-places.sqlite``
        when it exists. ``False`` ignores user additions.

    Examples
    --------
    >>> gaz = Gazetteer.default()
    >>> gaz.geocode("Aleppo")[0].country_code
    'SY'
    """

    _default: "Gazetteer | None" = None
    _lock = threading.Lock()

    def __init__(self, path=None, *, user_db=None):
        if path is None:
            rebuilt = user_home() / "gazetteer.sqlite"
            path = packaged_path()
            if rebuilt.exists():
                if _schema_of(rebuilt) == str(SCHEMA_VERSION):
                    path = rebuilt
                else:
                    warnings.warn(
                        f"ignoring {rebuilt}: built for another version of geoevents; "
                        "run `geoevents gazetteer build` again",
                        stacklevel=2,
                    )
        self.path = Path(path)
        if not self.path.exists():
            raise GazetteerError(
                f"the compiled gazetteer is missing at {self.path}; build it with "
                "`python gazetteer/build.py` (from a source checkout) or `geoevents gazetteer build`"
            )
        try:
            uri = f"file:{self.path}?mode=ro&immutable=1"
            self._con = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._con.execute("PRAGMA query_only=1")
            self._con.execute("PRAGMA cache_size=-16000")
            meta = dict(self._con.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as err:
            raise GazetteerError(f"{self.path} is not a geoevents gazetteer: {err}") from err
        self.meta = meta
        self._dbs = ["main"]
        if user_db is None:
            cand = user_home() / "user-places.sqlite"
            user_db = cand if cand.exists() else False
        self.user_db = Path(user_db) if user_db else None
        if self.user_db is not None and self.user_db.exists():
            self._con.execute("ATTACH DATABASE ? AS user", (f"file:{self.user_db}?mode=ro",))
            self._dbs.append("user")
        self._places: dict[int, Place] = {}
        self._raw: dict[int, tuple] = {}
        self._pid_by_obj: dict[int, int] = {}
        self._psrc: dict[int, str | None] = {}
        self._radius: dict[int, float] = {}
        self._a1_names: dict[tuple[str, str], str] = {}
        self._a2_names: dict[tuple[str, str, str], str] = {}
        self._countries: dict[str, tuple] | None = None
        self._demonyms: dict[str, str] | None = None
        self._grid: dict[int, tuple] = {}
        self._qlock = threading.RLock()

    # ------------------------------------------------------------------ basics
    @classmethod
    def default(cls) -> "Gazetteer":
        """The shared gazetteer (opened once per process)."""
        with cls._lock:
            if cls._default is None:
                cls._default = cls()
            return cls._default

    @classmethod
    def reset_default(cls) -> None:
        """Forget the shared gazetteer (after a rebuild or a user addition)."""
        with cls._lock:
            if cls._default is not None:
                cls._default.close()
            cls._default = None

    def close(self) -> None:
        try:
            self._con.close()
        except Exception:  # pragma: no cover
            pass

    def _query(self, sql: str, params=()):
        with self._qlock:
            return self._con.execute(sql, params).fetchall()

    def _union(self, template: str, params=()) -> list:
        rows = []
        for db in self._dbs:
            rows.extend(self._query(template.format(db=db), params))
        return rows

    # ------------------------------------------------------------------ places
    def _load(self, ids) -> list[Place]:
        ids = [i for i in dict.fromkeys(ids)]
        missing = [i for i in ids if i not in self._places]
        if missing:
            for chunk in range(0, len(missing), 500):
                part = missing[chunk : chunk + 500]
                q = ",".join("?" * len(part))
                for row in self._union(_PLACE_SQL.replace("{ids}", q), part):
                    self._raw[row[0]] = row
                    place = self._make_place(row)
                    self._places[row[0]] = place
                    self._pid_by_obj[id(place)] = row[0]
        return [self._places[i] for i in ids if i in self._places]

    def _make_place(self, row) -> Place:
        pid, name, lat, lon, kind, cc, a1, a2, fcode, pop, source, _seat = row
        return Place(
            name=name,
            latitude=lat,
            longitude=lon,
            kind=kind,
            geonameid=pid if pid > 0 else None,
            country_code=cc,
            admin1=a1,
            admin1_name=self._admin1_name(cc, a1) if a1 else None,
            admin2=a2,
            admin2_name=(name if kind == "admin2" else self._admin2_name(cc, a1, a2)) if a2 else None,
            feature_code=fcode,
            population=pop or 0,
            source=source,
        )

    def _admin1_name(self, cc, a1) -> str | None:
        key = (cc, a1)
        if not self._a1_names:  # all of them at once: a few thousand rows, one query
            for rcc, code, name in self._query(
                "SELECT a.cc, a.code, p.name FROM admin1 a JOIN places p ON p.id=a.id"
            ):
                self._a1_names[(rcc, code)] = name
        if key not in self._a1_names:
            r = self._query(
                "SELECT p.name FROM admin1 a JOIN places p ON p.id=a.id WHERE a.cc=? AND a.code=?", key
            )
            self._a1_names[key] = r[0][0] if r else None
        return self._a1_names[key]

    def _admin2_name(self, cc, a1, a2) -> str | None:
        key = (cc, a1, a2)
        if key not in self._a2_names:
            r = self._query(
                "SELECT p.name FROM admin2 a JOIN places p ON p.id=a.id WHERE a.cc=? AND a.a1=? AND a.code=?",
                key,
            )
            self._a2_names[key] = r[0][0] if r else None
        return self._a2_names[key]

    def _id_of(self, place: Place) -> int | None:
        if place.geonameid is not None:
            return place.geonameid
        pid = self._pid_by_obj.get(id(place))
        if pid is not None and self._places.get(pid) is place:
            return pid
        for pid, p in self._places.items():
            if p == place:
                return pid
        return None

    def get(self, geonameid: int) -> Place | None:
        """The record with this GeoNames id (or curated/user id), or ``None``."""
        try:
            gid = int(geonameid)
        except (TypeError, ValueError):
            return None
        got = self._load([gid])
        return got[0] if got else None

    # ------------------------------------------------------------------ names
    def _ids_for_key(self, key: str, *, flags_mask: int | None = None) -> list[tuple[int, int]]:
        if not key:
            return []
        rows = self._union("SELECT id, flags FROM {db}.names WHERE key=?", (key,))
        if flags_mask is not None:
            rows = [r for r in rows if r[1] & flags_mask]
        return rows

    def name_flags(self, key: str) -> list[tuple[int, int]]:
        """(id, flags) pairs stored under a normalised key (used by the geoparser)."""
        return self._ids_for_key(key)

    def name_flags_many(self, keys) -> dict[str, list[tuple[int, int]]]:
        """:meth:`name_flags` for many keys at once (one query per 500 keys)."""
        out: dict[str, list[tuple[int, int]]] = {k: [] for k in keys if k}
        todo = list(out)
        for i in range(0, len(todo), 500):
            part = todo[i : i + 500]
            marks = ",".join("?" * len(part))
            for k, pid, fl in self._union(
                "SELECT key, id, flags FROM {db}.names WHERE key IN (" + marks + ")", part
            ):
                out[k].append((pid, fl))
        return out

    def has_key(self, key: str) -> bool:
        """Whether any record is stored under this normalised key."""
        return bool(self._ids_for_key(key))

    @staticmethod
    def importance(place: Place) -> float:
        """Prior weight of a place when nothing else decides (log population, kind)."""
        pop = max(place.population, 1)
        bonus = {"country": 4.0, "admin1": 1.0, "region": 2.5, "user": 3.0}.get(place.kind, 0.0)
        return math.log10(pop) + bonus

    def _rank(self, places: list[Place], flags: dict[int, int] | None = None) -> list[Place]:
        # a division and its same-named seat: the town first (what "Aleppo" means in news)
        ids = {id(p): self._id_of(p) for p in places}

        def score(p: Place):
            s = self.importance(p)
            if flags is not None:
                fl = flags.get(ids[id(p)], 0)
                if fl & F_CURATED:
                    s += 3.0  # a curated alias says what the name usually means
                elif fl & (F_PRIMARY | F_ASCII):
                    s += 1.0  # the record's own name beats an alternate spelling
            if p.kind in ("admin1", "admin2"):
                raw = self._raw.get(ids[id(p)])
                if raw and raw[11] is not None and any(ids[id(q)] == raw[11] for q in places):
                    s -= 3.0
            return -s

        return sorted(places, key=score)

    def lookup(self, name: str, *, country: str | None = None) -> list[Place]:
        """Every record whose name (or variant) normalises to ``name``'s key, best first.

        Parameters
        ----------
        name : str
            A place name in any common form ("Syria's", "al-Bab", "DEIR EZ-ZOR").
        country : str, optional
            ISO alpha-2 (or alpha-3, or a country name) to keep only that country's records.
        """
        if not isinstance(name, str):
            raise InputError(f"a place name must be a string, not {type(name).__name__}")
        key = N.norm(name)
        rows = self._ids_for_key(key)
        if not rows:
            s = N.strip_article(key)
            if s != key:
                rows = self._ids_for_key(s)
        flags = {}
        for pid, fl in rows:
            flags[pid] = flags.get(pid, 0) | fl
        places = self._load(list(flags))
        if country:
            cc = self.resolve_country_code(country)
            places = [p for p in places if p.country_code == cc]
        return self._rank(places, flags)

    def fuzzy_lookup(self, name: str, *, country: str | None = None, min_ratio: float = 0.7) -> list[Place]:
        """Transliteration-tolerant lookup by consonant skeleton ("Idleb" -> Idlib)."""
        sk = N.skeleton(N.norm(name))
        if len(sk) < 3:
            return []
        from difflib import SequenceMatcher

        key = N.strip_article(N.norm(name))
        ids = [r[0] for r in self._union("SELECT id FROM {db}.skeletons WHERE skel=?", (sk,))]
        sm = SequenceMatcher(None)
        sm.set_seq2(key)  # the matcher keeps what it learnt about the query between candidates

        def close(p: Place) -> bool:
            sm.set_seq1(N.strip_article(N.norm(p.name)))
            return (
                sm.real_quick_ratio() >= min_ratio
                and sm.quick_ratio() >= min_ratio
                and sm.ratio() >= min_ratio
            )

        places = [p for p in self._load(ids) if close(p)]
        if country:
            cc = self.resolve_country_code(country)
            places = [p for p in places if p.country_code == cc]
        return self._rank(places)

    # ------------------------------------------------------------------ countries & divisions
    def _country_rows(self) -> dict[str, tuple]:
        if self._countries is None:
            rows = self._query(
                "SELECT cc, iso3, name, id, capital, population, area, continent, neighbours FROM countries"
            )
            self._countries = {r[0]: r for r in rows}
            self._iso3 = {r[1]: r[0] for r in rows if r[1]}
        return self._countries

    def resolve_country_code(self, country: str) -> str:
        """ISO alpha-2 code for an alpha-2, alpha-3 or country name; :class:`InputError` if unknown."""
        rows = self._country_rows()
        c = country.strip()
        if c.upper() in rows:
            return c.upper()
        if c.upper() in self._iso3:
            return self._iso3[c.upper()]
        for p in self.lookup(c):
            if p.kind == "country":
                return p.country_code
        raise InputError(
            f"unknown country {country!r} (use an ISO code such as SY or SYR, or a country name)"
        )

    def country(self, cc: str) -> Place:
        """The country's own record and point (not its capital)."""
        code = self.resolve_country_code(cc)
        row = self._country_rows()[code]
        p = self.get(row[3])
        if p is None:
            raise GazetteerError(f"country {code} has no record in {self.path}")
        return p

    def country_info(self, cc: str) -> dict:
        """A country's name, iso3, iso2, population, continent, neighbours and geonameid."""
        code = self.resolve_country_code(cc)
        r = self._country_rows()[code]
        return {
            "name": r[2],
            "iso3": r[1],
            "iso2": r[0],
            "geonameid": r[3],
            "population": r[5],
            "continent": r[7],
            "neighbours": [n for n in (r[8] or "").split(",") if n],
        }

    def countries(self) -> list[str]:
        """Every ISO alpha-2 code known."""
        return sorted(self._country_rows())

    def admin1(self, cc: str, code: str) -> Place | None:
        """The first-level division ``cc``.``code`` (GeoNames codes, e.g. ``("SY", "09")``)."""
        r = self._query("SELECT id FROM admin1 WHERE cc=? AND code=?", (cc.upper(), str(code)))
        return self.get(r[0][0]) if r else None

    def admin2(self, cc: str, a1: str, code: str) -> Place | None:
        """The second-level division ``cc``.``a1``.``code``."""
        r = self._query(
            "SELECT id FROM admin2 WHERE cc=? AND a1=? AND code=?", (cc.upper(), str(a1), str(code))
        )
        return self.get(r[0][0]) if r else None

    def point_source(self, place: Place) -> str | None:
        """Where a record's point comes from (GeoNames, a curated table, an estimate...)."""
        pid = self._id_of(place)
        if pid is None:
            return None
        got = self._psrc.get(pid, "?")
        if got == "?":
            rows = self._union("SELECT point_source FROM {db}.places WHERE id=?", (pid,))
            got = rows[0][0] if rows else None
            self._psrc[pid] = got
        return got

    def point_estimated(self, place: Place) -> bool:
        """True when a division's point is only its parent's (no better point in the sources)."""
        src = self.point_source(place) or ""
        return src.startswith("admin1 point") or src.startswith("country centre")

    def seat_of(self, place: Place) -> Place | None:
        """The capital or seat of a country or division (ACLED places region-level incidents there)."""
        if place is None or place.kind not in ("country", "admin1", "admin2"):
            return None
        pid = self._id_of(place)
        if pid is None:
            return None
        self._load([pid])
        raw = self._raw.get(pid)
        if raw is None or raw[11] is None:
            return None
        return self.get(raw[11])

    def members(self, place: Place, *, limit: int = 50) -> list[Place]:
        """The most populous places inside a country or first-level division."""
        if place.kind == "country":
            rows = self._query(
                "SELECT id FROM places WHERE cc=? AND kind='populated' ORDER BY population DESC LIMIT ?",
                (place.country_code, limit),
            )
        elif place.kind == "admin1":
            rows = self._query(
                "SELECT id FROM places WHERE cc=? AND kind='populated' AND admin1=? "
                "ORDER BY population DESC LIMIT ?",
                (place.country_code, place.admin1, limit),
            )
        else:
            return []
        return self._load([r[0] for r in rows])

    def radius_km(self, place: Place) -> float:
        """Rough radius of a place's extent in km (divisions from the build; towns from population)."""
        pid = self._id_of(place)
        if pid is not None and place.kind in ("country", "admin1", "region"):
            got = self._radius.get(pid)
            if got is not None:
                return got
            try:
                r = self._query("SELECT radius_km FROM extent WHERE id=?", (pid,))
            except sqlite3.OperationalError:
                r = []
            if r:
                self._radius[pid] = float(r[0][0])
                return self._radius[pid]
            if place.kind == "region":
                return 60.0
        if place.kind == "admin2":
            return 25.0
        if place.kind == "admin1":
            return 100.0
        if place.kind == "country":
            return 300.0
        # a town: about 1 km per 10,000 people, at least 2 km
        return round(max(2.0, min(30.0, 2.0 + place.population**0.5 / 100.0)), 1)

    # ------------------------------------------------------------------ demonyms
    def demonym(self, word: str) -> str | None:
        """ISO alpha-2 code of the country a demonym points to ("Syrian" -> "SY"), else ``None``."""
        if self._demonyms is None:
            self._demonyms = dict(self._query("SELECT key, cc FROM demonyms"))
        if not isinstance(word, str):
            return None
        cc = self._demonyms.get(N.norm(word))
        return cc if cc and not cc.startswith("@") else None

    def adjective_place(self, word: str) -> Place | None:
        """The place an adjective stands for: a demonym's country ("Syrian"), a region ("European")."""
        if self._demonyms is None:
            self.demonym("")
        got = self._demonyms.get(N.norm(word)) if isinstance(word, str) else None
        if not got:
            return None
        if got.startswith("@"):
            return self.get(int(got[1:]))
        try:
            return self.country(got)
        except Exception:
            return None

    # ------------------------------------------------------------------ geocode
    def geocode(self, query: str, *, country: str | None = None, limit: int | None = None) -> list[Place]:
        """Candidates for a free-text query, best first.

        ``"Aleppo"``, ``"Aleppo, Syria"``, ``"Homs, SY"``, ``"Springfield, Ill."``: the
        parts after the first comma narrow the search to a country or a division.
        Falls back to a transliteration-tolerant match when nothing matches exactly.
        """
        if not isinstance(query, str):
            raise InputError(f"a geocoding query must be a string, not {type(query).__name__}")
        q = query.strip()
        if not q:
            raise InputError("empty geocoding query")
        if len(q) > 300:
            raise InputError("geocoding query longer than 300 characters")
        parts = [p.strip() for p in q.split(",") if p.strip()]
        head, context = parts[0], parts[1:]
        cands = self.lookup(head, country=country)
        if not cands:
            words = head.split()
            if len(words) > 1 and words[-1].lower() in DIVISION_WORDS:
                base = " ".join(words[:-1])
                divs = [p for p in self.lookup(base, country=country) if p.kind in ("admin1", "admin2")]
                cands = divs or self.lookup(base, country=country)
        if not cands:
            cands = self.fuzzy_lookup(head, country=country)
        if context and cands:
            cands = self._narrow(cands, context)
        if limit is not None:
            cands = cands[: max(0, int(limit))]
        return cands

    def _narrow(self, cands: list[Place], context: list[str]) -> list[Place]:
        ccs, a1s = set(), set()
        for c in context:
            for p in self.lookup(c):
                if p.kind == "country":
                    ccs.add(p.country_code)
                elif p.kind == "admin1":
                    a1s.add((p.country_code, p.admin1))
            if len(c) == 2 and c.isupper():
                try:
                    ccs.add(self.resolve_country_code(c))
                except InputError:
                    pass
            for pid, _fl in self._ids_for_key(N.norm(c), flags_mask=F_CODE | F_ABBR):
                p = self.get(pid)
                if p and p.kind == "admin1":
                    a1s.add((p.country_code, p.admin1))

        def ok(p: Place):
            if a1s and (p.country_code, p.admin1) in a1s:
                return 2
            if ccs and p.country_code in ccs:
                return 1
            return 0

        scored = [(ok(p), i, p) for i, p in enumerate(cands)]
        best = max(s for s, _, _ in scored)
        if best == 0:
            return cands
        return [p for s, i, p in sorted(scored, key=lambda t: (-t[0], t[1])) if s == best]

    # ------------------------------------------------------------------ reverse
    def _grid_cells(self, cells) -> list:
        """The listed places of each grid cell as ``(ids, lats, lons)``, read once per cell and kept.

        Cells come back in ascending order and each cell's places by id, the
        order the grid's primary key gives.
        """
        import numpy as np

        grid = self._grid
        missing = [c for c in cells if c not in grid]
        if missing:
            got: dict[int, list] = {c: [] for c in missing}
            for chunk in range(0, len(missing), 500):
                part = missing[chunk : chunk + 500]
                q = ",".join("?" * len(part))
                for cell, pid, plat, plon in self._query(
                    f"SELECT g.cell, p.id, p.lat, p.lon FROM grid g JOIN places p ON p.id=g.id WHERE g.cell IN ({q})",
                    part,
                ):
                    got[cell].append((pid, plat, plon))
            for cell, rows in got.items():
                rows.sort()
                grid[cell] = (
                    [r[0] for r in rows],
                    np.array([r[1] for r in rows], dtype=float),
                    np.array([r[2] for r in rows], dtype=float),
                )
        return [grid[c] for c in sorted(cells)]

    def nearest(self, lat: float, lon: float, *, max_km: float = 250.0) -> tuple[Place, float] | None:
        """The nearest populated place to a point, with its distance in km.

        The grid's cells (1 degree) are read once and kept: a vectorised
        distance finds the few nearest candidates, and the exact great-circle
        distance decides among them (the first in id order on a tie).
        """
        import numpy as np

        best = None
        p1 = math.radians(lat)
        cp1 = math.cos(p1)
        for ring in range(0, 4):
            cells = set()
            ilat, ilon = int((lat + 90) // 1), int((lon + 180) // 1)
            for dy in range(-ring - 1, ring + 2):
                for dx in range(-ring - 1, ring + 2):
                    y = ilat + dy
                    if 0 <= y < 180:
                        cells.add(y * 360 + (ilon + dx) % 360)
            for ids, plats, plons in self._grid_cells(cells):
                if not ids:
                    continue
                p2 = np.radians(plats)
                a = np.sin((p2 - p1) / 2) ** 2 + cp1 * np.cos(p2) * np.sin(np.radians(plons - lon) / 2) ** 2
                approx = 2 * 6371.0088 * np.arcsin(np.minimum(1.0, np.sqrt(a)))
                low = float(approx.min())
                if best is not None and low > best[1] * (1 + 1e-9) + 1e-9:
                    continue  # nothing in this cell is nearer than the best so far
                lim = low * (1 + 1e-9) + 1e-9  # numpy's last digit may differ from math's: keep near-ties
                for k in np.flatnonzero(approx <= lim).tolist():
                    d = haversine_km(lat, lon, float(plats[k]), float(plons[k]))
                    if best is None or d < best[1]:
                        best = (ids[k], d)
            if best is not None:
                break
        if best is None or best[1] > max_km:
            return None
        return self.get(best[0]), best[1]

    def reverse(self, lat: float, lon: float) -> dict:
        """Country, first- and second-level division at a point (from the nearest listed place).

        Returns ``{"country_code", "country", "admin1", "admin2", "nearest", "distance_km"}``;
        values are ``None`` at sea or far from any listed place.
        """
        try:
            lat, lon = float(lat), float(lon)
        except (TypeError, ValueError) as err:
            raise InputError(f"not a coordinate: {lat!r}, {lon!r}") from err
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
            raise InputError(f"coordinate out of range: {lat}, {lon}")
        out = {
            "country_code": None,
            "country": None,
            "admin1": None,
            "admin2": None,
            "nearest": None,
            "distance_km": None,
        }
        got = self.nearest(lat, lon)
        if got is None:
            return out
        p, d = got
        cc = p.country_code
        out.update(
            country_code=cc,
            country=self._country_rows().get(cc, (None, None, None))[2] if cc else None,
            admin1=p.admin1_name,
            admin2=p.admin2_name,
            nearest=p.name,
            distance_km=round(d, 1),
        )
        return out

    # ------------------------------------------------------------------ info
    def info(self) -> dict:
        """What is loaded: file, build date, sources, counts by kind, user additions."""
        import json

        counts = dict(self._query("SELECT kind, COUNT(*) FROM places GROUP BY kind"))
        out = {
            "path": str(self.path),
            "size_mb": round(self.path.stat().st_size / 1e6, 1),
            "built": self.meta.get("built"),
            "schema_version": self.meta.get("schema_version"),
            "sources": json.loads(self.meta.get("sources", "{}")),
            "counts": counts,
            "names": int(self._query("SELECT COUNT(*) FROM names")[0][0]),
            "credit": self.meta.get("credit"),
            "user_db": str(self.user_db) if self.user_db else None,
            "user_places": 0,
        }
        if "user" in self._dbs:
            out["user_places"] = int(self._query("SELECT COUNT(*) FROM user.places")[0][0])
        return out
