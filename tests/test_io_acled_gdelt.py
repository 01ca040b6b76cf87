"""ACLED CSV and GDELT 2.0 event files, and validation on read."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from geoevents.contract import validate
from geoevents.exc import SchemaError
from geoevents.io import DataWarning, format_for, read_incidents, write_incidents
from geoevents.io.acled import ACLED_COLUMNS
from geoevents.io.gdelt import GDELT_COLUMNS, cameo_to_acled

DATA = Path(__file__).parent / "data" / "formats"


def _read(name, **kw):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        g = read_incidents(DATA / name, **kw)
    return g, [str(x.message) for x in w if issubclass(x.category, DataWarning)]


def test_acled_export_maps_to_contract():
    g, warned = _read("acled_sample.csv")
    assert warned == []
    validate(g)
    assert len(g) == 6 and set(g["origin"]) == {"acled"}
    r = g.set_index("event_id")
    assert r.loc["SYR900001", "civilian_targeting"] is True or bool(r.loc["SYR900001", "civilian_targeting"])
    assert not r.loc["SYR900002", "civilian_targeting"]
    assert r.loc["SYR900001", "iso3"] == "SYR" and r.loc["SDN900004", "iso3"] == "SDN"
    assert r.loc["SYR900001", "event_date"] == pd.Timestamp("2024-12-03")
    # named interaction codes (newer exports) and numbers (older ones) read the same
    assert r.loc["SYR900002", "inter1"] == 2 and r.loc["SYR900002", "inter2"] == 1
    assert r.loc["SYR900001", "inter1"] == 8
    # week and month precision become a date range around event_date
    assert r.loc["UKR900003", "date_start"] == pd.Timestamp("2024-11-25")
    assert r.loc["UKR900003", "date_end"] == pd.Timestamp("2024-12-01")
    assert r.loc["SDN900004", "date_start"] == pd.Timestamp("2024-11-01")
    assert r.loc["SDN900004", "date_end"] == pd.Timestamp("2024-11-30")
    assert r.loc["SYR900002", "fatalities"] == 12
    # ACLED columns without a contract column are kept
    assert r.loc["MLI900005", "acled_tags"] == "crowd size=hundreds"
    assert r.loc["SYR900001", "acled_region"] == "Middle East"


def test_acled_round_trip(tmp_path):
    g, _ = _read("acled_sample.csv")
    out = tmp_path / "out.csv"
    write_incidents(g, out)
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert tuple(header[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    back = read_incidents(out)
    for col in (
        "event_id",
        "event_date",
        "date_start",
        "inter1",
        "civilian_targeting",
        "iso3",
        "latitude",
        "notes",
        "fatalities",
        "origin",
        "acled_tags",
        "acled_region",
    ):
        pd.testing.assert_series_equal(g[col], back[col], check_names=False, obj=col)
    raw = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert raw.loc[0, "civilian_targeting"] == "Civilian targeting"
    assert raw.loc[0, "iso"] == "760" and raw.loc[0, "interaction"] == "78"
    # ACLED-only layout for tools that reject unknown columns
    write_incidents(g, out, acled_only=True)
    assert tuple(pd.read_csv(out, nrows=0).columns) == ACLED_COLUMNS


def test_bad_acled_rows_are_repaired_with_warnings_never_silently():
    g, warned = _read("acled_bad.csv")
    validate(g)
    r = g.set_index("event_id")
    text = "\n".join(warned)
    # lat 95 and lon 200: not mapped, flagged, warned
    assert pd.isna(r.loc["SYR900001", "latitude"]) and "bad_coordinates" in r.loc["SYR900001", "flags"]
    assert pd.isna(r.loc["SYR900002", "longitude"]) and "bad_coordinates" in r.loc["SYR900002", "flags"]
    assert "not a place on Earth" in text
    # swapped lat/lon for a known country: swapped back
    assert r.loc["UKR900003", "latitude"] == pytest.approx(49.9935)
    assert r.loc["SYR900007", "latitude"] == pytest.approx(33.5102)
    assert r.loc["SYR900007", "longitude"] == pytest.approx(36.2913)
    assert "swapped_latlon" in r.loc["SYR900007", "flags"] and "look swapped" in text
    # unreadable date: missing, flagged
    assert pd.isna(r.loc["SDN900004", "event_date"]) and "bad_date" in r.loc["SDN900004", "flags"]
    assert "32 Smarch 2024" in text
    # duplicated id of a different incident: renamed, flagged
    assert "MLI900005-dup2" in r.index and "duplicate_id" in r.loc["MLI900005-dup2", "flags"]
    assert "duplicate event_id" in text
    assert len(g) == 7  # nothing dropped


def test_bad_acled_rows_raise_when_asked():
    with pytest.raises(SchemaError, match=r"acled_bad.csv: column 'event_date', row 3 .*32 Smarch 2024"):
        read_incidents(DATA / "acled_bad.csv", errors="raise")


def test_exact_duplicate_rows_are_dropped_with_warning(tmp_path):
    lines = (DATA / "acled_sample.csv").read_text(encoding="utf-8").splitlines()
    p = tmp_path / "dup.csv"
    p.write_text("\n".join(lines + [lines[1]]) + "\n", encoding="utf-8")
    with pytest.warns(DataWarning, match="repeats an earlier row"):
        g = read_incidents(p)
    assert len(g) == 6


def test_acled_file_without_needed_columns(tmp_path):
    p = tmp_path / "cut.csv"
    df = pd.read_csv(DATA / "acled_sample.csv", dtype=str).drop(columns=["latitude", "event_date"])
    df.to_csv(p, index=False)
    with pytest.raises(SchemaError, match="without columns 'event_date', 'latitude'"):
        read_incidents(p)


def test_cp1252_csv_is_read_with_a_warning(tmp_path):
    text = (DATA / "acled_sample.csv").read_text(encoding="utf-8").replace("Idleb city", "Idleb café")
    p = tmp_path / "win.csv"
    p.write_bytes(text.encode("cp1252"))
    with pytest.warns(DataWarning, match="not UTF-8"):
        g = read_incidents(p)
    assert "café" in g.loc[0, "notes"]


def test_gdelt_events_map_to_acled_types():
    assert format_for(DATA / "gdelt_sample.export.CSV") == "gdelt"
    assert len(GDELT_COLUMNS) == 61
    g, warned = _read("gdelt_sample.export.CSV")
    validate(g)
    assert any("outside CAMEO roots 18-20" in w for w in warned)
    r = g.set_index("event_id")
    assert len(g) == 5 and set(g["origin"]) == {"gdelt"}
    a = r.loc["SYR-gdelt1200000001"]
    assert (a["event_type"], a["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert a["location"] == "Idlib, Idlib, Syria" and a["latitude"] == pytest.approx(35.9306)
    assert a["country"] == "Syria" and a["inter1"] == 1 and a["inter2"] == 7 and bool(a["civilian_targeting"])
    assert a["source"] == "news.example.org" and a["source_url"] == "https://news.example.org/a1"
    assert pd.isna(a["fatalities"]) and pd.isna(a["confidence"])
    assert r.loc["UKR-gdelt1200000003", "iso3"] == "UKR"  # FIPS UP -> ISO UKR
    assert r.loc["SDN-gdelt1200000004", "iso3"] == "SDN"  # FIPS SU -> ISO SDN
    iraq = r.loc["IRQ-gdelt1200000005"]
    assert (
        iraq["geo_precision"] == 3 and "country_centroid" in iraq["flags"] and "cameo_approx" in iraq["flags"]
    )
    assert "cameo_approx" in r.loc["SYR-gdelt1200000002", "flags"]


def test_gdelt_keep_other():
    g, warned = _read("gdelt_sample.export.CSV", keep_other=True)
    assert len(g) == 7 and not any("outside CAMEO" in w for w in warned)
    r = g.set_index("event_id")
    assert r.loc["MLI-gdelt1200000007", "event_type"] == "Riots"
    assert r.loc["MLI-gdelt1200000006", "event_type"] == "Strategic developments"


def test_cameo_mapping_table():
    assert cameo_to_acled("1831")[:2] == ("Explosions/Remote violence", "Suicide bomb")
    assert cameo_to_acled("1821")[:2] == ("Violence against civilians", "Sexual violence")
    assert cameo_to_acled("193") == ("Battles", "Armed clash", True)
    assert cameo_to_acled("190")[2] is False
    assert cameo_to_acled("2041")[:2] == ("Explosions/Remote violence", "Chemical weapon")
    assert cameo_to_acled("173") is None
    assert cameo_to_acled("145") is None and cameo_to_acled("145", keep_other=True)[0] == "Riots"


def test_gdelt_wrong_column_count(tmp_path):
    p = tmp_path / "g.tsv"
    p.write_text("\t".join(["x"] * 20) + "\n")
    with pytest.raises(SchemaError, match="61 tab-separated columns; this one has 20"):
        read_incidents(p, format="gdelt")


def test_swap_inside_a_country_box_is_caught_with_the_gazetteer():
    """Aleppo (36.20 N, 37.13 E) swapped lies in Syria's coarse box; the gazetteer says: Turkey."""
    from geoevents.io.checks import prepare

    try:
        from geoevents.gazetteer import Gazetteer

        Gazetteer.default().reverse(36.2, 37.1)
    except Exception as err:  # pragma: no cover - depends on the gazetteer build
        pytest.skip(f"gazetteer not available: {err}")
    df = pd.DataFrame(
        {
            "event_id": ["a", "b"],
            "event_date": ["2024-12-01"] * 2,
            "event_type": ["Battles"] * 2,
            "iso3": ["SYR", "SYR"],
            "latitude": [37.1343, 36.2021],
            "longitude": [36.2021, 37.1343],
        }
    )
    with pytest.warns(DataWarning, match="look swapped"):
        g = prepare(df, where="t")
    assert g.loc[0, "latitude"] == pytest.approx(36.2021) and g.loc[0, "flags"] == "swapped_latlon"
    assert pd.isna(g.loc[1, "flags"])


def test_zipped_gdelt_export_as_published(tmp_path):
    import zipfile

    z = tmp_path / "20241203120000.export.CSV.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(DATA / "gdelt_sample.export.CSV", "20241203120000.export.CSV")
    assert format_for(z) == "gdelt"
    with pytest.warns(DataWarning):
        g = read_incidents(z)
    assert len(g) == 5 and set(g["origin"]) == {"gdelt"}
