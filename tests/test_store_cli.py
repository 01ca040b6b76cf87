"""``geoevents export`` and ``geoevents show`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoevents.cli import main
from geoevents.contract import from_records
from geoevents.io import read_incidents
from geoevents.io.synthetic import synthetic_incidents
from geoevents.store import open_store
from geoevents.testing import incident_row

DATA = Path(__file__).parent / "data" / "formats"


def _report(**kw):
    base = dict(inter1=None, location_relation=None, evidence=None, confidence=None,
                notes="Jets struck <script>Idlib</script>.")
    return incident_row(**{**base, **kw})


@pytest.fixture()
def store_path(tmp_path):
    p = tmp_path / "incidents.gpkg"
    s = open_store(p)
    s.append(synthetic_incidents(300, seed=4, start="2024-01-01", days=366), merge=False)
    s.append(from_records([_report()]))
    s.append(
        from_records(
            [
                _report(
                    event_id="SYR-b2",
                    published="2024-12-06",
                    fatalities=11,
                    source="Outlet B",
                    doc_id="d2",
                    notes="Toll rose to eleven.",
                )
            ]
        )
    )
    return p


def test_export_store_slice_to_each_format(store_path, tmp_path):
    r = CliRunner()
    for ext in ("parquet", "csv", "geojson", "fgb", "gpkg", "jsonl"):
        out = tmp_path / f"syria.{ext}"
        res = r.invoke(
            main, ["export", str(store_path), "--country", "SYR", "--since", "2024-06-01", "-o", str(out)]
        )
        assert res.exit_code == 0, res.output
        g = read_incidents(out)
        assert len(g) and (g["iso3"] == "SYR").all() and (g["event_date"] >= "2024-06-01").all()
    full = open_store(store_path).query(country="SYR", since="2024-06-01")
    assert len(read_incidents(tmp_path / "syria.parquet")) == len(full)


def test_export_to_stdout_geojson_and_jsonl(store_path):
    r = CliRunner()
    res = r.invoke(
        main, ["export", str(store_path), "--type", "Air/drone strike", "--bbox", "36,35,37,36.5", "-q"]
    )
    assert res.exit_code == 0, res.output
    fc = json.loads(res.stdout)
    assert fc["type"] == "FeatureCollection" and fc["features"]
    assert all(f["properties"]["sub_event_type"] == "Air/drone strike" for f in fc["features"])
    res = r.invoke(main, ["export", str(store_path), "--format", "jsonl", "--until", "2024-01-31", "-q"])
    lines = res.stdout.splitlines()
    assert lines and all(json.loads(x)["event_date"] <= "2024-01-31" for x in lines)


def test_export_converts_acled_and_gdelt_together(tmp_path):
    out = tmp_path / "both.gpkg"
    res = CliRunner().invoke(
        main,
        ["export", str(DATA / "acled_sample.csv"), str(DATA / "gdelt_sample.export.CSV"), "-o", str(out)],
    )
    assert res.exit_code == 0, res.output
    assert "outside CAMEO roots 18-20" in res.stderr
    g = read_incidents(out)
    assert set(g["origin"]) == {"acled", "gdelt"} and len(g) == 11


def test_export_merge_flag(tmp_path):
    p = tmp_path / "reports.geojson"
    from geoevents.io import write_incidents

    write_incidents(from_records([_report(), _report(event_id="SYR-b2", doc_id="d2", source="B")]), p)
    res = CliRunner().invoke(main, ["export", str(p), "--merge", "--format", "jsonl"])
    assert res.exit_code == 0 and len(res.stdout.splitlines()) == 1
    assert "merged 2 reports into 1 incidents" in res.stderr


def test_export_errors_are_one_line(tmp_path, store_path):
    r = CliRunner()
    res = r.invoke(main, ["export", str(tmp_path / "missing.gpkg")])
    assert res.exit_code != 0 and "Traceback" not in res.output
    res = r.invoke(main, ["export", str(store_path), "--since", "last tuesdayish"])
    assert res.exit_code != 0 and "E010" in res.output and "--since" in res.output
    res = r.invoke(main, ["export", str(DATA / "acled_bad.csv"), "--strict"])
    assert res.exit_code != 0 and "E020" in res.output and "Smarch" in res.output
    res = r.invoke(main, ["export", str(store_path), "--format", "gpkg"])
    assert res.exit_code != 0 and "needs -o" in res.output


def test_show_prints_fields_sources_and_reasons(store_path):
    res = CliRunner().invoke(main, ["show", "SYR-b2", "--db", str(store_path)])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "SYR-b2 was merged into SYR-a1." in out
    assert "Outlet A" in out and "Outlet B" in out and "Why they merged" in out and "supersedes" in out
    assert "fatalities" in out and "11" in out
    res = CliRunner().invoke(main, ["show", "SYR-a1", "--db", str(store_path), "--json"])
    assert json.loads(res.stdout)["fatalities"] == 11


def test_show_unknown_id_and_missing_store(store_path, tmp_path):
    res = CliRunner().invoke(main, ["show", "NOPE", "--db", str(store_path)])
    assert res.exit_code != 0 and "E052" in res.output and "no incident" in res.output
    res = CliRunner().invoke(main, ["show", "X", "--db", str(tmp_path / "absent.gpkg")])
    assert res.exit_code != 0 and "Traceback" not in res.output
    assert not (tmp_path / "absent.gpkg").exists()


def test_export_refuses_to_overwrite_a_store(store_path, tmp_path):
    before = len(open_store(store_path))
    res = CliRunner().invoke(main, ["export", str(DATA / "acled_sample.csv"), "-o", str(store_path)])
    assert res.exit_code != 0 and "is a geoevents incident store" in res.output
    assert len(open_store(store_path)) == before
