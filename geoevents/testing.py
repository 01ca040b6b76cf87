"""Helpers for testing code that uses geoevents (geoevents' own tests use them too).

Examples
--------
>>> from geoevents.testing import incident_row
>>> from geoevents.contract import from_records
>>> gdf = from_records([incident_row(), incident_row(event_id="SYR-a2", location="Aleppo")])
>>> list(gdf.location)
['Idlib', 'Aleppo']
"""

from __future__ import annotations

import json
from typing import Any

from .contract import COLUMNS

__all__ = ["incident_row"]


def incident_row(**overrides: Any) -> dict[str, Any]:
    """A valid incident record, every contract column present, with ``overrides`` applied.

    The default is one made-up report: an air strike on Idlib on 3 December
    2024 that killed four, from "Outlet A".
    """
    row: dict[str, Any] = {c.name: None for c in COLUMNS}
    row.update(
        event_id="SYR-a1",
        event_date="2024-12-03",
        time_precision=1,
        date_start="2024-12-03",
        date_end="2024-12-03",
        disorder_type="Political violence",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        actor1="Military Forces of Russia",
        inter1=8,
        country="Syria",
        iso3="SYR",
        admin1="Idlib",
        location="Idlib",
        latitude=35.9306,
        longitude=36.6339,
        geo_precision=1,
        location_relation="in",
        fatalities=4,
        source="Outlet A",
        source_url="https://a.example/1",
        published="2024-12-03",
        notes="Russian jets struck Idlib, killing four.",
        evidence=json.dumps([{"doc": "d1", "spans": {"location": [20, 25]}}]),
        confidence=0.7,
        doc_id="d1",
        origin="geoevents",
    )
    row.update(overrides)
    return row
