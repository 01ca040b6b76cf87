"""``geoevents evaluate``: score geoparsing and extraction on corpora."""

from __future__ import annotations

import json

import click

from . import run_safely


@click.group("evaluate")
def evaluate():
    """Score geoparsing (LGL, GeoWebNews) or extraction (ACLED exports, event locations)."""


@evaluate.command("geoparse")
@click.argument("corpus", type=click.Path(exists=True, dir_okay=False))
@click.option("--gold-spans", is_flag=True, help="Resolve the corpus's own spans (resolution only).")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N articles.")
@click.option("--skip", type=click.IntRange(min=0), default=0,
              help="Skip the first N articles (e.g. to score the last 30%, as published figures do).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@run_safely
def evaluate_geoparse_cmd(corpus, gold_spans, limit, skip, as_json):
    """Recognition P/R/F1 and resolution Acc@161, AUC, mean/median km on an LGL or GeoWebNews XML file."""
    from ..evaluate.geoparse import evaluate_geoparse, format_report

    result = evaluate_geoparse(corpus, gold_spans=gold_spans, limit=limit, skip=skip)
    click.echo(json.dumps(result, indent=2, default=str) if as_json else format_report(result))


@evaluate.command("events")
@click.argument("corpus", type=click.Path(exists=True, dir_okay=False))
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N rows/records.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@run_safely
def evaluate_events_cmd(corpus, limit, as_json):
    """Score extraction on an ACLED export (CSV) or on the event-location set (.jsonl or .zip)."""
    from ..evaluate.events import evaluate_acled, evaluate_event_locations, format_report

    if corpus.endswith((".zip", ".jsonl", ".json")):
        result = evaluate_event_locations(corpus, limit=limit)
    else:
        result = evaluate_acled(corpus, limit=limit)
    if as_json:
        click.echo(json.dumps({k: v for k, v in result.items() if k != "details"}, indent=2, default=str))
    else:
        click.echo(format_report(result))
