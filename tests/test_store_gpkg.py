"""The GeoPackage incident store: appends, merges, slices, explanations, locks, crashes, migration."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from geoevents.contract import from_records, validate
from geoevents.exc import InputError, SchemaError, StoreError, StoreLockedError
from geoevents.io import read_incidents, write_incidents
from geoevents.io.synthetic import synthetic_incidents
from geoevents.store import SCHEMA_VERSION, open_store
from geoevents.testing import incident_row

ROOT = Path(__file__).resolve().parents[1]


def report(**kw):
    return incident_row(**kw)


A = report()
B = report(
    event_id="SYR-b2",
    location="Idlib Governorate",
    latitude=35.8,
    longitude=36.7,
    geo_precision=3,
    fatalities=2,
    source="Outlet B",
    source_url="https://b.example/2",
    notes="Strikes hit Idlib province; two dead.",
    doc_id="d2",
    evidence=json.dumps([{"doc": "d2", "spans": {"fatalities": [30, 33]}}]),
    confidence=0.9,
)
C = report(
    event_id="SYR-c3",
    published="2024-12-05",
    fatalities=9,
    source="Outlet C",
    source_url="https://c.example/3",
    notes="The toll from Tuesday's strike on Idlib rose to nine.",
    doc_id="d3",
    evidence=None,
    time_precision=2,
    date_start="2024-12-01",
    date_end="2024-12-07",
)
OTHER_ACTOR = report(
    event_id="SYR-z9",
    actor1="Military Forces of Syria",
    doc_id="d4",
    source="Outlet D",
    notes="Syrian jets struck Idlib.",
)
ALEPPO = report(
    event_id="SYR-f1",
    admin1="Aleppo",
    location="Aleppo",
    latitude=36.2,
    longitude=37.13,
    doc_id="d5",
    source="Outlet E",
)
NEXT_DAY = report(
    event_id="SYR-n1", event_date="2024-12-04", date_start="2024-12-04", date_end="2024-12-04", doc_id="d6"
)


@pytest.fixture()
def store(tmp_path):
    with open_store(tmp_path / "incidents.gpkg") as s:
        yield s


def test_new_store_is_a_geopackage_qgis_can_open(store):
    assert store.schema_version == SCHEMA_VERSION
    assert len(store) == 0
    con = sqlite3.connect(store.path)
    (app_id,) = con.execute("PRAGMA application_id").fetchone()
    assert app_id == 0x47504B47
    assert con.execute(
        "SELECT data_type, srs_id FROM gpkg_contents WHERE table_name='incidents'"
    ).fetchone() == ("features", 4326)
    con.close()


def test_rerunning_the_same_reports_adds_nothing(store):
    r = store.append(from_records([A, ALEPPO]))
    assert (r.added, r.merged, r.unchanged) == (2, 0, 0)
    r = store.append(from_records([A, ALEPPO]))
    assert (r.added, r.merged, r.unchanged) == (0, 0, 2)
    assert len(store) == 2


def test_new_reports_merge_into_a_known_incident_keeping_every_source(store):
    store.append(from_records([A]))
    r = store.append(from_records([B, C, OTHER_ACTOR, ALEPPO, NEXT_DAY]))
    out = {d.event_id: (d.outcome, d.into) for d in r.details}
    assert out["SYR-b2"] == ("merged", "SYR-a1")  # region-level report of the same strike
    assert out["SYR-c3"] == ("merged", "SYR-a1")  # later report, week precision
    assert out["SYR-z9"][0] == "added"  # other actor: another strike
    assert out["SYR-f1"][0] == "added"  # Aleppo, 50 km away, other region
    assert out["SYR-n1"][0] == "added"  # next day
    assert (r.added, r.merged, r.unchanged) == (3, 2, 0)
    inc = store.get("SYR-a1").iloc[0]
    assert inc["source"] == "Outlet A; Outlet C; Outlet B" or set(inc["source"].split("; ")) == {
        "Outlet A",
        "Outlet B",
        "Outlet C",
    }
    assert set(inc["source_url"].split("; ")) == {
        "https://a.example/1",
        "https://b.example/2",
        "https://c.example/3",
    }
    assert set(inc["doc_id"].split(";")) == {"d1", "d2", "d3"}
    assert inc["notes"].count(" | ") == 2
    assert {e["doc"] for e in json.loads(inc["evidence"])} == {"d1", "d2"}
    # most precise place and date
    assert inc["location"] == "Idlib" and inc["geo_precision"] == 1 and inc["time_precision"] == 1
    assert inc["event_date"] == pd.Timestamp("2024-12-03")
    # ACLED: the later report (published 12-05) supersedes the lower early figures
    assert inc["fatalities"] == 9 and inc["fatalities_low"] == 2
    assert inc["published"] == pd.Timestamp("2024-12-03") and inc["confidence"] == pytest.approx(0.9)
    # merged ids resolve to the incident; re-sending them adds nothing
    assert store.get("SYR-c3").iloc[0]["event_id"] == "SYR-a1"
    again = store.append(from_records([A, B, C]))
    assert (again.added, again.merged, again.unchanged) == (0, 0, 3)
    assert len(store) == 4


def test_lowest_figure_among_reports_of_the_same_day(store):
    store.append(from_records([A, report(event_id="SYR-x2", fatalities=7, doc_id="dx", source="X")]))
    assert store.get("SYR-a1").iloc[0]["fatalities"] == 4


def test_explain_names_sources_and_reasons(store):
    store.append(from_records([A]))
    store.append(from_records([B, C]))
    text = store.explain("SYR-c3")
    assert text.startswith("SYR-c3 was merged into SYR-a1.")
    for needle in (
        "Outlet A",
        "Outlet B",
        "Outlet C",
        "https://c.example/3",
        "rose to nine",
        "Why they merged",
        "same day 2024-12-03",
        "within 100 km (geo_precision 1 and 3)",
        "supersedes",
        "3 reports",
    ):
        assert needle in text, needle
    with pytest.raises(StoreError, match="no incident"):
        store.explain("nope")
    assert store.get("nope") is None


def test_batch_merges_within_itself(store):
    r = store.append(from_records([A, B, C]))
    assert (r.added, r.merged) == (1, 2)
    assert len(store) == 1


def test_merge_false_only_matches_ids(store):
    r = store.append(from_records([A, B]), merge=False)
    assert r.added == 2
    assert store.append(from_records([A, B]), merge=False).unchanged == 2


def test_updated_report_replaces_its_old_version(store):
    store.append(from_records([A]))
    r = store.append(from_records([dict(A, fatalities=5, notes="Russian jets struck Idlib, killing five.")]))
    assert r.details[0].outcome == "updated" and r.merged == 1
    inc = store.get("SYR-a1").iloc[0]
    assert inc["fatalities"] == 5 and "five" in inc["notes"] and "four" not in inc["notes"]


def test_query_slices(store):
    store.append(synthetic_incidents(2000, seed=5, start="2024-01-01", days=366), merge=False)
    all_ = store.query()
    assert len(all_) == 2000
    validate(all_)
    s = store.query(since="2024-06-01", until="2024-06-30")
    assert len(s) and s["event_date"].between("2024-06-01", "2024-06-30").all()
    assert len(s) == all_["event_date"].between("2024-06-01", "2024-06-30").sum()
    c = store.query(country="SYR")
    assert len(c) == (all_["iso3"] == "SYR").sum() and len(store.query(country="Syria")) == len(c)
    assert len(store.query(country="SY")) == len(c)
    t = store.query(event_type="battles")
    assert len(t) == (all_["event_type"] == "Battles").sum()
    st = store.query(event_type="Air/drone strike")
    assert len(st) == (all_["sub_event_type"] == "Air/drone strike").sum()
    box = (36.0, 35.5, 37.5, 36.5)
    b = store.query(bbox=box)
    inside = all_["longitude"].between(box[0], box[2]) & all_["latitude"].between(box[1], box[3])
    assert len(b) == inside.sum()
    both = store.query(since="2024-06-01", bbox="36.0,35.5,37.5,36.5")
    assert len(both) == (inside & (all_["event_date"] >= "2024-06-01")).sum()
    for bad in (
        dict(since="yesterday-ish"),
        dict(country="Atlantis"),
        dict(event_type="Picnic"),
        dict(bbox="1,2,3"),
        dict(since="2024-02-01", until="2024-01-01"),
    ):
        with pytest.raises(InputError):
            store.query(**bad)


def test_extra_columns_survive_the_store(store):
    acled = read_incidents(ROOT / "tests" / "data" / "formats" / "acled_sample.csv")
    store.append(acled, merge=False)
    back = store.get("MLI900005").iloc[0]
    assert back["acled_tags"] == "crowd size=hundreds" and back["origin"] == "acled"
    # read_incidents reads a store file too
    assert len(read_incidents(store.path)) == 6


def test_documents_done_are_recorded_with_the_batch(store):
    store.append(from_records([A]), done=["d1"])
    store.mark_done(["d9"])
    assert store.is_done("d1") and store.is_done("d9") and not store.is_done("d2")


def test_failed_append_leaves_store_unchanged(store):
    store.append(from_records([A]))
    bad = from_records([B])
    bad.loc[0, "latitude"] = 95.0  # breaks the contract: validation fails before anything is written
    with pytest.raises(SchemaError):
        store.append(bad)
    assert len(store) == 1 and store.get("SYR-a1").iloc[0]["source"] == "Outlet A"


def test_not_a_store(tmp_path):
    p = tmp_path / "x.gpkg"
    p.write_text("hello")
    with pytest.raises(StoreError, match="not a GeoPackage"):
        open_store(p)
    with pytest.raises(FileNotFoundError):
        open_store(tmp_path / "absent.gpkg", create=False)


def test_newer_schema_is_refused(store):
    con = sqlite3.connect(store.path)
    con.execute("UPDATE geoevents_meta SET value='99' WHERE key='schema_version'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer geoevents"):
        open_store(store.path)


def test_plain_geopackage_is_migrated(tmp_path):
    p = tmp_path / "old.gpkg"
    write_incidents(from_records([A, ALEPPO]), p)
    with pytest.warns(UserWarning, match="migrated a plain GeoPackage of 2 incidents"):
        s = open_store(p)
    assert s.schema_version == SCHEMA_VERSION and len(s) == 2
    assert (tmp_path / "old.v0-backup.gpkg").exists()
    assert s.append(from_records([A])).unchanged == 1


def test_store_missing_a_new_contract_column_gets_it(store):
    con = sqlite3.connect(store.path)
    con.execute("ALTER TABLE incidents DROP COLUMN flags")
    con.close()
    s = open_store(store.path)
    s.append(from_records([dict(A, flags="claimed")]))
    assert s.get("SYR-a1").iloc[0]["flags"] == "claimed"


def _child(code: str, path: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), str(path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_second_writer_gets_a_clear_error_while_the_first_holds_the_lock(tmp_path):
    p = tmp_path / "s.gpkg"
    open_store(p).append(from_records([A]))
    holder = _child(
        """
        import sqlite3, sys, time
        con = sqlite3.connect(sys.argv[1], isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        print("locked", flush=True)
        time.sleep(30)
        """,
        p,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        s = open_store(p, lock_timeout=0.5)
        with pytest.raises(StoreLockedError, match="another process is writing"):
            s.append(from_records([ALEPPO]))
        # readers are not blocked by the writer
        assert len(s.query()) == 1
    finally:
        holder.kill()
        holder.wait()
    assert open_store(p).append(from_records([ALEPPO])).added == 1


def test_two_writers_at_once_both_succeed(tmp_path):
    p = tmp_path / "s.gpkg"
    open_store(p)
    code = """
        import sys
        from geoevents.store import open_store
        from geoevents.io.synthetic import synthetic_incidents
        s = open_store(sys.argv[1], lock_timeout=60)
        seed = int(sys.argv[2])
        for k in range(5):
            s.append(synthetic_incidents(200, seed=seed * 100 + k), merge=False)
        print("ok", flush=True)
        """
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(code), str(p), str(seed)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in (1, 2)
    ]
    outs = [pr.communicate(timeout=120) for pr in procs]
    assert [pr.returncode for pr in procs] == [0, 0], outs
    assert len(open_store(p)) == 2000


def test_killed_mid_batch_keeps_every_committed_incident(tmp_path):
    p = tmp_path / "s.gpkg"
    open_store(p)
    writer = _child(
        """
        import sys
        from geoevents.store import open_store
        from geoevents.io.synthetic import synthetic_incidents
        from geoevents.store import gpkg
        gpkg.CACHE_KB = 2000  # a small page cache: the big transaction spills into the WAL early
        s = open_store(sys.argv[1])
        s.append(synthetic_incidents(300, seed=1), merge=False)
        print("committed", flush=True)
        big = synthetic_incidents(50000, seed=2)
        print("writing", flush=True)
        s.append(big, merge=False)
        print("done", flush=True)
        """,
        p,
    )
    try:
        assert writer.stdout.readline().strip() == "committed"
        assert writer.stdout.readline().strip() == "writing"
        # wait until the big transaction is writing pages (its WAL grows), then kill it
        wal = Path(str(p) + "-wal")
        grew = False
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and writer.poll() is None:
            if wal.exists() and wal.stat().st_size > 3_000_000:
                grew = True
                break
            time.sleep(0.02)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert grew, "the writer never started its big transaction"
    s = open_store(p)
    con = sqlite3.connect(p)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    n = len(s)
    assert n in (300, 50300)  # all of the second batch or none of it
    got = s.query()
    assert len(got) == n
    validate(got)
    assert set(synthetic_incidents(300, seed=1)["event_id"]) <= set(got["event_id"])


def test_reports_without_coordinates_merge_by_place_name(store):
    unlocated = report(event_id="SYR-u1", latitude=None, longitude=None, doc_id="du", source="Outlet U")
    store.append(from_records([unlocated]))
    # a located report of the same strike finds the stored unlocated one (same place name, country)
    r = store.append(from_records([A]))
    assert r.details[0].outcome == "merged" and r.details[0].into == "SYR-u1"
    inc = store.get("SYR-u1").iloc[0]
    assert inc["latitude"] == pytest.approx(35.9306)  # the point comes from the report that has one
    # and an unlocated report finds a located incident by name
    r = store.append(from_records([report(event_id="SYR-u2", latitude=None, longitude=None, doc_id="dv")]))
    assert r.details[0].outcome == "merged" and r.details[0].into == "SYR-u1"
    assert len(store) == 1
