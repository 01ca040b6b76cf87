"""Constructions an ACLED coder meets every day, each with the coding expected."""

from __future__ import annotations

import pytest

import geoevents

pytestmark = pytest.mark.issue(4)

CASES = [
    # text, sub_event_type, actor1, actor2, fatalities
    ("Russian forces captured the village of Krasnohorivka in Donetsk region on Saturday.",
     "Armed clash", "Military Forces of Russia", None, None),
    ("A car bombing killed 5 people in Mogadishu on Sunday.",
     "Remote explosive/landmine/IED", "Unidentified Armed Group (Somalia)", None, 5),
    ("Washington condemned the airstrike in Khan Younis on Monday that killed 9 people.",
     "Air/drone strike", None, None, 9),
    ("The Houthis fired a missile at a ship off Hodeidah on Sunday.",
     "Shelling/artillery/missile attack", "Houthi Movement", None, None),
    ("The ELN bombed an oil pipeline near Saravena, Colombia, on Monday.",
     "Remote explosive/landmine/IED", None, None, None),
    ("Police in Nairobi fired tear gas and live rounds to disperse protesters on Tuesday, killing at least two people.",
     "Excessive force against protesters", "Protesters (Kenya)", "Police Forces of Kenya", 2),
    ("Protesters fought with police in Dhaka on Monday.",
     "Violent demonstration", "Protesters (Bangladesh)", "Police Forces of Bangladesh", None),
    ("Three militants were killed by soldiers near Maiduguri on Monday.",
     "Armed clash", "Military Forces of Nigeria", "Rebel Groups (Nigeria)", 3),
    ("Syrian forces used chlorine gas in an attack on Douma on Saturday.",
     "Chemical weapon", "Military Forces of Syria", None, None),
    ("Hundreds of farmers staged a sit-in in Lahore on Monday.",
     "Peaceful protest", "Protesters (Pakistan)", None, None),
    ("Gunmen killed between five and seven people in a market near Jos on Monday.",
     "Attack", "Unidentified Armed Group (Nigeria)", None, 5),
    ("A soldier was killed near Gao on Monday when his patrol was ambushed.",
     "Armed clash", None, None, 1),
    ("Clashes between the Malian army and JNIM fighters near Tessit on Monday killed 12 people.",
     "Armed clash", "Military Forces of Mali", "JNIM: Group for Support of Islam and Muslims", 12),
    ("At least 12 people were killed in an Israeli strike on a house in Deir al-Balah on Tuesday.",
     "Air/drone strike", "Military Forces of Israel", None, 12),
]


@pytest.mark.parametrize("text, sub, actor1, actor2, fatalities", CASES, ids=[c[0][:40] for c in CASES])
def test_extract_codes_like_acled(text, sub, actor1, actor2, fatalities):
    gdf = geoevents.extract(text, published="2025-06-11")
    assert len(gdf) == 1, gdf[["sub_event_type", "location"]]
    r = gdf.iloc[0]
    assert r.sub_event_type == sub
    if actor1 is not None:
        assert r.actor1 == actor1
    if actor2 is not None:
        assert r.actor2 == actor2
    if fatalities is not None:
        assert r.fatalities == fatalities
    if sub in ("Peaceful protest", "Violent demonstration"):
        assert not r.civilian_targeting
