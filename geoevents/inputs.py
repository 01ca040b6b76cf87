"""Reading what users hand geoevents: articles and incident files.

This is the first room of the chain. It turns paths (files, directories,
``-`` for stdin, JSON Lines corpora) into :class:`Document` objects with
their metadata, refusing empty, binary and undecodable inputs with a clear
reason instead of crashing the batch, and tells incident files (GeoPackage,
GeoParquet, GeoJSON, FlatGeobuf, ACLED CSV...) apart from articles.
:mod:`geoevents.pipeline` drives the rest of the chain.
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
    "Document",
    "StreamedDocument",
    "Problem",
    "decode_bytes",
    "parse_date_option",
    "read_document",
    "iter_documents",
    "is_incident_file",
    "ARTICLE_EXTENSIONS",
    "MAX_DOCUMENT_BYTES",
]

#: Files above this size are not read whole: they are streamed block by block.
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
#: Characters per streamed block (cut at a paragraph or sentence end).
STREAM_BLOCK_CHARS = 200_000

#: Extensions read as incident files rather than articles.
INCIDENT_EXTENSIONS = (".gpkg", ".parquet", ".geoparquet", ".geojson", ".fgb", ".csv", ".tsv")
#: Extensions read as articles when a directory is walked.
ARTICLE_EXTENSIONS = (".txt", ".text", ".md", ".jsonl", ".ndjson")


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

    @property
    def doc_id(self) -> str:
        # content-derived without reading everything first: size, head and tail
        import hashlib

        h = hashlib.sha1(f"stream:{self.size}:".encode())
        with open(self.path, "rb") as fh:
            h.update(fh.read(1 << 20))
            if self.size > 1 << 20:
                fh.seek(max(0, self.size - (1 << 20)))
                h.update(fh.read(1 << 20))
        return h.hexdigest()[:16]

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
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y",
                "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%SZ"):
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


def decode_bytes(data: bytes, *, name: str = "<input>") -> tuple[str, str, list[str]]:
    """Decode an article's bytes; return ``(text, encoding, notes)``.

    UTF-8 (with or without BOM) and UTF-16 with BOM are read as such; other
    bytes fall back to Windows-1252, with a note saying so. Binary data (NUL
    bytes, many control characters) and empty files are refused.
    """
    notes: list[str] = []
    if not data.strip():
        raise InputError(f"{name}: empty input")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16", notes
    head = data[:65536]
    if b"\x00" in head:
        raise InputError(f"{name}: binary data (NUL bytes), not a text article")
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if control > max(8, len(head) // 100):
        raise InputError(f"{name}: binary data ({control} control bytes in the first {len(head)}), not a text article")
    try:
        return data.decode("utf-8-sig"), "utf-8", notes
    except UnicodeDecodeError as err:
        notes.append(f"not valid UTF-8 (byte {err.start}); read as Windows-1252")
        return data.decode("cp1252", errors="replace"), "cp1252", notes


def _from_json_record(rec: dict, name: str, defaults: dict) -> Document:
    if not isinstance(rec, dict):
        raise InputError(f"{name}: a JSON Lines article must be an object with a 'text' field")
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{name}: no 'text' in the record")
    published = defaults.get("published") or parse_date_option(rec.get("published") or rec.get("date"), what="published date")
    return Document(
        text=text,
        name=name,
        published=published,
        source=defaults.get("source") or rec.get("source"),
        url=defaults.get("url") or rec.get("url"),
        title=rec.get("title"),
    )


def read_document(path, *, published=None, source=None, url=None) -> "Document | StreamedDocument":
    """Read one article file (or ``-`` for stdin) into a :class:`Document`.

    Metadata given here overrides metadata found in the file.
    """
    published = parse_date_option(published, what="published date")
    if str(path) == "-":
        data = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        p = Path(path)
        if p.is_dir():
            raise InputError(f"{p}: is a directory (use iter_documents to walk it)")
        size = p.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            with p.open("rb") as fh:
                head = fh.read(1 << 20)
            # refuses binary data before streaming it, and picks the encoding (UTF-8, else Windows-1252)
            _text, enc, notes = decode_bytes(head[: len(head) - 4] if len(head) == 1 << 20 else head, name=str(p))
            return StreamedDocument(str(p), str(p), size, published=published, source=source, url=url,
                                    notes=(f"{size / 1e6:.0f} MB: read block by block", *notes),
                                    encoding="cp1252" if enc == "cp1252" else "utf-8-sig")
        data = p.read_bytes()
        name = str(p)
    text, encoding, notes = decode_bytes(data, name=name)
    return Document(text=text, name=name, published=published, source=source, url=url, encoding=encoding, notes=tuple(notes))


def is_incident_file(path) -> bool:
    """True for files read as incidents (GeoPackage, GeoParquet, GeoJSON, FlatGeobuf, CSV)."""
    p = Path(str(path))
    return p.suffix.lower() in INCIDENT_EXTENSIONS or (p.is_dir() and any(p.glob("**/*.parquet")))


def _walk(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for p in sorted(path.rglob("*")):
            if p.is_file() and (p.suffix.lower() in ARTICLE_EXTENSIONS or p.suffix == ""):
                yield p
    else:
        yield path


def iter_documents(paths, *, published=None, source=None, url=None) -> Iterator[Document | Problem]:
    """Yield a :class:`Document` per article, or a :class:`Problem` per input that cannot be read.

    Accepts files, directories (walked recursively), ``-`` (stdin) and JSON
    Lines corpora (``.jsonl``: one article per line with ``text`` and optional
    ``title``, ``url``, ``published``, ``source``). One bad input never stops
    the others.
    """
    defaults = {"published": parse_date_option(published, what="published date"), "source": source, "url": url}
    for raw in paths:
        if str(raw) != "-" and not Path(raw).exists():
            yield Problem(str(raw), "no such file")
            continue
        for p in [raw] if str(raw) == "-" else _walk(Path(raw)):
            if str(p) != "-" and Path(p).suffix.lower() in (".jsonl", ".ndjson"):
                yield from _iter_jsonl(Path(p), defaults)
                continue
            try:
                doc = read_document(p, **defaults)
            except InputError as err:
                yield Problem(str(p), str(err).split(": ", 1)[-1])
                continue
            except OSError as err:
                yield Problem(str(p), err.strerror or str(err))
                continue
            for note in doc.notes:
                yield Problem(doc.name, note, fatal=False)
            yield doc


def _iter_jsonl(path: Path, defaults: dict) -> Iterator[Document | Problem]:
    with path.open("rb") as fh:
        for i, line in enumerate(fh, start=1):
            name = f"{path}:{i}"
            if not line.strip():
                continue
            try:
                text, _enc, _notes = decode_bytes(line, name=name)
                rec = json.loads(text)
                yield _from_json_record(rec, name, defaults)
            except InputError as err:
                yield Problem(name, str(err).split(": ", 1)[-1])
            except ValueError as err:
                yield Problem(name, f"not valid JSON ({err})")

