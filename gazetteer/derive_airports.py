"""Derive ``gazetteer/sources/airports.csv``: airports and air bases with their own points.

Run from the repository root (needs ``pip``; nothing else)::

    python gazetteer/derive_airports.py

Source: the ``airportsdata`` package (MIT licence, (c) Mike Borsetti, which
includes data from the mwgg/Airports list, MIT), taken from the package
registry at a pinned version. It lists about 28,000 airports, airfields and
landing strips with ICAO code, IATA code, name, city, subdivision, country and
coordinates. We keep the ones a news report is likely to name:

* every airport with an IATA code (scheduled or charter traffic), and
* every air base, airfield, air station, naval or army air field, whatever its
  traffic (conflict reporting names them: "Engels air base", "Shayrat",
  "Al Asad Air Base"), which GeoNames' cities500 table does not hold.

Private strips and farm fields without an IATA code are left out: their names
("Smith Farm Airport") are never the subject of a report, and each extra name is
one more thing the recogniser must rule out.

The output is committed, so ``gazetteer/build.py`` runs from
``gazetteer/sources/`` alone.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "sources" / "airports.csv"
PACKAGE = ("airportsdata", "20260905")
COLUMNS = ("icao", "iata", "name", "city", "subd", "country", "lat", "lon", "kind")

#: Names that make a field military (kept without an IATA code), and "airbase" for the kind column.
MILITARY = re.compile(
    r"\b(?:air\s*base|airbase|air\s+force|afb|air\s+station|naval|army|military|air\s+field)\b", re.I
)


def fetch_rows(version: str = PACKAGE[1]) -> list[dict]:
    """The rows of ``airportsdata/airports.csv`` from the pinned wheel."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "-q",
             "-d", tmp, f"{PACKAGE[0]}=={version}"],
            check=True,
        )
        wheel = next(Path(tmp).glob("airportsdata-*.whl"))
        with zipfile.ZipFile(wheel) as z:
            return list(csv.DictReader(io.TextIOWrapper(z.open("airportsdata/airports.csv"), "utf-8")))


def select(rows: list[dict]) -> list[dict]:
    """The rows kept, with a ``kind`` column: ``airbase`` for military fields, else ``airport``."""
    out = []
    for r in rows:
        name = (r.get("name") or "").strip()
        military = bool(MILITARY.search(name))
        if not name or not (r.get("iata") or military):
            continue
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
        except (KeyError, ValueError):
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        out.append(
            {
                "icao": r.get("icao", ""),
                "iata": r.get("iata", ""),
                "name": name,
                "city": (r.get("city") or "").strip(),
                "subd": (r.get("subd") or "").strip(),
                "country": (r.get("country") or "").strip().upper(),
                "lat": f"{lat:.5f}",
                "lon": f"{lon:.5f}",
                "kind": "airbase" if military else "airport",
            }
        )
    out.sort(key=lambda r: (r["country"], r["name"], r["icao"]))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    rows = select(fetch_rows())
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)
    kinds = {k: sum(r["kind"] == k for r in rows) for k in ("airport", "airbase")}
    print(f"wrote {len(rows)} rows to {args.out} ({kinds['airport']} airports, {kinds['airbase']} air bases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
