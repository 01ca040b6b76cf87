"""Reading inputs: HTML main-text extraction and feed parsing, beside reading the same text as a .txt file.

The page is built like a real news page (about 100 KB: menus, inline
scripts, JSON-LD, an article of synthetic wire-style paragraphs, advert
slots, a related-links list, a footer); the baseline reads the text the
extractor returns, saved as a .txt, through the same :func:`read_document`.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.common import Row, median_time


def news_page(text: str, *, target_bytes: int = 100_000) -> str:
    """Wrap article paragraphs in a news page's boilerplate, padded with markup to about ``target_bytes``."""
    nav = "".join(
        f'<li class="menu-item"><a class="nav-link" href="/section/{i}">Section {i}</a></li>'
        for i in range(80)
    )
    config = "{" + ",".join(f'"key{i}": "{"v" * 48}"' for i in range(400)) + "}"
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "Bench",
            "datePublished": "2024-12-03T08:00:00+02:00",
            "publisher": {"@type": "Organization", "name": "Wire"},
        }
    )
    head = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bench | Wire</title>'
        f'<meta property="og:site_name" content="Wire"><script type="application/ld+json">{ld}</script>'
        f"<script>window.config = {config};</script>"
        "<style>body{margin:0} .ad{display:block}</style></head>"
    )
    body = [
        '<body><div class="cookie-banner"><p>We use cookies.</p></div>'
        f'<header class="site-header"><nav><ul>{nav}'
        '</ul></nav></header><main><article class="story"><h1>Bench headline</h1><div class="story-body">'
    ]
    for i, para in enumerate(p for p in text.split("\n") if p.strip()):
        body.append(f'<p class="para" data-index="{i}">{para}</p>')
        if i % 5 == 4:
            body.append(f'<div class="ad-slot" id="ad-{i}"><script>ads.push({{slot: {i}}})</script></div>')
    related = "".join(
        f'<li><a href="/r/{i}">Air strike kills {i} in a town far away</a></li>' for i in range(30)
    )
    tail = (
        f'</div></article><aside class="related"><ul>{related}</ul></aside></main>'
        f'<footer class="site-footer"><p>Copyright Wire</p></footer><script>var late = {config};</script>'
    )
    page = head + "".join(body) + tail
    pad = max(0, target_bytes - len(page.encode()) - 20)
    return page + "<!--" + "x" * pad + "--></body></html>"


def run(quick: bool = False) -> list[Row]:
    from bench.corpus import synthetic_articles
    from geoevents.inputs import iter_documents, read_document
    from geoevents.webtext import extract_html

    runs = 5 if quick else 21
    arts = synthetic_articles(12, size=5000)
    text = "\n".join(t for t, _ in arts)[:38_000]
    page = news_page(text)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        html_path = d / "page.html"
        html_path.write_text(page, encoding="utf-8")
        main_text = extract_html(page).text
        txt_path = d / "page.txt"
        txt_path.write_text(main_text, encoding="utf-8")
        kb = html_path.stat().st_size / 1000

        t_extract = median_time(lambda: extract_html(page), runs=runs)
        t_html = median_time(lambda: read_document(html_path), runs=runs)
        t_txt = median_time(lambda: read_document(txt_path), runs=runs)
        rows.append(
            Row(
                "inputs",
                f"extract_html() on a {kb:.0f} KB news page (in memory)",
                t_extract * 1000,
                "ms",
                note=f"{len(main_text) / 1000:.0f} KB of main text kept",
            )
        )
        rows.append(
            Row(
                "inputs",
                f"read_document() of that {kb:.0f} KB .html page",
                t_html * 1000,
                "ms",
                "the same main text as a .txt",
                t_html / t_txt,
            )
        )
        rows.append(
            Row("inputs", "read_document() of the main text as a .txt (baseline)", t_txt * 1000, "ms")
        )

        n_items = 100 if quick else 400
        paras = [p for p in text.split("\n") if p.strip()]
        items = "".join(
            f"<item><title>Item {i}</title><link>https://wire.example/{i}</link>"
            f"<pubDate>Tue, 03 Dec 2024 10:{i % 60:02d}:00 GMT</pubDate>"
            f"<description><![CDATA[<p>{paras[i % len(paras)]}</p>"
            f"<p>{paras[(i + 1) % len(paras)]}</p>]]></description></item>"
            for i in range(n_items)
        )
        feed = d / "feed.rss"
        feed.write_text(
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>',
            encoding="utf-8",
        )
        jsonl = d / "same.jsonl"
        with jsonl.open("w", encoding="utf-8") as fh:
            for doc in iter_documents([feed]):
                if hasattr(doc, "text"):
                    fh.write(json.dumps({"text": doc.text, "published": str(doc.published)}) + "\n")
        t_feed = median_time(lambda: list(iter_documents([feed])), runs=runs)
        t_jsonl = median_time(lambda: list(iter_documents([jsonl])), runs=runs)
        rows.append(
            Row(
                "inputs",
                f"iter_documents() on an RSS feed of {n_items} items",
                n_items / t_feed,
                "items/s",
                "the same texts as JSON Lines",
                (n_items / t_feed) / (n_items / t_jsonl),
                note=f"{feed.stat().st_size / 1e6:.2f} MB",
            )
        )

        if not quick:
            nested = d / "nested.html"
            nested.write_text(
                "<html><body>" + "<div>" * 1_000_000 + "<p>Shelling hit Kharkiv on Monday.</p>",
                encoding="utf-8",
            )
            t_nest = median_time(lambda: read_document(nested), runs=3)
            rows.append(
                Row(
                    "inputs",
                    "hostile page: 5 MB of nested <div>",
                    t_nest,
                    "s",
                    note="depth capped; one paragraph kept",
                )
            )
    return rows
