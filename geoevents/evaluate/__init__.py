"""Built-in evaluation against research corpora.

:mod:`geoevents.evaluate.geoparse` scores place recognition and resolution on
LGL and GeoWebNews; :mod:`geoevents.evaluate.events` scores event location.
Submodules are imported on use.
"""

from __future__ import annotations

__all__ = ["evaluate_geoparse", "format_report"]


def __getattr__(name: str):
    if name in ("evaluate_geoparse", "format_report"):
        from . import geoparse

        return getattr(geoparse, name)
    raise AttributeError(f"module 'geoevents.evaluate' has no attribute {name!r}")
