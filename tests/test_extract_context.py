"""Coding details that depend on the sentence, not the whole article: the country of actors
named without a nationality, who is actor1 at a protest, who is speaking, air bases."""

from __future__ import annotations

import geoevents

MIXED = (
    "Russian forces shelled the town of Kupiansk overnight on Friday, killing four civilians, regional "
    "officials said.\n\n"
    "On 30/11/2024 militants abducted 12 aid workers near Goma, according to the UN.\n\n"
    "Several people were wounded in a grenade attack on a market in Mogadishu last week.\n\n"
    "Government troops retook the town of Saraqib from Hayat Tahrir al-Sham in early May, with many killed."
)


def _by_place(gdf):
    return {row.location: row for row in gdf.itertuples()}


def test_actors_without_nationality_take_the_country_of_their_sentence():
    g = _by_place(geoevents.extract(MIXED, published="2025-03-15"))
    assert g["Kupyansk"].actor2 == "Civilians (Ukraine)"
    assert g["Goma"].actor1.endswith("(Democratic Republic of the Congo)")
    assert g["Mogadishu"].actor1 == "Unidentified Armed Group (Somalia)"
    assert g["Saraqib"].actor1 == "Military Forces of Syria"


def test_a_sentence_without_places_keeps_the_article_focus():
    # the last incident was in Israel, but "the army" of a sentence naming no place is the
    # army of the country the article is about
    text = (
        "Israeli warplanes struck the southern Lebanese town of Bint Jbeil on Tuesday, killing three people.\n\n"
        "Hezbollah fighters fired rockets at the northern Israeli town of Kiryat Shmona hours later.\n\n"
        "The army dismissed the commander of the northern front on Wednesday."
    )
    g = geoevents.extract(text, published="2025-03-13")
    row = g[g.event_type == "Strategic developments"].iloc[0]
    assert row.actor1 == "Military Forces of Lebanon"
    assert g[g.location == "Qiryat Shmona"].actor1.iloc[0] == "Hezbollah"


def test_protesters_are_actor1_when_police_intervene():
    text = (
        "Hundreds of people rallied in central Beirut on Wednesday to protest against the war; "
        "police fired tear gas to disperse them."
    )
    g = geoevents.extract(text, published="2025-03-13")
    row = g[g.event_type == "Protests"].iloc[0]
    assert row.sub_event_type == "Protest with intervention"
    assert (row.actor1, row.actor2) == ("Protesters (Lebanon)", "Police Forces of Lebanon")


def test_attribution_is_the_speaker_not_the_next_capitalised_word():
    text = (
        "Ukraine's military intelligence said Ukrainian drones struck an oil depot 20 km south of Belgorod "
        "yesterday.\n\nIsraeli warplanes struck the town of Bint Jbeil on Tuesday, killing three people, "
        "Lebanon's health ministry said."
    )
    g = _by_place(geoevents.extract(text, published="2025-03-13"))
    assert g["Belgorod"].attribution == "Ukraine's military intelligence"
    assert g["Bent Jbaïl"].attribution == "Lebanon's health ministry"


def test_bare_army_and_paramilitary_fighters():
    text = (
        "Paramilitary fighters killed at least 40 people in an attack on a village near El Obeid on Saturday.\n\n"
        "Separately, army drones struck positions in Nyala, the capital of South Darfur, on Friday."
    )
    g = _by_place(geoevents.extract(text, published="2025-07-13"))
    assert g["Nyala"].actor1 == "Military Forces of the Sudan"
    assert g["El Obeid"].actor1 == "Militia (Sudan)"


def test_a_strike_on_an_air_base_is_placed_on_the_base():
    text = "Ukrainian drones struck the Engels Air Base in the Saratov region overnight on Sunday, killing two servicemen."
    g = geoevents.extract(text, published="2025-01-14")
    row = g.iloc[0]
    assert row.sub_event_type == "Air/drone strike" and row.geo_precision == 1
    assert "Engels" in row.location and row.admin1 == "Saratov Oblast"
    assert abs(row.latitude - 51.48) < 0.1 and abs(row.longitude - 46.21) < 0.1


def test_the_day_something_was_said_is_not_the_day_it_happened():
    text = "Gunmen killed at least 40 people in an attack on a village near El Obeid, a doctors' group said Sunday."
    row = geoevents.extract(text, published="2025-07-13").iloc[0]
    # reported on Sunday 13 July: the attack happened that day or in the week before
    assert row.time_precision == 2
    assert str(row.date_start.date()) == "2025-07-07" and str(row.date_end.date()) == "2025-07-13"
    # a date of its own wins over the day of the report
    text2 = "Gunmen killed 40 people near El Obeid on Saturday, a doctors' group said Sunday."
    row2 = geoevents.extract(text2, published="2025-07-13").iloc[0]
    assert row2.time_precision == 1 and str(row2.event_date.date()) == "2025-07-12"


def test_an_attack_on_a_village_is_violence_against_civilians():
    for text in (
        "Gunmen killed at least 40 people in an attack on a village in North Kordofan province on Saturday.",
        "Fighters stormed a village in North Kordofan on Saturday, killing 40 residents.",
    ):
        row = geoevents.extract(text, published="2025-07-13").iloc[0]
        assert (row.event_type, row.sub_event_type) == ("Violence against civilians", "Attack"), text
        assert row.actor2 == "Civilians (Sudan)" and row.civilian_targeting
        assert row.fatalities == 40
    # taking a base from soldiers stays a battle over territory
    row = geoevents.extract("Rebels overran an army base near Goma on Saturday, killing 12 soldiers.",
                            published="2025-07-13").iloc[0]
    assert row.sub_event_type == "Non-state actor overtakes territory"


def test_a_lede_and_its_retelling_are_one_incident():
    text = (
        "Paramilitary fighters killed at least 40 people in an attack on a village in Sudan's North Kordofan "
        "province, a doctors' group said Sunday.\n\n"
        "The Rapid Support Forces stormed the village of Shag Alnom, near the provincial capital of El Obeid, "
        "on Saturday, burning homes and shooting residents, the Sudan Doctors Network said in a statement.\n\n"
        "Separately, army drones struck RSF positions in Nyala, the capital of South Darfur, on Friday."
    )
    g = geoevents.extract(text, published="2025-07-13")
    attack = g[g.sub_event_type == "Attack"]
    assert len(attack) == 1  # the generic "paramilitary fighters" of the lede are the RSF of the next paragraph
    row = attack.iloc[0]
    assert (row.actor1, row.actor2, row.fatalities) == ("Rapid Support Forces", "Civilians (Sudan)", 40)
    assert str(row.event_date.date()) == "2025-07-12" and row.time_precision == 1
    assert (row.location, row.location_relation, row.geo_precision) == ("El Obeid", "near", 2)
    assert "Shag Alnom" in row.notes and "at least 40" in row.notes
    assert len(g[g.sub_event_type == "Air/drone strike"]) == 1


def test_the_weapon_names_its_user_and_the_speaker_may_be_an_official():
    text = (
        "A Russian ballistic missile struck a residential building in the center of the northeastern city of "
        "Sumy on Sunday morning, killing at least 11 people and wounding 84, Ukrainian officials said.\n\n"
        "Two people were killed and 12 injured when a Ukrainian drone hit a bus in the Russian-occupied city of "
        "Horlivka on Saturday, the Moscow-installed mayor said."
    )
    g = _by_place(geoevents.extract(text, published="2025-04-13"))
    assert g["Sumy"].actor1 == "Military Forces of Russia" and g["Sumy"].fatalities == 11
    assert g["Sumy"].injuries == 84
    assert g["Horlivka"].actor1 == "Military Forces of Ukraine"
    assert g["Horlivka"].attribution == "the Moscow-installed mayor"


GAZA = (
    "Israeli air strikes killed at least 27 Palestinians across the Gaza Strip on Tuesday, including 10 people "
    "sheltering in a school in Gaza City, the territory's civil defence agency said.\n\n"
    "In Khan Younis, in the south of the enclave, Israeli tanks pushed into the eastern outskirts of the city, "
    "residents said, and exchanged fire with Hamas fighters.\n\n"
    "Dozens of people protested in Tel Aviv on Tuesday evening, demanding a deal to free the hostages held in Gaza.\n\n"
    "The war began when Hamas-led militants attacked Israel on October 7, 2023, killing 1,200 people."
)


def test_background_more_than_a_year_old_is_no_incident():
    g = geoevents.extract(GAZA, published="2025-05-14")
    assert (g.event_date.dt.year >= 2025).all()
    assert not (g.fatalities == 1200).any()


def test_the_place_beside_the_event_decides_whose_protesters_and_tanks():
    g = _by_place(geoevents.extract(GAZA, published="2025-05-14"))
    assert g["Tel Aviv"].actor1 == "Protesters (Israel)"
    clash = g["Khān Yūnis"]
    assert (clash.actor1, clash.actor2) == ("Military Forces of Israel", "Hamas Movement")


def test_an_old_date_alone_still_dates_its_incident():
    # a retrospective (or an ACLED note re-published later) has no time of its own near publication
    text = "On 7 October 2023, militants attacked the town of Sderot, killing 20 people."
    row = geoevents.extract(text, published="2025-05-14").iloc[0]
    assert str(row.event_date.date()) == "2023-10-07"


def test_a_death_during_the_attack_just_told_belongs_to_it_and_a_march_with_arrests_is_one_protest():
    text = (
        "Gunmen abducted at least 25 students from a boarding school in northwestern Nigeria's Kebbi state early "
        "Monday, police said.\n\n"
        "A teacher was shot dead during the attack on the school, a police spokesman said.\n\n"
        "On Sunday, suspected jihadists killed 12 farmers in Borno state, local officials said.\n\n"
        "In Lagos, hundreds of people marched peacefully against rising fuel prices on Saturday. "
        "Police arrested 15 protesters."
    )
    g = geoevents.extract(text, published="2025-11-17")
    assert list(g.sub_event_type) == ["Abduction/forced disappearance", "Attack", "Protest with intervention"]
    abduction = g.iloc[0]
    assert abduction.fatalities == 1 and abduction.admin1 == "Kebbi"
    assert "teacher was shot dead" in abduction.notes
    assert g.iloc[1].actor1 == "Islamist Rebels (Nigeria)"
    protest = g.iloc[2]
    assert (protest.actor1, protest.actor2, protest.location) == ("Protesters (Nigeria)", "Police Forces of Nigeria", "Lagos")


def test_an_impossible_date_is_not_replaced_by_the_previous_story_date():
    text = (
        "On 30/11/2024 militants abducted 12 aid workers near Goma, according to the UN.\n\n"
        "Dozens of protesters were killed when police opened fire in Khartoum on 31 February."
    )
    g = _by_place(geoevents.extract(text, published="2025-03-15"))
    row = g["Khartoum"]
    assert "impossible_date" in row.flags and row.time_precision == 2
    assert str(row.date_end.date()) == "2025-03-15"  # dated by the article only, and said so


def test_gunmen_opening_fire_in_a_bar_attack_civilians():
    text = ("In Mexico, gunmen opened fire at a bar in the city of Irapuato in Guanajuato state late Saturday, "
            "killing 12 people, state prosecutors said.")
    row = geoevents.extract(text, published="2025-05-18").iloc[0]
    assert (row.sub_event_type, row.actor1, row.actor2) == ("Attack", "Unidentified Armed Group (Mexico)", "Civilians (Mexico)")
    assert row.civilian_targeting and row.fatalities == 12 and row.attribution == "state prosecutors"


def test_chlorine_barrels_and_the_victims_of_sexual_violence():
    text = (
        "Soldiers raped at least 10 women in a village near Bunia, in eastern Congo, last week, a UN report said.\n\n"
        "Syrian government forces dropped barrels filled with chlorine on the town of Saraqib on Tuesday, "
        "rescue workers said."
    )
    g = _by_place(geoevents.extract(text, published="2025-06-16"))
    assert g["Bunia"].sub_event_type == "Sexual violence"
    assert g["Bunia"].actor2 == "Civilians (Democratic Republic of the Congo)"
    assert (g["Saraqib"].sub_event_type, g["Saraqib"].actor1) == ("Chemical weapon", "Military Forces of Syria")


def test_where_an_agreement_is_signed_does_not_name_the_rebels():
    text = (
        "Sudanese army drones struck Nyala on Friday, killing four people.\n\n"
        "The government and the rebels signed a ceasefire agreement in Jeddah on Sunday."
    )
    g = geoevents.extract(text, published="2025-06-16")
    deal = g[g.sub_event_type == "Agreement"].iloc[0]
    assert deal.actor1.endswith("(Sudan)") or "Sudan" in deal.actor1


def test_a_mostly_non_latin_article_is_reported_not_dropped():
    from geoevents.extraction import extract_documents
    from geoevents.inputs import Document

    arabic = "قصفت طائرات حربية مدينة حلب يوم السبت وقتل عشرة مدنيين " * 20
    docs = [Document(text=arabic, name="ar.txt"), Document(text="Shelling hit Aleppo on 3 May 2024.", name="en.txt")]
    gdf, problems = extract_documents(iter(docs))
    assert [p.name for p in problems] == ["ar.txt"] and "non-Latin" in problems[0].reason
    assert not problems[0].fatal


def test_a_long_document_holds_each_repeated_incident_once():
    from geoevents.extraction import _merge_block_rows, extract_blocks

    story = ("Russian warplanes struck the town of Saraqib on 30 November 2024, killing 12 civilians. "
             + "Officials said talks would continue and traders described a quiet market day. " * 30 + "\n\n")
    blocks, at = [], 0
    for _ in range(6):  # six blocks telling the same strike: folded block by block
        blocks.append((at, story))
        at += len(story)
    rows = extract_blocks(iter(blocks), doc_id="d", published="2024-12-03")
    assert len(rows) == 1 and rows[0]["fatalities"] == 12
    import json

    spans = json.loads(rows[0]["evidence"])[0]["spans"]["notes"]
    assert len(spans) == 6 and spans[-1][0] == 5 * len(story)  # every block's sentence, offsets in the whole text
    # folding as we go gives what merging at the end gives
    per_block = [extract_blocks(iter([b]), doc_id="d", published="2024-12-03") for b in blocks]
    flat = [r for rs in per_block for r in rs]
    assert [r["event_id"] for r in _merge_block_rows(flat)] == [r["event_id"] for r in rows]


def test_a_lynching_kills_one():
    for text in ("A mob lynched a man accused of blasphemy in Swat on Thursday, police said.",
                 "A mob beat a man to death in Swat on Thursday."):
        row = geoevents.extract(text, published="2025-06-16").iloc[0]
        assert (row.sub_event_type, row.fatalities) == ("Mob violence", 1), text


def test_police_beating_protesters_is_an_intervention_and_beating_to_death_excessive_force():
    row = geoevents.extract("Police beat protesters in Lahore on Thursday.", published="2025-06-16").iloc[0]
    assert (row.sub_event_type, row.actor1, row.actor2) == (
        "Protest with intervention", "Protesters (Pakistan)", "Police Forces of Pakistan")
    row = geoevents.extract("Police beat protesters to death in Lahore on Thursday.", published="2025-06-16").iloc[0]
    assert row.sub_event_type == "Excessive force against protesters"


def test_general_news_words_that_are_not_political_violence():
    quiet = [
        "Winnipeg firefighters were busy fighting two apartment fires overnight on Monday.",
        "This is the first time the airlines have set aside their competitive battles in Paris.",
        "Both games in Boston on Sunday were hard fought battles.",
        "The projects in Lahore have been executed by army engineers.",
        "This was demonstrated by our decision in Ljubljana on Monday, the prime minister said.",
        "A Severn man was arrested on Monday after police found stolen goods in a storage locker.",
        "Pope Francis celebrated the Easter Vigil in St. Peter's Basilica in Rome on Saturday.",
    ]
    for text in quiet:
        assert len(geoevents.extract(text, published="2019-04-02")) == 0, text
    # the political ones stay
    kept = [
        "Police in Harare arrested 12 opposition activists on Monday.",
        "Hundreds demonstrated against the war in London on Saturday.",
        "Soldiers raped at least 10 women in a village near Bunia on Monday.",
        "Fighting between the army and rebels killed 12 near Goma on Monday.",
    ]
    for text in kept:
        assert len(geoevents.extract(text, published="2019-04-02")) == 1, text
