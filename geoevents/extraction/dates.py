"""Date expressions in news text, resolved against the publication date.

Each expression becomes a :class:`DateSpan`: a range ``[first, last]`` of
days with ACLED's time precision (1 day, 2 week, 3 month) and the character
span it came from. ACLED's convention for imprecise dates is followed: an
incident known to the week or month is placed in the middle of that range
(:attr:`DateSpan.event_date`), with the range kept in ``date_start`` and
``date_end``.

Years before the story ("since 2016", "retake it in 2016") come back as
``kind="past"`` so that extraction never dates a new incident to them.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from .text import Anchors, Taken, WordStartScanner

__all__ = ["DateSpan", "find_dates", "date_convention", "WEEKDAYS", "MONTHS"]

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_NUMWORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}

_MON = r"(?P<mon>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_MON2 = _MON.replace("?P<mon>", "?P<mon2>")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("numeric", re.compile(r"\b(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<y>(?:19|20)?\d\d)\b")),
    ("approx_dm", re.compile(rf"\b(?P<q>around|about|circa|approximately|on or about)\s+{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?\b", re.I)),
    ("approx_md", re.compile(rf"\b(?P<q>around|about|circa|approximately|on or about)\s+{_MON}\s+{_DAY}(?!\d)(?:,?\s+{_YEAR})?\b", re.I)),
    ("dm", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?\b", re.I)),
    ("md", re.compile(rf"\b{_MON}\s+{_DAY}(?![\d:])(?:,?\s+{_YEAR})?\b", re.I)),
    ("part_month", re.compile(rf"\b(?:in\s+)?(?:the\s+)?(?P<part>early|mid|late|beginning of|start of|end of|middle of)[- ](?:the\s+month\s+of\s+)?{_MON}(?:\s+{_YEAR})?\b", re.I)),
    ("month", re.compile(rf"\b(?P<prep>in|during|throughout|since|until|by|last|this|early|late)\s+{_MON}(?:\s+{_YEAR})?\b", re.I)),
    ("month_year", re.compile(rf"\b{_MON}\s+{_YEAR}\b", re.I)),
    ("weekday", re.compile(rf"\b(?P<pre>(?:late\s+|early\s+)?(?:on\s+|last\s+|this\s+|overnight\s+(?:on\s+|into\s+)?|since\s+)?){_WD}{_PART}\b", re.I)),
    ("yesterday", re.compile(r"\b(?:the day before yesterday|yesterday|last night|overnight|this morning|earlier today|today|tonight)\b", re.I)),
    ("week", re.compile(r"\b(?P<w>(?:earlier|late|later)?\s*(?:last|this|past|previous)\s+(?:week(?:end)?|few days)|(?:over|during)\s+the\s+weekend)\b", re.I)),
    ("month_rel", re.compile(r"\b(?P<w>(?:earlier|late|later)?\s*(?:this|last|past|previous)\s+month)\b", re.I)),
    ("ago", re.compile(r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|ten)\s+(?P<unit>days?|weeks?)\s+ago\b", re.I)),
    ("carry", re.compile(r"\b(?P<w>the same day|that same day|that day|the same night|the next day|the following day|the day before|the previous day|a day later|hours later|later that day|the next morning)\b", re.I)),
    ("year", re.compile(rf"\b(?P<prep>in|since|during|until|by|of|from|before|after|between)?\s*{_YEAR}\b(?!\s*[-/])", re.I)),
]


# Where a date expression can be: digits, month and weekday names, relative words.
_MONTH_WORDS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.",
                "nov.", "dec.", "jan ", "feb ", "apr ", "jun ", "jul ", "aug ", "sep ", "sept ", "oct ", "nov ", "dec "]
# Which patterns each anchor word wakes: each pattern searches only around its own words.
_WAKES: dict[str, set[str]] = {}
for _kinds, _words in (
    # a day number never makes a date without its month (whose windows reach 40 characters either side),
    # nor does "3 days" without "ago": digits wake only the all-digit forms
    ({"iso", "numeric", "year"}, list("0123456789")),
    ({"dm", "md", "approx_dm", "approx_md", "part_month", "month", "month_year"}, _MONTH_WORDS),
    ({"weekday"}, list(WEEKDAYS)),
    ({"yesterday"}, ["yesterday", "today", "tonight", "overnight", "last night", "this morning"]),
    ({"week"}, ["week", "few days"]),
    ({"month_rel"}, ["month"]),
    ({"ago"}, ["ago"]),
    ({"carry"}, ["same day", "that day", "next day", "following day", "day before", "previous day", "hours later",
                 "later that day", "same night", "next morning", "a day later"]),
):
    for _w in _words:
        _WAKES.setdefault(_w, set()).update(_kinds)
_ANCHOR = Anchors(_WAKES)
#: Each pattern tried only at word starts that can open it (the others run as they are).
_SCANS = [(kind, WordStartScanner(pat)) for kind, pat in _PATTERNS]
#: The patterns every match of which holds a year written 19xx or 20xx.
_CENTURY_KINDS = frozenset({"iso", "year"})


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date expression and the day range it stands for."""

    start: int
    end: int
    text: str
    first: date | None
    last: date | None
    precision: int  # 1 day, 2 week, 3 month (ACLED)
    kind: str  # absolute, relative, carry, past, year
    flags: tuple[str, ...] = field(default_factory=tuple)
    carry: int = 0  # for kind == "carry": days after the previous date (-1, 0, 1)

    @property
    def event_date(self) -> date | None:
        """ACLED's coded date: the day itself, or the middle of a week or month range."""
        if self.first is None or self.last is None:
            return None
        if self.precision == 1:
            return self.first
        return self.first + timedelta(days=(self.last - self.first).days // 2)


def date_convention(text: str) -> str:
    """Guess whether numeric dates in ``text`` are day-first (``"dmy"``) or month-first (``"mdy"``).

    Unambiguous numeric dates (13/11/2024) decide; otherwise the way the text
    writes dates in words ("30 November" or "November 30") does. Texts without
    numeric dates need no guess.
    """
    # (a text without a slash holds no numeric date: not searched)
    numeric = list(re.finditer(r"\b([0-3]?\d)/([0-3]?\d)/(?:19|20)?\d\d\b", text)) if "/" in text else ()
    if not numeric:
        return "dmy"
    dmy = mdy = 0
    for m in numeric:
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12 >= b:
            dmy += 3
        elif b > 12 >= a:
            mdy += 3
    if dmy == mdy:
        dmy += sum(1 for _ in _PATTERNS[4][1].finditer(text))
        mdy += sum(1 for _ in _PATTERNS[5][1].finditer(text))
    return "mdy" if mdy > dmy else "dmy"


def _month_range(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _infer_year(m: int, d: int, published: date | None) -> int | None:
    """The year of a day or month given without one; None without a publication date (never guessed)."""
    if published is None:
        return None
    y = published.year
    try:
        cand = date(y, m, d)
    except ValueError:
        return y
    # A date more than a month after publication is more likely last year's.
    # News tells the past: a day-month more than two days after publication is last year's.
    if (cand - published).days > 2:
        return y - 1
    return y


def _mk(y, m, d) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def find_dates(text: str, *, published: date | None = None, convention: str = "dmy", offset: int = 0) -> list[DateSpan]:
    """Find the date expressions in ``text`` (a sentence), resolved against ``published``.

    Offsets in the result are ``offset`` + position in ``text``.

    >>> [(d.text, str(d.event_date), d.precision) for d in find_dates(
    ...     "On Saturday the same day", published=date(2024, 12, 3))]
    [('On Saturday', '2024-11-30', 1), ('the same day', 'None', 1)]
    """
    taken = Taken()
    out: list[DateSpan] = []
    spans = _ANCHOR.grouped_windows(text, before=40, after=40)
    if not spans:
        return out

    def free(a, b):
        return taken.free(a, b)

    for kind, scan in _SCANS:
        where = spans.get(kind, ())
        if kind in _CENTURY_KINDS:  # a year is 19xx or 20xx: windows (around any digit) without "19" or "20" hold none
            where = [(lo, hi) for lo, hi in where if text.find("20", lo, hi) != -1 or text.find("19", lo, hi) != -1]
        for m in (m for lo, hi in where for m in scan.finditer(text, lo, hi)):
            a, b = m.span()
            raw = m.group()
            a += len(raw) - len(raw.lstrip())
            b -= len(raw) - len(raw.rstrip())
            if not free(a, b):
                continue
            span = _resolve(kind, m, published, convention)
            if span is None:
                continue
            first, last, prec, k, flags, carry = span
            if published is not None and first is not None and k in ("absolute", "relative") and first > published:
                flags = list(flags) + ["future_date"]
            taken.add(a, b)
            out.append(DateSpan(offset + a, offset + b, text[a:b], first, last, prec, k, tuple(flags), carry))
    out.sort(key=lambda d: d.start)
    return out


def _resolve(kind, m, published, convention):  # noqa: C901 - one branch per pattern
    g = m.groupdict()
    flags: list[str] = []
    if kind == "iso":
        d = _mk(g["y"], g["m"], g["d"])
        if d is None:
            return None, None, 1, "absolute", ["impossible_date"], 0
        return d, d, 1, "absolute", flags, 0
    if kind == "numeric":
        a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
        if y < 100:
            y += 2000
        day, mon = (a, b) if convention == "dmy" else (b, a)
        if mon > 12 and day <= 12:
            day, mon = mon, day
        d = _mk(y, mon, day)
        if d is None:
            return None, None, 1, "absolute", ["impossible_date"], 0
        return d, d, 1, "absolute", flags, 0
    if kind in ("dm", "md", "approx_dm", "approx_md"):
        mon = MONTHS[g["mon"].lower().rstrip(".")]
        day = int(g["day"])
        if g.get("mon", "").lower() == "may" and kind == "md" and not g.get("year") and day > 31:
            return None
        y = int(g["year"]) if g.get("year") else _infer_year(mon, day, published)
        if y is None:  # "on 3 December" with no publication date: which year is unknown
            return None, None, 1, "relative", ["no_published_date"], 0
        d = _mk(y, mon, day)
        if d is None:
            if day > 31:
                return None
            return None, None, 1, "absolute", ["impossible_date"], 0
        if kind.startswith("approx"):
            return d - timedelta(days=3), d + timedelta(days=3), 2, "absolute", flags, 0
        return d, d, 1, "absolute", flags, 0
    if kind == "part_month":
        mon = MONTHS[g["mon"].lower().rstrip(".")]
        y = int(g["year"]) if g.get("year") else _infer_year(mon, 1, published)
        if y is None:  # "on 3 December" with no publication date: which year is unknown
            return None, None, 1, "relative", ["no_published_date"], 0
        lo, hi = _month_range(y, mon)
        part = g["part"].lower()
        if part in ("early", "beginning of", "start of"):
            return lo, lo + timedelta(days=9), 2, "absolute", flags, 0
        if part in ("mid", "middle of"):
            return lo + timedelta(days=10), lo + timedelta(days=19), 2, "absolute", flags, 0
        return lo + timedelta(days=20), hi, 2, "absolute", flags, 0
    if kind in ("month", "month_year"):
        mon = MONTHS[g["mon"].lower().rstrip(".")]
        if kind == "month" and g["mon"].lower() == "may" and not g.get("year"):
            # "may" is also a verb: only take "in May"/"during May"/"since May".
            if g["prep"].lower() not in ("in", "during", "throughout", "since", "until", "last", "early", "late"):
                return None
        y = int(g["year"]) if g.get("year") else _infer_year(mon, 1, published)
        if y is None:  # "on 3 December" with no publication date: which year is unknown
            return None, None, 1, "relative", ["no_published_date"], 0
        lo, hi = _month_range(y, mon)
        if published and lo > published and not g.get("year"):
            # a month named without a year that has not begun by publication is last year's
            # ("since May" in a report of 30 April)
            lo, hi = _month_range(y - 1, mon)
        prep = (g.get("prep") or "").lower()
        if prep == "since":
            if published and lo > published:  # "since May 2025" in a report of April 2025
                return lo, hi, 3, "absolute", [*flags, "future_date"], 0
            return lo, published or hi, 3, "past" if published and (published - lo).days > 62 else "absolute", flags, 0
        if published and hi < published.replace(day=1) - timedelta(days=62):
            return lo, hi, 3, "past", flags, 0
        return lo, hi, 3, "absolute", flags, 0
    if published is None:
        # Relative expressions cannot be resolved without a publication date.
        if kind in ("weekday", "yesterday", "week", "month_rel", "ago"):
            return None, None, 1, "relative", ["no_published_date"], 0
    if kind == "weekday":
        wd = WEEKDAYS[g["wd"].lower()]
        pre = (g.get("pre") or "").lower()
        delta = (published.weekday() - wd) % 7
        if "last" in pre and delta == 0:
            delta = 7
        d = published - timedelta(days=delta)
        if "since" in pre:
            return d, published, 2, "relative", flags, 0
        return d, d, 1, "relative", flags, 0
    if kind == "yesterday":
        w = m.group().lower()
        if w == "the day before yesterday":
            d = published - timedelta(days=2)
        elif w in ("yesterday", "last night", "overnight"):
            d = published - timedelta(days=1)
        else:
            d = published
        return d, d, 1, "relative", flags, 0
    if kind == "week":
        w = " ".join(g["w"].lower().split())
        monday = published - timedelta(days=published.weekday())
        if "weekend" in w:
            sat = monday - timedelta(days=2) if ("last" in w or published.weekday() < 5) else monday + timedelta(days=5)
            return sat, sat + timedelta(days=1), 2, "relative", flags, 0
        if "few days" in w or "past week" in w:
            return published - timedelta(days=6), published, 2, "relative", flags, 0
        if "last" in w or "previous" in w:
            return monday - timedelta(days=7), monday - timedelta(days=1), 2, "relative", flags, 0
        return monday, published, 2, "relative", flags, 0
    if kind == "month_rel":
        w = " ".join(g["w"].lower().split())
        first = published.replace(day=1)
        if "last" in w or "previous" in w:
            prev_last = first - timedelta(days=1)
            lo, hi = _month_range(prev_last.year, prev_last.month)
            return lo, hi, 3, "relative", flags, 0
        if "past" in w:
            return published - timedelta(days=30), published, 3, "relative", flags, 0
        return first, published, 3, "relative", flags, 0
    if kind == "ago":
        n = g["n"].lower()
        n = int(n) if n.isdigit() else _NUMWORDS.get(n, 1)
        if g["unit"].lower().startswith("week"):
            d = published - timedelta(days=7 * n)
            monday = d - timedelta(days=d.weekday())
            return monday, monday + timedelta(days=6), 2, "relative", flags, 0
        d = published - timedelta(days=n)
        return d, d, 1, "relative", flags, 0
    if kind == "carry":
        w = g["w"].lower()
        shift = 1 if any(x in w for x in ("next", "following", "later")) and "hours" not in w and "later that" not in w else 0
        if "before" in w or "previous" in w:
            shift = -1
        return None, None, 1, "carry", flags, shift
    if kind == "year":
        y = int(g["year"])
        if published is not None and y < published.year:
            return date(y, 1, 1), date(y, 12, 31), 3, "past", flags, 0
        if published is not None and y > published.year:
            return date(y, 1, 1), date(y, 12, 31), 3, "future", flags, 0
        return None  # the current year alone says nothing new
    return None
