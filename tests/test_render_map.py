"""The HTML and PNG maps, without a browser: encoding, escaping, offline assets, options."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from geoevents.contract import from_records
from geoevents.exc import InputError, MissingDependencyError
from geoevents.render import _assets, load_style, render_html, render_map, render_png, save_map
from geoevents.render._encode import encode_frame, script_json, summary_line
from geoevents.render.sample import HOSTILE, synthetic_incidents

IN_CI = __import__("os").environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="module")
def vendor():
    """The vendored JavaScript and outlines (built by maps/vendor.py from the npm registry)."""
    try:
        return _assets.ensure_vendor()
    except MissingDependencyError as err:
        if IN_CI:
            pytest.fail(str(err))
        pytest.skip(str(err))


@pytest.fixture(scope="module")
def small():
    return synthetic_incidents(400, seed=3, hostile=True)


def _data_of(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="ge-data-[^"]+">(.*?)</script>', html, re.S)
    assert m, "no plain data block"
    return json.loads(m.group(1))


def _cfg_of(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="ge-cfg-[^"]+">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def _outside_data(html: str) -> str:
    """The page's markup and styles: every script's body (code or data) left out, its tag kept."""
    return re.sub(r"(<script[^>]*>).*?(</script>)", r"\1\2", html, flags=re.S)


def _records(*recs):
    """Contract records: every column present, missing ones as None."""
    from geoevents.contract import COLUMN_NAMES

    return from_records([{c: r.get(c) for c in COLUMN_NAMES} for r in recs])


@pytest.mark.parametrize(
    "text",
    [
        "</script><script>alert(1)</script>",
        "<!-- x",
        "a\u2028b\u2029c",
        "`${x}` \\ \" '",
        "</SCRIPT >",
        "&lt;",
    ],
)
def test_render_script_json_cannot_leave_script(text):
    out = script_json({"s": text})
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == {"s": text}


def test_render_hostile_strings_stay_data(vendor, small):
    html = render_html(
        small, tiles="none", offline=True, title="<script>window.__pwned=1</script>", compress=False
    )
    for value in HOSTILE.values():
        if "<" in value:
            assert value not in html  # never raw markup in the page...
    data = _data_of(html)
    sources = data["source"]["v"] if "v" in data["source"] else data["source"]["l"]
    assert HOSTILE["source"] in sources  # ...but intact in the data
    assert "{{7*7}}" in json.dumps(data, ensure_ascii=False)  # not evaluated by any template engine
    assert "<title>&lt;script&gt;window.__pwned=1&lt;/script&gt;</title>" in html


def test_render_encode_counts_and_dictionary(small):
    enc = encode_frame(small, load_style())
    d, cfg = enc.data, enc.cfg
    assert d["n"] == len(small) == enc.mapped
    labels = {t["type"]: i for i, t in enumerate(cfg["types"])}
    expected = small["event_type"].value_counts()
    for etype, count in expected.items():
        assert cfg["typeTotals"][labels[etype]] == count
    # few distinct values: dictionary-encoded; notes: one per row, plain
    assert "v" in d["country"] and len(d["country"]["c"]) == len(small)
    assert "l" in d["notes"]
    # days are offsets from day0, and the window covers every incident
    day0 = pd.Timestamp(cfg["day0"], unit="D")
    assert day0 == small["date_start"].min()
    assert cfg["span"] == (small["date_end"].max() - small["date_start"].min()).days
    assert max(v for v in d["day"] if v is not None) <= cfg["span"]


def test_render_rows_without_coordinates_are_counted_not_drawn():
    recs = [
        {
            "event_id": "X-1",
            "event_date": "2024-11-30",
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "latitude": 36.2,
            "longitude": 37.1,
            "fatalities": 3,
        },
        {
            "event_id": "X-2",
            "event_date": "2024-12-01",
            "event_type": "Protests",
            "sub_event_type": "Peaceful protest",
        },
    ]
    gdf = _records(*recs)
    enc = encode_frame(gdf, load_style())
    assert enc.mapped == 1 and enc.unmapped == 1
    line = summary_line(enc)
    assert "2 incidents" in line and "1 not mapped" in line and "3 fatalities" in line


def test_render_unknown_types_get_their_own_layer():
    gdf = _records(
        {"event_id": "X-1", "event_date": "2024-11-30", "latitude": 1.0, "longitude": 2.0},
        {
            "event_id": "X-2",
            "event_date": "2024-11-30",
            "event_type": "Battles",
            "latitude": 1.0,
            "longitude": 2.1,
        },
    )
    enc = encode_frame(gdf, load_style())
    t = enc.data["type"]
    assert enc.cfg["types"][t[0]]["type"] is None  # the style's "unknown" entry
    g = enc.cfg["groups"][enc.data["grp"][1]]
    assert g["type"] == t[1] and "not coded" in g["label"]


def test_render_offline_page_has_no_remote_resources(vendor, small):
    html = render_html(small, tiles="none", offline=True, compress=False)
    page = _outside_data(html)
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', page, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page, re.I)
    assert not re.search(r"@import", page)
    assert "L.tileLayer(" not in page  # no folium tile layer
    cfg = _cfg_of(html)
    assert cfg["tile"] == "none"
    assert any("GeoNames" in a and "CC BY 4.0" in a for a in cfg["attribution"])
    assert any("Natural Earth" in a for a in cfg["attribution"])


def test_render_online_page_links_pinned_versions_with_integrity(vendor, small):
    html = render_html(small, tiles="osm")
    links = re.findall(r'(?:src|href)="(https://[^"]+)"([^>]*)>', html)
    urls = [u for u, _ in links]
    assert any("leaflet@1.9.4/dist/leaflet.js" in u for u in urls)
    assert any("supercluster@8.0.1/" in u for u in urls)
    assert all('integrity="sha384-' in rest for _, rest in links)
    assert "jquery" not in html.lower() and "bootstrap" not in html.lower()


def test_render_does_not_change_folium_class_links(vendor, small):
    import folium

    before = list(folium.Map.default_js)
    render_map(small, offline=True, tiles="none")
    assert folium.Map.default_js == before
    assert "jquery" in json.dumps(folium.Map.default_js)


def test_render_bad_options_raise_input_error(small):
    with pytest.raises(InputError, match="tiles"):
        render_map(small, tiles="satellite")
    with pytest.raises(InputError, match="layers_by"):
        render_map(small, layers_by="weather")


def test_render_facets_by_actor_and_source(vendor, small):
    html = render_html(
        small, tiles="none", offline=True, layers_by=("actor", "source"), facet_top=3, compress=False
    )
    cfg, data = _cfg_of(html), _data_of(html)
    keys = [f["key"] for f in cfg["facets"]]
    assert keys == ["actor", "source"]
    actor = cfg["facets"][0]
    assert len(actor["values"]) == 4 and actor["values"][-1] == "Other or unknown"
    top = small["actor1"].value_counts().index[0]
    assert actor["values"][0] == top
    codes = np.asarray(data["facet_actor"])
    assert (codes == 0).sum() == (small["actor1"] == top).sum()


def test_render_large_maps_are_compressed(vendor):
    big = synthetic_incidents(8000, seed=5)
    html = render_html(big, tiles="none", offline=True)
    assert 'data-encoding="deflate-base64"' in html
    import base64
    import zlib

    blob = re.search(r'data-encoding="deflate-base64" id="[^"]+">([^<]+)</script>', html).group(1)
    data = json.loads(zlib.decompress(base64.b64decode(blob)))
    assert data["n"] == 8000


def test_render_save_map_writes_one_file(vendor, small, tmp_path):
    out = save_map(small, tmp_path / "deep" / "m.html", tiles="none", offline=True)
    assert out.exists() and out.stat().st_size > 100_000
    assert not list(tmp_path.glob("deep/*.part"))
    m = render_map(small, tiles="light")
    out2 = save_map(m, tmp_path / "m2.html")
    assert "World_Light_Gray_Base" in out2.read_text(encoding="utf-8")


def test_render_empty_frame_still_makes_a_map(vendor, tmp_path):
    from geoevents.contract import empty_frame

    out = save_map(empty_frame(), tmp_path / "empty.html", tiles="none", offline=True)
    assert "0 incidents" in _cfg_of(out.read_text(encoding="utf-8"))["summary"]


def test_render_png_draws_outlines_and_incidents(vendor, small, tmp_path):
    out = render_png(small, tmp_path / "m.png", title="Cost $5 and $\\alpha")
    raw = out.read_bytes()
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    from matplotlib.image import imread

    img = imread(out)
    # the type colours are in the picture
    style = load_style()
    battles = next(t["color"] for t in style["types"] if t["type"] == "Battles")
    rgb = np.array([int(battles[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    close = np.abs(img[..., :3] - rgb).sum(axis=2) < 0.05
    assert close.sum() > 20


def test_render_topojson_outlines_decode(vendor):
    from geoevents.render._static import topo_rings

    topo = json.loads(_assets.outlines_json())
    polys = topo_rings(topo)
    assert len(polys) > 240
    allpts = np.concatenate([r for p in polys for r in p])
    assert allpts[:, 0].min() >= -180.001 and allpts[:, 0].max() <= 180.001
    assert allpts[:, 1].min() >= -90.001 and allpts[:, 1].max() <= 90.001


def test_render_vendor_manifest_has_licences(vendor):
    doc = _assets.manifest()
    names = {p["name"]: p for p in doc["packages"]}
    assert {"leaflet", "supercluster", "leaflet.heat", "topojson-client", "world-atlas"} <= set(names)
    for p in doc["packages"]:
        lic = _assets.VENDOR_DIR / p["license_file"]
        assert lic.is_file() and lic.stat().st_size > 100, p["name"]
        assert p["license"] and p["license"] != "unknown"
        for f in p["files"]:
            _assets.vendor_file(f["path"])  # checks the SHA-256


def test_render_map_composes_with_folium_elements(vendor, small):
    """Other folium elements can be added: folium's helpers come back, after geoevents' Leaflet."""
    import folium

    plain = render_map(small, tiles="none", offline=True).get_root().render()
    assert "jquery" not in plain.lower()
    m = render_map(small, tiles="none", offline=True)
    folium.Marker([36.2, 37.1], popup="Aleppo").add_to(m)
    page = m.get_root().render()
    assert "jquery" in page.lower()
    assert "leaflet@1.9.3" not in page  # folium's own Leaflet is not loaded a second time
    ours = page.index("GeoEvents = {")
    assert page.index("L.marker(") > ours
    assert page.count("<title>") == 1


def test_render_takes_points_from_projected_geometry():
    import geopandas as gpd
    from shapely.geometry import Point

    gdf = gpd.GeoDataFrame(
        {"event_id": ["P-1"], "event_type": ["Battles"], "event_date": [pd.Timestamp("2024-11-30")]},
        geometry=gpd.GeoSeries([Point(37.16, 36.2)], crs=4326).to_crs(3857),
    )
    enc = encode_frame(gdf, load_style())
    assert enc.mapped == 1
    assert enc.data["lat"][0] == pytest.approx(36.2, abs=1e-4)
    assert enc.data["lon"][0] == pytest.approx(37.16, abs=1e-4)
