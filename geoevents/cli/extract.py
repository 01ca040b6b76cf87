"""``geoevents extract``: articles in, incidents out."""

from __future__ import annotations

import sys
import time

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


class Progress:
    """A one-line progress display on stderr, drawn only when stderr is a terminal.

    Redrawn at most five times a second; :meth:`close` ends the line.
    """

    def __init__(self, *, enabled: bool | None = None, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._last = 0.0
        self._drawn = False

    def __call__(self, run) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.2:
            return
        self._last = now
        self.stream.write("\r\x1b[2K" + run.progress_line())
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--published", metavar="DATE", help="Publication date (YYYY-MM-DD) for relative dates.")
@click.option("--source", metavar="NAME", help="Name of the outlet.")
@click.option("--url", metavar="URL", help="Address of the article.")
@click.option("-o", "--output", type=click.Path(dir_okay=True, writable=True),
              help="Write incidents here instead of stdout (a directory: month-partitioned GeoParquet).")
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), help="Output format (default: from the extension; GeoJSON on stdout).")
@click.option("--db", type=click.Path(), help="Append the incidents to this store (GeoPackage, or a postgresql:// DSN); "
              "articles it has already done are skipped, so an interrupted run resumes.")
@click.option("--merge/--no-merge", default=True, show_default=True,
              help="Merge reports of the same incident from different articles into one incident.")
@click.option("-j", "--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes coding articles (with --engine dask and no --scheduler: LocalCluster workers).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Code articles here (local) or on a Dask cluster (needs the dask extra).")
@click.option("--scheduler", metavar="ADDRESS", help="With --engine dask: an existing scheduler, e.g. tcp://10.0.0.5:8786.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress line on stderr (default: only when stderr is a terminal).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@run_safely
def extract(files, published, source, url, output, fmt, db, merge, workers, engine, scheduler, progress, quiet):
    """Extract incidents from FILES (text, HTML pages, RSS/Atom feeds, JSON Lines, directories, glob patterns; '-' reads stdin).

    Without -o or --db the incidents go to stdout as a GeoJSON
    FeatureCollection whose properties are the incident contract's columns.

    \b
    Examples:
      geoevents extract report.txt --published 2024-12-03 -o incidents.gpkg
      geoevents extract corpus/ --db store.gpkg --workers 4
      geoevents extract 'wire/**/*.jsonl' --db store.gpkg --engine dask --scheduler tcp://host:8786
    """
    from pathlib import Path

    from ..inputs import parse_date_option
    from ..pipeline import Run, run_corpus

    if fmt not in (None, "geojson", "jsonl") and not output:
        raise click.UsageError(f"--format {fmt} needs -o FILE (it is a binary or file format)")
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")

    published = parse_date_option(published, what="--published date")
    store = None
    if db:
        from ..store import open_store

        store = open_store(db)
    show = Progress(enabled=None if progress is None else progress)
    if quiet:
        show.enabled = False
    run = Run()
    is_dir = bool(output) and (output.endswith(("/", "\\")) or Path(output).is_dir())
    if is_dir and fmt not in (None, "parquet"):
        raise click.UsageError(f"-o {output} is a directory: only --format parquet writes one")
    dataset = output if is_dir and store is None else None
    if output:  # refuse a target that cannot be written before hours of coding, not after
        from ..io.formats import check_target

        check_target(output, partition_by_month=is_dir)
    try:
        gdf, run = run_corpus(files, published=published, source=source, url=url, merge=merge, store=store,
                              workers=workers, engine=engine, scheduler=scheduler, run=run, on_progress=show,
                              collect=bool(output or fmt) or store is None, dataset=dataset)
    except KeyboardInterrupt:
        show.close()
        if store is not None:
            click.echo(f"interrupted after {run.articles} articles; {db} keeps every finished chunk: "
                       "run the same command again to code the rest", err=True)
            sys.exit(130)
        raise
    finally:
        show.close()
    failed = report_problems(run.problems, quiet=quiet)
    n_docs = run.articles + run.already_done + run.duplicates
    if n_docs == 0 and run.incident_files == 0:
        raise click.ClickException("no input could be read; nothing written")
    if store is not None and not quiet:
        click.echo(f"{db}: {run.stored_added} added, {run.stored_merged} merged, "
                   f"{run.stored_unchanged} already there", err=True)
    if dataset:
        if not quiet:
            click.echo(f"wrote {run.written} incidents to {output} (GeoParquet, one folder per month)", err=True)
    elif output:
        from ..io import write_incidents

        write_incidents(gdf, output, format=fmt, partition_by_month=is_dir)
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
        n_out = run.written if dataset else len(gdf)
        written = f"; {n_out} incidents written" if (output or not db or fmt) else ""
        click.echo(f"{run.summary()}{written} ({run.elapsed:.1f} s, {run.rate():.1f} articles/s)", err=True)
    if n_docs == 0 and failed:
        sys.exit(1)
