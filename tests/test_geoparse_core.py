"""Recognition, resolution, region phrases and bad input of the geoparser."""

from __future__ import annotations

import pytest

from geoevents.exc import InputError
from geoevents.geoparsing import Geoparser, geoparse, read_text


@pytest.fixture(scope="module")
def gp():
    return Geoparser()


def names(mentions):
    return [(m.text, m.place.country_code if m.place else None) for m in mentions]


def test_seed_article(seed_text):
    res = Geoparser().parse(seed_text)
    ms = res.mentions
    assert res.countries[0] == "SY"
    by_name = {}
    for m in ms:
        assert seed_text[m.start : m.end] == m.text
        if m.place:
            by_name.setdefault(m.place.name, []).append(m)
    assert {m.place.country_code for m in by_name["Aleppo"]} == {"SY"}
    assert {m.place.country_code for m in by_name["Idlib"]} == {"SY"}
    assert by_name["Damascus"][0].place.country_code == "SY"
    region = [m for m in ms if m.text == "northwestern Syria"]
    assert len(region) == 1 and region[0].relation == "region" and region[0].geo_precision == 3
    assert region[0].place.name == "Syria" and region[0].modifier == "northwestern"
    syria = region[0].place
    assert region[0].latitude > syria.latitude and region[0].longitude < syria.longitude
    texts = " | ".join(m.text for m in ms)
    for bad in ("Kurdistan", "Astana", "Kremlin", "Putin", "Erdoğan", "Vladimir", "PKK"):
        assert bad not in texts, f"{bad} taken as a place: {texts}"
    assert [m.start for m in ms] == sorted(m.start for m in ms)


@pytest.mark.parametrize(
    "text, phrase, relation, precision, modifier, kind",
    [
        (
            "Rebels advanced in northwestern Syria on Monday.",
            "northwestern Syria",
            "region",
            3,
            "northwestern",
            "country",
        ),
        ("Strikes hit southern Lebanon overnight.", "southern Lebanon", "region", 3, "southern", "country"),
        (
            "Shelling continued in the Aleppo countryside.",
            "the Aleppo countryside",
            "near",
            2,
            "countryside",
            None,
        ),
        ("Two villages in Idlib province were hit.", "Idlib province", "in", 3, "province", "admin1"),
        (
            "Clashes on the outskirts of Homs killed four.",
            "the outskirts of Homs",
            "near",
            2,
            "outskirts",
            "populated",
        ),
        (
            "An offensive in the northwestern province of Aleppo began.",
            "the northwestern province of Aleppo",
            "in",
            3,
            "province",
            "admin1",
        ),
        ("Troops entered northern Gaza again.", "northern Gaza", "region", 2, "northern", None),
        ("Fighting raged in eastern Ukraine.", "eastern Ukraine", "region", 3, "eastern", "country"),
    ],
)
def test_region_phrases(gp, text, phrase, relation, precision, modifier, kind):
    ms = gp.parse(text).mentions
    hit = [m for m in ms if m.text == phrase]
    assert hit, names(ms)
    m = hit[0]
    assert (m.relation, m.geo_precision, m.modifier) == (relation, precision, modifier)
    assert m.radius_km and m.radius_km > 0
    if kind:
        assert m.place.kind == kind
    assert text[m.start : m.end] == phrase


@pytest.mark.parametrize(
    "text, bad",
    [
        ("Jordan Peterson spoke in Toronto on Tuesday.", "Jordan"),
        ("The Kremlin said talks would continue.", "Kremlin"),
        ("Both joined the Astana process last year.", "Astana"),
        ("The PKK and the BJP issued statements.", "PKK"),
        ("In March, officials met.", "March"),
        ("Reading the report, she paused.", "Reading"),
        ("Mobile phones were seized.", "Mobile"),
        ("Police said the suspect fled.", "Police"),
        ("Of the dead, six were children.", "Of"),
        ("President Erdoğan met Mr. Putin.", "Putin"),
    ],
)
def test_not_places(gp, text, bad):
    ms = gp.parse(text).mentions
    assert not any(bad in m.text for m in ms if m.place), names(ms)


@pytest.mark.parametrize(
    "text, surface, cc",
    [
        ("Officials in the U.S. said so.", "U.S.", "US"),
        ("The UK sent aid.", "UK", "GB"),
        ("He lives in Washington, D.C., now.", "D.C.", "US"),
        ("A plant in Louisville, Ky., closed.", "Ky.", "US"),
        ("Fires spread across NSW this week.", "NSW", "AU"),
        ("Refugees fled the DRC in May.", "DRC", "CD"),
        ("Jordan closed its border.", "Jordan", "JO"),
        ("Turkey shelled the area.", "Turkey", "TR"),
    ],
)
def test_abbreviations_and_countries(gp, text, surface, cc):
    ms = gp.parse(text).mentions
    hit = [m for m in ms if m.text == surface]
    assert hit and hit[0].place.country_code == cc, names(ms)


def test_context_resolves_ambiguity(gp):
    us = gp.parse("A storm hit Paris, Texas, and nearby towns in Texas.").mentions
    assert us[0].text == "Paris" and us[0].place.country_code == "US"
    fr = gp.parse("Protesters marched in Paris as France debated the law.").mentions
    assert fr[0].place.country_code == "FR"
    syr = gp.parse("Syrian troops retook Palmyra after Russian air strikes.").mentions
    assert [m.place.country_code for m in syr if m.text == "Palmyra"] == ["SY"]


def test_focus_countries(gp):
    res = gp.parse("Ukrainian forces struck Russian positions near Kharkiv and Kupiansk.")
    assert res.countries[0] == "UA"


def test_as_dict_jsonl_shape(gp):
    m = gp.parse("Shelling hit Aleppo.").mentions[0]
    d = m.as_dict()
    for k in (
        "start",
        "end",
        "text",
        "name",
        "latitude",
        "longitude",
        "geonameid",
        "country_code",
        "feature_code",
        "admin1",
        "score",
    ):
        assert k in d
    assert d["geonameid"] == 170063 and 0 < d["score"] <= 1


def test_bad_input(gp):
    assert gp.parse("").mentions == []
    assert gp.parse("   \n").mentions == []
    with pytest.raises(InputError):
        gp.parse(None)  # type: ignore[arg-type]
    mixed = "قصف على حلب. Обстрел Харькова. Shelling in Aleppo and Харків."
    ms = gp.parse(mixed).mentions
    assert any(m.text == "Aleppo" for m in ms)
    for m in ms:
        assert mixed[m.start : m.end] == m.text
    big = ("Shelling in Aleppo was reported. " * 40_000).replace("\n", " ")  # ~1.3 MB, one line
    ms = gp.parse(big).mentions
    assert len(ms) == 40_000 and all(m.place.name == "Aleppo" for m in ms[:5])
    assert geoparse("xqzv " * 1000) == []


def test_read_text():
    assert read_text("Aleppo".encode("utf-8-sig")) == "Aleppo"
    assert read_text("Alep é".encode("cp1252")) == "Alep é"
    assert read_text("Aleppo".encode("utf-16")) == "Aleppo"
    with pytest.raises(InputError):
        read_text(b"")
    with pytest.raises(InputError):
        read_text(b"\x00\x01\x02\x03" * 100)


def test_near_and_radius(gp):
    ms = gp.parse("Shelling hit Kharkiv and Donetsk oblast; fighting near Bakhmut.").mentions
    by = {m.text: m for m in ms}
    assert by["near Bakhmut"].relation == "near" and by["near Bakhmut"].geo_precision == 2
    assert by["Donetsk oblast"].place.kind == "admin1" and by["Donetsk oblast"].geo_precision == 3
    assert all(m.radius_km and m.radius_km > 0 for m in ms)


def test_shared_parser_per_gazetteer():
    from geoevents.gazetteer import Gazetteer
    from geoevents.geoparsing import parser_for

    gaz = Gazetteer.default()
    assert parser_for(gaz) is parser_for(gaz) is parser_for()
    assert [m.text for m in geoparse("Clashes in Tripoli, Libya.", gazetteer=gaz)] == ["Tripoli", "Libya"]


def test_adjectives_are_kept_apart(gp):
    res = gp.parse("Syrian and European officials met in Geneva.")
    assert [m.text for m in res.mentions] == ["Geneva"]
    assert [(m.text, m.place.name) for m in res.adjectives] == [("Syrian", "Syria"), ("European", "Europe")]
    assert res.demonyms == {"SY": 1}


@pytest.mark.parametrize(
    "text, surface, kind, code",
    [
        ("Houthi rebels attacked ships in the Red Sea on Tuesday.", "Red Sea", "region", "SEA"),
        ("Tankers crossed the Black Sea overnight.", "Black Sea", "region", "SEA"),
        ("Protests spread across Red Sea governorate.", "Red Sea governorate", "admin1", "ADM1"),
    ],
)
def test_waters_are_not_divisions(gp, text, surface, kind, code):
    """A sea is a water feature; a province named after it needs its division word."""
    m = next(m for m in gp.parse(text).mentions if m.text == surface)
    assert (m.place.kind, m.place.feature_code) == (kind, code)


def test_parts_of_water_names_are_not_towns(gp):
    ms = gp.parse("Pirates in the Gulf of Aden seized a ship; floods along the Jordan River rose.").mentions
    assert [m.text for m in ms if m.place is not None] == []


def test_town_sharing_its_division_name_is_the_town(gp):
    """'in Deir al-Balah' is the town (GeoNames: 'Dayr al Balah'); '... governorate' the division."""
    town = gp.parse("An Israeli strike in Deir al-Balah killed five people, Gaza's health ministry said.")
    m = next(m for m in town.mentions if m.text == "Deir al-Balah")
    assert (m.place.kind, m.place.country_code, m.geo_precision) == ("populated", "PS", 1)
    div = gp.parse("Shelling hit Deir al-Balah governorate on Monday.")
    m = next(m for m in div.mentions if m.text.startswith("Deir al-Balah"))
    assert m.place.kind == "admin2" and m.text == "Deir al-Balah governorate" and m.geo_precision == 3


def test_listed_counties_are_counties(gp):
    ms = gp.parse(
        "Flooding is affecting Becker, Clay, Douglas, Grant and Wilkin counties in Minnesota."
    ).mentions
    got = {m.text: m.place for m in ms if m.place is not None}
    for name in ("Becker", "Clay", "Douglas", "Grant", "Wilkin"):
        assert got[name].kind == "admin2" and got[name].name.startswith(name), (name, got.get(name))


def test_transliteration_of_a_seat_without_population(gp):
    """cities500 lists district seats without a population; their spelling variants still resolve."""
    ms = gp.parse("Airstrikes hit Maarat al-Numan in Idlib province on Sunday.").mentions
    m = next(m for m in ms if m.text == "Maarat al-Numan")
    assert (m.place.country_code, m.place.admin1, m.place.kind) == ("SY", "12", "populated")


def test_variant_inside_an_and_list_uses_the_article_context(gp):
    ms = gp.parse("Turkish-backed forces shelled Ras al-Ain and Tal Abyad in northeastern Syria.").mentions
    got = {m.text: m.place for m in ms if m.place is not None}
    assert got["Ras al-Ain"].country_code == "SY" and got["Tal Abyad"].country_code == "SY"
    both = gp.parse("Trinidad and Tobago played Bosnia and Herzegovina.").mentions
    assert [m.text for m in both] == ["Trinidad and Tobago", "Bosnia and Herzegovina"]


def test_other_names_are_not_spellings(gp):
    """A word that is only some place's alternate name, and no spelling of its name, is no place."""
    ms = gp.parse("Chen said the Faubourg was quiet that evening.").mentions
    assert [m.text for m in ms if m.place is not None] == []
    douma = gp.parse("Shelling hit Douma on Monday.").mentions  # a spelling of Dūmā: kept
    assert [(m.text, m.place.country_code) for m in douma] == [("Douma", "SY")]


def test_long_texts_are_read_in_windows(seed_text):
    """Windows (cut at sentence ends) find the same places at the same offsets as one pass."""
    whole = Geoparser().parse(seed_text).mentions
    small = Geoparser()
    small.WINDOW = 400
    windowed = small.parse(seed_text).mentions
    assert len(seed_text) > 4 * small.WINDOW
    same = {(m.start, m.end, m.place.name if m.place else None) for m in whole}
    got = {(m.start, m.end, m.place.name if m.place else None) for m in windowed}
    assert len(same & got) >= 0.9 * len(same)  # a window edge may split at most a name or two
    assert all(seed_text[m.start : m.end] == m.text for m in windowed)


def test_streets_are_places_in_the_article_town(gp):
    ms = gp.parse("Police found the car on Royal Street in New Orleans on Friday.").mentions
    street = next(m for m in ms if m.text == "Royal Street")
    assert street.modifier == "street" and street.relation == "near" and street.geo_precision == 2
    assert street.place.name == "New Orleans"
    assert not any(m.text == "Royal" for m in ms)


def test_buildings_are_places_in_the_article_town(gp):
    ms = gp.parse("Israeli forces raided al-Shifa Hospital in Gaza City on Monday.").mentions
    hosp = next(m for m in ms if m.text == "al-Shifa Hospital")
    assert hosp.place.country_code == "PS" and hosp.relation == "near" and hosp.geo_precision == 2
    # a building named after its town still names the town; a town whose name ends so is the town
    assert [
        (m.text, m.place.country_code) for m in gp.parse("Mass was held at Manila Cathedral.").mentions
    ] == [("Manila", "PH")]
    park = gp.parse("A crash closed roads in Bethel Park, Pennsylvania.").mentions
    assert park[0].text == "Bethel Park" and park[0].place.kind == "populated" and park[0].modifier is None


def test_mojibake_apostrophes_are_not_names(gp):
    ms = gp.parse("Itâ€™s raining in Dublin, Ohio. Weâ€™re fine, said Itâ s owner.").mentions
    assert [m.text for m in ms] == ["Dublin", "Ohio"]


def test_a_direction_before_a_place_is_a_region_phrase(gp):
    """'West Wales' is western Wales, not a person named West nor a spelling of West Allis."""
    ms = gp.parse("Bodies were found on a coastal path in West Wales.").mentions
    assert [(m.text, m.place.name, m.relation) for m in ms] == [("West Wales", "Wales", "region")]
