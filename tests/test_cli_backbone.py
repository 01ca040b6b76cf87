"""The CLI as a user meets it: help everywhere, one-line errors, GeoJSON on stdout."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from geoevents.cli import COMMANDS, main
from geoevents.contract import COLUMN_NAMES

pytestmark = pytest.mark.issue(2)


@pytest.fixture
def runner():
    return CliRunner()


def test_cli_help_lists_every_command(runner):
    res = runner.invoke(main, ["--help"])
    assert res.exit_code == 0
    for name in COMMANDS:
        assert name in res.output


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_cli_every_command_has_help(runner, name):
    res = runner.invoke(main, [name, "--help"])
    assert res.exit_code == 0, res.output
    assert "Usage:" in res.output
    assert "not available" not in res.output


def test_cli_help_does_not_import_heavy_modules():
    code = (
        "import sys; from click.testing import CliRunner; from geoevents.cli import main;"
        "CliRunner().invoke(main, ['--help']);"
        "print(','.join(m for m in ('geopandas','folium','pandas','shapely') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def _one_line_error(res):
    assert res.exit_code != 0
    assert "Traceback" not in res.output
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert any(line.startswith(("Error:", "error:")) for line in lines), res.output


def test_cli_extract_missing_file_is_one_line(runner, tmp_path):
    res = runner.invoke(main, ["extract", str(tmp_path / "nope.txt")])
    _one_line_error(res)
    assert "no such file" in res.output


def test_cli_extract_bad_date_is_one_line(runner, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Shelling hit Kharkiv.", encoding="utf-8")
    res = runner.invoke(main, ["extract", str(p), "--published", "2024-02-31"])
    _one_line_error(res)
    assert "E010" in res.output


def test_cli_extract_empty_and_binary_files_are_reported(runner, tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    res = runner.invoke(main, ["extract", str(tmp_path / "e.txt"), str(tmp_path / "b.txt")])
    _one_line_error(res)
    assert "empty" in res.output and "binary" in res.output


def test_cli_extract_geojson_on_stdout_has_contract_properties(runner, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Russian warplanes struck Idlib on Saturday, killing at least 12 people, activists said.", encoding="utf-8")
    res = runner.invoke(main, ["extract", str(p), "--published", "2024-12-03", "--source", "Wire", "-q"])
    assert res.exit_code == 0, res.output
    fc = json.loads(res.stdout)
    assert fc["type"] == "FeatureCollection"
    assert len(fc["features"]) == 1
    props = fc["features"][0]["properties"]
    assert set(COLUMN_NAMES) <= set(props)
    assert props["sub_event_type"] == "Air/drone strike"
    assert props["event_date"].startswith("2024-11-30")
    assert props["fatalities"] == 12
    assert props["source"] == "Wire"


def test_cli_extract_reads_stdin(runner):
    res = runner.invoke(main, ["extract", "-", "--published", "2024-12-03", "-q"],
                        input="Clashes erupted in Mosul on Monday between Iraqi forces and Islamic State militants.")
    assert res.exit_code == 0, res.output
    fc = json.loads(res.stdout)
    assert fc["features"][0]["properties"]["location"] == "Mosul"


@pytest.mark.parametrize("fmt, ext", [("gpkg", "gpkg"), ("parquet", "parquet"), ("csv", "csv"), ("jsonl", "jsonl"), ("geojson", "geojson")])
def test_cli_extract_writes_every_format(runner, tmp_path, fmt, ext):
    import geoevents

    p = tmp_path / "a.txt"
    p.write_text("Israeli airstrikes hit Nabatieh in southern Lebanon on Sunday, killing two people.", encoding="utf-8")
    out = tmp_path / f"out.{ext}"
    res = runner.invoke(main, ["extract", str(p), "--published", "2025-03-10", "-o", str(out), "--format", fmt, "-q"])
    assert res.exit_code == 0, res.output
    back = geoevents.read_incidents(out)
    assert len(back) == 1 and back.sub_event_type.iloc[0] == "Air/drone strike"


def test_public_functions_survive_their_stages_being_imported():
    """`geoevents.extract` and `geoevents.geoparse` stay functions after the stage modules load."""
    import geoevents
    import geoevents.extraction  # noqa: F401
    import geoevents.geoparsing  # noqa: F401

    geoevents.extract("Airstrikes hit Idlib on Monday.", published="2025-01-07")
    assert callable(geoevents.extract) and callable(geoevents.geoparse)
    assert [m.name for m in geoevents.geoparse("Airstrikes hit Idlib on Monday.")] == ["Idlib"]
