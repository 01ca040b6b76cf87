"""What every incident store does, whatever holds the rows.

A backend (GeoPackage, PostGIS) provides a write transaction object with a
handful of primitive operations; :class:`IncidentStore` builds ``append``,
``explain`` and friends on top, so both backends merge by the same rule.

Besides the ``incidents`` table, a store keeps:

* ``geoevents_meta``: ``schema_version`` and other facts about the store;
* ``geoevents_reports``: for an incident made of several reports, each report
  as it arrived (a JSON record), so that a merge can always be redone and explained;
* ``geoevents_aliases``: the id of every report folded into another incident,
  so that re-running the same articles adds nothing;
* ``geoevents_merges``: when and why each report joined its incident;
* ``geoevents_docs``: content hashes of the input documents already processed.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable

from ..contract import COLUMN_NAMES
from .merge import _cluster, _km, _missing, _order_key, combine, match_reason, radius_for

__all__ = [
    "SCHEMA_VERSION",
    "AppendResult",
    "AppendDetail",
    "IncidentStore",
    "Transaction",
    "normalise_filters",
    "filter_frame",
]

#: Version of the store's layout. 0 is a plain GeoPackage of incidents (as
#: :func:`geoevents.io.write_incidents` writes it), migrated on open.
SCHEMA_VERSION = 1

#: Columns the merge rule needs from candidate rows.
MATCH_COLUMNS = (
    "event_id",
    "event_type",
    "event_date",
    "date_start",
    "date_end",
    "latitude",
    "longitude",
    "geo_precision",
    "radius_km",
    "actor1",
    "doc_id",
    "location",
    "iso3",
)
#: Rows per slice of a big append (all slices are one transaction).
APPEND_CHUNK = 100_000
#: Largest merge distance (km) any report can have, for the first coarse box.
_MAX_KM_DEFAULT = 100.0


@dataclass
class AppendDetail:
    """What happened to one incoming report."""

    event_id: str
    outcome: str  # "added", "merged", "updated" or "unchanged"
    into: str
    reason: str = ""


@dataclass
class AppendResult:
    """Counts of an :meth:`IncidentStore.append`, with one detail per incoming report.

    ``added`` reports created an incident, ``merged`` reports joined one
    (stored before, or another report of the same batch, or replaced an
    earlier version of themselves), ``unchanged`` reports were already stored as they are.
    """

    added: int = 0
    merged: int = 0
    unchanged: int = 0
    details: list[AppendDetail] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.added} added, {self.merged} merged, {self.unchanged} unchanged"


def probe_window(probe: dict, *, half_days: int, max_km: float):
    """Where stored reports of ``probe``'s incident can be: ``(first_day, last_day, box, location_key)``.

    The days are the probe's range widened by ``half_days`` (the widest stored
    range's half), the box is ``(minlat, maxlat, minlon, maxlon)`` around its
    point at ``max_km`` (all ``None`` without a point). ``None`` when the probe
    has no type or no date. Both backends search the same window.
    """
    import math
    from datetime import date, timedelta

    d0 = probe.get("date_start") or probe.get("event_date")
    d1 = probe.get("date_end") or probe.get("event_date")
    if not probe.get("event_type") or not d0 or not d1:
        return None
    lo = date.fromisoformat(str(d0)[:10]) - timedelta(days=half_days)
    hi = date.fromisoformat(str(d1)[:10]) + timedelta(days=half_days)
    lat, lon = probe.get("latitude"), probe.get("longitude")
    if lat is None or lon is None:
        box = (None, None, None, None)
    else:
        dlat = max_km / 110.574
        dlon = min(180.0, max_km / max(1e-6, 111.320 * math.cos(math.radians(min(89.9, abs(lat))))))
        box = (lat - dlat, lat + dlat, lon - dlon, lon + dlon)
    return lo, hi, box, (probe.get("location") or "").casefold() or None


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def normalise_filters(*, since=None, until=None, country=None, event_type=None, bbox=None) -> dict[str, Any]:
    """Check and normalise query filters (dates ``YYYY-MM-DD``, country ISO3 and name, bbox 4 floats)."""
    import pandas as pd

    from ..exc import InputError
    from ..io.countries import country as find_country

    out: dict[str, Any] = {}
    for name, v in (("since", since), ("until", until)):
        if v is None or v == "":
            continue
        try:
            ts = pd.Timestamp(v)
        except (ValueError, TypeError):
            raise InputError(f"--{name}: cannot read {v!r} as a date (use YYYY-MM-DD)") from None
        if ts is pd.NaT:
            raise InputError(f"--{name}: cannot read {v!r} as a date (use YYYY-MM-DD)")
        out[name] = ts.strftime("%Y-%m-%d")
    if "since" in out and "until" in out and out["since"] > out["until"]:
        raise InputError(f"--since {out['since']} is after --until {out['until']}")
    if country:
        names = [country] if isinstance(country, str) else list(country)
        isos, labels = [], []
        for c in names:
            for part in str(c).split(","):
                part = part.strip()
                if not part:
                    continue
                hit = find_country(part)
                if hit is None:
                    raise InputError(
                        f"--country: unknown country {part!r} (use an ISO code such as SYR or SY, or a name)"
                    )
                isos.append(hit.iso3)
                labels.append(hit.name)
        out["country"] = (tuple(isos), tuple(labels))
    if event_type:
        from ..contract import EVENT_TYPES, SUB_EVENT_TYPES

        names = [event_type] if isinstance(event_type, str) else list(event_type)
        known = {t.casefold(): t for t in EVENT_TYPES + SUB_EVENT_TYPES}
        types = []
        for t in names:
            parts = [t] if t.casefold() in known else [p.strip() for p in str(t).split(",") if p.strip()]
            for p in parts:
                if p.casefold() not in known:
                    raise InputError(
                        f"--type: unknown event or sub-event type {p!r}; expected one of "
                        f"{', '.join(EVENT_TYPES)} "
                        "or an ACLED sub-event type"
                    )
                types.append(known[p.casefold()])
        out["event_type"] = tuple(types)
    if bbox is not None:
        vals = bbox
        if isinstance(bbox, str):
            vals = [v for v in bbox.replace(" ", ",").split(",") if v]
        try:
            w, s, e, n = (float(v) for v in vals)
        except (TypeError, ValueError):
            raise InputError(f"--bbox: expected WEST,SOUTH,EAST,NORTH in degrees, got {bbox!r}") from None
        if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90 and w <= e):
            raise InputError(f"--bbox: {w},{s},{e},{n} is not WEST,SOUTH,EAST,NORTH in degrees")
        out["bbox"] = (w, s, e, n)
    return out


def filter_frame(gdf, *, since=None, until=None, country=None, event_type=None, bbox=None):
    """Apply the store's query filters to an in-memory frame (same meaning as :meth:`IncidentStore.query`)."""
    import numpy as np

    f = normalise_filters(since=since, until=until, country=country, event_type=event_type, bbox=bbox)
    if not f or not len(gdf):
        return gdf
    keep = np.ones(len(gdf), dtype=bool)
    d = gdf["event_date"]
    if "since" in f:
        keep &= (d >= f["since"]).fillna(False).to_numpy(dtype=bool)
    if "until" in f:
        keep &= (d <= f["until"]).fillna(False).to_numpy(dtype=bool)
    if "country" in f:
        isos, names = f["country"]
        by_iso = gdf["iso3"].isin(isos).fillna(False).to_numpy(dtype=bool)
        by_name = (gdf["iso3"].isna() & gdf["country"].str.lower().isin([n.lower() for n in names])).fillna(
            False
        )
        keep &= by_iso | by_name.to_numpy(dtype=bool)
    if "event_type" in f:
        t = f["event_type"]
        keep &= (gdf["event_type"].isin(t) | gdf["sub_event_type"].isin(t)).fillna(False).to_numpy(dtype=bool)
    if "bbox" in f:
        w, s_, e, n = f["bbox"]
        lat, lon = gdf["latitude"], gdf["longitude"]
        keep &= (lon.between(w, e) & lat.between(s_, n)).fillna(False).to_numpy(dtype=bool)
    return gdf.loc[keep].reset_index(drop=True)


class Transaction(ABC):
    """One write transaction of a backend (holds the store's write lock)."""

    @abstractmethod
    def resolve_ids(self, ids: list[str]) -> dict[str, str]:
        """Incoming id -> stored incident id, for ids stored as incidents or as merged aliases."""

    @abstractmethod
    def rows(self, ids: list[str]) -> dict[str, dict]:
        """Stored incidents as JSON-ready records (extra columns included)."""

    @abstractmethod
    def reports(self, ids: list[str]) -> dict[str, list[dict]]:
        """Stored reports of merged incidents (incidents of one report are absent)."""

    @abstractmethod
    def candidates(self, probes: list[dict], *, max_km: float) -> list[list[dict]]:
        """For each probe: stored rows (``MATCH_COLUMNS``) of its type, overlapping dates, in a coarse box."""

    @abstractmethod
    def write(
        self,
        *,
        replace: dict[str, dict],
        insert: list[dict],
        reports: dict[str, list[dict]],
        aliases: dict[str, str],
        log: list[tuple[str, str, str, str]],
        done: list[str],
    ) -> None:
        """Replace and insert incident rows, set reports/aliases, log merges, mark documents done."""


class IncidentStore(ABC):
    """A durable set of incidents. Open one with :func:`geoevents.store.open_store`."""

    #: where the store lives (path or DSN, secrets masked)
    location: str = ""

    # --- backend hooks ----------------------------------------------------------
    @abstractmethod
    def _transaction(self):
        """A context manager yielding a :class:`Transaction`; commits on success, rolls back on error."""

    @abstractmethod
    def _query(self, filters: dict[str, Any]):
        """Rows matching normalised filters, as a conforming GeoDataFrame."""

    @abstractmethod
    def _get_records(
        self, event_id: str
    ) -> tuple[dict | None, list[dict], list[tuple[str, str, str]], str | None]:
        """(row, its reports, merge log (report_id, at, reason), alias target if event_id was merged away)."""

    @abstractmethod
    def is_done(self, doc_id: str) -> bool:
        """Whether a document (by content hash) was marked done."""

    @abstractmethod
    def meta(self) -> dict[str, str]:
        """The store's ``geoevents_meta`` table."""

    @abstractmethod
    def __len__(self) -> int: ...

    def close(self) -> None:  # noqa: B027 - optional for backends
        """Release resources (the store stays on disk)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.location}>"

    @property
    def schema_version(self) -> int:
        return int(self.meta().get("schema_version", 0))

    # --- public API ---------------------------------------------------------------
    def done_among(self, doc_ids: Iterable[str]) -> set[str]:
        """The documents among ``doc_ids`` (content hashes) that were marked done."""
        return {d for d in doc_ids if self.is_done(d)}

    def mark_done(self, doc_ids: str | Iterable[str]) -> None:
        """Remember that documents (content hashes: :func:`geoevents.contract.doc_id_for`) were processed."""
        ids = [doc_ids] if isinstance(doc_ids, str) else list(doc_ids)
        if not ids:
            return
        with self._transaction() as tx:
            tx.write(replace={}, insert=[], reports={}, aliases={}, log=[], done=ids)

    def query(self, *, since=None, until=None, country=None, event_type=None, bbox=None):
        """Return the stored incidents in a slice, as a conforming GeoDataFrame.

        Parameters
        ----------
        since, until : str or date, optional
            Inclusive bounds on ``event_date`` (``YYYY-MM-DD``).
        country : str or list of str, optional
            ISO3, ISO2 or English name(s) (comma-separated allowed).
        event_type : str or list of str, optional
            ACLED event type(s) or sub-event type(s), case-insensitive.
        bbox : (west, south, east, north) or "W,S,E,N", optional
            Degrees, EPSG:4326.
        """
        filters = normalise_filters(
            since=since, until=until, country=country, event_type=event_type, bbox=bbox
        )
        return self._query(filters)

    def get(self, event_id: str):
        """Return one incident as a one-row GeoDataFrame (following merges), or ``None``."""
        from ..contract import from_records

        row, _reports, _log, alias = self._get_records(event_id)
        if row is None:
            return None
        return from_records([row])

    def explain(self, event_id: str) -> str:
        """Say where an incident comes from: its reports, why they merged, which report gave which field."""
        row, reports, log, alias = self._get_records(event_id)
        if row is None:
            from ..exc import StoreError

            raise StoreError(f"no incident {event_id!r} in {self.location}", code="E052")
        lines = []
        if alias:
            lines.append(f"{event_id} was merged into {row['event_id']}.")
        reps = reports or [row]
        place = row.get("location") or "unlocated"
        coords = "" if _missing(row.get("latitude")) else f" ({row['latitude']:.4f}, {row['longitude']:.4f})"
        lines.append(
            f"{row['event_id']}: {row.get('sub_event_type') or row.get('event_type')} in {place}{coords}, "
            f"{row.get('event_date') or 'undated'}; fatalities {_fmt(row.get('fatalities'))}; "
            f"origin {row.get('origin') or '?'}"
        )
        lines.append(f"{len(reps)} report{'s' if len(reps) != 1 else ''}:")
        for i, r in enumerate(sorted(reps, key=_order_key), 1):
            bits = [f"  {i}. {r.get('event_id')}"]
            for label, name in (
                ("source", "source"),
                ("published", "published"),
                ("url", "source_url"),
                ("doc", "doc_id"),
                ("origin", "origin"),
            ):
                if not _missing(r.get(name)):
                    bits.append(f"{label}: {r[name]}")
            bits.append(f"place: {r.get('location') or '?'} (geo_precision {_fmt(r.get('geo_precision'))})")
            bits.append(
                f"date: {r.get('event_date') or '?'} (time_precision {_fmt(r.get('time_precision'))})"
            )
            bits.append(f"fatalities: {_fmt(r.get('fatalities'))}")
            lines.append("; ".join(bits))
            if not _missing(r.get("notes")):
                lines.append(f"     \u201c{r['notes']}\u201d")
        if log:
            lines.append("Why they merged:")
            for report_id, at, reason in log:
                lines.append(f"  {report_id} joined {row['event_id']} on {at}: {reason}")
        elif len(reps) == 1:
            lines.append("Single report: nothing merged.")
        if len(reps) > 1:
            _, choices = combine(reps)
            if choices:
                lines.append("Fields chosen among the reports:")
                for name, why in choices.items():
                    lines.append(f"  {name}: {why}")
        return "\n".join(lines)

    def append(self, gdf, *, merge: bool = True, done: Iterable[str] = ()) -> AppendResult:
        """Add incidents in one transaction; return what happened to each.

        Parameters
        ----------
        gdf : geopandas.GeoDataFrame
            Incidents following the contract (each row one report).
        merge : bool
            Merge new reports of one incident (the rule of
            :mod:`geoevents.store.merge`) with each other and with stored
            incidents. With ``False`` only identical ids are recognised (for
            importing data that is already deduplicated, such as an ACLED export).
        done : iterable of str
            Document content hashes to mark done in the same transaction, so a
            batch is never half recorded.

        Raises
        ------
        StoreLockedError
            Another process kept the store locked for longer than ``lock_timeout``.
        SchemaError
            The frame breaks the contract.
        """
        from ..io.formats import ensure, records

        batch = ensure(gdf)
        done = list(done)
        result = AppendResult()
        if not len(batch) and not done:
            return result
        n = len(batch)
        with _no_gc(), self._transaction() as tx:
            # big frames go in slices of one transaction: later slices see the earlier
            # ones as stored incidents, so the outcome is the same, and memory stays bounded
            for start in range(0, max(n, 1), APPEND_CHUNK):
                part = batch.iloc[start : start + APPEND_CHUNK]
                recs = records(part) if len(part) else []
                last = start + APPEND_CHUNK >= n
                self._append_in(tx, recs, merge=merge, done=done if last else [], result=result)
        for d in result.details:
            if d.outcome == "added":
                result.added += 1
            elif d.outcome == "unchanged":
                result.unchanged += 1
            else:
                result.merged += 1
        return result

    # --- the algorithm ---------------------------------------------------------------
    def _append_in(
        self, tx: Transaction, recs: list[dict], *, merge: bool, done: list[str], result: AppendResult
    ) -> None:
        # 1. reports whose id is stored (as an incident, or merged into one)
        known = tx.resolve_ids([r["event_id"] for r in recs])
        plans: list[tuple[str | None, list[int], str]] = []  # (target id, member indexes, how it was found)
        loose: list[int] = []
        for i, r in enumerate(recs):
            t = known.get(r["event_id"])
            if t:
                plans.append((t, [i], "id"))
            else:
                loose.append(i)
        # 2. new reports of stored incidents (stored incidents come first, so a
        #    batch never splits a known incident)
        if merge and loose:
            probes = [recs[i] for i in loose]
            max_km = max(
                [_MAX_KM_DEFAULT] + [radius_for(p.get("geo_precision"), p.get("radius_km")) for p in probes]
            )
            found = tx.candidates(probes, max_km=max_km)
            rest = []
            for i, probe, cands in zip(loose, probes, found, strict=False):
                best = _best_candidate(probe, cands)
                if best is not None:
                    plans.append((best[0], [i], best[1]))
                else:
                    rest.append(i)
            loose = rest
        # 3. the rest: one incident per cluster of the batch's own reports
        if merge:
            for g in _cluster([recs[i] for i in loose]):
                plans.append((None, [loose[k] for k in g], ""))
        else:
            plans.extend((None, [i], "") for i in loose)
        targets = list(dict.fromkeys(t for t, _, _ in plans if t))
        stored = tx.rows(targets) if targets else {}
        stored_reports = tx.reports(targets) if targets else {}
        replace: dict[str, dict] = {}
        insert: list[dict] = []
        reports_out: dict[str, list[dict]] = {}
        aliases: dict[str, str] = {}
        log: list[tuple[str, str, str]] = []
        at = _now()
        # several plans may share a target: gather their members first
        by_target: dict[str, list[tuple[int, str]]] = {}
        for t, members, how in plans:
            if t is not None:
                by_target.setdefault(t, []).extend((i, how) for i in members)
        for t, members in by_target.items():
            old = stored.get(t)
            if old is None:  # vanished (alias to a deleted row): treat as new below
                plans.append((None, [i for i, _ in members], ""))
                continue
            base = list(stored_reports.get(t) or [old])
            base_ids = {r["event_id"]: n for n, r in enumerate(base)}
            changed = False
            outcomes: list[tuple[int, str, str]] = []
            for i, how in members:
                r = recs[i]
                rid = r["event_id"]
                if rid in base_ids:
                    if _same_record(base[base_ids[rid]], r):
                        outcomes.append((i, "unchanged", "already stored"))
                    else:
                        base[base_ids[rid]] = r
                        changed = True
                        outcomes.append(
                            (i, "updated", "a new version of a stored report replaced the old one")
                        )
                else:
                    reason = match_reason(old, r) or (
                        how if how != "id" else "its id was already merged here"
                    )
                    base_ids[rid] = len(base)
                    base.append(r)
                    changed = True
                    outcomes.append((i, "merged", reason))
                    aliases[rid] = t
                    log.append((t, rid, at, reason))
            if changed:
                new, _ = combine(base)
                new["event_id"] = t
                if not _same_record(new, old):
                    replace[t] = new
                reports_out[t] = base
            for i, outcome, reason in outcomes:
                result.details.append(AppendDetail(recs[i]["event_id"], outcome, t, reason))
        for t, members, _how in plans:
            if t is not None:
                continue
            group = [recs[i] for i in members]
            row, _ = combine(group)
            insert.append(row)
            keep = row["event_id"]
            if len(group) > 1:
                reports_out[keep] = group
            for r in group:
                if r["event_id"] == keep:
                    result.details.append(AppendDetail(keep, "added", keep, "new incident"))
                else:
                    reason = match_reason(row, r) or "matched another report of the batch"
                    aliases[r["event_id"]] = keep
                    log.append((keep, r["event_id"], at, reason))
                    result.details.append(AppendDetail(r["event_id"], "merged", keep, reason))
        tx.write(replace=replace, insert=insert, reports=reports_out, aliases=aliases, log=log, done=done)


@contextmanager
def _no_gc():
    """Pause Python's cyclic garbage collector while millions of small records are built.

    The records hold no reference cycles; collections triggered by their sheer
    number cost more than building them (measured: 2-3x on 200,000 rows).
    """
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _fmt(v) -> str:
    return "?" if _missing(v) else str(v)


def _same_record(a: dict, b: dict) -> bool:
    keys = (
        set(COLUMN_NAMES)
        | {k for k, v in a.items() if not _missing(v)}
        | {k for k, v in b.items() if not _missing(v)}
    )
    keys.discard("geometry")
    for k in keys:
        x, y = a.get(k), b.get(k)
        if _missing(x) and _missing(y):
            continue
        if _missing(x) or _missing(y):
            return False
        if isinstance(x, float) or isinstance(y, float):
            try:
                if abs(float(x) - float(y)) > 1e-9:
                    return False
                continue
            except (TypeError, ValueError):
                return False
        if str(x)[:10] == str(y)[:10] and k in ("event_date", "date_start", "date_end", "published"):
            continue
        if x != y and str(x) != str(y):
            return False
    return True


def _best_candidate(probe: dict, cands: list[dict]) -> tuple[str, str] | None:
    """The nearest stored incident the probe is a report of (id, why), or ``None``."""
    best = None
    plat, plon = probe.get("latitude"), probe.get("longitude")
    located = not (_missing(plat) or _missing(plon))
    prad = radius_for(probe.get("geo_precision"), probe.get("radius_km"))
    for c in cands:
        clat, clon = c.get("latitude"), c.get("longitude")
        if located and not (_missing(clat) or _missing(clon)):
            d = _km(float(plat), float(plon), float(clat), float(clon))
            if d > max(prad, radius_for(c.get("geo_precision"), c.get("radius_km"))):
                continue  # too far: the full rule would say no
        else:
            d = 0.0
        key = (d, str(c.get("event_id")))
        if best is not None and key >= best[0]:
            continue
        why = match_reason(c, probe)
        if why is not None:
            best = (key, c["event_id"], why)
    return None if best is None else (best[1], best[2])


def dumps(record: dict) -> str:
    """A record as compact JSON (for the reports table)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=str)
