"""Name normalisation shared by the gazetteer build and every lookup.

This module uses the standard library only: ``gazetteer/build.py`` loads it by
file path (it runs in an isolated build environment), and the runtime imports
it as :mod:`geoevents.gazetteer.normalize`. The build and the lookups must
agree on the keys byte for byte, so both use these functions.

Three keys exist for a name:

``norm``
    case folded, diacritics removed, apostrophes dropped, hyphens and
    punctuation turned into single spaces, a trailing possessive removed
    ("Syria's" -> "syria"), a leading "the" removed.
``strip_article``
    ``norm`` without a leading Arabic article ("al-", "el-", "ad-", "as-",
    ...): "Al-Hasakah" -> "hasakah". Stored as a second key.
``skeleton``
    a consonant skeleton that folds transliteration variants together:
    "Idleb"/"Idlib", "Deir ez-Zor"/"Deir al-Zour"/"Dayr az Zawr",
    "Kyiv"/"Kiev", "Kharkov"/"Kharkiv". Used only as a last resort.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["norm", "strip_article", "skeleton", "keys_for", "is_latin", "ARABIC_ARTICLES"]

#: Arabic definite article as transliterated in English text (sun letters assimilate).
ARABIC_ARTICLES = frozenset(
    {"al", "el", "ad", "ar", "as", "az", "an", "at", "ash", "ath", "adh", "ez", "es", "er", "ed", "en", "et"}
)

_APOSTROPHES = "'’‘`´ʼʻʿʾ′"
_APOS_RE = re.compile("[" + re.escape(_APOSTROPHES) + "]")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_POSSESSIVE = re.compile(r"(?<=\w)[" + re.escape(_APOSTROPHES) + r"]s?$")
_SPECIAL = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "þ": "th", "ð": "d"}
)


@lru_cache(maxsize=1 << 16)
def norm(name: str) -> str:
    """Return the normalised lookup key of ``name`` ("" for nothing usable).

    Examples
    --------
    >>> norm("Syria's")
    'syria'
    >>> norm("Deir ez-Zor")
    'deir ez zor'
    >>> norm("Erdoğan")
    'erdogan'
    """
    if not name:
        return ""
    if name.isascii():
        if name.isalpha():
            return name.lower()  # one plain word (most lookups): nothing else to do
        if (
            name[0] != " "
            and name[-1] != " "
            and "  " not in name
            and name.replace(" ", "").isalpha()
        ):
            # plain words between single spaces ("New York"): only the case and a leading "the" change
            s = name.lower()
            if s.startswith("the ") and len(s) > 4:
                s = s[4:]
            return s
    s = name.strip()
    s = _POSSESSIVE.sub("", s)
    if s.isascii():
        s = s.casefold()
    else:
        s = unicodedata.normalize("NFKD", s.casefold().translate(_SPECIAL))
        s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = _APOS_RE.sub("", s)
    s = _NON_WORD.sub(" ", s).replace("_", " ").strip()
    s = " ".join(s.split())
    if s.startswith("the ") and len(s) > 4:
        s = s[4:]
    return s


def strip_article(key: str) -> str:
    """Drop a leading Arabic article from a normalised key ("al hasakah" -> "hasakah")."""
    first, _, rest = key.partition(" ")
    if rest and first in ARABIC_ARTICLES:
        return rest
    # "alhasakah" written solid is left alone: too ambiguous
    return key


_VOWELS = re.compile(r"[aeiouyw]")
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 16)
def skeleton(key: str) -> str:
    """Consonant skeleton of a normalised key, articles removed.

    >>> skeleton(norm("Deir ez-Zor")) == skeleton(norm("Dayr az Zawr")) == skeleton(norm("Deir al-Zour"))
    True
    >>> skeleton(norm("Idleb")) == skeleton(norm("Idlib"))
    True
    """
    words = [w for w in key.split() if w not in ARABIC_ARTICLES]
    out = []
    for w in words:
        w = w.replace("ph", "f").replace("kh", "k").replace("ch", "k").replace("q", "k").replace("c", "k")
        w = w.replace("dh", "d").replace("th", "t").replace("sh", "s").replace("gh", "g").replace("j", "g")
        w = w.replace("v", "f").replace("z", "s").replace("h", "")
        w = _VOWELS.sub("", w)
        w = _DOUBLE.sub(r"\1", w)
        if w:
            out.append(w)
    return " ".join(out)


def keys_for(name: str) -> set[str]:
    """Every exact key a gazetteer name is stored under (norm, article-stripped)."""
    k = norm(name)
    if not k:
        return set()
    keys = {k}
    s = strip_article(k)
    if s != k:
        keys.add(s)
    return keys


def is_latin(name: str) -> bool:
    """True when every letter of ``name`` is Latin script (after removing diacritics)."""
    for ch in name:
        if ch.isalpha() and not ("a" <= ch.lower() <= "z"):
            base = unicodedata.normalize("NFKD", ch)[0]
            if not ("a" <= base.lower() <= "z") and ch not in "ßæœøđłıþð":
                return False
    return True
