"""``geoevents geocode``, ``geoevents geoparse`` and ``geoevents gazetteer info|build|add``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import run_safely

__all__ = ["geocode", "geoparse", "gazetteer"]


def _place_dict(p) -> dict:
    return {
        "name": p.name,
        "latitude": p.latitude,
        "longitude": p.longitude,
        "kind": p.kind,
        "geonameid": p.geonameid,
        "country_code": p.country_code,
        "admin1": p.admin1_name,
        "admin2": p.admin2_name,
        "feature_code": p.feature_code,
        "population": p.population,
        "source": p.source,
    }


@click.command("geocode")
@click.argument("query", nargs=-1, required=True)
@click.option("--country", "-c", metavar="CC", help="Only places in this country (ISO code or name).")
@click.option(
    "--limit", "-n", type=click.IntRange(1, 1000), default=1, show_default=True, help="How many candidates."
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per candidate.")
@click.option(
    "--online",
    is_flag=True,
    help="Opt in: when the offline gazetteer has no answer, ask OpenStreetMap's Nominatim "
    "(one request per second at most, answers cached in GEOEVENTS_HOME).",
)
@run_safely
def geocode(query, country, limit, as_json, online):
    """Look QUERY up in the offline gazetteer ("Aleppo", "Springfield, Ill.", "Idlib province").

    \b
    Examples:
      geoevents geocode Aleppo
      geoevents geocode Springfield --country US --limit 5 --json
    """
    from ..exc import GazetteerError
    from ..gazetteer import Gazetteer

    q = " ".join(query)
    gaz = Gazetteer.default()
    places = gaz.geocode(q, country=country, limit=limit)
    if not places and online:
        from geopy.geocoders import Nominatim

        from .. import __version__
        from ..gazetteer import FallbackGeocoder

        fb = FallbackGeocoder(Nominatim(user_agent=f"geoevents/{__version__}"), min_delay_seconds=1.0)
        loc = fb.geocode(q if not country else f"{q}, {country}")
        if loc is None:
            raise GazetteerError(f"no place named {q!r} offline or online", code="E032")
        row = {
            "name": loc.address,
            "latitude": loc.latitude,
            "longitude": loc.longitude,
            "kind": "online",
            "source": "online (Nominatim, OpenStreetMap contributors)",
        }
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            click.echo(f"{loc.address}\t{loc.latitude:.5f}\t{loc.longitude:.5f}\tonline")
        return
    if not places:
        raise GazetteerError(
            f"no place named {q!r} in the gazetteer" + (f" in {country}" if country else ""), code="E032"
        )
    for p in places:
        if as_json:
            click.echo(json.dumps(_place_dict(p), ensure_ascii=False))
        else:
            where = ", ".join(x for x in (p.admin1_name if p.kind != "admin1" else None, p.country_code) if x)
            click.echo(
                f"{p.name}\t{p.latitude:.5f}\t{p.longitude:.5f}\t{p.kind}\t{where}\t"
                f"geonameid={p.geonameid if p.geonameid is not None else '-'}"
            )


@click.command("geoparse")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "text"]), default="jsonl", show_default=True)
@run_safely
def geoparse(files, fmt):
    """Find and resolve the place names in FILES ('-' reads stdin); one JSON line per document."""
    from ..exc import InputError
    from ..geoparsing import Geoparser, read_text

    parser = Geoparser()
    failures = 0
    for f in files:
        try:
            if f == "-":
                text = read_text(sys.stdin.buffer.read(), name="<stdin>")
            else:
                text = read_text(Path(f).read_bytes(), name=f)
            result = parser.parse(text)
        except (InputError, OSError) as err:
            failures += 1
            click.echo(f"{f}: {getattr(err, 'code', 'E010')}: {err}", err=True)
            continue
        if fmt == "jsonl":
            click.echo(
                json.dumps(
                    {
                        "doc": f,
                        "countries": result.countries,
                        "mentions": [m.as_dict() for m in result.mentions],
                    },
                    ensure_ascii=False,
                )
            )
        else:
            for m in result.mentions:
                d = m.as_dict()
                click.echo(
                    f"{f}\t{m.start}-{m.end}\t{m.text}\t{d['name']}\t{d['country_code']}\t"
                    f"{d['latitude']}\t{d['longitude']}\t{d['score']}"
                )
    if failures and failures == len(files):
        raise click.ClickException(f"none of the {len(files)} input(s) could be read")


@click.group("gazetteer")
def gazetteer():
    """Inspect, build or extend the offline gazetteer."""


@gazetteer.command("info")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@run_safely
def info(as_json):
    """What is loaded: file, sources and versions, counts by kind, user additions."""
    from ..gazetteer import Gazetteer

    d = Gazetteer.default().info()
    if as_json:
        click.echo(json.dumps(d, indent=2, ensure_ascii=False))
        return
    click.echo(f"gazetteer: {d['path']} ({d['size_mb']} MB, built {d['built']})")
    for k, v in d["sources"].items():
        click.echo(f"  source {k}: {v}")
    for k, v in sorted(d["counts"].items(), key=lambda kv: -kv[1]):
        click.echo(f"  {k}: {v:,}")
    click.echo(f"  names and variants: {d['names']:,}")
    click.echo(f"  user places: {d['user_places']:,}" + (f" ({d['user_db']})" if d["user_db"] else ""))
    click.echo(d["credit"] or "")


@gazetteer.command("build")
@click.option(
    "--geonames",
    "dumps",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Official GeoNames dump to merge (XX.zip, allCountries.zip, cities500.zip); repeatable.",
)
@click.option(
    "--out", "-o", type=click.Path(dir_okay=False), help="Output file (default: in GEOEVENTS_HOME)."
)
@run_safely
def build(dumps, out):
    """Rebuild the gazetteer in your geoevents home, merging official GeoNames dumps for full depth."""
    from ..gazetteer.user import build_gazetteer

    res = build_gazetteer(dumps, out=out)
    for d, n in res["imported"].items():
        click.echo(f"imported {n:,} rows from {d}")
    click.echo(f"wrote {res['path']}")


@gazetteer.command("add")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@run_safely
def add(file):
    """Add your own places (checkpoints, bases, camps) from a CSV or GeoJSON file.

    CSV columns: name, latitude, longitude, and optionally country_code, admin1,
    aliases (separated by |), kind, population. GeoJSON: Point features with a
    "name" property. They persist in your geoevents home (GEOEVENTS_HOME).
    """
    from ..gazetteer.user import add_user_places

    res = add_user_places(file)
    for p in res["problems"]:
        click.echo(f"warning: {p}", err=True)
    click.echo(f"added {res['added']} place(s) to {res['db']}")
