"""Dates, counts and sentences: the parts of extraction that need no gazetteer."""

from __future__ import annotations

from datetime import date

import pytest

from geoevents.extraction.dates import date_convention, find_dates
from geoevents.extraction.numbers import find_counts, parse_number
from geoevents.extraction.text import split_sentences

PUB = date(2024, 12, 3)  # a Tuesday


@pytest.mark.parametrize(
    "text, first, last, precision",
    [
        ("on 30 November", date(2024, 11, 30), date(2024, 11, 30), 1),
        ("on Nov. 30", date(2024, 11, 30), date(2024, 11, 30), 1),
        ("on 30/11/2024", date(2024, 11, 30), date(2024, 11, 30), 1),
        ("on 2024-11-30", date(2024, 11, 30), date(2024, 11, 30), 1),
        ("on Saturday", date(2024, 11, 30), date(2024, 11, 30), 1),
        ("overnight on Friday", date(2024, 11, 29), date(2024, 11, 29), 1),
        ("yesterday", date(2024, 12, 2), date(2024, 12, 2), 1),
        ("last week", date(2024, 11, 25), date(2024, 12, 1), 2),
        ("around 9 May", date(2024, 5, 6), date(2024, 5, 12), 2),
        ("in early November", date(2024, 11, 1), date(2024, 11, 10), 2),
        ("earlier this month", date(2024, 12, 1), date(2024, 12, 3), 3),
        ("last month", date(2024, 11, 1), date(2024, 11, 30), 3),
        ("three days ago", date(2024, 11, 30), date(2024, 11, 30), 1),
        ("on 14 December 2023", date(2023, 12, 14), date(2023, 12, 14), 1),
    ],
)
def test_dates_resolve_against_publication(text, first, last, precision):
    (d,) = find_dates(text, published=PUB)
    assert (d.first, d.last, d.precision) == (first, last, precision)


def test_dates_week_precision_sits_mid_range():
    (d,) = find_dates("last week", published=PUB)
    assert d.event_date == date(2024, 11, 28)


def test_dates_background_years_are_past():
    kinds = [d.kind for d in find_dates("helping forces retake it in 2016", published=PUB)]
    assert kinds == ["past"]


def test_dates_impossible_and_future_are_flagged():
    (d,) = find_dates("on 31 February", published=PUB)
    assert d.first is None and "impossible_date" in d.flags
    (d,) = find_dates("on 2025-06-01", published=PUB)
    assert "future_date" in d.flags


def test_dates_may_the_verb_is_not_a_month():
    assert find_dates("Forces may attack the town.", published=PUB) == []


def test_dates_carry_and_offsets():
    text = "x The same day, strikes."
    (d,) = find_dates(text, published=PUB, offset=100)
    assert d.kind == "carry" and text[d.start - 100 : d.end - 100] == "The same day"


def test_dates_convention_from_unambiguous_numbers():
    assert date_convention("on 11/30/2024 and 12/01/2024") == "mdy"
    assert date_convention("on 30/11/2024") == "dmy"
    (d,) = find_dates("on 12/01/2024", published=PUB, convention="mdy")
    assert d.first == date(2024, 12, 1)


@pytest.mark.parametrize(
    "text, kind, value, low, high",
    [
        ("More than 60 people were killed in the fighting", "killed", 60, 60, None),
        ("killing at least 25 people", "killed", 25, 25, None),
        ("Dozens of civilians were killed", "killed", 12, 12, None),
        ("hundreds of people died", "killed", 100, 100, None),
        ("several soldiers were killed", "killed", 3, 3, None),
        ("twenty-five people were killed", "killed", 25, 25, 25),
        ("the death toll rose to 112", "killed", 112, 112, 112),
        ("between 10 and 15 fighters were killed", "killed", 10, 10, 15),
        ("up to 30 people died", "killed", 30, None, 30),
        ("Dozens of civilians were wounded", "wounded", 12, 12, None),
        ("several hundred soldiers are listed as missing", "missing", 200, 200, None),
        ("Police arrested 12 protesters", "captured", 12, 12, 12),
    ],
)
def test_counts_follow_acled_conventions(text, kind, value, low, high):
    counts = [c for c in find_counts(text) if c.kind == kind]
    assert counts, text
    c = counts[0]
    assert (c.value, c.low, c.high) == (value, low, high)


def test_counts_keep_killed_and_wounded_apart():
    kinds = {c.kind: c.value for c in find_counts("three soldiers were killed and 40 injured, two were captured")}
    assert kinds == {"killed": 3, "wounded": 40, "captured": 2}


def test_counts_casualties_alone_give_no_fatalities():
    (c,) = find_counts("the strike caused heavy casualties")
    assert c.kind == "casualties" and c.value is None


def test_number_words():
    assert parse_number("two hundred and five") == 205
    assert parse_number("1,200") == 1200
    assert parse_number("banana") is None


def test_sentences_keep_offsets_and_abbreviations():
    text = "U.S. forces struck Gen. Ali's base. Nine died.\nA new paragraph"
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["U.S. forces struck Gen. Ali's base.", "Nine died.", "A new paragraph"]
    assert all(text[s.start : s.end] == s.text for s in sents)
    assert [s.paragraph for s in sents] == [1, 1, 2]


def test_every_trigger_has_hints_that_its_matches_contain():
    from geoevents.extraction.lexicon import TRIGGERS

    samples = {
        "Air/drone strike": "warplanes struck the town",
        "Shelling/artillery/missile attack": "artillery fire hit",
        "Grenade": "a grenade attack",
        "Abduction/forced disappearance": "gunmen kidnapped two",
    }
    for trig in TRIGGERS:
        assert trig.hints, trig.sub_event_type
        text = samples.get(trig.sub_event_type)
        if text:
            for m in trig.pattern.finditer(text):
                assert any(h in m.group().lower() for h in trig.hints) or trig.may_match(text.lower())


def test_word_start_scanner_finds_what_finditer_finds():
    import re

    from geoevents.extraction import actors, numbers
    from geoevents.extraction.text import WordStartScanner, _first_chars

    text = ("Al-Shabaab and al-Shabab fighters, ISIS-K and the Islamic State; 1,200 killed, twenty-five wounded, "
            "at least 25 dead. xHamas, Hamas's men, M23 rebels, 3 or 4 soldiers, ٣ dead. " * 3)
    for pat in (actors._NAMED, numbers._QUANT_RE, numbers._VERB_RE, actors._STATE, actors._CIVIL):
        sc = WordStartScanner(pat)
        for lo, hi in ((0, len(text)), (7, 150), (33, 34), (120, len(text) - 5)):
            assert [m.span() for m in sc.finditer(text, lo, hi)] == [m.span() for m in pat.finditer(text, lo, hi)]
    # a pattern that may begin with punctuation or space gets no shortcut, and stays exact
    assert WordStartScanner(re.compile(r"\b\s+x"))._cands is None
    assert _first_chars(re.compile(r"(?:a|b)?c", re.I)) == frozenset("abcABC")
    assert _first_chars(re.compile(r"x*")) is None
