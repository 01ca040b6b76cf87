"""Value types shared by the gazetteer, the geoparser and extraction.

:class:`Place` is one gazetteer record; :class:`PlaceMention` is a span of a
document that names a place, with the place it was resolved to (or ``None``
when the resolver is unsure: unresolved beats wrong).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Place", "PlaceMention", "PLACE_KINDS"]

#: What a gazetteer record is.
PLACE_KINDS = ("country", "admin1", "admin2", "populated", "region", "user", "other")


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer record, immutable.

    ``latitude``/``longitude`` are the record's own representative point: a
    country or division has its own point, never its capital's.
    """

    name: str
    latitude: float
    longitude: float
    kind: str
    geonameid: int | None = None
    country_code: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None  # GeoNames admin1 code, e.g. "09" for SY.09
    admin1_name: str | None = None
    admin2: str | None = None
    admin2_name: str | None = None
    feature_code: str | None = None  # GeoNames feature code (PPLA, ADM1, PCLI...)
    population: int = 0
    source: str | None = None  # where the row comes from (geonames-cities500, curated, user...)

    def __post_init__(self):
        if not (-90.0 <= self.latitude <= 90.0):
            raise ValueError(f"latitude {self.latitude} of {self.name!r} is outside [-90, 90]")
        if not (-180.0 <= self.longitude <= 180.0):
            raise ValueError(f"longitude {self.longitude} of {self.name!r} is outside [-180, 180]")


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A span of text naming a place, and what it resolved to.

    ``latitude``/``longitude`` are the point the *phrase* stands for, which
    differs from ``place``'s own point for region phrases ("northwestern
    Syria" is a point in the north-west of Syria, with ``relation`` "region",
    ``geo_precision`` 3 and a ``radius_km``). ``place`` is ``None`` when the
    name was recognised but could not be resolved with confidence.
    """

    start: int
    end: int
    text: str
    place: Place | None
    score: float = 0.0
    latitude: float | None = None
    longitude: float | None = None
    relation: str = "in"  # in, near, region (see geoevents.contract.RELATIONS)
    geo_precision: int | None = None  # 1 town, 2 near/part of, 3 region
    radius_km: float | None = None
    modifier: str | None = None  # "northwestern", "countryside", "outskirts", "province"...

    @property
    def name(self) -> str | None:
        return self.place.name if self.place else None

    def as_dict(self) -> dict:
        """The JSON form used by ``geoevents geoparse --format jsonl``."""
        p = self.place
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "name": p.name if p else None,
            "latitude": self.latitude if self.latitude is not None else (p.latitude if p else None),
            "longitude": self.longitude if self.longitude is not None else (p.longitude if p else None),
            "geonameid": p.geonameid if p else None,
            "country_code": p.country_code if p else None,
            "feature_code": p.feature_code if p else None,
            "admin1": p.admin1_name if p else None,
            "kind": p.kind if p else None,
            "relation": self.relation,
            "geo_precision": self.geo_precision,
            "score": round(self.score, 4),
        }
