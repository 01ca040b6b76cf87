"""The map's style: colours and icons per event type and sub-type group (``maps/style.json``)."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from ..exc import GeoeventsError

__all__ = ["load_style", "style_path", "SHAPES"]

#: Icon shapes the HTML client and the PNG renderer both draw.
SHAPES = (
    "circle",
    "square",
    "triangle",
    "triangle-down",
    "diamond",
    "star",
    "hexagon",
    "pentagon",
    "plus",
    "cross",
)

_HERE = Path(__file__).resolve().parent
_CANDIDATES = (
    _HERE.parent / "data" / "style.json",  # inside a wheel (force-included from maps/style.json)
    _HERE.parents[1] / "maps" / "style.json",  # a source checkout or editable install
)


def style_path() -> Path:
    """Return the style file in use."""
    for p in _CANDIDATES:
        if p.is_file():
            return p
    raise GeoeventsError("the map style (maps/style.json) is missing from this installation", code="E061")


@functools.lru_cache(maxsize=4)
def _load(path: str) -> dict:
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    for t in doc["types"] + [doc["unknown"]]:
        for g in t["groups"]:
            if g["shape"] not in SHAPES:
                raise GeoeventsError(f"style: unknown shape {g['shape']!r} in group {g['id']!r}", code="E061")
    return doc


def load_style(path: str | Path | None = None) -> dict:
    """Load the style (a dict: ``types`` with colours and groups, ``unknown``, ``marker``, ``tiles``).

    Parameters
    ----------
    path : str or Path, optional
        Another style file with the layout of ``maps/style.json``.
    """
    return _load(str(Path(path) if path else style_path()))
