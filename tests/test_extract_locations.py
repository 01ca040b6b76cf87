"""Where an incident happened: places the gazetteer lacks, and which of a sentence's places the event word points at.

The sentences are written for these tests (invented village names where a
place must be unknown to the gazetteer); none comes from an evaluation corpus.
"""

from __future__ import annotations

import math
import re

import pytest

import geoevents
from geoevents.extraction.coder import event_locations, unlisted_places
from geoevents.geoparsing import geoparse

pytestmark = pytest.mark.issue(4)


def _names(text: str) -> list[str]:
    return [m.text for m in unlisted_places(text, [])]


@pytest.mark.parametrize(
    "text, names",
    [
        ("Militants shelled the settlements of Kafr Waqqas, Bir Haddad and Umm Tawil.", ["Kafr Waqqas", "Bir Haddad", "Umm Tawil"]),
        ("A car bomb went off near the Zahran crossing at dawn.", ["Zahran"]),
        ("Gunmen stormed al-Rashidiya School on Monday.", ["al-Rashidiya"]),
        ("A roadside bomb hit a convoy on Route 17 at noon.", ["Route 17"]),
        ("Troops entered Umm Tawil, a small town 40 km south of the capital.", ["Umm Tawil"]),
        ("Shells fell on the Jurn and Tell Saif villages overnight.", ["Jurn", "Tell Saif"]),
        ("Fighting raged in the Baghdad neighbourhood of Al-Qadisiya.", ["Baghdad", "Al-Qadisiya"]),
        ("Farmers sold grain at the Turkish market.", []),  # a nationality before a site is no place name
        ("Soldiers massed along the Turkish border.", ["Turkish"]),  # ... but a border is
        ("Officers of the 5th Armored Division base met on Monday.", []),  # a unit's name, not a place's
    ],
)
def test_places_the_gazetteer_lacks_are_found_by_their_cue_words(text, names):
    assert _names(text) == names


def _where(text: str, verb: str) -> list[str]:
    m = re.search(rf"\b{verb}\b", text)
    return [p.text for p in event_locations(text, m.span(), geoparse(text))]


def test_listed_villages_are_where_the_shelling_was_not_the_province_the_sentence_is_set_in():
    got = _where("In the province of Hama, gunmen shelled the settlements of Kafr Waqqas and Bir Haddad on Monday.", "shelled")
    assert got == ["Kafr Waqqas", "Bir Haddad"]


def test_a_bracketed_province_locates_the_village_before_it_and_the_list_goes_on():
    got = _where("Militants shelled the villages of Maharim (Hama province) and Jubb Ahmar (Idlib province).", "shelled")
    assert got == ["Maharim", "Jubb Ahmar"]


def test_the_tellers_place_and_the_origin_are_not_the_event_place():
    assert _where("According to a military source in Hama, the army shelled the town of Lataminah.", "shelled") == ["Lataminah"]
    got = _where("Fighters from a village near Homs attacked the town of Rastan overnight.", "attacked")
    assert len(got) == 1 and "Rastan" in got[0]


def test_a_country_as_a_modifier_is_no_event_place():
    assert _where("Two people were killed in a U.S. airstrike, officials said.", "killed") == []
    assert _where("The demonstrators protested against the Philippines' participation in the talks.", "protested") == []


def test_a_where_clause_puts_its_event_at_the_place_before_it():
    assert _where("Police arrested the suspect in Mosul, where a bomb exploded on Friday.", "exploded") == ["Mosul"]


def test_an_unlisted_village_is_coded_at_its_named_neighbour_with_lower_precision():
    gdf = geoevents.extract("Rebels shelled the village of Kafr Waqqas near Hama on Monday, killing two civilians.",
                            published="2024-12-03")
    assert len(gdf) == 1
    row = gdf.iloc[0]
    assert row["location"] == "Kafr Waqqas"
    assert row["geo_precision"] == 2 and "place_not_in_gazetteer" in (row["flags"] or "")
    lat, lon = 35.1318, 36.7578  # Hama
    d = 2 * 6371 * math.asin(math.sqrt(math.sin(math.radians(row["latitude"] - lat) / 2) ** 2 + math.cos(math.radians(lat))
                                       * math.cos(math.radians(row["latitude"])) * math.sin(math.radians(row["longitude"] - lon) / 2) ** 2))
    assert d < 30


def test_a_site_named_in_the_sentence_beats_the_town_that_opens_it():
    text = "Police said the market was quiet. In Gaza on Sunday, soldiers shot dead a man near the Zahran crossing point."
    assert _where(text, "shot") == ["Zahran"]
    gdf = geoevents.extract(text, published="2024-12-03")
    assert list(gdf["location"]) == ["Zahran"] and list(gdf["location_relation"]) == ["near"]
    assert list(gdf["geo_precision"]) == [2]
