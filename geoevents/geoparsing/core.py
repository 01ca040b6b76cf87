"""Recognise place names in English text and resolve them against the gazetteer.

Three steps, all offline and without a statistical model:

1. **Recognition.** A regular expression finds runs of capitalised tokens
   (with the lower-case connectors place names contain: "Rio de Janeiro",
   "Deir ez-Zor", "al-Bab"); the longest sub-spans that are gazetteer names
   become candidates. Candidates are then judged by context: a title or a
   given name before them makes a person ("President Erdoğan", "Jordan
   Peterson"), an organisation word after them an organisation ("Kurdistan
   Workers' Party"), a noun such as "process" a thing ("Astana process");
   institutions ("the Kremlin") are never places; everyday words ("March",
   "Police", "Reading") and bare codes ("PKK", "Ky.") need a place context
   ("Springfield, Ill."); a surname seen in a full name stays a person.
2. **Resolution.** Each name's candidates are scored by importance
   (population, kind), the countries and divisions the document is about
   (named countries, demonyms, unambiguous places, the first pass's choices),
   explicit context ("Aleppo, Syria", "Springfield, Ill."), and agreement of
   several names on one division. The best candidate wins when it is clearly
   ahead; otherwise the mention stays unresolved (unresolved beats wrong).
3. **Region phrases.** "northwestern Syria", "southern Lebanon", "Idlib
   province", "the Aleppo countryside", "the outskirts of Homs", "the
   northwestern province of Aleppo" become one mention with a relation, a
   precision, a representative point and a radius.
"""

from __future__ import annotations

import math
import re
import threading
import weakref
from dataclasses import dataclass, field
from functools import lru_cache

from ..exc import InputError
from ..gazetteer import Gazetteer
from ..gazetteer import normalize as N
from ..places import Place, PlaceMention
from . import lexicon as L

__all__ = ["Geoparser", "ParseResult", "geoparse", "parser_for", "read_text"]

F_PRIMARY, F_ASCII, F_ALT, F_CURATED, F_ABBR, F_CODE = 1, 2, 4, 8, 16, 32
F_NAME = F_PRIMARY | F_ASCII | F_ALT | F_CURATED
F_OWN = F_PRIMARY | F_ASCII | F_CURATED

_UP = "".join(chr(c) for c in range(0x41, 0x250) if chr(c).isupper())
_ART = "al|el|ad|ar|as|az|an|at|ash|ath|ez|es|er|ed|en|et"
_CAPTOK = re.compile(  # the lookahead only fails fast where no token can start (every article starts a or e)
    rf"(?=[{_UP}ae])(?<![\w’'])(?:(?:[{_UP}]\.){{2,}}|(?:(?:{_ART})[-‐])?[{_UP}][\w’'‘]*(?:[-‐][\w’']+)*\.?)"
)
_GAP_JOIN = re.compile(
    r"^(?:|[ \t]+|[ \t]*[-‐][ \t]*|[ \t]+(?:"
    + "|".join(sorted(L.CONNECTORS, key=len, reverse=True))
    + r")[ \t]+)$"
)
_GAP_ADJ = re.compile(r"^[ \t]+$|^[ \t]*[-‐][ \t]*$")
_SENT_END = set('.!?\n\r:;"“”')
_DIR_RE = "north|south|east|west|north-?east|north-?west|south-?east|south-?west"
_LEFT_DIR = re.compile(
    rf"(?i)(?:\b(the)\s+)?\b(?:(far)\s+)?({_DIR_RE})(?:ern)?\s+$|(?i:(?:\b(the)\s+)?\b(central)\s+$)"
)
_LEFT_OF = re.compile(
    rf"(?i)(?:\b(the)\s+)?(?:\b(?:({_DIR_RE})(?:ern)?|central)\s+)?(?:\b[A-Z]\w+\s+)?"
    r"\b(province|governorate|region|district|county|oblast|state|city|town|village|capital|port city|"
    r"border town|enclave|stronghold|suburb|neighbou?rhood|camp)\s+of\s+$"
)
_LEFT_NEAR = re.compile(
    rf"(?i)(?:\b(the)\s+)?(?:\b(?:{_DIR_RE})(?:ern)?\s+)?\b(outskirts|suburbs|edge|vicinity|environs|periphery)\s+of\s+$"
    r"|(?i:\b(outside|near|nearby|around|close to)\s+$)"
)
_LEFT_RURAL = re.compile(r"(?i)(?:\b(the)\s+)?\b(rural)\s+$")
_RIGHT_DIV = re.compile(
    r"^(?:[’']s)?\s+(province|governorate|governate|region|oblast|district|county|prefecture|department|"
    r"countryside|outskirts|suburbs|area|hinterland)\b",
    re.IGNORECASE,
)
_ABBR_KEEP = frozenset(
    {
        "st",
        "mt",
        "ft",
        "pt",
        "ste",
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "capt",
        "sgt",
        "adm",
        "rev",
        "prof",
        "jr",
        "sr",
    }
)
_RE_AFTER_COMMA = re.compile(r"[A-Za-z]\s*,\s*$")
_RE_DATELINE = re.compile(r"^\s*(?:\(|[-—–]|,\s*[A-Z][a-z])")
_RE_NEXT_WORD = re.compile(r"^[ \t]+([a-z]+)")
_RE_COMMA_CAP = re.compile(r"^\s*,\s*[A-Z]")
_RE_COMMA = re.compile(r"^\s*,\s*")
_MIXED_ACRONYM = re.compile(r"^[A-Z][a-z][A-Z]+$|^[A-Z]{2,}s$")
_CONTRACTION = re.compile(r"[’'](?:re|ve|ll|d|m|t)$", re.IGNORECASE)
_SPEECH = frozenset(
    {
        "said",
        "says",
        "told",
        "added",
        "noted",
        "wrote",
        "argued",
        "explained",
        "stated",
        "asked",
        "replied",
        "testified",
        "announced",
        "declined",
        "agreed",
        "believes",
        "thinks",
        "wants",
    }
)
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|from|to|outside|into|toward|towards|across|around|through|throughout|"
    r"of|via|between)\s+$"
)
_LOCATIVE_STRONG = re.compile(
    r"\b(?:in|at|near|from|outside|into|toward|towards|across|around|through|"
    r"throughout|via|between)\s+$"
)
_LEFT_TRIGGERS = frozenset(
    set(L.DIRECTIONS)
    | {
        "outside",
        "near",
        "nearby",
        "around",
        "to",
        "rural",
        "central",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
    }
)
_LEFT_THE = re.compile(r"(?i)\b(the)\s+$")
#: How the left sides _LEFT_NEAR and _LEFT_DIR match can end (before the spaces).
_NEAR_ENDS = ("of", "outside", "near", "nearby", "around", "close to")
#: The nouns _LEFT_OF and _LEFT_NEAR need right before "of".
_OF_NOUNS = ("province", "governorate", "region", "district", "county", "oblast", "state", "city", "town", "village",
             "capital", "enclave", "stronghold", "suburb", "neighbourhood", "neighborhood", "camp")
_NEAR_OF_NOUNS = ("outskirts", "suburbs", "edge", "vicinity", "environs", "periphery")
_DIR_ENDS = ("north", "south", "east", "west", "ern", "central")
_BASE_PREC = {"country": 3, "admin1": 3, "admin2": 3, "region": 3}
_ENGLISH_LEADS = frozenset(
    {
        "The",
        "THE",
        "At",
        "AT",
        "As",
        "AS",
        "An",
        "AN",
        "A",
        "In",
        "IN",
        "On",
        "ON",
        "Of",
        "And",
        "Or",
        "To",
        "By",
    }
)


def read_text(data: bytes | str, *, name: str = "<input>", max_bytes: int = 50_000_000) -> str:
    """Decode a document for geoparsing: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252.

    Raises :class:`~geoevents.exc.InputError` for empty, binary or oversized input.
    """
    if isinstance(data, str):
        text = data
    else:
        if len(data) > max_bytes:
            raise InputError(f"{name}: {len(data):,} bytes is more than the {max_bytes:,} allowed")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            if b"\x00" in data[:8192]:
                raise InputError(f"{name}: looks like a binary file, not text")
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise InputError(f"{name}: empty document")
    bad = sum(1 for ch in text[:4096] if ch < " " and ch not in "\n\r\t\f")
    if bad > 40:
        raise InputError(f"{name}: looks like a binary file, not text")
    return text


#: Resolution weights (log10 population scale, kind bonuses, context terms).
DEFAULT_WEIGHTS = {
    # tuned on the first 70% of LGL and GeoWebNews (gold spans), checked on the last 30%
    "pop": 0.614,
    "kind_country": 0.51,
    "kind_admin1": 0.08,
    "kind_region": 2.264,
    "kind_user": 2.4,
    "curated": 1.04,
    "primary": 0.42,
    "focus_cc": 3.0,
    "focus_a1": 1.2,
    "a1_sat": 0.9,
    "votes": 0.35,
    "div_town": 1.4,
    "capital": 1.0,
    "prox": 0.8,
    "small_namesake": 0.5,
    "alt_other": 1.0,
}


W_VOTE_MIN = 0.02
SEAT_POPULATION = 5000
ALT_MIN_POP = 5_000
ADMIN2_POP = 20_000
STREET_HEADS = L.THOROUGHFARES | L.VENUES


@lru_cache(maxsize=1 << 16)
def _similar(key: str, name: str) -> bool:
    """True when ``key`` is a spelling of ``name`` ("Douma" / "Dūmā"), not another ("Rue" / "Butembo")."""
    from difflib import SequenceMatcher

    a, b = N.strip_article(key), N.strip_article(N.norm(name))
    if not a or not b or (a[0] != b[0] and N.skeleton(a) != N.skeleton(b)):
        return False  # spellings of one name start alike ("Douma" / "Duma"); "Rue" / "Butembo" do not
    sm = SequenceMatcher(None, a, b)
    return sm.real_quick_ratio() >= 0.75 and sm.quick_ratio() >= 0.75 and sm.ratio() >= 0.75


@dataclass
class _Cand:
    start: int
    end: int
    key: str
    rows: list  # (id, flags)
    sent_initial: bool = False
    prev_cap: str | None = None  # unmatched capitalised token right before, in the same run
    next_cap: str | None = None
    run_len: int = 1
    places: list = field(default_factory=list)
    flags: dict = field(default_factory=dict)
    drop: str | None = None
    gold: bool = False


@dataclass
class ParseResult:
    """What :meth:`Geoparser.parse` returns.

    ``mentions`` are sorted by start; ``cores[i]`` is the (start, end) of the bare
    name inside ``mentions[i]`` (equal to its span unless it is a region
    phrase); ``countries`` are the document's focus countries, most weight first,
    with ``country_weights`` their weights. ``adjectives`` are demonyms and region
    adjectives ("Syrian", "European") with the country or region they stand for:
    not places, kept apart from ``mentions``.
    """

    text: str
    mentions: list[PlaceMention]
    cores: list[tuple[int, int]]
    countries: list[str]
    country_weights: dict[str, float]
    admin1s: list[tuple[str, str]]
    demonyms: dict[str, int]
    adjectives: list[PlaceMention] = field(default_factory=list)


class Geoparser:
    """A reusable geoparser (keeps caches between documents).

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Default: :meth:`Gazetteer.default`.
    min_confidence : float
        A mention whose best candidate's share of the score mass is lower stays unresolved.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, min_confidence: float = 0.2):
        self.gaz = gazetteer or Gazetteer.default()
        self.min_confidence = float(min_confidence)
        self.weights = dict(DEFAULT_WEIGHTS)
        self._key_cache: dict[str, list] = {}
        self._places_cache: dict[str, list[Place]] = {}
        self._demonym_cache: dict[str, str | None] = {}
        self._norm_cache: dict[str, str] = {}
        self._static_cache: dict[str, tuple] = {}
        self._stop: frozenset | None = None
        self._fuzzy_cache: dict[str, list] = {}
        self._top_cache: dict[str, Place] = {}
        self._facts_cache: dict[int, tuple] = {}
        self._flags_cache: dict[int, tuple] = {}
        self._radius_cache: dict[int, tuple] = {}
        self._pick_cache: dict[int, tuple] = {}

    # ------------------------------------------------------------------ lookups
    def _rows(self, key: str) -> list:
        got = self._key_cache.get(key)
        if got is None:
            got = self.gaz.name_flags(key) if key else []
            if not got:
                s = N.strip_article(key)
                if s != key:
                    got = self.gaz.name_flags(s)
            if len(self._key_cache) > 200_000:
                self._key_cache.clear()
            self._key_cache[key] = got
        return got

    def _prefetch(self, keys) -> None:
        """Look many keys up at once (first sight of a text's names costs one query, not one each)."""
        cache = self._key_cache
        todo = {k for k in keys if k and k not in cache}
        if not todo:
            return
        if len(cache) + len(todo) > 200_000:
            cache.clear()
        got = self.gaz.name_flags_many(todo)
        retry = {}
        for k in todo:
            rows = got.get(k) or []
            if not rows:
                s = N.strip_article(k)
                if s != k:
                    retry[k] = s
                    continue
            cache[k] = rows
        if retry:
            got2 = self.gaz.name_flags_many(set(retry.values()))
            for k, s in retry.items():
                cache[k] = got2.get(s) or []

    def _row_facts(self, rows) -> tuple:
        """``(flags by id, all flags, has a name)`` of a rows list (read, never changed: kept per list)."""
        fc = self._flags_cache.get(id(rows))
        if fc is not None and fc[0] is rows:
            return fc[1]
        flags: dict = {}
        flags_all = 0
        has_name = False
        for pid, fl in rows:
            flags[pid] = flags.get(pid, 0) | fl
            flags_all |= fl
            if fl & (F_PRIMARY | F_ASCII | F_ALT) or (fl & F_CURATED and not fl & F_ABBR):
                has_name = True
        got = (flags, flags_all, has_name)
        if len(self._flags_cache) > 50_000:
            self._flags_cache.clear()
        self._flags_cache[id(rows)] = (rows, got)
        return got

    def _places(self, key: str, rows) -> tuple[list[Place], dict]:
        flags = self._row_facts(rows)[0]
        ck = (
            key,
            len(rows),
            rows[0][0] if rows else None,
        )  # a variant search's rows differ from the exact ones
        got = self._places_cache.get(ck)
        if got is None:
            ids = list(flags)
            if len(ids) > 400:  # very common names: keep the most important few hundred
                ps = self.gaz._load(ids)
                ps.sort(key=lambda p: -self.gaz.importance(p))
                got = ps[:400]
            else:
                got = self.gaz._load(ids)
            if len(self._places_cache) > 50_000:
                self._places_cache.clear()
            self._places_cache[ck] = got
        return got, flags

    def _radius(self, p: Place) -> float:
        """:meth:`Gazetteer.radius_km`, kept per record."""
        got = self._radius_cache.get(id(p))
        if got is not None and got[0] is p:
            return got[1]
        r = self.gaz.radius_km(p)
        if len(self._radius_cache) > 50_000:
            self._radius_cache.clear()
        self._radius_cache[id(p)] = (p, r)
        return r

    def _fuzzy_rows(self, surface: str) -> list:
        """Rows of well-known places whose name is a transliteration variant of ``surface``."""
        got = self._fuzzy_cache.get(surface)
        if got is None:
            got = []
            words = [w for w in N.norm(surface).split() if w not in N.ARABIC_ARTICLES]
            if words and not any(
                w in L.PERSON_NAMES or w in L.ORG_HEADS or w in L.COMMON_WORDS for w in words
            ):
                places = self.gaz.fuzzy_lookup(surface, min_ratio=0.8)
                got = [
                    (self.gaz._id_of(p), F_ALT)
                    for p in places
                    if p.kind in ("country", "admin1", "admin2", "region")
                    or p.population >= 5000
                    or p.population == 0  # a seat cities500 lists without a population
                ][:20]
            if len(self._fuzzy_cache) > 50_000:
                self._fuzzy_cache.clear()
            self._fuzzy_cache[surface] = got
        return got

    def _stop_surfaces(self) -> frozenset:
        """Capitalised everyday words ("The", "He", "Police") that name no country: skipped at once."""
        if self._stop is None:
            out = set()
            words = sorted(L.COMMON_WORDS)
            self._prefetch(words)  # a few queries for all of them, not one or two per word
            self.gaz._load([pid for w in words for pid, _fl in self._rows(w)])
            for w in L.COMMON_WORDS:
                rows = self._rows(w)
                places, _fl = self._places(w, rows) if rows else ([], {})
                if not any(p.kind == "country" for p in places) and not self._demonym(w):
                    out.add(w.capitalize())
                    if len(w) > 3:
                        out.add(w.upper())
            self._stop = frozenset(out)
        return self._stop

    def _demonym_or_adj(self, key: str) -> bool:
        return bool(key) and self._demonym(key) is not None

    def _demonym(self, key: str) -> str | None:
        """Country code of a demonym, "@<id>" for a region adjective, else None."""
        if key not in self._demonym_cache:
            if self.gaz._demonyms is None:
                self.gaz.demonym("")
            self._demonym_cache[key] = self.gaz._demonyms.get(key)
        return self._demonym_cache[key]

    # ------------------------------------------------------------------ recognition
    @staticmethod
    def _sentence_initial(text: str, pos: int) -> bool:
        i = pos - 1
        while i >= 0 and text[i] in " \t'\"“‘((":
            if text[i] in '"“(':
                return True
            i -= 1
        return i < 0 or text[i] in _SENT_END

    def _tokens(self, text: str, pos: int = 0, endpos: int | None = None) -> list[tuple[int, int]]:
        """(start, end) of the capitalised tokens, in order."""
        out: list[tuple[int, int]] = []
        add = out.append
        for m in _CAPTOK.finditer(text, pos, len(text) if endpos is None else endpos):
            s, e = m.span()
            tok = m.group()
            h = tok.find("-", 1)
            if h > 0 and tok[h + 1 : h + 2].islower() and not any(ch.isupper() for ch in tok[h + 1 :]):
                e = s + h  # "US-based", "London-born": the name is before the hyphen
                tok = tok[:h]
            if tok[-1] == "â" and len(tok) > 1:
                e -= 1  # "Itâ€™s", "Itâ s": UTF-8 read as cp1252, the apostrophe's first byte
                tok = tok[:-1]
                if not tok:
                    continue
            if tok[-1] not in ".’'s":
                add((s, e))
                continue
            if tok.endswith(".") and tok.count(".") == 1 and not (len(tok) == 2 or text[e : e + 1].isupper()):
                low = tok[:-1].lower()
                if tok[:-1].isupper() or (
                    low not in _ABBR_KEEP and not any(fl & F_ABBR for _i, fl in self._rows(low))
                ):
                    e -= 1  # a full stop, not an abbreviation ("EU." ends a sentence)
                    tok = tok[:-1]
            if tok[-2:] in ("’s", "'s") and len(tok) > 3:
                e -= 2
            elif tok[-1] in "’'":
                e -= 1
            if e > s:
                add((s, e))
        return out

    #: Texts longer than this are read in windows of about this size (cut at a sentence end or a
    #: space), so the working memory of recognition stays bounded whatever the input.
    WINDOW = 200_000

    def recognise(self, text: str) -> tuple[list[_Cand], dict[str, int], list]:
        """Candidate name spans (before resolution), demonym counts by country, adjective spans."""
        if len(text) <= self.WINDOW:
            return self._recognise(text, 0, len(text))
        cands: list[_Cand] = []
        demonyms: dict[str, int] = {}
        adj: list = []
        pos, n = 0, len(text)
        while pos < n:
            end = min(n, pos + self.WINDOW)
            if end < n:
                cut = max(text.rfind(". ", end - 5000, end), text.rfind("\n", end - 5000, end))
                if cut > pos:
                    end = cut + 1
                else:
                    cut = text.rfind(" ", pos + 1, end)
                    end = cut if cut > pos else end
            c, d, a = self._recognise(text, pos, end)
            cands.extend(c)
            adj.extend(a)
            for k, v in d.items():
                demonyms[k] = demonyms.get(k, 0) + v
            pos = end
        return cands, demonyms, adj

    def _recognise(self, text: str, pos: int, endpos: int) -> tuple[list[_Cand], dict[str, int], list]:
        toks = self._tokens(text, pos, endpos)
        runs: list[list[tuple[int, int]]] = []
        cur: list[tuple[int, int]] = []
        for s, e in toks:
            if (
                cur
                and len(cur) < 12
                and s - cur[-1][1] < 12
                and (s > cur[-1][1] or text[cur[-1][1] - 1] == ".")
                and _GAP_JOIN.match(text[cur[-1][1] : s])
            ):
                cur.append((s, e))
                continue
            if cur:
                runs.append(cur)
            cur = [(s, e)]
        if cur:
            runs.append(cur)
        cands: list[_Cand] = []
        demonyms: dict[str, int] = {}
        norm_cache = self._norm_cache
        # every sub-span the matcher below may try, looked up in one go
        stop = self._stop_surfaces()
        want = []
        tables = []  # per run: tables[r][i][j - i - 1] is the key of tokens i..j-1
        for run in runs:
            if len(norm_cache) > 100_000:
                norm_cache.clear()
            if len(want) >= 20_000:  # a huge text: look up as we go, memory stays bounded
                self._prefetch(want)
                want = []
            n = len(run)
            if n == 1:
                s0, e0 = run[0]
                if text[s0:e0] in stop and text[e0 : e0 + 1] != ",":
                    tables.append(None)  # "The", "He", "In": everyday words, never a place on their own
                    continue
            tab = []
            for i in range(n):
                row = []
                s0 = run[i][0]
                for j in range(i + 1, min(n, i + 6) + 1):
                    surf = text[s0 : run[j - 1][1]]
                    key = norm_cache.get(surf)
                    if key is None:
                        key = norm_cache[surf] = N.norm(surf)
                    row.append(key)
                want.extend(row)
                tab.append(row)
            tables.append(tab)
        self._prefetch(want)
        adj_spans: list = []
        institutions, demonym, rows_of = L.INSTITUTIONS, self._demonym, self._rows
        for run, tab in zip(runs, tables, strict=True):
            if tab is None:
                continue
            n = len(run)
            if n == 1:  # most runs are one word: the same steps as below, without the bookkeeping
                key = tab[0][0]
                s, e = run[0]
                if not key or (len(key) < 2 and not text[s:e].isupper()) or key in institutions:
                    continue
                cc = demonym(key)
                if cc:
                    if not cc.startswith("@"):
                        demonyms[cc] = demonyms.get(cc, 0) + 1
                    adj_spans.append((s, e, key))
                    continue
                rows = rows_of(key)
                if rows:
                    c = _Cand(s, e, key, rows, run_len=1)
                    c.sent_initial = self._sentence_initial(text, s)
                    cands.append(c)
                continue
            i = 0
            matched: list[tuple[int, int, str, list]] = []  # token index range, key, rows
            while i < n:
                hit = None
                if i + 1 < n and text[run[i][0] : run[i][1]] in ("The", "THE"):
                    i += 1  # "The Hague" is stored as "hague"; never start a name with "The"
                    continue
                row = tab[i]
                for j in range(min(n, i + 6), i, -1):
                    s, e = run[i][0], run[j - 1][1]
                    key = row[j - i - 1]
                    if not key or len(key) < 2 and not text[s:e].isupper():
                        continue
                    if key in institutions:
                        hit = (i, j, key, None)
                        break
                    cc = demonym(key)
                    if cc:
                        if not cc.startswith("@"):
                            demonyms[cc] = demonyms.get(cc, 0) + 1
                        adj_spans.append((s, e, key))
                        hit = (i, j, key, None)
                        break
                    rows = rows_of(key)
                    if rows:
                        if j - i >= 2 and not self._row_facts(rows)[1] & F_OWN:
                            # known only as another place's alternate spelling ("Ras al-Ain"):
                            # the places it is a transliteration of compete too
                            extra = [r for r in self._fuzzy_rows(text[s:e]) if r not in rows]
                            rows = rows + extra if extra else rows
                        hit = (i, j, key, rows)
                        break
                if hit is None:
                    i += 1
                    continue
                matched.append(hit)
                i = hit[1]
            if 2 <= n:
                matched = self._variant_segments(text, run, matched)
                street = self._street(text, run)
                if street is not None and any(m[0] < street[2] < m[1] for m in matched):
                    street = None  # a known name ends in the word ("Bethel Park", "Hyde Park")
                if street is not None:  # "Royal Street": its words are no places of their own
                    a, b, k, sc = street
                    # the head word ("Cathedral", "Hospital") is no town of its own
                    matched = [m for m in matched if m[:2] != (k, k + 1)]
                    inside = [m for m in matched if a <= m[0] and m[1] <= k]
                    own = any(m[3] and any(fl & F_OWN for _p, fl in m[3]) for m in inside)
                    if N.norm(text[run[k][0] : run[k][1]]) in L.THOROUGHFARES or not own:
                        # a building named after a town ("Manila Cathedral") still names the town
                        matched = [m for m in matched if m[1] <= a or m[0] >= b]
                        cands.append(sc)
            covered = set()
            for a, b, _k, _r in matched:
                covered.update(range(a, b))
            person_pair = set()
            for (a1, b1, k1, r1), (a2, _b2, k2, r2) in zip(matched, matched[1:], strict=False):
                if (
                    b1 == a2
                    and r1 is not None
                    and r2 is not None
                    and k1 in L.PERSON_NAMES
                    and k1 not in L.DIRECTIONS
                    and _GAP_ADJ.match(text[run[b1 - 1][1] : run[a2][0]])
                    and k2 not in L.FEATURE_SUFFIXES
                ):
                    person_pair.update({a1, a2})  # "David Maraga": a given name and a surname
            for a, b, key, rows in matched:
                if rows is None:
                    continue
                s, e = run[a][0], run[b - 1][1]
                c = _Cand(s, e, key, rows, run_len=n)
                if a in person_pair:
                    c.drop = "person (full name)"
                    c.person = True
                c.sent_initial = a == 0 and self._sentence_initial(text, s)
                if a > 0 and (a - 1) not in covered and _GAP_ADJ.match(text[run[a - 1][1] : s]):
                    c.prev_cap = text[run[a - 1][0] : run[a - 1][1]]
                    c.prev_sent_initial = (a - 1 == 0) and self._sentence_initial(text, run[a - 1][0])
                if b < n and b not in covered and _GAP_ADJ.match(text[e : run[b][0]]):
                    c.next_cap = text[run[b][0] : run[b][1]]
                cands.append(c)
        return cands, demonyms, adj_spans

    _RE_AND_GAP = re.compile(r"^[ \t]+(?:and|or)[ \t]+$")
    _DIRS = frozenset({"north", "south", "east", "west", "n", "s", "e", "w", "nw", "ne", "sw", "se"})

    def _street(self, text: str, run: list):
        """A street named at the end of a run ("on Royal Street", "Eglinton Avenue West"):
        (first token, end token, candidate) or ``None``."""
        n = len(run)
        k = n - 1
        last = text[run[k][0] : run[k][1]].rstrip(".").lower()
        if last in self._DIRS and k >= 2:
            k -= 1
            last = text[run[k][0] : run[k][1]].rstrip(".").lower()
        if k < 1 or last not in STREET_HEADS or not text[run[k][0]].isupper():
            return None
        a = k - 1
        while a > 0 and k - a < 3 and _GAP_ADJ.match(text[run[a - 1][1] : run[a][0]]):
            a -= 1
        while a < k and (
            text[run[a][0] : run[a][1]] in _ENGLISH_LEADS
            or (
                a == 0
                and self._sentence_initial(text, run[a][0])
                and N.norm(text[run[a][0] : run[a][1]]) in L.COMMON_WORDS
            )
        ):
            a += 1
        if a >= k:
            return None
        s, e = run[a][0], run[n - 1][1]
        c = _Cand(s, e, N.norm(text[s:e]), [], run_len=n)
        c.street = True
        return a, n, k, c

    def _variant_segments(self, text: str, run: list, matched: list) -> list:
        """Short stretches of a run (split at "and") that are no known name as a whole, nor made
        of names of their own ("Maarat" + "al-Numan", "Ras" + "al-Ain"): tried as one spelling
        variant ("Deir Ezzor", "Khan Sheikhun"). Returns the run's matches, updated."""
        n = len(run)
        cuts = [0]
        for k in range(1, n):
            gap_s, gap_e = run[k - 1][1], run[k][0]
            # " or " is the shortest gap the pattern takes
            if gap_e - gap_s >= 4 and self._RE_AND_GAP.match(text[gap_s:gap_e]):
                cuts.append(k)
        cuts.append(n)
        if n > 3 and len(cuts) == 2:
            return list(matched)  # one stretch, too long to be tried as a variant (matches come sorted)
        out = list(matched)
        changed = False
        for a, b in zip(cuts, cuts[1:], strict=False):
            if not 2 <= b - a <= 3:
                continue
            inside = [m for m in matched if a <= m[0] and m[1] <= b]
            if any(m[0] < a < m[1] or m[0] < b < m[1] for m in matched):
                continue  # a known name spans the cut ("Trinidad and Tobago")
            if inside and inside[0][:2] == (a, b):
                continue
            first = text[run[a][0] : run[a][1]]
            if first in _ENGLISH_LEADS:
                continue  # "At Least", "As Trump", "The Angels": English words, not "at-", "as-" articles
            weak = any(r is not None and not self._row_facts(r)[1] & F_OWN for *_x, r in inside)
            known = {t for m in inside for t in range(m[0], m[1])}
            gap = any(  # a word is no name at all (a direction is a word: "West Wales" is Wales)
                t not in known and N.norm(text[run[t][0] : run[t][1]]).rstrip("ern") not in L.DIRECTIONS
                for t in range(a, b)
            )
            if not (weak or gap):
                continue
            s, e = run[a][0], run[b - 1][1]
            rows = self._fuzzy_rows(text[s:e])
            if rows:
                out = [m for m in out if m not in inside] + [(a, b, N.norm(text[s:e]), rows)]
                changed = True
        if changed:  # the run's own matches come in order
            out.sort(key=lambda m: m[0])
        return out

    def _judge(self, text: str, cands: list[_Cand]) -> None:
        """Mark candidates that context says are not places."""
        person_tokens: set[str] = set()
        starts = {c.start: c for c in cands}
        pc = self._places_cache
        need = [
            pid
            for c in cands
            if c.drop is None and (c.key, len(c.rows), c.rows[0][0] if c.rows else None) not in pc
            for pid, _fl in c.rows
        ]
        if need:
            self.gaz._load(need)  # every new name's records in a few queries, not one per name
        for c in cands:
            if getattr(c, "street", False):
                continue  # placed after resolution, in the article's town
            if getattr(c, "person", False):
                person_tokens.add(c.key)  # records not loaded: a full name is no place
                continue
            surface = text[c.start : c.end]
            _fl, flags_all, has_name = self._row_facts(c.rows)
            c.places, c.flags = self._places(c.key, c.rows)
            if not c.places:
                c.drop = "no record"
                continue
            water = self._water(text, c)
            if water is not None:
                if water == "part":
                    c.drop = "part of a water body's name"
                    continue
                if not water:
                    c.drop = "water body not in the gazetteer"
                    continue
                c.places = water
            listed = self._listed_divisions(text, c) if water is None else None
            if listed:
                c.places = (
                    listed  # "Becker, Clay and Wilkin counties": the counties, whatever else the words are
                )
                continue
            if water is None and listed is None:
                top = self._top_cache.get(c.key)
            else:
                top = max(c.places, key=self.gaz.importance)
            if top is None:
                top = self._top_cache[c.key] = max(c.places, key=self.gaz.importance)
            big = top.kind in ("country", "admin1", "region") or top.population >= 1_000_000
            # codes and abbreviations need a safe form or a place context (has_name above)
            dotted = "." in surface and surface.replace(".", "").isupper()
            caps = surface.isupper() and len(surface) >= 2
            if not has_name:
                after_comma = bool(_RE_AFTER_COMMA.search(text[max(0, c.start - 3) : c.start]))
                abbr_ok = flags_all & F_ABBR and (dotted or caps or surface.endswith("."))
                code_ok = flags_all & F_CODE and after_comma and (caps or dotted)
                if not (abbr_ok or code_ok):
                    c.drop = "code without context"
                    continue
            # short words in capitals that are not themselves written so: acronyms (PKK, BJP, APC)
            elif caps and len(surface) <= 5 and not dotted and not (flags_all & F_CURATED):
                dateline = bool(_RE_DATELINE.match(text[c.end : c.end + 4]))
                if not dateline and not any(p.name.isupper() for p in c.places[:20]):
                    c.drop = "acronym"
                    continue
            if len(c.key) == 1 and not dotted:
                c.drop = "single letter"
                continue
            if (
                " " not in c.key
                and not flags_all & F_OWN
                and not any(
                    p.kind in ("admin1", "admin2", "country")
                    or (p.population >= ALT_MIN_POP and _similar(c.key, p.name))
                    for p in c.places
                )
                and not _LOCATIVE_STRONG.search(text[max(0, c.start - 12) : c.start])
            ):
                # one word that is only some small place's alternate spelling ("Rue", "Chen",
                # "Quarter"): a place only where the sentence says so ("in Rue")
                c.drop = "alternate spelling only"
                continue
            if c.key in L.ORGANISATIONS:
                c.drop = "organisation"
                continue
            if _CONTRACTION.search(surface):
                c.drop = "contraction"
                continue
            low = surface.rstrip(".").lower()
            if (low in _ABBR_KEEP or low in L.TITLES) and " " not in low and not flags_all & F_CURATED:
                c.drop = "title"
                continue
            if _MIXED_ACRONYM.match(surface):
                c.drop = "acronym"  # "MoD", "MPs", "OKs"
                continue
            nxt = text[c.end : c.end + 30]
            m = _RE_NEXT_WORD.match(nxt)
            if m and m.group(1) in L.THING_NOUNS:
                c.drop = "names a thing"
                continue
            if (
                m
                and m.group(1) in _SPEECH
                and top.kind not in ("country", "admin1")
                and top.population < 100_000
            ):
                c.drop = "person (speaks)"
                continue
            if c.prev_cap is not None:
                pk = N.norm(c.prev_cap).rstrip(".")
                if pk in L.TITLES or (len(pk) == 1 and c.prev_cap.endswith(".")):
                    c.drop = "person (title)"
                    person_tokens.add(c.key)
                    continue
                ordinary = (
                    pk in L.COMMON_WORDS or pk in L.DIRECTIONS or pk in L.PLACE_PREFIXES or self._demonym(pk)
                )
                if not ordinary and not big and not getattr(c, "prev_sent_initial", False):
                    if pk in L.PERSON_NAMES or (c.run_len == 2 and c.next_cap is None and " " not in c.key):
                        c.drop = "person (full name)"  # "Emilie Holroyd": later "Holroyd" is her too
                        person_tokens.add(c.key)
                    else:
                        c.drop = "inside another name"
                    continue
            if c.next_cap is not None:
                nk = N.norm(c.next_cap).rstrip(".")
                if nk in L.FEATURE_SUFFIXES or nk in L.DIVISION_NOUNS:
                    pass
                elif nk in L.POLITICAL_HEADS and not (top.kind == "country" and nk not in L.MILITANT_HEADS):
                    c.drop = "part of an organisation's name"  # "Kurdistan Workers' Party"
                    continue
                elif nk in L.LOCAL_HEADS or nk in L.VENUES:
                    pass  # in a local body's or a building's name ("Gainesville Police"): it says where
                elif (
                    " " in c.key and c.key.rsplit(" ", 1)[1] in L.DIVISION_NOUNS and nk not in L.STREET_WORDS
                ):
                    pass  # "Laurel County Commission", "Licking County Sheriff": the county's own body
                elif top.kind == "country" and c.key not in L.GIVEN_NAMES:
                    pass
                elif (
                    top.kind in ("admin1", "region") and nk not in L.ORG_HEADS and c.key not in L.GIVEN_NAMES
                ):
                    pass
                else:
                    c.drop = "part of another name"  # "Jordan Peterson", "Tom Smith", "Shell Oil"
                    if c.key in L.GIVEN_NAMES or c.key in L.PERSON_NAMES or nk in L.PERSON_NAMES:
                        person_tokens.add(nk)
                    continue
            if (
                c.key in L.PERSON_NAMES
                and " " not in c.key
                and top.kind not in ("country", "admin1")
                and top.population < 100_000
            ):
                before = text[max(0, c.start - 12) : c.start].lower()
                if not (_LOCATIVE_STRONG.search(before) or self._before_division(text, c, starts)):
                    c.drop = "person name"
                    continue
            if (
                c.key in L.COMMON_WORDS
                and " " not in c.key
                and not (caps and flags_all & (F_ABBR | F_CURATED))
            ):
                after_place = self._before_division(text, c, starts)
                if not (top.kind == "country" and not c.sent_initial) and not after_place:
                    c.drop = "common word"
                    continue
            if c.sent_initial and " " not in c.key and not big and surface.lower() in L.COMMON_WORDS:
                c.drop = "common word"
                continue
        # a surname seen in a full name stays a person
        for c in cands:
            if c.drop is None and c.key in person_tokens:
                top = max(c.places, key=self.gaz.importance)
                if not (top.kind in ("country", "admin1") or top.population >= 1_000_000):
                    c.drop = "person (seen in a full name)"

    _RE_WATER_OF = re.compile(r"\b(?:Sea|Gulf|Bay|Strait|Straits|Lake|Lakes)\s+of\s+(?:the\s+)?$")
    _RE_NEXT_CAP = re.compile(r"^[ \t]+([A-Z][a-z]+)\b")
    _RE_NEXT_ANY = re.compile(r"^[ \t]+([A-Za-z]+)\b")

    _RE_DIV_LIST = re.compile(
        r"^(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)"
        r"[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3}){0,15}"
        r"\s+(counties|parishes|boroughs|districts|provinces|governorates|oblasts|states)\b"
    )

    def _listed_divisions(self, text: str, c: _Cand) -> list | None:
        """Divisions a list names ("Becker, Clay and Wilkin counties"): the candidates that are
        divisions of that level, else ``None`` (no such list, or no such division)."""
        m = self._RE_DIV_LIST.match(text[c.end : c.end + 300])
        if not m:
            return None
        level = "admin1" if m.group(1) == "states" else None
        divs = [p for p in c.places if p.kind in ("admin1", "admin2") and (level is None or p.kind == level)]
        return divs or None

    def _water(self, text: str, c: _Cand):
        """Bodies of water: ``None`` when the name is not one, ``"part"`` when it is part
        of a water body's name ("Aden" in "Gulf of Aden", "Jordan" in "Jordan River"),
        else the candidates that fit (water features; towns so named; divisions only
        when a division word follows: "Red Sea governorate"), possibly none."""
        words = c.key.split()
        if not words:
            return None
        # (each pattern needs a space or tab after the name, or "of" before it: checked first)
        m = None
        if text[c.end : c.end + 1] in (" ", "\t"):
            m = self._RE_NEXT_CAP.match(text[c.end : c.end + 20])
        nxt = m.group(1).lower() if m else None
        if nxt in L.WATER_WORDS and c.key not in L.DIRECTIONS:
            return "part"
        if (
            c.start
            and text.find("of", max(0, c.start - 16), c.start) >= 0
            and self._RE_WATER_OF.search(text[max(0, c.start - 16) : c.start])
        ):
            return "part"
        if words[-1] not in L.WATER_WORDS and not (
            len(words) > 2 and words[0] in L.WATER_WORDS and words[1] == "of"
        ):
            return None
        m = self._RE_NEXT_ANY.match(text[c.end : c.end + 20])
        div_next = bool(m) and m.group(1).lower() in L.DIVISION_NOUNS
        water = [p for p in c.places if p.feature_code in L.WATER_CODES]
        if water and not div_next:
            return water
        return [p for p in c.places if p.kind not in ("admin1", "admin2") or div_next]

    def _before_division(self, text: str, c: _Cand, starts: dict) -> bool:
        """True for "<name>, <state or country>" ("Mobile, Ala.", "Lincoln, Nebraska")."""
        if text.find(",", c.end, c.end + 6) < 0:
            return False  # no comma: the pattern below cannot match
        mm = _RE_COMMA.match(text[c.end : c.end + 6])
        if not mm or (c.end + mm.end()) not in starts:
            return False
        nxt_c = starts[c.end + mm.end()]
        nrows = nxt_c.rows
        return any(fl & (F_CODE | F_ABBR) for _i, fl in nrows) or any(
            p.kind in ("admin1", "country") for p in self._places(nxt_c.key, nrows)[0][:5]
        )

    # ------------------------------------------------------------------ resolution
    def _prior(self, p: Place, fl: int) -> float:
        w = self.weights
        pop = p.population
        if pop <= 0 and p.kind == "populated":
            pop = SEAT_POPULATION  # cities500 lists a seat without its population: unknown, not none
        elif p.kind == "admin2" and ADMIN2_POP:
            # a county's population is not in the sources (the build's figure is a same-named
            # town's): every county starts level and context decides among namesakes
            pop = ADMIN2_POP
        s = (
            math.log10(max(pop, 1)) * w["pop"] + w["kind_" + p.kind]
            if ("kind_" + p.kind) in w
            else math.log10(max(pop, 1)) * w["pop"]
        )
        if p.feature_code == "PPLC" and fl & (F_PRIMARY | F_ASCII | F_CURATED):
            s += w["capital"]  # a country's capital is what a bare "Washington" or "London" usually means
        if fl & F_CURATED:
            s += w["curated"]
        elif fl & (F_PRIMARY | F_ASCII):
            s += w["primary"]
        return s

    def _static_scores(self, c: _Cand) -> tuple[list[Place], list[float]]:
        """Candidates of a name with their context-free scores (cached per name), best 80 kept."""
        first = c.places[0] if c.places else None
        ck = (
            c.key,
            len(c.places),
            first.geonameid if first is not None else None,
            first.name if first else None,
        )
        got = self._static_cache.get(ck) if not c.gold else None
        if got is not None:
            return got
        W = self.weights
        town_a1 = {(q.country_code, q.admin1) for q in c.places if q.kind == "populated"}
        fid = lambda p: p.geonameid if p.geonameid is not None else self.gaz._id_of(p)  # noqa: E731
        own = F_PRIMARY | F_ASCII | F_CURATED
        named_big = any(p.kind in ("country", "admin1") and c.flags.get(fid(p), 0) & own for p in c.places)
        scored = []
        for p in c.places:
            fl = c.flags.get(fid(p), 0)
            sc = self._prior(p, fl)
            if p.kind in ("admin1", "admin2") and (p.country_code, p.admin1) in town_a1:
                sc -= W["div_town"]  # "Kyiv", "Aleppo": the town, unless a division word says otherwise
            if not fl & F_OWN and p.kind == "populated" and not _similar(c.key, p.name):
                sc -= W["alt_other"]  # "Rue" is an alternate name of Butembo, but not a spelling of it
            if named_big and p.kind == "populated" and p.population < 50_000:
                sc -= W["small_namesake"]  # "Florida", "Italy": the state or country, not a hamlet so named
            scored.append((sc, p))
        scored.sort(key=lambda t: -t[0])
        scored = scored[:80]
        got = ([p for _s, p in scored], [sc for sc, _p in scored])
        if not c.gold:
            if len(self._static_cache) > 50_000:
                self._static_cache.clear()
            self._static_cache[ck] = got
        return got

    def _context_pair(self, text: str, c: _Cand, by_start: dict) -> tuple[set, set]:
        """Countries / admin1s named right after "<name>, " ("Aleppo, Syria")."""
        ccs, a1s = set(), set()
        if text.find(",", c.end, c.end + 4) < 0:
            return ccs, a1s  # no comma: the pattern below cannot match
        m = _RE_COMMA.match(text[c.end : c.end + 4])
        if not m:
            return ccs, a1s
        nxt = by_start.get(c.end + m.end())
        if nxt is None:
            return ccs, a1s
        for p in nxt.places:
            if p.kind == "country":
                ccs.add(p.country_code)
            elif p.kind == "admin1":
                a1s.add((p.country_code, p.admin1))
        nxt.is_context = True
        return ccs, a1s

    def _name_facts(self, c: _Cand, static: tuple) -> tuple:
        """What resolution reads of a name's static scores, derived once per static entry.

        ``(vote_a1s, grid_entries, per_place)``: the divisions the name's plausible readings
        vote for; ``(cell, probability)`` of its likely readings for the proximity grid; and
        per candidate ``(country, (country, admin1) or None, kind, cell or None, id)``; a cell is
        ``floor(lat) * 1024 + floor(lon)`` (its neighbours are +-1 and +-1024 away).
        """
        got = self._facts_cache.get(id(static))
        if got is not None and got[0] is static:
            return got[1]
        places, base = static
        vote_min = W_VOTE_MIN
        top = base[0] if base else 0.0
        z = sum(math.exp(b - top) for b in base) or 1.0
        votes = {
            (p.country_code, p.admin1)
            for p, b in zip(places, base, strict=True)
            if p.admin1 and p.kind != "country" and math.exp(b - top) / z >= vote_min
        }
        entries = []
        if places:
            top = base[0]
            z = sum(math.exp(b - top) for b in base[:5])
            for p, b in zip(places[:5], base[:5], strict=True):
                if p.kind in ("country", "region") or p.kind == "admin1":
                    continue
                pr = math.exp(b - top) / z
                entries.append((int(p.latitude // 1) * 1024 + int(p.longitude // 1), pr))
        per = []
        gaz = self.gaz
        for i, p in enumerate(places):
            kind = p.kind
            cc = p.country_code
            a1k = (cc, p.admin1) if p.admin1 and kind != "country" else None
            if i < 20 and kind in ("populated", "admin2", "user"):
                cell = int(p.latitude // 1) * 1024 + int(p.longitude // 1)
                fid = p.geonameid if p.geonameid is not None else gaz._id_of(p)
            else:
                cell = fid = None
            per.append((cc, a1k, kind, cell, fid))
        facts = (votes, entries, per, [(x[0], x[1]) for x in per])
        if not c.gold:
            if len(self._facts_cache) > 50_000:
                self._facts_cache.clear()
            self._facts_cache[id(static)] = (static, facts)
        return facts

    def _resolve(self, text: str, cands: list[_Cand], demonyms: dict[str, int]):
        live = [c for c in cands if (c.drop is None or c.gold) and not getattr(c, "street", False)]
        for c in live:
            if not c.places:
                c.places, c.flags = self._places(c.key, c.rows)
        by_start = {c.start: c for c in live}
        pair = {id(c): self._context_pair(text, c, by_start) for c in live}
        # static scores and the facts derived from them, once per candidate in this call
        static_of: dict = {}

        def static(c):
            got = static_of.get(id(c))
            if got is None:
                st = self._static_scores(c)
                got = static_of[id(c)] = (st, self._name_facts(c, st))
            return got

        # division votes: how many distinct names have a candidate in each admin1 / country
        a1_votes: dict = {}
        cc_votes: dict = {}
        first_of: dict = {}
        for c in live:
            first_of.setdefault(c.key, c)
        for c0 in first_of.values():
            if len(c0.places) > 25:
                continue
            # only readings the name could plausibly have vote ("Oregon" does not vote for Illinois
            # because a hamlet there is called so)
            for a1 in static(c0)[1][0]:
                a1_votes[a1] = a1_votes.get(a1, 0) + 1
            for cc in {p.country_code for p in c0.places}:
                cc_votes[cc] = cc_votes.get(cc, 0) + 1

        W = self.weights
        # proximity: a 1-degree grid of where each distinct name's likely readings lie
        # (top 5, with their context-free probabilities); a candidate near another
        # name's likely reading gains ("Huntsville" near "Conroe" is the Texas one)
        grid: dict = {}
        wprox = W.get("prox", 0.0)
        if wprox:
            seen_keys = set()
            gridded = set()
            for c in live:
                if c.key in seen_keys:
                    continue
                seen_keys.add(c.key)
                for cell, pr in static(c)[1][1]:
                    slot = grid.get(cell)
                    if slot is None:
                        slot = grid[cell] = {}
                    if pr > slot.get(c.key, 0.0):
                        slot[c.key] = pr
                        gridded.add(c.key)
            if len(gridded) < 2:
                grid = {}
        neigh_cache: dict = {}
        prox_cache: dict = {}

        def proximity(cell, key):
            near = neigh_cache.get(cell)
            if near is None:
                best = {}
                for dy in (-1024, 0, 1024):
                    for dx in (-1, 0, 1):
                        slot = grid.get(cell + dy + dx)
                        if slot:
                            for k2, pr in slot.items():
                                if pr > best.get(k2, 0.0):
                                    best[k2] = pr
                near = neigh_cache[cell] = (best, min(sum(best.values()), 3.0))
            best, whole = near
            if key not in best:
                return whole  # every name near the cell is another name
            if len(best) == 1:
                return 0  # only this name's own readings near
            ck = (cell, key)
            got = prox_cache.get(ck)
            if got is None:
                got = prox_cache[ck] = min(sum(v for k2, v in best.items() if k2 != key), 3.0)
            return got

        w_votes = W["votes"]

        def plan_of(c):
            # per candidate: the context terms that do not depend on the document's focus, in
            # the order they are added to its score (``None``: none at all)
            ccs, a1s = pair[id(c)]
            static_pair, (_v, _e, per, ca) = static(c)
            places, base = static_pair
            if len(places) == 1:
                # one reading: it wins with all the score mass (1 / exp(0)) whatever the context adds
                return (places, base, ca, _ONE), (places[0], 1.0)
            flags = c.flags
            key = c.key
            tails = []
            any_tail = False
            a1_get = a1_votes.get
            for cc, a1k, kind, cell, fid in per:
                tail = None
                if a1k is not None:
                    v = a1_get(a1k, 0)
                    if v > 1:
                        tail = [w_votes * min(v - 1, 3)]
                    if a1s and a1k in a1s and kind != "admin1":
                        tail = [5.0] if tail is None else tail + [5.0]
                if ccs and cc in ccs and kind != "country":
                    tail = [4.0] if tail is None else tail + [4.0]
                if grid and cell is not None:
                    near = neigh_cache.get(cell)
                    if near is None:
                        near = proximity(cell, key)
                    elif key not in near[0]:
                        near = near[1]
                    elif len(near[0]) == 1:
                        near = 0  # only this name's own readings near: nothing to add
                    else:
                        near = proximity(cell, key)
                    if near:  # nothing near: adding 0.0 would change no score
                        own = flags.get(fid, 0) & F_OWN
                        # a town called so only by an alternate spelling ("Mexico" for Mexico City) gains less
                        t = (wprox if own else 0.5 * wprox) * near
                        tail = [t] if tail is None else tail + [t]
                if tail is not None:
                    any_tail = True
                tails.append(tail)
            if not any_tail:
                # the context-free scores decide pass 1: the same answer for this name in any document
                if c.gold:
                    return (places, base, ca, None), pick(places, base)
                got = self._pick_cache.get(id(static_pair))
                if got is None or got[0] is not static_pair:
                    if len(self._pick_cache) > 50_000:
                        self._pick_cache.clear()
                    got = self._pick_cache[id(static_pair)] = (static_pair, pick(places, base))
                return (places, base, ca, None), got[1]
            first = []
            for b, tail in zip(base, tails, strict=True):
                if tail is not None:
                    for t in tail:
                        b += t
                first.append(b)
            return (places, base, ca, tails), pick(places, first)

        def pick(places, scores):
            best_i, mx = 0, None
            for i, s in enumerate(scores):
                if mx is None or s > mx:
                    best_i, mx = i, s
            z = sum(math.exp(1.5 * (x - mx)) for x in scores if x > mx - 8.0)
            return places[best_i], 1.0 / z

        def choose(plan, focus_cc, focus_a1, total, cc_part, a1_part):
            # the focus of the other names: focus_cc[k] - cc_part.get(k, 0) (leave one out), read
            # where needed instead of copying both tables for every candidate
            places, base, ca, tails = plan
            if tails is _ONE:
                return places[0], 1.0
            scores = []
            fcc, fa1, sat = W["focus_cc"], W["focus_a1"], W["a1_sat"]
            top_share = None
            pos = total > 0
            for i, (cc, a1k) in enumerate(ca):
                s = base[i]
                if pos:
                    if cc in focus_cc:
                        s += fcc * (focus_cc[cc] - cc_part.get(cc, 0)) / total
                    elif cc is None and focus_cc:
                        # a region of no one country ("Middle East") is as near the focus as anything
                        if top_share is None:
                            top_share = max(v - cc_part.get(k, 0) for k, v in focus_cc.items()) / total
                        s += fcc * top_share
                if a1k is not None and a1k in focus_a1:
                    s += fa1 * min(1.0, (focus_a1[a1k] - a1_part.get(a1k, 0)) / sat)
                if tails is not None:
                    tail = tails[i]
                    if tail is not None:
                        for t in tail:
                            s += t
                scores.append(s)
            return pick(places, scores)

        # pass 1: priors and explicit context only; pass 2: with the document's focus.
        # Each distinct name contributes once (more for repeats, sub-linearly), and a
        # name is scored against the focus of the *other* names (leave one out), so
        # "Georgia" said four times cannot vote for its own reading.
        focus_cc: dict = {}
        focus_a1: dict = {}
        for cc, k in demonyms.items():
            focus_cc[cc] = focus_cc.get(cc, 0) + 0.7 * (1 + math.log(k))
        best_by_key: dict = {}
        count_by_key: dict = {}
        memo: dict = {}
        plans: dict = {}

        def memo_key(c):
            ccs, a1s = pair[id(c)]
            ctx = (tuple(sorted(ccs)), tuple(sorted(a1s))) if ccs or a1s else None
            return (c.key, len(c.places), c.gold, id(c.places) if c.gold else 0, ctx)

        mks = []
        for c in live:
            mk = memo_key(c)  # a repeated name in the same context scores the same
            mks.append(mk)
            got = memo.get(mk)
            if got is None:
                plans[mk], got = plan_of(c)
                memo[mk] = got
            p, conf = got
            count_by_key[c.key] = count_by_key.get(c.key, 0) + 1
            if c.key not in best_by_key or conf > best_by_key[c.key][1]:
                best_by_key[c.key] = (p, conf)
        contrib: dict = {}
        for key, (p, conf) in best_by_key.items():
            wt = conf * (1 + 0.5 * math.log(count_by_key[key]))
            if p.kind == "country":
                wt *= 1.5
            cc_part = {p.country_code: wt}
            a1_part = {}
            if p.kind != "country" and p.admin1:
                a1_part[(p.country_code, p.admin1)] = wt if p.kind == "admin1" else 0.5 * wt
            contrib[key] = (cc_part, a1_part)
            for k2, v in cc_part.items():
                focus_cc[k2] = focus_cc.get(k2, 0) + v
            for k2, v in a1_part.items():
                focus_a1[k2] = focus_a1.get(k2, 0) + v
        total = sum(focus_cc.values())
        out = []
        memo2: dict = {}
        for c, mk in zip(live, mks, strict=True):
            got = memo2.get(mk)
            if got is None:
                cc_part, a1_part = contrib.get(c.key, ({}, {}))
                got = memo2[mk] = choose(
                    plans[mk], focus_cc, focus_a1, total - sum(cc_part.values()), cc_part, a1_part
                )
            p, conf = got
            out.append((c, p, conf))
        countries = sorted(focus_cc, key=lambda k: -focus_cc[k])
        admin1s = sorted(focus_a1, key=lambda k: -focus_a1[k])
        return out, countries, focus_cc, admin1s

    # ------------------------------------------------------------------ region phrases
    def _phrase(self, text: str, c: _Cand, p: Place, conf: float) -> PlaceMention:
        start, end = c.start, c.end
        lat, lon = p.latitude, p.longitude
        relation, precision, radius, modifier = "in", None, None, None
        kind = p.kind
        left = text[max(0, start - 70) : start]
        right = text[end : end + 40]
        base_prec = _BASE_PREC.get(kind, 1)
        last = left.rstrip().rsplit(None, 1)[-1].lower() if left.strip() else ""
        if last == "of":
            # both patterns need their noun right before "of": a plain-ASCII left side without one is not searched
            head = left.rstrip()[:-2].rstrip()
            head = head[-14:].lower() if head.isascii() else None
            m_of = _LEFT_OF.search(left) if head is None or head.endswith(_OF_NOUNS) else None
            m_near = _LEFT_NEAR.search(left) if head is None or head.endswith(_NEAR_OF_NOUNS) else None
            m_dir = m_rural = None
        elif last in _LEFT_TRIGGERS or last.rstrip("ern") in _LEFT_TRIGGERS or last.endswith("ern"):
            m_of = None
            # each pattern ends with its own words and spaces: a plain-ASCII left side that ends with
            # none of them cannot match it, and is not searched
            tail = left.rstrip()
            tail = tail[-8:].lower() if tail.isascii() else None
            m_near = _LEFT_NEAR.search(left) if tail is None or tail.endswith(_NEAR_ENDS) else None
            m_dir = _LEFT_DIR.search(left) if tail is None or tail.endswith(_DIR_ENDS) else None
            m_rural = _LEFT_RURAL.search(left) if tail is None or tail.endswith("rural") else None
        else:
            m_of = m_near = m_dir = m_rural = None
        m_right = _RIGHT_DIV.match(right) if right[:1] in (" ", "’", "'", "\t") else None
        if m_near:
            word = (m_near.group(2) or m_near.group(3) or "near").lower()
            start = start - (len(left) - m_near.start())
            relation, precision, modifier = "near", 2, word
            radius = self._radius(p) + 10.0
        elif m_of:
            noun = m_of.group(3).lower()
            start = start - (len(left) - m_of.start())
            modifier = noun
            if noun in ("province", "governorate", "region", "district", "county", "oblast", "state"):
                div = self._division_for(p, c)
                if div is not None:
                    p = div
                    lat, lon = p.latitude, p.longitude
                relation, precision = "in", 3
                radius = self._radius(p)
            else:
                town = self._town_for(p, c)
                if noun == "capital" and p.kind in ("country", "admin1", "admin2"):
                    town = self.gaz.seat_of(p) or town  # "the capital of Red Sea State": its seat
                if town is not None:
                    p = town
                    lat, lon = p.latitude, p.longitude
                relation, precision = "in", 1
                radius = self._radius(p)
        elif m_rural:
            start = start - (len(left) - m_rural.start())
            relation, precision, modifier = "near", 2, "rural"
            radius = self._radius(p) + 25.0
        elif m_dir:
            d = (m_dir.group(3) or m_dir.group(5) or "").lower().replace("-", "")
            word = d + ("ern" if m_dir.group(0).lower().rstrip().endswith("ern") else "")
            start = start - (len(left) - m_dir.start())
            bearing = L.DIRECTIONS.get(d)
            r = self._radius(p)
            if bearing is not None:
                lat, lon = _offset(p.latitude, p.longitude, bearing, 0.5 * r)
            relation, precision, modifier = (
                "region",
                3 if kind in ("country", "admin1", "region", "admin2") else 2,
                word,
            )
            radius = round(0.5 * r, 1) if bearing is not None else round(0.6 * r, 1)
        if m_right and relation != "near":
            word = m_right.group(1).lower()
            if word in ("countryside", "outskirts", "suburbs", "area", "hinterland"):
                end = end + m_right.end()
                mt = _LEFT_THE.search(text[max(0, start - 5) : start])
                if mt:
                    start -= 5 - mt.start() if start >= 5 else start - mt.start()
                relation, precision, modifier = "near", 2, word
                radius = self._radius(p) + (25.0 if word in ("countryside", "hinterland") else 10.0)
            else:
                end = end + m_right.end()
                div = self._division_for(p, c)
                if div is not None:
                    p = div
                    if relation != "region":
                        lat, lon = p.latitude, p.longitude
                if relation != "region":
                    relation, precision = "in", 3
                    radius = self._radius(p)
                modifier = word if modifier is None else f"{modifier} {word}"
        if precision is None:
            precision = base_prec
        if radius is None:
            radius = self._radius(p)
        if start < 0:
            start = 0
        return PlaceMention(
            start=start,
            end=end,
            text=text[start:end],
            place=p,
            score=conf,
            latitude=round(lat, 5),
            longitude=round(lon, 5),
            relation=relation,
            geo_precision=precision,
            radius_km=radius if radius is None else round(radius, 1),
            modifier=modifier,
        )

    def _localise_divisions(self, mentions: list[PlaceMention]) -> list[PlaceMention]:
        """Second-level divisions whose point is only estimated take the document's towns in them.

        cities500 carries no admin2 codes, so a county without a same-named town has
        only its state's point; the towns the same article names in that state
        (median of their points) are a far better guess for where the county is.
        """
        est = [
            i
            for i, m in enumerate(mentions)
            if m.place is not None
            and m.place.kind == "admin2"
            and m.modifier is None
            and self.gaz.point_estimated(m.place)
        ]
        if not est:
            return mentions
        out = list(mentions)
        towns_in: dict = {}
        for m in mentions:
            if m.place is not None and m.place.kind == "populated":
                towns_in.setdefault((m.place.country_code, m.place.admin1), []).append(m.place)
        for i in est:
            p = mentions[i].place
            towns = towns_in.get((p.country_code, p.admin1))
            if not towns:
                continue
            lat = sorted(t.latitude for t in towns)[len(towns) // 2]
            lon = sorted(t.longitude for t in towns)[len(towns) // 2]
            m = mentions[i]
            out[i] = PlaceMention(
                m.start,
                m.end,
                m.text,
                p,
                score=m.score,
                latitude=round(lat, 5),
                longitude=round(lon, 5),
                relation=m.relation,
                geo_precision=m.geo_precision,
                radius_km=m.radius_km,
                modifier=m.modifier,
            )
        return out

    def _division_for(self, p: Place, c: _Cand) -> Place | None:
        """The division a "<name> province" phrase means: same name, same country if possible."""
        if p.kind in ("admin1", "admin2"):
            return p
        divs = [q for q in c.places if q.kind in ("admin1", "admin2")]
        if not divs:
            return None
        same = [q for q in divs if q.country_code == p.country_code]
        pool = same or divs
        pool.sort(key=lambda q: (q.kind != "admin1", q.admin1 != p.admin1, -q.population))
        return pool[0]

    def _town_for(self, p: Place, c: _Cand) -> Place | None:
        if p.kind == "populated":
            return p
        towns = [q for q in c.places if q.kind == "populated" and q.country_code == p.country_code]
        if not towns:
            return None
        return max(towns, key=lambda q: q.population)

    # ------------------------------------------------------------------ public
    def parse(self, text: str) -> ParseResult:
        """Recognise, resolve and phrase the places of one document."""
        if not isinstance(text, str):
            raise InputError(f"geoparse needs text (str), not {type(text).__name__}")
        if not text.strip():
            return ParseResult(text, [], [], [], {}, [], {})
        cands, demonyms, adj = self.recognise(text)
        self._judge(text, cands)
        res = self._finish(text, cands, demonyms)
        res.adjectives = self._adjective_mentions(text, adj)
        return res

    def _finish(self, text, cands, demonyms, *, phrases: bool = True) -> ParseResult:
        resolved, countries, weights, admin1s = self._resolve(text, cands, demonyms)
        mentions, cores = [], []
        for c, p, conf in resolved:
            if getattr(c, "is_context", False) and p.kind in ("country", "admin1"):
                conf = max(conf, 0.9)
            if conf < self.min_confidence and not c.gold:
                mentions.append(PlaceMention(c.start, c.end, text[c.start : c.end], None, score=conf))
            elif phrases:
                mentions.append(self._phrase(text, c, p, conf))
            else:
                mentions.append(
                    PlaceMention(
                        c.start,
                        c.end,
                        text[c.start : c.end],
                        p,
                        score=conf,
                        latitude=p.latitude,
                        longitude=p.longitude,
                        geo_precision=3 if p.kind in ("country", "admin1", "admin2") else 1,
                    )
                )
            cores.append((c.start, c.end))
        streets = [c for c in cands if getattr(c, "street", False) and c.drop is None]
        if streets:
            town = self._document_locality(mentions, countries=countries[:1])
            for c in streets:
                if town is None:
                    mentions.append(PlaceMention(c.start, c.end, text[c.start : c.end], None, score=0.0))
                else:
                    mentions.append(
                        _near_town(c, text, town, radius_km=self._radius(town), modifier="street")
                    )
                cores.append((c.start, c.end))
        mentions = self._localise_divisions(mentions)
        order = sorted(range(len(mentions)), key=lambda i: (mentions[i].start, mentions[i].end))
        mentions = [mentions[i] for i in order]
        cores = [cores[i] for i in order]
        # overlapping phrases (two names in one phrase): keep the longer
        keep_m, keep_c, last_end = [], [], -1
        for m, core in zip(mentions, cores, strict=True):
            if m.start < last_end and keep_m:
                prev = keep_m[-1]
                if (m.end - m.start) > (prev.end - prev.start):
                    keep_m[-1], keep_c[-1] = m, core
                    last_end = m.end
                continue
            keep_m.append(m)
            keep_c.append(core)
            last_end = m.end
        return ParseResult(
            text,
            keep_m,
            keep_c,
            countries[:5],
            {k: round(v, 3) for k, v in weights.items()},
            admin1s[:5],
            demonyms,
        )

    def _adjective_mentions(self, text: str, adj: list) -> list[PlaceMention]:
        out = []
        for s, e, key in adj:
            p = self.gaz.adjective_place(key)
            if p is None:
                continue
            out.append(
                PlaceMention(
                    s,
                    e,
                    text[s:e],
                    p,
                    score=0.9,
                    latitude=p.latitude,
                    longitude=p.longitude,
                    relation="in",
                    geo_precision=3,
                    modifier="demonym",
                )
            )
        return out

    def resolve_spans(self, text: str, spans: list[tuple[int, int]]) -> list[PlaceMention | None]:
        """Resolve given spans (gold spans in evaluation), using the whole document as context.

        Returns one mention (or ``None`` when the gazetteer has no candidate) per span, in order.
        """
        cands, demonyms, _adj = self.recognise(text)
        self._judge(text, cands)
        by_span = {(c.start, c.end): c for c in cands}
        gold = []
        for s, e in spans:
            c = by_span.get((s, e))
            if c is not None and not c.places and c.rows:
                c.places, c.flags = self._places(c.key, c.rows)
            key = N.norm(text[s:e])
            adj = self.gaz.adjective_place(key) if self._demonym_or_adj(key) else None
            if adj is None and key in L.INSTITUTION_SEATS:  # "the Kremlin": where the institution sits
                town, cc = L.INSTITUTION_SEATS[key]
                got = self.gaz.lookup(town, country=cc)
                adj = next((q for q in got if q.kind == "populated"), None)
            if adj is not None:  # "Canadian", "European": the country or region, not a town so named
                c = _Cand(s, e, key, [(self.gaz._id_of(adj), F_CURATED)])
                c.places, c.flags = [adj], {self.gaz._id_of(adj): F_CURATED}
            elif c is None:
                rows = self._rows(key)
                if not rows:
                    words = key.split()
                    if len(words) > 1 and words[-1] in L.DIVISION_NOUNS:
                        rows = self._rows(" ".join(words[:-1]))
                if not rows:
                    cc = self._demonym(key)
                    if cc:  # a demonym stands for its country
                        try:
                            rows = [(self.gaz._id_of(self.gaz.country(cc)), F_CURATED)]
                        except Exception:
                            rows = []
                if not rows:
                    fz = self.gaz.fuzzy_lookup(text[s:e], min_ratio=0.8) if len(key) >= 5 else []
                    rows = [(self.gaz._id_of(p), F_ALT) for p in fz[:20]]
                if not rows:
                    rows = self._inner_name_rows(key)  # "Manila Cathedral" -> Manila
                c = _Cand(s, e, key, rows)
                c.places, c.flags = self._places(key + "\x00g", rows) if rows else ([], {})
            if c.places:
                water = self._water(text, c)
                if isinstance(water, list):
                    c.places = water  # "Red Sea": the sea, not a province named after it
                else:
                    c.places = self._listed_divisions(text, c) or c.places
            c.gold = True
            c.drop = None
            gold.append(c)
        gold_ids = {id(c) for c in gold}
        pool = [
            c
            for c in cands
            if id(c) not in gold_ids and not any(c.start < g.end and g.start < c.end for g in gold)
        ] + [g for g in gold if g.places]
        res = self._finish(text, pool, demonyms, phrases=False)
        by_core = {core: m for m, core in zip(res.mentions, res.cores, strict=True)}
        out = [by_core.get((c.start, c.end)) for c in gold]
        if any(m is None for m in out):
            # a local feature the gazetteer lacks (a street, a building): the document's main town
            # (read from the given spans' own readings: other capitalised words are not places here)
            # (in the country the document is most about: a stray reading elsewhere is no locality)
            local = self._document_locality(res.mentions, countries=res.countries[:1])
            if local is not None:
                out = [m if m is not None else _near_town(c, text, local) for m, c in zip(out, gold, strict=True)]
        return out

    def _inner_name_rows(self, key: str) -> list:
        """Rows of the longest place name inside an unknown multi-word name (not a common word or person)."""
        words = key.split()
        n = len(words)
        for size in range(n - 1, 0, -1):
            for i in range(0, n - size + 1):
                sub = " ".join(words[i : i + size])
                if (
                    len(sub) < 3
                    or sub in L.COMMON_WORDS
                    or sub in L.PERSON_NAMES
                    or sub in L.CONNECTORS
                    or sub in L.FEATURE_SUFFIXES
                    or sub in L.ORG_HEADS
                    or sub in L.STREET_WORDS
                ):
                    continue
                rows = [r for r in self._rows(sub) if r[1] & (F_PRIMARY | F_ASCII | F_CURATED)]
                if rows:  # a record's own name, not a stray alternate spelling
                    return rows
        return []

    @staticmethod
    def _document_locality(mentions: list[PlaceMention], *, countries=()) -> Place | None:
        """The populated place a document names most (ties: the first named), if any.

        With ``countries``, only places in those countries count (when any do).
        """
        counts: dict = {}
        first: dict = {}
        if countries and any(m.place is not None and m.place.country_code in countries for m in mentions):
            mentions = [m for m in mentions if m.place is not None and m.place.country_code in countries]
        for i, m in enumerate(mentions):
            p = m.place
            if p is not None and p.kind in ("populated", "user", "admin2"):
                k = (p.name, p.latitude, p.longitude)
                counts[k] = counts.get(k, 0) + 1
                first.setdefault(k, (i, p))
        if not counts:
            return None
        best = max(counts, key=lambda k: (counts[k], -first[k][0]))
        return first[best][1]


_NO_PART: dict = {}
_ONE = ("one reading",)


def _offset(lat: float, lon: float, bearing_deg: float, dist_km: float) -> tuple[float, float]:
    """Point ``dist_km`` from (lat, lon) along a bearing (spherical earth)."""
    R = 6371.0088
    br = math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    d = dist_km / R
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(br))
    l2 = l1 + math.atan2(math.sin(br) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    lon2 = (math.degrees(l2) + 540) % 360 - 180
    return max(-90.0, min(90.0, math.degrees(p2))), lon2


_parsers: "weakref.WeakKeyDictionary[Gazetteer, Geoparser]" = weakref.WeakKeyDictionary()
_parsers_lock = threading.Lock()


def parser_for(gazetteer: Gazetteer | None = None) -> Geoparser:
    """The shared :class:`Geoparser` of a gazetteer (one per gazetteer, so caches are reused)."""
    gaz = gazetteer or Gazetteer.default()
    with _parsers_lock:
        got = _parsers.get(gaz)
        if got is None:
            got = _parsers[gaz] = Geoparser(gaz)
        return got


def geoparse(text: str, *, gazetteer: Gazetteer | None = None) -> list[PlaceMention]:
    """Find the place names in ``text`` and resolve each (see :class:`Geoparser`).

    Returns mentions sorted by start; offsets are Python string offsets into ``text``.
    """
    return parser_for(gazetteer).parse(text).mentions


def _near_town(span, text: str, town, **extra) -> PlaceMention:
    """A mention the text places only near the document's town (a street, a venue): the town's point, precision 2."""
    return PlaceMention(span.start, span.end, text[span.start : span.end], town, score=0.1,
                        latitude=town.latitude, longitude=town.longitude, relation="near", geo_precision=2, **extra)
