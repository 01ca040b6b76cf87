"""Scoring incident extraction.

Two measures:

* :func:`evaluate_acled` reads a file in ACLED's export layout, extracts from
  each row's ``notes`` (published on the row's ``timestamp`` date, or its
  ``event_date`` when there is no timestamp) and compares what comes out with
  the coded row: share of rows with an incident, event-type and sub-type
  accuracy, exact date, location within 25 / 100 km, exact fatalities and
  actor1 match.
* :func:`evaluate_event_locations` reads Halterman's event-location set
  (the checked ``RELABEL`` records) and scores which of a sentence's places
  geoevents says the event happened at: precision, recall and F1 over
  location spans.
"""

from __future__ import annotations

import csv
import json
import math
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

from ..exc import InputError

__all__ = ["evaluate_acled", "evaluate_event_locations", "format_report"]

_ACLED_NEEDED = ("event_date", "event_type", "sub_event_type", "notes")


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _acled_date(value: str) -> date | None:
    value = (value or "").strip()
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y", "%d-%b-%Y", "%d %b %Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _published(row: dict) -> date | None:
    ts = (row.get("timestamp") or "").strip()
    if ts.isdigit():
        return datetime.fromtimestamp(int(ts), tz=timezone.utc).date()
    return _acled_date(ts) or _acled_date(row.get("event_date", ""))


def _norm_actor(name: str | None) -> str:
    import re

    name = (name or "").lower()
    name = re.sub(r"\(\d{4}-(?:\d{4})?\)", "", name)
    return " ".join(name.replace("the ", "").split())


def evaluate_acled(path, *, limit: int | None = None) -> dict:
    """Extract from every row's ``notes`` and compare with the row's coding."""
    from ..extraction import extract_records

    import io

    from ..inputs import decode_bytes

    path = Path(path)
    text, _enc, _notes = decode_bytes(path.read_bytes(), name=str(path))  # UTF-8, else Windows-1252; refuses binary
    with io.StringIO(text, newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in _ACLED_NEEDED if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{path}: not an ACLED export, missing column(s) {', '.join(missing)}")
        rows = list(reader)
    if limit:
        rows = rows[:limit]
    n = len(rows)
    stats = dict(rows=n, with_incident=0, event_type=0, sub_event_type=0, date_exact=0, within_25km=0,
                 within_100km=0, with_coords=0, fatalities_exact=0, with_fatalities=0, actor1=0, with_actor1=0,
                 incidents=0)
    details = []
    for row in rows:
        gold_date = _acled_date(row["event_date"])
        try:
            got = extract_records(row["notes"], published=_published(row))
        except Exception as err:  # a bad row is scored as missed, not fatal
            details.append({"notes": row["notes"][:80], "error": str(err)})
            continue
        if not got:
            details.append({"notes": row["notes"][:80], "missed": True})
            continue
        stats["with_incident"] += 1
        stats["incidents"] += len(got)
        # the incident geoevents is surest of, not the one that happens to match the gold row best
        best = max(got, key=lambda r: r.get("confidence") or 0)
        stats["event_type"] += best["event_type"] == row["event_type"]
        stats["sub_event_type"] += best["sub_event_type"] == row["sub_event_type"]
        stats["date_exact"] += gold_date is not None and best["event_date"] == gold_date
        try:
            glat, glon = float(row.get("latitude") or "nan"), float(row.get("longitude") or "nan")
        except ValueError:
            glat = glon = float("nan")
        if not math.isnan(glat) and not math.isnan(glon):
            stats["with_coords"] += 1
            if best["latitude"] is not None:
                d = _km(glat, glon, best["latitude"], best["longitude"])
                stats["within_25km"] += d <= 25
                stats["within_100km"] += d <= 100
        try:
            gold_f = int(float(row.get("fatalities")))
        except (TypeError, ValueError):
            gold_f = None
        if gold_f is not None:
            stats["with_fatalities"] += 1
            stats["fatalities_exact"] += (best["fatalities"] or 0) == gold_f
        if row.get("actor1"):
            stats["with_actor1"] += 1
            stats["actor1"] += _norm_actor(best["actor1"]) == _norm_actor(row.get("actor1"))
    out = {"corpus": str(path), "kind": "acled", "rows": n}
    found = max(stats["with_incident"], 1)
    out["incident_rate"] = stats["with_incident"] / max(n, 1)
    out["incidents_per_row"] = stats["incidents"] / found
    for key in ("event_type", "sub_event_type", "date_exact"):
        out[key] = stats[key] / found
    out["within_25km"] = stats["within_25km"] / max(stats["with_coords"], 1)
    out["within_100km"] = stats["within_100km"] / max(stats["with_coords"], 1)
    out["fatalities_exact"] = stats["fatalities_exact"] / max(stats["with_fatalities"], 1)
    out["actor1"] = stats["actor1"] / max(stats["with_actor1"], 1)
    out["details"] = details
    return out


def _load_event_location(path: Path) -> list[dict]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as z:
            name = next(n for n in z.namelist() if n.endswith(".jsonl") and not n.startswith("__MACOSX"))
            raw = z.read(name)
    else:
        raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
        try:
            data = json.loads(text)
        except ValueError:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
    except ValueError as err:
        raise InputError(f"{path}: not the event-location set (JSON records with text, tokens and spans): {err}") from None
    if not isinstance(data, list) or not all(isinstance(r, dict) and "tokens" in r and "text" in r for r in data[:50]):
        raise InputError(f"{path}: not the event-location set (JSON records with text, tokens and spans)")
    return data


def evaluate_event_locations(path, *, source: str | None = "RELABEL", limit: int | None = None) -> dict:
    """Score event-location choice on Halterman's set (token spans are the reference)."""
    from ..extraction.coder import event_locations
    from ..geoparsing import geoparse

    recs = [r for r in _load_event_location(Path(path)) if source is None or r.get("source") == source]
    if limit:
        recs = recs[:limit]
    tp = fp = fn = skipped = 0
    for r in recs:
        toks = r["tokens"]
        text = r["text"]
        spans = r.get("spans") or []
        verbs = [s for s in spans if s["label"] == "VERB"]
        if not verbs:
            continue
        try:  # token indexes out of range: a broken record is skipped and counted, never a crash
            vstart, vend = _char_span(toks, verbs[0])
            gold = [_char_span(toks, s) for s in spans if s["label"] == "LOCATION"]
        except (IndexError, KeyError, TypeError):
            skipped += 1
            continue
        mentions = geoparse(text)
        pred = [(m.start, m.end) for m in event_locations(text, (vstart, vend), mentions)]
        matched_gold = set()
        for a, b in pred:
            hit = next((i for i, (ga, gb) in enumerate(gold) if i not in matched_gold and a < gb and ga < b), None)
            if hit is None:
                fp += 1
            else:
                tp += 1
                matched_gold.add(hit)
        fn += len(gold) - len(matched_gold)
    p = tp / (tp + fp) if tp + fp else 0.0
    rcl = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * rcl / (p + rcl) if p + rcl else 0.0
    return {"corpus": str(path), "kind": "event_location", "records": len(recs), "precision": p, "recall": rcl,
            "f1": f1, "tp": tp, "fp": fp, "fn": fn, "skipped": skipped}


def _char_span(toks: list, span: dict) -> tuple[int, int]:
    """Character offsets of a token span of the event-location set."""
    a, b = span["token_start"], span["token_end"]
    if not (0 <= a <= b < len(toks)):
        raise IndexError(f"token span {a}-{b} outside the record's {len(toks)} tokens")
    return toks[a]["start"], toks[b]["end"]


def format_report(result: dict) -> str:
    """Human-readable lines for an evaluation result."""
    lines = [f"corpus: {result['corpus']}"]
    if result["kind"] == "event_location":
        lines.append(f"records: {result['records']}"
                     + (f" ({result['skipped']} skipped: token spans outside the text)" if result.get("skipped") else ""))
        lines.append(f"event location  precision {result['precision']:.3f}  recall {result['recall']:.3f}  F1 {result['f1']:.3f}"
                     f"  (tp {result['tp']}, fp {result['fp']}, fn {result['fn']})")
        return "\n".join(lines)
    lines.append(f"rows: {result['rows']}")
    lines.append(f"rows with an incident:  {result['incident_rate']:.3f}  ({result['incidents_per_row']:.2f} incidents per row)")
    for key, label in (("event_type", "event type"), ("sub_event_type", "sub-event type"), ("date_exact", "date exact"),
                       ("within_25km", "location <= 25 km"), ("within_100km", "location <= 100 km"),
                       ("fatalities_exact", "fatalities exact"), ("actor1", "actor1 match")):
        lines.append(f"{label + ':':<24}{result[key]:.3f}")
    lines.append("(scored on the most confident incident of each row; place, fatalities and actor1 over rows that give them)")
    return "\n".join(lines)
