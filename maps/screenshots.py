"""Make the pictures in maps/README.md: the seed article's map, a large synthetic map, a PNG.

Usage (from the repository root, after the vendor step)::

    .venv/bin/python maps/screenshots.py [--chromium /usr/bin/chromium]

Writes ``maps/seed-map.png`` (needs ../shared and the extraction),
``maps/synthetic-map.png``, ``maps/synthetic-popup.png`` and ``maps/seed-static.png``
(or ``maps/synthetic-static.png`` without the seed). The HTML maps it draws
go to ``maps/*.html`` (not tracked).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _shoot(
    browser, html: Path, png: Path, *, popup_event: str | None = None, zoom: int | None = None
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(html.as_uri())
    page.wait_for_function("window.geoevents && window.geoevents.ready === true", timeout=60_000)
    if popup_event:
        i = page.evaluate("id => geoevents.indexOf(id)", popup_event)
        la, lo = page.evaluate("i => [geoevents.state.lat[i], geoevents.state.lon[i]]", i)
        page.evaluate(
            "([a, b, z]) => { geoevents.state.map.setView([a, b], z, {animate: false}); }",
            [la, lo, zoom or 9],
        )
        page.wait_for_timeout(100)
        x, y = page.evaluate("i => geoevents.pointOf(i)", i)
        page.mouse.click(x, y)
        page.wait_for_selector(".ge-pop")
    page.wait_for_timeout(300)
    page.screenshot(path=str(png))
    page.close()
    print(f"wrote {png}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from geoevents.render import render_png, save_map
    from geoevents.render.sample import synthetic_incidents

    out = ROOT / "maps"
    syn = synthetic_incidents(2000, seed=1)
    syn_html = save_map(
        syn,
        out / "synthetic.html",
        tiles="none",
        offline=True,
        title="2,000 synthetic incidents (made-up data)",
        layers_by="actor",
    )
    seed_html = None
    seed = args.shared / "seed" / "syria-2024-12-03.txt"
    if seed.exists():
        try:
            from geoevents import extract

            gdf = extract(seed.read_text(encoding="utf-8"), published="2024-12-03", source="Seed wire report")
            seed_html = save_map(
                gdf,
                out / "seed.html",
                tiles="none",
                offline=True,
                title="Syria, wire report of 3 December 2024",
            )
            render_png(gdf, out / "seed-static.png", title="Syria, wire report of 3 December 2024")
            print(f"wrote {out / 'seed-static.png'}")
        except ImportError as err:
            print(f"seed map skipped: {err}")
    if seed_html is None:
        render_png(syn, out / "synthetic-static.png", title="2,000 synthetic incidents (made-up data)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, headless=True, args=ARGS)
        _shoot(browser, syn_html, out / "synthetic-map.png")
        _shoot(browser, syn_html, out / "synthetic-popup.png", popup_event=syn["event_id"].iloc[5], zoom=14)
        if seed_html is not None:
            _shoot(browser, seed_html, out / "seed-map.png")
            first = gdf[gdf["latitude"].notna()]
            if len(first):
                _shoot(
                    browser, seed_html, out / "seed-popup.png", popup_event=first["event_id"].iloc[0], zoom=11
                )
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
