"""Reading articles: encodings, bad files, corpora; one bad input never sinks a batch."""

from __future__ import annotations

import json

import pytest

from geoevents.exc import InputError
from geoevents.inputs import Document, Problem, decode_bytes, iter_documents, parse_date_option


def test_inputs_decode_utf8_bom_utf16_and_cp1252():
    assert decode_bytes("Erdoğan said".encode("utf-8-sig"))[0] == "Erdoğan said"
    assert decode_bytes("Kyiv".encode("utf-16"))[0] == "Kyiv"
    text, enc, notes = decode_bytes("caf\xe9 in Bogot\xe1".encode("cp1252"))
    assert text == "café in Bogotá" and enc == "cp1252" and notes


@pytest.mark.parametrize("data, words", [(b"", "empty"), (b"   \n\t", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
                                         (bytes(range(0, 32)) * 10, "binary")])
def test_inputs_refuse_empty_and_binary(data, words):
    with pytest.raises(InputError, match=words):
        decode_bytes(data, name="x")


@pytest.mark.parametrize("bad", ["2024-02-31", "yesterday", "12/13/2024x"])
def test_inputs_bad_published_date_is_a_clear_error(bad):
    with pytest.raises(InputError, match="real calendar date"):
        parse_date_option(bad)


def test_inputs_batch_reports_each_bad_file_and_keeps_the_good(tmp_path):
    (tmp_path / "good.txt").write_text("Shelling hit Kharkiv on Monday.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"text": "Clashes in Mosul.", "published": "2024-05-02", "source": "A"}) + "\n"
        + "{not json\n" + json.dumps({"title": "no text"}) + "\n",
        encoding="utf-8",
    )
    items = list(iter_documents([tmp_path, tmp_path / "missing.txt"], published=None))
    docs = [i for i in items if isinstance(i, Document)]
    probs = [i for i in items if isinstance(i, Problem)]
    assert sorted(d.text[:8] for d in docs) == ["Clashes ", "Shelling"]
    reasons = " | ".join(str(p) for p in probs)
    for words in ("empty", "binary", "not valid JSON", "no 'text'", "no such file"):
        assert words in reasons
    jl = next(d for d in docs if d.text.startswith("Clashes"))
    assert str(jl.published) == "2024-05-02" and jl.source == "A"


def test_inputs_options_override_file_metadata(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"text": "x y", "published": "2024-05-02", "source": "A"}) + "\n", encoding="utf-8")
    (doc,) = [d for d in iter_documents([corpus], published="2024-06-01", source="B") if isinstance(d, Document)]
    assert str(doc.published) == "2024-06-01" and doc.source == "B"


def test_inputs_huge_files_are_streamed_in_blocks(tmp_path, monkeypatch):
    """A file above the limit is never read whole; evidence offsets still point into the file."""
    import geoevents.inputs as inputs
    from geoevents.extraction import extract_documents
    from geoevents.inputs import StreamedDocument

    monkeypatch.setattr(inputs, "MAX_DOCUMENT_BYTES", 50_000)
    monkeypatch.setattr(inputs, "STREAM_BLOCK_CHARS", 20_000)
    filler = "Markets in the capital were calm and traders reported steady prices. " * 60
    text = "".join(
        f"Russian warplanes bombed Idlib on {day}, killing {n} people.\n{filler}\n"
        for day, n in [("Monday", 3), ("Tuesday", 4)] * 12
    ) + filler * 3  # one long line at the end too
    path = tmp_path / "huge.txt"
    path.write_text(text, encoding="utf-8")
    items = list(iter_documents([path], published="2024-12-05"))
    doc = next(i for i in items if not isinstance(i, Problem))
    assert isinstance(doc, StreamedDocument)
    blocks = list(doc.blocks(20_000))
    assert len(blocks) > 5 and "".join(b for _, b in blocks) == text
    assert all(len(b) <= 20_000 for _, b in blocks)
    gdf, problems = extract_documents(iter([doc]))
    assert sorted(gdf.fatalities.tolist()) == [3, 4]  # each day's strike once, merged across blocks
    for ev in gdf.evidence:
        a, b = json.loads(ev)[0]["spans"]["event_type"][0]
        assert text[a:b] in ("warplanes bombed", "bombed", "Russian warplanes bombed") or "bomb" in text[a:b]
