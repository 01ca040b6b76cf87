"""A static picture of the incidents on country outlines (matplotlib, no pyplot state)."""

from __future__ import annotations

import json
import math
import os
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from . import _assets
from ._encode import encode_frame, summary_line
from ._style import load_style

if TYPE_CHECKING:  # pragma: no cover
    import geopandas

__all__ = ["render_png", "topo_rings"]

#: style shape -> matplotlib marker
MARKERS = {
    "circle": "o",
    "square": "s",
    "triangle": "^",
    "triangle-down": "v",
    "diamond": "D",
    "star": "*",
    "hexagon": "h",
    "pentagon": "p",
    "plus": "P",
    "cross": "X",
}


def _txt(text: str) -> str:
    """Text for matplotlib: a '$' must not start mathtext."""
    return str(text).replace("$", r"\$")


def topo_rings(topo: dict, name: str = "countries") -> list[list[np.ndarray]]:
    """Decode a TopoJSON object into polygons, each a list of rings (lon/lat arrays).

    Our own reading of the TopoJSON format (quantised, delta-encoded arcs).
    """
    tr = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        a = np.asarray(arc, dtype="float64")
        if tr:
            a = np.cumsum(a, axis=0)
            a = a * np.asarray(tr["scale"]) + np.asarray(tr["translate"])
        arcs.append(a)

    def ring(indexes):
        parts = []
        for k, i in enumerate(indexes):
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            parts.append(a if k == 0 else a[1:])
        return np.concatenate(parts) if parts else np.zeros((0, 2))

    polys = []
    for geom in topo["objects"][name]["geometries"]:
        if geom.get("type") == "Polygon":
            polys.append([ring(r) for r in geom["arcs"]])
        elif geom.get("type") == "MultiPolygon":
            for p in geom["arcs"]:
                polys.append([ring(r) for r in p])
    return polys


def render_png(
    gdf: "geopandas.GeoDataFrame",
    path: str | os.PathLike,
    *,
    title: str | None = None,
    style: dict | str | os.PathLike | None = None,
    width: float = 11.0,
    height: float = 8.0,
    dpi: int = 150,
    labels: int = 12,
) -> Path:
    """Draw the incidents on country outlines and write a PNG.

    Same colours and icons as the HTML map (``maps/style.json``), sized by
    fatalities, with dashed rings for approximate locations and dashed arrows
    for ``toward``/``between`` incidents; a title, the summary line, a legend
    and the data credits. For slides and PDFs.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Incidents with the contract's columns.
    path : str or PathLike
        The PNG to write.
    title : str, optional
        Title above the map.
    labels : int
        Label this many places (the most frequent).

    Returns
    -------
    Path
        The file written.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import EllipseCollection, LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.markers import MarkerStyle
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MPath
    from matplotlib.transforms import Affine2D

    sty = style if isinstance(style, dict) else load_style(style)
    enc = encode_frame(gdf, sty)
    data, cfg = enc.data, enc.cfg
    n = enc.mapped
    lat = np.asarray(data["lat"], dtype="float64")
    lon = np.asarray(data["lon"], dtype="float64")

    AX = (0.02, 0.07, 0.70, 0.80)  # the map's box in the figure
    if enc.bounds:
        (s, w), (nn, e) = enc.bounds
        gp0 = np.array([0 if v is None else v for v in data.get("gp", [None] * n)], dtype="float64")
        rad0 = np.asarray(data.get("rad", [0] * n), dtype="float64")
        ring = (gp0 >= 2) & (rad0 > 0)
        if ring.any():  # keep the uncertainty rings in the picture
            r_lat = rad0[ring] / 111.32
            r_lon = r_lat / np.maximum(0.05, np.cos(np.radians(lat[ring])))
            s, nn = min(s, float((lat[ring] - r_lat).min())), max(nn, float((lat[ring] + r_lat).max()))
            w, e = min(w, float((lon[ring] - r_lon).min())), max(e, float((lon[ring] + r_lon).max()))
    else:
        s, w, nn, e = -60.0, -180.0, 80.0, 180.0
    cy, cx = (s + nn) / 2, (w + e) / 2
    aspect = 1.0 / max(0.2, math.cos(math.radians(max(-80, min(80, cy)))))
    box = (AX[2] * width) / (AX[3] * height)  # width / height of the map's box
    dy = max((nn - s) * 1.12, (e - w) * 1.12 / (aspect * box), 1.0)
    dx = dy * aspect * box
    x0, x1 = cx - dx / 2, cx + dx / 2
    y0, y1 = cy - dy / 2, cy + dy / 2

    fig = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes(AX)
    ax.set_facecolor("#d6e4ee")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(aspect, adjustable="datalim")
    ax.set_xticks([])
    ax.set_yticks([])

    topo = json.loads(_assets.outlines_json())
    verts, codes = [], []
    rings = []
    for poly in topo_rings(topo):
        for r in poly:
            if len(r) < 3:
                continue
            if np.abs(np.diff(r[:, 0])).max(initial=0) > 180:  # crosses the antimeridian: make it continuous
                r = r.copy()
                r[:, 0] = np.degrees(np.unwrap(np.radians(r[:, 0])))
                rings.extend([r, r + [360.0, 0.0], r - [360.0, 0.0]])
            else:
                rings.append(r)
    for r in rings:
        if (
            r[:, 0].max() < x0 - 5
            or r[:, 0].min() > x1 + 5
            or r[:, 1].max() < y0 - 5
            or r[:, 1].min() > y1 + 5
        ):
            continue
        verts.append(r)
        c = np.full(len(r), MPath.LINETO, dtype=np.uint8)
        c[0] = MPath.MOVETO
        codes.append(c)
    if verts:
        land = MPath(np.concatenate(verts), np.concatenate(codes))
        # add_artist, not add_patch: the limits are set above, and add_patch would walk every vertex
        ax.add_artist(PathPatch(land, facecolor="#f4f1ea", edgecolor="#7b8791", linewidth=0.6, zorder=1))

    types, groups = cfg["types"], cfg["groups"]
    t_arr = np.asarray(data["type"], dtype=np.int64)
    g_arr = np.asarray(data["grp"], dtype=np.int64)
    fat = np.array([0 if v is None else v for v in data.get("fat", [None] * n)], dtype="float64")
    mk = sty["marker"]
    rad_pt = mk["min_radius"] + (mk["max_radius"] - mk["min_radius"]) * np.minimum(
        1.0, np.log1p(fat) / math.log1p(mk["fatalities_for_max"])
    )
    sizes = (rad_pt * 1.5) ** 2
    gp = np.array([0 if v is None else v for v in data.get("gp", [None] * n)], dtype="float64")
    rad = np.asarray(data.get("rad", [0] * n), dtype="float64")

    ring = np.flatnonzero((gp >= 2) & (rad > 0))
    if len(ring):
        r_lat = rad[ring] / 111.32
        r_lon = r_lat / np.maximum(0.05, np.cos(np.radians(lat[ring])))
        cols = [types[t]["color"] for t in t_arr[ring]]
        offsets = np.column_stack([lon[ring], lat[ring]])
        for kw in (
            dict(facecolors=cols, alpha=0.07, edgecolors="none"),
            dict(facecolors="none", edgecolors=cols, linestyles=(0, (4, 3)), linewidths=1.0, alpha=0.8),
        ):
            ax.add_collection(
                EllipseCollection(
                    2 * r_lon,
                    2 * r_lat,
                    np.zeros(len(ring)),
                    units="xy",
                    offsets=offsets,
                    offset_transform=ax.transData,
                    zorder=2,
                    **kw,
                )
            )

    if "dlat" in data and "dlon" in data:
        dla = np.array([np.nan if v is None else v for v in data["dlat"]], dtype="float64")
        dlo = np.array([np.nan if v is None else v for v in data["dlon"]], dtype="float64")
        has = np.flatnonzero(~(np.isnan(dla) | np.isnan(dlo)))
        if len(has):
            rels = data.get("rel")
            if rels is None:
                rel = np.array([None] * n, dtype=object)
            elif "l" in rels:
                rel = np.array(rels["l"], dtype=object)
            else:
                rel = np.array(rels["v"] + [None], dtype=object)[np.asarray(rels["c"])]
            segs = np.stack(
                [np.column_stack([lon[has], lat[has]]), np.column_stack([dlo[has], dla[has]])], axis=1
            )
            cols = [types[t]["color"] for t in t_arr[has]]
            ax.add_collection(
                LineCollection(segs, colors=cols, linestyles=(0, (5, 3)), linewidths=1.4, zorder=3)
            )
            toward = has[rel[has] != "between"]
            if len(toward):
                ang = np.degrees(np.arctan2(dla[toward] - lat[toward], (dlo[toward] - lon[toward]) / aspect))
                bins = (np.round(ang / 15) * 15) % 360
                for a in np.unique(bins):
                    sel = toward[bins == a]
                    ax.scatter(
                        dlo[sel],
                        dla[sel],
                        s=40,
                        zorder=3,
                        linewidths=0,
                        c=[types[t]["color"] for t in t_arr[sel]],
                        marker=MarkerStyle(">", transform=Affine2D().rotate_deg(float(a))),
                    )
            between = has[rel[has] == "between"]
            if len(between):
                ax.scatter(
                    dlo[between],
                    dla[between],
                    s=12,
                    zorder=3,
                    linewidths=0,
                    c=[types[t]["color"] for t in t_arr[between]],
                )

    handles = []
    seen_types: set[int] = set()
    claim = np.asarray(data.get("claim", [0] * n), dtype=np.int8)
    for gi, g in enumerate(groups):
        sel = g_arr == gi
        if not sel.any():
            continue
        t = types[g["type"]]
        marker = MARKERS.get(g["shape"], "o")
        for is_claim in (0, 1):
            s2 = sel & (claim == is_claim)
            if s2.any():
                ax.scatter(
                    lon[s2],
                    lat[s2],
                    s=sizes[s2],
                    marker=marker,
                    c=t["color"],
                    edgecolors="white",
                    linewidths=0.7,
                    alpha=0.5 if is_claim else 0.92,
                    zorder=4,
                )
        if g["type"] not in seen_types:
            seen_types.add(g["type"])
            handles.append(Line2D([], [], linestyle="none", marker="o", markersize=0, label=_txt(t["label"])))
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=marker,
                markersize=8,
                markerfacecolor=t["color"],
                markeredgecolor="white",
                label=_txt(f"   {g['label']} ({int(sel.sum()):,})"),
            )
        )

    loc = data.get("location")
    if labels and loc is not None and n:
        names = loc["l"] if "l" in loc else [loc["v"][c] if c >= 0 else None for c in loc["c"]]
        counts: dict[str, list] = {}
        for i, name in enumerate(names):
            if name:
                counts.setdefault(name, []).append(i)
        top = sorted(counts.items(), key=lambda kv: -len(kv[1]))[:labels]
        for name, idx in top:
            ax.annotate(
                _txt(name),
                (lon[idx[0]], lat[idx[0]]),
                xytext=(6, 5),
                textcoords="offset points",
                fontsize=8,
                color="#222",
                zorder=5,
                bbox=dict(boxstyle="round,pad=0.15", facecolor="white", alpha=0.7, linewidth=0),
            )

    if handles:
        extra = [
            Line2D([], [], color="#555", linestyle="--", label="toward / between (dashed)"),
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=10,
                markerfacecolor="none",
                markeredgecolor="#555",
                label="approximate location (dashed ring)",
            ),
        ]
        fig.legend(
            handles=handles + extra,
            loc="upper left",
            bbox_to_anchor=(0.735, 0.87),
            fontsize=7.5,
            frameon=False,
            title="Icon: sub-type group; colour: event type;\nsize: fatalities",
            title_fontsize=7.5,
            alignment="left",
        )
    fig.text(0.02, 0.955, _txt(title or "Incidents"), fontsize=15, fontweight="bold", va="center")
    fig.text(0.02, 0.905, _txt(textwrap.fill(summary_line(enc), 150)), fontsize=9, color="#333", va="center")
    fig.text(
        0.02,
        0.035,
        "Places: GeoNames (CC BY 4.0) \u00b7 Outlines: Natural Earth (public domain), via world-atlas"
        " \u00b7 Map: geoevents",
        fontsize=7,
        color="#666",
    )
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format="png", dpi=dpi)
    return out
