"""Reading the web's formats: saved HTML pages, RSS and Atom feeds, glob patterns, undated articles."""

from __future__ import annotations

import doctest
import json
import pickle
from datetime import date
from pathlib import Path

import pytest

from geoevents.inputs import (
    ARTICLE_EXTENSIONS,
    Document,
    Problem,
    expand_paths,
    is_incident_file,
    iter_documents,
    read_document,
)
from geoevents.webtext import (
    decode_html,
    extract_html,
    html_to_text,
    iter_feed,
    parse_published,
    sniff_markup,
)

DATA = Path(__file__).parent / "data" / "inputs"


def _split(items):
    docs = [i for i in items if isinstance(i, Document)]
    probs = [i for i in items if isinstance(i, Problem)]
    return docs, probs


# --- HTML pages --------------------------------------------------------------------------------


def test_web_article_page_keeps_the_story_and_drops_the_boilerplate():
    doc = read_document(DATA / "article.html")
    text = doc.text
    assert text.startswith(
        "Missile strike on Kharkiv flats kills seven\n\n"
    )  # the headline, as its own paragraph
    assert "Russian missiles struck an apartment block in Kharkiv on Monday" in text
    assert (
        "through the night & into Tuesday morning. \u201cThe whole entrance collapsed,\u201d" in text
    )  # entities
    assert "\n\nPower cuts across the region\n\n" in text  # a subheading is its own paragraph
    assert text.rstrip().endswith("shot down most of the drones launched overnight.")
    for junk in (
        "Aleppo",
        "gtag",
        "cookies",
        "Tbilisi",
        "Share on",
        "World",
        "Homs",
        "Rebels enter",
        "Tags:",
        "Mosul",
        "Khan Younis",
        "Advertisement",
        "slot-1",
        "Copyright",
        "\u00a9",
        "By Olena",
    ):
        assert junk not in text, junk
    # paragraphs are separated by one blank line, never run together
    paras = text.split("\n\n")
    assert len(paras) == 6 and all(p.strip() == p and p for p in paras)


def test_web_article_page_metadata_in_several_conventions():
    doc = read_document(DATA / "article.html")
    # article:published_time wins over name=pubdate, DC.date.issued, sailthru.date and <time> (all 4 Dec),
    # and 23:10 at UTC-5 is still 3 December, the date as published
    assert doc.published == date(2024, 12, 3)
    assert doc.source == "The Borderland Courier"
    assert doc.title == "Missile strike on Kharkiv flats kills seven"
    assert doc.url == "https://courier.example/world/2024/12/03/kharkiv-strike"  # og:url before canonical


@pytest.mark.parametrize(
    "head, body, expected",
    [
        ('<meta name="pubdate" content="20241130">', "", date(2024, 11, 30)),
        ('<meta name="DC.date.issued" content="2024-11-29">', "", date(2024, 11, 29)),
        ('<meta name="sailthru.date" content="2024-11-28 21:00:00">', "", date(2024, 11, 28)),
        ('<meta name="date" content="Wed, 27 Nov 2024 23:59:00 -0800">', "", date(2024, 11, 27)),
        ('<meta property="og:published_time" content="2024-11-26T01:00:00+09:00">', "", date(2024, 11, 26)),
        ('<meta itemprop="datePublished" content="2024-11-25">', "", date(2024, 11, 25)),
        (
            "",
            '<article><time datetime="2024-11-24T10:00">24 Nov</time>'
            "<p>Text of the story here.</p></article>",
            date(2024, 11, 24),
        ),
        ('<meta name="date" content="2024-02-31">', "", None),  # not a calendar date: no date, not a guess
        ("", '<time datetime="2024-11-23">outside any article</time><p>Text of the story.</p>', None),
    ],
)
def test_web_publication_date_conventions(head, body, expected):
    page = extract_html(
        f"<html><head>{head}</head><body>{body or '<p>Text of the story here.</p>'}</body></html>"
    )
    assert page.published == expected
    if head and expected is None:
        assert any("unreadable publication date" in n for n in page.notes)


def test_web_jsonld_only_page():
    doc = read_document(DATA / "jsonld-only.html")
    assert doc.published == date(2024, 11, 30)  # 22:15 at UTC+3 on 30 Nov, dateModified ignored
    assert doc.source == "Lakes Region Wire"
    assert doc.url == "https://lakeswire.example/goma-clashes"
    assert doc.title == "Clashes near Goma"
    assert doc.text.startswith("M23 rebels clashed") and "Home" not in doc.text and "Africa" not in doc.text


def test_web_cp1252_page_honours_its_declared_charset():
    raw = (DATA / "cp1252.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is not UTF-8
    items = list(iter_documents([DATA / "cp1252.html"], published="2024-12-05"))
    (doc,), probs = _split(items)
    assert doc.encoding == "cp1252"
    assert (
        "Students marched through Bogot\u00e1 on Thursday, chanting "
        "\u201cno more killings\u201d \u2013 police" in doc.text
    )
    assert "caf\u00e9s on Carrera S\u00e9ptima" in doc.text and "\ufffd" not in doc.text
    assert doc.title == "Protesta en Bogot\u00e1 \u2013 El Diario"
    assert [p.fatal for p in probs] == [False] and "windows-1252" in probs[0].reason


def test_web_decode_html_prefers_valid_utf8_over_a_wrong_declaration():
    data = '<meta charset="windows-1252"><p>Erdo\u011fan in \u0130stanbul</p>'.encode()
    text, enc, notes = decode_html(data)
    assert enc == "utf-8" and "Erdo\u011fan" in text and not notes
    text, enc, notes = decode_html('<meta charset="iso-8859-1"><p>\u201cquote\u201d</p>'.encode("cp1252"))
    assert enc == "cp1252" and "\u201cquote\u201d" in text and notes  # Latin-1 labels read as Windows-1252


def test_web_hostile_page_is_text_not_markup():
    doc = read_document(DATA / "hostile.html", published="2024-12-06")
    text = doc.text
    assert "Gunmen attacked a checkpoint in Mosul on Friday, killing two soldiers" in text
    assert "Police said the attackers fled towards Tal Afar." in text
    assert '<script>alert("x")</script> and it stays text' in text  # quoted markup stays literal text
    for junk in ("Homs", "onerror", "document.write", "Aleppo", "Tbilisi", "not the end", "Clashes in Mosul"):
        assert junk not in text, junk
    assert doc.title == "Hostile <script>alert(1)</script> page"


def test_web_huge_nested_page_is_read_without_crashing(tmp_path):
    page = tmp_path / "nest.html"
    story = "<p>Shelling hit Kharkiv on Monday, killing three people, officials said.</p>"
    page.write_text(
        "<html><body>" + "<div>" * 1_000_000 + story + "</div>" * 10 + "<div class=x>" * 10, encoding="utf-8"
    )
    assert page.stat().st_size > 5_000_000
    doc = read_document(page, published="2024-12-03")
    assert doc.text == "Shelling hit Kharkiv on Monday, killing three people, officials said."


@pytest.mark.parametrize(
    "markup",
    [
        "",
        "<",
        "<<<<",
        "<html>",
        "<!--",
        "<script>",
        "<p>" * 1000,
        "&" * 1000,
        "<a href='",
        "<title>x",
        "</p></div></body>",
        "<svg><title>t</title></svg>",
        "\x00\x01<p>x</p>",
        "<p>&#xFFFFFFFF; &#0;</p>",
    ],
)
def test_web_odd_markup_never_raises(markup):
    page = extract_html(markup)
    assert isinstance(page.text, str)


def test_web_empty_and_binary_pages_are_clear_problems(tmp_path):
    (tmp_path / "scripts.html").write_text(
        "<html><script>var a = 1;</script><nav><a href=/>Home</a></nav></html>"
    )
    (tmp_path / "bin.html").write_bytes(b"<html>\x00\x00\x00\x89PNG")
    (tmp_path / "empty.htm").write_bytes(b"")
    docs, probs = _split(list(iter_documents([tmp_path])))
    assert not docs
    reasons = {Path(p.name).name: p.reason for p in probs}
    assert "no readable text" in reasons["scripts.html"]
    assert "binary" in reasons["bin.html"] and "empty" in reasons["empty.htm"]
    assert all(p.fatal for p in probs)


def test_web_html_is_recognised_by_its_content_whatever_the_name(tmp_path):
    (tmp_path / "saved_page.txt").write_text(
        "\n<!DOCTYPE html><html><head><title>T</title></head><body><nav>Menu</nav>"
        "<p>Clashes erupted in Mosul on Tuesday.</p></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "notes.txt").write_text(
        "Shelling hit <b>Kharkiv</b> today, a note with a tag.", encoding="utf-8"
    )
    docs, _ = _split(list(iter_documents([tmp_path], published="2024-12-03")))
    by = {Path(d.name).name: d for d in docs}
    assert (
        by["saved_page.txt"].text == "Clashes erupted in Mosul on Tuesday."
        and by["saved_page.txt"].title == "T"
    )
    assert by["notes.txt"].text.startswith(
        "Shelling hit <b>Kharkiv</b>"
    )  # plain text with a tag stays as written


def test_web_sniff_markup():
    assert sniff_markup(b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- c -->\n<feed xmlns='x'>") == "feed"
    assert sniff_markup(b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">') == "feed"
    assert sniff_markup(b'<?xml version="1.0"?><urlset>') == "xml"
    assert sniff_markup(b"<!-- saved --><!DOCTYPE HTML PUBLIC '-//W3C//DTD HTML 4.01//EN'>\n<HTML>") == "html"
    assert sniff_markup(b"Plain text: x < y") is None


def test_web_options_override_page_metadata():
    doc = read_document(
        DATA / "article.html", published="2024-12-05", source="Wire", url="https://x.example/a"
    )
    assert (doc.published, doc.source, doc.url) == (date(2024, 12, 5), "Wire", "https://x.example/a")
    assert doc.title == "Missile strike on Kharkiv flats kills seven"  # no option for it: from the page


def test_web_documents_pickle_small():
    doc = read_document(DATA / "article.html")
    back = pickle.loads(pickle.dumps(doc))
    assert back == doc
    assert len(pickle.dumps(doc)) < 2 * len(doc.text.encode()) + 1000


# --- feeds ---------------------------------------------------------------------------------------


def test_web_rss_feed_one_document_per_item():
    items = list(iter_documents([DATA / "feed.rss"]))
    docs, probs = _split(items)
    assert [Path(d.name).name for d in docs] == ["feed.rss:1", "feed.rss:2", "feed.rss:3"]
    one, two, three = docs
    assert one.text == (
        "Attack on army post near Djibo\n\nMilitants attacked an army post near Djibo on Sunday, "
        "killing nine soldiers, security sources said.\n\nThe army said it repelled the assault."
    )
    assert one.published == date(2024, 12, 2)  # 23:30 at UTC-1 is still 2 December
    assert one.url == "https://sahel.example/2024/12/02/djibo" and one.source == "Sahel Monitor"
    assert two.published == date(2024, 12, 3)  # dc:date
    assert two.text.endswith("a night curfew in Niamey & its suburbs on Tuesday.")  # escaped HTML stripped
    assert three.published is None and three.url == "https://sahel.example/gao-market"  # guid as permalink
    (warn,) = probs
    assert not warn.fatal and warn.reason.startswith("1 of 3 articles has no publication date")
    assert items[-1] is warn  # said once, after the feed


def test_web_atom_feed_one_document_per_entry():
    docs, probs = _split(list(iter_documents([DATA / "feed.atom"])))
    assert len(docs) == 3 and {d.source for d in docs} == {"Levant Desk"}
    idlib, hama, weather = docs
    assert (
        idlib.published == date(2024, 12, 2) and idlib.url == "https://levant.example/idlib"
    )  # rel=alternate
    assert (
        idlib.text
        == "Strikes on Idlib\n\nRussian warplanes bombed Idlib on Monday, killing four people, rescuers said."
    )
    assert hama.title == "Shelling in Hama" and hama.published == date(2024, 12, 1)  # from <updated>
    assert hama.text.endswith(
        "north of Hama on Sunday.\n\nNo casualties were reported."
    )  # xhtml content, not summary
    assert (
        weather.published is None and weather.text == "Weather outlook\n\nRain is expected across the coast."
    )
    # an entry with only <updated> is dated by it, and says so
    assert [p.reason[:35] for p in probs] == ["no publication date in the feed: da", "1 of 3 articles has no publication "]


def test_web_feed_options_apply_to_every_item():
    docs, probs = _split(list(iter_documents([DATA / "feed.rss"], published="2024-12-04", source="Desk")))
    assert {d.published for d in docs} == {date(2024, 12, 4)} and {d.source for d in docs} == {"Desk"}
    assert not probs


def test_web_billion_laughs_feed_is_refused():
    items = list(iter_documents([DATA / "laughs.rss"]))
    docs, (prob,) = _split(items)
    assert not docs and prob.fatal and "billion laughs" in prob.reason and "refused" in prob.reason


def test_web_malformed_feed_keeps_the_items_before_the_fault():
    docs, probs = _split(list(iter_documents([DATA / "broken.rss"])))
    assert [d.title for d in docs] == ["Clashes in Mosul"]
    assert (
        [p.fatal for p in probs] == [True]
        and "malformed feed" in probs[0].reason
        and "line 4" in probs[0].reason
    )


def test_web_xml_that_is_not_a_feed(tmp_path):
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>')
    (prob,) = list(iter_documents([tmp_path / "sitemap.xml"]))
    assert prob.fatal and "not an RSS or Atom feed" in prob.reason and "<urlset>" in prob.reason


def test_web_iter_feed_streams_in_small_chunks(tmp_path):
    items = "".join(
        f"<item><title>Item {i}</title><pubDate>Tue, 03 Dec 2024 10:00:00 GMT</pubDate></item>"
        for i in range(300)
    )
    path = tmp_path / "big.rss"
    path.write_text(f"<rss><channel><title>Big</title>{items}</channel></rss>", encoding="utf-8")
    with path.open("rb") as fh:
        gen = iter_feed(fh, name="big.rss", chunk_bytes=512)
        first = next(gen)
        assert first.title == "Item 0" and fh.tell() < path.stat().st_size  # yielded before the file was read
        rest = list(gen)
    assert len(rest) == 299 and rest[-1].index == 300


def test_web_old_rss_html_entities_from_an_external_dtd(tmp_path):
    path = tmp_path / "old.rss"
    path.write_text(
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
        '<rss version="0.91"><channel><title>Old</title><item><title>Caf&eacute; bombing</title>'
        "<description>A bomb hit a caf\xe9.</description></item></channel></rss>",
        encoding="latin-1",
    )
    (doc, _warn) = list(iter_documents([path]))
    assert doc.text == "Caf\u00e9 bombing\n\nA bomb hit a caf\u00e9."


# --- globs, directories, incident files -----------------------------------------------------------


def _tree(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("Shelling hit Kharkiv.", encoding="utf-8")
    (tmp_path / "a" / "b" / "two.html").write_text("<p>Clashes in Mosul.</p>", encoding="utf-8")
    (tmp_path / "a" / "b" / "three.txt").write_text("Protest in Tbilisi.", encoding="utf-8")
    (tmp_path / "a" / ".hidden.txt").write_text("Hidden note.", encoding="utf-8")
    (tmp_path / "a" / "events.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    (tmp_path / "a" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")


def test_web_glob_patterns(tmp_path):
    _tree(tmp_path)
    docs, probs = _split(list(iter_documents([str(tmp_path / "a" / "**" / "*.txt")], published="2024-12-03")))
    assert [Path(d.name).name for d in docs] == [
        "three.txt",
        "one.txt",
    ]  # sorted paths (a/b/ < a/o), hidden skipped
    assert not probs
    docs, probs = _split(list(iter_documents([str(tmp_path / "a" / "*")], published="2024-12-03")))
    names = [Path(d.name).name for d in docs]
    assert sorted(names) == ["one.txt", "three.txt", "two.html"] and len(names) == 3  # folder b walked once
    assert any(
        "incident file" in p.reason and not p.fatal for p in probs
    )  # events.csv, not read as an article
    assert any(Path(p.name).name == "photo.jpg" and p.fatal for p in probs)  # named by the pattern: refused
    (prob,) = list(iter_documents([str(tmp_path / "nothing" / "*.html")]))
    assert prob.fatal and prob.reason == "no file matches this pattern"


def test_web_expand_paths(tmp_path):
    _tree(tmp_path)
    out = list(expand_paths([str(tmp_path / "a" / "*"), "-", str(tmp_path / "zz*")]))
    assert [Path(o).name for o in out[:4]] == ["b", "events.csv", "one.txt", "photo.jpg"]
    assert out[4] == "-" and isinstance(out[5], Problem)
    starred = tmp_path / "odd*name.txt"
    starred.write_text("x", encoding="utf-8")
    assert list(expand_paths([str(starred)])) == [str(starred)]  # a real file is never a pattern


def test_web_directory_walk_takes_the_new_extensions(tmp_path):
    for ext in (".html", ".htm", ".xhtml", ".rss", ".atom", ".xml"):
        assert ext in ARTICLE_EXTENSIONS
    (tmp_path / "p.htm").write_text("<p>Clashes in Mosul.</p>", encoding="utf-8")
    (tmp_path / "f.atom").write_bytes((DATA / "feed.atom").read_bytes())
    (tmp_path / "g.xml").write_bytes((DATA / "feed.rss").read_bytes())
    (tmp_path / "skip.pdf").write_bytes(b"%PDF-1.4")
    docs, _ = _split(list(iter_documents([tmp_path], published="2024-12-03")))
    assert sorted(Path(d.name).name for d in docs) == [
        "f.atom:1",
        "f.atom:2",
        "f.atom:3",
        "g.xml:1",
        "g.xml:2",
        "g.xml:3",
        "p.htm",
    ]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("20241203120000.export.CSV", True),
        ("20241203120000.export.CSV.zip", True),
        ("acled.csv.gz", True),
        ("events.gpkg", True),
        ("x.pq", True),
        ("page.html", False),
        ("feed.xml", False),
        ("notes.txt", False),
        ("corpus.jsonl", False),
    ],
)
def test_web_is_incident_file_knows_gdelt_names(name, expected):
    assert is_incident_file(name) is expected


# --- undated articles --------------------------------------------------------------------------


def test_web_missing_date_said_once_per_file(tmp_path):
    corpus = tmp_path / "c.jsonl"
    lines = [
        {"text": f"Clashes in Mosul, report {i}.", **({"published": "2024-05-02"} if i % 4 == 0 else {})}
        for i in range(40)
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    (tmp_path / "plain.txt").write_text("Shelling hit Kharkiv yesterday.", encoding="utf-8")
    docs, probs = _split(list(iter_documents([tmp_path])))
    assert len(docs) == 41
    by_file = {}
    for p in probs:
        by_file.setdefault(Path(p.name).name, []).append(p)
    assert sorted(by_file) == ["c.jsonl", "plain.txt"] and all(len(v) == 1 for v in by_file.values())
    (jl,) = by_file["c.jsonl"]
    assert not jl.fatal and jl.reason.startswith("30 of 40 articles have no publication date")
    assert "left undated" in jl.reason
    assert [d.published for d in docs if d.name.endswith(":1")] == [date(2024, 5, 2)]  # never guessed
    assert sum(d.published is None for d in docs) == 31
    docs, probs = _split(list(iter_documents([tmp_path], published="2024-06-01")))
    assert not probs and {d.published for d in docs} == {date(2024, 6, 1)}  # the option overrides every line


def test_web_parse_published():
    assert parse_published("2024-12-03T23:10:00-05:00") == date(2024, 12, 3)
    assert parse_published("2024-12-04T04:10:00Z") == date(2024, 12, 4)
    assert parse_published("Tue, 03 Dec 2024 23:10:00 -0500") == date(2024, 12, 3)
    assert parse_published("December 3, 2024 11:10 PM") == date(2024, 12, 3)
    assert parse_published("3 Dec 2024") == date(2024, 12, 3)
    assert parse_published("2024/12/03") == date(2024, 12, 3)
    for bad in ("", "yesterday", "1776-07-04", "2024-13-01", None, "Tue, 99 Foo"):
        assert parse_published(bad) is None


def test_web_html_to_text_for_feed_bodies():
    assert html_to_text("A &amp; B") == "A & B"
    assert (
        html_to_text("<p>One.</p><div class='share'>Share this</div><p>Two<br>lines.</p>")
        == "One.\n\nTwo\nlines."
    )


def test_web_module_examples():
    import geoevents.webtext as webtext

    failed, attempted = doctest.testmod(webtext, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert attempted > 5 and failed == 0


# --- the CLI ---------------------------------------------------------------------------------------


def test_web_cli_extracts_from_the_main_text_only():
    from click.testing import CliRunner

    from geoevents.cli import main

    res = CliRunner().invoke(main, ["extract", str(DATA / "article.html"), "--published", "2024-12-03"])
    assert res.exit_code == 0, res.output
    out = res.stdout if hasattr(res, "stdout") else res.output
    feats = json.loads(out[out.index("{") :])["features"]
    places = {f["properties"]["location"] for f in feats}
    assert "Kharkiv" in places
    strike = next(f["properties"] for f in feats if f["properties"]["location"] == "Kharkiv")
    assert strike["fatalities"] == 7 and strike["event_date"] == "2024-12-02"  # Monday before 3 Dec
    for boiler in ("Homs", "Aleppo", "Tbilisi", "Mosul", "Khan Younis", "Kh\u0101n Y\u016bnis"):
        assert boiler not in places
    assert {f["properties"]["source"] for f in feats} == {"The Borderland Courier"}  # from og:site_name


def test_web_cli_reads_a_feed_and_says_which_items_lack_a_date(tmp_path):
    from click.testing import CliRunner

    from geoevents.cli import main

    res = CliRunner().invoke(main, ["extract", str(DATA / "feed.rss"), "-o", str(tmp_path / "out.geojson")])
    assert res.exit_code == 0, res.output
    feats = json.loads((tmp_path / "out.geojson").read_text())["features"]
    djibo = [f["properties"] for f in feats if f["properties"]["location"] == "Djibo"]
    assert (
        djibo and djibo[0]["fatalities"] == 9 and djibo[0]["event_date"] == "2024-12-01"
    )  # Sunday before 2 Dec
    assert "1 of 3 articles has no publication date" in res.output


def test_web_story_in_a_boilerplate_looking_class_is_not_lost():
    story = "<p>Shelling hit Kharkiv on Monday, killing three people, officials said on Tuesday.</p>" * 15
    page = extract_html(
        f'<body><div class="layout with-sidebar social-tracking">{story}</div>'
        '<div class="share-tools"><a href="#">Share</a></div></body>'
    )
    assert page.text.count("Shelling hit Kharkiv") == 15 and "Share" not in page.text
    # a small share bar with the same class words is still dropped when the story is elsewhere
    page = extract_html(
        f'<body><div class="story">{story}</div><div class="social-tracking">Follow us on X</div></body>'
    )
    assert "Follow us" not in page.text


def test_web_line_breaks_and_paragraph_breaks_from_br():
    page = extract_html(
        '<div class="entry">Line one<br>line two<br><br>Second paragraph<br/><br />Third</div>'
    )
    assert page.text == "Line one\nline two\n\nSecond paragraph\n\nThird"


def test_web_feed_ignores_look_alike_fields_of_other_vocabularies(tmp_path):
    path = tmp_path / "media.rss"
    path.write_text(
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>M</title><item>'
        "<media:title>Photo caption</media:title><title>Real title</title>"
        "<media:description>A photo</media:description><description>Real body.</description>"
        "<pubDate>Tue, 03 Dec 2024 10:00:00 GMT</pubDate></item></channel></rss>",
        encoding="utf-8",
    )
    (doc,) = list(iter_documents([path]))
    assert doc.text == "Real title\n\nReal body." and doc.published == date(2024, 12, 3)


@pytest.mark.parametrize(
    "encoding, title",
    [
        ("shift_jis", "\u6771\u4eac"),
        ("windows-1252", "caf\u00e9 \u201cq\u201d"),
        ("koi8-r", "\u041a\u0438\u0435\u0432"),
    ],
)
def test_web_feed_in_its_declared_encoding(tmp_path, encoding, title):
    path = tmp_path / "f.rss"
    path.write_bytes(
        (
            f'<?xml version="1.0" encoding="{encoding}"?><rss><channel><title>T</title>'
            f"<item><title>{title}</title><description>Body text.</description></item></channel></rss>"
        ).encode(encoding)
    )
    with path.open("rb") as fh:
        (item,) = list(iter_feed(fh, chunk_bytes=7))  # chunks cut through multi-byte characters
    assert item.title == title


def test_web_jsonl_dates_as_feeds_write_them_and_unreadable_ones(tmp_path):
    corpus = tmp_path / "c.jsonl"
    recs = [
        {"text": "Clashes in Mosul.", "published": "Tue, 03 Dec 2024 23:10:00 -0500", "source": 7},
        {"text": "Shelling hit Kharkiv.", "published": "the day after the storm"},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    docs, probs = _split(list(iter_documents([corpus])))
    assert [d.published for d in docs] == [date(2024, 12, 3), None] and docs[0].source == "7"
    assert [(Path(p.name).name, p.fatal) for p in probs] == [("c.jsonl:2", False), ("c.jsonl", False)]
    assert "unreadable published date" in probs[0].reason and "kept" in probs[0].reason
    assert probs[1].reason.startswith("1 of 2 articles has no publication date")


def test_state_hooks_and_modifiers_in_class_names_do_not_hide_the_story():
    from geoevents.webtext import extract_html

    story = "".join(f"<p>Paragraph {i}: shelling hit the town of Kupiansk on Monday, officials said.</p>" for i in range(6))
    page = ("<html><body><div class='l-container js-share-tracking page--with-comments'>"
            f"<div class='article-body has-ads'>{story}</div></div>"
            "<div class='article-comments'><p>Reader: a bomb hit Kyiv yesterday, killing 40.</p></div>"
            "<div class='sidebar'><p>Most read: floods in Dhaka.</p></div></body></html>")
    text = extract_html(page).text
    assert text.count("Kupiansk") == 6
    assert "Reader" not in text and "Dhaka" not in text


def test_a_story_block_named_by_its_class_wins_over_sibling_teasers():
    from geoevents.webtext import extract_html

    story = "".join(f"<p>Paragraph {i}: shelling hit the town of Kupiansk on Monday, officials said.</p>" for i in range(5))
    teasers = "".join(f"<p>Other: a car bomb exploded in Mogadishu on day {i}, killing five.</p>" for i in range(4))
    page = (f"<html><body><div id='content'><div class='article-body has-ads'>{story}</div>"
            f"<div class='teaser'>{teasers}</div></div></body></html>")
    text = extract_html(page).text
    assert text.count("Kupiansk") == 5 and "Mogadishu" not in text


def test_atom_xhtml_content_drops_inline_code_and_updated_only_dates_are_said():
    import io

    from geoevents.webtext import iter_feed

    feed = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><title>Strikes</title><updated>2024-12-03T10:00:00Z</updated><link href="https://example.org/1"/>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Shelling hit Kupiansk on Tuesday.</p>
<script>var x = "Bomb in Kabul kills 99";</script><style>p{color:red}</style><p>Two were killed.</p></div></content>
</entry></feed>"""
    (item,) = list(iter_feed(io.BytesIO(feed), name="f.atom"))
    assert "Kabul" not in item.text and "color" not in item.text and "Two were killed." in item.text
    assert str(item.published) == "2024-12-03" and any("last updated" in n for n in item.notes)
