"""Map figures: save time, HTML size and time to interactive in headless Chromium.

geoevents' map (``render_map`` + ``save_map``, offline, tiles none, full
popups built in the browser) beside two folium baselines measured in the same
run on the same incidents:

* folium one ``Marker`` per row with a ``Popup`` holding the same fields
  (capped at 10,000 rows: at 100,000 it takes about a minute to save and
  minutes to open, see ../shared/MEASURED.md);
* folium ``FastMarkerCluster`` (no popups at all).

Time to interactive: from navigation start to geoevents' ready flag (data
decoded, clusters indexed, first frame drawn); for folium, to the page's
load event (its scripts run synchronously before it). Every page is opened
with the network blocked; the CDN files folium links are served from local
copies (``maps/vendor.py --bench``), and Bootstrap/Font Awesome as empty files.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Row, median_time

ROOT = Path(__file__).resolve().parents[1]
BENCH_VENDOR = ROOT / "bench" / "results" / "vendor"
CHROMIUM = os.environ.get("GEOEVENTS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MARKER_CAP = 10_000


def _folium_marker_map(gdf):
    import folium

    m = folium.Map(location=[30, 30], zoom_start=3, tiles=None, maxZoom=18)
    for row in gdf.itertuples(index=False):
        text = (
            f"<b>{html.escape(str(row.sub_event_type))}</b><br>{row.event_date:%d %b %Y}<br>"
            f"{html.escape(str(row.actor1))} &rarr; {html.escape(str(row.actor2))}<br>"
            f"fatalities {row.fatalities}<br>{html.escape(str(row.location))}<br>"
            f"<a href='{html.escape(str(row.source_url))}'>{html.escape(str(row.source))}</a><br>"
            f"<i>{html.escape(str(row.notes))}</i>"
        )
        folium.Marker([row.latitude, row.longitude], popup=folium.Popup(text, max_width=350)).add_to(m)
    return m


def _folium_fast_cluster(gdf):
    import folium
    from folium.plugins import FastMarkerCluster

    m = folium.Map(location=[30, 30], zoom_start=3, tiles=None, maxZoom=18)
    FastMarkerCluster(data=gdf[["latitude", "longitude"]].to_numpy().tolist()).add_to(m)
    return m


def _bench_vendor() -> Path | None:
    """Local copies of the files folium's CDN links name (fetched once, bench only)."""
    if not (BENCH_VENDOR / "MANIFEST.json").exists():
        proc = subprocess.run(
            [sys.executable, str(ROOT / "maps" / "vendor.py"), "--bench", str(BENCH_VENDOR)],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            print(f"   (folium baselines not opened in the browser: {proc.stderr.strip()[-200:]})")
            return None
    return BENCH_VENDOR


def _serve_cdn(vendor: Path):
    files = {
        "leaflet.js": vendor / "leaflet/leaflet.js",
        "leaflet.css": vendor / "leaflet/leaflet.css",
        "jquery": vendor / "jquery/jquery.min.js",
        "leaflet.markercluster.js": vendor / "leaflet.markercluster/leaflet.markercluster.js",
        "MarkerCluster.css": vendor / "leaflet.markercluster/MarkerCluster.css",
        "MarkerCluster.Default.css": vendor / "leaflet.markercluster/MarkerCluster.Default.css",
    }

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:")):
            return r.continue_()
        name = url.rsplit("/", 1)[-1]
        for key, path in files.items():
            if name == key or (key == "jquery" and re.match(r"jquery-[\d.]+(\.min)?\.js", name)):
                ctype = "text/css" if key.endswith(".css") else "application/javascript"
                return r.fulfill(status=200, body=path.read_bytes(), content_type=ctype)
        if name.endswith((".js", ".css")):  # bootstrap, font awesome, awesome-markers: not needed to draw
            return r.fulfill(
                status=200,
                body=b"",
                content_type="text/css" if name.endswith(".css") else "application/javascript",
            )
        return r.abort()

    return route


def _block(r):
    return r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort()


def _open_ms(browser, path: Path, *, ours: bool, route, runs: int) -> float:
    times = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.route("**/*", route)
        if ours:
            page.goto(path.as_uri(), wait_until="commit", timeout=600_000)
            page.wait_for_function(
                "window.geoevents && window.geoevents.ready === true", timeout=600_000, polling=20
            )
            times.append(page.evaluate("geoevents.readyAt"))
        else:
            page.goto(path.as_uri(), wait_until="load", timeout=600_000)
            times.append(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"))
        page.close()
    return statistics.median(times) / 1000.0


def run(quick: bool = False) -> list[Row]:
    from geoevents.render import _assets, render_png, save_map
    from geoevents.render.sample import synthetic_incidents

    _assets.ensure_vendor()
    sizes = [1_000, 10_000] if quick else [1_000, 10_000, 100_000]
    full = synthetic_incidents(max(sizes), seed=7)
    rows: list[Row] = []
    tmp = Path(tempfile.mkdtemp(prefix="bench-map-"))
    browser = pw = None
    try:
        try:
            from playwright.sync_api import sync_playwright

            if Path(CHROMIUM).exists():
                pw = sync_playwright().start()
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        except ImportError:
            pass
        vendor = _bench_vendor() if browser else None
        for n in sizes:
            gdf = full.iloc[:n]
            ours = tmp / f"geoevents-{n}.html"
            runs = 1 if n >= 100_000 else (2 if quick else 3)
            t_ours = median_time(
                lambda gdf=gdf, ours=ours: save_map(gdf, ours, tiles="none", offline=True),
                runs=runs,
                warmup=0 if n >= 100_000 else 1,
            )
            mb_ours = ours.stat().st_size / 1e6
            base = {}
            if n <= MARKER_CAP:
                fm = tmp / f"folium-marker-{n}.html"
                base["marker"] = (
                    median_time(
                        lambda gdf=gdf, fm=fm: _folium_marker_map(gdf).save(str(fm)), runs=1, warmup=0
                    ),
                    fm,
                )
            fc = tmp / f"folium-fast-{n}.html"
            base["fast"] = (
                median_time(
                    lambda gdf=gdf, fc=fc: _folium_fast_cluster(gdf).save(str(fc)),
                    runs=1 if n >= 100_000 else 2,
                    warmup=0,
                ),
                fc,
            )
            tag = f"N={n:,}"
            rows.append(Row("map", f"save geoevents (offline, full popups) {tag}", t_ours, "s"))
            rows.append(
                Row(
                    "map",
                    f"HTML size geoevents {tag}",
                    mb_ours,
                    "MB",
                    note="offline: includes ~1.2 MB of Leaflet, plugins and outlines",
                )
            )
            linked = save_map(gdf, tmp / f"geoevents-linked-{n}.html", tiles="osm")
            rows.append(
                Row(
                    "map", f"HTML size geoevents, linked not inlined {tag}", linked.stat().st_size / 1e6, "MB"
                )
            )
            for key, label in (
                ("marker", "folium Marker per row"),
                ("fast", "folium FastMarkerCluster (no popups)"),
            ):
                if key in base:
                    t, path = base[key]
                    mb = path.stat().st_size / 1e6
                    rows.append(
                        Row("map", f"save {label} {tag}", t, "s", baseline="geoevents", ratio=t / t_ours)
                    )
                    rows.append(
                        Row(
                            "map",
                            f"HTML size {label} {tag}",
                            mb,
                            "MB",
                            baseline="geoevents",
                            ratio=mb / mb_ours,
                        )
                    )
            png = tmp / f"geoevents-{n}.png"
            t_png = median_time(lambda gdf=gdf, png=png: render_png(gdf, png), runs=1, warmup=0)
            png_mb = png.stat().st_size / 1e6
            rows.append(Row("map", f"PNG (render_png) {tag}", t_png, "s", note=f"{png_mb:.1f} MB"))
            if n > MARKER_CAP:
                rows.append(
                    Row(
                        "map",
                        f"folium Marker per row {tag}",
                        float("nan"),
                        "",
                        note=f"not run: capped at {MARKER_CAP:,} rows",
                    )
                )
            if browser:
                b_runs = 2 if quick or n >= 100_000 else 3
                t_open = _open_ms(browser, ours, ours=True, route=_block, runs=b_runs)
                rows.append(
                    Row("map", f"time to interactive geoevents {tag}", t_open, "s", note="headless chromium")
                )
                if vendor:
                    for key, label in (
                        ("marker", "folium Marker per row"),
                        ("fast", "folium FastMarkerCluster"),
                    ):
                        if key in base:
                            t_b = _open_ms(
                                browser,
                                base[key][1],
                                ours=False,
                                route=_serve_cdn(vendor),
                                runs=1 if n >= 10_000 else 2,
                            )
                            rows.append(
                                Row(
                                    "map",
                                    f"time to interactive {label} {tag}",
                                    t_b,
                                    "s",
                                    baseline="geoevents",
                                    ratio=t_b / t_open,
                                )
                            )
    finally:
        if browser:
            browser.close()
        if pw:
            pw.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return rows


if __name__ == "__main__":  # pragma: no cover
    t0 = time.perf_counter()
    for r in run(quick="--quick" in sys.argv):
        print(r.line(), flush=True)
    print(f"({time.perf_counter() - t0:.0f} s)")
