"""The compiled gazetteer: lookups, variants, points, seats, demonyms, reverse, geopy."""

from __future__ import annotations

import pytest

from geoevents.exc import GazetteerError, InputError
from geoevents.gazetteer import Gazetteer, OfflineGeocoder, geocode, haversine_km


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


@pytest.mark.parametrize(
    "query, cc, name",
    [
        ("Aleppo", "SY", "Aleppo"),
        ("Idleb", "SY", "Idlib"),
        ("Deir al-Zour", "SY", "Deir ez-Zor"),
        ("Dayr az Zawr", "SY", "Deir ez-Zor"),
        ("Kiev", "UA", "Kyiv"),
        ("Kharkov", "UA", "Kharkiv"),
        ("Syria's", "SY", "Syria"),
        ("al-Bab", "SY", "Al Bāb"),
        ("DAMASCUS", "SY", "Damascus"),
        ("Springfield, Ill.", "US", "Springfield"),
        ("U.S.", "US", "United States"),
    ],
)
def test_variants_resolve(gaz, query, cc, name):
    best = gaz.geocode(query)[0]
    assert best.country_code == cc
    assert best.name == name


def test_context_narrows_to_division(gaz):
    assert gaz.geocode("Springfield, Ill.")[0].admin1_name == "Illinois"
    assert gaz.geocode("Springfield, MA")[0].admin1_name == "Massachusetts"


def test_country_point_is_not_capital(gaz):
    ru = gaz.country("RU")
    moscow = gaz.seat_of(ru)
    assert moscow is not None and moscow.name == "Moscow"
    assert haversine_km(ru.latitude, ru.longitude, moscow.latitude, moscow.longitude) > 1000
    assert ru.kind == "country" and ru.feature_code == "PCLI"


def test_country_points_come_from_natural_earth(gaz):
    """Every country point says where it comes from; most are Natural Earth landmass centres."""
    import csv
    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "gazetteer" / "sources" / "country_points.csv"
    rows = list(csv.DictReader(src.open(encoding="utf-8")))
    assert len(rows) > 200 and all(r["source"].startswith("world-atlas") for r in rows)
    for cc in ("RU", "US", "SY", "FJ"):
        p = gaz.country(cc)
        assert gaz.point_source(p).startswith("world-atlas")
        assert gaz.reverse(p.latitude, p.longitude)["country_code"] == cc  # on its own land
    fj = gaz.country("FJ")  # across the antimeridian: still on Fiji, not in the Atlantic
    assert fj.longitude > 170 or fj.longitude < -170


def test_division_points_come_from_outlines(gaz):
    """First-level divisions and US counties sit at the centre of their real outlines."""
    a1 = gaz.admin1("SY", "09")  # Aleppo governorate
    assert gaz.point_source(a1).startswith("Natural Earth admin-1")
    assert gaz.reverse(a1.latitude, a1.longitude)["admin1"] == a1.name
    county = gaz.admin2("US", "GA", "089")  # DeKalb County, Georgia
    assert gaz.point_source(county).startswith("US Census county outline")
    assert gaz.reverse(county.latitude, county.longitude)["admin1"] == "Georgia"


def test_division_has_own_point_and_seat(gaz):
    a1 = gaz.admin1("SY", "09")
    assert a1.kind == "admin1" and a1.admin1 == "09"
    seat = gaz.seat_of(a1)
    assert seat.name == "Aleppo" and seat.kind == "populated"
    assert (a1.latitude, a1.longitude) != (seat.latitude, seat.longitude)
    assert gaz.seat_of(seat) is None


def test_division_word_prefers_division(gaz):
    p = gaz.geocode("Idlib province")[0]
    assert p.kind == "admin1" and p.country_code == "SY"


def test_country_info_and_codes(gaz):
    info = gaz.country_info("SY")
    assert info["iso3"] == "SYR" and info["iso2"] == "SY" and info["name"] == "Syria"
    assert gaz.country_info("SYR")["iso2"] == "SY"
    with pytest.raises(InputError):
        gaz.country_info("Atlantis")


@pytest.mark.parametrize(
    "word, cc",
    [
        ("Syrian", "SY"),
        ("Russian", "RU"),
        ("Iraqi", "IQ"),
        ("American", "US"),
        ("Ukrainian", "UA"),
        ("Turkish", "TR"),
        ("Syrians", "SY"),
    ],
)
def test_demonyms(gaz, word, cc):
    assert gaz.demonym(word) == cc


def test_demonym_unknown(gaz):
    assert gaz.demonym("Aleppo") is None


def test_reverse(gaz):
    r = gaz.reverse(36.2, 37.16)
    assert r["country_code"] == "SY" and r["admin1"] == "Aleppo"
    assert gaz.reverse(0.0, -30.0)["country_code"] is None  # mid-Atlantic
    with pytest.raises(InputError):
        gaz.reverse(95, 0)


def test_lookup_all_candidates(gaz):
    cands = gaz.lookup("Paris")
    assert len({p.country_code for p in cands}) > 1
    assert all(p.country_code == "US" for p in gaz.lookup("Paris", country="US"))


def test_get_and_info(gaz):
    assert gaz.get(170063).name == "Aleppo"
    assert gaz.get(-999_999_999) is None
    info = gaz.info()
    assert info["counts"]["populated"] > 200_000 and info["counts"]["country"] > 240
    assert "GeoNames" in info["credit"]


def test_bad_queries(gaz):
    with pytest.raises(InputError):
        gaz.geocode("   ")
    with pytest.raises(InputError):
        gaz.geocode(None)  # type: ignore[arg-type]
    assert gaz.geocode("Xqzvvtlk") == []
    assert gaz.geocode("حلب")[0].country_code == "SY"  # Arabic script alternate name


def test_missing_file_is_clear(tmp_path):
    with pytest.raises(GazetteerError, match="missing"):
        Gazetteer(tmp_path / "nope.sqlite")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(GazetteerError):
        Gazetteer(bad)


def test_geopy_geocoder():
    from geopy.geocoders.base import Geocoder
    from geopy.location import Location

    g = OfflineGeocoder()
    assert isinstance(g, Geocoder)
    loc = g.geocode("Aleppo")
    assert isinstance(loc, Location) and loc.raw["country_code"] == "SY"
    assert round(loc.latitude) == 36
    many = g.geocode("Springfield", exactly_one=False, limit=3)
    assert len(many) == 3
    rev = g.reverse((33.51, 36.29))
    assert rev.raw["country_code"] == "SY"
    assert geocode("Damascus").raw["geonameid"] == 170654


def test_fallback_is_opt_in_cached_and_rate_limited(tmp_path):
    """The online fallback is only used when asked, hits the online service once per query."""
    from geopy.geocoders.base import Geocoder
    from geopy.location import Location
    from geopy.point import Point

    from geoevents.gazetteer import FallbackGeocoder

    class Recording(Geocoder):  # stands in for an online service: tests never use the network
        def __init__(self):
            super().__init__()
            self.calls = []

        def geocode(self, query, exactly_one=True, **kw):
            self.calls.append(query)
            return Location("Somewhere", Point(1.0, 2.0), {})

    online = Recording()
    fb = FallbackGeocoder(online, min_delay_seconds=0.0, cache_path=tmp_path / "c.sqlite")
    assert fb.geocode("Aleppo").raw["country_code"] == "SY"  # offline answer, no online call
    assert online.calls == []
    assert fb.geocode("Xqzvvtlk Farm").latitude == 1.0
    assert fb.geocode("Xqzvvtlk Farm").latitude == 1.0  # from the cache
    assert online.calls == ["Xqzvvtlk Farm"]
    with pytest.raises(InputError):
        FallbackGeocoder(None)  # type: ignore[arg-type]


def _build_module():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "gazetteer" / "build.py"
    spec = importlib.util.spec_from_file_location("_gazetteer_build", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_airport_names_keep_an_airport_word():
    names = _build_module().airport_names
    assert names("Engels Air Base", "Engels") == ["Engels Air Base", "Engels Airbase"]
    assert names("London Heathrow Airport", "London") == ["London Heathrow Airport", "Heathrow Airport"]
    assert "Erbil Airport" in names("Erbil International Airport", "Erbil")
    assert names("Ganzhou", "Ganzhou") == ["Ganzhou Airport"]  # never the bare town name
    assert names("Long Beach (Daugherty Field) Airport", "Long Beach")[1] == "Long Beach Airport"
    assert names("Tofino / Long Beach Airport", "Tofino") == ["Tofino / Long Beach Airport"]


def test_air_bases_resolve_to_their_own_point():
    from geoevents.geoparsing import Geoparser

    res = Geoparser().parse("Rockets hit Al Asad Air Base in western Iraq; drones struck Engels Air Base.")
    sites = [m for m in res.mentions if m.place is not None and m.place.kind == "site"]
    assert [(m.text, m.place.country_code, m.place.feature_code) for m in sites] == [
        ("Al Asad Air Base", "IQ", "AIRB"),
        ("Engels Air Base", "RU", "AIRB"),
    ]
    assert all(m.geo_precision == 1 for m in sites)
    assert abs(sites[0].place.latitude - 33.79) < 0.05 and abs(sites[0].place.longitude - 42.44) < 0.05
    assert sites[0].place.admin1_name == "Al Anbar"  # division codes of the nearest town
    # the town named like an airport stays the town
    assert Geoparser().parse("Officials in Ganzhou said.").mentions[0].place.kind == "populated"
