"""The merge rule as a pure function (geoevents.store.merge)."""

from __future__ import annotations

import json

from geoevents.contract import from_records, validate
from geoevents.io.synthetic import synthetic_incidents
from geoevents.store import merge_incidents
from geoevents.store.merge import combine, match_reason, radius_for
from geoevents.testing import incident_row


def rec(**kw):
    base = dict(
        event_id="X-1", event_type="Battles", sub_event_type="Armed clash", actor1="Hayat Tahrir al-Sham",
        inter1=None, admin1="Aleppo", location="Aleppo", latitude=36.2021, longitude=37.1343, fatalities=10,
        source="S1", source_url=None, notes="Fighters entered Aleppo.", evidence=None, confidence=None,
        location_relation=None,
    )
    return incident_row(**{**base, **kw})


def test_radius_by_precision():
    assert radius_for(1, None) == 10 and radius_for(2, None) == 25 and radius_for(3, None) == 100
    assert radius_for(1, 40.0) == 40 and radius_for(None, None) == 25


def test_match_rules():
    a = rec()
    assert match_reason(a, rec(event_id="X-2", doc_id="d2", latitude=36.25, longitude=37.16)) is not None
    assert match_reason(a, rec(event_id="X-2", doc_id="d2", event_type="Protests")) is None  # other type
    assert (
        match_reason(
            a,
            rec(
                event_id="X-2",
                doc_id="d2",
                event_date="2024-12-04",
                date_start="2024-12-04",
                date_end="2024-12-04",
            ),
        )
        is None
    )  # other day
    week = rec(
        event_id="X-2",
        doc_id="d2",
        event_date="2024-12-04",
        date_start="2024-12-01",
        date_end="2024-12-07",
        time_precision=2,
    )
    assert "dates overlap" in match_reason(a, week)
    assert (
        match_reason(a, rec(event_id="X-2", doc_id="d2", latitude=36.35, longitude=37.25)) is None
    )  # 19 km > 10 km
    assert (
        match_reason(a, rec(event_id="X-2", doc_id="d2", latitude=36.35, longitude=37.25, geo_precision=2))
        is not None
    )
    assert match_reason(a, rec(event_id="X-2", doc_id="d1")) is None  # same document: two incidents
    assert match_reason(a, rec(event_id="X-2", doc_id="d2", actor1="Military Forces of Syria")) is None
    assert (
        match_reason(a, rec(event_id="X-2", doc_id="d2", actor1="HTS-led Hayat Tahrir al-Sham coalition"))
        is not None
    )
    region = rec(event_id="X-2", doc_id="d2", geo_precision=3, admin1="Idlib", latitude=35.9, longitude=36.6)
    assert match_reason(a, region) is None  # region-level report of another region
    nocoord = rec(event_id="X-2", doc_id="d2", latitude=None, longitude=None)
    assert "same place 'Aleppo'" in match_reason(a, nocoord)
    assert match_reason(a, dict(nocoord, location="Homs")) is None


def test_fatalities_follow_acled():
    first = rec(fatalities=10, fatalities_high=15)
    same_day_lower = rec(event_id="X-2", doc_id="d2", fatalities=7, source="S2")
    later_higher = rec(event_id="X-3", doc_id="d3", fatalities=25, published="2024-12-06", source="S3")
    row, why = combine([first, same_day_lower])
    assert row["fatalities"] == 7 and "lowest of the latest reports" in why["fatalities"]
    row, why = combine([first, same_day_lower, later_higher])
    assert row["fatalities"] == 25 and "supersedes" in why["fatalities"]
    assert row["fatalities_low"] == 7 and row["fatalities_high"] == 25
    row, _ = combine([first, rec(event_id="X-4", doc_id="d4", fatalities=None, published="2024-12-09")])
    assert row["fatalities"] == 10  # a later report without a figure supersedes nothing


def test_combine_keeps_everything_and_picks_precise_fields():
    a = rec(
        geo_precision=2,
        location="near Aleppo",
        source="S1",
        source_url="https://s1.example",
        evidence=json.dumps([{"doc": "d1"}]),
        confidence=0.5,
        civilian_targeting=False,
        claim=True,
    )
    b = rec(
        event_id="X-2",
        doc_id="d2",
        geo_precision=1,
        location="Aleppo",
        source="S2; S1",
        source_url="https://s2.example",
        notes="Clashes in Aleppo city.",
        evidence=json.dumps([{"doc": "d2"}]),
        confidence=0.8,
        time_precision=2,
        date_start="2024-12-01",
        date_end="2024-12-07",
        civilian_targeting=True,
        claim=False,
        published="2024-12-02",
    )
    row, why = combine([a, b])
    assert row["event_id"] == "X-2"  # first published keeps its id
    assert row["location"] == "Aleppo" and row["geo_precision"] == 1
    assert row["time_precision"] == 1 and row["date_start"] == row["date_end"] == "2024-12-03"
    assert row["source"] == "S2; S1" and row["source_url"] == "https://s2.example; https://s1.example"
    assert row["notes"] == "Clashes in Aleppo city. | Fighters entered Aleppo."
    assert [e["doc"] for e in json.loads(row["evidence"])] == ["d2", "d1"]
    assert row["doc_id"] == "d2;d1" and row["confidence"] == 0.8 and row["published"] == "2024-12-02"
    assert row["civilian_targeting"] is True and row["claim"] is False
    assert "place" in why and "date" in why


def test_merge_incidents_frame():
    g = from_records(
        [
            rec(),
            rec(
                event_id="X-2",
                doc_id="d2",
                latitude=36.21,
                longitude=37.14,
                fatalities=12,
                published="2024-12-04",
            ),
            rec(event_id="X-3", doc_id="d3", location="Hama", latitude=35.13, longitude=36.75),
            rec(
                event_id="X-4",
                doc_id="d4",
                event_type="Protests",
                sub_event_type="Peaceful protest",
                disorder_type="Demonstrations",
            ),
        ]
    )
    out, records = merge_incidents(g)
    validate(out)
    assert list(out["event_id"]) == ["X-1", "X-3", "X-4"]
    assert out.loc[0, "fatalities"] == 12 and out.loc[0, "source"] == "S1"
    assert len(records) == 1 and records[0].event_id == "X-1" and records[0].merged_ids == ["X-2"]
    assert "X-2 joined" in records[0].explain()
    # idempotent
    again, rec2 = merge_incidents(out)
    assert rec2 == [] and len(again) == 3


def test_no_chaining_across_far_reports():
    # three reports 8 km apart in a line: the ends are 16 km apart, beyond a town's 10 km
    pts = [(36.00, 37.00), (36.072, 37.00), (36.144, 37.00)]
    g = from_records(
        [rec(event_id=f"X-{i}", doc_id=f"d{i}", latitude=la, longitude=lo) for i, (la, lo) in enumerate(pts)]
    )
    out, _ = merge_incidents(g)
    assert len(out) == 2


def test_merge_incidents_at_batch_scale():
    g = synthetic_incidents(3000, seed=9, start="2024-01-01", days=30)
    out, records = merge_incidents(g)
    validate(out)
    merged_away = sum(len(r.merged_ids) for r in records)
    assert len(out) + merged_away == len(g) and merged_away > 0
    assert out["event_id"].is_unique
