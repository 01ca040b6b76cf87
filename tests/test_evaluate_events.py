"""Built-in evaluation of extraction: ACLED-format files and the event-location set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoevents.cli import main
from geoevents.evaluate.events import evaluate_acled, evaluate_event_locations, format_report

pytestmark = pytest.mark.issue(4)

SAMPLE = Path(__file__).parent / "data" / "acled_events_sample.csv"


def test_evaluate_acled_sample_scores_every_measure():
    res = evaluate_acled(SAMPLE)
    assert res["rows"] == 8
    for key in ("incident_rate", "event_type", "sub_event_type", "date_exact", "within_25km", "within_100km",
                "fatalities_exact", "actor1"):
        assert 0.0 <= res[key] <= 1.0
    # the sample's notes are plain ACLED-style sentences: each must be coded
    assert res["incident_rate"] == 1.0
    assert res["sub_event_type"] >= 0.85 and res["within_25km"] >= 0.85 and res["date_exact"] >= 0.85
    assert "sub-event type" in format_report(res)


def test_evaluate_acled_rejects_other_csv(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("a,b\n1,2\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["evaluate", "events", str(p)])
    assert res.exit_code != 0 and "not an ACLED export" in res.output and "Traceback" not in res.output


def test_evaluate_events_cli_json():
    res = CliRunner().invoke(main, ["evaluate", "events", str(SAMPLE), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["rows"] == 8


def test_evaluate_event_locations_on_the_gold_set(eval_dir):
    path = eval_dir / "event_location" / "labeled_text.jsonl.zip"
    if not path.exists():
        pytest.skip(f"missing {path}")
    res = evaluate_event_locations(path)
    assert res["records"] == 496
    # regression floor a few points below where extraction stands (P 0.84, R 0.86 on the 496 records; issue 4 asks 0.85)
    assert res["precision"] >= 0.80 and res["recall"] >= 0.80


def test_event_location_records_with_spans_outside_the_text_are_skipped(tmp_path):
    import json

    toks = [{"text": w, "start": i * 8, "end": i * 8 + len(w)} for i, w in enumerate("Jets bombed Aleppo on Monday".split())]
    text = "Jets    bombed  Aleppo  on      Monday"
    good = {"text": text, "tokens": toks, "source": "RELABEL",
            "spans": [{"label": "VERB", "token_start": 1, "token_end": 1},
                      {"label": "LOCATION", "token_start": 2, "token_end": 2}]}
    bad = dict(good, spans=[{"label": "VERB", "token_start": 1, "token_end": 1},
                            {"label": "LOCATION", "token_start": 2, "token_end": 9}])
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    res = evaluate_event_locations(path)
    assert res["records"] == 2 and res["skipped"] == 1 and res["tp"] == 1
    assert "1 skipped" in format_report(res)
