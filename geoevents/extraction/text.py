"""Sentences and paragraphs with their character offsets."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences"]

# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {
    "u.s", "u.k", "u.n", "d.c", "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "gov",
    "sen", "rep", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "vs", "approx", "e.g", "i.e", "etc", "inc", "ltd", "co", "corp", "prof", "rev", "ky", "calif", "mass",
    "pa", "va", "wash", "fla", "ga", "ala", "ariz", "colo", "conn", "ill", "ind", "kan", "la", "md", "mich",
    "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "tenn", "tex", "wis", "wyo", "al", "el", "km",
}

_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+|$)")
_LAST_WORD = re.compile(r"([\w.]+)$")
_NEXT_CHAR = re.compile(r"\s*(\S)")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int

    def __contains__(self, offset: int) -> bool:
        return self.start <= offset < self.end


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, keeping offsets into ``text``.

    Paragraph breaks (newlines) always end a sentence; full stops after common
    abbreviations ("U.S.", "Nov.", "Gen.") and initials do not.

    >>> [s.text for s in split_sentences("Gen. Ali left. He came back.\\nNew one")]
    ['Gen. Ali left.', 'He came back.', 'New one']
    """
    out: list[Sentence] = []
    para = 0
    for line in re.finditer(r"[^\n]+", text):
        para += 1
        seg_start = line.start()
        s = line.group()
        start = 0
        for m in _END.finditer(s):
            end = m.end()
            stop = m.group()
            if stop[0] == "." and len(stop.rstrip("\"'”’)]")) == 1:
                # the word before the stop (a word longer than 40 characters is no abbreviation either way):
                # the run of word characters and dots that ends there, as ``([\w.]+)$`` finds it
                hi = m.start()
                lo, q = max(start, hi - 40), hi
                while q > lo and (s[q - 1].isalnum() or s[q - 1] in "_."):
                    q -= 1
                w = s[q:hi].lower()
                if w.rstrip(".") in _ABBREV or (len(w) == 1 and w.isalpha()):
                    continue
                nxt = _NEXT_CHAR.match(s, end)
                if nxt and nxt.group(1).islower():
                    continue
            _add(out, text, seg_start + start, seg_start + end, para)
            start = end
        if start < len(s):
            _add(out, text, seg_start + start, seg_start + len(s), para)
    return out


#: Longer "sentences" (text without full stops) are cut at a comma or a space, so work per sentence stays bounded.
MAX_SENTENCE_CHARS = 1000


def _add(out, text, a, b, para):
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    while b - a > MAX_SENTENCE_CHARS:
        cut = text.rfind(", ", a + MAX_SENTENCE_CHARS // 2, a + MAX_SENTENCE_CHARS)
        if cut == -1:
            cut = text.rfind(" ", a + MAX_SENTENCE_CHARS // 2, a + MAX_SENTENCE_CHARS)
        cut = cut + 1 if cut != -1 else a + MAX_SENTENCE_CHARS
        out.append(Sentence(a, cut, text[a:cut], para))
        a = cut
        while a < b and text[a].isspace():
            a += 1
    if b > a:
        out.append(Sentence(a, b, text[a:b], para))



class Anchors:
    """A set of lower-case words found fast anywhere in a text (Aho-Corasick, in C).

    Recognisers use it to find where a date, a count or an actor can be
    before running their regular expressions there. Given a mapping
    ``word -> groups``, :meth:`grouped_windows` tells each group (a pattern)
    the spans around its own words.
    """

    def __init__(self, words):
        import ahocorasick

        self.wakes = {w.lower(): set(g) for w, g in words.items()} if isinstance(words, dict) else None
        # groups woken by exactly the same words have the same windows: each such class is merged once,
        # under its first group, and handed to every group of the class at the end
        self._classes: dict = {}
        rep: dict = {}
        if self.wakes is not None:
            keys_of: dict = {}
            for low, gs in self.wakes.items():
                for g in gs:
                    keys_of.setdefault(g, set()).add(low)
            by_keys: dict = {}
            for g in sorted(keys_of):
                by_keys.setdefault(frozenset(keys_of[g]), []).append(g)
            self._classes = {cls[0]: tuple(cls) for cls in by_keys.values()}
            rep = {g: cls[0] for cls in by_keys.values() for g in cls}
        self.automaton = ahocorasick.Automaton()  # values (length, groups): what callers read
        merged = ahocorasick.Automaton()  # values (length, one group per class): what grouped_windows merges
        for w in set(words):
            low = w.lower()
            groups = tuple(sorted(self.wakes[low])) if self.wakes is not None else ()
            self.automaton.add_word(low, (len(w), groups))
            merged.add_word(low, (len(w), tuple(sorted({rep[g] for g in groups}))))
        self.automaton.make_automaton()
        merged.make_automaton()
        self._merged = merged if any(len(c) > 1 for c in self._classes.values()) else self.automaton

    def grouped_windows(self, text: str, *, before: int, after: int, lower: str | None = None) -> dict:
        """{group: [(lo, hi), ...]}: merged spans around each word that wakes the group, on word boundaries."""
        lower = text.lower() if lower is None else lower
        n = len(text)
        spans: dict = {}
        for end, (length, groups) in self._merged.iter(lower):
            b = end + 1
            lo, hi = b - length - before, b + after
            if lo < 0:
                lo = 0
            if hi > n:
                hi = n
            for group in groups:
                ws = spans.get(group)
                if ws is None:
                    spans[group] = [[lo, hi]]
                    continue
                last = ws[-1]
                if lo <= last[1]:
                    if hi > last[1]:
                        last[1] = hi
                else:
                    ws.append([lo, hi])
        isspace = str.isspace
        for ws in spans.values():
            for w in ws:
                a = w[0]
                while a > 0 and not isspace(text[a - 1]):
                    a -= 1
                w[0] = a
                b = w[1]
                while b < n and text[b - 1].isalnum() and text[b].isalnum():
                    b += 1
                w[1] = b
        classes = self._classes
        return {g: [(a, b) for a, b in ws] for r, ws in spans.items() for g in classes.get(r, (r,))}

    def spans(self, lower_text: str):
        for end, (length, _groups) in self.automaton.iter(lower_text):
            yield end + 1 - length, end + 1


def windows(text: str, anchors: Anchors, *, before: int, after: int, lower: str | None = None) -> list[tuple[int, int]]:
    """Merged spans of ``text`` around each anchor word found in it.

    Window starts are moved back to a word boundary and ends forward to one.
    """
    out: list[list[int]] = []
    n = len(text)
    lower = text.lower() if lower is None else lower
    for a, b in anchors.spans(lower):
        lo = max(0, a - before)
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], min(n, b + after))
            continue
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        out.append([lo, min(n, b + after)])
    for w in out:
        while w[1] < n and text[w[1] - 1].isalnum() and text[w[1]].isalnum():
            w[1] += 1
    return [(a, b) for a, b in out]


class Taken:
    """Non-overlapping spans claimed so far; overlap tests in O(log n) (bisect), not O(n)."""

    __slots__ = ("_starts", "_ends")

    def __init__(self):
        self._starts: list[int] = []
        self._ends: list[int] = []

    def free(self, a: int, b: int) -> bool:
        i = bisect_left(self._starts, b)  # spans starting before b
        return i == 0 or self._ends[i - 1] <= a

    def add(self, a: int, b: int) -> None:
        i = bisect_left(self._starts, a)
        self._starts.insert(i, a)
        self._ends.insert(i, b)

    def claim(self, a: int, b: int) -> bool:
        """Add the span if it overlaps nothing; say whether it was added."""
        if self.free(a, b):
            self.add(a, b)
            return True
        return False


def _first_chars(pattern: re.Pattern) -> frozenset[str] | None:
    """What a match of ``pattern`` can begin with: characters and class escapes (``\\d``), or None when untold.

    Read from the parsed pattern: zero-width assertions are stepped over,
    optional items add their first characters and go on, a branch unites its
    alternatives. Case-insensitive patterns get both cases.
    """
    from re import _constants as C
    from re import _parser as P

    cats = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_WORD: r"\w", C.CATEGORY_SPACE: r"\s"}

    def first(items) -> tuple[set[str] | None, bool]:
        out: set[str] = set()
        for op, av in items:
            if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
                continue
            if op is C.LITERAL:
                out.add(chr(av))
                return out, False
            if op is C.IN:
                for o, a in av:
                    if o is C.LITERAL:
                        out.add(chr(a))
                    elif o is C.RANGE:
                        out.update(chr(x) for x in range(a[0], a[1] + 1))
                    elif o is C.CATEGORY and a in cats:
                        out.add(cats[a])
                    else:
                        return None, False
                return out, False
            if op is C.SUBPATTERN:
                sub, nullable = first(list(av[3]))
            elif op is C.BRANCH:
                sub, nullable = set(), False
                for alt in av[1]:
                    s, n = first(list(alt))
                    if s is None:
                        return None, False
                    sub |= s
                    nullable = nullable or n
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
                sub, nullable = first(list(av[2]))
                nullable = nullable or av[0] == 0
            else:
                return None, False
            if sub is None:
                return None, False
            out |= sub
            if not nullable:
                return out, False
        return out, True

    chars, nullable = first(list(P.parse(pattern.pattern, pattern.flags & ~re.UNICODE)))
    if chars is None or nullable:
        return None
    if pattern.flags & re.IGNORECASE:
        chars = chars | {c.lower() for c in chars if len(c) == 1} | {c.upper() for c in chars if len(c) == 1}
    return frozenset(chars)


def _prefixes(pattern: re.Pattern, k: int = 4, limit: int = 300) -> set[str] | None:
    """Strings of up to ``k`` characters one of which every match of ``pattern`` opens with, or None when untold.

    Read from the parsed pattern like :func:`_first_chars`: zero-width
    assertions add nothing, a branch unites its alternatives, an optional
    item adds both ways; a character class of more than a few characters,
    ``.``, ``\\w`` and the like end a prefix where they stand (a shorter
    prefix is still one every match opens with). Letters are as written;
    case-insensitive patterns are compared without case by the caller.
    """
    from re import _constants as C
    from re import _parser as P

    class Untold(Exception):
        pass

    def one(op, av, k):
        # {(prefix, whole)}: ``whole`` when the prefix is all the item matches
        if op is C.LITERAL:
            return {(chr(av), True)}
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            return {("", True)}
        if op is C.IN:
            out = set()
            for o, a in av:
                if o is C.LITERAL:
                    out.add(chr(a))
                elif o is C.RANGE and a[1] - a[0] < 64:
                    out.update(chr(x) for x in range(a[0], a[1] + 1))
                else:
                    return {("", False)}
            if len(out) > 64:
                return {("", False)}
            return {(c, len(out) <= 12) for c in out}  # a wide class ends the prefix after its character
        if op is C.SUBPATTERN:
            if av[1] or av[2]:
                raise Untold  # flags changed inside the pattern
            return seq(list(av[3]), k)
        if op is C.BRANCH:
            out = set()
            for alt in av[1]:
                out |= seq(list(alt), k)
            return out
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
            lo, hi, item = av
            out = {("", True)} if lo == 0 else set()
            if hi == 0:
                return out
            for s_, whole in seq(list(item), k):
                out.add((s_, whole and hi == 1))
            return out
        if op is getattr(C, "ATOMIC_GROUP", None):
            return seq(list(av), k)
        return {("", False)}

    def seq(items, k):
        if not items:
            return {("", True)}
        if k <= 0:
            return {("", False)}
        out = set()
        for s_, whole in one(*items[0], k):
            if len(s_) >= k:
                out.add((s_[:k], False))
            elif whole:
                for t, w2 in seq(items[1:], k - len(s_)):
                    out.add((s_ + t, w2))
            else:
                out.add((s_, False))
            if len(out) > limit:
                raise Untold
        return out

    try:
        found = seq(list(P.parse(pattern.pattern, pattern.flags & ~re.UNICODE)), k)
    except Untold:
        return None
    prefixes = {s_ for s_, _whole in found}
    return None if "" in prefixes else prefixes


def _prefix_check(pattern: re.Pattern, chars) -> str:
    """A regex piece to put after the first character of a candidate: the rest of a prefix must follow.

    One alternative per group of first characters: ``(?<=[aA])(?=(?i:ir|er))``. A first
    character no prefix explains stays a candidate (``\\d`` and the like, or an untold pattern).
    """
    prefixes = _prefixes(pattern)
    if prefixes is None:
        return ""
    icase = bool(pattern.flags & re.IGNORECASE)
    rests: dict[str, set[str]] = {}
    free: list[str] = []
    for c in sorted(chars):
        if len(c) > 1:
            free.append(c)
            continue
        mine = {p[1:] for p in prefixes if p[0] == c or (icase and re.fullmatch(re.escape(p[0]), c, re.I))}
        if "" in mine:
            free.append(re.escape(c))
        elif mine:
            rests.setdefault(c, set()).update(mine)
        # else: no match opens with c (every match opens with a prefix)
    alts = _after_first_char(rests, free, icase)
    return "(?:" + "|".join(alts) + ")"


def _after_first_char(rests: dict[str, set[str]], free: list[str], icase: bool) -> list[str]:
    """Alternatives for the place after a candidate's first character: that character (looked behind)
    followed by one of the rests it opens; first characters sharing their rests share one alternative,
    and ``free`` characters need nothing after them."""
    groups: dict[tuple, list[str]] = {}
    for c, rs in rests.items():
        groups.setdefault(tuple(sorted(rs)), []).append(re.escape(c))
    alts = []
    for rs, cs in sorted(groups.items()):
        body = "|".join(re.escape(r) for r in sorted(rs, key=lambda r: (-len(r), r)))
        alts.append(f"(?<=[{''.join(cs)}])(?=" + (f"(?i:{body})" if icase else f"(?:{body})") + ")")
    if free:
        alts.append(f"(?<=[{''.join(free)}])")
    return alts


def _lead_cands(lead: str, flags: int) -> re.Pattern:
    """Word starts where ``lead`` matches: ``(?<![A-Za-z0-9_])(?=lead)``, found fast.

    The characters ``lead`` can open with come first, as a class (``re`` looks
    for those in C, instead of trying the lookahead at every position); the
    lookahead is then checked from that character. Under IGNORECASE the class
    also holds the other characters that match a letter without case ("ſ"
    for "s", the Kelvin sign for "k").
    """
    plain = re.compile(r"(?<![A-Za-z0-9_])(?=" + lead + ")", flags)
    chars = _first_chars(re.compile(lead, flags))
    if chars is None or flags & ~(re.IGNORECASE | re.UNICODE):
        return plain
    chars = set(chars)
    icase = bool(flags & re.IGNORECASE)
    word = "A-Za-z0-9_"
    if icase:
        def folds(cls: str) -> list[str]:  # the non-ASCII characters that match ``cls`` without case
            c = re.compile(cls, re.IGNORECASE)
            return [chr(x) for x in [*range(0x80, 0x3000), 0x212A, 0x212B] if c.fullmatch(chr(x))]

        chars |= set(folds("[" + "".join(re.escape(c) for c in chars if len(c) == 1) + "]"))
        word += "".join(re.escape(c) for c in folds("[A-Za-z0-9_]"))  # "ı", "ſ", the Kelvin sign
    head = "(?s)[" + "".join(c if len(c) > 1 else re.escape(c) for c in sorted(chars)) + f"](?<![{word}].)"
    return re.compile(head + _lead_filter(lead, flags, chars) + "(?<=(?=" + ("(?i:" if icase else "(?:") + lead + ")).)")


def _split_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern string (``a|(?:b|c)d`` -> ``a``, ``(?:b|c)d``)."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def _lead_filter(lead: str, flags: int, chars) -> str:
    """A cheap first test for :func:`_lead_cands`: after a candidate's first character, the rest of a prefix
    of one of ``lead``'s alternatives that can open with it (``(?<=[aA])(?=(?i:t|n|bou|...))``).

    Only a necessary condition (the full ``lead`` is checked after it): a first character that an
    alternative with no known prefixes can open with, or that no alternative is known to open with,
    stays free.
    """
    icase = bool(flags & re.IGNORECASE)
    alts = []
    for alt in _split_alternatives(lead):
        try:
            pat = re.compile(alt, flags)
        except re.error:
            return ""
        firsts = _first_chars(pat)
        if firsts is None:
            return ""
        prefixes = _prefixes(pat)
        alts.append((firsts, None if prefixes is None or "" in prefixes else prefixes))
    rests: dict[str, set[str]] = {}
    free: list[str] = []
    for c in sorted(chars):
        covering = [(f, p) for f, p in alts if c in f]
        if len(c) > 1 or not covering or any(p is None for _f, p in covering):
            free.append(c if len(c) > 1 else re.escape(c))
            continue
        mine = {p[1:] for _f, ps in covering for p in ps
                if p[0] == c or (icase and re.fullmatch(re.escape(p[0]), c, re.IGNORECASE))}
        if "" in mine or not mine:
            free.append(c if len(c) > 1 else re.escape(c))
        else:
            rests[c] = mine
    parts = _after_first_char(rests, free, icase)
    return "(?:" + "|".join(parts) + ")" if parts else ""


class WordStartScanner:
    """``pattern.finditer`` for a pattern whose every match opens with ``\\b`` and a word character.

    Python's ``re`` tries such a pattern at every position of the text; most
    positions are inside words, or hold a letter no alternative begins with.
    The scanner finds, in C, the characters a match can begin with, keeps
    those that start a word, and tries the pattern only there: the same
    matches as ``finditer``, far fewer attempts.
    """

    __slots__ = ("pattern", "_cands", "_auto", "_firsts", "_exact")

    def __init__(self, pattern: re.Pattern, *, lead: str | None = None):
        """``lead``, when given, is a pattern (read with ``pattern``'s flags) that matches wherever a match of
        ``pattern`` begins, such as its possible first words: only word starts where it matches are tried."""
        self.pattern = pattern
        self._auto = self._firsts = None
        self._exact = False
        if lead is not None:
            self._cands = _lead_cands(lead, pattern.flags)
            return
        chars = _first_chars(pattern)
        if chars is not None and not all(c in (r"\d", r"\w") or (len(c) == 1 and (c.isalnum() or c == "_")) for c in chars):
            chars = None  # a match may begin with punctuation: no word-start shortcut
        # a candidate character not preceded by an ASCII word character (checked in C by the lookbehind, which
        # sees the text before ``lo`` as the loop below did): every word start no alternative can begin at is skipped
        if not chars:
            self._cands = None
            return
        head = "(?s)[" + "".join(c if len(c) > 1 else re.escape(c) for c in sorted(chars)) + "](?<![A-Za-z0-9_].)"
        # the first few characters a match can open with, checked in C too ("air", "war", "jet" for the
        # air cues): a word start whose next letters open no match is never handed to ``pattern.match``
        self._cands = re.compile(head + _prefix_check(pattern, chars))
        self._firsts = frozenset(chars)

    def _automaton(self):
        """Aho-Corasick over the ASCII prefixes of the pattern (False when it cannot tell).

        Lower-case, to run over an :func:`ascii_view`, for a case-insensitive pattern; as written, to run
        over the text itself, for a case-sensitive one (``_exact``).
        """
        if self._auto is None:
            self._auto = False
            prefixes = _prefixes(self.pattern)
            if prefixes and self._firsts and all(len(c) == 1 and c.isascii() for c in self._firsts):
                import ahocorasick

                icase = bool(self.pattern.flags & re.IGNORECASE)
                keys = set()
                for p in prefixes:
                    cut = next((i for i, ch in enumerate(p) if not ch.isascii()), len(p))
                    keys.add(p[:cut].lower() if icase else p[:cut])  # a shorter prefix is one every match opens with
                if "" not in keys:
                    # the shortest keys suffice (a longer one is found only where a shorter one is), and then at
                    # most one key is found at each position: no duplicate starts
                    keys = {k for k in keys if not any(k != j and k.startswith(j) for j in keys)}
                    auto = ahocorasick.Automaton()
                    for k in keys:
                        auto.add_word(k, len(k))
                    auto.make_automaton()
                    self._auto = auto
                    self._exact = not icase
        return self._auto

    def finditer_view(self, text: str, view: str | None, lo: int = 0, hi: int | None = None):
        """:meth:`finditer`, with the candidates found by Aho-Corasick in ``view`` (see :func:`ascii_view`).

        A case-insensitive pattern can match only where one of its prefixes stands in ``view``
        (in C, one pass); those word starts alone are tried. Without a view, :meth:`finditer`.
        A case-sensitive pattern's prefixes are looked for in ``text`` itself (the view is not needed).
        """
        auto = self._automaton()
        if auto and self._exact:
            view = text  # a case-sensitive pattern: its prefixes as written, in the text itself
        if not auto or view is None:
            yield from self.finditer(text, lo, hi)
            return
        hi = len(text) if hi is None else hi
        firsts = self._firsts
        starts = sorted([e + 1 - n for e, n in auto.iter(view, lo, hi)])
        match = self.pattern.match
        end = lo
        for p in starts:
            if p < end or p < lo or text[p] not in firsts or (p and text[p - 1] in _ASCII_WORD):
                continue
            m = match(text, p, hi)
            if m is not None:
                end = m.end()
                yield m

    def search(self, text: str, lo: int = 0, hi: int | None = None):
        """``pattern.search(text, lo, hi)``: the first match, or None."""
        hi = len(text) if hi is None else hi
        if self._cands is None:
            return self.pattern.search(text, lo, hi)
        match = self.pattern.match
        for c in self._cands.finditer(text, lo, hi):
            m = match(text, c.start(), hi)
            if m is not None:
                return m
        return None

    def finditer(self, text: str, lo: int = 0, hi: int | None = None):
        """The matches of ``pattern.finditer(text, lo, hi)``."""
        hi = len(text) if hi is None else hi
        if self._cands is None:
            yield from self.pattern.finditer(text, lo, hi)
            return
        match = self.pattern.match
        end = lo
        for c in self._cands.finditer(text, lo, hi):
            p = c.start()
            if p < end:
                continue  # inside the last match
            m = match(text, p, hi)
            if m is not None:
                end = m.end()
                yield m


_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
#: The only characters beyond ASCII that ``re`` matches to an ASCII letter without case (İ ı ſ and the Kelvin sign).
_ASCII_FOLDS = ("\u0130", "\u0131", "\u017f", "\u212a")


def ascii_view(text: str, lower: str | None = None) -> str | None:
    """``text`` lower-cased with every other non-ASCII character as ``?``, offsets kept; None when that cannot
    stand for ``re``'s case-insensitive matching (a character ``re`` folds to an ASCII letter, or a lower-casing
    that changes the length)."""
    if text.isascii():
        return text.lower() if lower is None else lower
    if any(ch in text for ch in _ASCII_FOLDS):
        return None
    view = text.encode("ascii", "replace").decode("ascii").lower()
    return view if len(view) == len(text) else None
