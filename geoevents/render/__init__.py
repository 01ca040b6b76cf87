"""Draw incidents: layered Leaflet maps (HTML) and static pictures (PNG).

The HTML map carries the incidents as compact columns in one JSON block and
draws them in the browser with geoevents' own client code
(``geoevents.js``): one canvas layer, clusters that keep the type colours,
popups built from the columns as text (never as HTML), a time window with a
per-day chart, layers per event type and sub-type group, optional actor and
source facets, a heat layer, uncertainty rings and toward/between lines.
Leaflet and its plugins come from ``geoevents/render/vendor/`` (made by
``maps/vendor.py`` from the npm registry at pinned versions): linked from a
CDN at those versions by default, inlined with ``offline=True``.

Examples
--------
>>> from geoevents.contract import from_records
>>> from geoevents.render import render_map
>>> gdf = from_records([{"event_id": "SYR-1", "event_date": "2024-11-30", "time_precision": 1,
...     "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
...     "location": "Aleppo", "latitude": 36.2, "longitude": 37.16, "geo_precision": 1}])
>>> m = render_map(gdf, tiles="none", offline=True)
>>> import folium
>>> isinstance(m, folium.Map)
True
"""

from __future__ import annotations

from ._leaflet import TILE_CHOICES, render_html, render_map, save_map
from ._static import render_png
from ._style import load_style

__all__ = ["render_map", "render_html", "save_map", "render_png", "load_style", "TILE_CHOICES"]
