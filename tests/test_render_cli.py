"""``geoevents map`` through click's CliRunner."""

from __future__ import annotations

import os
import re

import pytest
from click.testing import CliRunner

from geoevents.cli import main
from geoevents.exc import MissingDependencyError
from geoevents.render import _assets
from geoevents.render.sample import synthetic_incidents

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="module")
def vendor():
    try:
        return _assets.ensure_vendor()
    except MissingDependencyError as err:
        if IN_CI:
            pytest.fail(str(err))
        pytest.skip(str(err))


@pytest.fixture(scope="module")
def incident_files(tmp_path_factory):
    from geoevents.io import write_incidents

    d = tmp_path_factory.mktemp("inc")
    gdf = synthetic_incidents(120, seed=2, hostile=True)
    write_incidents(gdf, d / "a.gpkg")
    write_incidents(gdf.iloc[:40], d / "b.parquet")
    return gdf, d / "a.gpkg", d / "b.parquet"


def _run(args, **kw):
    return CliRunner().invoke(main, args, catch_exceptions=False, **kw)


def test_render_cli_help_lists_options():
    res = _run(["map", "--help"])
    assert res.exit_code == 0
    for opt in ("--offline", "--tiles", "--png", "--published", "--db", "--bbox", "--layers-by"):
        assert opt in res.output


def test_render_cli_incident_file_to_offline_html(vendor, incident_files, tmp_path):
    gdf, gpkg, _ = incident_files
    out = tmp_path / "m.html"
    res = _run(
        [
            "map",
            str(gpkg),
            "-o",
            str(out),
            "--offline",
            "--tiles",
            "none",
            "--title",
            "Test <b>",
            "--layers-by",
            "actor",
        ]
    )
    assert res.exit_code == 0, res.output
    assert f"wrote {out} (120 incidents, 120 with coordinates)" in res.output
    page = out.read_text(encoding="utf-8")
    assert "GeoEvents.mount(" in page and "<title>Test &lt;b&gt;</title>" in page
    assert not re.search(r'<script[^>]+src="https?://', page)


def test_render_cli_two_files_merge_and_png(vendor, incident_files, tmp_path):
    _, gpkg, parquet = incident_files
    out = tmp_path / "m.html"
    res = _run(["map", str(gpkg), str(parquet), "-o", str(out), "--png"])
    assert res.exit_code == 0, res.output
    assert "(120 incidents" in res.output  # the parquet rows are the same events: merged by event_id
    assert out.exists() and out.with_suffix(".png").read_bytes()[:4] == b"\x89PNG"


def test_render_cli_png_output(vendor, incident_files, tmp_path):
    _, _, parquet = incident_files
    out = tmp_path / "pic.png"
    res = _run(["map", str(parquet), "-o", str(out), "--title", "Cost $5"])
    assert res.exit_code == 0, res.output
    assert out.stat().st_size > 20_000


@pytest.mark.parametrize(
    "args, message",
    [
        (["map", "-o", "x.html"], "give at least one INPUT or --db"),
        (["map", "a.gpkg", "-o", "x.pdf"], "must end in .html or .png"),
        (["map", "a.gpkg", "-o", "x.html", "--since", "2024-01-01"], "need --db"),
        (["map", "a.gpkg", "-o", "x.html", "--tiles", "satellite"], "Invalid value for '--tiles'"),
    ],
)
def test_render_cli_usage_errors(args, message, tmp_path):
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 2
    assert message in res.output
    assert "Traceback" not in res.output


def test_render_cli_missing_input_is_one_clear_error(tmp_path):
    res = CliRunner().invoke(main, ["map", str(tmp_path / "nope.gpkg"), "-o", str(tmp_path / "m.html")])
    assert res.exit_code == 1
    assert "no input could be read" in res.output
    assert not (tmp_path / "m.html").exists()


def test_render_cli_bad_published_date(incident_files, tmp_path):
    _, gpkg, _ = incident_files
    res = CliRunner().invoke(
        main, ["map", str(gpkg), "--published", "yesterday-ish", "-o", str(tmp_path / "m.html")]
    )
    assert res.exit_code != 0
    assert "Traceback" not in res.output and "published" in res.output


def test_render_cli_bad_bbox(incident_files, tmp_path):
    _, gpkg, _ = incident_files
    res = CliRunner().invoke(
        main, ["map", "--db", str(tmp_path / "s.gpkg"), "--bbox", "1,2,3", "-o", str(tmp_path / "m.html")]
    )
    assert res.exit_code != 0
    assert "Traceback" not in res.output


def test_render_cli_article_from_stdin(vendor, tmp_path):
    try:
        import geoevents.extraction  # noqa: F401
    except ImportError as err:
        if IN_CI:
            raise
        pytest.skip(f"extraction not available: {err}")
    text = (
        "Russian artillery shelled the outskirts of Kharkiv on Tuesday, killing three civilians, "
        "the regional governor said.\n"
    )
    out = tmp_path / "a.html"
    res = CliRunner().invoke(
        main,
        ["map", "-", "--published", "2025-03-12", "--source", "Example Wire", "-o", str(out)],
        input=text,
    )
    assert res.exit_code == 0, res.output
    assert out.exists()


def test_render_cli_maps_a_store_slice(vendor, tmp_path):
    from geoevents.store import open_store

    gdf = synthetic_incidents(200, seed=9)
    store = tmp_path / "store.gpkg"
    open_store(store).append(gdf, merge=False)
    out = tmp_path / "battles.html"
    res = _run(["map", "--db", str(store), "--type", "Battles", "--since", "2024-10-01", "-o", str(out)])
    assert res.exit_code == 0, res.output
    want = int(((gdf.event_type == "Battles") & (gdf.event_date >= "2024-10-01")).sum())
    assert f"({want} incidents" in res.output


def test_render_cli_missing_store_is_an_error(tmp_path):
    res = CliRunner().invoke(
        main, ["map", "--db", str(tmp_path / "nope.gpkg"), "-o", str(tmp_path / "m.html")]
    )
    assert res.exit_code == 1
    assert "Traceback" not in res.output
    assert not (tmp_path / "nope.gpkg").exists()
