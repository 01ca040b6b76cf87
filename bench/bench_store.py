"""Incident formats and the store at scale: 1,000,000 synthetic incidents (100,000 with --quick).

Targets (issue 5): write and read GeoParquet in under 10 s each; append 10,000
incidents to a 1,000,000-row GeoPackage store in under 5 s; a --since/--bbox
slice of that store in under 1 s. Each figure is printed beside plain
geopandas (``to_parquet``/``read_parquet``, ``to_file``/``read_file``)
measured in the same run; ratios are geoevents time / geopandas time.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from .common import Row, median_time

__all__ = ["run"]


def _once(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def run(quick: bool = False) -> list[Row]:
    import geopandas as gpd

    from geoevents.io import read_incidents, write_incidents
    from geoevents.io.synthetic import synthetic_incidents
    from geoevents.store import open_store

    n = 100_000 if quick else 1_000_000
    runs = 1 if quick else 3
    label = f"{n:,} rows"
    rows: list[Row] = []
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    gdf = synthetic_incidents(n, seed=0, start="2020-01-01", days=1826)
    rows.append(Row("store", f"generate synthetic incidents ({label})", time.perf_counter() - t0, "s"))
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        # --- GeoParquet --------------------------------------------------------------
        pq = d / "incidents.parquet"
        base = d / "plain.parquet"
        w_plain = median_time(lambda: gdf.to_parquet(base), runs=runs, warmup=0)
        w = median_time(lambda: write_incidents(gdf, pq), runs=runs, warmup=0)
        rows.append(
            Row(
                "store",
                f"GeoParquet write_incidents ({label})",
                w,
                "s",
                "gdf.to_parquet",
                w / w_plain,
                note=f"to_parquet {w_plain:.2f} s",
            )
        )
        r_plain = median_time(lambda: gpd.read_parquet(base), runs=runs, warmup=0)
        r = median_time(lambda: read_incidents(pq), runs=runs, warmup=0)
        rows.append(
            Row(
                "store",
                f"GeoParquet read_incidents ({label})",
                r,
                "s",
                "gpd.read_parquet",
                r / r_plain,
                note=f"read_parquet {r_plain:.2f} s",
            )
        )
        part = d / "by_month"
        wp = median_time(lambda: write_incidents(gdf, part, partition_by_month=True), runs=runs, warmup=0)
        rows.append(
            Row("store", f"GeoParquet by month write ({label})", wp, "s", "gdf.to_parquet", wp / w_plain)
        )
        rp = median_time(lambda: read_incidents(part), runs=runs, warmup=0)
        rows.append(
            Row("store", f"GeoParquet by month read ({label})", rp, "s", "gpd.read_parquet", rp / r_plain)
        )
        rows.append(Row("store", "GeoParquet size", pq.stat().st_size / 1e6, "MB"))
        # --- plain geopandas GeoPackage (the baseline) -------------------------------------
        plain = d / "plain.gpkg"
        wf = _once(lambda: gdf.to_file(plain, layer="incidents", driver="GPKG"))
        rows.append(Row("store", f"plain gdf.to_file GeoPackage ({label})", wf, "s"))
        rf = _once(lambda: gpd.read_file(plain, layer="incidents"))
        rows.append(Row("store", f"plain gpd.read_file GeoPackage ({label})", rf, "s"))
        # --- the store ------------------------------------------------------------------------
        store = open_store(d / "store.gpkg")
        build = _once(lambda: store.append(gdf, merge=False))
        rows.append(
            Row("store", f"store bulk load, merge=False ({label})", build, "s", "gdf.to_file", build / wf)
        )
        adds = [synthetic_incidents(10_000, seed=100 + k, start="2020-01-01", days=1826) for k in range(runs)]
        plain_adds = [
            synthetic_incidents(10_000, seed=200 + k, start="2020-01-01", days=1826) for k in range(runs)
        ]
        before = len(store)
        results = []
        times = []
        for batch in adds:
            t = time.perf_counter()
            results.append(store.append(batch))
            times.append(time.perf_counter() - t)
        ta = statistics.median(times)
        ptimes = [
            _once(lambda b=b: b.to_file(plain, layer="incidents", driver="GPKG", mode="a"))
            for b in plain_adds
        ]
        tpa = statistics.median(ptimes)
        res = results[0]
        rows.append(
            Row(
                "store",
                f"store append 10,000 into {before:,}",
                ta,
                "s",
                "to_file(mode='a')",
                ta / tpa,
                note=f"{res.added} added, {res.merged} merged; plain append {tpa:.2f} s (no dedupe/merge)",
            )
        )
        last = str(gdf["event_date"].max().date())
        since = str((gdf["event_date"].max() - __import__("pandas").Timedelta(days=30)).date())
        bbox = (35.5, 32.5, 38.5, 37.5)  # western Syria
        q = store.query(since=since, bbox=bbox)
        ts = median_time(lambda: store.query(since=since, bbox=bbox), runs=5 if not quick else 3, warmup=1)
        tpl = median_time(
            lambda: gpd.read_file(plain, layer="incidents", bbox=bbox, where=f"event_date >= '{since}'"),
            runs=3 if not quick else 1,
            warmup=0,
        )
        rows.append(
            Row(
                "store",
                f"store query --since {since} --bbox ({len(q):,} rows)",
                ts,
                "s",
                "read_file(bbox, where)",
                ts / tpl,
                note=f"plain read_file+bbox+where {tpl:.2f} s; "
                f"whole-file read_file {rf:.2f} s; last date {last}",
            )
        )
        rows.append(
            Row(
                "store",
                "store size",
                (d / "store.gpkg").stat().st_size / 1e6,
                "MB",
                "plain GeoPackage",
                (d / "store.gpkg").stat().st_size / plain.stat().st_size,
            )
        )
        store.close()
    # other processes on the machine slow every figure alike; say how busy it was
    end = os.getloadavg()[0]
    rows.append(Row("store", "load average at start / end (1 min)", load0, "procs", note=f"end {end:.2f}"))
    return rows


if __name__ == "__main__":  # pragma: no cover
    import sys

    for row in run(quick="--quick" in sys.argv):
        print(row.line())
