"""A static picture of the incidents on country outlines (matplotlib, no pyplot state)."""

from __future__ import annotations

import json
import math
import os
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
    "circle": "o", "square": "s", "triangle": "^", "triangle-down": "v", "diamond": "D",
    "star": "*", "hexagon": "h", "pentagon": "p", "plus": "P", "cross": "X",
}


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
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Ellipse, PathPatch
    from matplotlib.path import Path as MPath

    sty = style if isinstance(style, dict) else load_style(style)
    enc = encode_frame(gdf, sty)
    data, cfg = enc.data, enc.cfg
    n = enc.mapped
    lat = np.asarray(data["lat"], dtype="float64")
    lon = np.asarray(data["lon"], dtype="float64")

    if enc.bounds:
        (s, w), (nn, e) = enc.bounds
    else:
        s, w, nn, e = -60.0, -180.0, 80.0, 180.0
    span = max(nn - s, (e - w) * 0.75, 2.0)
    cy, cx = (s + nn) / 2, (w + e) / 2
    half_h = span * 0.65
    aspect = 1.0 / max(0.2, math.cos(math.radians(max(-80, min(80, cy)))))
    half_w = max((e - w) / 2 * 1.3, half_h * (width / height) / aspect)
    half_h = max(half_h, half_w * aspect * height / width)
    x0, x1 = cx - half_w, cx + half_w
    y0, y1 = max(-89.0, cy - half_h), min(89.0, cy + half_h)

    fig = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.02, 0.08, 0.96, 0.80))
    ax.set_facecolor("#d6e4ee")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(aspect)
    ax.set_xticks([])
    ax.set_yticks([])

    topo = json.loads(_assets.outlines_json())
    verts, codes = [], []
    for poly in topo_rings(topo):
        for r in poly:
            if len(r) < 3:
                continue
            if r[:, 0].max() < x0 - 5 or r[:, 0].min() > x1 + 5 or r[:, 1].max() < y0 - 5 or r[:, 1].min() > y1 + 5:
                continue
            verts.append(r)
            c = np.full(len(r), MPath.LINETO, dtype=np.uint8)
            c[0] = MPath.MOVETO
            codes.append(c)
    if verts:
        land = MPath(np.concatenate(verts), np.concatenate(codes))
        ax.add_patch(PathPatch(land, facecolor="#f4f1ea", edgecolor="#7b8791", linewidth=0.6, zorder=1))

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

    for i in np.flatnonzero((gp >= 2) & (rad > 0)):
        col = types[t_arr[i]]["color"]
        r_lat = rad[i] / 111.32
        r_lon = r_lat / max(0.05, math.cos(math.radians(lat[i])))
        ax.add_patch(Ellipse((lon[i], lat[i]), 2 * r_lon, 2 * r_lat, facecolor=col, alpha=0.12, zorder=2))
        ax.add_patch(Ellipse((lon[i], lat[i]), 2 * r_lon, 2 * r_lat, fill=False, edgecolor=col,
                             linestyle=(0, (4, 3)), linewidth=1.1, alpha=0.8, zorder=2))

    if "dlat" in data and "dlon" in data:
        rels = data.get("rel")
        for i in range(n):
            dla, dlo = data["dlat"][i], data["dlon"][i]
            if dla is None or dlo is None:
                continue
            rel = None
            if rels is not None:
                rel = rels["l"][i] if "l" in rels else (rels["v"][rels["c"][i]] if rels["c"][i] >= 0 else None)
            col = types[t_arr[i]]["color"]
            ax.annotate(
                "", xy=(dlo, dla), xytext=(lon[i], lat[i]), zorder=3,
                arrowprops=dict(arrowstyle="-" if rel == "between" else "-|>", color=col, linestyle="--",
                                linewidth=1.4, shrinkA=4, shrinkB=2, mutation_scale=14),
            )

    handles = []
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
                ax.scatter(lon[s2], lat[s2], s=sizes[s2], marker=marker, c=t["color"], edgecolors="white",
                           linewidths=0.7, alpha=0.5 if is_claim else 0.92, zorder=4)
        handles.append(Line2D([], [], linestyle="none", marker=marker, markersize=8, markerfacecolor=t["color"],
                              markeredgecolor="white", label=f"{t['label']}: {g['label']} ({int(sel.sum()):,})"))

    loc = data.get("location")
    if labels and loc is not None and n:
        names = loc["l"] if "l" in loc else [loc["v"][c] if c >= 0 else None for c in loc["c"]]
        counts: dict[str, list] = {}
        for i, name in enumerate(names):
            if name:
                counts.setdefault(name, []).append(i)
        top = sorted(counts.items(), key=lambda kv: -len(kv[1]))[:labels]
        for name, idx in top:
            ax.annotate(name, (lon[idx[0]], lat[idx[0]]), xytext=(6, 5), textcoords="offset points",
                        fontsize=8, color="#222", zorder=5,
                        bbox=dict(boxstyle="round,pad=0.15", facecolor="white", alpha=0.7, linewidth=0))

    if handles:
        extra = [
            Line2D([], [], color="#555", linestyle="--", label="toward / between (dashed)"),
            Line2D([], [], linestyle="none", marker="o", markersize=10, markerfacecolor="none",
                   markeredgecolor="#555", label="approximate location (dashed ring)"),
        ]
        ax.legend(handles=handles + extra, loc="lower left", fontsize=7.5, framealpha=0.9, title="Size: fatalities",
                  title_fontsize=7.5)
    fig.text(0.02, 0.955, title or "Incidents", fontsize=15, fontweight="bold", va="center")
    fig.text(0.02, 0.915, summary_line(enc), fontsize=9.5, color="#333", va="center")
    fig.text(0.02, 0.035, "Places: GeoNames (CC BY 4.0) \u00b7 Outlines: Natural Earth (public domain), via world-atlas"
             " \u00b7 Map: geoevents", fontsize=7, color="#666")
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format="png", dpi=dpi)
    return out
