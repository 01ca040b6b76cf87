"""The incident store: incidents that last, merge, and explain themselves.

:func:`open_store` opens (or creates) a store: a GeoPackage file by default
(the OGC SQLite container QGIS, GDAL and geopandas open directly; the
incidents are its ``incidents`` layer) or, for a ``postgresql://`` DSN, a
PostGIS database. Both have the same API:

* :meth:`IncidentStore.append` adds incidents in one transaction. An incident
  whose id is already stored adds nothing; a new report of a stored incident
  (see :mod:`geoevents.store.merge` for the rule) merges into it, keeping
  every source; the rest are added.
* :meth:`IncidentStore.query` returns a slice (dates, country, type, box).
* :meth:`IncidentStore.get` and :meth:`IncidentStore.explain` show one
  incident and why its reports were merged.
* :meth:`IncidentStore.mark_done` / :meth:`IncidentStore.is_done` remember
  which input documents (by content hash) were processed, for resumable batches.

Examples
--------
>>> import tempfile, os
>>> from geoevents.io.synthetic import synthetic_incidents
>>> path = os.path.join(tempfile.mkdtemp(), "incidents.gpkg")
>>> with open_store(path) as store:
...     result = store.append(synthetic_incidents(5, seed=2))
...     again = store.append(synthetic_incidents(5, seed=2))
>>> again.added, again.unchanged
(0, 5)
"""

from __future__ import annotations

import os

from .base import SCHEMA_VERSION, AppendDetail, AppendResult, IncidentStore, filter_frame
from .merge import MergeRecord, merge_incidents

__all__ = [
    "open_store",
    "IncidentStore",
    "AppendResult",
    "AppendDetail",
    "MergeRecord",
    "merge_incidents",
    "filter_frame",
    "is_store",
    "SCHEMA_VERSION",
]


def is_store(path_or_dsn: str | os.PathLike) -> bool:
    """Whether a path is a geoevents store (a GeoPackage with the store's tables) or a PostGIS DSN."""
    s = str(path_or_dsn)
    if s.startswith(("postgresql://", "postgresql+psycopg://", "postgres://", "postgresql+psycopg2://")):
        return True
    import sqlite3

    try:
        with open(s, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return False
        con = sqlite3.connect(f"file:{s}?mode=ro", uri=True)
        try:
            return (
                con.execute("SELECT 1 FROM sqlite_master WHERE name='geoevents_meta'").fetchone() is not None
            )
        finally:
            con.close()
    except (OSError, sqlite3.Error):
        return False


def open_store(
    path_or_dsn: str | os.PathLike,
    *,
    lock_timeout: float = 10.0,
    create: bool = True,
    schema: str = "public",
) -> IncidentStore:
    """Open an incident store, creating it if needed.

    Parameters
    ----------
    path_or_dsn : str or path-like
        A GeoPackage file (created when absent), or a ``postgresql://`` DSN
        (needs the ``postgis`` extra: sqlalchemy, geoalchemy2, psycopg).
    lock_timeout : float
        Seconds to wait for another process's write to finish before raising
        :class:`~geoevents.exc.StoreLockedError`.
    create : bool
        Create a missing GeoPackage (else raise ``FileNotFoundError``).
    schema : str
        PostGIS only: the database schema holding the store's tables.
    """
    s = str(path_or_dsn)
    if s.startswith(("postgresql://", "postgresql+psycopg://", "postgres://", "postgresql+psycopg2://")):
        from .postgis import PostgisStore

        return PostgisStore(s, lock_timeout=lock_timeout, schema=schema)
    from .gpkg import GpkgStore

    return GpkgStore(path_or_dsn, lock_timeout=lock_timeout, create=create)
