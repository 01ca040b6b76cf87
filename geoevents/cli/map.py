"""``geoevents map``: articles or incident files in, an HTML (or PNG) map out."""

from __future__ import annotations

from pathlib import Path

import click

from . import run_safely

__all__ = ["map_"]

TILES = ["osm", "light", "dark", "none"]


def _parse_bbox(value: str | None):
    if not value:
        return None
    try:
        parts = [float(x) for x in value.replace(" ", "").split(",")]
    except ValueError:
        parts = []
    if len(parts) != 4:
        raise click.BadParameter("expected WEST,SOUTH,EAST,NORTH in degrees", param_hint="--bbox")
    w, s, e, n = parts
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise click.BadParameter(
            f"{value!r} is not a WEST,SOUTH,EAST,NORTH box in degrees", param_hint="--bbox"
        )
    return (w, s, e, n)


@click.command("map")
@click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="The map to write: .html (interactive) or .png (static picture).",
)
@click.option("--published", metavar="DATE", help="Publication date of the articles (YYYY-MM-DD).")
@click.option("--source", metavar="NAME", help="Name of the outlet, for articles.")
@click.option("--url", metavar="URL", help="Address of the article, for articles.")
@click.option(
    "--offline", is_flag=True, help="Inline Leaflet and every plugin: no network needed but for tiles."
)
@click.option(
    "--tiles",
    type=click.Choice(TILES),
    default="osm",
    show_default=True,
    help="Basemap; 'none' draws country outlines that ship with geoevents.",
)
@click.option("--title", metavar="TEXT", help="Title shown above the map.")
@click.option("--png", "also_png", is_flag=True, help="Also write a static PNG beside the HTML map.")
@click.option(
    "--layers-by",
    type=click.Choice(["actor", "source", "actor,source"]),
    help="Extra layer toggles by actor or by source.",
)
@click.option("--heat", is_flag=True, help="Start with the heat layer shown.")
@click.option("--no-cluster", is_flag=True, help="Draw every incident, without clustering.")
@click.option(
    "--db", metavar="STORE", help="Also map incidents from this store (GeoPackage or postgresql:// DSN)."
)
@click.option("--since", metavar="DATE", help="With --db: incidents on or after DATE.")
@click.option("--until", metavar="DATE", help="With --db: incidents on or before DATE.")
@click.option("--country", metavar="NAME|ISO3", help="With --db: one country.")
@click.option("--type", "event_type", metavar="EVENT_TYPE", help="With --db: one ACLED event type.")
@click.option("--bbox", metavar="W,S,E,N", help="With --db: a bounding box in degrees.")
@click.option("-j", "--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes coding the articles among INPUTS.")
@run_safely
def map_(
    inputs,
    output,
    published,
    source,
    url,
    offline,
    tiles,
    title,
    also_png,
    layers_by,
    heat,
    no_cluster,
    db,
    since,
    until,
    country,
    event_type,
    bbox,
    workers,
):
    """Draw the incidents in INPUTS on a layered map.

    INPUTS are articles (text, HTML, feeds, directories, JSON Lines; '-' reads
    stdin) or incident files (.gpkg, .parquet, .geojson, .fgb, ACLED .csv,
    .jsonl). With --db the store's incidents (filtered by --since, --until,
    --country, --type, --bbox) are mapped too.

    \b
    Examples:
      geoevents map report.txt --published 2024-12-03 -o map.html
      geoevents map incidents.gpkg --offline --tiles none -o map.html
      geoevents map incidents.parquet -o map.png
    """
    import pandas as pd

    from ..contract import empty_frame
    from ..inputs import parse_date_option

    if not inputs and not db:
        raise click.UsageError("give at least one INPUT or --db STORE")
    if not db and any(v for v in (since, until, country, event_type, bbox)):
        raise click.UsageError("--since, --until, --country, --type and --bbox need --db STORE")
    out = Path(output)
    suffix = out.suffix.lower()
    if suffix not in (".html", ".htm", ".png"):
        raise click.UsageError(f"-o {output}: the map must end in .html or .png")
    published = parse_date_option(published, what="--published date")
    frames = []
    failed = 0
    if inputs:
        from ..pipeline import load_inputs

        gdf, problems = load_inputs(list(inputs), published=published, source=source, url=url, workers=workers)
        for p in problems:  # one line per input that failed or was repaired
            fatal = bool(getattr(p, "fatal", True))
            failed += fatal
            click.echo(f"{'error' if fatal else 'warning'}: {p}", err=True)
        frames.append(gdf)
    if db:
        try:
            from ..store import open_store
        except ImportError as err:
            raise click.ClickException(
                f"--db: the incident store is not available in this build ({err})"
            ) from err

        since_d = parse_date_option(since, what="--since date")
        until_d = parse_date_option(until, what="--until date")
        frames.append(
            open_store(db, create=False).query(
                since=since_d, until=until_d, country=country, event_type=event_type, bbox=_parse_bbox(bbox)
            )
        )
    frames = [f for f in frames if len(f)]
    if not frames:
        gdf = empty_frame()
    elif len(frames) == 1:
        gdf = frames[0]
    else:
        import geopandas as gpd

        gdf = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=frames[0].crs)
        gdf = gdf.drop_duplicates("event_id", keep="first").reset_index(drop=True)
    if not len(gdf):
        if inputs and failed == len(inputs):
            raise click.ClickException("no input could be read; no map written")
        click.echo("warning: no incidents found; the map is empty", err=True)

    from ..render import render_png, save_map

    written = []
    if suffix == ".png":
        written.append(render_png(gdf, out, title=title))
    else:
        options = dict(
            title=title, tiles=tiles, offline=offline, heat=heat, cluster=not no_cluster, layers_by=layers_by
        )
        written.append(save_map(gdf, out, **options))
        if also_png:
            written.append(render_png(gdf, out.with_suffix(".png"), title=title))
    mapped = int(gdf["latitude"].notna().sum()) if "latitude" in gdf.columns else 0
    for path in written:
        click.echo(f"wrote {path} ({len(gdf)} incidents, {mapped} with coordinates)")
