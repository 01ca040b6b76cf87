"""Incident extraction: documents and place mentions in, contract rows out.

:func:`extract` codes one article; :func:`extract_documents` codes a batch,
reporting (not raising) each document that fails, so one bad article never
sinks the others.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterable

from ..contract import doc_id_for, empty_frame, from_records
from ..exc import GeoeventsError, InputError

__all__ = ["extract", "extract_document", "extract_documents", "extract_records", "extract_blocks", "MAX_TEXT_CHARS"]

#: Longer texts are coded paragraph block by block, so memory stays bounded.
MAX_TEXT_CHARS = 400_000
_BLOCK_CHARS = 100_000


def _gazetteer():
    from ..gazetteer import Gazetteer

    return Gazetteer.default()


def _blocks(text: str):
    """Split a long text at paragraph breaks into blocks of about ``_BLOCK_CHARS``."""
    if len(text) <= MAX_TEXT_CHARS:
        yield 0, text
        return
    start = 0
    while start < len(text):
        end = min(len(text), start + _BLOCK_CHARS)
        if end < len(text):
            nl = text.rfind("\n", start + _BLOCK_CHARS // 2, end)
            if nl == -1:
                nl = text.rfind(". ", start + _BLOCK_CHARS // 2, end)
            end = nl + 1 if nl != -1 else end
        yield start, text[start:end]
        start = end


def extract_records(text: str, *, published=None, source=None, url=None) -> list[dict[str, Any]]:
    """Code ``text`` into a list of contract rows (dicts)."""
    if not isinstance(text, str):
        raise InputError(f"extract() needs a str, got {type(text).__name__}")
    if not text.strip():
        return []
    return extract_blocks(_blocks(text), doc_id=doc_id_for(text), published=published, source=source, url=url)


_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")


def _strip_invisible(block: str):
    """``block`` without soft hyphens and zero-width characters, and the map back to ``block``'s offsets.

    "Ale\u00adppo" must read as Aleppo; evidence must still point at the characters of the original.
    """
    if not _INVISIBLE.search(block):
        return block, None
    keep = [i for i, ch in enumerate(block) if not _INVISIBLE.match(ch)]
    back = keep + [len(block)]
    return "".join(block[i] for i in keep), back


def _map_back(rows, back, offset):
    for r in rows:
        ev = json.loads(r["evidence"])
        for e in ev:
            e["spans"] = {k: [[back[a - offset] + offset, back[b - offset] + offset] for a, b in v]
                          for k, v in e["spans"].items()}
        r["evidence"] = json.dumps(ev, ensure_ascii=False)


def extract_blocks(blocks, *, doc_id: str, published=None, source=None, url=None) -> list[dict[str, Any]]:
    """Code a document given as ``(offset, text)`` blocks; evidence offsets point into the whole document.

    Each block is geoparsed and coded on its own, so memory is bounded by the
    block size; incidents told in several blocks are merged at the end.
    """
    from ..geoparsing import geoparse
    from ..inputs import parse_date_option
    from .coder import code_document, to_records

    published = parse_date_option(published, what="published date")
    gaz = _gazetteer()
    rows: list[dict[str, Any]] = []
    merged: dict[tuple, dict] | None = None  # from the second block on: one row per incident, folded as we go
    n_blocks = 0
    for offset, block in blocks:
        n_blocks += 1
        if not block.strip():
            continue
        block, back = _strip_invisible(block)
        mentions = geoparse(block, gazetteer=gaz)
        incidents = code_document(block, published=published, mentions=mentions, gazetteer=gaz)
        block_rows = to_records(incidents, text=block, doc_id=doc_id, published=published, source=source, url=url,
                                gazetteer=gaz, offset=offset)
        if back is not None:
            _map_back(block_rows, back, offset)
        if n_blocks == 1:
            rows.extend(block_rows)
            continue
        if merged is None:  # a long document: fold rows block by block, so that an incident told
            merged = {}  # again and again (a feed dump, a repeated wire story) is held once
            _fold_rows(merged, rows)
        _fold_rows(merged, block_rows)
    if merged is not None:
        rows = list(merged.values())
    elif n_blocks > 1:
        rows = _merge_block_rows(rows)
    if published is None:
        for r in rows:
            r["flags"] = ";".join(sorted(set(filter(None, (r.get("flags") or "").split(";"))) | {"no_published_date"}))
    return rows


def _merge_block_rows(rows: list[dict]) -> list[dict]:
    """One incident told in several blocks of a long document is one row, with every sentence's span."""
    out: dict[tuple, dict] = {}
    _fold_rows(out, rows)
    return list(out.values())


def _fold_rows(out: dict, rows: list[dict]) -> None:
    """Fold ``rows`` into ``out`` (keyed by type, date, place and actor), in order."""
    for r in rows:
        key = (r["sub_event_type"], r["event_date"], r["location"], r["actor1"])
        if key not in out:
            out[key] = r
            continue
        keep = out[key]
        ev_keep, ev_new = json.loads(keep["evidence"]), json.loads(r["evidence"])
        notes = ev_keep[0]["spans"].setdefault("notes", [])
        if len(notes) < 50:
            notes.extend(ev_new[0]["spans"].get("notes", []))
        keep["evidence"] = json.dumps(ev_keep, ensure_ascii=False)
        if r["fatalities"] is not None and (keep["fatalities"] is None or r["fatalities"] < keep["fatalities"]):
            keep["fatalities"] = r["fatalities"]
            keep["fatalities_low"] = min(x for x in (r["fatalities_low"], keep["fatalities_low"]) if x is not None) if (r["fatalities_low"] is not None or keep["fatalities_low"] is not None) else None


def extract(text: str, *, published=None, source: str | None = None, url: str | None = None):
    """Extract the incidents one article reports, as a contract GeoDataFrame.

    Parameters
    ----------
    text : str
        The article.
    published : str or date, optional
        Publication date (``YYYY-MM-DD``); relative dates resolve against it.
    source, url : str, optional
        The outlet's name and the article's address.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per incident; empty (but valid) when the text reports none.

    Examples
    --------
    >>> gdf = extract("Nothing happened today.", published="2024-12-03")
    >>> len(gdf)
    0
    """
    rows = extract_records(text, published=published, source=source, url=url)
    # rows built by the coder follow the contract by construction (the tests validate them)
    return from_records(rows, validate_values=False) if rows else empty_frame()


def extract_document(doc):
    """Extract from a :class:`geoevents.inputs.Document`."""
    return extract(doc.text, published=doc.published, source=doc.source or _source_name(doc), url=doc.url)


def _source_name(doc) -> str | None:
    from pathlib import Path

    if doc.name.startswith("<"):
        return None
    return Path(doc.name.split(":")[0]).name


_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\x00-\u024f]")  # a letter past Latin Extended-B


def extract_documents(docs: Iterable, *, on_progress=None):
    """Extract from many documents; return ``(GeoDataFrame, problems)``.

    ``docs`` yields :class:`~geoevents.inputs.Document` or
    :class:`~geoevents.inputs.Problem` items (as
    :func:`geoevents.inputs.iter_documents` does). A document that fails is
    reported in ``problems`` with its reason; the others go on.
    """
    from ..inputs import Problem

    rows: list[dict] = []
    problems: list = []
    seen_ids: set[str] = set()
    for item in docs:
        if isinstance(item, Problem):
            problems.append(item)
            continue
        # an undated article is reported once per file by geoevents.inputs, not once per article here
        sample = getattr(item, "text", None)
        if sample and not sample[:3000].isascii():
            head = sample[:3000]
            n_letters = len(_LETTER.findall(head))
            latin = n_letters - len(_NON_LATIN_LETTER.findall(head))
            if n_letters and latin / n_letters < 0.5:
                problems.append(Problem(item.name, "mostly non-Latin script: geoevents reads English news, few incidents will be found", fatal=False))
        try:
            blocks = _blocks(item.text) if getattr(item, "text", None) is not None else item.blocks()
            doc_rows = extract_blocks(blocks, doc_id=item.doc_id, published=item.published,
                                      source=item.source or _source_name(item), url=item.url)
        except GeoeventsError as err:
            problems.append(Problem(item.name, str(err)))
            continue
        except (MemoryError, RecursionError) as err:
            problems.append(Problem(item.name, f"too large or too deeply nested to code ({type(err).__name__})"))
            continue
        except Exception as err:  # a bug must not sink the batch: report it with the document's name
            problems.append(Problem(item.name, f"internal error while coding ({type(err).__name__}: {err}); please report it"))
            continue
        for r in doc_rows:
            if r["event_id"] in seen_ids:  # the same article given twice
                continue
            seen_ids.add(r["event_id"])
            rows.append(r)
        if on_progress is not None:
            on_progress(item, len(doc_rows))
    if not rows:
        return empty_frame(), problems
    return from_records(rows, validate_values=False), problems
