"""Geoparsing: find place names in text and resolve them against the offline gazetteer.

>>> from geoevents.geoparsing import geoparse
>>> [m.place.country_code for m in geoparse("Shelling hit Aleppo, Syria, on Monday.")]
['SY', 'SY']
"""

from __future__ import annotations

from .core import Geoparser, ParseResult, geoparse, parser_for, read_text

__all__ = ["geoparse", "Geoparser", "ParseResult", "parser_for", "read_text"]
