"""Corpora at scale: articles per second with 1 and 2 local workers and a Dask
LocalCluster, and each worker's peak memory as the corpus grows.

Each configuration runs in a fresh Python process (``python -m
bench.bench_corpus --child ...``) so that start-up, worker start-up and peak
memory are those a user sees. The corpus is synthetic wire copy of about 5 KB
per article (:mod:`bench.corpus`), written once as JSON Lines.

Figures: articles/s (one run per size in the full bench: a 10,000-article
run takes minutes; the quick bench takes the median of 3 runs of a small
corpus), the speed-up against one worker measured in the same process, and
the largest worker's peak RSS for a quarter of the corpus and for all of it.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import Row

FULL_ARTICLES = 10_000
QUICK_ARTICLES = 400


def write_corpus(path: Path, n: int, *, size: int = 5000, seed: int = 17) -> Path:
    from bench.corpus import synthetic_articles

    with path.open("w", encoding="utf-8") as fh:
        for i, (text, pub) in enumerate(synthetic_articles(n, size=size, seed=seed)):
            fh.write(json.dumps({"text": text, "published": pub.isoformat(), "source": "Synthetic Wire",
                                 "url": f"https://news.example/{i}"}) + "\n")
    return path


def child(corpus: str, engine: str, workers: int, db: str | None) -> dict:
    """Run one configuration in this process; return its figures."""
    import resource
    import time

    from geoevents.pipeline import run_corpus

    store = None
    if db:
        from geoevents.store import open_store

        store = open_store(db)
    scheduler = None
    cluster = client = None
    if engine == "dask":
        from dask.distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        scheduler = cluster.scheduler_address
    t0 = time.perf_counter()
    gdf, run = run_corpus([corpus], engine=engine, workers=workers, scheduler=scheduler, store=store)
    secs = time.perf_counter() - t0
    worker_kb = 0
    if client is not None:
        peaks = client.run(lambda: __import__("resource").getrusage(__import__("resource").RUSAGE_SELF).ru_maxrss)
        worker_kb = max(peaks.values())
        client.close()
        cluster.close()
    else:
        worker_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    parent_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if workers == 1 and engine == "local":
        worker_kb = parent_kb  # the one worker is this process
    return {"secs": secs, "articles": run.articles, "incidents": run.incidents_found, "failed": run.failed,
            "worker_mb": worker_kb / 1024, "parent_mb": parent_kb / 1024}


def _measure(corpus: Path, engine: str, workers: int, db: Path | None = None) -> dict:
    args = [sys.executable, "-m", "bench.bench_corpus", "--child", str(corpus), engine, str(workers)]
    if db is not None:
        if db.exists():
            db.unlink()
        args.append(str(db))
    out = subprocess.run(args, check=True, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    return json.loads(out.stdout.strip().splitlines()[-1])


def write_real_news(path: Path) -> Path | None:
    """LGL's and GeoWebNews' article texts (from ../shared, when beside the project) as one JSON Lines corpus."""
    from geoevents.evaluate.geoparse import read_corpus

    shared = Path(__file__).resolve().parents[2] / "shared" / "eval"
    sources = [shared / "lgl" / "lgl.xml", shared / "geowebnews" / "GWN.xml"]
    if not all(p.exists() for p in sources):
        return None
    with path.open("w", encoding="utf-8") as fh:
        for src in sources:
            _kind, arts = read_corpus(src)
            for a in arts:
                fh.write(json.dumps({"text": a.text, "published": "2019-01-01"}) + "\n")
    return path


def run_real(tmp: Path) -> list[Row]:
    """Real news, each article once (new text for the caches): 1 and 2 worker processes."""
    corpus = write_real_news(tmp / "real.jsonl")
    if corpus is None:
        return []
    n = sum(1 for _ in corpus.open())
    kb = corpus.stat().st_size / n / 1e3
    one = _measure(corpus, "local", 1)
    two = _measure(corpus, "local", 2)
    note = f"{n} LGL + GeoWebNews articles, {kb:.1f} KB each"
    return [
        Row("corpus", "real news, 1 worker: articles/s", n / one["secs"], "art/s", note=note),
        Row("corpus", "real news, 2 workers: articles/s", n / two["secs"], "art/s", "1 worker",
            one["secs"] / two["secs"], note),
    ]


def run(quick: bool = False) -> list[Row]:
    n = QUICK_ARTICLES if quick else FULL_ARTICLES
    repeats = 3 if quick else 1
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = write_corpus(tmp / "corpus.jsonl", n)
        small = write_corpus(tmp / "quarter.jsonl", n // 4)
        mb = corpus.stat().st_size / 1e6
        configs = [("local", 1, "1 worker (this process)"), ("local", 2, "2 worker processes"),
                   ("dask", 2, "Dask LocalCluster, 2 workers")]
        base = None
        full = {}
        for engine, workers, label in configs:
            got = [_measure(corpus, engine, workers) for _ in range(repeats)]
            full[label] = got[0]
            secs = statistics.median(g["secs"] for g in got)
            rate = n / secs
            if base is None:
                base = rate
            note = f"{n:,} articles, {mb:.0f} MB, {got[0]['incidents']:,} incidents, {repeats} run(s)"
            rows.append(Row("corpus", f"{label}: articles/s", rate, "art/s",
                            None if engine == "local" and workers == 1 else "1 worker",
                            None if engine == "local" and workers == 1 else rate / base, note))
            rows.append(Row("corpus", f"{label}: per-core articles/s", rate / workers, "art/s/core"))
        # a store in the loop: the parent appends each chunk while the workers code the next
        got = _measure(corpus, "local", 2, tmp / "store.gpkg")
        rows.append(Row("corpus", "2 workers into a GeoPackage store: articles/s", n / got["secs"], "art/s",
                        "1 worker", n / got["secs"] / base, "resumable: each chunk committed with its hashes"))
        # memory: the largest worker's peak for a quarter of the corpus and for all of it
        for engine, workers, label in configs[1:]:
            q = _measure(small, engine, workers)
            f = full[label]
            rows.append(Row("corpus", f"{label}: worker peak RSS, {n // 4:,} articles", q["worker_mb"], "MB"))
            rows.append(Row("corpus", f"{label}: worker peak RSS, {n:,} articles", f["worker_mb"], "MB",
                            f"{n // 4:,} articles", f["worker_mb"] / q["worker_mb"],
                            f"parent {f['parent_mb']:.0f} MB holds the incidents"))
        rows.extend(run_real(tmp))
    return rows


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "--child":
        db = sys.argv[5] if len(sys.argv) > 5 else None
        print(json.dumps(child(sys.argv[2], sys.argv[3], int(sys.argv[4]), db)))
    else:
        for row in run(quick="--quick" in sys.argv):
            print(row.line())
