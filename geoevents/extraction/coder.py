"""Code one document into incidents, the way an ACLED coder reads a report.

The coder walks the document sentence by sentence, carrying what a reader
carries: the last date told ("the same day"), the last places named ("the
city", "the province"), the incidents already told ("the fighting", "the
attacks" refer back to them). For each sentence it

1. finds incident triggers (:mod:`.lexicon`) and drops those that are
   statements, plans, threats, hypotheses, denials or background ("retake it
   in 2016");
2. keeps the highest sub-event type among concurrent tactics (ACLED's rule);
3. codes actors (:mod:`.actors`), the date (:mod:`.dates`), the place (from
   the geoparser's mentions, with the relation to it: in, near, toward,
   between, offset, region) and the casualty counts (:mod:`.numbers`);
4. records the character span behind every field in ``evidence``.

Incidents told twice in a document are merged, keeping every sentence.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from ..contract import disorder_type_for, event_type_for, make_event_id
from ..exc import GeoeventsError
from ..places import PlaceMention
from . import lexicon
from .actors import ActorMention, country_name, find_actors, unshout
from .dates import DateSpan, date_convention, find_dates
from .numbers import Count, find_counts
from .text import Sentence, ascii_view, split_sentences

__all__ = ["code_document", "Incident"]

_CLAUSE_BREAK = re.compile(r"(?:;|:|,\s*(?:who|which|while|whereas|but|and then)\b|\bwhen\b|\.\s)", re.I)
_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|on|near|outside|into|across|throughout|around|inside|towards?|between|within|onto|off|over|along|through)\s+(?:the\s+)?"
    r"(?:(?:[\w'’-]+\s+){0,3}?(?:city|town|village|province|region|governorate|district|countryside|outskirts|area|"
    r"suburbs?|neighbou?rhood|camp|capital|county|state|municipality|perimeter|edge|parts?|centre|center|heart|vicinity|"
    r"entrance|side|environs|periphery|fringes?)\s+(?:of\s+(?:the\s+)?)?)?"
    r"|\b(?:city|town|village|province|region|governorate|district|neighbou?rhood|suburb|camp|municipality|county)\s+of\s+(?:the\s+)?"
    r"|\bcapital,?\s+"
    # "in a West Bank settlement", "in their north Belfast home", "in biblical Bethlehem", "in the city's Minutka district"
    r"|\b(?:in|at|on|near|outside|inside|into|across|throughout|around|within|over|along)\s+"
    r"(?:(?:the|a|an|their|its|his|her|this|that)\s+)?(?:(?:city|town|village|country|capital|province|region)['’]s\s+)?"
    r"(?:(?:north|south|east|west)\w*\s+(?:and|or)\s+)?"
    r"(?:(?!(?:of|and|or|to|from|by|with|for|said|says|as|which|who|that|was|were|is|are)\b)[a-z][\w-]*\s+){0,2}"
    # "the bombardment of the Kurdish-majority Aziziyah district", "the German occupation of Latvia"
    r"|\b(?:occupation|invasion|siege|bombing|bombardment|shelling|capture|fall|liberation|recapture|battle|attack|assault|"
    r"blockade|storming|sack|encirclement)\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?)$",
    re.I,
)
_NEAR = re.compile(
    r"\b(?:near|outside|close\s+to|in\s+the\s+vicinity\s+of|on\s+the\s+(?:outskirts|edge)\s+of|outskirts\s+of|"
    r"around|just\s+(?:north|south|east|west)\s+of|(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+of)\s+(?:the\s+)?(?:(?:(?:provincial|regional|district|state|national|main|nearby|key|strategic)\s+)?(?:city|town|village|capital)\s+of\s+)?$",
    re.I,
)
_TOWARD = re.compile(
    r"\b(?:head(?:ing|ed|s)?|mov(?:ing|ed)|march(?:ing|ed)|advanc(?:ing|ed)|en\s+route|on\s+(?:its|their|the|his)\s+way|"
    r"travel(?:l)?(?:ing|ed)|driv(?:ing|en)|bound|making\s+(?:its|their)\s+way|push(?:ing|ed))\s+(?:\w+\s+){0,2}?(?:towards?|to|for)\s+(?:the\s+)?(?:(?:city|town|capital)\s+of\s+)?$",
    re.I,
)
_BY = re.compile(r"\b(?:launched|fired|carried\s+out|claimed|backed|supported|led|operated|sent)\s+by\s+$|\bby\s+$", re.I)
#: Words of a noun phrase: never a verb in the past or a conjunction ("from a village near Homs attacked the town of X").
_NP_WORD = r"(?:(?!\w+ed\b|and\b|or\b|but\b)[\w-]+\s+)"
_FROM = re.compile(rf"\bfrom\s+(?:the\s+|a\s+|an\s+)?(?:{_NP_WORD}{{0,3}}?(?:near|outside|in)\s+(?:the\s+)?{_NP_WORD}{{0,3}}?(?:(?:city|town|village)\s+of\s+)?)?$", re.I)
_OFFSET = re.compile(
    r"(?P<n>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|forty|fifty)\s*"
    r"(?P<unit>km|kilomet(?:re|er)s?|miles?|mi)\s+(?:\(\s*[\d.]+\s*\w+\s*\)\s+)?(?P<dir>north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+of\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$",
    re.I,
)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?(?:(?:cities|towns|villages)\s+of\s+)?$", re.I)
_ANAPHOR = re.compile(r"\b(?:in|on|near|outside|around|into|across|at)?\s*the\s+(?P<what>city|town|village|province|governorate|region|area|capital|district)\b(?!\s+of\b)", re.I)
_ASSOC = re.compile(r"\b(?:along\s+with|alongside|together\s+with|backed\s+by|supported\s+by|with\s+the\s+(?:help|support)\s+of|and\s+(?:their|its)|with\s+(?:their|its))\s+(?:\w+\s+){0,2}$", re.I)
_TARGET_PREP = re.compile(
    r"\b(?:on|against|targeting|targeted|at|struck|hit|bombed|shelled|attacked|ambushed|abducted|kidnapped|arrested|detained|dispersed)\s+(?:the\s+|a\s+|an\s+)?(?:\w+\s+){0,1}$"
    r"|\b(?:killing|killed|wounding|wounded|injuring|injured)\s+(?:(?!(?:in|on|at|by|during|after|when|while|near|from|with|as)\b)\w+\s+){0,4}?(?:of\s+)?(?:the\s+|a\s+|an\s+)?$",
    re.I,
)
#: Tactics whose perpetrator is often unknown: ACLED codes an unidentified armed group.
_FIGHTER = re.compile(r"fighter", re.I)
_UNKNOWN_PERPETRATOR = {"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}
#: Patterns used inline below, compiled once (not looked up in ``re``'s cache at every call).
_STRIKES_AFTER = re.compile(r"\s*(?:air\s*)?strikes?\b", re.I)
_PREP_AFTER = re.compile(r"\w*\s*(?:on|in|against|at)\b")
_SINCE_BEFORE = re.compile(r"first\s+time\s+(?:since|in)\s*$|since\s*$|until\s*$|before\s*$")
_HEAD_OPENS = re.compile(r"[.!?:\"“]\s*$|^\s*$")
_LEAD = re.compile(r"^[^A-Z]*")
_NEAR_IN = re.compile(r"\b(?:near|outside|in)\b")
_BREAK_BEFORE = re.compile(r"(?:\n|\s{2})\s*$")
_DIRECTION = re.compile(r"(?:north|south|east|west)", re.I)
_OPEN_BRACKET = re.compile(r"^\s*\(\s*$")
_BY_BEFORE = re.compile(r"\bby\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$")
_LETHAL = re.compile(r"\b(?:killing|killed|shot\s+dead|live\s+(?:rounds|ammunition|fire)|to\s+death)\b", re.I)
_DISPERSAL = re.compile(r"\b(?:dispers\w*|tear[-\s]?gas\w*|water\s+cannons?|rubber\s+bullets|arrest\w*|detain\w*|baton\w*|beat(?:en|ing)?|charged|clashed\s+with)\b", re.I)
_PRONOUN_OBJ = re.compile(r"^\s*(?:them|it|him|her|the\s+convoy|the\s+group)\b", re.I)
_ATTRIB = [
    re.compile(r"\baccording\s+to\s+(?P<who>[^,.;:]{3,120})", re.I),
    re.compile(r"(?P<who>\b(?:(?:the|a|an)\s+)?(?:(?:[A-Z][\w’'.-]*|military|health|interior|defen[cs]e|foreign|local|regional|provincial|state|pro-government|opposition|doctors['’]?|medical|emergency|civil|human\s+rights|news|security|intelligence|[A-Z][\w-]*-(?:installed|appointed|backed|based|run|led|controlled))\s+){0,4}(?:militants|rebels|insurgents|forces|troops|army|military|police|officials|authorities|group|spokes(?:man|woman|person)|ministry|agency|governor|mayor|prosecutors?|witnesses|activists|residents|monitors|medics|sources|intelligence|command|observatory|network|channel|outlet|media|council|office|service|services))\s+(?:said|says|reported|claimed|claims|stated|announced|alleged|noted|told|added)\b"),
    re.compile(r"(?P<who>\b(?:the\s+)?(?:[A-Z][\w’'.-]*(?:\s+(?:of|for|the|and|on)\s+|\s+)?){1,8}|\b(?:activists|officials|witnesses|residents|monitors|medics|rescuers|local\s+sources|state\s+media|security\s+sources|the\s+military|the\s+army|the\s+ministry|the\s+agency|the\s+group|a\s+spokes(?:man|woman|person)))\s+(?:said|says|reported|reports|claimed|claims|stated|announced|alleged|noted|confirmed|told|added)\b"),
    # ", said the ministry": the verb after a comma or a closing quote, its speaker after it
    re.compile(r"[,\"”’]\s*(?:said|reported|claimed|announced|alleged)\s+(?P<who>(?:the\s+)?(?:[A-Z][\w’'-]*\s*){1,6})", 0),
]
#: Every verb the last three _ATTRIB patterns can match (they are case-sensitive).
_ATTRIB_VERBS = ("said", "says", "reported", "reports", "claimed", "claims", "stated", "announced", "alleged", "noted",
                 "confirmed", "told", "added")
_CLAIM = re.compile(r"\b(?:claim(?:ed|s|ing)?|alleg(?:ed|edly|es)|purported(?:ly)?|unverified|unconfirmed|could\s+not\s+(?:be\s+)?(?:independently\s+)?(?:verif|confirm)\w*|cannot\s+be\s+verified)\b", re.I)
_SAYS_IT = re.compile(r"^\s*(?:said|says|announced|reported|claimed|stated)\s+(?:that\s+)?(?:it|they|its\s+\w+|their\s+\w+)\s+(?:had\s+|have\s+|has\s+)?(?:\w+\s+)?$", re.I)
_NEW_TIME = re.compile(r"^(?:Now|Meanwhile|Elsewhere|Separately|In\s+other\s+(?:news|developments)|Earlier|Previously|In\s+the\s+past|Last\s+year|Years\s+ago)\b", re.I)
#: What a :data:`_NEW_TIME` match can open with, in either case (and the letters ``re`` folds to "s" and "i").
_NEW_TIME_FIRST = frozenset("nmesiplyNMESIPLY\u017f\u0130\u0131")
_REFERS_BACK = re.compile(r"\b(?:the|this|that|these)\s+(?:raid|raids|attack|attacks|assault|strike|strikes|offensive|fighting|clashes|shelling|bombing|bombardment|operation|incident|ambush|blast|explosion)\b", re.I)
_STRIKE_NOT = re.compile(r"\b(?:hunger|general|labou?r|workers['’]?|teachers['’]?|nationwide|rail|transport)\s+strikes?\b", re.I)
_DIRS = {"north": 0, "northeast": 45, "north-east": 45, "east": 90, "southeast": 135, "south-east": 135, "south": 180,
         "southwest": 225, "south-west": 225, "west": 270, "northwest": 315, "north-west": 315}
_NUMW = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
         "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}


def _offset_point(lat: float, lon: float, km: float, bearing_deg: float) -> tuple[float, float]:
    """Move (lat, lon) ``km`` along ``bearing_deg`` on a sphere of radius 6371 km."""
    r = 6371.0
    b = math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    d = km / r
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(p2), (math.degrees(l2) + 540) % 360 - 180


def _bearing(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(x, y)) + 360) % 360


def haversine_km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class Loc:
    name: str
    latitude: float
    longitude: float
    precision: int
    relation: str
    span: tuple[int, int] | None
    country_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    radius_km: float = 0.0
    dest: tuple[str, float, float] | None = None
    score: float = 0.5
    inherited: bool = False
    kind: str = "populated"


@dataclass
class Incident:
    sub_event_type: str
    trigger: tuple[int, int]
    strength: float
    sentences: list[Sentence]
    first: date | None = None
    last: date | None = None
    precision: int = 1
    date_span: tuple[int, int] | None = None
    date_note: str | None = None
    loc: Loc | None = None
    actor1: ActorMention | None = None
    assoc1: list[ActorMention] = field(default_factory=list)
    actor2: ActorMention | None = None
    counts: dict[str, Count] = field(default_factory=dict)
    count_reports: list[Count] = field(default_factory=list)
    attribution: str | None = None
    attribution_span: tuple[int, int] | None = None
    claim: bool = False
    flags: set[str] = field(default_factory=set)
    paragraph: int = 0


# --- the coder ----------------------------------------------------------------


class _DocState:
    def __init__(self, text, mentions, published):
        self.text = text
        self.mentions = mentions
        self.published = published
        self.convention = date_convention(text)
        self.last_date: DateSpan | None = None  # the last date told, for "the same day"
        self.ctx_date: tuple[DateSpan, int, int] | None = None  # (date, sentence index, paragraph) carried implicitly
        self.incidents: list[Incident] = []
        self.air_until = -1  # sentence index up to which "strikes" are read as air strikes
        self.ground_until = -1  # ... and as shelling or missile strikes
        self.air_sents: set[int] = set()  # sentences naming aircraft
        self.ground_sents: set[int] = set()  # sentences naming artillery, rockets, missiles
        self.focus = _focus_country(mentions)
        self.here = self.focus  # the country the current sentence is about (see _sentence_country)
        self._starts = [m.start for m in mentions]


def _focus_country(mentions: list[PlaceMention]) -> str | None:
    weight: dict[str, float] = {}
    for m in mentions:
        if m.place is None or not m.place.country_code:
            continue
        w = 2.0 if m.place.kind == "country" else 1.0
        weight[m.place.country_code] = weight.get(m.place.country_code, 0) + w * max(m.score, 0.3)
    return max(weight, key=weight.get) if weight else None


def _sentence_country(st: "_DocState", sent, near: tuple[int, ...] = ()) -> str | None:
    """The country of the places a sentence names (towns and divisions count double a country;
    a tie goes to the document's focus), else the document's focus: "the army" or "residents"
    in a sentence about Nyala are Sudan's, whatever else the article is about."""
    lo = bisect_left(st._starts, sent.start)
    hi = bisect_left(st._starts, sent.end)
    weight: dict[str, float] = {}
    for m in st.mentions[lo:hi]:
        p = m.place
        if p is None or not p.country_code or m.score < 0.3:
            continue
        w = 1.0 if p.kind == "country" else 2.0
        if near:  # a place beside the event's words ("protested in Tel Aviv") outweighs one further on
            w /= 1.0 + min(abs(m.start - x) for x in near) / 40.0
        weight[p.country_code] = weight.get(p.country_code, 0.0) + w
    if weight:
        best = max(weight.values())
        tied = [cc for cc, w in weight.items() if w == best]
        return st.focus if st.focus in tied else tied[0]
    return st.focus


_SPLIT = re.compile(r";\s*|,\s*(?:while|whereas|but)\s+|\s+while\s+|,\s*and\s+(?=(?:[\w-]+\s+){0,3}?(?:in|near|on|at)\s+[A-Z])|\bseparately,?\s+", re.I)


def _clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the clauses a sentence joins with ";", "while", "but" or ", and ... in X"."""
    out, start = [], 0
    for m in _SPLIT.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def _has_place(st, sent: Sentence, clause: tuple[int, int]) -> bool:
    a, b = sent.start + clause[0], sent.start + clause[1]
    return any(a <= m.start < b and (m.place is not None or m.modifier == "unlisted") for m in st.mentions)


def _clause_start(text: str, pos: int, floor: int = 0) -> int:
    start = floor
    for m in _CLAUSE_BREAK.finditer(text, floor, pos):
        start = m.end()
    return start


class _Rel:
    """A document-level regex match seen from inside its sentence (offsets relative to the sentence)."""

    __slots__ = ("_a", "_b", "_text")

    def __init__(self, m, offset: int):
        self._a, self._b, self._text = m.start() - offset, m.end() - offset, m.group()

    def start(self):
        return self._a

    def end(self):
        return self._b

    def span(self):
        return self._a, self._b

    def group(self):
        return self._text


def _triggers(sent: Sentence, st: _DocState, index: int, actors: list[ActorMention], matches):
    """Return ([(Trigger, match, referring)], air) for the sentence's valid triggers.

    ``matches`` holds, in :data:`lexicon.TRIGGERS` order, each trigger and its
    matches inside this sentence (found once over the whole document).
    """
    t = sent.text
    found = []
    taken: list[tuple[int, int]] = []
    air = index in st.air_sents or index <= st.air_until or any(a.weapon == "air" for a in actors)
    # "an Israeli strike", "Russian strikes": a state's unspecified strikes, with no sign of artillery, come from the air
    state_strike = any(a.inter == 1 and a.kind == "state" and _STRIKES_AFTER.match(t[a.end - sent.start : a.end - sent.start + 12]) for a in actors)
    ground = index in st.ground_sents or index <= st.ground_until
    nonstate = any(a.inter in (2, 3, 4) for a in actors)
    state = any(a.inter == 1 for a in actors)
    modal_before = _context_scanner(lexicon.MODAL_BEFORE).search
    negation = _context_scanner(lexicon.NEGATION).search
    refers = _context_scanner(lexicon.REFERRING).search
    for trig, ms in matches:
        for m in ms:
            a, b = m.span()
            if any(not (b <= x or a >= y) for x, y in taken):
                continue
            if trig.needs == "air" and (not (air or (state_strike and not ground)) or _STRIKE_NOT.search(t[max(0, a - 15) : b])):
                continue
            if trig.needs == "ground" and (not ground or air):
                continue
            if trig.needs == "noair" and (air or state_strike):
                continue
            if trig.needs == "state_only" and (not state or nonstate):
                continue
            if trig.needs == "nonstate" and not nonstate:
                continue
            if trig.needs == "state" and not state:
                continue
            if trig.needs == "armed_subject" and not any(
                x.inter in (1, 2, 3, 4, 8) and x.end - sent.start <= a for x in actors
            ):
                continue
            before = t[_clause_start(t, a) : a]
            if modal_before(before[-70:]) or lexicon.MODAL_AFTER.search(t[b : b + 40]):
                continue
            if negation(before[-25:]):
                continue
            referring = bool(refers(t[max(0, a - 30) : a])) and not lexicon.VERBAL.match(m.group()) and not _PREP_AFTER.match(t[b : b + 12])
            taken.append((a, b))
            found.append((trig, m, referring))
    found.sort(key=lambda f: f[1].start())
    return found, air


def _background(sent: Sentence, trig_span: tuple[int, int], dates: list[DateSpan]) -> bool:
    """True when the nearest date in the trigger's clause lies in the story's past."""
    a, b = trig_span
    best = None
    for d in dates:
        rel_a, rel_b = d.start - sent.start, d.end - sent.start
        clause = sent.text[min(b, rel_a) : max(a, rel_b)]
        if len(clause) > 40 and _CLAUSE_BREAK.search(clause):
            continue
        dist = min(abs(rel_a - b), abs(a - rel_b))
        if best is None or dist < best[0]:
            best = (dist, d)
    return bool(best and best[1].kind == "past" and best[0] < 60)


def _story_past(dates: list[DateSpan], published: date | None) -> list[DateSpan]:
    """Mark as the story's past the days more than a year before publication, when the story has
    a time of its own near publication: in a report of this week's strikes, "the war began when
    militants attacked on October 7, 2023" is background, never a new incident. A text whose only
    dates are old (a retrospective, an ACLED note re-published later) keeps them."""
    if published is None or not dates:
        return dates
    recent = any(
        d.first is not None and d.kind in ("absolute", "relative") and -31 <= (published - d.first).days <= 31
        for d in dates
    )
    if not recent:
        return dates
    return [
        replace(d, kind="past")
        if d.kind == "absolute" and d.first is not None and d.precision == 1 and (published - d.first).days > 365
        else d
        for d in dates
    ]


def _ignored_date(sent: Sentence, d: DateSpan) -> bool:
    before = sent.text[max(0, d.start - sent.start - 30) : d.start - sent.start].lower()
    return bool(_SINCE_BEFORE.search(before)) and d.kind == "past"


#: A date right after a reporting verb is when something was said, not when it happened:
#: "... killed 40 people, a doctors' group said Sunday", "told AFP on Monday".
_REPORT_VERB_BEFORE = re.compile(
    r"\b(?:said|says|told\s+(?:[A-Z][\w.&-]*\s*){1,3}|reported|announced|stated|confirmed|added|claimed)\s+(?:on\s+|late\s+|early\s+)?$"
)


def _report_date(sent: Sentence, d: DateSpan) -> bool:
    return bool(_REPORT_VERB_BEFORE.search(sent.text, max(0, d.start - sent.start - 40), d.start - sent.start))


def _choose_date(inc: Incident, sent: Sentence, dates: list[DateSpan], st: _DocState, index: int = 0):
    usable = [d for d in dates if d.kind in ("absolute", "relative", "carry") and not _ignored_date(sent, d)]
    reported = [d for d in usable if d.kind != "carry" and d.first is not None and _report_date(sent, d)]
    if reported:
        usable = [d for d in usable if d not in reported]
    for d in dates:
        if "impossible_date" in d.flags:
            inc.flags.add("impossible_date")
    if usable:
        a = inc.trigger[0]
        d = min(usable, key=lambda d: abs(d.start - sent.start - a))
        if d.kind == "carry":
            prev = st.last_date
            if prev is not None and prev.first is not None:
                inc.first = prev.first + timedelta(days=d.carry)
                inc.last = prev.last + timedelta(days=d.carry)
                inc.precision = prev.precision
                inc.date_span = (d.start, d.end)
                inc.date_note = f"'{d.text}' after '{prev.text}'"
                return
        elif d.first is not None:
            inc.first, inc.last, inc.precision = d.first, d.last, d.precision
            inc.date_span = (d.start, d.end)
            inc.flags.update(f for f in d.flags if f == "future_date")
            return
        else:
            inc.flags.update(d.flags)
    # A sentence without a date goes on in the time of the story told just before it:
    # the same paragraph, or one of the two sentences before (wire copy has one-sentence paragraphs).
    if st.ctx_date is not None and "impossible_date" not in inc.flags:  # its own date is unusable, not absent
        prev, at, para = st.ctx_date
        if prev.first is not None and (para == sent.paragraph or index - at <= 2):
            inc.first, inc.last, inc.precision = prev.first, prev.last, prev.precision
            inc.date_span = (prev.start, prev.end)
            inc.date_note = f"carried from '{prev.text}' told just before"
            return
    if reported:
        # Dated only by when it was reported: on that day or in the week before it.
        d = reported[0]
        inc.first, inc.last, inc.precision = d.last - timedelta(days=6), d.last, 2
        inc.date_span = (d.start, d.end)
        inc.date_note = f"reported '{d.text}': the week up to it"
        return
    if st.published is not None:
        # Dated by the article only: the week up to publication (ACLED's week precision).
        inc.first, inc.last, inc.precision = st.published - timedelta(days=6), st.published, 2
        inc.date_note = "no date in the text: the week before publication"
        inc.flags.add("date_from_publication")
    else:
        inc.flags.add("no_date")


def _mention_point(m: PlaceMention) -> tuple[float, float]:
    if m.latitude is not None and m.longitude is not None:
        return m.latitude, m.longitude
    return m.place.latitude, m.place.longitude


def _loc_from_mention(m: PlaceMention, relation: str | None, st: _DocState, gaz) -> Loc:
    """Code a resolved mention as a location, following ACLED's placement rules.

    A phrase with a direction or a vague extent ("northwestern Syria", "the
    Aleppo countryside") keeps the geoparser's representative point, relation
    and radius. A division named plainly ("Idlib province", "the province of
    Aleppo") is placed at the division's capital with geo_precision 3, as ACLED
    places region-level incidents. A country alone is drawn at its own point,
    precision 3, with a wide radius.
    """
    p = m.place
    lat, lon = _mention_point(m)
    kind = p.kind
    precision = m.geo_precision or {"populated": 1, "user": 1, "admin2": 3, "admin1": 3, "country": 3}.get(kind, 2)
    rel = relation or (m.relation if m.relation in ("region", "near") else "in")
    name = p.name
    radius = m.radius_km or 0.0
    if m.relation == "region" and m.modifier:
        # a part of a place ("northwestern Syria"): the phrase names the area the point stands for
        name = re.sub(r"^(?:the|in|on)\s+", "", m.text.strip(), flags=re.I)
    elif kind in ("admin1", "admin2"):
        seat = gaz.seat_of(p) if gaz is not None else None
        if seat is not None:
            lat, lon, name = seat.latitude, seat.longitude, seat.name
        rel, precision, radius = relation or "region", 3, radius or 40.0
    elif kind == "country":
        rel, precision, radius = relation or "region", 3, radius or 250.0
    return Loc(
        name=name, latitude=lat, longitude=lon, precision=precision, relation=rel, span=(m.start, m.end),
        country_code=p.country_code, admin1=p.admin1_name, admin2=p.admin2_name, radius_km=radius, score=m.score,
        kind=kind,
    )


_NAME = r"(?:(?:al|el|ad|ar|as|az|an|at|ash)-)?[A-Z][\w'’]+(?:[- ](?:(?:al|el|ad|ar|as|az|an|at|ash)-)?[A-Z][\w'’]+){0,3}"
#: Nouns for a settlement or a part of one, said before a name with "of" ("the village of Tamthil").
_SETTLEMENT_OF = r"(?:villages?|towns?|cities|hamlets?|neighbou?rhoods?|districts?|suburbs?|camps?|areas?|settlements?|localit(?:y|ies)|islands?|quarters?)"
#: Nouns said after a name that make it a place: parts of towns, and sites an incident happens at
#: ("Teba neighbourhood", "the Kissufim crossing", "al-Shaab Stadium", "the Malacca Straits").
_PLACE_AFTER = (
    r"(?:village|town|neighbou?rhood|district|camp|area|junction|crossing(?:\s+point)?|checkpoint|quarter|suburb|"
    r"settlement|square|stadium|school|university|hospital|mosque|church|cathedral|temple|shrine|palace|market|bazaar|"
    r"airport|air\s*base|airbase|base|outpost|prison|compound|refinery|plant|dam|bridge|port|harbou?r|"
    r"road|street|avenue|highway|motorway|boulevard|border|frontier|river|valley|sea|gulf|straits?|lake|mountains|hills|"
    r"peninsula|island|desert|forest|oilfield|gas\s+field|museum|hotel|embassy|consulate|restaurant|caf[eé]|club|"
    r"theat(?:re|er)|cinema|station|terminal|barracks|mall|park|beach|monument|gate|tower)"
)
#: The same, in the plural, after a list of names ("the Jumla and Diwan villages", "the Equipetrol and Sirari districts").
_PLACES_AFTER = r"(?:villages|towns|neighbou?rhoods|districts|camps|areas|suburbs|settlements|islands)"
#: A name the gazetteer may not hold, said to be a place by the words around it (one pattern per cue, so
#: that one cue never hides another: "the Baghdad neighbourhood of Al-Bayaa").
_UNLISTED_OF = re.compile(  # "the towns of Nyabibwe and Dutu", "the settlements of Arbin, Hawsh Nasri and Jobar"
    rf"\b{_SETTLEMENT_OF}\s+of\s+(?P<list>{_NAME}(?:\s*(?:\([^)]{{0,30}}\)\s*)?(?:,\s*(?:and\s+)?|\s+and\s+){_NAME})*)"
)
#: A modifier between a name and its site noun: "X army base", "X refugee camp", "X border crossing".
_SITE_MODIFIER = r"(?:(?:army|military|air|naval|police|refugee|border|oil|gas|power|industrial|security|bus|railway|train)\s+)?"
_UNLISTED_AFTER = re.compile(  # "Adiyat School", "the Kissufim crossing point", "Teba neighbourhood", "Kawr army base"
    rf"(?P<list>{_NAME})\s+(?i:{_SITE_MODIFIER}{_PLACE_AFTER})\b(?!['’]s?\s|-)"
)
_UNLISTED_CITY_OF = re.compile(rf"\bcity\s+of\s+(?P<list>{_NAME})")  # one name: "the port city of X, Deputy ..." is no list
_UNLISTED_AFTER_LIST = re.compile(  # "the Jumla and Diwan villages"
    rf"(?P<list>{_NAME}(?:(?:,\s*|\s+and\s+|,\s*and\s+){_NAME})+)\s+{_PLACES_AFTER}\b"
)
#: The words :data:`_PLACES_AFTER` can stand for, as written (the pattern is case-sensitive).
_PLURAL_NOUNS = ("villages", "towns", "neighbourhoods", "neighborhoods", "districts", "camps", "areas", "suburbs",
                 "settlements", "islands")
_UNLISTED_ROUTE = re.compile(r"\b(?P<list>(?:Route|Highway|Road|Motorway)\s+[A-Z]?\d+[A-Z]?)\b")
#: "in Dunya Pur, a small town", "Shopville, 70 miles south of Lexington", "Pooneryn, just 30 kilometres from X".
_UNLISTED_APPOS = re.compile(
    rf"(?P<list>{_NAME}),\s+(?:(?:an?|the)\s+(?:[\w-]+\s+){{0,2}}?(?:village|town|city|hamlet|settlement|district|suburb|"
    r"neighbou?rhood|locality|port|oasis)\b(?!\s+(?:council\w*|officials?|mayor|elders?|residents?|chief|leaders?|hall))"
    r"|(?:(?:just|some|about|around|nearly|roughly|approximately|only)\s+)?\d+(?:\.\d+)?\s*(?:km|kilomet(?:re|er)s?|miles?)\b"
    r"(?:\s+\([^)]{0,25}\))?\s+(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+of|from|away\s+from|outside)\b)"
)
#: After a locative word, a name followed by the place that contains it: "in Kollupitiya, central Colombo",
#: "bombed Waku-Congo, in Cuanza-Sul".
_UNLISTED_IN = re.compile(
    rf"\b(?:in|at|near|outside|bombed|shelled|struck|hit|captured|seized|attacked|stormed|entered|raided)\s+(?P<list>{_NAME})"
    r"(?=,\s*(?:(?:in|near|outside|of)\s+)?(?:the\s+)?(?:(?:central|northern|southern|eastern|western|north|south|east|west|"
    r"north-?east(?:ern)?|north-?west(?:ern)?|south-?east(?:ern)?|south-?west(?:ern)?)\s+)?[A-Z])"
)
_NOT_A_NAME = re.compile(r"^(?:The|This|That|These|Those|A|An|In|On|At|Its|Their|His|Her|Our|Refugee|Border|Military|Old|New|"
                         r"Police|Army|Security|Government|State|National|Central|Main|Local|Police|Prison|Interior|Defen[cs]e|"
                         r"President|Prime|Minister|Mr|Mrs|Ms|Dr|Gen|General|Colonel|Col|Lt|Capt|Sgt|Sheikh|Saint|St|Mount|Lake|"
                         r"School|Fire|Public|Federal|Secondary|Primary|High|Royal|World|International|Global|Whilst|Another|"
                         r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
                         r"August|September|October|November|December|Christian|Muslim|Jewish|Islamic|Catholic|Orthodox|He|She|"
                         r"They|We|It|I|You|Many|Some|Most|All|Both|Other|Several|Two|Three|Four|Five|And|But|Or|If|When|While|"
                         r"After|Before|During|Since|Until|As|From|With|By|For|To|Of)$")
_NAME_RE = re.compile(_NAME)
_DETERMINER = re.compile(r"^(?:The|This|That|These|Those|A|An|Its|Their|His|Her|Our|And|Or)$")
#: How sure a place found by its cue words alone is (a resolved name carries the geoparser's score).
_UNLISTED_SCORE = 0.5
_OPEN_CUES = (_UNLISTED_OF, _UNLISTED_CITY_OF, _UNLISTED_AFTER, _UNLISTED_AFTER_LIST, _UNLISTED_ROUTE, _UNLISTED_APPOS, _UNLISTED_IN)
#: After a nationality only a border names a place ("the Turkish border"; not "the Kurdish neighbourhood", "the Turkish market").
_BORDER_AFTER = re.compile(r"\s+(?:border|frontier)\b", re.I)


#: Words that make a name an organisation's, not a place's ("the 5th Armored Division base").
_ORG_WORD = re.compile(r"^(?:Division|Brigades?|Battalions?|Regiment|Corps|Command|Forces?|Army|Ministry|Council|Party|Movement|"
                       r"Company|Group|Committee|Department|Office|Agency|Authority|Police|Association|Union|Federation|"
                       r"Coalition|Alliance|Bank|Corporation|Inc|Ltd|Trust|Foundation|Institute|Society|Guards?)$")


_CUE_WORDS_AFTER = ("village", "town", "neighbourhood", "neighborhood", "district", "camp", "area", "junction", "crossing",
                    "checkpoint", "quarter", "suburb", "settlement", "square", "stadium", "school", "universit", "hospital",
                    "mosque", "church", "cathedral", "temple", "shrine", "palace", "market", "bazaar", "airport", "base",
                    "outpost", "prison", "compound", "refinery", "plant", "dam", "bridge", "port", "harbo", "road", "street",
                    "avenue", "highway", "motorway", "boulevard", "border", "frontier", "river", "valley", "sea", "gulf",
                    "strait", "lake", "mountains", "hills", "peninsula", "island", "desert", "forest", "oilfield", "field",
                    "museum", "hotel", "embassy", "consulate", "restaurant", "caf", "club", "theat", "cinema", "station",
                    "terminal", "barracks", "mall", "park", "beach", "monument", "gate", "tower")
_CUE_WORDS_APPOS = ("village", "town", "city", "hamlet", "settlement", "district", "suburb", "neighbourhood", "neighborhood",
                    "locality", "port", "oasis", " km", "kilomet", "mile")
#: The patterns searched only around their cue words (the others are cheap enough for the whole text).
_ANCHORED_CUES = {_UNLISTED_AFTER.pattern: _CUE_WORDS_AFTER, _UNLISTED_AFTER_LIST.pattern: _CUE_WORDS_AFTER,
                  _UNLISTED_APPOS.pattern: _CUE_WORDS_APPOS}
_CUE_ANCHORS = None
_RARE_SCANNERS: dict = {}


def _rare_start_scanner(pat: re.Pattern):
    """A :class:`~.text.WordStartScanner` for a cue that opens a word ("city of", "Route 17", "villages of", "in")."""
    sc = _RARE_SCANNERS.get(id(pat))  # by identity: hashing a compiled pattern hashes its whole code
    if sc is None or sc.pattern is not pat:
        from .text import WordStartScanner

        sc = _RARE_SCANNERS[id(pat)] = WordStartScanner(pat)
    return sc


def _cue_anchors():
    global _CUE_ANCHORS
    if _CUE_ANCHORS is None:
        from .text import Anchors

        wakes: dict[str, set[str]] = {}
        for key, words in _ANCHORED_CUES.items():
            for w in words:
                wakes.setdefault(w, set()).add(key)
        _CUE_ANCHORS = Anchors(wakes)
    return _CUE_ANCHORS


_CAPITAL_WORD_END = re.compile(
    rf"(?:^|[\s(\"“])(?:(?:al|el|ad|ar|as|az|an|at|ash)-)?[A-Z0-9][\w'’-]*[,)]?\s+(?i:{_SITE_MODIFIER})$")


def _cue_windows(text: str) -> dict:
    """{cue pattern: [(lo, hi), ...]}: where each anchored cue can match.

    A place noun after a name counts only right after a capitalised word ("Adiyat School"), the only
    place such a name can stand; the window reaches back over a name of four words.
    """
    lower = text.lower()
    n = len(text)
    out: dict = {}
    for end, (length, groups) in _cue_anchors().automaton.iter(lower):
        a = end + 1 - length
        if a and lower[a - 1].isalpha() and lower[a] != " ":
            continue  # inside a word
        # (the pattern ends with spaces: a cue word not preceded by one follows no such name)
        if not (a and text[a - 1].isspace() and _CAPITAL_WORD_END.search(text, max(0, a - 40), a)):
            groups = [g for g in groups if g is _UNLISTED_APPOS.pattern]  # "X, a small town": the name is further back
        lo, hi = max(0, a - 140), min(n, end + 1 + 60)
        for g in groups:
            ws = out.setdefault(g, [])
            if ws and lo <= ws[-1][1]:
                ws[-1][1] = max(ws[-1][1], hi)
            else:
                ws.append([lo, hi])
    return out


def _demonym(word: str) -> bool:
    from .actors import _nationality

    return word[0].isupper() and _nationality(word) is not None


def unlisted_places(text: str, mentions) -> list[PlaceMention]:
    """Place names the gazetteer does not hold, recognised from their context (unresolved mentions).

    The cues are the words a reporter uses to say a name is a place: a
    settlement noun before it ("the village of X", "the towns of X and Y"),
    a place noun or a site after it ("X district", "the X and Y villages",
    "X crossing", "X Stadium", "Route 58"), an apposition ("X, a small town",
    "X, 30 km south of Y") or a locative word with the containing place after
    a comma ("in X, central Y"). Names that a cue lists are each a place.
    """
    taken = sorted((m.start, m.end) for m in mentions)
    found: dict[tuple[int, int], str] = {}
    windows = _cue_windows(text)
    for pat in _OPEN_CUES:
        spans = windows.get(pat.pattern, ()) if pat.pattern in _ANCHORED_CUES else ((0, len(text)),)
        if pat is _UNLISTED_AFTER_LIST:  # a list of names ends with a plural place noun: windows without one hold none
            spans = [(lo, hi) for lo, hi in spans if any(text.find(w, lo, hi) != -1 for w in _PLURAL_NOUNS)]
        if pat in (_UNLISTED_OF, _UNLISTED_IN):  # word starts where their first words stand (Aho-Corasick)
            finditer = _rare_start_scanner(pat).finditer_view
            found_here = (m for lo, hi in spans for m in finditer(text, None, lo, hi))
        else:
            finditer = _rare_start_scanner(pat).finditer if pat in (_UNLISTED_CITY_OF, _UNLISTED_ROUTE) else pat.finditer
            found_here = (m for lo, hi in spans for m in finditer(text, lo, hi))
        for m in found_here:
            la, lb = m.span("list")
            names = [(la, lb, m.group("list"))] if pat is _UNLISTED_ROUTE else \
                [(la + n.start(), la + n.end(), n.group()) for n in _NAME_RE.finditer(m.group("list"))]
            for a, b, name in names:
                words = name.split()
                strip = _DETERMINER if pat is _UNLISTED_OF else _NOT_A_NAME
                while words and strip.match(words[0]):
                    a += len(words[0]) + 1
                    words = words[1:]
                if not words or any(_ORG_WORD.match(w) for w in words):
                    continue
                if pat is _UNLISTED_AFTER and len(words) == 1 and not _BORDER_AFTER.match(text, b) and _demonym(words[0]):
                    continue
                found.setdefault((a, b), " ".join(words))
    out = []
    for (a, b), name in sorted(found.items()):
        if any(not (b <= x or a >= y) for x, y in taken):
            continue
        out.append(PlaceMention(start=a, end=b, text=text[a:b], place=None, score=0.5, relation="in",
                                geo_precision=2, modifier="unlisted"))
        taken.append((a, b))
    return out


def _container(m: PlaceMention, cands) -> PlaceMention | None:
    """The resolved place that says where an unlisted place lies: the nearest one named after it, else before."""
    after = [c for c in cands if c.place is not None and c.start >= m.end and c.start - m.end <= 90]
    before = [c for c in cands if c.place is not None and c.end <= m.start and m.start - c.end <= 60]
    if after:
        return min(after, key=lambda c: c.start)
    return max(before, key=lambda c: c.end) if before else None


_PLACE_NOUN_LEAD = re.compile(rf"^\s*(?:city|{_PLACE_AFTER}|{_PLACES_AFTER})\b", re.I)
_KIND_DEPTH = {"country": 0, "region": 1, "admin1": 1, "admin2": 2, "populated": 3, "user": 3, "site": 4}
_LINK = re.compile(r"^(?:['’]s|\s+s)?\s*,?\s*(?:the\s+)?(?:(?!(?:in|on|at|near|outside|from|to|of|and|or|by|with|for|into|onto|along)\b)[\w-]+\s+){0,2}?(?:(?:capital|city|town|village|province|region|district|neighbou?rhood|governorate|suburb)\s+(?:of\s+)?)?$", re.I)
_LOCATOR = re.compile(r"^\s*(?:,\s*|\(\s*)?(?:in|of|near|outside)?\s*(?:the\s+)?(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?(?:(?:countryside|outskirts|suburbs|part|area|province|region|district)\s+of\s+)?(?:(?:(?:just|some|about|around|nearly|roughly|approximately|only)\s+)?(?:\d+\s*(?:km|kilomet(?:re|er)s?|miles?)\s+(?:\([^)]{0,20}\)\s+)?)?(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+(?:of\s+)?)?(?:the\s+)?(?:central\s+|northern\s+|southern\s+|eastern\s+|western\s+)?$", re.I)
_CLAUSE = re.compile(r"[;—–]|,\s*(?:while|but|as|and)\b|\b(?:which|who|whose|where)\b|\b(?:when|after|before|since|because|although|ahead\s+of|due\s+to|amid)\b|\band\s+(?:another|other)\b|[\"“”]", re.I)


_NEAR_GAP = re.compile(r"^\s*,?\s*(?:near|outside|close\s+to|at)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$", re.I)


#: An event noun right after a place name, which then says where the event is ("the Mosul operation").
_EVENT_NOUN_AFTER = re.compile(r"\s+(?:operation|offensive|counter-?offensive|campaign|battle|assault|front|fighting|clashes|siege|"
                               r"bombings?|attacks?|massacre|uprising|protests?|demonstrations?|riots?)\b", re.I)
_CAP_WORD_BEFORE = re.compile(r"(?:^|[^\w’'.-])([A-Z][a-z]+) $")
_CAP_WORD_AFTER = re.compile(r" ([A-Z][a-z]+)(?![\w-])")
#: Capitalised words that may stand next to a place name without making one proper name with it.
_NAME_NEIGHBOURS = re.compile(
    rf"^(?:(?i:{_PLACE_AFTER}|{_PLACES_AFTER}|city|province|governorate|region|state|county|municipality|oblast|prefecture|"
    r"island|islands|international|central|northern|southern|eastern|western|north|south|east|west|upper|lower|greater|old|new|"
    r"president|governor|mayor|police|army|forces|troops|military|government|council|airport|station|in|on|at|of|the|and|"
    r"from|to|near|by|for|with|after|before|during|since|while|when|as|but|or|a|an|this|that|these|those|its|their|his|her|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|"
    r"september|october|november|december|mr|mrs|ms|dr|sheikh|saint|st|mount|lake|port|fort|al|el))$"
)


#: Passive verbs whose subject is a person, never a place.
_PERSON_PATIENT = re.compile(
    r"\s+(?:was|were|has\s+been|had\s+been|is)\s+(?:\w+ly\s+)?(?:shot|killed|wounded|injured|arrested|detained|kidnapped|"
    r"abducted|executed|murdered|stabbed|beaten|assassinated|hanged|tortured|sentenced|charged|jailed)\b", re.I)
_PASSIVE_PATIENT = re.compile(
    # only verbs whose object is a place: "captured", "seized", "hit", "attacked" take people as often
    r"\s+(?:was|were|has\s+been|had\s+been|have\s+been|is|are|being)\s+(?:\w+ly\s+)?(?:retaken|recaptured|liberated|"
    r"shelled|bombed|bombarded|stormed|overrun|besieged|pounded|occupied|looted|razed|encircled)\b", re.I)
#: The words before a place that make it the teller's place, not the event's.
_SOURCE_BEFORE = re.compile(
    r"\baccording\s+to\s+[^,;.]*$|\b(?:sources?|officials?|spokes(?:man|woman|person)|correspondents?|reporters?|"
    r"journalists?|media|agency|police\s+chief)\s+(?:(?:based|stationed)\s+)?(?:in|from|at)\s+(?:the\s+)?$", re.I)
#: A place in the possessive before what is not a place: the place qualifies a thing, a war, a person.
_POSSESSIVE_MODIFIER = re.compile(
    r"(?:['’]s?|s['’])\s+(?!(?:(?:north|south|east|west|central|old|new|main)\w*|capital|city|province|region|outskirts|"
    r"streets|roads|skies|airspace|waters|soil|territory|centre|center|heart|downtown|"
    rf"countryside|suburbs?|border|coast|{_PLACE_AFTER}|{_PLACES_AFTER})\b)(?:[a-z][\w-]*|[A-Z][a-z]+\s+[a-z\d])")
_TOPIC_BEFORE = re.compile(
    r"\b(?:statement|statements|talks|report|reports|debate|resolution|vote|policy|comments?|remarks|sanctions|law|summit|"
    r"conference|deal|agreement|meeting|briefing|views?|stance|decision|negotiations|envoy|question|issue)\s+"
    r"(?:on|about|over|regarding|concerning)\s+(?:the\s+)?$", re.I)
_DET_BEFORE = re.compile(r"\b(?:a|an|the)\s+$", re.I)
#: A lower-case noun right after "a/the COUNTRY": the country is a modifier ("a US anti-narcotics adviser").
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:and|or|in|on|at|to|for|from|by|with|since|after|before|which|who|that|where|when|over|under|as|but|is|was|"
    r"were|are|has|had|have|said|says|will|would|could|last|this|next|earlier|later|today|yesterday|itself|during|until|"
    r"against|near|into|of|through|across|along|between|capital|coast|countryside|mainland|interior|highlands|side|"
    rf"north\w*|south\w*|east\w*|west\w*|city|province|region|{_PLACE_AFTER}|{_PLACES_AFTER})\b)[a-z][\w-]*")
#: A phrase set off by commas that describes the one named before it ("X, the head of the forces in Y, ...").
_APPOSITION = re.compile(r"\s*(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?(?:of|from|for|at)\s", re.I)
#: A place noun ending the phrase a name begins ("the Balata refugee camp", "the Rafah border crossing").
_PLACE_PHRASE_AFTER = re.compile(
    rf"\s+(?:[a-z][\w-]*\s+){{0,2}}?(?:{_PLACE_AFTER}|{_PLACES_AFTER}|city|province|region|zone|countryside|outskirts|capital)\b", re.I)
#: A relative clause opened after the event word: what follows tells of something else.
_REL_AFTER = re.compile(r",\s*(?:which|who|whose|where)\b|\b(?:which|who)\s+(?:was|were|is|are|has|have|had)\b", re.I)
#: A second predicate after the event word: "was captured, and acknowledged before a judge in X", "and is accused of".
_NEXT_PREDICATE = re.compile(r"\b(?:and|but)\s+(?:is|was|were|are|has|have|had)\b|,\s*(?:and|but)\s+(?:later\s+)?[a-z]+ed\b")
#: A dateline: the place in capitals the story was filed from ("MEXICO CITY --", "TBILISI, Georgia (AP) -").
_DATELINE = re.compile(r"[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][\w. ]{1,30})?\s*(?:\([\w. ]{1,20}\)\s*)?(?:--|—|–|-\s|:\s)")
_REL_PRONOUN = re.compile(r"\b(?:which|who|whose|that|where)\b", re.I)


def _relative_clause(text: str, start: int, m, trigger: int) -> bool:
    """True when the place sits in a relative clause that closes (with a comma) before the event word."""
    between = text[m.end : trigger]
    if "," not in between:
        return False
    seg_start = max(start, text.rfind(",", start, m.start) + 1)
    # "which held hostages in Lima, ...", "X, the head of the forces in Tabqa town, was killed"
    return bool(_REL_PRONOUN.search(text, seg_start, m.start) or (
        seg_start > start and _APPOSITION.match(text, seg_start, m.start) and "," in text[m.end : m.end + 12]))


def _name_part(text: str, m: PlaceMention, place_words=frozenset()) -> bool:
    """True when a one-word place name stands inside a longer proper name ("Abu Layla", "Zahir Mulla was killed").

    The neighbour must be a capitalised word of its own that is not a place
    noun, a direction, a title, a month or a function word, and not the
    first word of the sentence (which is capitalised anyway).
    """
    if m.place is None or " " in m.text.strip() or m.place.kind not in ("populated", "user", "admin2"):
        return False
    before = _CAP_WORD_BEFORE.search(text, max(0, m.start - 30), m.start)
    if before is not None and not _NAME_NEIGHBOURS.match(before.group(1)):
        head = text[max(0, before.start(1) - 3) : before.start(1)]
        if before.start(1) > 0 and not _HEAD_OPENS.search(head):
            return True
    # "Abu Layla", "Zahir Mulla": two one-word places side by side are one person's name
    after = _CAP_WORD_AFTER.match(text, m.end)
    return after is not None and not _NAME_NEIGHBOURS.match(after.group(1)) and after.group(1) in place_words


def _name_after(text: str, pos: int) -> bool:
    """A capitalised word that is no place noun, direction or function word right after ``pos``: "the U.S. Congress"."""
    after = _CAP_WORD_AFTER.match(text, pos)
    return after is not None and not _NAME_NEIGHBOURS.match(after.group(1))


def _nationality_free(word: str) -> bool:
    from .actors import _nationality

    return _nationality(word) is None


#: "before the X bombings", "the anniversary of the X massacre": another event, named to tell the time.
_TIME_REFERENCE = re.compile(r"\b(?:before|after|since|following|until|ahead\s+of|anniversary\s+of)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.I)
#: A sentence opening "In X," that sets the scene for what follows.
_FRAME_BEFORE = re.compile(r"\W*(?:In|At)\s+(?:the\s+)?")
_FRAME_AFTER = re.compile(r"(?:\s+(?:on\s+)?[\w-]+){0,2}\s*,")  # "In Gaza,", "In Gaza Sunday,", "In Gaza on Sunday,"
#: A place followed by a clause that tells what happened there, the event word inside it.
_WHERE_AFTER = re.compile(r"^\s*,\s*(?:where|whose)\b[^;.]*$", re.I)
_APPOSED_PLACE = re.compile(
    rf"^,\s+(?:an?|the)\s+{_NP_WORD}{{0,3}}?(?:village|town|city|hamlet|settlement|district|suburb|neighbou?rhood|locality|port|"
    r"oasis|area)\s+(?:[^,;]*?\b(?:km|kilomet(?:re|er)s?|miles?|north\w*|south\w*|east\w*|west\w*)\s+|(?:just\s+)?(?:near|outside|close\s+to)\s+)"
    r"[^,;]*?(?:\b(?:of|from)\s+|(?<=near\s)|(?<=outside\s)|(?<=to\s))(?:the\s+)?(?:(?:city|town|village|capital|province|region)\s+of\s+)?$", re.I)
_POSSESSIVE = re.compile(r"^['’]s?\s")


def _same_town(inner, outer) -> bool:
    """Two named places a few km apart, the first said to lie in the second: "Sadr City in eastern Baghdad"."""
    a, b = inner.place, outer.place
    if a is None or b is None or a.kind not in ("populated", "user") or b.kind not in ("populated", "user"):
        return False
    if _is_site(inner) and not _is_site(outer):
        return True  # "Myondong Cathedral in central Seoul": the site lies in its town
    if a is b or _is_site(outer):
        return False
    if a.name == b.name:
        return False
    (la, lo), (lb, lob) = _mention_point(inner), (b.latitude, b.longitude)
    return haversine_km(la, lo, lb, lob) <= 15.0


def _inside(inner, outer) -> bool:
    """True when place ``inner`` lies in the country or division ``outer``."""
    a, b = inner.place, outer.place
    if a is None or b is None or not a.country_code or a.country_code != b.country_code:
        return False
    if _KIND_DEPTH.get(a.kind, 3) <= _KIND_DEPTH.get(b.kind, 3):
        return False
    if b.kind == "admin1":
        return a.admin1 == b.admin1
    if b.kind == "admin2":
        return a.admin2 == b.admin2 and a.admin1 == b.admin1
    return b.kind in ("country", "region", "populated")


_OBJECT_NOUN = re.compile(r"^(?:towns?|city|cities|villages?|districts?|neighbou?rhoods?|areas?|airports?|bases?|camps?|regions?|provinces?|capital|islands?|ports?|suburbs?|settlements?|hamlets?|positions?|outskirts|countryside)$", re.I)
_NOT_OBJECT = {"during", "in", "at", "on", "by", "for", "from", "with", "after", "before", "while", "when", "to", "into",
               "near", "and", "but", "as", "that", "which", "who", "off", "over", "under", "against", "since", "until",
               "was", "were", "is", "are", "had", "has", "have", "been", "being", "it", "them", "him", "her", "his", "their"}


_DATE_WORD = re.compile(r"^(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?$|^(?:mon|tues|wednes|thurs|fri|satur|sun)day$", re.I)
_ADJECTIVAL = re.compile(
    r"^(?:-[a-z]\w*|['’]s\s+(?:[a-z]\w*\s+)?(?:forces|troops|army|military|government|embassy|president|minister|ministry|"
    r"intelligence|agency|allies|officials|navy)|\s+(?:[A-Z]\w+\s+)?(?:forces|troops|army|military|soldiers|officials?|"
    r"air\s*strikes?|strikes?|bombing|bombings|raids?|patrols?|embassy|government|president|minister|ministry|navy|jets|"
    r"warplanes|drones|special|intelligence|authorities|police|diplomats?|envoy|ambassador|media|company|firm|citizens?|"
    r"nationals?|officers?|personnel|marines|aircraft|helicopters?|coalition|administration|congress|senate|sanctions|"
    r"military's|army's|dollars?|state\s+department)\b)"
)


def _is_object_gap(gap: str) -> bool:
    """True when ``gap`` (between an event word and a place) makes the place the event's object.

    "captured Knin", "shelled the town of Bakwa", "hit the key city of X":
    at most a determiner, two modifiers and a place noun with "of".
    """
    words = gap.split()
    if len(words) > 5:
        return False
    if words and words[-1].lower() == "of":
        if len(words) < 2 or not _OBJECT_NOUN.match(words[-2]):
            return False
        words = words[:-2]
    return all(w.lower().strip(",") not in _NOT_OBJECT and "," not in w for w in words)


def rank_locations(text: str, start: int, end: int, trigger: int, mentions, actor_spans=(), *, resolved_only=True,
                   trigger_end: int | None = None):
    """Score the place mentions of ``text[start:end]`` as the place of an event at ``trigger``.

    Returns ``(ranked, candidates)``: ``ranked`` holds ``(score, mention,
    relation, index)`` tuples, best first. The relation is ``toward``,
    ``offset``, ``between``, ``near`` or ``None``. A place introduced by a
    locative preposition scores high; one named as an origin ("from X") low;
    one that only locates another place ("Amara, south of Baghdad", "Syria's
    Aleppo province", "in central Damascus" after a neighbourhood) hands its
    weight to the more specific place it locates; places in another clause
    than the event count less.
    """
    lo = bisect_left(mentions, start, key=lambda m: m.start)
    hi = bisect_left(mentions, end, key=lambda m: m.start)
    cands = [m for m in mentions[lo:hi] if m.place is not None or not resolved_only]
    cands = [m for m in cands if not any(a <= m.start < b for a, b in actor_spans) and not _DATE_WORD.match(m.text)]
    scores, relations = [], []
    place_words = {c.text for c in cands if c.place is not None}
    for i, m in enumerate(cands):
        # what precedes the name, including the phrase's own lead ("the town of", "outside")
        lead = _LEAD.match(m.text).group()
        before = text[max(start, m.start - 80) : m.start] + lead
        score = m.score if m.place is not None else (_UNLISTED_SCORE if m.modifier == "unlisted" else 0.3)
        relation = None
        after_trigger = text[trigger_end:m.start] if trigger_end is not None and m.start >= trigger_end else None
        tail = before.rstrip()
        tail = tail[-12:].lower() if tail.isascii() else None  # None: search them all
        low = before.lower() if tail is not None else None
        if (tail is None or tail.endswith(_TOWARD_ENDS)) and _context_scanner(_TOWARD).search(before):
            relation, score = "toward", score + 1.2
        elif (tail is None or (tail.endswith(_OFFSET_ENDS) and _may_offset(low))) and _OFFSET.search(before):
            relation, score = "offset", score + 1.3
        elif (tail is None or tail.endswith(_BETWEEN_ENDS)) and _context_scanner(_BETWEEN).search(before) and i + 1 < len(cands):
            relation, score = "between", score + 1.2
        elif (tail is None or "from" in low) and (origin := _context_scanner(_FROM).search(before)) is not None and _NEAR_IN.search(origin.group()):
            score -= 0.8  # "from a village near the city of X": where someone came from
        elif (tail is None or tail.endswith(_NEAR_ENDS)) and _context_scanner(_NEAR).search(before):
            relation, score = "near", score + 1.1
        elif ((tail is None or "from" in low) and _context_scanner(_FROM).search(before)) or ((tail is None or tail.endswith("by")) and _context_scanner(_BY).search(before)):
            score -= 0.8
        elif _PASSIVE_PATIENT.match(text, m.end):
            score += 1.0  # "Gibraltar was captured", "Qusayr was shelled": the place the event acted on
        elif _context_scanner(_LOCATIVE).search(before) or (lead and _context_scanner(_LOCATIVE).search(before[: len(before) - len(lead)])):
            score += 1.0
        elif after_trigger is not None and _is_object_gap(after_trigger):
            score += 1.0  # the place is what the event acted on: "captured Knin", "shelled the town of X"
        elif m.relation == "near":
            relation, score = "near", score + 0.9
        elif (tail is None or tail.endswith(("to", "the"))) and _LEADING_TO.search(before):
            relation, score = "near", score + 0.5  # "the checkpoint on the road leading to X": by X, not in it
        elif _EVENT_NOUN_AFTER.match(text, m.end) and not _context_scanner(_TIME_REFERENCE).search(before):
            score += 1.0  # "the Mosul operation", "the Manbij campaign": the place names where the event is
        elif m.end <= trigger and _WHERE_AFTER.match(text[m.end : trigger]):
            score += 1.0  # "in Kabul, where a bomb exploded", "Iraq, whose targets have been bombed"
        if _name_part(text, m, place_words):
            score -= 1.0  # "commander Abu Layla", "Kiwan Hamed's troops": a word of a longer proper name
        elif m.place is not None and m.place.kind in ("populated", "user") and " " not in m.text.strip() and \
                _PERSON_PATIENT.match(text, m.end):
            score -= 1.0  # "Zongo was shot four times": a person is what is shot, wounded or arrested
        if m.place is not None and m.place.kind != "country" and _DET_BEFORE.search(text, max(0, m.start - 6), m.start) and \
                _NOUN_AFTER.match(text, m.end) and not _EVENT_NOUN_AFTER.match(text, m.end) and not _PLACE_PHRASE_AFTER.match(text, m.end):
            score -= 0.6  # "a Tampa woman", "the Dili students": the place qualifies a noun (a weak place, kept when alone)
        if _POSSESSIVE_MODIFIER.match(text, m.end):
            score -= 1.0  # "Syria's civil war", "the Philippines' participation", "Caracas' Diario newspaper"
        if (tail is None or tail.endswith(_TOPIC_ENDS)) and _context_scanner(_TOPIC_BEFORE).search(before):
            score -= 1.0  # "a statement on Iraq", "talks on Syria": what is talked about
        if m.start > trigger and (_REL_AFTER.search(text, trigger_end or trigger, m.start) or
                                  _NEXT_PREDICATE.search(text, trigger_end or trigger, m.start)):
            score -= 0.6  # "killed in Tuesday's attack, which was followed by another explosion in Colombo"
        if _DATELINE.match(text, m.start) and (not text[: m.start].strip() or _BREAK_BEFORE.search(text[: m.start])):
            score -= 0.6  # "MEXICO CITY -- ...": where the story was filed
        if m.start > trigger and _context_scanner(lexicon.MODAL_BEFORE).search(text, trigger, m.start):
            score -= 0.8  # "have vowed to march into Kinshasa": a plan, not where the event was
        if (tail is None or ((tail.endswith(_SOURCE_ENDS) or "according" in low) and _may_source(low))) and \
                _context_scanner(_SOURCE_BEFORE).search(before):
            score -= 1.0  # "according to a military source at the base in X", "officials in X said": where the teller is
        if m.start < trigger and _relative_clause(text, start, m, trigger):
            score -= 1.0  # "supporters of the movement which held hostages in Lima, demonstrated in Hamburg"
        kind = m.place.kind if m.place is not None else ("populated" if m.modifier == "unlisted" else None)
        if kind == "country" and (_ADJECTIVAL.match(text[m.end : m.end + 40]) or (
                _DET_BEFORE.search(text, max(0, m.start - 6), m.start) and (_NOUN_AFTER.match(text, m.end) or _name_after(text, m.end))
                and not _PLACE_PHRASE_AFTER.match(text, m.end))):
            score -= 1.5  # "U.S. forces", "US-led", "a U.S. airstrike": a country as a modifier, not a place
        score += {"populated": 0.35, "user": 0.35, "admin2": 0.25, "admin1": 0.15, "region": 0.15}.get(kind, 0.0)
        lo, hi = sorted((m.start, trigger))
        if _clause_in(text[lo:hi]):
            score -= 0.4
        score -= 0.0015 * min(abs(m.start - trigger), 300)
        if m.start > trigger:
            score += 0.05
        scores.append(score)
        relations.append(relation)
    # a general place that locates a specific one hands it its weight
    for i in reversed(range(len(cands) - 1)):  # right to left: "X in the countryside of Y province, north of Z"
        a, b = cands[i], cands[i + 1]
        gap = text[a.end : b.start] + _LEAD.match(b.text).group()
        if _APPOSED_PLACE.match(gap) and len(gap) <= 140:
            # "Dunya Pur, a small town about 100 km northeast of the city of Multan": Multan only says where
            scores[i] = max(scores[i], scores[i + 1] + 0.1)
            scores[i + 1] -= 0.6
            relations[i + 1] = None
            continue
        if len(gap) > 60:
            continue
        # a place the gazetteer lacks, or a site the geoparser put at its town ("X Stadium"): more specific than a town
        a_unlisted = (a.place is None and a.modifier == "unlisted") or _is_site(a) or (
            a.place is not None and a.place.kind in ("populated", "user") and _PLACE_NOUN_LEAD.match(text[a.end : a.end + 40]) is not None
            and b.place is not None and b.place.kind in ("populated", "user"))  # "al-Shaab Stadium in eastern Baghdad"
        b_unlisted = (b.place is None and b.modifier == "unlisted") or _is_site(b)
        # "X town, some 100 km west of Y", "X neighbourhood near Y": the place noun after X belongs to X
        told = gap
        gap = _PLACE_NOUN_LEAD.sub("", gap, count=1)
        if (_inside(b, a) or (b_unlisted and a.place is not None) or (_same_town(b, a) and _POSSESSIVE.match(gap))) and _LINK.match(told):
            # "Syria's Aleppo province", "the Belarus capital Minsk", "Baghdad's southern district of Saiydiah"
            scores[i + 1] = max(scores[i + 1], scores[i] + 0.1)
            scores[i] -= 0.6
        elif (_inside(a, b) or (a_unlisted and b.place is not None) or _same_town(a, b)) and (
            _LOCATOR.match(gap) or _NEAR_GAP.match(gap)
        ):  # "al-Tijara in central Damascus", "Amara, south of Baghdad", "the village of X near Raqqa"
            scores[i] = max(scores[i], scores[i + 1] + 0.1)
            scores[i + 1] -= 0.6
            if relations[i + 1] == "near":
                relations[i + 1] = None
        elif _LOCATOR.match(gap) and _DIRECTION.search(gap) and gap.lstrip().startswith(","):
            # "Taji, just north of Baghdad", "Oaxaca, 350 km southeast of Mexico City": Y only says where X is
            scores[i] = max(scores[i], scores[i + 1])
            scores[i + 1] = (b.score if b.place is not None else 0.3) - 0.5
            relations[i + 1] = None
    # ACLED codes the most specific place: a town or village the event word points at wins over the
    # province or country the sentence is set in ("In the province of Aleppo, terrorists shelled the village of X")
    for i, g in enumerate(cands):
        frame = g.place is not None and _FRAME_BEFORE.fullmatch(text, start, g.start) is not None and \
            _FRAME_AFTER.match(text, g.end, min(len(text), g.end + 40)) is not None and g.end < trigger
        if g.place is None or (g.place.kind not in ("admin1", "admin2", "country", "region") and not frame):
            continue
        for j, sp in enumerate(cands):
            if j == i or scores[j] < 1.0 or (_depth(sp) <= _depth(g) and not frame) or relations[j] in ("toward", "offset"):
                continue
            lo_, hi_ = sorted((sp.start, g.start))
            if _clause_in(text, lo_, hi_):
                continue
            if _inside(sp, g) or (sp.place is None and sp.modifier == "unlisted" and abs(sp.start - g.start) < 200) or (
                    frame and sp.start > trigger and relations[j] == "near") or (frame and _same_town(sp, g)):
                scores[j] = max(scores[j], scores[i] + 0.05)
    ranked = [(scores[i], m, relations[i], i) for i, m in enumerate(cands)]
    ranked.sort(key=lambda r: -r[0])
    return ranked, cands


#: The words the patterns read on the left of a place must end with (before their spaces): a plain-ASCII
#: left side ending otherwise is not searched ("from" and "according" may stand further back).
_LEADING_TO = re.compile(r"\b(?:lead(?:ing|s)|going)\s+to\s+(?:the\s+)?$", re.I)
_TOWARD_ENDS = ("toward", "towards", "to", "for", "the", "of")
_OFFSET_ENDS = ("of", "the")
_BETWEEN_ENDS = ("between", "the", "of")
_NEAR_ENDS = ("near", "outside", "to", "of", "around", "the")
_TOPIC_ENDS = ("on", "about", "over", "regarding", "concerning", "the")
_SOURCE_ENDS = ("in", "from", "at", "the")


def _may_offset(low: str) -> bool:
    """Whether lower-case ASCII ``low`` holds what every :data:`_OFFSET` match holds: a unit and a direction."""
    return ("km" in low or "mi" in low or "kilomet" in low) and (
        "north" in low or "south" in low or "east" in low or "west" in low)


def _may_source(low: str) -> bool:
    """Whether lower-case ASCII ``low`` holds a word every :data:`_SOURCE_BEFORE` match holds."""
    return "according" in low or any(w in low for w in _SOURCE_WORDS)


_SOURCE_WORDS = ("source", "official", "spokes", "correspondent", "reporter", "journalist", "media", "agency", "police")


_COORD = re.compile(r"^\s*(?:,|and|,\s*and|or|as\s+well\s+as)\s*(?:the\s+)?(?:(?:towns?|villages?|cities|city)\s+of\s+)?$", re.I)


def event_locations(text: str, verb_span: tuple[int, int], mentions, *, threshold: float = 1.0):
    """The place mentions naming where the event at ``verb_span`` happened (0..n).

    The best-ranked mention, when it scores above ``threshold``, plus the
    places coordinated with it ("in Palmyra and Quaryatayn").
    """
    mentions = sorted(list(mentions) + unlisted_places(text, mentions), key=lambda m: m.start)
    ranked, cands = rank_locations(text, 0, len(text), verb_span[0], mentions, resolved_only=False, trigger_end=verb_span[1])
    if not ranked or ranked[0][0] < threshold:
        return []
    best = ranked[0][1]
    chosen = [best]
    i = cands.index(best)
    for j in range(i + 1, len(cands)):
        if _in_brackets(text, cands[j], chosen[-1]):
            continue  # the bracketed place locates the one before; the list goes on after it
        gap = _BRACKETS.sub("", text[chosen[-1].end : cands[j].start])
        if _COORD.match(gap) and not _locates(cands[j], chosen[-1], text):
            chosen.append(cands[j])
        else:
            break
    for j in range(i - 1, -1, -1):
        if _COORD.match(text[cands[j].end : chosen[0].start]) and not _locates(chosen[0], cands[j], text):
            chosen.insert(0, cands[j])
        else:
            break
    return chosen


_BRACKETS = re.compile(r"\s*\([^()]{0,40}\)")


def _in_brackets(text: str, m, prev) -> bool:
    """True when ``m`` stands in brackets right after ``prev``: "Maharda (Hama province)"."""
    return bool(_OPEN_BRACKET.match(text[prev.end : m.start])) and text.find(")", m.end, m.end + 5) != -1


_LIST_GOES_ON = re.compile(r"\s*(?:\([^)]{0,30}\)\s*)?(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?(?:(?:al|el|ad|ar|as|az|an|at|ash)-)?[A-Z]")


def _is_site(m) -> bool:
    """A building or street the geoparser placed at its town (``modifier == "street"``): its point is the town's."""
    return m.modifier == "street" and m.place is not None


def _depth(m) -> int:
    if _is_site(m):
        return 4
    return _KIND_DEPTH.get(m.place.kind, 3) if m.place is not None else 3


def _locates(outer, inner, text: str) -> bool:
    """True when ``outer``, after ``inner`` and a comma, only says where ``inner`` is ("Makhmur district, northern Iraq")."""
    if outer.start < inner.end:
        return False
    gap = text[inner.end : outer.start]
    return "and" not in gap and "or" not in gap.split() and (
        _inside(inner, outer) or _depth(outer) < _depth(inner) or (
            inner.place is None and outer.place is not None and gap.strip() == "," and not _LIST_GOES_ON.match(text, outer.end)))


def _choose_location(inc: Incident, sent: Sentence, st: _DocState, actor_spans, gaz, within=None) -> Loc | None:
    t = st.text
    trig = sent.start + inc.trigger[0]
    lo, hi = within if within is not None else (sent.start, sent.end)
    near_actors = [(a, b) for a, b in actor_spans if sent.start <= a < sent.end]
    ranked, cands = rank_locations(t, lo, hi, trig, st.mentions, near_actors,
                                   trigger_end=sent.start + inc.trigger[1], resolved_only=False)
    if within is not None and not any(r[1].place is not None for r in ranked):
        return _choose_location(inc, sent, st, actor_spans, gaz)  # no place in the clause: the sentence's
    ranked = [r for r in ranked if r[1].place is not None or r[1].modifier == "unlisted"]
    best = ranked[0] if ranked else None
    if best is not None and best[0] < 0.5:
        best = None  # only an origin or an agent ("from X", "launched by X"): not where it happened
    if best is not None and best[1].place is None:
        # a village the gazetteer lacks: ACLED's practice, the nearest known place with precision 2
        host = _container(best[1], cands)
        if host is not None:
            loc = _loc_from_mention(host, None, st, gaz)
            if loc.kind in ("admin1", "admin2", "country") and loc.relation == "region":
                lat, lon = _mention_point(host)  # the division's own point, not its capital
            else:
                lat, lon = loc.latitude, loc.longitude
            inc.flags.add("place_not_in_gazetteer")
            return Loc(best[1].text, lat, lon, 2 if loc.precision <= 2 else 3, "near", (best[1].start, best[1].end),
                       loc.country_code, loc.admin1, loc.admin2, max(loc.radius_km, 15.0), None,
                       0.6 * host.score, kind="populated")
        ranked = [r for r in ranked if r[1].place is not None]
        best = ranked[0] if ranked else None
        if best is not None and best[0] < 0.5:
            best = None
    if best is not None:
        _score, m, relation, i = best
        loc = _loc_from_mention(m, relation, st, gaz)
        before = t[max(sent.start, m.start - 80) : m.start]
        if relation == "toward":
            loc = _toward(loc, inc, st, gaz)
        elif relation == "offset":
            o = _OFFSET.search(before)
            n = o.group("n").lower()
            km = float(n) if n[0].isdigit() else _NUMW.get(n, 1)
            if o.group("unit").lower().startswith("mi"):
                km *= 1.609
            lat, lon = _offset_point(loc.latitude, loc.longitude, km, _DIRS[o.group("dir").lower().replace("-", "")])
            loc = Loc(loc.name, lat, lon, 2, "offset", (m.start - len(before) + o.start(), m.end),
                      loc.country_code, loc.admin1, loc.admin2, max(5.0, km * 0.25), (loc.name, loc.latitude, loc.longitude), loc.score)
            if km > 30:  # far enough to leave the division: ask the gazetteer where it lands
                loc = _fill_admin(loc, gaz)
        elif relation == "between":
            other = cands[i + 1]
            if other.place is not None:
                olat, olon = _mention_point(other)
                lat, lon = (loc.latitude + olat) / 2, (loc.longitude + olon) / 2
                same_div = other.place.admin1 == m.place.admin1 and other.place.country_code == m.place.country_code
                loc = Loc(loc.name, lat, lon, 2, "between", (m.start, other.end),
                          loc.country_code, loc.admin1 if same_div else None, None,
                          haversine_km(loc.latitude, loc.longitude, olat, olon) / 2,
                          (other.place.name, olat, olon), min(loc.score, other.score))
                if not same_div:
                    loc = _fill_admin(loc, gaz)
        elif relation == "near":
            loc.relation, loc.precision = "near", 2
            loc.radius_km = max(loc.radius_km, 10.0)
        return loc
    # anaphora: "the city", "the province" -> the last place of that kind
    for am in _ANAPHOR.finditer(sent.text):
        want = {"city": ("populated",), "town": ("populated",), "village": ("populated",), "capital": ("populated",),
                "province": ("admin1",), "governorate": ("admin1",), "region": ("admin1", "region"),
                "district": ("admin2",), "area": ("populated", "admin1", "admin2", "region")}[am.group("what").lower()]
        prev = [m for m in st.mentions if m.end <= sent.start and m.place is not None and m.place.kind in want]
        if prev:
            loc = _loc_from_mention(prev[-1], None, st, gaz)
            if loc.relation == "near":  # "the city" is the city itself, whatever "near" said before
                loc.relation, loc.precision, loc.radius_km = "in", 1 if loc.kind in ("populated", "user") else loc.precision, 0.0
            loc.span = (sent.start + am.start("what") - 4, sent.start + am.end())
            loc.inherited = True
            loc.score *= 0.9
            return loc
    return None


def _fill_admin(loc: Loc, gaz) -> Loc:
    if gaz is None:
        return loc
    try:
        r = gaz.reverse(loc.latitude, loc.longitude)
    except GeoeventsError:
        return loc
    if r:
        loc.country_code = loc.country_code or r.get("country_code")
        loc.admin1 = r.get("admin1") or loc.admin1
        loc.admin2 = r.get("admin2") or loc.admin2
    return loc


def _toward(loc: Loc, inc: Incident, st: _DocState, gaz) -> Loc:
    """An incident on the way toward a place: not in it. Placed short of it, on the side it came from."""
    dest = (loc.name, loc.latitude, loc.longitude)
    origin_cc = None
    for a in (inc.actor2, inc.actor1):
        if a is not None and a.country_code and a.country_code != loc.country_code:
            origin_cc = a.country_code
            break
    lat, lon = loc.latitude, loc.longitude
    if origin_cc and gaz is not None:
        try:
            o = gaz.country(origin_cc)
        except GeoeventsError:
            o = None  # no such country in the gazetteer: keep the point at the destination, with its radius
        if o is not None:
            lat, lon = _offset_point(loc.latitude, loc.longitude, 40.0, _bearing(loc.latitude, loc.longitude, o.latitude, o.longitude))
    out = Loc(loc.name, lat, lon, 3, "toward", loc.span, loc.country_code, loc.admin1, loc.admin2, 60.0, dest, loc.score, kind=loc.kind)
    return _fill_admin(out, gaz) if (lat, lon) != (loc.latitude, loc.longitude) else out


# Words that look like an incident in general news and are not one (ACLED codes political
# violence, demonstrations and politically relevant arrests, not fires, sport or ordinary crime).
_FIGHT_NOT = re.compile(
    r"\bfight(?:ing|s)?\s+(?:\w+\s+){0,2}?(?:fires?|blazes?|wildfires?|flames|cancer|corruption|crime|disease|poverty|"
    r"inflation|climate|addiction|illness|virus|covid\w*|pandemic|back)\b"
    r"|\b(?:legal|court|custody|political|competitive|election|electoral|ratings|price|bidding|takeover|trade|tariff|"
    r"uphill|personal|internal|boardroom|courtroom|ongoing\s+legal)\s+(?:battles?|fights?)\b"
    r"|\bbattl(?:e|es|ed|ing)\s+(?:\w+\s+){0,2}?(?:cancer|illness|disease|addiction|injur\w*|fires?|blazes?|flames|"
    r"for\s+(?:the\s+)?(?:title|trophy|championship|cup|lead|top|votes?|custody|control\s+of\s+the\s+company))\b"
    r"|\bhard[-\s]fought\b|\bfought\s+(?:\w+\s+){0,2}?in\s+(?:the\s+)?courts?\b|\b(?:games?|matches?|contests?|races?)\b",
    re.I,
)
_VIGIL_NOT = re.compile(r"\b(?:Easter|Paschal|Christmas|prayer|all-night|night)\s+vigils?\b|\bvigil\s+(?:mass|service)\b", re.I)
_EXECUTED_NOT = re.compile(
    r"\b(?:projects?|plans?|orders?|contracts?|works?|programm?es?|strateg\w+|deals?|warrants?|trades?|transactions?|"
    r"agreements?|polic(?:y|ies)|schemes?|instructions?|tasks?|moves?|manoeuvres?|maneuvers?)\s+(?:\w+\s+){0,4}?"
    r"(?:been|was|were|being|is|are|be)\s+executed\b|\bexecuted\s+(?:a|an|the|its|their|his|her)\s+"
    r"(?:\w+\s+){0,2}?(?:plans?|orders?|contracts?|trades?|deals?|strateg\w+|moves?|projects?|pass(?:es)?|shots?|turns?)\b",
    re.I,
)
_SHOWED = re.compile(r"demonstrat(?:ed|ing)\b(?!\s+(?:against|outside|in\s+front|for|in\s+support|in\s+protest|over|near|at|in\s+the\s+streets))", re.I)
#: A politically relevant arrest (ACLED's "Arrests"): of whom, or for what.
_POLITICAL_ARREST = re.compile(
    r"\b(?:activists?|opposition|protest(?:ers?|ors?|s)?|demonstrat\w+|journalists?|reporters?|bloggers?|dissidents?|"
    r"militants?|rebels?|insurgents?|jihadists?|terror\w*|extremists?|separatists?|party|politicians?|lawmakers?|"
    r"MPs?|senators?|leaders?|supporters?|human\s+rights|lawyers?|students?|strikers|unionists?|coup|plot\w*|spy|spies|"
    r"espionage|treason|sedition|insurrection|riot\w*|unrest|members\s+of|fighters|soldiers|officers\s+accused|"
    r"bomb\w*|attacks?|shooting|blasts?|explosions?|massacre|crackdown|rally|rallies|march|marches|IS|ISIS|ISIL|"
    r"Islamic\s+State|al-Qaeda|al-Shabaab|Boko\s+Haram|Hamas|Hezbollah|PKK|Taliban|junta|regime|security\s+forces|"
    r"state\s+security|intelligence|blasphemy|anti-government|government\s+critics?|critics?\s+of)\b",
    re.I,
)


def _not_political_violence(inc: Incident, sent: Sentence) -> bool:
    """True when the trigger's words, read in their sentence, are not the incident ACLED codes:
    firefighters "fighting two apartment fires", "competitive battles", "projects executed by
    engineers", "demonstrated by our decision", an arrest for burglary or insider trading. Read
    once the actors have set the incident's type, before its date and place are worked out."""
    t = sent.text
    word = t[inc.trigger[0] : inc.trigger[1]].lower()
    window = t[max(0, inc.trigger[0] - 40) : inc.trigger[1] + 60]
    kind = inc.sub_event_type
    if kind == "Armed clash" and (word.startswith(("fight", "battl", "fought")) or "battle" in word) \
            and _FIGHT_NOT.search(window):
        return True
    if word == "executed" and _EXECUTED_NOT.search(window):
        return True
    if kind == "Peaceful protest" and (_SHOWED.match(t, inc.trigger[0]) or (word.startswith("vigil") and _VIGIL_NOT.search(window))):
        return True
    return kind == "Arrests" and not _POLITICAL_ARREST.search(t)


#: Places whose attack is an attack on the people in them (ACLED: civilians unless armed men are named).
_PLACE_ATTACKED = re.compile(
    r"\b(?:attack\w*\s+(?:on\s+)?|opened\s+fire\s+(?:at|on|in|inside)\s+|storm\w*\s+)(?:a|an|the)\s+(?:[\w-]+\s+)?"
    r"(?:village|market|school|mosque|church|camp|bus|wedding|funeral|hospital|homes?|houses?|bar|restaurant|"
    r"nightclub|club|party|hotel|shop|store|caf[eé])\b", re.I)


def _unnamed_actor(label: str, inter: int, kind: str, cc: str | None, inc: Incident, sent: Sentence) -> ActorMention:
    """An actor the text implies but does not name ("Protesters (Kenya)", "Civilians (Sudan)"), its
    evidence the trigger's words."""
    where = country_name(cc)
    a, b = inc.trigger
    return ActorMention(f"{label} ({where})" if where else label, inter, sent.start + a, sent.start + b,
                        sent.text[a:b], cc, kind)


def _assign_actors(inc: Incident, sent: Sentence, actors: list[ActorMention], st: _DocState):
    t = sent.text
    a0 = inc.trigger[0]
    rel = lambda a: (a.start - sent.start, a.end - sent.start)  # noqa: E731
    assoc_before = _context_scanner(_ASSOC).search
    target_before = _context_scanner(_TARGET_PREP).search
    assoc = [a for a in actors if assoc_before(t[max(0, rel(a)[0] - 40) : rel(a)[0]])]
    # "against X", "on X", "killing X": X is the target wherever the tactic word stands
    # passive voice: "killed by soldiers" makes the soldiers actor1
    agents = [a for a in actors if a not in assoc and _BY_BEFORE.search(t[max(0, rel(a)[0] - 25) : rel(a)[0]])]
    targets = [a for a in actors if a not in assoc and a not in agents
               and target_before(t[max(0, rel(a)[0] - 30) : rel(a)[0]])]
    victims = [a for a in actors if a.kind in ("civilians", "protesters") and a not in assoc]
    others = [a for a in actors if a not in assoc and a not in targets and a not in victims]
    # the attacker: the agent of a passive, else the actor closest before the trigger, else the first one
    before = [a for a in others if rel(a)[0] < a0]
    if agents and agents[0] not in targets:
        attacker = agents[0]
        if attacker in victims:
            victims.remove(attacker)
        others = [a for a in others if a is not attacker]
        rest = [a for a in actors if a is not attacker and a not in assoc]
        if not targets and rest:
            targets = [rest[0]]
    else:
        attacker = max(before, key=lambda a: rel(a)[0]) if before else (others[0] if others else None)
    if attacker is None and targets and inc.sub_event_type in ("Peaceful protest",):
        attacker = targets.pop(0)
    target = targets[0] if targets else (victims[0] if victims else None)
    if target is None and _PRONOUN_OBJ.search(t[inc.trigger[1] : inc.trigger[1] + 20]):
        rest = [a for a in others if a is not attacker]
        target = rest[0] if rest else None
    if target is None:
        rest = [a for a in others if a is not attacker and rel(a)[0] > inc.trigger[1]]
        target = rest[0] if rest else None
    if inc.sub_event_type in ("Peaceful protest", "Protest with intervention", "Violent demonstration",
                              "Excessive force against protesters"):
        # ACLED: the demonstrators are actor1; those who intervene are actor2.
        protesters = [a for a in actors if a.kind in ("protesters", "rioters")]
        if protesters:
            others = [a for a in actors if a.kind not in ("protesters", "rioters", "civilians")]
            attacker, target = protesters[0], (others[0] if others else None)
    if (inc.sub_event_type == "Armed clash" and target is None and inc.strength <= 0.6
            and _PLACE_ATTACKED.search(t)):
        inc.sub_event_type = "Attack"
    if inc.sub_event_type == "Attack" and inc.strength <= 0.5 and target is not None and target.inter in (1, 2, 3, 4, 8):
        inc.sub_event_type = "Armed clash"  # armed men killing armed men: a clash, not violence against civilians
    if inc.sub_event_type == "Armed clash" and target is not None and target.inter == 7:
        inc.sub_event_type = "Attack"  # ACLED: a clash needs two armed sides; one-sided violence on civilians is an attack
    if inc.sub_event_type in ("Non-state actor overtakes territory", "Government regains territory") and \
            target is not None and target.inter == 7:
        inc.sub_event_type = "Attack"  # "stormed the village, killing residents": territory is taken from an armed rival
    if inc.sub_event_type == "Attack" and target is None and attacker is not None and attacker.inter != 7 and \
            _PLACE_ATTACKED.search(t):
        target = _unnamed_actor("Civilians", 7, "civilians", st.here, inc, sent)
    sides = [x for x in (attacker, target) if x is not None]
    demonstrators = [x for x in sides if x.kind in ("protesters", "rioters")]
    if demonstrators and inc.sub_event_type in ("Armed clash", "Attack"):
        # demonstrators fighting police or attacking: a riot, the demonstrators first (ACLED)
        inc.sub_event_type = "Violent demonstration"
        other = next((x for x in sides if x not in demonstrators), None)
        attacker, target = demonstrators[0], other
    if event_type_for(inc.sub_event_type) == "Protests":
        if target is not None and target.kind == "civilians":
            target = None  # "farmers staged a sit-in": who protests, not whom an attack hit
        if inc.sub_event_type != "Excessive force against protesters" and _LETHAL.search(t) and any(x.inter == 1 for x in actors):
            inc.sub_event_type = "Excessive force against protesters"  # protesters killed or shot at by state forces
        elif inc.sub_event_type == "Peaceful protest" and _DISPERSAL.search(t):
            inc.sub_event_type = "Protest with intervention"
    if (event_type_for(inc.sub_event_type) in ("Protests", "Riots") and inc.sub_event_type != "Mob violence"
            and attacker is not None and attacker.inter == 1 and not demonstrators):
        # "police fired tear gas to disperse them": the police intervene; the demonstrators,
        # named or not, are actor1 (ACLED)
        target, attacker = attacker, None
    if attacker is None and event_type_for(inc.sub_event_type) in ("Protests", "Riots") and inc.sub_event_type != "Mob violence":
        kind, inter, label = ("rioters", 5, "Rioters") if inc.sub_event_type == "Violent demonstration" else ("protesters", 6, "Protesters")
        attacker = _unnamed_actor(label, inter, kind, st.here, inc, sent)
    if (inc.sub_event_type in _UNKNOWN_PERPETRATOR and attacker is not None and attacker.inter == 1
            and not any(a.inter in (2, 3, 4) for a in actors)):
        # "Two soldiers were killed when their vehicle hit a landmine": the state forces are the target
        target, attacker = attacker, None
    if attacker is None and inc.sub_event_type in _UNKNOWN_PERPETRATOR:
        cc = (target.country_code if target else None) or st.here
        attacker = _unnamed_actor("Unidentified Armed Group", 3, "armed", cc, inc, sent)
    inc.actor1 = attacker
    inc.actor2 = target if target is not attacker else None
    inc.assoc1 = [a for a in assoc if a is not attacker]


def _attribution(sent: Sentence) -> tuple[str | None, tuple[int, int] | None, bool]:
    t = sent.text
    # the first pattern needs "according" (any case), the others one of their verbs (as written)
    according = not t.isascii() or "according" in t.lower()
    verbs = any(v in t for v in _ATTRIB_VERBS)
    for k, pat in enumerate(_ATTRIB):
        if not (according if k == 0 else verbs):
            continue
        m = pat.search(t)
        if m:
            who = m.group("who").strip().rstrip(",")
            if len(who) < 3 or who.lower() in ("it", "he", "she", "they", "the"):
                continue
            return who, (sent.start + m.start("who"), sent.start + m.start("who") + len(who)), bool(_context_scanner(_CLAIM).search(t))
    return None, None, bool(_context_scanner(_CLAIM).search(t))


def _attach_counts(inc: Incident, counts: list[Count]):
    """Add casualty reports to an incident; conflicting reports keep ACLED's lowest figure and the range."""
    for c in counts:
        if c.kind == "casualties":
            inc.count_reports.append(c)
            continue
        kind = c.kind if c.kind in ("killed", "wounded", "missing", "captured", "none") else None
        if kind is None:
            continue
        inc.count_reports.append(c)
        if kind == "none":
            inc.counts.setdefault("killed", c)
            continue
        old = inc.counts.get(kind)
        if old is None or old.kind == "none":
            inc.counts[kind] = c
            continue
        if old.value == c.value:
            continue
        inc.flags.add("contradictory_counts")
        lows = [x for x in (old.low, c.low, old.value, c.value) if x is not None]
        highs = [x for x in (old.high, c.high) if x is not None]
        low = min(lows) if lows else None
        high = max(highs + [old.value, c.value]) if (old.high is not None and c.high is not None) else None
        keep = c if (c.value is not None and (old.value is None or c.value < old.value)) else old
        inc.counts[kind] = Count(kind, keep.value, low, high, keep.start, keep.end, keep.text, keep.who, keep.vague)


_GENERIC_ACTOR = re.compile(r"^(?:Unidentified Armed Group|Militia|Rebel Groups|Islamist Rebels)(?: \(|$)")


def _may_be_same_actor(x: ActorMention, y: ActorMention) -> bool:
    """A generic non-state actor ("Militia (Sudan)", "Unidentified Armed Group (Mali)") may be the
    named group that the story names elsewhere ("Rapid Support Forces"); two named ones may not."""
    if x.inter not in (2, 3, 4) or y.inter not in (2, 3, 4):
        return False
    gx, gy = bool(_GENERIC_ACTOR.match(x.name)), bool(_GENERIC_ACTOR.match(y.name))
    if gx == gy:
        return False
    generic = x if gx else y
    return generic.country_code is None or (x if gy else y).country_code in (None, generic.country_code)


def _same_incident(a: Incident, b: Incident) -> bool:
    """ACLED's rule: same type, same day(s), same actors, same place make one event."""
    if a.sub_event_type != b.sub_event_type and not (
        "Peaceful protest" in (a.sub_event_type, b.sub_event_type)
        and event_type_for(a.sub_event_type) == event_type_for(b.sub_event_type) == "Protests"
    ):
        return False  # (a march, then "police arrested 15 protesters": one protest, with intervention)
    if a.first and b.first and (a.first > b.last or b.first > a.last):
        return False
    if a.actor1 and b.actor1 and a.actor1.name != b.actor1.name and not _may_be_same_actor(a.actor1, b.actor1):
        return False
    if a.loc and b.loc:
        d = haversine_km(a.loc.latitude, a.loc.longitude, b.loc.latitude, b.loc.longitude)
        pa, pb = a.loc.precision, b.loc.precision
        if max(pa, pb) <= 2 and a.loc.name != b.loc.name:
            return d <= 2.0  # two named towns are two places, however close
        limit = {1: 10.0, 2: 25.0, 3: 60.0}[max(pa, pb)]
        return d <= max(limit, min(a.loc.radius_km, b.loc.radius_km))
    return True


def _merge_into(keep: Incident, other: Incident):
    if keep.sub_event_type == "Peaceful protest" and event_type_for(other.sub_event_type) == "Protests":
        keep.sub_event_type = other.sub_event_type  # the intervention told after the march
    keep.sentences.extend(s for s in other.sentences if s not in keep.sentences)
    if other.loc and (keep.loc is None or (other.loc.precision < keep.loc.precision
                                           and other.loc.country_code in (None, keep.loc.country_code))):
        keep.loc = other.loc  # a more precise place, unless it lies in another country than the story's
    if other.first and (keep.first is None or other.precision < keep.precision):
        keep.first, keep.last, keep.precision, keep.date_span = other.first, other.last, other.precision, other.date_span
    for c in other.counts.values():
        _attach_counts(keep, [c])
    if keep.actor1 is None or (other.actor1 is not None and _GENERIC_ACTOR.match(keep.actor1.name)
                               and not _GENERIC_ACTOR.match(other.actor1.name)):
        keep.actor1 = other.actor1  # the named group the story names, over "Militia (Sudan)"
    keep.actor2 = keep.actor2 or other.actor2
    keep.assoc1 = keep.assoc1 or other.assoc1
    keep.attribution = keep.attribution or other.attribution
    keep.claim = keep.claim and other.claim
    keep.flags |= other.flags


_TRIGGER_SCANNERS: list | None = None


def _trigger_scanners() -> list:
    """One :class:`~.text.WordStartScanner` per trigger, in :data:`lexicon.TRIGGERS` order."""
    global _TRIGGER_SCANNERS
    if _TRIGGER_SCANNERS is None:
        from .text import WordStartScanner

        _TRIGGER_SCANNERS = [WordStartScanner(t.pattern) for t in lexicon.TRIGGERS]
    return _TRIGGER_SCANNERS


_CONTEXT_SCANNERS: dict = {}


def _fighter_spans(text: str):
    """The spans :data:`_FIGHTER` finds; in plain-ASCII text by ``str.find`` on the lower-cased text (same case rules)."""
    if not text.isascii():
        return [m.span() for m in _FIGHTER.finditer(text)]
    lower = text.lower()
    out, i = [], lower.find("fighter")
    while i != -1:
        out.append((i, i + 7))
        i = lower.find("fighter", i + 7)
    return out


#: :data:`_CLAUSE` in three parts, any of which finding something is a clause break: a punctuation mark,
#: a comma and a conjunction, a subordinating word (tried only at word starts that can open one).
_CLAUSE_MARK = re.compile(r"[;—–\"“”]")
_CLAUSE_COMMA = re.compile(r",\s*(?:while|but|as|and)\b", re.I)
_CLAUSE_WORD = re.compile(r"\b(?:which|who|whose|where)\b|\b(?:when|after|before|since|because|although|ahead\s+of|due\s+to|amid)\b|"
                          r"\band\s+(?:another|other)\b", re.I)


def _clause_in(text: str, lo: int = 0, hi: int | None = None) -> bool:
    """``bool(_CLAUSE.search(text, lo, hi))``, faster."""
    hi = len(text) if hi is None else hi
    return bool(_CLAUSE_MARK.search(text, lo, hi) or _CLAUSE_COMMA.search(text, lo, hi)
                or _context_scanner(_CLAUSE_WORD).search(text, lo, hi))


def _context_scanner(pat: re.Pattern):
    """A :class:`~.text.WordStartScanner` for a whole-document cue ("warplanes", "claimed"), kept by identity."""
    sc = _CONTEXT_SCANNERS.get(id(pat))
    if sc is None or sc.pattern is not pat:
        from .text import WordStartScanner

        sc = _CONTEXT_SCANNERS[id(pat)] = WordStartScanner(pat)
    return sc


def code_document(text: str, *, published: date | None, mentions: list[PlaceMention], gazetteer=None) -> list[Incident]:
    """Code ``text`` into a list of :class:`Incident` (see the module docstring)."""
    mentions = sorted(list(mentions) + unlisted_places(text, mentions), key=lambda m: m.start)
    st = _DocState(text, mentions, published)
    sentences = split_sentences(text)
    sent_index = {s.start: i for i, s in enumerate(sentences)}
    # Each recogniser runs once over the whole document; its finds are then dealt out to sentences.
    starts = [s.start for s in sentences]

    def deal(items, start=lambda x: x.start, end=lambda x: x.end) -> dict[int, list]:
        out: dict[int, list] = {}
        for it in items:
            i = bisect_right(starts, start(it)) - 1
            if i >= 0 and end(it) <= sentences[i].end:
                out.setdefault(i, []).append(it)
        return out

    # words that colour a whole sentence, found once: aircraft, artillery, claims
    lower = text.lower()
    view = ascii_view(text, lower)  # where case-insensitive cues can stand, found in one pass each
    st.air_sents = set(deal(_context_scanner(lexicon.AIR_CONTEXT).finditer_view(text, view), lambda m: m.start(), lambda m: m.end()))
    st.ground_sents = set(deal(_context_scanner(lexicon.GROUND_CONTEXT).finditer_view(text, view), lambda m: m.start(), lambda m: m.end()))
    claim_sents = set(deal(_context_scanner(_CLAIM).finditer_view(text, view), lambda m: m.start(), lambda m: m.end()))
    all_dates = deal(_story_past(find_dates(text, published=published, convention=st.convention), published))
    plain = unshout(text)  # headlines in capitals too
    # actors are read in the sentences that hold a trigger, and in those naming fighters (air power, besides AIR_CONTEXT)
    fighter_sents = set(deal(_fighter_spans(text), lambda m: m[0], lambda m: m[1]))

    def actors_in(sent: Sentence) -> list[ActorMention]:
        return find_actors(plain[sent.start : sent.end], offset=sent.start, default_country=st.here)

    def counts_in(index: int, sent: Sentence) -> list[Count]:
        # read only in sentences that tell an incident or follow one; dates are no counts ("February 30 killed 4")
        spans = [(d.start, d.end) for d in all_dates.get(index, ())]
        return find_counts(sent.text, offset=sent.start, exclude=spans)
    trig_found = []
    for k, spans in sorted(lexicon.trigger_windows(text, lower).items()):  # TRIGGERS order decides overlaps
        trig = lexicon.TRIGGERS[k]
        finditer = _trigger_scanners()[k].finditer_view
        found = (m for lo, hi in spans for m in finditer(text, view, lo, hi))
        trig_found.append((trig, deal(found, lambda m: m.start(), lambda m: m.end())))
    by_sent: dict[int, list] = {}  # sentence index -> [(trigger, its matches there)], in TRIGGERS order
    for trig, per in trig_found:
        for index, ms in per.items():
            by_sent.setdefault(index, []).append((trig, ms))
    for index, sent in enumerate(sentences):
        if sent.text[:1] in _NEW_TIME_FIRST and _NEW_TIME.match(sent.text):
            st.ctx_date = None  # "Now, ...", "Meanwhile, ...": a new time frame, nothing carried
        dates = all_dates.get(index, [])
        matches = [(trig, [_Rel(m, sent.start) for m in ms]) for trig, ms in by_sent.get(index, ())]
        violent = [(t, ms) for t, ms in matches if event_type_for(t.sub_event_type) != "Strategic developments"]
        # (talks in Doha, an agreement signed in Geneva: where it was signed says nothing of whose rebels)
        st.here = (_sentence_country(st, sent, tuple(sent.start + r.start() for _t, ms in violent for r in ms))
                   if violent or (index in fighter_sents and not matches) else st.focus)
        actors = actors_in(sent) if matches or index in fighter_sents else []
        if index in st.air_sents or any(a.weapon == "air" for a in actors):
            st.air_until = index + 3
        elif index in st.ground_sents:
            st.ground_until = index + 3
        found, _air = _triggers(sent, st, index, actors, matches) if matches else ([], False)
        created: list[Incident] = []
        referred: list[Incident] = []
        if found:
            # group concurrent tactics: one incident per sentence-clause keeps the highest type
            valid = []
            for trig, m, referring in found:
                if _background(sent, m.span(), dates):
                    continue
                valid.append((trig, m, referring))
            fresh = [v for v in valid if not v[2]]
            refs = [v for v in valid if v[2]]
            if refs and st.incidents:
                recent = [i for i in st.incidents if index - sent_index[i.sentences[-1].start] <= 3]
                if recent:
                    target = recent[-1]
                    if sent not in target.sentences:
                        target.sentences.append(sent)
                    referred.append(target)
            if any(v[0].strength >= 0.8 for v in fresh):
                fresh = [v for v in fresh if v[0].strength > 0.5]  # "attack", "killed" yield to the tactic named
            # Clauses joined by ";", "while", ", and" can tell distinct incidents: one incident per clause
            # that has a tactic of its own ("missiles struck Kharkiv, while drones hit Odesa").
            groups: list[tuple[tuple[int, int], list]] = []
            for clause in _clauses(sent.text):
                members = [v for v in fresh if clause[0] <= v[1].start() < clause[1]]
                if members:
                    groups.append((clause, members))
            if len(groups) > 1:
                placed = [g for g in groups if _has_place(st, sent, g[0])]
                if len(placed) < 2:
                    groups = [((0, len(sent.text)), fresh)]  # one place for all: one incident, concurrent tactics
            elif groups:
                groups = [((0, len(sent.text)), fresh)]
            for clause, members in groups:
                members.sort(key=lambda v: lexicon.RANK.get(v[0].sub_event_type, 99))
                trig, m, _ = members[0]
                strength = max(v[0].strength for v in members if v[0].sub_event_type == trig.sub_event_type)
                if len({v[0].sub_event_type for v in members}) > 1:
                    strength = min(1.0, strength + 0.1)
                inc = Incident(trig.sub_event_type, m.span(), strength, [sent], paragraph=sent.paragraph)
                inc.clause = clause if len(groups) > 1 else None
                who, span, claim = _attribution(sent)
                inc.attribution, inc.attribution_span, inc.claim = who, span, claim
                actors_here = [a for a in actors if span is None or not (span[0] <= a.start < span[1])]
                if inc.clause is not None:
                    in_clause = [a for a in actors_here if clause[0] <= a.start - sent.start < clause[1]]
                    actors_here = in_clause or actors_here
                _assign_actors(inc, sent, actors_here, st)
                if span is not None and inc.actor1 is None or (span is not None and _SAYS_IT.match(sent.text[span[1] - sent.start : inc.trigger[0]])):
                    # "The army said it had recaptured...": the one who speaks is the one who acted
                    speaker = [a for a in actors if span[0] <= a.start < span[1] and a.inter != 7]
                    if speaker and _SAYS_IT.match(sent.text[span[1] - sent.start : inc.trigger[0]]):
                        if inc.actor2 is speaker[0]:
                            inc.actor2 = None
                        if inc.actor1 is not None and inc.actor2 is None and inc.actor1.inter != speaker[0].inter:
                            inc.actor2 = inc.actor1
                        inc.actor1 = speaker[0]
                if _not_political_violence(inc, sent):
                    continue
                _choose_date(inc, sent, dates, st, index)
                actor_spans = [(a.start, a.end) for a in actors]
                inc.loc = _choose_location(inc, sent, st, actor_spans, gazetteer,
                                           within=None if inc.clause is None else (sent.start + clause[0], sent.start + clause[1]))
                if inc.loc is None:
                    inc.loc = _inherit_location(inc, sent, st, gazetteer, index, sent_index)
                if inc.actor1 is None and _context_scanner(_REFERS_BACK).search(sent.text) and st.incidents:
                    prev = st.incidents[-1]  # "... abducted during the raid": the raid's perpetrators
                    if index - sent_index[prev.sentences[-1].start] <= 2:
                        inc.actor1 = prev.actor1
                if inc.sub_event_type == "Sexual violence" and (inc.actor1 is None or inc.actor1.inter not in (1, 2, 3, 4, 8)):
                    continue  # a rape in a crime report, no armed or state perpetrator: not political violence
                created.append(inc)
        wants_counts = bool(created or referred)
        if not wants_counts and st.incidents and index:
            prev_sent = sentences[index - 1]
            wants_counts = prev_sent.paragraph == sent.paragraph and prev_sent in st.incidents[-1].sentences
        counts = counts_in(index, sent) if wants_counts else []
        if counts:
            targets = created or referred
            if not targets and st.incidents:
                # "... near Mosul. Five fatalities." : a count told right after its incident
                last = st.incidents[-1]
                prev_sent = sentences[index - 1] if index else None
                if prev_sent is not None and prev_sent in last.sentences and prev_sent.paragraph == sent.paragraph:
                    fresh_kinds = [c for c in counts if c.kind not in last.counts]
                    if fresh_kinds:
                        last.sentences.append(sent)
                        targets = [last]
                        counts = fresh_kinds
            for inc in targets:
                clause = getattr(inc, "clause", None) if inc in created else None
                if clause is not None:
                    mine = [c for c in counts if clause[0] <= c.start - sent.start < clause[1]]
                    _attach_counts(inc, mine)
                else:
                    _attach_counts(inc, counts)
        if not found and index in claim_sents:
            # "The claims could not be independently verified.": the incidents just told rest on claims
            for prev in st.incidents:
                if index - sent_index[prev.sentences[-1].start] <= 2:
                    prev.claim = True
                    if sent not in prev.sentences:
                        prev.sentences.append(sent)
        for inc in created:
            kind = inc.sub_event_type  # (_same_incident is False for another type, bar a peaceful protest)
            protest = event_type_for(kind) == "Protests"
            dup = next((o for o in reversed(st.incidents)
                        if (o.sub_event_type == kind or protest) and _same_incident(o, inc)), None)
            if dup is None and (inc.strength <= 0.6 or kind in ("Attack", "Armed clash")) and \
                    st.incidents and _context_scanner(_REFERS_BACK).search(sent.text):
                # "A teacher was shot dead during the attack": a death told within the incident just
                # reported (two sentences at most), not an incident of its own
                prev = st.incidents[-1]
                if index - sent_index[prev.sentences[-1].start] <= 2 and event_type_for(prev.sub_event_type) in (
                        "Violence against civilians", "Battles", "Explosions/Remote violence", "Riots"):
                    dup = prev
            if dup is not None:
                _merge_into(dup, inc)
            else:
                st.incidents.append(inc)
        # carry date context forward
        good = [d for d in dates if d.kind in ("absolute", "relative") and d.first is not None and not _ignored_date(sent, d)]
        carries = [d for d in dates if d.kind == "carry"]
        if good:
            st.last_date = good[-1]
            st.ctx_date = (good[-1], index, sent.paragraph)
        elif carries and st.last_date is not None:
            st.ctx_date = (st.last_date, index, sent.paragraph)
    return st.incidents


def _inherit_location(inc: Incident, sent: Sentence, st: _DocState, gaz, index: int = 0, sent_index=None) -> Loc | None:
    """No place in the sentence: the place of the incident told just before.

    That is the last incident of this paragraph, or of the two sentences
    before when this one refers back to it ("during the raid"); else the
    document's main country, at region precision.
    """
    refers = bool(_context_scanner(_REFERS_BACK).search(sent.text))
    for prev in reversed(st.incidents):
        if prev.loc is None:
            continue
        near = sent_index is not None and index - sent_index[prev.sentences[-1].start] <= 2
        if prev.paragraph == sent.paragraph or (refers and near):
            loc = Loc(**{**prev.loc.__dict__})
            loc.inherited = True
            loc.score *= 0.8
            return loc
    if st.focus and gaz is not None:
        try:
            c = gaz.country(st.focus)
        except GeoeventsError:
            return None
        return Loc(c.name, c.latitude, c.longitude, 3, "region", None, st.focus, None, None, 250.0, None, 0.3, True, "country")
    return None


# --- to contract records ----------------------------------------------------------


#: ``json.dumps(x, ensure_ascii=False)`` without a new encoder for every row.
_JSON = json.JSONEncoder(ensure_ascii=False)


def to_records(incidents: list[Incident], *, text: str, doc_id: str, published: date | None, source: str | None,
               url: str | None, gazetteer=None, offset: int = 0) -> list[dict[str, Any]]:
    """Turn coded incidents into rows of the incident contract.

    ``offset`` is where ``text`` starts in the whole document (for long
    documents coded block by block); evidence spans point into the document.
    """
    rows = []
    infos: dict = {}  # country code -> the gazetteer's facts, read once per call
    for inc in incidents:
        sub = inc.sub_event_type
        etype = event_type_for(sub)
        loc = inc.loc
        cc = loc.country_code if loc else None
        info = {}
        if cc and gazetteer is not None:
            info = infos.get(cc)
            if info is None:
                try:
                    info = gazetteer.country_info(cc)
                except GeoeventsError:
                    info = {}
                infos[cc] = info
        killed = inc.counts.get("killed")
        fatal = low = high = None
        if killed is not None:
            fatal, low, high = killed.value, killed.low, killed.high
        elif any(c.kind in ("wounded", "casualties") for c in inc.count_reports) or "wounded" in inc.counts:
            fatal = low = high = 0  # ACLED: wounded only, or "casualties" alone, is no fatality
        flags = set(inc.flags)
        if loc is None:
            flags.add("no_location")
        if fatal is not None and fatal >= 100000:
            flags.add("absurd_count")
        elif fatal is not None and loc is not None and loc.kind == "populated" and fatal > 5000:
            flags.add("absurd_count")
        if "absurd_count" in flags:
            high = max(high or 0, fatal or 0) or None
            fatal, low = None, None
        civilian = (inc.actor2 is not None and inc.actor2.inter == 7) or etype == "Violence against civilians"
        notes = " ".join(s.text for s in inc.sentences)
        spans: dict[str, list[list[int]]] = {
            "event_type": [[inc.sentences[0].start + inc.trigger[0], inc.sentences[0].start + inc.trigger[1]]],
            "notes": [[s.start, s.end] for s in inc.sentences],
        }
        if inc.date_span:
            spans["event_date"] = [list(inc.date_span)]
        if loc and loc.span:
            spans["location"] = [list(loc.span)]
        if killed is not None:
            spans["fatalities"] = [[killed.start, killed.end]]
        for key in ("wounded", "missing", "captured"):
            if key in inc.counts:
                spans["injuries" if key == "wounded" else key] = [[inc.counts[key].start, inc.counts[key].end]]
        if inc.actor1:
            spans["actor1"] = [[inc.actor1.start, inc.actor1.end]]
        if inc.actor2:
            spans["actor2"] = [[inc.actor2.start, inc.actor2.end]]
        if inc.assoc1:
            spans["assoc_actor_1"] = [[a.start, a.end] for a in inc.assoc1]
        if inc.attribution_span:
            spans["attribution"] = [list(inc.attribution_span)]
        if offset:
            spans = {k: [[a + offset, b + offset] for a, b in v] for k, v in spans.items()}
        evidence = [{"doc": doc_id, "source": source, "spans": spans}]
        if inc.date_note:
            evidence[0]["date_note"] = inc.date_note
        conf = 0.55 + 0.35 * inc.strength
        if loc is None:
            conf -= 0.3
        else:
            conf *= 0.75 + 0.25 * min(1.0, max(0.0, loc.score))
            if loc.inherited:
                conf -= 0.1
            if loc.precision == 3:
                conf -= 0.05
        if "date_from_publication" in flags or "no_date" in flags:
            conf -= 0.1
        if inc.claim:
            conf -= 0.25
        if flags & {"future_date", "impossible_date", "absurd_count", "contradictory_counts"}:
            conf -= 0.15
        conf = round(min(1.0, max(0.05, conf)), 3)
        first, last = inc.first, inc.last
        ev_date = None
        if first is not None:
            ev_date = first if inc.precision == 1 else first + timedelta(days=(last - first).days // 2)
        iso3 = info.get("iso3")
        rows.append({
            "event_id": make_event_id(doc_id, sub, ev_date, loc.name if loc else None, offset + inc.sentences[0].start + inc.trigger[0], iso3=iso3),
            "event_date": ev_date,
            "time_precision": inc.precision if first is not None else None,
            "date_start": first,
            "date_end": last,
            "disorder_type": disorder_type_for(etype, sub),
            "event_type": etype,
            "sub_event_type": sub,
            "actor1": inc.actor1.name if inc.actor1 else None,
            "assoc_actor_1": "; ".join(dict.fromkeys(a.name for a in inc.assoc1)) or None,
            "inter1": inc.actor1.inter if inc.actor1 else None,
            "actor2": inc.actor2.name if inc.actor2 else None,
            "assoc_actor_2": None,
            "inter2": inc.actor2.inter if inc.actor2 else None,
            "civilian_targeting": bool(civilian),
            "country": info.get("name") or (country_name(cc) if cc else None),
            "iso3": iso3,
            "admin1": loc.admin1 if loc else None,
            "admin2": loc.admin2 if loc else None,
            "location": loc.name if loc else None,
            "latitude": round(loc.latitude, 6) if loc else None,
            "longitude": round(loc.longitude, 6) if loc else None,
            "geo_precision": loc.precision if loc else None,
            "location_relation": loc.relation if loc else None,
            "fatalities": fatal,
            "fatalities_low": low,
            "fatalities_high": high,
            "source": source,
            "source_url": url,
            "published": published,
            "attribution": inc.attribution,
            "notes": notes,
            "evidence": _JSON.encode(evidence),
            "confidence": conf,
            "doc_id": doc_id,
            "origin": "geoevents",
            "claim": bool(inc.claim),
            "injuries": inc.counts["wounded"].value if "wounded" in inc.counts else None,
            "missing": inc.counts["missing"].value if "missing" in inc.counts else None,
            "captured": inc.counts["captured"].value if "captured" in inc.counts else None,
            "dest_location": loc.dest[0] if loc and loc.dest else None,
            "dest_latitude": loc.dest[1] if loc and loc.dest else None,
            "dest_longitude": loc.dest[2] if loc and loc.dest else None,
            "radius_km": loc.radius_km if loc else None,
            "flags": ";".join(sorted(flags)) or None,
        })
    return rows
