"""The same store API on a real PostgreSQL + PostGIS server (.ci/postgis.sh starts one on loopback).

Skipped with a reason when GEOEVENTS_TEST_POSTGIS_DSN is not set; under CI=true a
missing server is a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from geoevents.contract import from_records, validate
from geoevents.exc import SchemaError, StoreError, StoreLockedError
from geoevents.io.synthetic import synthetic_incidents
from geoevents.store import open_store
from geoevents.testing import incident_row

ROOT = Path(__file__).resolve().parents[1]
DSN = os.environ.get("GEOEVENTS_TEST_POSTGIS_DSN")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="module")
def dsn():
    if not DSN:
        if IN_CI:
            pytest.fail(
                'GEOEVENTS_TEST_POSTGIS_DSN is not set in CI: .ci/run must source what .ci/postgis.sh prints'
            )
        pytest.skip('no PostGIS server: run `bash .ci/postgis.sh > dsn.sh && . ./dsn.sh` to start one on loopback')
    pytest.importorskip("sqlalchemy") if not IN_CI else None
    return DSN


@pytest.fixture()
def schema(dsn):
    name = "t_" + uuid.uuid4().hex[:12]
    yield name
    import sqlalchemy as sa

    from geoevents.store.postgis import _engine_url

    eng = sa.create_engine(_engine_url(dsn))
    with eng.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
    eng.dispose()


@pytest.fixture()
def store(dsn, schema):
    s = open_store(dsn, schema=schema)
    yield s
    s.close()


def report(**kw):
    base = dict(notes="Jets struck Idlib.", evidence=json.dumps([{"doc": "d1"}]), civilian_targeting=True)
    return incident_row(**{**base, **kw})


A = report()
B = report(
    event_id="SYR-b2",
    location="Idlib Governorate",
    latitude=35.8,
    longitude=36.7,
    geo_precision=3,
    fatalities=2,
    source="Outlet B",
    doc_id="d2",
    confidence=0.9,
)
C = report(
    event_id="SYR-c3",
    published="2024-12-05",
    fatalities=9,
    source="Outlet C",
    doc_id="d3",
    notes="The toll rose to nine.",
)
ALEPPO = report(
    event_id="SYR-f1", admin1="Aleppo", location="Aleppo", latitude=36.2, longitude=37.13, doc_id="d5"
)


def test_append_merge_and_rerun(store):
    assert store.schema_version >= 1 and len(store) == 0
    r = store.append(from_records([A]), done=["d1"])
    assert r.added == 1 and store.is_done("d1") and not store.is_done("d2")
    r = store.append(from_records([B, C, ALEPPO]))
    assert (r.added, r.merged, r.unchanged) == (1, 2, 0)
    inc = store.get("SYR-c3").iloc[0]
    assert inc["event_id"] == "SYR-a1" and inc["fatalities"] == 9 and inc["fatalities_low"] == 2
    assert set(inc["source"].split("; ")) == {"Outlet A", "Outlet B", "Outlet C"}
    assert bool(inc["civilian_targeting"])
    again = store.append(from_records([A, B, C, ALEPPO]))
    assert (again.added, again.merged, again.unchanged) == (0, 0, 4)
    text = store.explain("SYR-b2")
    assert "merged into SYR-a1" in text and "Why they merged" in text and "supersedes" in text


def test_same_answers_as_the_geopackage_store(store, tmp_path):
    data = synthetic_incidents(1500, seed=11, start="2024-01-01", days=200)
    g = open_store(tmp_path / "same.gpkg")
    for s in (store, g):
        s.append(data.iloc[:1000])
        s.append(data.iloc[1000:])
    assert len(store) == len(g)
    for kw in (
        {},
        dict(since="2024-03-01", until="2024-04-15"),
        dict(country="UKR"),
        dict(event_type="Battles"),
        dict(bbox=(36.0, 35.5, 37.5, 36.5)),
        dict(since="2024-02-01", bbox="30,10,45,40", event_type=["Protests", "Riots"]),
    ):
        a = store.query(**kw).sort_values("event_id").reset_index(drop=True)
        b = g.query(**kw).sort_values("event_id").reset_index(drop=True)
        validate(a)
        assert list(a["event_id"]) == list(b["event_id"]), kw
        assert list(a["fatalities"]) == list(b["fatalities"])
        assert list(a["source"].fillna("")) == list(b["source"].fillna(""))


def test_failed_append_rolls_back(store):
    store.append(from_records([A]))
    broken = from_records([ALEPPO])
    broken["event_type"] = broken["event_type"].astype(object)
    broken.loc[0, "event_type"] = "Picnic"
    with pytest.raises(SchemaError):
        store.append(broken)
    assert len(store) == 1


def test_lock_held_by_another_writer(dsn, schema):
    s = open_store(dsn, schema=schema, lock_timeout=0.5)
    s.append(from_records([A]))
    code = f"""
        import sys, time, zlib
        import sqlalchemy as sa
        from geoevents.store.postgis import _engine_url
        eng = sa.create_engine(_engine_url(sys.argv[1]))
        with eng.begin() as conn:
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {{"k": {s._lock_key}}})
            print("locked", flush=True)
            time.sleep(30)
        """
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), dsn],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreLockedError, match="another process is writing"):
            s.append(from_records([ALEPPO]))
        assert len(s.query()) == 1  # readers go on
    finally:
        holder.kill()
        holder.wait()
    assert s.append(from_records([ALEPPO])).added == 1
    s.close()


def test_two_writers_both_succeed(dsn, schema):
    open_store(dsn, schema=schema).close()
    code = """
        import sys
        from geoevents.store import open_store
        from geoevents.io.synthetic import synthetic_incidents
        s = open_store(sys.argv[1], schema=sys.argv[2], lock_timeout=60)
        for k in range(3):
            s.append(synthetic_incidents(200, seed=int(sys.argv[3]) * 10 + k), merge=False)
        print("ok")
        """
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(code), dsn, schema, str(n)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in (1, 2)
    ]
    outs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    s = open_store(dsn, schema=schema)
    assert len(s) == 1200
    s.close()


def test_newer_schema_refused(dsn, schema):
    s = open_store(dsn, schema=schema)
    import sqlalchemy as sa

    with s.engine.begin() as conn:
        conn.execute(
            sa.text(f"UPDATE \"{schema}\".geoevents_meta SET value = '99' WHERE key = 'schema_version'")
        )
    s.close()
    with pytest.raises(StoreError, match="newer geoevents"):
        open_store(dsn, schema=schema)


def test_bad_dsn_is_a_clear_error():
    pytest.importorskip("sqlalchemy")
    with pytest.raises(StoreError, match="cannot open the PostGIS store"):
        open_store("postgresql://nobody:secret@127.0.0.1:1/none", lock_timeout=1)


def test_done_among_and_a_resumed_corpus_run(store, tmp_path, examples_dir):
    from geoevents.pipeline import run_corpus

    store.mark_done(["aaaa", "bbbb"])
    assert store.done_among(["aaaa", "cccc", "bbbb"]) == {"aaaa", "bbbb"}
    assert store.done_among([]) == set()
    _, first = run_corpus([examples_dir / "reports.jsonl"], store=store)
    n = len(store)
    assert first.articles == 5 and n > 0
    _, again = run_corpus([examples_dir / "reports.jsonl"], store=store)
    assert again.articles == 0 and again.already_done == 5 and len(store) == n
