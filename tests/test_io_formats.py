"""Round trips through every format: the contract's columns and dtypes survive."""

from __future__ import annotations

import json
import sqlite3
import warnings

import pandas as pd
import pytest

from geoevents.contract import COLUMNS, from_records, validate
from geoevents.exc import InputError, SchemaError, UnknownFormatError
from geoevents.io import FORMATS, format_for, read_incidents, to_geojson, to_jsonl, write_incidents
from geoevents.io.synthetic import synthetic_incidents
from geoevents.testing import incident_row

EXT = {
    "geojson": "geojson",
    "gpkg": "gpkg",
    "parquet": "parquet",
    "csv": "csv",
    "jsonl": "jsonl",
    "fgb": "fgb",
}


def _row(**kw):
    base = dict(
        event_id="SYR-aaa111",
        civilian_targeting=True,
        fatalities=2,
        fatalities_low=2,
        fatalities_high=4,
        source="Wire",
        source_url="https://example.org/x",
        notes='Warplanes struck "a market"; <b>two</b> killed, comma, here.',
        evidence=json.dumps([{"doc": "d1", "spans": {"location": [30, 35]}}]),
        confidence=0.8,
    )
    return incident_row(**{**base, **kw})


@pytest.fixture()
def frame():
    return from_records(
        [
            _row(),
            _row(
                event_id="UKR-bbb222",
                event_date="2024-11-28",
                date_start="2024-11-25",
                date_end="2024-12-01",
                time_precision=2,
                country="Ukraine",
                iso3="UKR",
                location="Kharkiv",
                latitude=49.9935,
                longitude=36.2304,
                fatalities=None,
                fatalities_low=None,
                fatalities_high=None,
                civilian_targeting=False,
                inter1=None,
                notes="Ünïcode — and a tab\there",
                claim=True,
                injuries=7,
                evidence=None,
                confidence=None,
            ),
            _row(
                event_id="MLI-ccc333",
                latitude=None,
                longitude=None,
                location="somewhere in Mali",
                country="Mali",
                iso3="MLI",
                geo_precision=3,
                location_relation="region",
                published=None,
                flags="unlocated",
            ),
        ]
    )


def _same(a, b):
    a = a.sort_values("event_id").reset_index(drop=True)
    b = b.sort_values("event_id").reset_index(drop=True)
    for c in COLUMNS:
        assert str(a[c.name].dtype) == c.dtype == str(b[c.name].dtype), c.name
        pd.testing.assert_series_equal(a[c.name], b[c.name], check_names=False, obj=c.name)
    assert a.crs.to_epsg() == b.crs.to_epsg() == 4326


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_keeps_columns_and_dtypes(frame, tmp_path, fmt):
    path = tmp_path / f"incidents.{EXT[fmt]}"
    write_incidents(frame, path)
    assert format_for(path) == fmt
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a clean file reads without a single repair
        back = read_incidents(path)
    validate(back)
    _same(frame, back)
    # the unlocated incident stays unlocated: no point at (0, 0) or NaN
    row = back.set_index("event_id").loc["MLI-ccc333"]
    assert pd.isna(row["latitude"]) and pd.isna(row["longitude"])


def test_month_partitioned_parquet(frame, tmp_path):
    root = tmp_path / "ds"
    write_incidents(frame, root, partition_by_month=True)
    parts = sorted(p.name for p in root.iterdir())
    assert parts == ["event_month=2024-11", "event_month=2024-12"]
    back = read_incidents(root)
    _same(frame, back)
    # pyarrow reads the same directory as one table, with the month as a column
    import pyarrow.dataset as ds

    t = ds.dataset(root, format="parquet", partitioning="hive").to_table()
    assert t.num_rows == 3 and "event_month" in t.column_names
    # rewriting replaces it
    write_incidents(frame.iloc[:1], root, partition_by_month=True)
    assert len(read_incidents(root)) == 1


def test_partitioned_write_refuses_foreign_directory(frame, tmp_path):
    root = tmp_path / "mine"
    root.mkdir()
    (root / "thesis.docx").write_text("precious")
    with pytest.raises(InputError, match="not a geoevents GeoParquet dataset"):
        write_incidents(frame, root, partition_by_month=True)
    assert (root / "thesis.docx").read_text() == "precious"


def test_geojson_string(frame):
    fc = json.loads(to_geojson(frame))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 3
    f = {x["id"]: x for x in fc["features"]}
    p = f["SYR-aaa111"]["properties"]
    assert list(p)[: len(COLUMNS)] == [c.name for c in COLUMNS]
    assert p["event_date"] == "2024-12-03" and p["fatalities"] == 2 and p["civilian_targeting"] is True
    assert f["SYR-aaa111"]["geometry"] == {"type": "Point", "coordinates": [36.6339, 35.9306]}
    assert f["MLI-ccc333"]["geometry"] is None
    assert f["UKR-bbb222"]["properties"]["fatalities"] is None
    assert f["UKR-bbb222"]["properties"]["published"] == "2024-12-03"


def test_jsonl_string(frame):
    lines = to_jsonl(frame).splitlines()
    assert len(lines) == 3
    objs = [json.loads(x) for x in lines]
    assert objs[1]["date_start"] == "2024-11-25" and objs[1]["claim"] is True and objs[1]["injuries"] == 7
    assert to_jsonl(frame.iloc[:0]) == ""


def test_gpkg_is_a_real_geopackage(frame, tmp_path):
    path = tmp_path / "x.gpkg"
    write_incidents(frame, path)
    con = sqlite3.connect(path)
    try:
        (app_id,) = con.execute("PRAGMA application_id").fetchone()
        assert app_id == 0x47504B47  # 'GPKG'
        srs = con.execute("SELECT srs_id FROM gpkg_geometry_columns WHERE table_name='incidents'").fetchone()
        assert srs == (4326,)
    finally:
        con.close()


def test_format_detection_by_content(frame, tmp_path):
    p = tmp_path / "noext"
    write_incidents(frame, p, format="gpkg")
    assert format_for(p) == "gpkg"
    j = tmp_path / "lines.json"
    j.write_text(to_jsonl(frame))
    assert format_for(j) == "jsonl"
    assert len(read_incidents(j)) == 3
    with pytest.raises(UnknownFormatError):
        format_for(tmp_path / "x.docx")
    with pytest.raises(UnknownFormatError):
        write_incidents(frame, tmp_path / "x.out", format="shapefile")


def test_empty_and_garbage_files(tmp_path):
    e = tmp_path / "empty.gpkg"
    e.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_incidents(e)
    b = tmp_path / "bin.geojson"
    b.write_bytes(b"\x00\x01\x02garbage\xff")
    with pytest.raises(InputError):
        read_incidents(b)
    with pytest.raises(FileNotFoundError):
        read_incidents(tmp_path / "nope.gpkg")


def test_empty_frame_round_trips(tmp_path, frame):
    for fmt in ("parquet", "gpkg", "geojson", "csv"):
        p = tmp_path / f"e.{fmt}"
        write_incidents(frame.iloc[:0], p)
        assert len(read_incidents(p)) == 0


def test_user_geojson_with_few_columns_is_filled_and_warned(tmp_path):
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [36.29, 33.51]},
                "properties": {"event_date": "2024-12-01", "event_type": "Battles", "notes": "my own note"},
            },
        ],
    }
    p = tmp_path / "mine.geojson"
    p.write_text(json.dumps(fc))
    with pytest.warns(UserWarning, match="left missing"):
        g = read_incidents(p)
    assert g.loc[0, "latitude"] == 33.51 and g.loc[0, "longitude"] == 36.29
    assert g.loc[0, "origin"] == "user" and g.loc[0, "event_id"].startswith("UNK-")
    # stable: the same file gives the same id
    with pytest.warns(UserWarning):
        assert read_incidents(p).loc[0, "event_id"] == g.loc[0, "event_id"]


def test_missing_required_columns_is_a_clear_error(tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_text('{"event_id": "a", "latitude": 1, "longitude": 2}\n')
    with pytest.raises(SchemaError, match="missing columns 'event_date', 'event_type'"):
        read_incidents(p)


def test_bad_jsonl_line_is_skipped_with_warning(tmp_path, frame):
    p = tmp_path / "x.jsonl"
    p.write_text(to_jsonl(frame) + "{not json\n")
    with pytest.warns(UserWarning, match="line 4 is not JSON"):
        assert len(read_incidents(p)) == 3
    with pytest.raises(InputError, match="line 4"):
        read_incidents(p, errors="raise")


def test_synthetic_is_well_formed_and_stable():
    a = synthetic_incidents(500, seed=3)
    validate(a)
    b = synthetic_incidents(500, seed=3)
    assert a["event_id"].equals(b["event_id"]) and a["latitude"].equals(b["latitude"])
    assert a["event_id"].is_unique


def test_polygon_features_become_flagged_points(tmp_path):
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "u1",
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[36.0, 35.0], [37.0, 35.0], [37.0, 36.0], [36.0, 36.0], [36.0, 35.0]]],
                },
                "properties": {"event_date": "2024-12-01", "event_type": "Battles"},
            }
        ],
    }
    p = tmp_path / "area.geojson"
    p.write_text(json.dumps(fc))
    with pytest.warns(UserWarning):
        g = read_incidents(p)
    assert g.loc[0, "event_id"] == "u1" and g.geometry.iloc[0].geom_type == "Point"
    assert 35 < g.loc[0, "latitude"] < 36 and "geometry_to_point" in g.loc[0, "flags"]
