"""The HTML map: a folium.Map that carries geoevents' layer, data and controls."""

from __future__ import annotations

import functools
import html
import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..exc import InputError
from . import _assets
from ._encode import encode_frame, script_json, summary_line
from ._style import load_style

if TYPE_CHECKING:  # pragma: no cover
    import folium
    import geopandas

__all__ = ["render_map", "render_html", "save_map", "TILE_CHOICES"]

#: the basemaps ``tiles=`` accepts (``none`` draws country outlines that ship with geoevents)
TILE_CHOICES = ("osm", "light", "dark", "none")

ATTRIBUTION_GEONAMES = "Places: GeoNames (CC BY 4.0)"
ATTRIBUTION_OUTLINES = "Outlines: Natural Earth (public domain), via world-atlas"
ATTRIBUTION_TOOL = "Map: geoevents"


def _tiles_cfg(style: dict) -> list[dict]:
    import warnings

    import xyzservices.providers as xyz

    out = []
    for key, spec in style["tiles"].items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            prov = xyz.query_name(spec["provider"])
        entry = {
            "key": key,
            "label": spec.get("label", key),
            "url": prov.build_url(scale_factor="{r}") if "{r}" in prov.url else prov.build_url(),
            "attribution": prov.html_attribution,
            "maxZoom": int(prov.get("max_zoom", 19)),
        }
        if "{s}" in entry["url"]:
            entry["subdomains"] = prov.get("subdomains", "abc")
        out.append(entry)
    return out


def _normalise_layers_by(layers_by) -> tuple[str, ...]:
    if layers_by is None or layers_by is False:
        return ()
    if isinstance(layers_by, str):
        return tuple(x.strip() for x in layers_by.split(",") if x.strip())
    return tuple(layers_by)


@functools.lru_cache(maxsize=1)
def _classes():
    """(Raw, GeoEventsLayer, GeoEventsMap), built on first use so importing stays light."""
    import folium
    from branca.element import Element, Figure

    class Raw(Element):
        """A child that renders its text verbatim (never through jinja)."""

        def __init__(self, text: str):
            super().__init__()
            self._text = text

        def render(self, **kwargs):
            return self._text

    class GeoEventsLayer(Element):
        """Adds geoevents' data blocks and mount call to the figure."""

        def __init__(self, *, body: str, mount: str):
            super().__init__()
            self._name = "GeoEventsLayer"
            self.body, self.mount = body, mount

        def render(self, **kwargs):
            figure = self.get_root()
            assert isinstance(figure, Figure), "the geoevents layer must sit in a Figure"
            name = self.get_name()
            figure.html.add_child(Raw(self.body), name=name + "_body")
            figure.script.add_child(
                Raw(self.mount.replace("MAP", self._parent.get_name())), name=name + "_mount"
            )

    class GeoEventsMap(folium.Map):
        """A folium.Map whose page loads geoevents' Leaflet, plugins and client code first.

        folium's usual helpers (jQuery, Bootstrap, Font Awesome) are linked only
        when other folium elements have been added to the map, since those may
        need them; geoevents' own layer does not.
        """

        def render(self, **kwargs):
            figure = self.get_root()
            others = [c for c in self._children.values() if not isinstance(c, GeoEventsLayer)]
            if others:
                self.default_js = [(n, u) for n, u in folium.Map.default_js if n != "leaflet"]
                self.default_css = [(n, u) for n, u in folium.Map.default_css if n != "leaflet_css"]
            else:
                self.default_js, self.default_css = [], []
            figure.header.add_child(Raw(self._geoevents_head), name="geoevents_head")
            super().render(**kwargs)

    return Raw, GeoEventsLayer, GeoEventsMap


def render_map(
    gdf: "geopandas.GeoDataFrame",
    *,
    title: str | None = None,
    tiles: str = "osm",
    offline: bool = False,
    cluster: bool = True,
    heat: bool = False,
    layers_by: str | Iterable[str] | None = None,
    time_slider: bool = True,
    style: dict | str | os.PathLike | None = None,
    cluster_max_zoom: int = 11,
    fit_max_zoom: int = 10,
    facet_top: int = 12,
    compress: bool | None = None,
) -> "folium.Map":
    """Draw incidents on a layered Leaflet map.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Incidents with the columns of :mod:`geoevents.contract` (missing
        optional columns are fine). Rows without coordinates are counted in
        the summary line but not drawn.
    title : str, optional
        Shown above the map (as text) and as the page title.
    tiles : {"osm", "light", "dark", "none"}
        Basemap. ``"none"`` draws country outlines that ship with geoevents
        and makes no tile requests; the others can be switched in the map.
    offline : bool
        Inline Leaflet and every plugin, so the page needs no network except
        for tiles (none at all with ``tiles="none"``). Otherwise they load
        from a CDN at the pinned versions, with subresource integrity.
    cluster : bool
        Cluster nearby incidents (clusters keep the type colours).
    heat : bool
        Start with the heat layer shown (it can always be switched on).
    layers_by : {"actor", "source"} or a list of them, optional
        Extra layer toggles by actor 1 or by source (top ``facet_top`` values).
    time_slider : bool
        Show the time window with its per-day chart.
    style : dict or path, optional
        Another style in the layout of ``maps/style.json``.
    compress : bool, optional
        Store the incident columns zlib-compressed (base64) in the page; the
        browser inflates them with ``DecompressionStream``. Default: only
        when the columns take more than 2 MB as JSON.

    Returns
    -------
    folium.Map
        Save it with :func:`save_map` (or ``Map.save``).

    Raises
    ------
    InputError
        For an unknown ``tiles`` or ``layers_by`` value.
    MissingDependencyError
        When ``offline`` or ``tiles="none"`` needs the vendored files and
        ``maps/vendor.py`` has not run.
    """
    if tiles not in TILE_CHOICES:
        raise InputError(f"tiles: {tiles!r} is not one of {', '.join(TILE_CHOICES)}")
    sty = style if isinstance(style, dict) else load_style(style)
    enc = encode_frame(gdf, sty, layers_by=_normalise_layers_by(layers_by), facet_top=facet_top)
    outlines = tiles == "none"
    cfg = enc.cfg
    tiles_cfg = _tiles_cfg(sty)
    cfg.update(
        title=title or "",
        summary=summary_line(enc),
        tiles=tiles_cfg,
        tile=tiles,
        cluster=bool(cluster),
        heat=bool(heat),
        timeSlider=bool(time_slider),
        clusterMaxZoom=int(cluster_max_zoom),
        fitMaxZoom=int(fit_max_zoom),
        marker=sty["marker"],
        geoPrecision={"1": "exact place", "2": "approximate", "3": "region"},
        bounds=enc.bounds,
        attribution=[ATTRIBUTION_TOOL, ATTRIBUTION_GEONAMES] + ([ATTRIBUTION_OUTLINES] if outlines else []),
    )
    max_zoom = 18
    center = [0.0, 0.0]
    if enc.bounds:
        (s, w), (n, e) = enc.bounds
        center = [(s + n) / 2, (w + e) / 2]
    _, layer_cls, map_cls = _classes()
    m = map_cls(
        location=center,
        zoom_start=4 if enc.bounds else 2,
        tiles=None,
        control_scale=True,
        maxZoom=max_zoom,
        minZoom=1,
        worldCopyJump=True,
    )

    uid = m.get_name()
    data_id, cfg_id, outline_id = (
        f"ge-data-{uid}",
        f"ge-cfg-{uid}",
        f"ge-outlines-{uid}" if outlines else None,
    )
    head = "\n".join(
        [
            _assets.css_tags(offline=offline),
            _assets.own_css(),
            _assets.script_tags(offline=offline, outlines=outlines),
            "" if offline else _CDN_FAILED,
            _assets.own_js(),
        ]
    )
    body = [
        f'<script type="application/json" id="{cfg_id}">{script_json(cfg)}</script>',
        _data_block(data_id, enc.data, compress),
    ]
    if outlines:
        body.append(
            f'<script type="application/json" id="{outline_id}">'
            f"{script_json_text(_assets.outlines_json())}</script>"
        )
    mount = "GeoEvents.mount(MAP, {}, {}, {});".format(
        script_json(data_id), script_json(cfg_id), script_json(outline_id)
    )
    m._geoevents_head = head
    m.add_child(layer_cls(body="\n".join(body), mount=mount), name="geoevents")
    fig = m.get_root()
    fig.title = html.escape(title or "geoevents map", quote=True)
    m._geoevents = {"offline": offline, "tiles": tiles, "mapped": enc.mapped, "unmapped": enc.unmapped}
    return m


COMPRESS_ABOVE = 2_000_000

#: shown when the CDN could not be reached (a map saved without offline=True, opened without network)
_CDN_FAILED = (
    "<script>if (!window.L) { document.addEventListener('DOMContentLoaded', function () {"
    " var d = document.createElement('div'); d.className = 'ge-failed';"
    " d.textContent = 'This map could not load Leaflet from its CDN (no network?). "
    "Save it with --offline (offline=True) for a map that works without the network.';"
    " document.body.insertBefore(d, document.body.firstChild); }); }</script>"
)


def _data_block(data_id: str, data: dict, compress: bool | None) -> str:
    import base64
    import json
    import zlib

    if compress is False:
        return f'<script type="application/json" id="{data_id}">{script_json(data)}</script>'
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    if compress is None and len(raw) <= COMPRESS_ABOVE:
        return f'<script type="application/json" id="{data_id}">{script_json_text(raw)}</script>'
    blob = base64.b64encode(zlib.compress(raw.encode("utf-8"), 1)).decode("ascii")
    attrs = f'type="application/octet-stream" data-encoding="deflate-base64" id="{data_id}"'
    return f"<script {attrs}>{blob}</script>"


def script_json_text(text: str) -> str:
    """Make JSON text that came from a file safe inside ``<script>``."""
    for a, b in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(a, b)
    return text


def render_html(gdf, **options) -> str:
    """Render the map of ``gdf`` to one HTML string (options as :func:`render_map`)."""
    return render_map(gdf, **options).get_root().render()


def save_map(obj, path: str | os.PathLike, **options) -> Path:
    """Write a map to one self-contained HTML file.

    Parameters
    ----------
    obj : GeoDataFrame or folium.Map
        Incidents (rendered with ``options``) or a map from :func:`render_map`.
    path : str or PathLike
        Where to write; parent folders are created.
    **options
        Passed to :func:`render_map` when ``obj`` is a frame.

    Returns
    -------
    Path
        The file written.
    """
    import folium

    m = obj if isinstance(obj, folium.Map) else render_map(obj, **options)
    text = m.get_root().render()
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.replace(tmp, out)
    return out
