"""Extraction throughput: articles per second per core, beside geoparsing alone."""

from __future__ import annotations

import os
import statistics
import time

from bench.common import Row, median_time


def run(quick: bool = False) -> list[Row]:
    import geoevents
    from geoevents.geoparsing import geoparse
    from bench.corpus import synthetic_articles

    n = 40 if quick else 200
    docs = synthetic_articles(n, size=5000)
    mb = sum(len(t.encode()) for t, _ in docs) / 1e6
    geoevents.extract(docs[0][0], published=docs[0][1])  # warm the gazetteer and caches

    def do_extract():
        for text, pub in docs:
            geoevents.extract(text, published=pub)

    def do_geoparse():
        for text, _ in docs:
            geoparse(text)

    from geoevents.extraction import extract_records

    def do_records():
        for text, pub in docs:
            extract_records(text, published=pub)

    from geoevents.extraction import extract_documents
    from geoevents.inputs import Document

    batch = [Document(text=t, name=f"doc{i}", published=p) for i, (t, p) in enumerate(docs)]

    def do_batch():
        extract_documents(iter(batch))

    runs = 3 if quick else 5
    t_batch = median_time(do_batch, runs=runs, warmup=0)
    t_ex = median_time(do_extract, runs=runs, warmup=0)
    t_gp = median_time(do_geoparse, runs=runs, warmup=0)
    t_rec = median_time(do_records, runs=runs, warmup=0)
    rows = [
        Row("extract", f"batch extraction of {n} synthetic 5 KB articles", n / t_batch, "articles/s",
            "geoparse alone", (n / t_batch) / (n / t_gp), note="one core, one GeoDataFrame per batch"),
        Row("extract", f"extract() per article on {n} synthetic 5 KB articles", n / t_ex, "articles/s",
            "geoparse alone", (n / t_ex) / (n / t_gp), note="one core"),
        Row("extract", f"extract_records() per article on {n} synthetic 5 KB articles", n / t_rec, "articles/s",
            "geoparse alone", (n / t_rec) / (n / t_gp), note="one core; geoparsing and coding, no GeoDataFrame"),
        Row("extract", "geoparse() alone on the same articles", n / t_gp, "articles/s", note=f"{mb / t_gp:.2f} MB/s"),
        Row("extract", "extract() text throughput", mb / t_ex, "MB/s"),
    ]
    rows.extend(run_stages(docs, runs=runs))
    t0 = time.perf_counter()
    sample = geoevents.extract(docs[0][0], published=docs[0][1])
    rows.append(Row("extract", "incidents in one synthetic article", float(len(sample)), "incidents",
                    note=f"{(time.perf_counter() - t0) * 1000:.1f} ms"))
    rows.extend(run_real_news())
    rows.extend(run_streaming(quick))
    rows.extend(run_accuracy())
    return rows


def run_stages(docs, *, runs: int = 5) -> list[Row]:
    """Where batch extraction's time goes, per article: geoparsing, coding, rows, the GeoDataFrame.

    Each stage is timed alone over the same articles (median of ``runs`` passes, CPU time of this
    process, so that another busy process on the machine counts less), in the order the batch runs them.
    """
    import statistics

    from geoevents.contract import from_records
    from geoevents.extraction import _gazetteer
    from geoevents.extraction.coder import code_document, to_records
    from geoevents.geoparsing import geoparse

    gaz = _gazetteer()
    n = len(docs)

    def timed(fn):
        out, ts = None, []
        for _ in range(runs):
            t0 = time.process_time()
            out = fn()
            ts.append(time.process_time() - t0)
        return out, statistics.median(ts)

    mentions, t_geo = timed(lambda: [geoparse(t, gazetteer=gaz) for t, _p in docs])
    incidents, t_code = timed(lambda: [code_document(t, published=p, mentions=m, gazetteer=gaz)
                                       for (t, p), m in zip(docs, mentions)])
    records, t_rec = timed(lambda: [r for (t, p), inc in zip(docs, incidents)
                                    for r in to_records(inc, text=t, doc_id="d", published=p, source=None, url=None, gazetteer=gaz)])
    _gdf, t_gdf = timed(lambda: from_records(records, validate_values=False))
    total = t_geo + t_code + t_rec + t_gdf
    ms = 1000 / n
    return [
        Row("extract", f"per-stage: geoparse ({n} synthetic 5 KB articles)", t_geo * ms, "ms/article", note="CPU time"),
        Row("extract", "per-stage: coding (code_document)", t_code * ms, "ms/article", "geoparse", t_code / t_geo,
            note=f"{len(records) / n:.1f} incidents per article"),
        Row("extract", "per-stage: rows (to_records)", t_rec * ms, "ms/article"),
        Row("extract", "per-stage: GeoDataFrame (from_records, one per batch)", t_gdf * ms, "ms/article"),
        Row("extract", "per-stage: sum, as articles per second per core", n / total, "articles/s", "geoparse alone",
            t_geo / total, note="the stages timed one by one; the batch row above is the whole run"),
    ]


def run_real_news() -> list[Row]:
    """Batch extraction over real web news (GeoWebNews' 200 articles), when ../shared is beside the project."""
    import time
    from datetime import date
    from pathlib import Path

    from geoevents.evaluate.geoparse import read_corpus
    from geoevents.extraction import extract_documents
    from geoevents.inputs import Document

    path = Path(__file__).resolve().parents[2] / "shared" / "eval" / "geowebnews" / "GWN.xml"
    if not path.exists():
        return []
    _kind, arts = read_corpus(path)
    docs = [Document(text=a.text, name=str(i), published=date(2019, 1, 1)) for i, a in enumerate(arts)]
    mb = sum(len(d.text.encode()) for d in docs) / 1e6
    # load the modules and compile the patterns first; the articles' names stay unseen (cold caches)
    extract_documents(iter([Document(text="Warplanes struck a town on Monday.", name="warm", published=date(2019, 1, 1))]))
    t0 = time.process_time()
    gdf, _ = extract_documents(iter(docs))
    secs = time.process_time() - t0
    rows = [Row("extract", f"batch extraction of real web news ({len(docs)} GeoWebNews articles, first pass)",
                len(docs) / secs, "articles/s", note=f"{mb / secs:.2f} MB/s = {mb / secs / 0.005:.0f} 5-KB articles/s, "
                f"{len(gdf)} incidents, CPU time, one core")]
    # the same news as 5 KB articles, each coded in a new process so that no name has been seen:
    # the unit, measured rather than derived (see _code_news_in_5kb_pieces)
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    code = f"from bench.bench_extract import _code_news_in_5kb_pieces as f; f({str(path)!r})"
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             cwd=root).stdout.split()
        runs.append((int(out[0]), float(out[1]), int(out[2]), float(out[3])))
    n5, _s, n_inc, size = runs[0]
    secs5 = statistics.median(r[1] for r in runs)
    rows.append(Row("extract", f"batch extraction of real web news joined into {n5} articles of 5 KB (new process)",
                    n5 / secs5, "articles/s", note=f"mean {size / 1000:.1f} KB, {n_inc} incidents, CPU time, median of 3, "
                    "one core"))
    return rows


def _code_news_in_5kb_pieces(path: str) -> None:
    """Print (pieces, CPU seconds, incidents, mean size) for the corpus's stories in a row, cut at the
    first full stop after 4,800 characters; run in a new process by :func:`run_real_news`."""
    from datetime import date

    from geoevents.evaluate.geoparse import read_corpus
    from geoevents.extraction import extract_documents
    from geoevents.inputs import Document

    day = date(2019, 1, 1)
    stream = "\n\n".join(a.text for a in read_corpus(path)[1])
    docs, at = [], 0
    while len(stream) - at >= 4800:
        cut = stream.find(". ", at + 4800, at + 5400)
        cut = at + 5000 if cut < 0 else cut + 1
        docs.append(Document(text=stream[at:cut], name=str(len(docs)), published=day))
        at = cut
    extract_documents(iter([Document(text="Warplanes struck a town on Monday.", name="w", published=day)]))
    t0 = time.process_time()
    gdf, _ = extract_documents(iter(docs))
    secs = time.process_time() - t0
    print(len(docs), secs, len(gdf), sum(len(d.text) for d in docs) / len(docs))


def run_accuracy() -> list[Row]:
    """Where extraction stands on the development sets (when ../shared is beside the project)."""
    from pathlib import Path

    from geoevents.evaluate.events import evaluate_acled, evaluate_event_locations

    rows = []
    root = Path(__file__).resolve().parents[1]
    gold = root.parent / "shared" / "eval" / "event_location" / "labeled_text.jsonl.zip"
    if gold.exists():
        r = evaluate_event_locations(gold)
        rows.append(Row("extract", "event location (Halterman RELABEL) precision", r["precision"], "",
                        note=f"recall {r['recall']:.3f}, F1 {r['f1']:.3f}, n={r['records']}"))
    sample = root / "tests" / "data" / "acled_events_sample.csv"
    r = evaluate_acled(sample)
    rows.append(Row("extract", "ACLED-format sample: sub-event type accuracy", r["sub_event_type"], "",
                    note=f"date {r['date_exact']:.2f}, <=25 km {r['within_25km']:.2f}, fatalities {r['fatalities_exact']:.2f}, "
                         f"actor1 {r['actor1']:.2f}, n={r['rows']} (written for the tests)"))
    return rows


def _streamed_rss(path: str) -> tuple[float, float, int]:
    """Extract one big file in a new process; return (seconds, peak RSS MB, incidents)."""
    import json
    import subprocess
    import sys

    code = (
        "import json, sys, time\n"
        "from geoevents.inputs import iter_documents\n"
        "from geoevents.extraction import extract_documents\n"
        "t = time.perf_counter()\n"
        "gdf, probs = extract_documents(iter_documents([sys.argv[1]], published='2024-12-03'))\n"
        "hwm = [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
        "print(json.dumps([time.perf_counter() - t, hwm / 1024, len(gdf)]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True, check=True)
    secs, rss, n = json.loads(out.stdout.strip().splitlines()[-1])
    return secs, rss, n


def run_streaming(quick: bool = False) -> list[Row]:
    """Peak memory of one process extracting one large file, at two sizes: flat means streamed."""
    import tempfile
    from pathlib import Path

    from bench.corpus import synthetic_articles

    sizes = (2, 8) if quick else (4, 32)
    filler = ("Officials said talks would continue and traders described a quiet market day. " * 120 + "\n") * 4
    rows = []
    base = None
    with tempfile.TemporaryDirectory() as tmp:
        for mb in sizes:
            path = Path(tmp) / f"big{mb}.txt"
            with path.open("w", encoding="utf-8") as fh:
                written = 0
                seed = 0
                while written < mb * 1_000_000:
                    # a long report: now and then an incident paragraph, mostly background prose
                    for text, _ in synthetic_articles(5, seed=seed):
                        para = text.split("\n")[0] + "\n" + filler
                        fh.write(para)
                        written += len(para)
                    seed += 1
            secs, rss, n = _streamed_rss(str(path))
            base = base or rss
            rows.append(Row("extract", f"one {mb} MB file, streamed: peak RSS", rss, "MB",
                            f"the {sizes[0]} MB file", rss / base, note=f"{mb / secs:.2f} MB/s, {n} incidents"))
        if os.environ.get("GEOEVENTS_BENCH_BIG"):  # about 5 minutes: only when asked
            # 100 MB of dense news in one file (400 synthetic articles told again and again, as in a
            # careless dump of a feed): every block holds incidents, most of them told before
            path = Path(tmp) / "dense100.txt"
            blob = "\n\n".join(t for t, _ in synthetic_articles(400, size=5000)) + "\n\n"
            with path.open("w", encoding="utf-8") as fh:
                for _ in range(100_000_000 // len(blob) + 1):
                    fh.write(blob)
            secs, rss, n = _streamed_rss(str(path))
            rows.append(Row("extract", "one 100 MB file of dense repeated news, streamed: peak RSS", rss, "MB",
                            f"the {sizes[0]} MB file", rss / base, note=f"{100 / secs:.2f} MB/s, {n} incidents"))
    return rows
