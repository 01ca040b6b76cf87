"""The whole chain as a newcomer meets it: article in, incidents out, map written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import geoevents
from geoevents.cli import main

pytestmark = pytest.mark.issue(2)
ROOT = Path(__file__).resolve().parents[1]


def test_end_to_end_seed_map(seed_path, tmp_path):
    """geoevents map ../shared/seed/syria-2024-12-03.txt --published 2024-12-03 -o seed.html"""
    out = tmp_path / "seed.html"
    res = CliRunner().invoke(main, ["map", str(seed_path), "--published", "2024-12-03", "-o", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "GeoNames" in html  # CC BY 4.0 credit in the map attribution
    for place in ("Aleppo", "Idlib", "Damascus"):
        assert place in html
    assert str(out) in res.output or "seed.html" in res.output


def test_end_to_end_demo_examples_map(examples_dir, tmp_path):
    out = tmp_path / "demo.html"
    res = CliRunner().invoke(main, ["map", str(examples_dir / "reports.jsonl"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    for place in ("Kharkiv", "Nabat", "Fasher", "Nairobi"):
        assert place in html


def test_end_to_end_examples_are_coded_sensibly(examples_dir):
    from geoevents.pipeline import load_inputs

    gdf, problems = load_inputs([examples_dir / "reports.jsonl"])
    assert not [p for p in problems if p.fatal]
    assert len(gdf) >= 8
    assert set(gdf.iso3.dropna()) >= {"UKR", "LBN", "SDN", "BFA", "KEN"}
    assert gdf.source.eq("Example Wire").all()
    assert gdf.source_url.str.startswith("https://example.org/").all()


def test_end_to_end_library_round_trip(seed_text, tmp_path):
    gdf = geoevents.extract(seed_text, published="2024-12-03", source="seed")
    path = tmp_path / "seed.gpkg"
    geoevents.write_incidents(gdf, path)
    back = geoevents.read_incidents(path)
    assert list(back.event_id) == list(gdf.event_id)
    m = geoevents.render_map(back)
    assert m.get_root().render()


def test_cli_help_answers_in_a_new_process():
    for args in (["--help"], ["extract", "--help"], ["map", "--help"], ["geocode", "--help"]):
        out = subprocess.run(
            [sys.executable, "-m", "geoevents", *args], capture_output=True, text=True, timeout=60
        )
        assert out.returncode == 0 and "Usage:" in out.stdout


def test_end_to_end_two_articles_one_incident(tmp_path):
    """The same strike told by two outlets is one incident with both sources (issue 4: one incident once)."""
    from geoevents.pipeline import Run, load_inputs

    (tmp_path / "a.jsonl").write_text(
        '{"text": "Russian warplanes bombed Idlib on Saturday, killing at least 9 people, activists said.", '
        '"published": "2024-12-03", "source": "Wire A", "url": "https://example.org/a"}\n'
        '{"text": "Nine people were killed when Russian jets struck the city of Idlib on Saturday, rescuers said. '
        'Separately, protesters rallied in Damascus on Monday.", '
        '"published": "2024-12-04", "source": "Wire B", "url": "https://example.org/b"}\n',
        encoding="utf-8",
    )
    run = Run()
    gdf, problems = load_inputs([tmp_path / "a.jsonl"], run=run)
    strikes = gdf[gdf.sub_event_type == "Air/drone strike"]
    assert len(strikes) == 1 and run.merged == 1
    r = strikes.iloc[0]
    assert "Wire A" in r.source and "Wire B" in r.source
    assert r.fatalities == 9
    unmerged, _ = load_inputs([tmp_path / "a.jsonl"], merge=False)
    assert (unmerged.sub_event_type == "Air/drone strike").sum() == 2
