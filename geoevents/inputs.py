"""Reading what users hand geoevents: articles and incident files.

This is the first room of the chain. It turns paths (files, directories,
glob patterns, ``-`` for stdin, JSON Lines corpora, saved HTML pages, RSS and
Atom feeds) into :class:`Document` objects with their metadata, refusing
empty, binary and undecodable inputs with a clear reason instead of crashing
the batch, and tells incident files (GeoPackage, GeoParquet, GeoJSON,
FlatGeobuf, ACLED CSV, GDELT exports...) apart from articles.
:mod:`geoevents.pipeline` drives the rest of the chain; the HTML and feed
readers live in :mod:`geoevents.webtext`.

>>> from geoevents.inputs import iter_documents
>>> items = list(iter_documents(["no/such/*.html"]))
>>> print(items[0])
no/such/*.html: no file matches this pattern
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterator

from .contract import doc_id_for
from .exc import InputError

__all__ = [
    "walk_files",
    "Document",
    "StreamedDocument",
    "Problem",
    "decode_bytes",
    "parse_date_option",
    "read_document",
    "iter_documents",
    "is_incident_file",
    "expand_paths",
    "ARTICLE_EXTENSIONS",
    "INCIDENT_EXTENSIONS",
    "MAX_DOCUMENT_BYTES",
    "MAX_HTML_BYTES",
    "NO_DATE_CONSEQUENCE",
]

#: Files above this size are not read whole: they are streamed block by block.
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
#: Characters per streamed block (cut at a paragraph or sentence end).
STREAM_BLOCK_CHARS = 200_000

#: HTML pages above this size are refused (the main text of a real page is far smaller).
MAX_HTML_BYTES = 64 * 1024 * 1024

#: Extensions read as incident files rather than articles (GDELT's ``.export.CSV.zip`` included).
INCIDENT_EXTENSIONS = (
    ".gpkg",
    ".parquet",
    ".geoparquet",
    ".pq",
    ".geojson",
    ".geojsonl",
    ".geojsonseq",
    ".fgb",
    ".csv",
    ".tsv",
)
#: Compressed tables :func:`geoevents.io.read_incidents` opens (``20241203120000.export.CSV.zip``).
_COMPRESSED_INCIDENTS = (".csv.zip", ".tsv.zip", ".csv.gz", ".tsv.gz")
#: Extensions read as articles when a directory is walked.
ARTICLE_EXTENSIONS = (
    ".txt",
    ".text",
    ".md",
    ".jsonl",
    ".ndjson",
    ".html",
    ".htm",
    ".xhtml",
    ".rss",
    ".atom",
    ".xml",
)
_JSONL_EXTENSIONS = (".jsonl", ".ndjson")
_GLOB_CHARS = ("*", "?", "[")

#: What the extraction does with an article that has no publication date (said once per file).
NO_DATE_CONSEQUENCE = (
    "relative dates ('yesterday', 'on Saturday') in {them} are left undated and {their} incidents "
    "flagged no_published_date; give a date with --published (published= in Python)"
)


@dataclass(frozen=True, slots=True)
class Document:
    """One article: its text and what is known about it."""

    text: str
    name: str  # a path, "<stdin>", or "corpus.jsonl:17"
    published: date | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    encoding: str = "utf-8"
    notes: tuple[str, ...] = field(default_factory=tuple)  # what reading had to repair

    @property
    def doc_id(self) -> str:
        return doc_id_for(self.text)


@dataclass(frozen=True, slots=True)
class StreamedDocument:
    """A document too large to hold whole: read block by block from its file.

    Blocks end at a paragraph break, else at a sentence end, so no sentence is
    cut; memory stays bounded by the block size whatever the file size.
    """

    path: str
    name: str
    size: int
    published: date | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    encoding: str = "utf-8-sig"
    content_hash: str = ""  # of every byte, taken when the file is opened (see file_hash)

    @property
    def doc_id(self) -> str:
        return self.content_hash or file_hash(self.path)


    def blocks(self, block_chars: int = STREAM_BLOCK_CHARS) -> Iterator[tuple[int, str]]:
        import codecs
        import re as _re

        with open(self.path, "rb") as fh:
            head = fh.read(4)
            fh.seek(0)
            encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else self.encoding
            decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
            pending = ""
            offset = 0
            while True:
                raw = fh.read(block_chars)
                final = not raw
                pending += decoder.decode(raw, final=final)
                if "\x00" in pending:
                    raise InputError(f"{self.name}: binary data (NUL bytes), not a text article")
                while len(pending) >= block_chars or (final and pending):
                    if final and len(pending) < block_chars:
                        cut = len(pending)
                    else:
                        window = pending[block_chars // 2 : block_chars]
                        nl = window.rfind("\n")
                        if nl == -1:
                            ends = list(_re.finditer(r"[.!?][\"'”’)]*\s", window))
                            nl = ends[-1].end() - 1 if ends else len(window) - 1
                        cut = block_chars // 2 + nl + 1
                    yield offset, pending[:cut]
                    offset += cut
                    pending = pending[cut:]
                if final:
                    return


def file_hash(path) -> str:
    """A streamed document's content id: SHA-1 of every byte of the file, read 1 MB at a time
    (two files that differ anywhere, even in the middle, never share it)."""
    import hashlib

    h = hashlib.sha1(b"stream:")
    with open(path, "rb") as fh:
        for piece in iter(lambda: fh.read(1 << 20), b""):
            h.update(piece)
    return h.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that could not be used (or was used with a repair), and why."""

    name: str
    reason: str
    fatal: bool = True  # False: used, with a warning

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


def parse_date_option(value: Any, *, what: str = "date") -> date | None:
    """Read a date given by a user (``2024-12-03``, a date or datetime).

    Raises
    ------
    InputError
        For anything that is not a real calendar date, e.g. 2024-02-31.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if not (1900 <= value.year <= 2100):
            raise InputError(f"{what} {value} is not a plausible publication date (years 1900-2100)")
        return value
    text = str(value).strip()
    got = None
    for fmt in (
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%d %B %Y",
        "%d %b %Y",
        "%B %d, %Y",
        "%b %d, %Y",
        "%b. %d, %Y",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%SZ",
    ):
        try:
            got = datetime.strptime(text, fmt).date()
            break
        except ValueError:
            continue
    if got is None:
        try:
            got = datetime.fromisoformat(text).date()
        except ValueError:
            pass
    if got is None:
        raise InputError(f"cannot read {what} {value!r}: expected YYYY-MM-DD, a real calendar date")
    if not (1900 <= got.year <= 2100):
        raise InputError(f"{what} {value!r} is not a plausible publication date (years 1900-2100)")
    return got


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _check_bytes(data: bytes, name: str) -> None:
    """Refuse empty input and binary data (NUL bytes, many control characters)."""
    if not data.strip():
        raise InputError(f"{name}: empty input")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    head = data[:65536]
    if b"\x00" in head:
        raise InputError(f"{name}: binary data (NUL bytes), not a text article")
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if control > max(8, len(head) // 100):
        raise InputError(
            f"{name}: binary data ({control} control bytes in the first {len(head)}), not a text article"
        )


def decode_bytes(data: bytes, *, name: str = "<input>") -> tuple[str, str, list[str]]:
    """Decode an article's bytes; return ``(text, encoding, notes)``.

    UTF-8 (with or without BOM) and UTF-16 with BOM are read as such; other
    bytes fall back to Windows-1252, with a note saying so. Binary data (NUL
    bytes, many control characters) and empty files are refused.
    """
    notes: list[str] = []
    _check_bytes(data, name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16", notes
    try:
        return data.decode("utf-8-sig"), "utf-8", notes
    except UnicodeDecodeError as err:
        notes.append(f"not valid UTF-8 (byte {err.start}); read as Windows-1252")
        return data.decode("cp1252", errors="replace"), "cp1252", notes


def _from_json_record(rec: dict, name: str, defaults: dict) -> Document:
    if not isinstance(rec, dict):
        raise InputError(f"{name}: a JSON Lines article must be an object with a 'text' field")
    text = rec.get("text")
    if text is None:
        keys = ", ".join(repr(k) for k in list(rec)[:8]) or "none"
        raise InputError(f"{name}: no 'text' in the record (its keys: {keys})")
    if not isinstance(text, str):
        raise InputError(f"{name}: 'text' must be a string (got {type(text).__name__})")
    if not text.strip():
        raise InputError(f"{name}: empty 'text'")
    published = defaults.get("published")
    notes: tuple[str, ...] = ()
    raw = rec.get("published") or rec.get("date")
    if published is None and raw:
        try:
            published = _epoch_date(raw) or parse_date_option(raw, what="published date")
        except InputError:
            from .webtext import parse_published

            published = parse_published(str(raw))  # RFC 822 and other dates as feeds and pages write them
            if published is None:
                notes = (f"unreadable published date {str(raw)[:40]!r}: the article is kept, undated",)
    return Document(
        text=text,
        name=name,
        **_overridden(defaults, published=published, source=_str_or_none(rec.get("source")),
                      url=_str_or_none(rec.get("url"))),
        title=_str_or_none(rec.get("title")),
        notes=notes,
    )


def _overridden(defaults: dict, *, published, source, url) -> dict:
    """A document's metadata: what the user gave as options wins over what the file says."""
    return {
        "published": defaults.get("published") or published,
        "source": defaults.get("source") or source,
        "url": defaults.get("url") or url,
    }


def _epoch_date(value):
    """A publication date given as Unix time (seconds or milliseconds) or GDELT's YYYYMMDDhhmmss."""
    from datetime import datetime, timezone

    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    digits = str(value).strip()
    if not digits.isdigit():
        return None
    if len(digits) == 14 and digits[:2] in ("19", "20"):  # GDELT DATEADDED
        try:
            return datetime.strptime(digits, "%Y%m%d%H%M%S").date()
        except ValueError:
            return None
    n = int(digits)
    if 10**11 <= n < 10**14:  # milliseconds
        n //= 1000
    if 10**8 <= n < 10**11:  # seconds: 1973 to 5138; plausible years are checked by the caller's rules
        d = datetime.fromtimestamp(n, tz=timezone.utc).date()
        return d if 1900 <= d.year <= 2100 else None
    return None


def _str_or_none(value) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    value = str(value).strip()
    return value or None


def _reason(err: Exception, name: str) -> str:
    msg = str(err)
    return msg[len(name) + 2 :] if msg.startswith(f"{name}: ") else msg


def _kind(path: Path, head: bytes) -> str:
    """``"jsonl"``, ``"feed"``, ``"html"`` or ``"text"``: from the content first, then the extension."""
    from .webtext import HTML_EXTENSIONS, sniff_markup

    suffix = path.suffix.lower()
    if suffix in _JSONL_EXTENSIONS:
        return "jsonl"
    sniffed = sniff_markup(head)
    if sniffed in ("feed", "html"):
        return sniffed
    if suffix in (".rss", ".atom", ".xml"):
        return "feed"  # the feed reader says what the file is instead
    if suffix in HTML_EXTENSIONS:
        return "html"
    return "text"


def _html_document(data: bytes, name: str, defaults: dict) -> Document:
    from .webtext import decode_html, extract_html

    _check_bytes(data, name)
    text, encoding, notes = decode_html(data)
    try:
        page = extract_html(text)
    except (MemoryError, RecursionError) as err:
        raise InputError(
            f"{name}: an HTML page too large or too deeply nested to read ({type(err).__name__})"
        ) from None
    except Exception as err:  # a bug must not sink the batch: say so, with the file's name
        raise InputError(
            f"{name}: internal error while reading the HTML ({type(err).__name__}: {err}); please report it"
        ) from None
    if not page.text.strip():
        raise InputError(
            f"{name}: an HTML page with no readable text (after dropping scripts, menus and boilerplate)"
        )
    return Document(
        text=page.text,
        name=name,
        **_overridden(defaults, published=page.published, source=page.site_name, url=page.url),
        title=page.title,
        encoding=encoding,
        notes=(*notes, *page.notes),
    )


def read_document(path, *, published=None, source=None, url=None) -> "Document | StreamedDocument":
    """Read one article file (or ``-`` for stdin) into a :class:`Document`.

    Text files are decoded; HTML pages (``.html``, ``.htm``, ``.xhtml``, or any
    file whose content starts like HTML) are reduced to their main text, with
    the publication date, outlet, title and address the page states about
    itself (see :func:`geoevents.webtext.extract_html`). Metadata given here
    overrides metadata found in the file.

    Raises
    ------
    InputError
        For empty, binary or oversized files, and for files holding many
        articles (feeds, JSON Lines): read those with :func:`iter_documents`.
    """
    published = parse_date_option(published, what="published date")
    defaults = {"published": published, "source": source, "url": url}
    if str(path) == "-":
        data = sys.stdin.buffer.read()
        name = "<stdin>"
        kind = _kind(Path(""), data[:4096])
    else:
        p = Path(path)
        if p.is_dir():
            raise InputError(f"{p}: is a directory (use iter_documents to walk it)")
        size = p.stat().st_size
        name = str(p)
        with p.open("rb") as fh:
            head = fh.read(4096)
        kind = _kind(p, head)
        if kind == "html" and size > MAX_HTML_BYTES:
            raise InputError(
                f"{p}: an HTML page of {size / 1e6:.0f} MB, more than the {MAX_HTML_BYTES >> 20} MiB "
                "geoevents reads as one page"
            )
        if kind == "text" and size > MAX_DOCUMENT_BYTES:
            with p.open("rb") as fh:
                head = fh.read(1 << 20)
            # refuses binary data before streaming it, and picks the encoding (UTF-8, else Windows-1252)
            _text, enc, notes = decode_bytes(
                head[: len(head) - 4] if len(head) == 1 << 20 else head, name=str(p)
            )
            return StreamedDocument(
                str(p),
                str(p),
                size,
                published=published,
                source=source,
                url=url,
                notes=(f"{size / 1e6:.0f} MB: read block by block", *notes),
                encoding="cp1252" if enc == "cp1252" else "utf-8-sig",
                content_hash=file_hash(p),
            )
        data = b"" if kind in ("feed", "jsonl") else p.read_bytes()
    if kind in ("feed", "jsonl"):
        what = "an RSS or Atom feed" if kind == "feed" else "a JSON Lines corpus"
        raise InputError(f"{name}: {what} holds many articles; read it with iter_documents")
    if kind == "html":
        return _html_document(data, name, defaults)
    text, encoding, notes = decode_bytes(data, name=name)
    return Document(
        text=text,
        name=name,
        published=published,
        source=source,
        url=url,
        encoding=encoding,
        notes=tuple(notes),
    )


def is_incident_file(path) -> bool:
    """True for files read as incidents rather than articles.

    GeoPackage, GeoParquet (a file or a partitioned directory), GeoJSON and
    GeoJSON sequences, FlatGeobuf, CSV/TSV (ACLED exports, GDELT 2.0 event
    files such as ``20241203120000.export.CSV``) and zipped or gzipped
    CSV/TSV (``20241203120000.export.CSV.zip``), as
    :func:`geoevents.io.read_incidents` reads them.

    >>> is_incident_file("20241203120000.export.CSV.zip"), is_incident_file("page.html")
    (True, False)
    """
    p = Path(str(path))
    if p.suffix.lower() in INCIDENT_EXTENSIONS or p.name.lower().endswith(_COMPRESSED_INCIDENTS):
        return True
    return p.is_dir() and any(p.glob("**/*.parquet"))


def walk_files(root, *, on_error=None) -> Iterator[Path]:
    """Files under ``root``, sorted, without following symbolic links to folders (no loops)
    and without hidden files or folders (``.git``, ``.DS_Store``).

    ``on_error(path, reason)`` hears about every folder that cannot be read.
    """
    import os

    def error(err: OSError) -> None:
        if on_error is not None:
            on_error(err.filename or str(root), err.strerror or str(err))

    for here, dirs, files in os.walk(root, onerror=error, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if not f.startswith("."):
                yield Path(here) / f


def _walk(path: Path, problems: list | None = None) -> Iterator[Path]:
    if path.is_dir():
        def unreadable(name, why):
            if problems is not None:
                problems.append(Problem(name, f"folder not read: {why}"))

        for p in walk_files(path, on_error=unreadable):
            if p.suffix.lower() in ARTICLE_EXTENSIONS or p.suffix == "":
                yield p
    else:
        yield path


def _is_pattern(raw) -> bool:
    s = str(raw)
    return s != "-" and any(c in s for c in _GLOB_CHARS) and not Path(s).exists()


def _glob(pattern: str) -> list[str]:
    """Sorted matches of a glob pattern (``**`` recursive), without entries inside a matched folder.

    ``**`` patterns are matched on a walk that does not follow symbolic links
    to folders, so a link loop cannot make the expansion endless.
    """
    import glob
    import re

    if "**" in pattern:
        parts = Path(pattern).parts
        fixed = next((i for i, part in enumerate(parts) if any(c in part for c in _GLOB_CHARS)), len(parts))
        root = Path(*parts[:fixed]) if fixed else Path(".")
        rx = re.compile(_glob_regex("/".join(parts[fixed:])))
        found = [str(root / rel) for rel in (p.relative_to(root).as_posix() for p in walk_files(root))
                 if rx.fullmatch(rel)]
    else:
        found = glob.glob(pattern)
    out: list[str] = []
    dirs: set[str] = set()
    for m in sorted(found):
        mp = Path(m)
        if any(str(parent) in dirs for parent in mp.parents):
            continue
        if mp.is_dir():
            dirs.add(str(mp))
        out.append(m)
    return out


def _glob_regex(pattern: str) -> str:
    """A regular expression for a relative glob pattern: ``**/`` any folders, ``*`` and ``?`` within a name."""
    import re

    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2 :]:
            j = pattern.index("]", i + 2)
            body = pattern[i + 1 : j]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = j + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out)


def expand_paths(paths) -> Iterator[Any]:
    """Yield the paths with glob patterns expanded (sorted; ``**`` recursive).

    A path that exists (or ``-``) is yielded as given, even with ``*`` in its
    name; a pattern yields its matches (a matched folder once, not the files
    inside it too), or a :class:`Problem` when nothing matches. Other paths
    are yielded unchanged, for the reader to report.
    """
    for raw in paths:
        if not _is_pattern(raw):
            yield raw
            continue
        matches = _glob(str(raw))
        if not matches:
            yield Problem(str(raw), "no file matches this pattern")
        yield from matches


def _no_date(n_undated: int, n_docs: int | None = None) -> str:
    """The one warning a file gets for its undated articles (``n_docs=None``: a single article)."""
    if n_docs is None:
        return "no publication date (none given, none found in the file): " + NO_DATE_CONSEQUENCE.format(
            them="it", their="its"
        )
    verb = "has" if n_undated == 1 else "have"
    many = n_undated > 1
    return f"{n_undated} of {n_docs} articles {verb} no publication date: " + NO_DATE_CONSEQUENCE.format(
        them="them" if many else "it", their="their" if many else "its"
    )


def iter_documents(paths, *, published=None, source=None, url=None) -> Iterator[Document | Problem]:
    """Yield a :class:`Document` per article, or a :class:`Problem` per input that cannot be read.

    Accepts files, directories (walked recursively, hidden files skipped),
    glob patterns (``reports/**/*.html``), ``-`` (stdin), and:

    - text files (``.txt``, ``.md``, or any other name);
    - HTML pages (``.html``, ``.htm``, ``.xhtml``, or content that starts like
      HTML): the main text, with the date, outlet, title and address the
      page states (:func:`geoevents.webtext.extract_html`);
    - RSS and Atom feeds (``.rss``, ``.atom``, ``.xml`` with an rss, feed or
      RDF root): one document per item, named ``feed.xml:3`` for the third;
    - JSON Lines corpora (``.jsonl``): one article per line with ``text``
      and optional ``title``, ``url``, ``published``, ``source``; named
      ``corpus.jsonl:17`` for line 17.

    ``published``, ``source`` and ``url`` given here override what files
    say; for a feed or corpus they apply to every article in it (a single
    ``url`` then labels them all). A document with no publication date
    either way gets one warning per file (a feed or corpus: one, with the
    count), never a guessed date. Incident files matched by a pattern are
    skipped with a warning (read them with :func:`geoevents.io.read_incidents`).
    One bad input never stops the others; the generator reads one file (one
    feed item, one corpus line) at a time.
    """
    defaults = {
        "published": parse_date_option(published, what="published date"),
        "source": source,
        "url": url,
    }
    for raw in paths:
        if str(raw) == "-":
            yield from _read_stdin(defaults)
            continue
        if _is_pattern(raw):
            matches = _glob(str(raw))
            if not matches:
                yield Problem(str(raw), "no file matches this pattern")
            for m in matches:
                if Path(m).is_file() and is_incident_file(m):
                    yield Problem(
                        m,
                        "an incident file, not an article: skipped (read it with read_incidents)",
                        fatal=False,
                    )
                    continue
                unreadable: list = []
                for p in _walk(Path(m), unreadable):
                    yield from _read_path(p, defaults)
                yield from unreadable
            continue
        if not Path(raw).exists():
            yield Problem(str(raw), "no such file")
            continue
        unreadable = []
        for p in _walk(Path(raw), unreadable):
            yield from _read_path(p, defaults)
        yield from unreadable


def _single(doc, defaults: dict) -> Iterator[Document | Problem]:
    for note in doc.notes:
        yield Problem(doc.name, note, fatal=False)
    if doc.published is None:
        yield Problem(doc.name, _no_date(1), fatal=False)
    yield doc


def _read_path(p: Path, defaults: dict) -> Iterator[Document | Problem]:
    name = str(p)
    try:
        with p.open("rb") as fh:
            head = fh.read(4096)
        kind = _kind(p, head)
        if kind == "jsonl":
            yield from _iter_jsonl(p, defaults)
            return
        if kind == "feed":
            with p.open("rb") as fh:
                yield from _iter_feed_docs(fh, name, defaults)
            return
        doc = read_document(p, **defaults)
    except InputError as err:
        yield Problem(name, _reason(err, name))
        return
    except OSError as err:
        yield Problem(name, err.strerror or str(err))
        return
    yield from _single(doc, defaults)


def _read_stdin(defaults: dict) -> Iterator[Document | Problem]:
    import io

    name = "<stdin>"
    first = sys.stdin.buffer.readline(MAX_DOCUMENT_BYTES + 1)
    if _looks_jsonl(first):  # `zcat corpus.jsonl.gz | geoevents extract -`: one article per line, streamed
        yield from _iter_jsonl_lines(_Pushback(first, sys.stdin.buffer), name, defaults)
        return
    data = first + sys.stdin.buffer.read()
    kind = _kind(Path(""), data[:4096])
    try:
        if kind == "feed":
            yield from _iter_feed_docs(io.BytesIO(data), name, defaults)
            return
        if kind == "html":
            doc = _html_document(data, name, defaults)
        else:
            text, encoding, notes = decode_bytes(data, name=name)
            doc = Document(
                text=text,
                name=name,
                published=defaults["published"],
                source=defaults["source"],
                url=defaults["url"],
                encoding=encoding,
                notes=tuple(notes),
            )
    except InputError as err:
        yield Problem(name, _reason(err, name))
        return
    yield from _single(doc, defaults)


def _iter_feed_docs(fh, name: str, defaults: dict) -> Iterator[Document | Problem]:
    from .webtext import iter_feed

    n_docs = n_undated = 0
    items = iter_feed(fh, name=name)
    while True:
        try:
            item = next(items)
        except StopIteration:
            break
        except InputError as err:
            yield Problem(name, _reason(err, name))
            break
        except Exception as err:  # a bug must not sink the batch: say so, with the file's name
            yield Problem(
                name, f"internal error while reading the feed ({type(err).__name__}: {err}); please report it"
            )
            break
        iname = f"{name}:{item.index}"
        if not item.text.strip():
            yield Problem(iname, "a feed item with no title and no text")
            continue
        for note in item.notes:
            yield Problem(iname, note, fatal=False)
        doc = Document(
            text=item.text,
            name=iname,
            **_overridden(defaults, published=item.published, source=item.source, url=item.url),
            title=item.title,
        )
        n_docs += 1
        n_undated += doc.published is None
        yield doc
    if n_undated:
        yield Problem(name, _no_date(n_undated, n_docs), fatal=False)


def _jsonl_lines(fh, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """``(line number, bytes, size)`` per line; ``bytes`` is None for a line over ``limit``, never held whole."""
    i = 0
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        i += 1
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line)
            del line
            while True:
                more = fh.readline(1 << 20)
                size += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield i, None, size
        else:
            yield i, line, len(line)


def _iter_jsonl(path: Path, defaults: dict) -> Iterator[Document | Problem]:
    with path.open("rb") as fh:
        yield from _iter_jsonl_lines(fh, str(path), defaults)


class _Pushback:
    """A byte stream with its first line already read and given back."""

    def __init__(self, first: bytes, rest):
        self.first, self.rest = first, rest

    def readline(self, limit: int = -1) -> bytes:
        if self.first:
            line, self.first = self.first, b""
            return line
        return self.rest.readline(limit)


def _looks_jsonl(first: bytes) -> bool:
    """Whether a stream's first line is a JSON Lines article (an object with a ``text``)."""
    line = first.strip()
    if not line.startswith(b"{"):
        return False
    try:
        rec = json.loads(line.decode("utf-8-sig", errors="replace"))
    except ValueError:
        return False
    return isinstance(rec, dict) and "text" in rec


def _iter_jsonl_lines(fh, path: str, defaults: dict) -> Iterator[Document | Problem]:
    n_docs = n_undated = 0
    for i, line, size in _jsonl_lines(fh, MAX_DOCUMENT_BYTES):
        name = f"{path}:{i}"
        if line is None:
            yield Problem(name, f"a record of {size / 1e6:.0f} MB, over the {MAX_DOCUMENT_BYTES / 1e6:.0f} MB "
                                "a JSON Lines article may have: skipped (give such a text as its own file: "
                                "it is then read block by block)")
            continue
        if not line.strip():
            continue
        try:
            text, _enc, _notes = decode_bytes(line, name=name)
            rec = json.loads(text)
            doc = _from_json_record(rec, name, defaults)
        except InputError as err:
            yield Problem(name, _reason(err, name))
            continue
        except ValueError as err:
            yield Problem(name, f"not valid JSON ({err})")
            continue
        for note in doc.notes:
            yield Problem(name, note, fatal=False)
        n_docs += 1
        n_undated += doc.published is None
        yield doc
    if n_undated:
        yield Problem(str(path), _no_date(n_undated, n_docs), fatal=False)
