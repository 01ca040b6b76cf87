"""The merge rule: when two reports describe one incident, and what the merged incident says.

Two reports are one incident when

* they have the same ``event_type``;
* their date ranges (``date_start``..``date_end``, or ``event_date``) overlap:
  the same day, or a week or month that contains the other's date;
* their points lie within a distance set by their precisions: the larger of
  the two reports' radii, where a report's radius is its ``radius_km`` or, if
  larger, 10 km for a town (``geo_precision`` 1), 25 km for "near or part of"
  (2) and 100 km for a region (3); reports without coordinates match only on
  the same ``location`` name in the same country;
* their main actors do not contradict each other (both named, and no word in
  common once generic words such as "forces" or "military" are set aside);
* they do not come from the same document (an extractor that found two
  incidents in one article meant two);
* a region-level report (``geo_precision`` 3) matches only reports in the
  same country and first-level division, when both name them.

Reports are clustered greedily: the most precise report seeds a cluster, and
each other report joins the first cluster whose seed it matches, so that a
chain of near neighbours never drags far-apart reports together.

A merged incident keeps every source: ``source``, ``source_url``,
``attribution``, ``doc_id`` and ``flags`` are the union of the reports' values
(``;``-separated), ``notes`` joins the distinct sentences with `` | ``,
``evidence`` concatenates the reports' JSON lists. It takes its place from the
report with the most precise place (lowest ``geo_precision``, then smallest
radius, then highest confidence) and its date from the report with the most
precise date (lowest ``time_precision``, then narrowest range), narrowing the
range to the overlap of all reports when that still holds the date.
``fatalities`` (and injuries, missing, captured) follow the ACLED Codebook's
practice: the lowest credible figure, unless a later report supersedes it, so
the figure comes from the most recently published reports that give one, and
is the lowest among them. ``published`` is the earliest, ``confidence`` the
highest, ``civilian_targeting`` true when any report says so, ``claim`` true
only when every report is an unverified claim. Every other field comes from
the most confident report that has it. The incident keeps the id of its first
report (earliest published, then smallest id), so ids stay stable.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "MergeRecord",
    "merge_incidents",
    "combine",
    "match_reason",
    "PRECISION_KM",
    "radius_for",
]

#: geo_precision -> the distance (km) within which two reports can be one incident.
PRECISION_KM: dict[int, float] = {1: 10.0, 2: 25.0, 3: 100.0}
_DEFAULT_KM = 25.0
_GENERIC = {
    "forces",
    "force",
    "military",
    "of",
    "the",
    "and",
    "armed",
    "army",
    "police",
    "unidentified",
    "group",
    "groups",
    "militia",
    "militias",
    "civilians",
    "civilian",
    "protesters",
    "rioters",
    "government",
    "state",
    "national",
    "regime",
    "troops",
    "fighters",
    "rebels",
    "rebel",
    "air",
    "navy",
    "naval",
    "special",
    "security",
    "unknown",
    "gunmen",
    "men",
    "-",
}
_LIST_SEP = ";"
_NOTES_SEP = " | "


@dataclass
class MergeRecord:
    """How one incident came out of several reports.

    Attributes
    ----------
    event_id : str
        Id of the merged incident (its first report's id).
    merged_ids : list of str
        Ids of the other reports folded into it.
    reasons : dict
        ``report id -> why it matched`` (type, dates, distance and its limit).
    choices : dict
        ``field -> which report it came from and why``.
    """

    event_id: str
    merged_ids: list[str]
    reasons: dict[str, str] = field(default_factory=dict)
    choices: dict[str, str] = field(default_factory=dict)

    def explain(self) -> str:
        lines = [f"{self.event_id}: {1 + len(self.merged_ids)} reports"]
        for rid, why in self.reasons.items():
            lines.append(f"  {rid} joined: {why}")
        for name, why in self.choices.items():
            lines.append(f"  {name}: {why}")
        return "\n".join(lines)


# --- small helpers ----------------------------------------------------------------


def _missing(v) -> bool:
    """None, NaN, pandas' NA or NaT."""
    if v is None:
        return True
    t = type(v)
    if t is str or t is int or t is bool:
        return False
    if t is float:
        return v != v
    try:
        import pandas as pd

        if v is pd.NA or v is pd.NaT:
            return True
    except ImportError:  # pragma: no cover
        pass
    return isinstance(v, float) and math.isnan(v)


def _split(v, sep: str = _LIST_SEP) -> list[str]:
    if _missing(v):
        return []
    return [p.strip() for p in str(v).split(sep) if p.strip()]


def _union(values, sep: str = _LIST_SEP, join: str = "; ") -> str | None:
    """Distinct parts of ``sep``-separated values, in order of first appearance, joined by ``join``."""
    seen: dict[str, None] = {}
    for v in values:
        for part in _split(v, sep):
            seen.setdefault(part, None)
    return join.join(seen) if seen else None


def _evidence(values) -> str | None:
    out: list = []
    seen: set[str] = set()
    for v in values:
        if _missing(v):
            continue
        try:
            items = json.loads(v)
        except (TypeError, ValueError):
            continue
        for item in items if isinstance(items, list) else [items]:
            key = json.dumps(item, sort_keys=True)
            if key not in seen:
                seen.add(key)
                out.append(item)
    return json.dumps(out, ensure_ascii=False) if out else None


def _actor_tokens(v) -> frozenset[str]:
    if _missing(v):
        return frozenset()
    words = re.findall(r"[^\W\d_]+", str(v).lower())
    return frozenset(w for w in words if w not in _GENERIC and len(w) > 1)


def _docs(v) -> frozenset[str]:
    return frozenset(_split(v))


def radius_for(geo_precision, radius_km) -> float:
    """The distance (km) a report's point may be off by: its radius, or what its precision allows."""
    base = PRECISION_KM.get(int(geo_precision), _DEFAULT_KM) if not _missing(geo_precision) else _DEFAULT_KM
    r = 0.0 if _missing(radius_km) else float(radius_km)
    return max(base, r)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points (plain floats)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 6371.0088 * 2 * math.asin(math.sqrt(min(1.0, max(0.0, a))))


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km (works on numbers and numpy arrays)."""
    import numpy as np

    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dl = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 6371.0088 * 2 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


# --- the rule on plain records ---------------------------------------------------------


def _range(r: dict):
    d = r.get("event_date")
    s = r.get("date_start")
    e = r.get("date_end")
    s = d if _missing(s) else s
    e = d if _missing(e) else e
    if _missing(s) or _missing(e):
        return None
    return (s, e)


def match_reason(a: dict, b: dict) -> str | None:
    """Why two reports (dict records) are one incident, or ``None`` when they are not.

    >>> a = dict(event_type="Battles", event_date="2024-12-02", latitude=36.2, longitude=37.13,
    ...          geo_precision=1)
    >>> b = dict(a, latitude=36.22, longitude=37.16)
    >>> match_reason(a, b).split(";")[0]
    "same event type 'Battles'"
    """
    if _missing(a.get("event_type")) or a.get("event_type") != b.get("event_type"):
        return None
    ra, rb = _range(a), _range(b)
    if ra is None or rb is None:
        return None
    if not (str(ra[0])[:10] <= str(rb[1])[:10] and str(rb[0])[:10] <= str(ra[1])[:10]):
        return None
    ta, tb = _actor_tokens(a.get("actor1")), _actor_tokens(b.get("actor1"))
    if ta and tb and not (ta & tb):
        return None
    if _docs(a.get("doc_id")) & _docs(b.get("doc_id")):
        return None
    if 3 in (a.get("geo_precision"), b.get("geo_precision")):
        # a region-level report matches only places in its region
        for name in ("iso3", "admin1"):
            x, y = a.get(name), b.get(name)
            if not _missing(x) and not _missing(y) and str(x).casefold() != str(y).casefold():
                return None
    parts = [f"same event type {a['event_type']!r}"]
    if str(ra[0])[:10] == str(ra[1])[:10] == str(rb[0])[:10] == str(rb[1])[:10]:
        parts.append(f"same day {str(ra[0])[:10]}")
    else:
        parts.append(f"dates overlap ({_fmt_range(ra)} and {_fmt_range(rb)})")
    la, oa, lb, ob = a.get("latitude"), a.get("longitude"), b.get("latitude"), b.get("longitude")
    if any(_missing(v) for v in (la, oa, lb, ob)):
        na, nb = a.get("location"), b.get("location")
        if _missing(na) or _missing(nb) or str(na).casefold() != str(nb).casefold():
            return None
        if (a.get("iso3") or None) != (b.get("iso3") or None):
            return None
        parts.append(f"same place {na!r} (no coordinates to compare)")
    else:
        d = _km(float(la), float(oa), float(lb), float(ob))
        limit = max(
            radius_for(a.get("geo_precision"), a.get("radius_km")),
            radius_for(b.get("geo_precision"), b.get("radius_km")),
        )
        if d > limit:
            return None
        parts.append(
            f"{d:.1f} km apart, within {limit:g} km (geo_precision {_p(a.get('geo_precision'))} and "
            f"{_p(b.get('geo_precision'))})"
        )
    if ta and tb:
        parts.append(f"actors agree ({a.get('actor1')!r} / {b.get('actor1')!r})")
    return "; ".join(parts)


def _p(v):
    return "?" if _missing(v) else int(v)


def _fmt_range(r) -> str:
    s, e = str(r[0])[:10], str(r[1])[:10]
    return s if s == e else f"{s}..{e}"


def _published_key(r: dict) -> str:
    v = r.get("published")
    return "" if _missing(v) else str(v)[:10]


def _order_key(r: dict):
    """First report: earliest published (undated last), then smallest id."""
    p = _published_key(r)
    return (p == "", p, str(r.get("event_id")))


def _place_key(r: dict):
    gp = r.get("geo_precision")
    has = not (_missing(r.get("latitude")) or _missing(r.get("longitude")))
    conf = r.get("confidence")
    return (
        0 if has else 1,
        9 if _missing(gp) else int(gp),
        radius_for(gp, r.get("radius_km")),
        -(0.0 if _missing(conf) else float(conf)),
        _order_key(r),
    )


def _date_key(r: dict):
    tp = r.get("time_precision")
    rng = _range(r)
    width = 10**6
    if rng is not None:
        from datetime import date

        try:
            width = (date.fromisoformat(str(rng[1])[:10]) - date.fromisoformat(str(rng[0])[:10])).days
        except ValueError:
            pass
    return (1 if rng is None else 0, 9 if _missing(tp) else int(tp), width, _order_key(r))


def _conf_key(r: dict):
    conf = r.get("confidence")
    return (-(0.0 if _missing(conf) else float(conf)), _order_key(r))


_PLACE_FIELDS = (
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "location_relation",
    "admin1",
    "admin2",
    "country",
    "iso3",
    "radius_km",
    "dest_location",
    "dest_latitude",
    "dest_longitude",
)
_DATE_FIELDS = ("event_date", "time_precision", "date_start", "date_end")
_COUNT_FIELDS = ("fatalities", "injuries", "missing", "captured")


def _label(r: dict) -> str:
    src = r.get("source")
    pub = _published_key(r)
    out = str(r.get("event_id"))
    if not _missing(src):
        out += f" ({src}" + (f", {pub})" if pub else ")")
    elif pub:
        out += f" ({pub})"
    return out


def _count(reports: list[dict], name: str, choices: dict) -> Any:
    given = [r for r in reports if not _missing(r.get(name))]
    if not given:
        return None
    latest = max(_published_key(r) for r in given)
    newest = [r for r in given if _published_key(r) == latest]
    best = min(newest, key=lambda r: (int(r[name]), _order_key(r)))
    value = int(best[name])
    others = sorted({int(r[name]) for r in given if r is not best})
    if len(given) > 1:
        older = [r for r in given if _published_key(r) < latest]
        why = f"{value} from {_label(best)}"
        if older:
            why += (
                f": published later than {', '.join(_label(r) for r in older)}, so it supersedes "
                + ", ".join(str(int(r[name])) for r in older)
            )
        lower = [int(r[name]) for r in newest if r is not best]
        if lower:
            why += (
                ("; " if older else ": ")
                + "lowest of the latest reports ("
                + ", ".join(map(str, sorted(lower + [value])))
                + ")"
            )
        if others or older or lower:
            choices[name] = why
    return value


def combine(reports: list[dict]) -> tuple[dict, dict[str, str]]:
    """Merge report records (dicts of contract values) into one incident record.

    Returns the merged record and ``field -> explanation`` for the fields
    whose value was chosen among differing reports.
    """
    if not reports:
        raise ValueError("combine() needs at least one report")
    if len(reports) == 1:
        return dict(reports[0]), {}
    choices: dict[str, str] = {}
    reports = sorted(reports, key=_order_key)  # lists keep the order the reports were published in
    first = reports[0]
    out = dict(first)
    # place
    place = min(reports, key=_place_key)
    for name in _PLACE_FIELDS:
        out[name] = place.get(name)
    if any(
        r.get("location") != place.get("location") or r.get("geo_precision") != place.get("geo_precision")
        for r in reports
    ):
        choices["place"] = (
            f"{place.get('location')!r} from {_label(place)} "
            f"(geo_precision {_p(place.get('geo_precision'))}, the most precise)"
        )
    # date
    dated = min(reports, key=_date_key)
    for name in _DATE_FIELDS:
        out[name] = dated.get(name)
    ranges = [rg for rg in (_range(r) for r in reports) if rg is not None]
    if ranges and not _missing(out.get("event_date")):
        lo = max(str(s)[:10] for s, _ in ranges)
        hi = min(str(e)[:10] for _, e in ranges)
        d = str(out["event_date"])[:10]
        if lo <= d <= hi:
            out["date_start"], out["date_end"] = lo, hi
    if any(
        _range(r) != _range(dated) or r.get("time_precision") != dated.get("time_precision") for r in reports
    ):
        choices["date"] = (
            f"{str(out.get('event_date'))[:10]} from {_label(dated)} "
            f"(time_precision {_p(dated.get('time_precision'))}, the most precise)"
        )
    # counts: ACLED's rule
    for name in _COUNT_FIELDS:
        out[name] = _count(reports, name, choices)
    lows = [int(r[n]) for r in reports for n in ("fatalities_low", "fatalities") if not _missing(r.get(n))]
    highs = [int(r["fatalities_high"]) for r in reports if not _missing(r.get("fatalities_high"))]
    out["fatalities_low"] = min(lows) if lows and not _missing(out["fatalities"]) else None
    if highs and not _missing(out["fatalities"]):
        out["fatalities_high"] = max(highs + [int(out["fatalities"])])
    else:
        out["fatalities_high"] = None
    if not _missing(out["fatalities_low"]) and out["fatalities_low"] > out["fatalities"]:
        out["fatalities_low"] = out["fatalities"]
    # sources and text: keep everything
    out["source"] = _union((r.get("source") for r in reports), join="; ")
    out["source_url"] = _union((r.get("source_url") for r in reports), join="; ")
    out["attribution"] = _union((r.get("attribution") for r in reports), join="; ")
    out["doc_id"] = _union((r.get("doc_id") for r in reports), join=";")
    out["flags"] = _union((r.get("flags") for r in reports), join=";")
    out["notes"] = _union((r.get("notes") for r in reports), sep=_NOTES_SEP.strip(), join=_NOTES_SEP)
    out["evidence"] = _evidence(r.get("evidence") for r in reports)
    pubs = [_published_key(r) for r in reports if _published_key(r)]
    out["published"] = min(pubs) if pubs else None
    confs = [float(r["confidence"]) for r in reports if not _missing(r.get("confidence"))]
    out["confidence"] = max(confs) if confs else None
    cts = [bool(r["civilian_targeting"]) for r in reports if not _missing(r.get("civilian_targeting"))]
    out["civilian_targeting"] = any(cts) if cts else None
    if any(cts) and not all(cts):
        choices["civilian_targeting"] = "true: at least one report says civilians were targeted"
    claims = [bool(r["claim"]) for r in reports if not _missing(r.get("claim"))]
    out["claim"] = all(claims) if claims else None
    # every other field: the most confident report that has it
    by_conf = sorted(reports, key=_conf_key)
    handled = (
        set(_PLACE_FIELDS)
        | set(_DATE_FIELDS)
        | set(_COUNT_FIELDS)
        | {
            "event_id",
            "fatalities_low",
            "fatalities_high",
            "source",
            "source_url",
            "attribution",
            "doc_id",
            "flags",
            "notes",
            "evidence",
            "published",
            "confidence",
            "civilian_targeting",
            "claim",
            "geometry",
        }
    )
    names = list(dict.fromkeys(k for r in reports for k in r))
    for name in names:
        if name in handled:
            continue
        for r in by_conf:
            if not _missing(r.get(name)):
                out[name] = r[name]
                break
        else:
            out[name] = None
        vals = {str(r.get(name)) for r in reports if not _missing(r.get(name))}
        if len(vals) > 1 and name in ("sub_event_type", "actor1", "actor2", "disorder_type"):
            src = next(r for r in by_conf if not _missing(r.get(name)))
            choices[name] = f"{out[name]!r} from {_label(src)} (the most confident report)"
    out["event_id"] = first.get("event_id")
    out.pop("geometry", None)
    return out, choices


# --- batches ----------------------------------------------------------------------


def _day(v) -> int:
    from datetime import date

    return date.fromisoformat(str(v)[:10]).toordinal()


#: Seeds whose date range is longer than this (days) are checked against every report.
_LONG_RANGE_DAYS = 62


def _cluster(recs: list[dict]) -> list[list[int]]:
    """Greedy clustering of record indexes (see the module docstring).

    Seeds are indexed by the days their date range covers, so a report is
    compared only with seeds whose range can overlap its own (seeds with very
    long ranges are compared with everything); the candidates are visited in
    the order the seeds were made, so the outcome is that of a full scan.
    """
    import numpy as np

    order = sorted(range(len(recs)), key=lambda i: (_place_key(recs[i]), _date_key(recs[i])))
    clusters: dict[int, list[int]] = {}
    # per event type, preallocated arrays of the seeds' attributes for a vectorised first pass
    sizes: dict[str, int] = {}
    for r in recs:
        et = r.get("event_type")
        if not _missing(et):
            sizes[et] = sizes.get(et, 0) + 1
    arrays = {
        et: {
            "s": np.empty(n, "int64"),
            "e": np.empty(n, "int64"),
            "lat": np.empty(n),
            "lon": np.empty(n),
            "rad": np.empty(n),
            "idx": np.empty(n, "int64"),
            "n": 0,
            "by_day": {},  # day ordinal -> seed positions whose range covers it
            "long": [],  # seed positions with ranges longer than _LONG_RANGE_DAYS
        }
        for et, n in sizes.items()
    }
    for i in order:
        r = recs[i]
        et = r.get("event_type")
        rg = _range(r)
        if _missing(et) or rg is None:
            clusters[i] = [i]
            continue
        try:
            s0, e0 = _day(rg[0]), _day(rg[1])
        except ValueError:
            clusters[i] = [i]
            continue
        a = arrays[et]
        n = a["n"]
        lat, lon = r.get("latitude"), r.get("longitude")
        has = not (_missing(lat) or _missing(lon))
        rad = radius_for(r.get("geo_precision"), r.get("radius_km"))
        placed = False
        if n:
            if e0 - s0 > _LONG_RANGE_DAYS:
                pos = np.arange(n)
            else:
                near = set(a["long"])
                by_day = a["by_day"]
                for day in range(s0, e0 + 1):
                    got = by_day.get(day)
                    if got:
                        near.update(got)
                pos = np.fromiter(sorted(near), "int64", len(near))
            if len(pos):
                ok = (a["s"][pos] <= e0) & (s0 <= a["e"][pos])
                if ok.any() and has:
                    slat, slon = a["lat"][pos], a["lon"][pos]
                    with np.errstate(invalid="ignore"):
                        d = haversine_km(float(lat), float(lon), slat, slon)
                        ok &= (d <= np.maximum(a["rad"][pos], rad)) | np.isnan(slat)
                for k in pos[np.flatnonzero(ok)]:
                    j = int(a["idx"][k])
                    if match_reason(recs[j], r) is not None:
                        clusters[j].append(i)
                        placed = True
                        break
        if not placed:
            clusters[i] = [i]
            a["s"][n], a["e"][n] = s0, e0
            a["lat"][n] = float(lat) if has else np.nan
            a["lon"][n] = float(lon) if has else np.nan
            a["rad"][n] = rad
            a["idx"][n] = i
            a["n"] = n + 1
            if e0 - s0 > _LONG_RANGE_DAYS:
                a["long"].append(n)
            else:
                for day in range(s0, e0 + 1):
                    a["by_day"].setdefault(day, []).append(n)
    return list(clusters.values())


def merge_incidents(gdf):
    """Merge the reports of a frame that describe the same incident.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Incidents (each row one report), following the contract.

    Returns
    -------
    (geopandas.GeoDataFrame, list of MergeRecord)
        One row per incident, in the order of each incident's first report,
        and one :class:`MergeRecord` per incident made of several reports.

    Examples
    --------
    >>> from geoevents.io.synthetic import synthetic_incidents
    >>> merged, records = merge_incidents(synthetic_incidents(3, seed=1))
    >>> len(merged) <= 3
    True
    """
    from ..contract import from_records
    from ..io.formats import ensure, records

    gdf = ensure(gdf)
    if len(gdf) < 2:
        return gdf, []
    recs = records(gdf)
    groups = _cluster(recs)
    out: list[tuple[int, dict]] = []
    log: list[MergeRecord] = []
    for g in groups:
        members = [recs[i] for i in g]
        if len(members) == 1:
            out.append((g[0], members[0]))
            continue
        row, choices = combine(members)
        first = min(members, key=_order_key)
        reasons = {
            m["event_id"]: match_reason(first, m)
            or match_reason(members[0], m)
            or "matched the cluster's seed"
            for m in members
            if m is not first
        }
        log.append(
            MergeRecord(event_id=row["event_id"], merged_ids=list(reasons), reasons=reasons, choices=choices)
        )
        out.append((min(g), row))
    if len(out) == len(recs):
        return gdf, []
    out.sort(key=lambda t: t[0])
    return from_records(r for _, r in out), log
