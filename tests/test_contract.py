"""The incident contract: columns, dtypes, validator messages."""

from __future__ import annotations


import pytest

from geoevents.contract import (
    COLUMN_NAMES,
    EVENT_TYPES,
    SUB_EVENT_TYPES,
    TAXONOMY,
    conform,
    disorder_type_for,
    empty_frame,
    event_type_for,
    from_records,
    make_event_id,
    validate,
)
from geoevents.exc import SchemaError
from geoevents.testing import incident_row


def _row(**over):
    return incident_row(**{**dict(event_id="SYR-1", inter1=1, civilian_targeting=False, fatalities_low=3, fatalities=3,
                                  date_start="2024-11-30", date_end="2024-11-30", event_date="2024-11-30",
                                  latitude=36.20124, longitude=37.16117, admin1="Aleppo", location="Aleppo",
                                  source="Wire", notes="Strikes hit Aleppo.", confidence=0.8), **over})


def test_contract_taxonomy_has_acled_25_subtypes():
    assert len(EVENT_TYPES) == 6
    assert len(SUB_EVENT_TYPES) == 25
    assert {d for d, _ in TAXONOMY.values()} == {"Political violence", "Demonstrations", "Strategic developments"}
    assert event_type_for("Shelling/artillery/missile attack") == "Explosions/Remote violence"
    assert disorder_type_for("Riots", "Mob violence") == "Political violence"
    assert disorder_type_for("Riots", "Violent demonstration") == "Demonstrations"


def test_contract_empty_frame_is_valid_with_every_column():
    gdf = empty_frame()
    assert tuple(gdf.columns[:-1]) == COLUMN_NAMES
    validate(gdf)


def test_contract_from_records_sets_dtypes_and_geometry():
    gdf = from_records([_row()])
    assert str(gdf["event_date"].dtype).startswith("datetime64")
    assert str(gdf["fatalities"].dtype) == "Int64"
    assert str(gdf["geo_precision"].dtype) == "Int8"
    assert gdf.crs.to_epsg() == 4326
    assert gdf.geometry.iloc[0].x == pytest.approx(37.16117)  # x is longitude
    assert gdf.geometry.iloc[0].y == pytest.approx(36.20124)


def test_contract_event_id_is_stable():
    assert make_event_id("doc", "Air/drone strike", "2024-11-30", iso3="SYR") == make_event_id(
        "doc", "Air/drone strike", "2024-11-30", iso3="SYR"
    )
    assert make_event_id("doc", "a") != make_event_id("doc", "b")


@pytest.mark.parametrize(
    "override, column, words",
    [
        ({"latitude": 95.0}, "latitude", "outside [-90, 90]"),
        ({"longitude": 200.0}, "longitude", "outside [-180, 180]"),
        ({"event_type": "Skirmish"}, "event_type", "not one of"),
        ({"geo_precision": 7}, "geo_precision", "not one of"),
        ({"location_relation": "inside"}, "location_relation", "not one of"),
        ({"event_date": "2024-02-31"}, "event_date", "cannot read"),
        ({"fatalities": "many"}, "fatalities", "not a number"),
        ({"fatalities": -2, "fatalities_low": None}, "fatalities", "negative"),
        ({"fatalities_low": 10}, "fatalities_low", "above fatalities"),
        ({"confidence": 1.5}, "confidence", "outside [0, 1]"),
        ({"evidence": "{not json"}, "evidence", "not a JSON list"),
        ({"date_start": "2024-12-01"}, "date_start", "after event_date"),
        ({"civilian_targeting": "perhaps"}, "civilian_targeting", "not true or false"),
    ],
)
def test_contract_validator_names_column_and_row(override, column, words):
    rows = [_row(event_id="SYR-0"), _row(event_id="SYR-bad", **override)]
    with pytest.raises(SchemaError) as info:
        from_records(rows)
    msg = str(info.value)
    assert f"'{column}'" in msg and words in msg
    assert "row 1" in msg
    assert info.value.column == column


def test_contract_validator_rejects_duplicate_ids_and_missing_columns():
    with pytest.raises(SchemaError, match="duplicate event_id"):
        from_records([_row(), _row()])
    gdf = from_records([_row()]).drop(columns=["fatalities"])
    with pytest.raises(SchemaError, match="missing column 'fatalities'"):
        validate(gdf)


def test_contract_validator_rejects_geometry_that_is_not_the_point():
    from shapely.geometry import Point

    gdf = from_records([_row()])
    gdf.loc[0, "geometry"] = Point(36.2, 37.16)  # swapped
    with pytest.raises(SchemaError, match="geometry is not the point"):
        validate(gdf)


def test_contract_conform_keeps_extra_columns():
    import pandas as pd

    df = pd.DataFrame([_row(my_tag="x")])
    gdf = conform(df)
    assert "my_tag" in gdf.columns and list(gdf.columns).index("my_tag") > list(gdf.columns).index("flags")


def test_contract_validator_accepts_empty_points_without_coordinates():
    from shapely.geometry import Point

    gdf = from_records([_row(), _row(event_id="SYR-2", latitude=None, longitude=None)])
    gdf.loc[1, "geometry"] = Point()
    validate(gdf)
