"""``geoevents extract``: articles in, incidents out."""

from __future__ import annotations

import sys

import click

from . import run_safely

FORMAT_CHOICES = ["geojson", "gpkg", "parquet", "csv", "jsonl", "fgb"]


def report_problems(problems, *, quiet: bool = False) -> int:
    """Print one line per problem on stderr; return how many inputs failed."""
    failed = 0
    for p in problems:
        failed += bool(p.fatal)
        if not quiet or p.fatal:
            click.echo(f"{'error' if p.fatal else 'warning'}: {p}", err=True)
    return failed


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--published", metavar="DATE", help="Publication date (YYYY-MM-DD) for relative dates.")
@click.option("--source", metavar="NAME", help="Name of the outlet.")
@click.option("--url", metavar="URL", help="Address of the article.")
@click.option("-o", "--output", type=click.Path(dir_okay=True, writable=True), help="Write incidents here instead of stdout.")
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), help="Output format (default: from the extension; GeoJSON on stdout).")
@click.option("--db", type=click.Path(), help="Append the incidents to this store (GeoPackage, or a postgresql:// DSN).")
@click.option("--merge/--no-merge", default=True, show_default=True,
              help="Merge reports of the same incident from different articles into one incident.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@run_safely
def extract(files, published, source, url, output, fmt, db, merge, quiet):
    """Extract incidents from FILES (text, directories, JSON Lines; '-' reads stdin).

    Without -o the incidents go to stdout as a GeoJSON FeatureCollection whose
    properties are the incident contract's columns.

    \b
    Example:
      geoevents extract report.txt --published 2024-12-03 -o incidents.gpkg
    """
    from ..inputs import parse_date_option
    from ..pipeline import Run, load_inputs

    if fmt not in (None, "geojson", "jsonl") and not output:
        raise click.UsageError(f"--format {fmt} needs -o FILE (it is a binary or file format)")

    published = parse_date_option(published, what="--published date")
    run = Run()
    gdf, problems = load_inputs(files, published=published, source=source, url=url, merge=merge, run=run)
    failed = report_problems(problems, quiet=quiet)
    n_docs = run.articles
    if n_docs == 0 and run.incident_files == 0:
        raise click.ClickException("no input could be read; nothing written")
    if db:
        from ..store import open_store

        result = open_store(db).append(gdf)
        if not quiet:
            click.echo(f"{db}: {result.added} added, {result.merged} merged, {result.unchanged} already there", err=True)
    if output:
        from ..io import write_incidents

        write_incidents(gdf, output, format=fmt)
        if not quiet:
            click.echo(f"wrote {len(gdf)} incidents to {output}", err=True)
    elif not db or fmt:
        from ..io import to_geojson, to_jsonl

        if fmt in (None, "geojson"):
            click.echo(to_geojson(gdf))
        elif fmt == "jsonl":
            click.echo(to_jsonl(gdf), nl=False)
        else:
            raise click.UsageError(f"--format {fmt} needs -o FILE (it is a binary or file format)")
    if not quiet:
        click.echo(f"{run.summary()}; {len(gdf)} incidents written", err=True)
    if n_docs == 0 and failed:
        sys.exit(1)
