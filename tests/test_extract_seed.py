"""The first real article, coded as issue 4 asks (read from ../shared/seed)."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest

import geoevents
from geoevents.contract import validate

pytestmark = pytest.mark.issue(4)


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


ALEPPO = (36.2012, 37.1612)
IDLIB = (35.9306, 36.6339)


@pytest.fixture(scope="module")
def seed(seed_text):
    gdf = geoevents.extract(seed_text, published="2024-12-03", source="seed", url="https://example.org/seed")
    validate(gdf)
    return gdf


def _day(ts):
    return ts.date() if ts is not None and not (isinstance(ts, float) and math.isnan(ts)) else None


def _rows(gdf):
    return [r for _, r in gdf.iterrows()]


def test_seed_offensive_on_aleppo(seed):
    rows = [r for r in _rows(seed) if r.event_type == "Battles"]
    assert len(rows) in (1, 2), seed[["event_type", "sub_event_type", "location"]]
    r = next(r for r in rows if r.sub_event_type == "Non-state actor overtakes territory")
    assert r.time_precision == 2
    assert date(2024, 11, 25) <= _day(r.event_date) <= date(2024, 12, 1)
    assert date(2024, 11, 25) <= _day(r.date_start) and _day(r.date_end) <= date(2024, 12, 1)
    assert r.fatalities == 60
    assert r.admin1 == "Aleppo" or km(r.latitude, r.longitude, *ALEPPO) < 60


def _strikes(gdf):
    return [r for r in _rows(gdf) if r.sub_event_type == "Air/drone strike"]


def test_seed_russian_strikes_in_aleppo_the_same_day(seed):
    hits = [r for r in _strikes(seed) if km(r.latitude, r.longitude, *ALEPPO) <= 25 and _day(r.event_date) == date(2024, 11, 30)]
    assert len(hits) == 1
    r = hits[0]
    assert r.actor1 == "Military Forces of Russia"
    assert r.geo_precision == 1
    assert r.event_type == "Explosions/Remote violence"


def test_seed_russian_strikes_in_idlib(seed):
    hits = [r for r in _strikes(seed) if km(r.latitude, r.longitude, *IDLIB) <= 25 and _day(r.event_date) == date(2024, 11, 30)]
    assert len(hits) == 1
    assert hits[0].actor1 == "Military Forces of Russia"


def test_seed_sunday_strikes_in_northwestern_syria(seed):
    hits = [r for r in _strikes(seed) if _day(r.event_date) == date(2024, 12, 1)]
    assert len(hits) == 1
    r = hits[0]
    assert r.fatalities == 25
    assert r.geo_precision == 3
    assert km(r.latitude, r.longitude, *IDLIB) <= 150
    assert "Syria" in r.actor1 or "Russia" in r.actor1


def test_seed_us_strike_toward_damascus(seed):
    hits = [r for r in _strikes(seed) if r.actor1 == "Military Forces of the United States"]
    assert len(hits) == 1
    r = hits[0]
    assert "Iraq" in (r.actor2 or "") and "Militia" in (r.actor2 or "")
    assert r.location_relation == "toward"
    assert r.geo_precision == 3
    assert r.dest_location == "Damascus"
    assert r.time_precision in (1, 2, 3) and r.event_date is not None


def test_seed_gives_nothing_it_must_not(seed):
    assert not any(_day(d) and _day(d).year == 2016 for d in seed.event_date)
    notes = " ".join(seed.notes.dropna())
    for sentence_bit in ("phone", "maintain contact", "vowed", "Astana", "suffered significant losses"):
        assert sentence_bit not in notes, sentence_bit
    assert not seed.location.fillna("").str.contains("Kurdistan|Astana|Moscow|Kremlin").any()
    assert (seed.event_type != "Strategic developments").sum() == 5


def test_seed_every_field_points_back_to_its_span(seed, seed_text):
    for _, r in seed.iterrows():
        ev = json.loads(r.evidence)
        spans = ev[0]["spans"]
        for field in ("event_type", "notes"):
            assert field in spans
        for a, b in spans["notes"]:
            assert seed_text[a:b] in r.notes
        if "location" in spans and r.location_relation in ("in", "toward"):
            a, b = spans["location"][0]
            assert seed_text[a:b]
        if "fatalities" in spans:
            a, b = spans["fatalities"][0]
            assert str(r.fatalities) in seed_text[a:b] or "More than" in seed_text[a:b]


def test_seed_same_input_same_ids(seed, seed_text):
    again = geoevents.extract(seed_text, published="2024-12-03", source="seed", url="https://example.org/seed")
    assert list(again.event_id) == list(seed.event_id)


def test_seed_offensive_actors(seed):
    r = seed[seed.sub_event_type == "Non-state actor overtakes territory"].iloc[0]
    assert r.actor1 == "Rebel Groups (Syria)" and r.inter1 == 2
    assert r.actor2 == "Military Forces of Syria" and r.inter2 == 1


def test_seed_sunday_strikes_actors(seed):
    r = [x for x in _strikes(seed) if _day(x.event_date) == date(2024, 12, 1)][0]
    assert r.actor1 == "Military Forces of Syria"
    assert r.assoc_actor_1 == "Military Forces of Russia"  # "along with their Russian allies"
    assert "Rebels" in r.actor2 and "Syria" in r.actor2
