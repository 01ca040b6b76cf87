"""User additions and rebuilds, kept outside the package in the user's geoevents home.

``add_user_places(path)`` stores the places of a CSV or GeoJSON file in
``user_home()/user-places.sqlite``; ``build_gazetteer(dumps)`` copies the
packaged gazetteer to ``user_home()/gazetteer.sqlite`` and merges official
GeoNames dumps into it. :meth:`Gazetteer.default` uses both when present.
Set ``GEOEVENTS_HOME`` to keep them elsewhere.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..exc import GazetteerError, InputError
from .core import Gazetteer, packaged_path, user_home

__all__ = ["add_user_places", "build_gazetteer", "user_db_path", "remove_user_places"]


def user_db_path() -> Path:
    """The SQLite file holding user additions."""
    return user_home() / "user-places.sqlite"


def add_user_places(path, *, db_path=None) -> dict:
    """Add the places of a CSV (name, latitude, longitude[, country_code, aliases, kind]) or GeoJSON file.

    Returns ``{"added": n, "problems": [...], "db": path}``; bad rows are
    reported and skipped, never fatal to the rest.
    """
    from .importer import DumpFormatError, read_user_places, write_user_places

    path = Path(path)
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.stat().st_size == 0:
        raise InputError(f"{path} is empty")
    try:
        recs, problems = read_user_places(path)
    except DumpFormatError as err:
        raise InputError(str(err)) from err
    if not recs:
        raise InputError(f"{path}: no usable places ({'; '.join(problems[:3]) or 'no rows'})")
    db = Path(db_path) if db_path else user_db_path()
    n = write_user_places(db, recs, source=path.name)
    Gazetteer.reset_default()
    return {"added": n, "problems": problems, "db": str(db)}


def remove_user_places(*, db_path=None) -> bool:
    """Delete every user addition; True if there were any."""
    db = Path(db_path) if db_path else user_db_path()
    if db.exists():
        db.unlink()
        Gazetteer.reset_default()
        return True
    return False


def build_gazetteer(dumps=(), *, out=None, base=None) -> dict:
    """Copy the packaged gazetteer to the user home and merge GeoNames dumps into it.

    Parameters
    ----------
    dumps : sequence of path-like
        Official GeoNames dumps (``XX.zip``, ``allCountries.zip``, ``cities500.zip`` or ``.txt``).
    out : path-like, optional
        Output file; default ``user_home()/gazetteer.sqlite`` (used by :meth:`Gazetteer.default`).
    base : path-like, optional
        Gazetteer to start from; default the packaged one.
    """
    from .importer import DumpFormatError, import_geonames_dump

    base = Path(base) if base else packaged_path()
    if not base.exists():
        raise GazetteerError(f"the packaged gazetteer is missing at {base}; run `python gazetteer/build.py`")
    out = Path(out) if out else user_home() / "gazetteer.sqlite"
    for d in dumps:
        if not Path(d).exists():
            raise InputError(f"no such GeoNames dump: {d}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    shutil.copyfile(base, tmp)
    counts = {}
    try:
        for d in dumps:
            counts[str(d)] = import_geonames_dump(tmp, Path(d))
    except DumpFormatError as err:
        tmp.unlink(missing_ok=True)
        raise InputError(str(err)) from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(out)
    Gazetteer.reset_default()
    return {"path": str(out), "imported": counts}
