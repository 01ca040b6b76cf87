"""``geoevents export`` and ``geoevents show``: incidents between formats, and one incident explained."""

from __future__ import annotations

import warnings

import click

from . import run_safely

__all__ = ["export", "show", "slice_options"]

_FORMATS = ("geojson", "gpkg", "parquet", "csv", "jsonl", "fgb")


def slice_options(func):
    """The slice options shared by ``export`` (and the same as ``map --db``)."""
    opts = [
        click.option("--since", metavar="DATE", help="Only incidents on or after this date (YYYY-MM-DD)."),
        click.option("--until", metavar="DATE", help="Only incidents on or before this date (YYYY-MM-DD)."),
        click.option(
            "--country",
            metavar="CC",
            multiple=True,
            help="Only this country (ISO3, ISO2 or name; repeat or comma-separate for several).",
        ),
        click.option(
            "--type",
            "event_type",
            metavar="TYPE",
            multiple=True,
            help="Only this ACLED event type or sub-event type (repeatable).",
        ),
        click.option("--bbox", metavar="W,S,E,N", help="Only incidents inside this box (degrees)."),
    ]
    for opt in reversed(opts):
        func = opt(func)
    return func


def _echo_warnings(caught) -> None:
    for w in caught:
        click.echo(f"warning: {w.message}", err=True)


@click.command(name="export")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=True, writable=True),
    help="Write here (format from the extension); without it, GeoJSON (or --format jsonl) goes to stdout.",
)
@click.option(
    "--format", "fmt", type=click.Choice(_FORMATS), help="Output format (default: from the extension)."
)
@slice_options
@click.option(
    "--partition-by-month", is_flag=True, help="GeoParquet: one folder per month (OUTPUT is a directory)."
)
@click.option("--acled-only", is_flag=True, help="CSV: ACLED's columns only.")
@click.option("--merge", is_flag=True, help="Merge reports of the same incident across the inputs.")
@click.option("--gdelt-all", is_flag=True, help="GDELT inputs: keep events outside CAMEO roots 18-20.")
@click.option(
    "--strict", is_flag=True, help="Fail on the first bad row instead of repairing it with a warning."
)
@click.option("-q", "--quiet", is_flag=True, help="No summary or warnings on stderr.")
@run_safely
def export(
    inputs,
    output,
    fmt,
    since,
    until,
    country,
    event_type,
    bbox,
    partition_by_month,
    acled_only,
    merge,
    gdelt_all,
    strict,
    quiet,
):
    """Convert or export incidents between formats, optionally a slice.

    INPUT is an incident file (GeoPackage, GeoParquet file or directory,
    GeoJSON, FlatGeobuf, ACLED CSV, JSON Lines, GDELT 2.0 events), a
    geoevents store (.gpkg) or a postgresql:// store.

    \b
    Examples:
      geoevents export incidents.gpkg -o incidents.parquet
      geoevents export incidents.gpkg --since 2024-12-01 --country SYR -o syria.csv
      geoevents export acled.csv 20241203.export.CSV -o both.gpkg
    """
    import pandas as pd

    from ..contract import empty_frame
    from ..exc import InputError
    from ..io import read_incidents, to_geojson, to_jsonl, write_incidents
    from ..store import filter_frame, is_store, merge_incidents, open_store

    slice_ = dict(
        since=since,
        until=until,
        country=list(country) or None,
        event_type=list(event_type) or None,
        bbox=bbox,
    )
    frames = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for inp in inputs:
            if is_store(inp):
                frames.append(open_store(inp, create=False).query(**slice_))
            else:
                gdf = read_incidents(inp, errors="raise" if strict else "warn", keep_other=gdelt_all)
                frames.append(filter_frame(gdf, **slice_))
        frames = [f for f in frames if len(f)]
        if not frames:
            gdf = empty_frame()
        elif len(frames) == 1:
            gdf = frames[0]
        else:
            gdf = pd.concat(frames, ignore_index=True)
            dup = gdf["event_id"].duplicated()
            if dup.any():
                warnings.warn(
                    f"{int(dup.sum())} incidents appear in more than one input; the first copy is kept",
                    stacklevel=2,
                )
                gdf = gdf.loc[~dup].reset_index(drop=True)
        if merge and len(gdf) > 1:
            before = len(gdf)
            gdf, records = merge_incidents(gdf)
            if not quiet:
                click.echo(f"merged {before} reports into {len(gdf)} incidents", err=True)
        if output:
            write_incidents(
                gdf, output, format=fmt, partition_by_month=partition_by_month, acled_only=acled_only
            )
        elif fmt in (None, "geojson"):
            click.echo(to_geojson(gdf))
        elif fmt == "jsonl":
            click.echo(to_jsonl(gdf), nl=False)
        else:
            raise InputError(f"--format {fmt} needs -o FILE")
    if not quiet:
        _echo_warnings(caught)
        if output:
            click.echo(f"wrote {len(gdf)} incidents to {output}", err=True)


@click.command(name="show")
@click.argument("event_id")
@click.option(
    "--db",
    required=True,
    envvar="GEOEVENTS_DB",
    metavar="STORE",
    help="The store (GeoPackage or postgresql:// DSN); default $GEOEVENTS_DB.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the incident as one JSON object instead.")
@run_safely
def show(event_id, db, as_json):
    """Show one incident of a store: its fields, its sources and why its reports merged.

    \b
    Example:
      geoevents show SYR-2e6e4a9fd35a --db incidents.gpkg
    """
    import json

    from ..exc import StoreError
    from ..io import records
    from ..store import open_store

    store = open_store(db, create=False)
    gdf = store.get(event_id)
    if gdf is None:
        raise StoreError(f"no incident {event_id!r} in {db}", code="E052")
    rec = records(gdf)[0]
    if as_json:
        click.echo(json.dumps(rec, ensure_ascii=False, indent=2))
        return
    width = max(len(k) for k in rec)
    click.echo("Fields:")
    for k, v in rec.items():
        if v is None:
            continue
        text = str(v)
        if k == "evidence" and len(text) > 200:
            text = text[:200] + "..."
        click.echo(f"  {k:<{width}}  {text}")
    click.echo("")
    click.echo(store.explain(event_id))
