"""The one error tree of geoevents.

Every error the library raises on purpose derives from :class:`GeoeventsError`
and also from the builtin that describes it best, so callers may catch either.
Each carries a stable ``code`` (``E0xx``) that the CLI prints and tests check.
"""

from __future__ import annotations

__all__ = [
    "GeoeventsError",
    "InputError",
    "SchemaError",
    "GazetteerError",
    "UnknownFormatError",
    "StoreError",
    "StoreLockedError",
    "MissingDependencyError",
]


class GeoeventsError(Exception):
    """Base of every error raised on purpose by geoevents."""

    code = "E000"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code

    def __str__(self) -> str:  # pragma: no cover - trivial
        return super().__str__()


class InputError(GeoeventsError, ValueError):
    """An input document or option cannot be used (empty, binary, bad date...)."""

    code = "E010"


class SchemaError(GeoeventsError, ValueError):
    """A frame breaks the incident contract; the message names column and row."""

    code = "E020"

    def __init__(self, message: str, *, column: str | None = None, row=None, code: str | None = None):
        super().__init__(message, code=code)
        self.column = column
        self.row = row


class GazetteerError(GeoeventsError, LookupError):
    """The gazetteer is missing, corrupt, or cannot answer."""

    code = "E030"


class UnknownFormatError(GeoeventsError, ValueError):
    """A file format geoevents cannot read or write."""

    code = "E040"


class StoreError(GeoeventsError, OSError):
    """The incident store cannot be opened, read or written."""

    code = "E050"


class StoreLockedError(StoreError):
    """Another process holds the store's write lock."""

    code = "E051"


class MissingDependencyError(GeoeventsError, ImportError):
    """An optional dependency needed for this feature is not installed."""

    code = "E060"
