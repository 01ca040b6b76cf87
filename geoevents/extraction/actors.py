"""Actors as ACLED names them, with their interaction codes.

State forces become "Military Forces of {country}" (or "Police Forces of
..."), unnamed armed groups carry their nationality ("Rebel Groups (Syria)",
"Militia (Iraq)"), civilians, protesters and rioters likewise. A short list of
well-known armed groups maps their common names and acronyms to one name each.
Inter codes are ACLED's: 1 state forces, 2 rebel groups, 3 political
militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians,
8 external/other forces.

Nationalities come from the gazetteer's demonyms ("Syrian" -> SY), so any
country's forces are recognised, not a fixed list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..exc import GeoeventsError
from .text import Anchors, Taken, WordStartScanner

__all__ = ["ActorMention", "find_actors", "state_forces_name", "country_name", "unshout"]


@dataclass(frozen=True, slots=True)
class ActorMention:
    name: str  # ACLED-style name
    inter: int
    start: int
    end: int
    text: str
    country_code: str | None = None
    kind: str = "state"  # state, police, rebel, militia, armed, civilians, protesters, rioters, external, group
    weapon: str | None = None  # "air" when the mention names aircraft ("warplanes", "air force")


# Well-known groups: (pattern, ACLED-style name, inter code). Names follow the
# form ACLED uses for these groups; the list is ours.
NAMED_GROUPS: tuple[tuple[str, str, int], ...] = (
    (r"HTS|Hay'?at\s+Tahrir\s+al-?Sham|Hayat\s+Tahrir\s+al-?Sham", "HTS: Hayat Tahrir al-Sham", 2),
    (r"Islamic\s+State(?!\s+(?:of\s+)?(?:West|Khorasan|Sahel))|ISIS|ISIL|Daesh|Daish", "Islamic State", 2),
    (r"Islamic\s+State\s+(?:in\s+)?West\s+Africa(?:\s+Province)?|ISWAP", "Islamic State West Africa Province", 2),
    (r"Islamic\s+State\s+(?:in\s+)?Khorasan(?:\s+Province)?|ISIS-K|ISKP", "Islamic State Khorasan Province", 2),
    (r"Hamas|Qassam\s+Brigades|Izz\s+ad-?Din\s+al-?Qassam\s+Brigades", "Hamas Movement", 2),
    (r"Palestinian\s+Islamic\s+Jihad|Al-?Quds\s+Brigades", "Palestinian Islamic Jihad", 2),
    (r"Hezbollah|Hizbollah|Hizballah", "Hezbollah", 2),
    (r"PKK|Kurdistan\s+Workers['’]?\s+Party", "PKK: Kurdistan Workers Party", 2),
    (r"SDF|Syrian\s+Democratic\s+Forces", "SDF: Syrian Democratic Forces", 2),
    (r"YPG|People['’]s\s+Protection\s+Units", "YPG: People's Protection Units", 2),
    (r"Syrian\s+National\s+Army|SNA|Free\s+Syrian\s+Army|FSA", "Syrian National Army", 2),
    (r"[Aa]l-?Shabaab|[Aa]l-?Shabab", "Al Shabaab", 2),
    (r"Houthis?|Ansar\s+Allah|Ansarallah", "Houthi Movement", 2),
    (r"Wagner(?:\s+Group)?|Africa\s+Corps", "Wagner Group", 8),
    (r"Taliban", "Taliban", 2),
    (r"Boko\s+Haram", "Boko Haram", 2),
    (r"JNIM|Jama'?at\s+Nusrat\s+al-?Islam\s+wal-?Muslimin", "JNIM: Group for Support of Islam and Muslims", 2),
    (r"RSF|Rapid\s+Support\s+Forces", "Rapid Support Forces", 2),
    (r"M23|March\s+23\s+Movement", "M23: March 23 Movement", 2),
    (r"IDF|Israel\s+Defen[cs]e\s+Forces", "Military Forces of Israel", 1),
    (r"Popular\s+Mobili[sz]ation\s+(?:Forces|Units)|PMF|PMU|Hashd\s+al-?Shaabi", "Popular Mobilization Forces", 3),
    (r"[Aa]l-?Qaeda|[Aa]l-?Qaida", "Al Qaeda", 2),
    (r"Kata'?ib\s+Hezbollah", "Kataib Hezbollah", 3),
    (r"UN\s+peacekeepers|UNIFIL|MONUSCO|MINUSMA|UNMISS", "United Nations", 8),
)
# All named groups in one pattern; the name of the group that matched says which.
_NAMED = re.compile("|".join(rf"(?P<g{k}>\b(?:{p})\b)" for k, (p, _n, _i) in enumerate(NAMED_GROUPS)))

# Country names that take "the" in running text.
_THE = re.compile(
    r"^(?:United\s|Republic|Democratic|Central\s+African|Netherlands|Philippines|Gambia|Bahamas|Czech|"
    r"Dominican|Maldives|Comoros|Congo|Sudan$|Gaza|West\s+Bank|Palestinian\s+Territor)",
)

# A nationality or country word; a sentence-initial "An"/"The"/"In" is never part of it.
_NAT = (
    r"(?P<nat>(?!(?:A|An|The|This|That|These|Those|Some|Other|Many|Several|In|On|At|By|For|From|With|And|But|As|"
    r"After|Before|When|While|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Dozens|Hundreds|Nearly|About|More|Most)\s)"
    r"(?:U\.S\.|US|UK|U\.K\.|[A-Z][a-zA-Z'’-]+(?:\s[A-Z][a-z]+)?)(?:['’]s)?)"
)
_STATE_NOUN = (
    r"(?P<noun>air\s*force|navy|army|military|armed\s+forces|security\s+forces|special\s+forces|forces|troops|soldiers|"
    r"servicemen|marines|warplanes|fighter\s+jets|jets|aircraft|helicopters|drones|artillery|units|tanks|police|"
    r"policemen|gendarmes|gendarmerie|national\s+guard|border\s+guards|navy|coast\s+guard|allies|ally)"
)
# Words between a nationality and the noun: "Russian *elite* troops", "American *A-10 fighter* jets";
# never a function word, so "Damascus when American jets" does not read as Damascus's jets.
_FILLER = (
    r"(?:(?!(?:when|and|but|as|while|who|which|that|to|of|in|on|at|by|with|from|said|had|has|have|were|was)\b)"
    r"(?:[a-z][\w-]*|[A-Z]{1,3}-?\d+\w*)\s+){0,2}?"
)
_STATE = re.compile(
    rf"\b(?:the\s+)?{_NAT}\s+(?:(?:government|regime|pro-government|state|federal|national)\s+)?{_FILLER}{_STATE_NOUN}\b"
)
_STRIKE_BY_NAT = re.compile(
    rf"\b{_NAT}\s+(?:(?:ballistic|cruise|guided|hypersonic|long-range|kamikaze|attack|combat|armed|artillery|rocket)\s+){{0,2}}"
    r"(?:air\s*-?\s*strikes?|strikes?|shelling|bombardments?|bombing|missiles?|rockets?|missile\s+strikes?|drones?|"
    r"drone\s+strikes?|shells|warplanes|helicopters?)\b"
)
_GOV = re.compile(r"\b(?:government|regime|pro-government)\s+(?P<noun>forces|troops|soldiers|army|warplanes|aircraft|jets)\b", re.I)
_GROUP_TAIL = re.compile(r"\s+(?:rebels|fighters|militants|militiamen|insurgents|jihadists|forces|troops|gunmen|group|movement|militia)\b", re.I)
_BARE_STATE = re.compile(r"\b(?P<noun>police(?:men)?(?!\s+(?:station|stations|headquarters|post|posts|academy|chief|spokes\w*|source|sources|officials?))|riot\s+police|security\s+forces|the\s+army|the\s+military|troops|soldiers|gendarmes|(?-i:army)(?=\s+(?:drones?|units?|troops|soldiers|artillery|helicopters?|jets|warplanes|aircraft|tanks?|patrols?|convoys?|forces|planes)\b))\b", re.I)
_NONSTATE = re.compile(
    rf"\b(?:{_NAT}\s+)?(?P<adj>(?:jihadist|islamist|opposition|anti-government|armed|rebel|insurgent|separatist|extremist|militant)\s+)?"
    r"(?P<noun>(?i:rebels|rebel\s+groups?|rebel\s+forces|insurgents|militants|jihadists|fighters|opposition\s+fighters|"
    r"militiamen|militias?|paramilitar(?:y|ies)|gunmen|armed\s+men|assailants|attackers|jihadist\s+groups?))\b"
)
_CIVIL = re.compile(
    rf"\b(?:{_NAT}\s+)?(?P<noun>(?i:civilians|residents|villagers|worshippers|pilgrims|farmers|journalists|aid\s+workers|"
    r"displaced\s+people|refugees|children|students|women|girls|schoolgirls|teachers|worshipers|protesters|protestors|"
    r"demonstrators|rioters|mob))\b"
)

_STATE_WORDS_AIR = {"air force", "airforce", "warplanes", "fighter jets", "jets", "aircraft", "helicopters", "drones"}


_STATE_WORDS = {"force", "troop", "army", "armies", "military", "soldier", "servicem", "marine", "warplane", "jet",
                "aircraft", "helicopter", "drone", "artillery", "unit", "tank", "police", "gendarm", "guard", "navy", "allies",
                "ally"}
_STRIKE_WORDS = {"strike", "shelling", "bombard", "bombing", "missile", "rocket", "shells", "drone", "warplane", "helicopter"}
_NONSTATE_WORDS = {"rebel", "insurgent", "militant", "jihadist", "fighter", "militia", "paramilitar", "gunmen", "armed men",
                   "assailant", "attacker"}
_CIVIL_WORDS = {"civilian", "resident", "villager", "worshipper", "pilgrim", "farmer", "journalist", "aid worker",
                "displaced", "refugee", "children", "student", "women", "girls", "teacher", "worshiper", "protester",
                "protestor", "demonstrator", "rioter", "mob"}
# word prefixes, so that "Houthis?" wakes on "Houthi" and "Hezbollah|Hizbollah" on either spelling
_NAMED_WORDS = {w[:5] for p, _n, _i in NAMED_GROUPS for w in re.findall(r"[A-Za-z0-9]{3,}", p)} | {"idf", "pkk", "sdf", "ypg", "sna", "fsa", "hts", "rsf", "pmf", "pmu", "m23"}
# Which recogniser each anchor word wakes: each pattern searches only around its own words.
_WAKES: dict[str, set[str]] = {}
for _group, _words in (("state", _STATE_WORDS), ("strike", _STRIKE_WORDS), ("gov", {"government", "regime"}),
                       ("bare", {"police", "army", "military", "troop", "soldier", "gendarm", "security force"}),
                       ("nonstate", _NONSTATE_WORDS), ("civil", _CIVIL_WORDS), ("named", _NAMED_WORDS)):
    for _w in _words:
        _WAKES.setdefault(_w.lower(), set()).add(_group)
_ANCHOR = Anchors(_WAKES)


def _gaz():
    from ..gazetteer import Gazetteer

    return Gazetteer.default()


_POSSESSIVE_S = re.compile(r"['’]s$")
_AIRCRAFT = re.compile(r"\bA-10|F-16|Su-\d+|fighter")


@lru_cache(maxsize=4096)
def _nationality(word: str) -> str | None:
    """Country code for a demonym or a country name ("Syrian", "Russia's", "U.S.")."""
    w = word.strip()
    w = _POSSESSIVE_S.sub("", w)
    if w in ("U.S.", "US", "USA", "American", "Americans"):
        return "US"
    if w in ("UK", "U.K.", "British"):
        return "GB"
    gaz = _gaz()
    cc = gaz.demonym(w)
    if cc:
        return cc
    # a country name used attributively ("Israel's army", "Russia's air force")
    for place in gaz.lookup(w)[:5]:
        if place.kind == "country" and place.name.lower() == w.lower():
            return place.country_code
    return None


@lru_cache(maxsize=512)
def country_name(cc: str | None) -> str | None:
    """The country's English name, as ACLED writes it in actor names."""
    if not cc:
        return None
    try:
        return _gaz().country_info(cc)["name"]
    except GeoeventsError:
        return None


def state_forces_name(cc: str, *, police: bool = False) -> str:
    name = country_name(cc) or cc
    the = "the " if _THE.match(name) else ""
    return f"{'Police' if police else 'Military'} Forces of {the}{name}"


_CAPS_WORD = re.compile(r"[A-Z][A-Z'’-]+")
_ACRONYMS = {"U.S.", "US", "UK", "UN", "IDF", "PKK", "SDF", "YPG", "SNA", "FSA", "HTS", "RSF", "PMF", "PMU", "M23", "JNIM",
             "ISWAP", "ISIS", "ISIL", "ISKP", "UNIFIL", "MONUSCO", "MINUSMA", "UNMISS", "NATO", "ELN", "FARC"}


def unshout(text: str) -> str:
    """Text written in capitals, in ordinary case, with the same length and offsets.

    Words become lower case, except nationalities, country and group names
    (title case) and known acronyms, so "RUSSIAN AIRSTRIKES" reads as
    "Russian airstrikes". Texts not mostly in capitals come back unchanged.
    """
    sample = text[:5000]
    # ordinary prose is told by its commonest lower-case letters alone: capitals are at most the
    # characters that are not those, and 3 * that < 7 * those means under 70% capitals for sure
    common = sum(map(sample.count, "etaoinsrhl"))
    if 3 * (len(sample) - common) < 7 * common:
        return text
    upper = sum(map(sample.count, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))  # as many as [A-Z] finds, without a list of them
    lower = sum(map(sample.count, "abcdefghijklmnopqrstuvwxyz"))
    if upper + lower == 0 or upper / (upper + lower) < 0.7:
        return text

    def fix(m):
        w = m.group()
        if w in _ACRONYMS or len(w) <= 2:
            return w
        title = w[0] + w[1:].lower()
        if _nationality(title) or _NAMED.fullmatch(title):
            return title
        return w.lower()

    return _CAPS_WORD.sub(fix, text)


_SCANNERS: dict = {}


def _scanner(pat: re.Pattern) -> WordStartScanner:
    # keyed by identity: a compiled pattern's hash is computed over its whole code at every call
    sc = _SCANNERS.get(id(pat))
    if sc is None or sc.pattern is not pat:
        sc = _SCANNERS[id(pat)] = WordStartScanner(pat)
    return sc


def find_actors(text: str, *, offset: int = 0, default_country: str | None = None) -> list[ActorMention]:
    """Find actor mentions in a sentence; spans are ``offset`` + position."""
    out: list[ActorMention] = []
    taken = Taken()
    spans = _ANCHOR.grouped_windows(text, before=60, after=30)
    if not spans:
        return out

    def scan(pat, group):
        where = spans.get(group)
        if not where:
            return ()
        finditer = _scanner(pat).finditer
        return (m for lo, hi in where for m in finditer(text, lo, hi))

    def add(a, b, name, inter, country_code=None, kind="state", weapon=None):
        if not taken.claim(a, b):
            return
        out.append(ActorMention(name, inter, offset + a, offset + b, text[a:b], country_code, kind, weapon))

    for m in scan(_NAMED, "named"):
        _p, name, inter = NAMED_GROUPS[int(m.lastgroup[1:])]
        kind = "state" if inter == 1 else ("external" if inter == 8 else "group")
        cc = "IL" if name.endswith("Israel") else None
        tail = _GROUP_TAIL.match(text, m.end())  # "M23 rebels", "Houthi fighters": one actor, not two
        add(m.start(), tail.end() if tail else m.end(), name=name, inter=inter, country_code=cc, kind=kind)
    for m in scan(_STATE, "state"):
        cc = _nationality(m.group("nat"))
        if not cc:
            continue
        noun = " ".join(m.group("noun").lower().split())
        police = noun in ("police", "policemen", "gendarmes", "gendarmerie")
        weapon = "air" if noun in _STATE_WORDS_AIR or _AIRCRAFT.search(m.group()) else None
        add(m.start(), m.end(), name=state_forces_name(cc, police=police), inter=1, country_code=cc,
            kind="police" if police else "state", weapon=weapon)
    for m in scan(_STRIKE_BY_NAT, "strike"):
        cc = _nationality(m.group("nat"))
        if cc:
            a, b = m.span("nat")
            add(a, b, name=state_forces_name(cc), inter=1, country_code=cc, kind="state")
    for m in scan(_GOV, "gov"):
        if default_country:
            noun = m.group("noun").lower()
            add(m.start(), m.end(), name=state_forces_name(default_country), inter=1, country_code=default_country,
                kind="state", weapon="air" if noun in ("warplanes", "aircraft", "jets") else None)
    if default_country:
        for m in scan(_BARE_STATE, "bare"):
            police = "police" in m.group("noun").lower() or "gendarm" in m.group("noun").lower()
            add(m.start(), m.end(), name=state_forces_name(default_country, police=police), inter=1,
                country_code=default_country, kind="police" if police else "state")
    for m in scan(_NONSTATE, "nonstate"):
        nat = m.group("nat")
        cc = _nationality(nat) if nat else None
        if nat and not cc:
            # "Kurdish fighters" etc.: an identity, not a country; keep the words
            label = nat
        else:
            label = None
        noun = " ".join(m.group("noun").lower().split())
        if label and label.lower().startswith("paramilitar"):
            label, noun = None, "paramilitary"  # "Paramilitary fighters": a militia, not an identity
        adj = (m.group("adj") or "").strip().lower()
        where = country_name(cc or default_country)
        suffix = f" ({where})" if where else ""
        if noun.startswith(("militia", "paramilitar")):
            name, inter, kind = (f"{label} Militia{suffix}" if label else f"Militia{suffix}"), 3, "militia"
        elif noun in ("gunmen", "armed men", "assailants", "attackers"):
            name, inter, kind = f"Unidentified Armed Group{suffix}", 3, "armed"
        else:
            base = {"jihadist": "Islamist Rebels", "islamist": "Islamist Rebels"}.get(adj, "Rebel Groups")
            if noun.startswith("jihadist"):
                base = "Islamist Rebels"
            if label:
                base = f"{label} {base}"
            name, inter, kind = f"{base}{suffix}", 2, "rebel"
        start = m.start() if nat else (m.start("adj") if m.group("adj") else m.start("noun"))
        add(start, m.end(), name=name, inter=inter, country_code=cc, kind=kind)
    for m in scan(_CIVIL, "civil"):
        nat = m.group("nat")
        cc = _nationality(nat) if nat else None
        noun = m.group("noun").lower()
        where = country_name(cc or default_country)
        suffix = f" ({where})" if where else ""
        if noun in ("protesters", "protestors", "demonstrators"):
            name, inter, kind = f"Protesters{suffix}", 6, "protesters"
        elif noun in ("rioters", "mob"):
            name, inter, kind = f"Rioters{suffix}", 5, "rioters"
        else:
            name, inter, kind = f"Civilians{suffix}", 7, "civilians"
        start = m.start() if (nat and cc) else m.start("noun")
        add(start, m.end(), name=name, inter=inter, country_code=cc, kind=kind)
    out.sort(key=lambda a: a.start)
    return out
