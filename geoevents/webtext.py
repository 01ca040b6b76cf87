"""Reading the web's own formats: the main text of an HTML page, the items of a feed.

Newsrooms and researchers keep articles as saved web pages and collect them
through RSS and Atom feeds. This module turns both into plain text that the
rest of the chain can read, with the metadata the page or feed states about
itself (publication date, outlet, title, address). It uses the standard
library only: a regular-expression tokenizer for HTML (fast, and forgiving of
unclosed tags) and expat for feeds (refusing DTD entity declarations).

What the HTML extractor keeps and drops
---------------------------------------
Dropped: scripts, styles, ``noscript``, templates, SVG, forms and buttons,
``nav``, ``aside``, ``footer``, a page-level ``header`` (one inside
``<article>`` or ``<main>`` is kept for its headline), figures and their
captions, hidden elements, elements whose class, id or role names a menu,
cookie or consent banner, share bar, newsletter box, advert, comments or
"related"/"most read" list, and paragraphs that are mostly link text.

Kept: the main block, which is the element marked ``itemprop=articleBody``,
else the ``<article>`` with the most paragraph text, else ``<main>``, else
the block holding the most paragraph text. Paragraphs are separated by a
blank line, headings are paragraphs of their own, entities are decoded.

>>> page = extract_html('''<html><head><title>Strike | Daily</title>
... <meta property="article:published_time" content="2024-12-03T23:10:00-05:00"></head>
... <body><nav><a href="/">Home</a></nav><article><h1>Strike on a market</h1>
... <p>An air strike hit the market on Tuesday &amp; killed four people.</p></article>
... <footer>Related: <a href="/x">Air strike kills 5 in Homs</a></footer></body></html>''')
>>> print(page.text)
Strike on a market
<BLANKLINE>
An air strike hit the market on Tuesday & killed four people.
>>> page.published, page.title
(datetime.date(2024, 12, 3), 'Strike | Daily')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html import unescape
from typing import IO, Iterator

from .exc import InputError

__all__ = [
    "HtmlPage",
    "FeedItem",
    "extract_html",
    "html_to_text",
    "decode_html",
    "sniff_markup",
    "iter_feed",
    "parse_published",
    "HTML_EXTENSIONS",
    "FEED_EXTENSIONS",
]

#: Extensions read as HTML pages.
HTML_EXTENSIONS = (".html", ".htm", ".xhtml")
#: Extensions read as feeds (an ``.xml`` file must have an rss, feed or RDF root).
FEED_EXTENSIONS = (".rss", ".atom", ".xml")

#: Deepest element nesting tracked; deeper tags are read as flat text (hostile pages nest without end).
MAX_DEPTH = 400
#: Largest JSON-LD block parsed for metadata.
MAX_JSONLD_CHARS = 1_000_000

# --- HTML tokenizer ------------------------------------------------------------------------------

_MARKUP = re.compile(r"<(?:(/?)([A-Za-z][^\s/>]*)([^>]*)>|!--|[!?][^>]*>)")
_ATTR = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_WS = re.compile(r"\s+")
_CLOSERS: dict[str, re.Pattern] = {}

_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen basefont frame".split()
)
_RAW = frozenset(
    "script style title textarea xmp noscript template iframe noembed noframes plaintext".split()
)
_DROP_TAGS = frozenset(
    "nav aside footer form button select option label menu menuitem dialog svg math canvas object video "
    "audio "
    "figure figcaption picture map head".split()
)
_BLOCK = frozenset(
    "address article aside blockquote body center dd details dialog div dl dt fieldset figcaption figure "
    "footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table tbody td "
    "tfoot th "
    "thead tr ul caption br".split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_CONTAINERS = frozenset("div section article main td body blockquote center ul ol dl font span".split())
_CLOSES_P = frozenset(
    "address article aside blockquote details div dl fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 "
    "header hgroup hr main menu nav ol p pre section table ul".split()
)
# an open element of the key's kind is closed by a new one, unless one of these lies between
_SCOPE = {
    "li": frozenset("ul ol menu body html article main div section".split()),
    "dt": frozenset("dl body html".split()),
    "dd": frozenset("dl body html".split()),
    "td": frozenset("tr table body html".split()),
    "th": frozenset("tr table body html".split()),
    "tr": frozenset("table tbody thead tfoot body html".split()),
}
_NEVER_DROPPED = frozenset(("html", "body", "main", "article"))

# class/id/role words: always boilerplate; boilerplate unless a content word is there too
_STRONG = frozenset(
    """cookie cookies consent gdpr cmp share shares sharing sharebar social socials newsletter newsletters
    related relatedlinks recommended recommendations recirculation outbrain taboola advert adverts
    advertisement
    advertising ad ads adslot sponsor sponsored promo promos promoted comments comment disqus breadcrumb
    breadcrumbs popup modal subscribe subscription signup trending mostread mostpopular popular paywall
    donate donation""".split()
)
_WEAK = frozenset(
    "nav navbar navigation menu sidebar footer masthead widget widgets banner toolbar skip tags topics "
    "tools byline author authors timestamp dateline".split()
)
_CONTENT_WORDS = frozenset("article body content entry post story text main".split())
_ROLES_DROPPED = frozenset(
    "navigation banner contentinfo complementary search dialog alertdialog menu menubar toolbar form".split()
)
_WORDS = re.compile(r"[a-z]+")
#: Class-name prefixes of states and script hooks, not of what an element is.
_HOOK_PREFIXES = ("js-", "has-", "with-", "is-", "no-", "u-", "l-", "t-", "o-")
_CRUFT = re.compile(
    r"^(advertisement|advert|share|share this( article| story)?|read more|skip to (main )?content|subscribe|"
    r"sign up|continue reading|related( articles| stories)?|most read|listen to this article|print)[:.]?$",
    re.I,
)

# flags on open elements
_F_DROP, _F_LINK, _F_PRE, _F_CAND, _F_NAMED = 1, 2, 4, 8, 16

_DATE_KEYS = (  # <meta> names and properties for the publication date, best first
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "itemprop:datepublished",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "citation_publication_date",
    "citation_date",
    "datecreated",
    "itemprop:datecreated",
)


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """The main text of a page and what the page says about itself."""

    text: str
    title: str | None = None
    published: date | None = None
    published_from: str | None = None  # which field the date came from, e.g. "meta article:published_time"
    site_name: str | None = None
    url: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def _closer(tag: str) -> re.Pattern:
    pat = _CLOSERS.get(tag)
    if pat is None:
        pat = _CLOSERS[tag] = re.compile(rf"</{re.escape(tag)}\s*>", re.I)
    return pat


def _attrs(raw: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(raw):
        k = m.group(1).lower()
        if k not in out:
            v = (
                m.group(2)
                if m.group(2) is not None
                else m.group(3)
                if m.group(3) is not None
                else m.group(4) or ""
            )
            out[k] = unescape(v) if "&" in v else v
    return out


def _names_content(a: dict[str, str]) -> bool:
    """Whether an element's class or id names it as the story ("article-body", "story", "entry-content")."""
    for name in (a.get("class", "") + " " + a.get("id", "")).lower().split():
        if name.startswith(_HOOK_PREFIXES):
            continue
        parts = _WORDS.findall(name.split("--", 1)[0])
        if parts and parts[-1] in _CONTENT_WORDS and parts[-1] != "main":
            return True
    return False


def _is_boilerplate(tag: str, a: dict[str, str], in_article: bool, by_names: bool) -> int:
    """0: keep; 1: boilerplate by its tag, role or hiding; 2: boilerplate by its class, id or label."""
    if tag in _NEVER_DROPPED:
        return 0
    if tag in _DROP_TAGS or (tag == "header" and not in_article):
        return 1
    if not a or a.get("itemprop", "").lower() == "articlebody":
        return 0
    if "hidden" in a or a.get("aria-hidden", "").lower() == "true":
        return 1
    style = a.get("style")
    if style and re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", style, re.I):
        return 1
    role = a.get("role", "").lower()
    if role in _ROLES_DROPPED:
        return 1
    if not by_names:
        return 0
    names = (a.get("class", "") + " " + a.get("id", "")).lower().split()
    label = a.get("aria-label", "").lower()
    if not names and not label:
        return 0
    # What an element is, is said by the last word of each of its class names, after dropping
    # state and script hooks ("has-ads", "js-share-tracking", "is-sticky") and BEM modifiers
    # ("page--with-comments"): "article-body has-ads" is the story, "article-comments" is not.
    heads, words = set(), set(_WORDS.findall(label))
    for name in names:
        if name.startswith(_HOOK_PREFIXES):
            continue
        parts = _WORDS.findall(name.split("--", 1)[0])
        if parts:
            heads.add(parts[-1])
            words.update(parts)
    if heads & _CONTENT_WORDS:
        return 0
    if heads & _STRONG or set(_WORDS.findall(label)) & _STRONG:
        return 2
    if "most" in words and ("read" in words or "viewed" in words):
        return 2
    return 2 if (heads | set(_WORDS.findall(label))) & _WEAK else 0


class _Reader:
    """One pass over the markup: paragraphs, their containers, candidate main blocks, metadata."""

    def __init__(self, fragment: bool, by_names: bool = True):
        self.fragment = fragment
        self.by_names = by_names
        self.named = 0  # open elements dropped for their class/id name
        self.named_chars = 0  # text dropped inside them
        self.stack: list[list] = []  # [tag, flags, eid, first paragraph index]
        self.overflow = 0
        self.dropping = 0
        self.links = 0
        self.pre = 0
        self.articles = 0  # open <article>/<main>/articleBody elements
        self.buf: list[str] = []
        self.buf_link = 0
        self.paras: list[tuple[str, float, str]] = []  # (text, link share, kind: p/h1/h)
        self.score: dict[int, float] = {}
        self.spans: dict[int, tuple[int, int]] = {}
        self.cands: list[tuple[str, int]] = []  # (kind, eid) of article/main/articleBody elements
        self.eid = 0
        self.meta: dict[str, str] = {}
        self.title: str | None = None
        self.canonical: str | None = None
        self.jsonld: list[str] = []
        self.times: list[tuple[int, str]] = []  # (paragraph index, datetime attribute)
        self.heading = ""

    # paragraphs ----------------------------------------------------------------------------------
    def flush(self) -> None:
        buf = self.buf
        if not buf:
            return
        raw = buf[0] if len(buf) == 1 else "".join(buf)
        link = self.buf_link
        self.buf = []
        self.buf_link = 0
        if self.pre:
            text = "\n".join(ln.rstrip() for ln in raw.strip("\n").replace("\n\x00", "\n").splitlines())
        elif "\n\x00" in raw:  # <br>: a line break; two in a row: a paragraph break
            lines = [_WS.sub(" ", part).strip() for part in raw.split("\n\x00")]
            text = "\n".join(lines).strip("\n")
            text = re.sub(r"\n{3,}", "\n\n", text) if "\n\n" in text else text
        else:
            text = (
                _WS.sub(" ", raw).strip()
                if ("  " in raw or "\n" in raw or "\t" in raw or "\r" in raw)
                else raw.strip()
            )
        if not text:
            return
        share = min(1.0, link / max(1, len(text)))
        kind = self.heading or "p"
        self.paras.append((text, share, kind))
        if self.fragment or share > 0.5 or len(text) < 25 or kind != "p":
            return
        # credit the paragraph's containers (readability-style): parent 1, grandparent 0.75, then 0.5
        weight = (1.0, 0.75, 0.5)
        level = 0
        points = len(text) + 10 * text.count(",")
        for entry in reversed(self.stack):
            if entry[0] in _CONTAINERS:
                self.score[entry[2]] = self.score.get(entry[2], 0.0) + points * weight[level]
                level += 1
                if level == 3:
                    break

    def text(self, s: str) -> None:
        if self.dropping:
            if self.named:
                self.named_chars += len(s)
            return
        if "&" in s:
            s = unescape(s)
        self.buf.append(s)
        if self.links:
            self.buf_link += len(s.strip())

    # elements ------------------------------------------------------------------------------------
    def start(self, tag: str, raw: str, self_closing: bool) -> None:
        a = _attrs(raw) if len(raw) > 1 or (raw and raw != "/" and not raw.isspace()) else {}
        if tag == "meta":
            self._meta(a)
            return
        if tag == "link":
            if "canonical" in a.get("rel", "").lower().split() and a.get("href") and not self.canonical:
                self.canonical = a["href"].strip()
            return
        if tag == "time" and a.get("datetime"):
            self.times.append((len(self.paras), a["datetime"]))
        if tag == "br":
            if not self.dropping:
                self.buf.append("\n\x00")
            return
        if tag in _VOID or self_closing:
            if tag in _BLOCK and not self.dropping:
                self.flush()
            return
        if tag == "body":  # an unclosed <head> ends here
            while self.stack and self.stack[-1][0] != "html":
                self.pop()
        elif tag in _CLOSES_P:
            self._close_open("p", _SCOPE["li"] | {"td", "th", "li", "blockquote"}, limit=6)
        if tag in _SCOPE:
            self._close_open(tag, _SCOPE[tag], limit=40)
        if len(self.stack) >= MAX_DEPTH:
            self.overflow += 1
            if tag in _BLOCK and not self.dropping:
                self.flush()
            return
        flags = 0
        why = 0 if self.dropping else _is_boilerplate(tag, a, self.articles > 0, self.by_names)
        if why:
            flags |= _F_DROP if why == 1 else _F_DROP | _F_NAMED
        if tag in _BLOCK and not self.dropping:
            self.flush()
        self.eid += 1
        eid = self.eid
        self.stack.append([tag, flags, eid, len(self.paras)])
        if flags & _F_DROP:
            self.dropping += 1
            self.named += bool(flags & _F_NAMED)
        if tag == "a":
            self.stack[-1][1] |= _F_LINK
            self.links += 1
        elif tag == "pre":
            self.stack[-1][1] |= _F_PRE
            self.pre += 1
        elif tag in _HEADINGS and not self.dropping:
            self.heading = "h1" if tag == "h1" else "h"
        itemprop = a.get("itemprop", "").lower() if a else ""
        if itemprop == "articlebody":
            self.cands.append(("body", eid))
        elif tag in ("article", "main") or (a and a.get("role", "").lower() == "main"):
            self.cands.append((tag if tag == "article" else "main", eid))
        elif a and tag in ("div", "section") and _names_content(a):
            self.cands.append(("named", eid))
        else:
            return
        self.stack[-1][1] |= _F_CAND
        self.articles += 1

    def _close_open(self, tag: str, scope: frozenset, *, limit: int) -> None:
        for i in range(len(self.stack) - 1, max(-1, len(self.stack) - 1 - limit), -1):
            t = self.stack[i][0]
            if t == tag:
                while len(self.stack) > i:
                    self.pop()
                return
            if t in scope:
                return

    def end(self, tag: str) -> None:
        if self.overflow:
            self.overflow -= 1
            if tag in _BLOCK and not self.dropping:
                self.flush()
            return
        if tag == "br":  # </br> is read as <br>
            self.start("br", "", False)
            return
        for i in range(len(self.stack) - 1, max(-1, len(self.stack) - 1 - 60), -1):
            if self.stack[i][0] == tag:
                while len(self.stack) > i:
                    self.pop()
                return
        if tag in _BLOCK and not self.dropping:  # a stray end tag still ends a paragraph
            self.flush()

    def pop(self) -> None:
        tag, flags, eid, first = self.stack[-1]
        if tag in _BLOCK and not self.dropping:
            self.flush()
        self.stack.pop()
        if flags & _F_DROP:
            self.dropping -= 1
            self.named -= bool(flags & _F_NAMED)
        if flags & _F_LINK:
            self.links -= 1
        if flags & _F_PRE:
            self.pre -= 1
        if tag in _HEADINGS:
            self.heading = ""
        if flags & _F_CAND:
            self.articles -= 1
            self.spans[eid] = (first, len(self.paras))
        elif eid in self.score:
            self.spans[eid] = (first, len(self.paras))

    def _meta(self, a: dict[str, str]) -> None:
        content = a.get("content")
        if content is None:
            return
        for key in ("property", "name", "itemprop", "http-equiv"):
            k = a.get(key)
            if k:
                k = k.strip().lower()
                if key == "itemprop":
                    k = "itemprop:" + k
                self.meta.setdefault(k, content.strip())

    def raw_element(self, tag: str, raw_attrs: str, content: str) -> None:
        if tag == "title" and self.title is None and not self.stack_has("svg"):
            t = _WS.sub(" ", unescape(content)).strip()
            self.title = t or None
        elif tag == "script" and "ld+json" in raw_attrs.lower() and len(content) <= MAX_JSONLD_CHARS:
            self.jsonld.append(content)
        elif tag == "textarea":
            pass  # form content: never article text

    def stack_has(self, tag: str) -> bool:
        return any(e[0] == tag for e in self.stack[-8:])

    def finish(self) -> None:
        while self.stack:
            self.pop()
        self.flush()


def _read(markup: str, *, fragment: bool, by_names: bool = True) -> _Reader:
    r = _Reader(fragment, by_names)
    pos = 0
    n = len(markup)
    search = _MARKUP.search
    while pos < n:
        m = search(markup, pos)
        if m is None:
            r.text(markup[pos:])
            break
        if m.start() > pos:
            r.text(markup[pos : m.start()])
        tag = m.group(2)
        pos = m.end()
        if tag is None:
            if m.group(0) == "<!--":
                j = markup.find("-->", pos)
                pos = n if j < 0 else j + 3
            continue
        tag = tag.lower()
        if m.group(1):
            r.end(tag)
            continue
        raw = m.group(3)
        self_closing = raw.endswith("/")
        if tag in _RAW and not self_closing:
            close = _closer(tag).search(markup, pos)
            content = markup[pos : close.start()] if close else markup[pos:]
            pos = close.end() if close else n
            r.raw_element(tag, raw, content)
            if tag not in ("script", "style", "noscript", "template", "title") and not r.dropping:
                r.flush()
            continue
        r.start(tag, raw, self_closing)
    r.finish()
    return r


# --- choosing the main block ---------------------------------------------------------------------


def _text_len(paras, lo: int, hi: int) -> int:
    return sum(len(t) for t, share, _k in paras[lo:hi] if share <= 0.5)


def _main_span(r: _Reader) -> tuple[int, int, bool]:
    """Paragraph range of the main block, and whether a block was found (False: the whole page)."""
    paras = r.paras
    best_block = None
    if r.score:
        eid = max(r.score, key=r.score.__getitem__)
        best_block = r.spans.get(eid)
    block_len = _text_len(paras, *best_block) if best_block else 0
    for kind in ("body", "article", "main", "named"):
        spans = [r.spans[eid] for k, eid in r.cands if k == kind and eid in r.spans]
        if not spans:
            continue
        span = max(spans, key=lambda s: _text_len(paras, *s))
        n = _text_len(paras, *span)
        if kind == "named" and n:
            # a "content" wrapper may hold the story and the teasers: take the innermost
            # named block that still holds most of the text
            inner = [s for s in spans if s[0] >= span[0] and s[1] <= span[1] and _text_len(paras, *s) >= 0.5 * n]
            span = min(inner, key=lambda s: s[1] - s[0])
            n = _text_len(paras, *span)
        if n >= 0.3 * block_len and n > 0:
            if (
                kind == "body"
            ):  # articleBody usually excludes the headline: take it from the enclosing article
                outer = [
                    r.spans[e]
                    for k, e in r.cands
                    if k == "article"
                    and e in r.spans
                    and r.spans[e][0] <= span[0]
                    and r.spans[e][1] >= span[1]
                ]
                if outer:
                    return (*outer[-1], True)
            return (*span, True)
    if best_block and block_len:
        return (*best_block, True)
    return 0, len(paras), False


def _join(paras, lo: int, hi: int) -> str:
    out = []
    for text, share, kind in paras[lo:hi]:
        if share > 0.5 and kind != "h1":
            continue
        if len(text) < 60 and _CRUFT.match(text.strip()):
            continue
        out.append(text)
    return "\n\n".join(out)


# --- dates and metadata --------------------------------------------------------------------------

_ISO = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_SLASH = re.compile(r"\s*(\d{4})/(\d{1,2})/(\d{1,2})(?!\d)")
_COMPACT = re.compile(r"\s*(\d{4})(\d{2})(\d{2})(?:[T\s]|$)")
_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%B %d %Y", "%d.%m.%Y")


def parse_published(value) -> date | None:
    """Read a publication date as a page or feed states it; ``None`` when it cannot.

    The calendar date is the one written, in the writer's own time zone: a
    time and offset after it do not move it to another day.

    >>> parse_published("2024-12-03T23:10:00-05:00")
    datetime.date(2024, 12, 3)
    >>> parse_published("Tue, 03 Dec 2024 23:10:00 -0500")
    datetime.date(2024, 12, 3)
    >>> parse_published("2024-02-31") is None
    True
    """
    if not isinstance(value, str) or not value.strip():
        return None
    v = value.strip()[:120]
    m = _ISO.match(v) or _SLASH.match(v) or _COMPACT.match(v)
    got = None
    if m:
        try:
            got = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    if got is None:
        from email.utils import parsedate_to_datetime

        try:
            got = parsedate_to_datetime(v).date()
        except Exception:  # noqa: BLE001 - email.utils raises TypeError, ValueError or IndexError on junk
            got = None
    if got is None:
        head = re.split(r"\s+\d{1,2}:\d{2}|T\d", v)[0].strip().rstrip(",")
        for fmt in _FORMATS:
            try:
                got = datetime.strptime(head, fmt).date()
                break
            except ValueError:
                continue
    if got is None or not (1900 <= got.year <= 2100):
        return None
    return got


def _walk_json(obj, limit: int = 5000):
    stack = [obj]
    seen = 0
    while stack and seen < limit:
        o = stack.pop()
        seen += 1
        if isinstance(o, dict):
            yield o
            stack.extend(v for v in o.values() if isinstance(v, (dict, list)))
        elif isinstance(o, list):
            stack.extend(v for v in o if isinstance(v, (dict, list)))


def _jsonld_fields(blocks: list[str]) -> dict[str, str]:
    import json

    found: dict[str, str] = {}
    best_rank = 9
    for raw in blocks:
        try:
            data = json.loads(raw.strip().removeprefix("<!--").removesuffix("-->"))
        except (ValueError, RecursionError):
            continue
        for o in _walk_json(data):
            types = o.get("@type")
            types = " ".join(types) if isinstance(types, list) else str(types or "")
            rank = 0 if ("Article" in types or "BlogPosting" in types or "Report" in types) else 1
            if rank > best_rank:
                continue
            for key in ("datePublished", "dateCreated", "headline", "url"):
                v = o.get(key)
                if isinstance(v, str) and v.strip() and (key not in found or rank < best_rank):
                    found[key] = v.strip()
            pub = o.get("publisher")
            if isinstance(pub, list) and pub:
                pub = pub[0]
            if (
                isinstance(pub, dict)
                and isinstance(pub.get("name"), str)
                and ("publisher" not in found or rank < best_rank)
            ):
                found["publisher"] = pub["name"].strip()
            if "datePublished" in o or "dateCreated" in o:
                best_rank = min(best_rank, rank)
    return found


def _clean(s: str | None) -> str | None:
    if not s:
        return None
    s = _WS.sub(" ", s).strip()
    return s or None


def extract_html(markup: str) -> HtmlPage:
    """Return the main text and metadata of an HTML page (see the module notes for what is kept).

    Never raises on bad markup: unclosed tags, stray end tags, endless
    nesting and huge inline scripts are read as a browser would read them,
    or skipped.
    """
    r = _read(markup, fragment=False)
    lo, hi, found = _main_span(r)
    text = _join(r.paras, lo, hi)
    if len(text) < 300 and r.named_chars >= 1000:
        # the story itself sat in an element whose class looked like boilerplate ("with-sidebar",
        # "social-tracking"): read again trusting tags and roles only
        r = _read(markup, fragment=False, by_names=False)
        lo, hi, found = _main_span(r)
        text = _join(r.paras, lo, hi)
    if not any(k == "h1" for _t, _s, k in r.paras[lo:hi]):
        before = [t for t, _s, k in r.paras[:lo] if k == "h1"]
        if before and before[-1] not in text[:500]:
            text = before[-1] + "\n\n" + text if text else before[-1]
    meta = r.meta
    ld = _jsonld_fields(r.jsonld) if r.jsonld else {}
    notes: list[str] = []
    published = None
    published_from = None
    candidates = [(f"meta {k}", meta.get(k)) for k in _DATE_KEYS[:5]]
    candidates += [
        ("JSON-LD datePublished", ld.get("datePublished")),
        ("JSON-LD dateCreated", ld.get("dateCreated")),
    ]
    candidates += [(f"meta {k}", meta.get(k)) for k in _DATE_KEYS[5:]]
    in_article = [(i, v) for i, v in r.times if lo <= i <= hi] if found else []
    candidates += [("<time datetime> in the article", v) for _i, v in in_article[:1]]
    for where, value in candidates:
        if not value:
            continue
        got = parse_published(value)
        if got is not None:
            published, published_from = got, where
            break
        notes.append(f"unreadable publication date in {where}: {value[:40]!r}; ignored")
    title = _clean(meta.get("og:title")) or _clean(r.title) or _clean(ld.get("headline"))
    site = (
        _clean(meta.get("og:site_name"))
        or _clean(meta.get("application-name"))
        or _clean(ld.get("publisher"))
    )
    url = _clean(meta.get("og:url")) or _clean(r.canonical) or _clean(ld.get("url"))
    return HtmlPage(
        text=text,
        title=title,
        published=published,
        published_from=published_from,
        site_name=site,
        url=url,
        notes=tuple(notes[:3]),
    )


def html_to_text(markup: str) -> str:
    """Return the text of an HTML fragment (a feed item's body): tags stripped, paragraphs kept.

    Scripts, styles, forms and boilerplate-named elements are dropped as in
    :func:`extract_html`; no main block is chosen.

    >>> html_to_text("<p>Shelling hit <b>Kharkiv</b>.</p><p>Two died.</p><script>x()</script>")
    'Shelling hit Kharkiv.\\n\\nTwo died.'
    """
    if "<" not in markup:
        return "\n\n".join(
            p for p in (_WS.sub(" ", s).strip() for s in re.split(r"\n\s*\n", unescape(markup))) if p
        )
    r = _read(markup, fragment=True)
    return "\n\n".join(t for t, _s, _k in r.paras if not (len(t) < 60 and _CRUFT.match(t.strip())))


# --- bytes in: encodings and kinds ---------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_WINDOWS_1252_ALIASES = {
    "iso-8859-1",
    "iso8859-1",
    "latin1",
    "latin-1",
    "l1",
    "us-ascii",
    "ascii",
    "iso_8859-1",
    "windows-1252",
    "cp1252",
    "x-cp1252",
}


def decode_html(data: bytes) -> tuple[str, str, list[str]]:
    """Decode a page's bytes; return ``(text, encoding, notes)``.

    A byte-order mark wins, then UTF-8 when the bytes are valid UTF-8, then
    the page's own ``<meta charset>`` (or XML declaration); Latin-1 and ASCII
    labels are read as Windows-1252, as browsers do. Without a usable
    declaration, non-UTF-8 bytes are read as Windows-1252, with a note.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8", []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16", []
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as err:
        bad = err.start
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    label = m.group(1).decode("ascii", "replace").lower() if m else None
    if label in _WINDOWS_1252_ALIASES:
        return (
            data.decode("cp1252", errors="replace"),
            "cp1252",
            [f"not valid UTF-8 (byte {bad}); read as Windows-1252 as its declared charset {label!r} says"],
        )
    if label and not label.startswith(("utf-8", "utf8", "utf-16", "utf16", "unicode")):
        import codecs

        try:
            enc = codecs.lookup(label).name
            return (
                data.decode(enc, errors="replace"),
                enc,
                [f"not valid UTF-8 (byte {bad}); read as {label!r} as the page declares"],
            )
        except LookupError:
            pass
    why = f"declares {label!r}, but " if label else ""
    return (
        data.decode("cp1252", errors="replace"),
        "cp1252",
        [f"{why}not valid UTF-8 (byte {bad}); read as Windows-1252"],
    )


_LEAD = re.compile(r"^(?:\s|<!--.*?-->|<\?xml[^>]*>|<!doctype[^>]*>|<!\[CDATA\[)*", re.I | re.S)
_FIRST_TAG = re.compile(r"<([A-Za-z][\w:.-]*)")
_HTML_START = (
    "html",
    "head",
    "body",
    "meta",
    "title",
    "article",
    "div",
    "p",
    "section",
    "main",
    "header",
    "link",
    "script",
    "style",
    "table",
    "h1",
    "h2",
    "span",
    "a",
    "ul",
    "nav",
    "base",
    "noscript",
    "center",
    "font",
)


def sniff_markup(head: bytes) -> str | None:
    """Say what the first bytes of a file look like: ``"html"``, ``"feed"``, ``"xml"`` or ``None`` (text).

    >>> sniff_markup(b'<?xml version="1.0"?><rss version="2.0"><channel>')
    'feed'
    >>> sniff_markup(b"<!DOCTYPE html><html lang=en>")
    'html'
    >>> sniff_markup(b"Shelling hit Kharkiv <b>today</b>") is None
    True
    """
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom) :]
            text = head.decode(enc, "ignore")
            break
    else:
        text = head.decode("latin-1")
    text = text[:4096]
    lead = _LEAD.match(text)
    rest = text[lead.end() :] if lead else text
    doctype = re.search(r"<!doctype\s+(\w+)", text[: lead.end() if lead else 0], re.I)
    if not rest.startswith("<"):
        return "html" if doctype and doctype.group(1).lower() == "html" else None
    m = _FIRST_TAG.match(rest)
    if not m:
        return None
    root = m.group(1).lower()
    local = root.rsplit(":", 1)[-1]
    if local in ("rss", "feed", "rdf"):
        return "feed"
    if root in _HTML_START or (doctype and doctype.group(1).lower() == "html"):
        return "html"
    if text.lstrip().startswith("<?xml"):
        return "xml"
    return None


# --- feeds ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item (RSS) or entry (Atom) of a feed, as plain text and metadata."""

    index: int  # 1-based position in the feed
    text: str  # title, a blank line, then the body with its HTML stripped
    title: str | None = None
    published: date | None = None
    url: str | None = None
    source: str | None = None  # the channel's or feed's title
    notes: tuple[str, ...] = field(default_factory=tuple)


class _Refused(Exception):
    pass


_ITEM_FIELDS = {
    "title": "title",
    "description": "summary",
    "summary": "summary",
    "encoded": "content",  # content:encoded
    "content": "content",
    "pubDate": "date",
    "published": "date",
    "issued": "date",
    "date": "date",  # dc:date
    "created": "date",
    "updated": "updated",
    "modified": "updated",
    "link": "link",
    "guid": "guid",
    "id": "guid",
}


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


_FEED_NS = frozenset(
    (
        "",
        "http://www.w3.org/2005/Atom",
        "http://purl.org/rss/1.0/",
        "http://purl.org/atom/ns#",
        "http://backend.userland.com/rss2",
        "http://my.netscape.com/rdf/simple/0.9/",
    )
)
_DC_NS = frozenset(("http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/"))
_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


def _field_allowed(tag: str, local: str) -> bool:
    """Whether a child element is the feed's own field, not a look-alike from another vocabulary."""
    ns = tag[: -len(local) - 1] if len(tag) > len(local) else ""
    if local == "encoded":
        return ns == _CONTENT_NS
    if local in ("date", "created", "issued", "modified"):
        return ns in _DC_NS or ns in _FEED_NS
    return ns in _FEED_NS


def iter_feed(stream: IO[bytes], *, name: str = "<feed>", chunk_bytes: int = 1 << 16) -> Iterator[FeedItem]:
    """Yield the items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed read from a binary stream.

    The feed is parsed as it is read, so a feed of any size is held one item
    at a time. Item text is the title then the body (``content:encoded`` or
    Atom ``content`` preferred over ``description``/``summary``), its HTML
    stripped with :func:`html_to_text`.

    Raises
    ------
    InputError
        When the file is not a feed, declares DTD entities (refused: entity
        expansion attacks), or is malformed. Items before the fault have
        already been yielded.
    """
    import html.entities
    import xml.parsers.expat as expat

    p = expat.ParserCreate(namespace_separator=" ")
    try:
        p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    except AttributeError:  # pragma: no cover - every CPython build has it
        pass
    st = {"depth": 0, "item_depth": 0, "root": None, "source": None, "n": 0}
    item: dict | None = None
    capture: list[str] | None = None
    capture_key = ""
    capture_depth = 0
    capture_type = ""
    ready: list[FeedItem] = []

    def doctype(_name, _sysid, _pubid, has_internal_subset):
        if has_internal_subset:
            raise _Refused(
                "declares a DTD with its own entities; refused (entity expansion attacks such as "
                "'billion laughs')"
            )

    def entity_decl(*_args):
        raise _Refused("declares XML entities; refused (entity expansion attacks such as 'billion laughs')")

    def skipped(ent, is_param):  # entities of an external DTD (old RSS 0.91 feeds use HTML's names)
        if capture is not None and not is_param and ent in html.entities.name2codepoint:
            capture.append(chr(html.entities.name2codepoint[ent]))

    def start(tag, attrs):
        nonlocal item, capture, capture_key, capture_depth, capture_type
        st["depth"] += 1
        local = _local(tag)
        if st["root"] is None:
            st["root"] = local
            if local not in ("rss", "feed", "RDF"):
                raise _Refused(f"XML, but not an RSS or Atom feed (its root element is <{local}>)")
            return
        if capture is not None:
            if capture_type == "xhtml" and local in ("script", "style", "noscript", "template") and not st.get("mute"):
                st["mute"] = st["depth"]  # inline code inside xhtml content is not text
            if capture_type == "xhtml" and local in (
                "p",
                "div",
                "br",
                "li",
                "h1",
                "h2",
                "h3",
                "h4",
                "blockquote",
            ):
                capture.append("\n\n")
            return
        if local in ("item", "entry") and item is None:
            item = {}
            st["item_depth"] = st["depth"]
            return
        if item is None:
            if local == "title" and st["source"] is None and st["depth"] <= 3:
                capture, capture_key, capture_depth, capture_type = (
                    [],
                    "source",
                    st["depth"],
                    attrs.get("type", ""),
                )
            return
        if st["depth"] != st["item_depth"] + 1:
            return
        key = _ITEM_FIELDS.get(local)
        if key is None or not _field_allowed(tag, local):
            return
        if key == "link" and "href" in attrs:  # Atom
            rel = attrs.get("rel", "alternate")
            if rel == "alternate" and "link" not in item:
                item["link"] = attrs["href"].strip()
            return
        if key == "guid" and attrs.get("isPermaLink", "true").lower() == "false":
            return
        capture, capture_key, capture_depth = [], key, st["depth"]
        capture_type = attrs.get("type", "html" if key in ("summary", "content") else "text").lower()
        if key == "content" and "encoded" == local:
            capture_type = "html"

    def end(tag):
        nonlocal item, capture
        if st.get("mute") == st["depth"]:
            st["mute"] = 0
        if capture is not None and st["depth"] == capture_depth:
            value = "".join(capture)
            if capture_key == "source":
                st["source"] = _clean(html_to_text(value) if "html" in capture_type else value)
            elif item is not None and capture_key not in item:
                item[capture_key] = (value, capture_type)
            capture = None
        elif item is not None and st["depth"] == st["item_depth"]:
            st["n"] += 1
            ready.append(_feed_item(item, st["n"], st["source"]))
            item = None
        st["depth"] -= 1

    def chars(data):
        if capture is not None and not st.get("mute"):
            capture.append(data)

    p.StartDoctypeDeclHandler = doctype
    p.EntityDeclHandler = entity_decl
    p.UnparsedEntityDeclHandler = entity_decl
    p.SkippedEntityHandler = skipped
    p.StartElementHandler = start
    p.EndElementHandler = end
    p.CharacterDataHandler = chars
    p.buffer_text = True
    first = stream.read(max(chunk_bytes, 1024))  # enough to hold the XML declaration
    decoder = _transcoder(first)
    try:
        while True:
            data = first if first is not None else stream.read(chunk_bytes)
            first = None
            final = not data
            if decoder is not None:  # an encoding expat does not know (Shift_JIS, GBK...): fed as UTF-8
                p.Parse(decoder.decode(data, final=final).encode("utf-8"), final)
            else:
                p.Parse(data, final)
            if ready:
                yield from ready
                ready.clear()
            if final:
                break
    except _Refused as err:
        raise InputError(f"{name}: {err}") from None
    except expat.ExpatError as err:
        if ready:
            yield from ready
        what = expat.ErrorString(err.code) if err.code else str(err)
        raise InputError(
            f"{name}: malformed feed ({what} at line {err.lineno}, column {err.offset}); "
            f"{st['n']} item{'' if st['n'] == 1 else 's'} read before it"
        ) from None
    if st["root"] is None:
        raise InputError(f"{name}: empty feed")


_EXPAT_NATIVE = (
    "utf-8",
    "utf8",
    "utf-16",
    "utf16",
    "iso-8859-1",
    "iso8859-1",
    "latin1",
    "latin-1",
    "us-ascii",
    "ascii",
)


def _transcoder(head: bytes):
    """An incremental decoder for a feed whose declared encoding expat cannot read itself, else ``None``."""
    import codecs

    m = _XML_ENCODING.match(head or b"")
    if not m:
        return None
    label = m.group(1).decode("ascii", "replace").lower()
    if label in _EXPAT_NATIVE:
        return None
    try:
        codec = codecs.lookup(label)
    except LookupError:
        return None  # expat reports the unknown encoding itself
    if codec.name in ("utf-8", "utf-16", "latin-1", "ascii"):
        return None
    return _RelabelDecoder(
        codecs.getincrementaldecoder(codec.name)(errors="replace"), m.group(1).decode("ascii")
    )


class _RelabelDecoder:
    """Decodes with the declared codec; rewrites the declaration to say UTF-8 (what expat then sees)."""

    def __init__(self, dec, label: str):
        self.dec = dec
        self.label = label
        self.started = False

    def decode(self, data: bytes, final: bool = False) -> str:
        text = self.dec.decode(data, final=final)
        if not self.started and text:
            self.started = True
            text = text.replace(self.label, "utf-8", 1)
        return text


def _feed_item(raw: dict, n: int, source: str | None) -> FeedItem:
    def text_of(key):
        if key not in raw:
            return ""
        value, kind = raw[key]
        if kind == "xhtml" or kind == "text" or kind.startswith("text/plain"):
            return "\n\n".join(p for p in (_WS.sub(" ", s).strip() for s in re.split(r"\n\s*\n", value)) if p)
        return html_to_text(value)

    title = _clean(text_of("title"))
    body = text_of("content") or text_of("summary")
    if title and body.startswith(title):
        body = body[len(title) :].lstrip()
    text = "\n\n".join(x for x in (title, body) if x)
    notes = []
    published = None
    for key in ("date", "updated"):
        if key in raw:
            v = raw[key][0].strip()
            published = parse_published(v)
            if published is not None:
                if key == "updated":
                    notes.append("no publication date in the feed: dated by when the entry was last updated")
                break
            notes.append(f"unreadable date {v[:40]!r}; ignored")
    url = raw["link"][0].strip() if isinstance(raw.get("link"), tuple) else raw.get("link")
    if not url and "guid" in raw and raw["guid"][0].strip().startswith(("http://", "https://")):
        url = raw["guid"][0].strip()
    return FeedItem(
        index=n,
        text=text,
        title=title,
        published=published,
        url=url or None,
        source=source,
        notes=tuple(notes),
    )
