"""Casualty counts: killed, wounded, missing and captured, kept apart.

Counts follow ACLED's conservative conventions (ACLED Codebook, fatalities):
"at least 25" is 25; "more than 60" is 60 with the open range kept in
``low``/``high``; "dozens" is 12, "hundreds" 100; "several" 3; "many" 10;
wounded-only or "casualties" gives no fatalities. Numbers written as words
("twenty-five", "a dozen", "two hundred") are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import Anchors, Taken, WordStartScanner, windows

__all__ = ["Count", "find_counts", "parse_number"]

_UNITS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
#: Vague quantities and the conservative figure ACLED codes for them.
VAGUE = {
    "a dozen": 12, "dozen": 12, "dozens": 12, "dozens of": 12, "scores": 20, "scores of": 20,
    "hundreds": 100, "hundreds of": 100, "thousands": 1000, "thousands of": 1000,
    "several": 3, "a few": 3, "few": 3, "a handful of": 3, "some": 3, "multiple": 3, "many": 10,
    "numerous": 10, "several dozen": 24, "several hundred": 200, "several thousand": 2000,
    "tens of": 10, "tens of thousands of": 10000,
}

_WORDS = [w for w in _UNITS if w not in ("zero", "no", "a", "an")] + list(_TENS) + list(_SCALES)
_NUMWORD = r"(?:" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b"
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|a\s+(?:hundred|thousand|million)|{_NUMWORD}(?:(?:\s+and)?[\s-]+{_NUMWORD})*)"
_VAGUE = r"(?:several\s+(?:dozen|hundred|thousand)|tens\s+of\s+thousands\s+of|tens\s+of|dozens\s+of|scores\s+of|hundreds\s+of|thousands\s+of|a\s+handful\s+of|a\s+dozen|dozens|scores|hundreds|thousands|several|a\s+few|numerous|many|multiple)"
_QUAL = r"(?P<qual>between|at\s+least|more\s+than|over|upwards\s+of|nearly|almost|about|around|approximately|roughly|some|up\s+to|as\s+many\s+as|fewer\s+than|less\s+than|an\s+estimated|estimated)"
_QUANT = rf"(?:{_QUAL}\s+)?(?:(?P<lo>{_NUM})\s*(?:-|–|to|and|or)\s*(?P<hi>{_NUM})(?=\s)|(?P<num>{_NUM})|(?P<vague>{_VAGUE}))"

_WHO = (
    r"(?:(?:[A-Z][\w'-]+\s+){0,2}|(?:[a-z-]+\s+){0,2})?"
    r"(?P<who>people|persons|civilians|children|women|men|soldiers|troops|servicemen|fighters|militants|"
    r"rebels|insurgents|militiamen|members|officers|policemen|police|protesters|demonstrators|"
    r"residents|villagers|workers|journalists|combatants|jihadists|gunmen|attackers|others|"
    r"personnel|guards|staff|students|pilgrims|worshippers|victims|Palestinians|Israelis|Ukrainians|"
    r"Russians|Syrians|Iraqis|Afghans|Somalis|Sudanese|Nigerians|[A-Z][a-z]+s)"
)

_KILL = r"(?:killed|dead|died|slain|massacred|executed|murdered|lost\s+their\s+lives|shot\s+dead|beheaded|perished)"
_WOUND = r"(?:wounded|injured|hurt|maimed)"
_MISSING = r"(?:missing|unaccounted\s+for)"
_CAPTURED = r"(?:captured|taken\s+prisoner|detained|arrested|abducted|kidnapped|taken\s+hostage)"
_BE = r"(?:\s+(?:were|was|have\s+been|had\s+been|are|is|being|reportedly|also|allegedly|listed\s+as|left|remain|remained))*"

# (kind, pattern, where it can start): "q" at a quantity, "v" at a verb or gerund, "t" at a toll word,
# "w" anywhere in the window (cheap patterns only).
_PATTERNS: list[tuple[str, re.Pattern, str]] = []
_PATTERNS.append(("none", re.compile(r"\b(?:no\s+(?:one|casualties|deaths|fatalities|injuries)\s+(?:was|were|has\s+been|have\s+been)?\s*(?:killed|reported|injured)?|nobody\s+was\s+(?:killed|hurt|injured)|without\s+casualties)\b", re.I), "w"))
_GERUNDS = {"killed": r"(?:killing|leaving)", "wounded": r"(?:wounding|injuring)", "missing": r"(?:leaving)",
            "captured": r"(?:capturing|detaining|arresting|abducting|kidnapping)"}
for kind, verb in (("killed", _KILL), ("wounded", _WOUND), ("missing", _MISSING), ("captured", _CAPTURED)):
    _PATTERNS.append((kind, re.compile(rf"\b{_QUANT}(?:\s+{_WHO})?{_BE}\s+{verb}\b", re.I), "q"))
    tail = r"(?:\s+(?:dead|wounded|injured|missing))?" if kind in ("killed", "missing") else ""
    _PATTERNS.append((kind, re.compile(rf"\b{_GERUNDS[kind]}\s+{_QUANT}(?:\s+{_WHO})?{tail}\b", re.I), "v"))
    _PATTERNS.append((kind, re.compile(rf"\b{verb}\s+{_QUANT}(?:\s+{_WHO})?\b", re.I), "v"))
_SINGLE = (r"(?:soldier|civilian|man|woman|child|boy|girl|journalist|policeman|police\s+officer|officer|fighter|"
           r"militant|rebel|chief|leader|commander|farmer|teacher|student|worker|guard|resident|villager|person|"
           r"protester|demonstrator|driver|doctor|nurse|priest|imam|official|member)")
_PATTERNS.append(("killed", re.compile(rf"\b(?P<num>an?|one)\s+(?:[\w-]+\s+){{0,2}}?{_SINGLE}\s+(?:was|has\s+been|had\s+been|is)\s+(?:also\s+)?{_KILL}\b", re.I), "a"))
_PATTERNS.append(("killed", re.compile(rf"\b(?:shot\s+dead|killed|killing|murdered|executed|lynched|lynching|beheaded)\s+(?P<num>an?|one)\s+(?:[\w-]+\s+){{0,2}}?{_SINGLE}\b", re.I), "v"))
# "beat a man to death", "stabbed a woman to death"
_PATTERNS.append(("killed", re.compile(rf"\b(?:beat|beaten|stabbed|hacked|burned|burnt|stoned|clubbed)\s+(?P<num>an?|one)\s+(?:[\w-]+\s+){{0,2}}?{_SINGLE}\s+to\s+death\b", re.I), "v"))
_PATTERNS.append(("wounded", re.compile(rf"\b(?P<num>an?|one)\s+(?:[\w-]+\s+){{0,2}}?{_SINGLE}\s+(?:was|has\s+been|had\s+been|is)\s+(?:also\s+)?{_WOUND}\b", re.I), "a"))
_PATTERNS.append(("killed", re.compile(rf"\b(?:death\s+toll|toll|number\s+of\s+dead)\s+(?:[\w-]+\s+){{0,7}}?(?:rose\s+to|climbed\s+to|reached|stood\s+at|of|at|to)\s+{_QUANT}", re.I), "t"))
_PATTERNS.append(("killed", re.compile(rf"\b{_QUANT}\s+(?:deaths|fatalities|dead\b)", re.I), "q"))
_PATTERNS.append(("casualties", re.compile(rf"\b(?:{_QUANT}\s+)?casualties\b", re.I), "qc"))

# Words (lower case) one of which each pattern cannot match without: a pattern whose words the text
# lacks is not tried at all. In _PATTERNS order; None for patterns tried always.
_KILL_W = ("kill", "dead", "died", "slain", "massacr", "execut", "murder", "lost", "behead", "perish")
_WOUND_W = ("wound", "injur", "hurt", "maim")
_MISSING_W = ("missing", "unaccounted")
_CAPTURED_W = ("captur", "taken", "detain", "arrest", "abduct", "kidnap")
_GERUND_W = {"killed": ("killing", "leaving"), "wounded": ("wounding", "injuring"), "missing": ("leaving",),
             "captured": ("capturing", "detaining", "arresting", "abducting", "kidnapping")}
_NEEDS: list[tuple[str, ...] | None] = [None]
for _kind, _words in (("killed", _KILL_W), ("wounded", _WOUND_W), ("missing", _MISSING_W), ("captured", _CAPTURED_W)):
    _NEEDS += [_words, _GERUND_W[_kind], _words]
_NEEDS += [_KILL_W, ("dead", "kill", "killing", "murder", "execut", "lynch", "behead"), ("death",), _WOUND_W,
           ("toll", "number"), ("death", "fatalit", "dead"), ("casualties",)]
assert len(_NEEDS) == len(_PATTERNS)
_NEED_WORDS = tuple(sorted({w for needs in _NEEDS if needs for w in needs}))
_NEED_SETS = [None if needs is None else frozenset(needs) for needs in _NEEDS]


def _need_automaton():
    import ahocorasick

    auto = ahocorasick.Automaton()
    for w in _NEED_WORDS:
        auto.add_word(w, w)
    auto.make_automaton()
    return auto


_NEED_AUTO = _need_automaton()
_PLANS: dict = {}
# Words (lower case) one of which a match of the pattern holds at or after its start, for the patterns
# tried at a quantity: in a plain-ASCII sentence, a quantity after the last of them is not tried.
_TAIL_WORDS = {"killed": ("killed", "dead", "died", "slain", "massacred", "executed", "murdered", "lost", "shot", "beheaded",
                          "perished"),
               "wounded": ("wounded", "injured", "hurt", "maimed"), "missing": ("missing", "unaccounted"),
               "captured": ("captured", "taken", "detained", "arrested", "abducted", "kidnapped")}
_AFTER: list[tuple[str, ...] | None] = [None]
for _kind in ("killed", "wounded", "missing", "captured"):
    _AFTER += [_TAIL_WORDS[_kind], None, None]
_AFTER += [None, None, None, None, None, ("deaths", "fatalities", "dead"), ("casualties",)]
assert len(_AFTER) == len(_PATTERNS)
assert all(w is None or where in ("q", "qc") for w, (_k, _p, where) in zip(_AFTER, _PATTERNS))

_QUANT_RE = re.compile(rf"\b{_QUANT}", re.I)
_VERB_RE = re.compile(rf"\b(?:{_KILL}|{_WOUND}|{_MISSING}|{_CAPTURED}|killing|leaving|wounding|injuring|capturing|detaining|arresting|abducting|kidnapping|lynched|lynching|beat|beaten|stabbed|hacked|burned|burnt|stoned|clubbed)\b", re.I)
_ARTICLE_RE = re.compile(r"\b(?:an?|one)\b", re.I)
_TOLL_RE = re.compile(r"\b(?:death\s+toll|toll|number\s+of\s+dead)\b", re.I)
_CASUALTIES_RE = re.compile(r"\bcasualties\b", re.I)
#: What a quantity can begin with: a digit, a qualifier and a space, a number word, a vague word (prefixes suffice).
_QUANT_LEAD = (
    r"\d|(?:between|at|more|over|upwards|nearly|almost|about|around|approximately|roughly|some|up|as|fewer|less|an|"
    r"estimated|a|tens)\s|several|dozens|scores|numerous|many|multiple|" + "|".join(_WORDS)
)
_QUANT_SCAN = WordStartScanner(_QUANT_RE, lead=_QUANT_LEAD)
_VERB_SCAN = WordStartScanner(_VERB_RE)
_ARTICLE_SCAN = WordStartScanner(_ARTICLE_RE)
_TOLL_SCAN = WordStartScanner(_TOLL_RE)
_CASUALTIES_SCAN = WordStartScanner(_CASUALTIES_RE)


# Where a count can be: the words casualty figures hang on.
_ANCHOR = Anchors([
    "kill", "dead", "died", "slain", "massacr", "execut", "murder", "lives", "perish", "behead", "wound", "injur",
    "hurt", "maim", "missing", "unaccounted", "captur", "prisoner", "detain", "arrest", "abduct", "kidnap",
    "hostage", "toll", "death", "fatalit", "casualt", "no one", "nobody", "lynch",
])


@dataclass(frozen=True, slots=True)
class Count:
    """One casualty figure and its span."""

    kind: str  # killed, wounded, missing, captured, casualties, none
    value: int | None  # ACLED's conservative figure
    low: int | None
    high: int | None  # None when open-ended ("at least", "more than")
    start: int
    end: int
    text: str
    who: str | None = None
    vague: bool = False


_NUMBER_SPLIT = re.compile(r"[\s-]+")


def parse_number(text: str) -> int | None:
    """Read a number written in digits or words.

    >>> parse_number("twenty-five"), parse_number("1,200"), parse_number("two hundred and five")
    (25, 1200, 205)
    """
    t = text.strip().lower().replace(",", "")
    if t.isdigit():
        return int(t)
    total = current = 0
    seen = False
    for w in _NUMBER_SPLIT.split(t):
        if w == "and" or not w:
            continue
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total += current
                current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _value(m) -> tuple[int | None, int | None, int | None, bool]:
    """(value, low, high, vague) for a quantity match."""
    g = m.groupdict()
    qual = " ".join((g.get("qual") or "").lower().split())
    if g.get("lo") and g.get("hi"):
        lo, hi = parse_number(g["lo"]), parse_number(g["hi"])
        if lo is not None and hi is not None and lo < hi and not (lo % 10 == 0 and hi < 10 and lo >= 20):
            return lo, lo, hi, False
        # "twenty-five", "two hundred and five": one number, not a range
        whole = m.group()[m.start("lo") - m.start() : m.end("hi") - m.start()]
        n = parse_number(whole)
        if n is None:
            return None, None, None, False
        g = dict(g, num=whole)
    if g.get("vague"):
        v = VAGUE.get(" ".join(g["vague"].lower().split()))
        return v, v, None, True
    if g.get("num"):
        n = 1 if g["num"].lower() in ("a", "an") else parse_number(g["num"])
        if n is None:
            return None, None, None, False
        if qual in ("at least", "more than", "over", "upwards of"):
            return n, n, None, False
        if qual in ("up to", "as many as", "fewer than", "less than", "nearly", "almost"):
            return n, None, n, False
        return n, n, n, False
    return None, None, None, False


def find_counts(text: str, *, offset: int = 0, exclude=()) -> list[Count]:
    """Find casualty figures in ``text``; spans are ``offset`` + position.

    >>> [(c.kind, c.value, c.low, c.high) for c in find_counts("killing at least 25 people")]
    [('killed', 25, 25, None)]
    """
    # Search only windows around the words that can carry a count.
    lower = text.lower()
    windows_ = windows(text, _ANCHOR, before=160, after=100, lower=lower)
    if not windows_:
        return []
    out: list[Count] = []
    taken = Taken()
    for a, b in sorted(exclude):  # spans already read as something else (dates)
        if taken.free(a - offset, b - offset):
            taken.add(a - offset, b - offset)
    # Each pattern is tried only where it can start (at a quantity, a verb or a toll word), and only
    # when the text holds a word it cannot match without.
    present = frozenset([w for _end, w in _NEED_AUTO.iter(lower)])  # every word looked for in one pass
    plan = _PLANS.get(present)
    if plan is None:  # which patterns the words allow, and where they start: the same for the same words
        wanted = [needs is None or not needs.isdisjoint(present) for needs in _NEED_SETS]
        plan = wanted, {where for (_k, _p, where), on in zip(_PATTERNS, wanted) if on}
        if len(_PLANS) > 4096:
            _PLANS.clear()
        _PLANS[present] = plan
    wanted, kinds = plan
    starts: dict[str, list[int]] = {}
    if kinds & {"q", "qc"}:
        starts["q"] = [m.start() for lo, hi in windows_ for m in _QUANT_SCAN.finditer(text, lo, hi)]
    if "v" in kinds:
        starts["v"] = [m.start() for lo, hi in windows_ for m in _VERB_SCAN.finditer(text, lo, hi)]
    if "t" in kinds:
        starts["t"] = [m.start() for lo, hi in windows_ for m in _TOLL_SCAN.finditer(text, lo, hi)]
    if "a" in kinds:
        starts["a"] = [m.start() for lo, hi in windows_ for m in _ARTICLE_SCAN.finditer(text, lo, hi)]
    if "qc" in kinds:
        starts["qc"] = sorted(starts["q"] + [m.start() for lo, hi in windows_ for m in _CASUALTIES_SCAN.finditer(text, lo, hi)])

    plain = text.isascii()  # then ``lower`` has the same offsets and re's case-folding is ASCII's

    for (kind, pat, where), on, after in zip(_PATTERNS, wanted, _AFTER):
        if not on:
            continue
        if where == "w":
            found = [m for lo, hi in windows_ for m in pat.finditer(text, lo, hi)]
        else:
            at = starts[where]
            if not at:
                continue
            found = []
            end = -1
            last = max(lower.rfind(w) for w in after) if after is not None and plain else len(text)
            match = pat.match
            for pos in at:
                if pos > last:
                    break  # no word the pattern needs is left after here
                if pos < end:
                    continue
                m = match(text, pos)
                if m:
                    end = m.end()
                    found.append(m)
        for m in found:
            a, b = m.span()
            if not taken.free(a, b):
                continue
            if kind == "none":
                out.append(Count("none", 0, 0, 0, offset + a, offset + b, m.group()))
                taken.add(a, b)
                continue
            groups = m.groupdict()
            if not (groups.get("num") or groups.get("lo") or groups.get("vague")):
                if kind == "casualties":
                    out.append(Count("casualties", None, None, None, offset + a, offset + b, m.group()))
                    taken.add(a, b)
                continue
            value, low, high, vague = _value(m)
            if value is None:
                continue
            who = groups.get("who")
            # "two Russian soldiers" fine; a bare year ("in 2016 killed") is not a count
            if not vague and value >= 1900 and value <= 2100 and not who:
                continue
            out.append(Count(kind, value, low, high, offset + a, offset + b, m.group(), who, vague))
            taken.add(a, b)
    out.sort(key=lambda c: c.start)
    return out
