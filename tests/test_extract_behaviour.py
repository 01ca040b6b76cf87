"""Extraction codes reports as an analyst would: incidents, not mentions; conservative counts; flags."""

from __future__ import annotations

import json

import pytest

import geoevents
from geoevents.contract import validate

pytestmark = pytest.mark.issue(4)
PUB = "2025-06-10"  # a Tuesday


def ex(text, published=PUB):
    gdf = geoevents.extract(text, published=published, source="test")
    validate(gdf)
    return gdf


def flags(row):
    return set((row["flags"] or "").split(";")) if isinstance(row["flags"], str) else set()


@pytest.mark.parametrize(
    "text",
    [
        "The weather in Kyiv was mild on Monday and markets were calm.",
        "The army vowed to retake Bakhmut and could launch an offensive soon.",
        "Israeli forces denied carrying out an airstrike on Rafah.",
        "The two leaders spoke by phone and agreed to maintain contact.",
        "Officials warned that militants might attack Mosul next month.",
        "The city was retaken by government forces in 2016.",
        "",
    ],
)
def test_extract_statements_plans_denials_and_background_are_not_incidents(text):
    assert len(ex(text)) == 0


@pytest.mark.parametrize(
    "text, sub",
    [
        ("Russian warplanes bombed Idlib on Monday.", "Air/drone strike"),
        ("Artillery shelled Kherson on Monday.", "Shelling/artillery/missile attack"),
        (
            "A roadside bomb exploded near Kandahar on Monday, killing two soldiers.",
            "Remote explosive/landmine/IED",
        ),
        ("A suicide bomber blew himself up at a market in Mogadishu on Monday.", "Suicide bomb"),
        (
            "Gunmen abducted 20 students from a school in Kaduna on Thursday.",
            "Abduction/forced disappearance",
        ),
        ("Hundreds of protesters rallied in Tbilisi on Sunday against the government.", "Peaceful protest"),
        ("Police fired tear gas to disperse protesters in Nairobi on Monday.", "Protest with intervention"),
        ("Clashes erupted between the army and rebels near Goma on Friday.", "Armed clash"),
        ("The two sides signed a ceasefire agreement in Doha on Friday.", "Agreement"),
        (
            "Rebels seized the town of Bunagana on Monday after heavy fighting.",
            "Non-state actor overtakes territory",
        ),
    ],
)
def test_extract_codes_acled_sub_event_types(text, sub):
    gdf = ex(text)
    assert list(gdf.sub_event_type) == [sub]


def test_extract_concurrent_tactics_take_the_higher_type():
    gdf = ex("Rebels seized the town of Bunagana on Monday after shelling and heavy fighting with the army.")
    assert list(gdf.sub_event_type) == ["Non-state actor overtakes territory"]


def test_extract_conflicting_counts_keep_lowest_and_range():
    gdf = ex(
        "Russian missiles struck Odesa on Tuesday, killing 12 people. "
        "Local officials later said 15 people were killed in the Odesa strike."
    )
    assert len(gdf) == 1
    r = gdf.iloc[0]
    assert (r.fatalities, r.fatalities_low, r.fatalities_high) == (12, 12, 15)
    assert "contradictory_counts" in flags(r)
    assert r.actor1 == "Military Forces of Russia"


def test_extract_killed_wounded_captured_kept_apart():
    r = ex("Artillery shelled Kharkiv on Monday, killing three civilians and wounding 11.").iloc[0]
    assert (r.fatalities, r.injuries) == (3, 11)
    assert r.civilian_targeting


def test_extract_more_than_keeps_open_range():
    r = ex("More than 60 people were killed in clashes near Goma on Monday.").iloc[0]
    assert (r.fatalities, r.fatalities_low) == (60, 60)
    assert r.fatalities_high is None or str(r.fatalities_high) == "<NA>"


def test_extract_impossible_future_and_absurd_are_flagged_not_trusted():
    r = ex("Artillery shelled Kharkiv on 31 February, killing two people.").iloc[0]
    assert "impossible_date" in flags(r)
    r = ex("Gunmen attacked a village near Maiduguri on 12 June 2026, killing five people.").iloc[0]
    assert "future_date" in flags(r)
    r = ex("Militants killed a million people in an attack on a village near Goma on Monday.").iloc[0]
    assert "absurd_count" in flags(r) and r.fatalities is None or str(r.fatalities) == "<NA>"
    assert r.confidence < 0.7


def test_extract_claims_are_attributed_with_lower_confidence():
    claim = ex(
        "Islamic State militants claimed to have killed ten soldiers near Tikrit on Sunday, "
        "a claim that could not be independently verified."
    ).iloc[0]
    plain = ex("Islamic State militants killed ten soldiers near Tikrit on Sunday.").iloc[0]
    assert claim.claim and not plain.claim
    assert "Islamic State" in claim.attribution
    assert claim.confidence < plain.confidence


def test_extract_attribution_is_not_an_actor():
    r = ex("According to Ukraine's military intelligence, Russian forces shelled Kherson on Friday.").iloc[0]
    assert r.attribution == "Ukraine's military intelligence"
    assert r.actor1 == "Military Forces of Russia"


@pytest.mark.parametrize(
    "text, relation, precision, name",
    [
        (
            "Clashes erupted between the army and rebels 20 km south of Aleppo on Friday.",
            "offset",
            2,
            "Aleppo",
        ),
        ("Fighting raged between Bakhmut and Soledar on Monday.", "between", 2, "Bakhmut"),
        ("Shelling hit the outskirts of Homs on Monday.", "near", 2, "Homs"),
        ("Airstrikes hit Idlib province on Monday.", "region", 3, "Idlib"),
        ("Airstrikes hit southern Lebanon on Monday.", "region", 3, "Lebanon"),
    ],
)
def test_extract_place_relations_and_precision(text, relation, precision, name):
    r = ex(text).iloc[0]
    assert r.location_relation == relation
    assert r.geo_precision == precision
    assert name in r.location or name in (r.dest_location or "")


def test_extract_offset_moves_the_point():
    r = ex("Clashes erupted between the army and rebels 20 km south of Aleppo on Friday.").iloc[0]
    assert r.latitude < 36.2 - 0.15  # about 0.18 degrees of latitude south of Aleppo city
    assert abs(r.longitude - 37.16) < 0.05


def test_extract_anaphora_the_city():
    gdf = ex("Troops entered Mosul on Monday. Heavy clashes were reported in the city on Tuesday.")
    assert "Mosul" in set(gdf.location)


def test_extract_distinct_strikes_on_distinct_places_stay_distinct_and_retellings_merge():
    gdf = ex(
        "Airstrikes hit Idlib on Monday. Airstrikes also hit Aleppo on Monday. The strikes killed nine people in Idlib."
    )
    assert sorted(gdf.location) == ["Aleppo", "Idlib"]
    both = ex(
        "Airstrikes hit Idlib on Monday, killing four people. Airstrikes hit Idlib on Monday, activists said."
    )
    assert len(both) == 1
    assert len(json.loads(both.iloc[0].evidence)[0]["spans"]["notes"]) == 2


def test_extract_long_input_is_coded_in_blocks():
    para = (
        "Russian warplanes bombed Idlib on Monday, killing four people.\n"
        + ("Markets were calm. " * 200 + "\n") * 3
    )
    text = para * 40  # about 0.46 MB: coded block by block
    gdf = ex(text)
    assert len(gdf) >= 1
    ev = json.loads(gdf.iloc[0].evidence)[0]["spans"]["event_type"][0]
    assert text[ev[0] : ev[1]].lower().startswith("bomb") or "warplanes" in text[ev[0] : ev[1]].lower()


def test_extract_no_one_killed_is_zero():
    r = ex(
        "Officials said a drone strike on Sumy overnight on Monday damaged an apartment block; no one was killed."
    ).iloc[0]
    assert r.fatalities == 0


def test_extract_close_but_distinct_towns_stay_distinct():
    gdf = ex(
        "An Israeli airstrike hit a car in Nabatieh on Sunday, killing two people.\n"
        "Israeli warplanes also struck targets 10 km east of Tyre, the state news agency reported."
    )
    assert len(gdf) == 2


def test_extract_a_later_sentence_can_make_incidents_claims():
    gdf = ex(
        "Fighters of the Rapid Support Forces attacked civilians in a camp near El Fasher on 8 June, killing at least 40 people.\n"
        "Dozens of residents were abducted during the raid, the activists added. The claims could not be independently verified."
    )
    assert len(gdf) == 2 and gdf.claim.all()
    abduction = gdf[gdf.sub_event_type == "Abduction/forced disappearance"].iloc[0]
    assert abduction.actor1 == "Rapid Support Forces"  # the raid's perpetrators
    assert "El Fasher" in abduction.location  # the raid's place


def test_extract_the_speaker_who_acted_is_actor1():
    r = ex(
        "The army said it had recaptured two villages near Djibo on Monday after heavy fighting with jihadist militants."
    ).iloc[0]
    assert r.sub_event_type == "Government regains territory"
    assert r.actor1 == "Military Forces of Burkina Faso"


def test_extract_protests_without_named_protesters_get_acled_default():
    r = ex("In Mombasa, a peaceful rally by traders took place on Monday.").iloc[0]
    assert r.actor1 == "Protesters (Kenya)" and r.inter1 == 6


def test_extract_now_starts_a_new_time_frame():
    gdf = ex(
        "On Sunday, airstrikes hit Idlib.\nNow, American forces are striking too. "
        "A convoy was heading towards Damascus when American fighter jets struck it."
    )
    us = gdf[gdf.actor1 == "Military Forces of the United States"].iloc[0]
    assert us.time_precision == 2 and "date_from_publication" in flags(us)


def test_extract_a_village_the_gazetteer_lacks_is_placed_near_its_known_neighbour():
    r = ex("Government forces shelled the village of Qarqarzeh near Raqqa on Monday, killing three civilians.").iloc[0]
    assert r.location == "Qarqarzeh"
    assert r.geo_precision == 2 and r.location_relation == "near"
    assert "place_not_in_gazetteer" in flags(r)
    assert abs(r.latitude - 35.95) < 0.6 and abs(r.longitude - 39.0) < 0.6  # at Raqqa, the place it is near


def test_extract_counts_and_dates_details():
    r = ex("Shelling on February 30 killed 4 people in Kharkiv.").iloc[0]
    assert r.fatalities == 4 and "impossible_date" in flags(r)  # the 30 of a bad date is no count
    r = ex("Shelling wounded 11 people in Kharkiv on Monday.").iloc[0]
    assert (r.fatalities, r.injuries) == (0, 11)  # wounded only: no fatalities (ACLED)
    r = ex("Gunmen killed 7 villagers in Zzyzxqtown on Monday.").iloc[0]
    assert "no_location" in flags(r)
    r = ex("Shelling killed 3 people in Kharkiv on December 28.", published="2024-12-03").iloc[0]
    assert str(r.event_date.date()) == "2023-12-28"  # news tells the past


def test_extract_one_sentence_several_incidents_in_several_places():
    gdf = ex("Russian missiles struck Kharkiv on Monday, killing 4, while drones hit Odesa, killing 2, "
             "and shelling in Kherson killed 1.")
    got = sorted(zip(gdf.location, gdf.fatalities))
    assert got == [("Kharkiv", 4), ("Kherson", 1), ("Odesa", 2)]
    gdf = ex("A roadside bomb killed three soldiers in Kandahar on Monday; separately, gunmen abducted two aid workers in Herat.")
    assert sorted(gdf.sub_event_type) == ["Abduction/forced disappearance", "Remote explosive/landmine/IED"]


def test_extract_invisible_characters_neither_hide_names_nor_shift_evidence():
    text = "Russian\u200b warplanes bombed Ale\u00adppo, Syria, on Monday, killing 12 people."
    r = ex(text).iloc[0]
    assert (r.location, r.actor1, r.fatalities) == ("Aleppo", "Military Forces of Russia", 12)
    spans = json.loads(r.evidence)[0]["spans"]
    assert text[slice(*spans["location"][0])] == "Ale\u00adppo"
    assert text[slice(*spans["fatalities"][0])] == "killing 12 people"


def test_extract_headlines_in_capitals_keep_their_actors():
    r = ex("ON MONDAY, RUSSIAN AIRSTRIKES KILLED 12 PEOPLE IN ALEPPO, SYRIA.").iloc[0]
    assert (r.actor1, r.location, r.fatalities) == ("Military Forces of Russia", "Aleppo", 12)
    r = ex("HAMAS FIGHTERS CLASHED WITH ISRAELI TROOPS IN GAZA ON MONDAY.").iloc[0]
    assert (r.actor1, r.actor2) == ("Hamas Movement", "Military Forces of Israel")


def test_a_day_without_a_year_is_not_guessed_without_a_publication_date():
    from geoevents.extraction import extract_records

    (r,) = extract_records("Russian jets struck Idlib on 3 December, killing 4 people.", published=None)
    assert r["event_date"] is None and "no_published_date" in r["flags"]
    (r,) = extract_records("Russian jets struck Idlib on 3 December 2024, killing 4 people.", published=None)
    assert str(r["event_date"]) == "2024-12-03"


def test_an_undated_file_is_warned_once_not_once_per_article(tmp_path):
    import json

    from geoevents.pipeline import run_corpus

    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps({"text": f"Shelling killed {n} people in Kharkiv on Monday."}) + "\n"
                            for n in range(2, 6)))
    _, run = run_corpus([path])
    warned = [p for p in run.problems if "publication date" in p.reason]
    assert len(warned) == 1 and warned[0].reason.startswith("4 of 4 articles")


def test_a_month_without_a_year_that_begins_after_publication_is_last_years():
    from geoevents import extract
    from geoevents.contract import validate

    text = ("Prices in Changwon have doubled since May, traders said. "
            "A roadside bomb exploded 36 km north of Skopje, killing 41 soldiers.")
    gdf = extract(text, published="2025-04-30")
    validate(gdf)
    assert len(gdf) == 1 and (gdf["date_start"] <= gdf["event_date"]).all()
    assert str(gdf["event_date"].iloc[0].date()) <= "2025-04-30"
