"""The chain driven end to end: paths in, one incident GeoDataFrame (or a store) out.

This is the one module that sees every room: it reads inputs
(:mod:`geoevents.inputs`), codes articles (:mod:`geoevents.extraction`),
reads incident files (:mod:`geoevents.io`) and merges reports of the same
incident across articles with the store's merge rule
(:func:`geoevents.store.merge.merge_incidents`), or appends them to a store
(:mod:`geoevents.store`). The CLI's ``extract`` and ``map`` commands call it;
nothing upstream imports it.

Articles stream through in chunks: the parent process reads documents lazily,
skips those a store has already done (by content hash), and hands each chunk
to an *engine* that codes it: in this process, in local worker processes
(``workers > 1``), or on a Dask cluster (``engine="dask"``). Results come back
in input order whatever the engine, so every engine gives the same incidents.
With a store, each chunk's incidents and the content hashes of its articles
are committed in one transaction: a run killed at any moment and started again
codes only what is missing, without duplicating or losing an incident.
"""

from __future__ import annotations

import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

__all__ = ["Run", "load_inputs", "run_corpus", "code_chunk", "ENGINES", "CHUNK_DOCS"]

#: Engines that can code articles.
ENGINES = ("local", "dask")
#: Articles per chunk: the unit of work sent to a worker and committed to a store.
CHUNK_DOCS = 32
#: A chunk is closed early when its articles pass this many characters.
CHUNK_CHARS = 1_000_000


@dataclass
class Run:
    """What a run read and made: counts for the progress line and the final summary, and the problems."""

    articles: int = 0
    incident_files: int = 0
    incidents_found: int = 0
    merged: int = 0
    already_done: int = 0
    duplicates: int = 0
    stored_added: int = 0
    stored_merged: int = 0
    stored_unchanged: int = 0
    written: int = 0  # incidents in the returned frame, or written to the dataset directory
    problems: list = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    @property
    def failed(self) -> int:
        return sum(1 for p in self.problems if p.fatal)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def rate(self) -> float:
        """Articles coded per second so far."""
        t = self.elapsed
        return self.articles / t if t > 0 else 0.0

    def progress_line(self) -> str:
        """One line for a progress display: counts so far and the speed."""
        done = f" ({self.already_done:,} already done)" if self.already_done else ""
        return (f"{self.articles:,} articles{done}, {self.rate():.1f}/s, {self.incidents_found:,} incidents, "
                f"{self.failed} errors, {self.elapsed:.0f} s")

    def summary(self) -> str:
        parts = [f"{self.articles} articles read"]
        if self.already_done:
            parts.append(f"{self.already_done} already done (skipped)")
        if self.duplicates:
            parts.append(f"{self.duplicates} repeated in this run (skipped)")
        if self.incident_files:
            parts.append(f"{self.incident_files} incident files")
        parts.append(f"{self.incidents_found} incidents found")
        if self.merged:
            parts.append(f"{self.merged} merged as retellings")
        failed = f"{self.failed} inputs failed"
        reasons = self.failure_reasons()
        if reasons:
            failed += " (" + ", ".join(f"{n} {why}" for why, n in reasons) + ")"
        parts.append(failed)
        return ", ".join(parts)

    def failure_reasons(self) -> list[tuple[str, int]]:
        """Why inputs failed, most common first: ``[("binary data", 3), ...]``."""
        import re
        from collections import Counter

        counts = Counter(re.split(r" \(|: ", p.reason, maxsplit=1)[0].strip() for p in self.problems if p.fatal)
        return counts.most_common()


# --- the unit of work ------------------------------------------------------------------------


def code_chunk(docs: list) -> tuple:
    """Code a chunk of documents; return ``(incidents, problems, done_ids)``.

    This is what every engine runs where the work happens (this process, a
    local worker process or a Dask worker). ``done_ids`` are the content
    hashes of the documents that were coded (with or without incidents);
    documents that failed are left out so a later run tries them again.
    """
    from .extraction import extract_documents

    gdf, problems = extract_documents(docs)
    gdf, broken = _drop_broken(gdf, docs)
    problems.extend(broken)
    failed = {p.name for p in problems if p.fatal}
    done = [d.doc_id for d in docs if d.name not in failed]
    return gdf, problems, done


def _drop_broken(gdf, docs: list):
    """Check a chunk's incidents against the contract; drop (and report) the documents whose rows break it.

    Extraction builds rows without the full check for speed; one article whose
    incident breaks the contract (a date range that ends before it starts, say)
    must cost that article only, never the batch or the store's later writes.
    """
    from .contract import validate
    from .exc import SchemaError
    from .inputs import Problem

    if not len(gdf):
        return gdf, []
    try:
        validate(gdf)
        return gdf, []
    except SchemaError:
        pass
    names = {d.doc_id: d.name for d in docs}
    bad, problems = [], []
    for doc_id, rows in gdf.groupby("doc_id", sort=False):
        try:
            validate(rows)
        except SchemaError as err:
            bad.append(doc_id)
            problems.append(Problem(names.get(doc_id, doc_id),
                                    f"an incident coded from it breaks the contract ({err}); the article is "
                                    "skipped: please report it"))
    keep = ~gdf["doc_id"].isin(bad)
    return gdf[keep].reset_index(drop=True), problems


# --- engines: where code_chunk runs ----------------------------------------------------------


def _ordered(submit, items: Iterable, *, ahead: int) -> Iterator[tuple]:
    """Submit items as futures, at most ``ahead`` in flight; yield ``(item, future)`` in input order."""
    pending: deque = deque()
    for item in items:
        pending.append((item, submit(item)))
        if len(pending) >= ahead:
            yield pending.popleft()
    while pending:
        yield pending.popleft()


class _InProcess:
    workers = 1

    def map(self, chunks):
        for chunk in chunks:
            yield chunk, _Done(chunk)

    def close(self):
        pass


class _Done:
    """A computed-on-demand result with a future's ``result()``."""

    def __init__(self, chunk):
        self.chunk = chunk

    def result(self):
        return code_chunk(self.chunk)


def _exit_with_parent(parent: int) -> None:
    """Worker initialiser: leave when the parent process is gone (killed with -9, say)."""
    import os
    import threading

    def watch():
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="geoevents-parent-watch").start()


class _Processes:
    """Local worker processes (a fresh interpreter each: nothing is shared with the parent)."""

    def __init__(self, workers: int):
        import multiprocessing as mp
        import os
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers
        self._make = lambda: ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"),
                                                 initializer=_exit_with_parent, initargs=(os.getpid(),))
        self.pool = self._make()

    def map(self, chunks):
        return _ordered(self._submit, chunks, ahead=2 * self.workers + 1)

    def _submit(self, chunk):
        from concurrent.futures.process import BrokenProcessPool

        try:
            fut = self.pool.submit(code_chunk, chunk)
        except BrokenProcessPool:  # a worker died since the last submission
            self.restart()
            fut = self.pool.submit(code_chunk, chunk)
        fut.geoevents_pool = self.pool  # which pool it ran in: only a live pool's failure restarts it
        return fut

    def restart(self):
        """After a worker died (killed, out of memory): a new pool for what is left."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._make()

    def close(self):
        self.pool.shutdown(wait=True, cancel_futures=True)


class _Dask:
    """A Dask cluster: an existing scheduler, or a LocalCluster of ``workers`` processes."""

    def __init__(self, workers: int, scheduler: str | None):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as err:  # pragma: no cover - the dask extra is missing
            from .exc import InputError

            raise InputError(
                f"--engine dask needs the dask extra (pip install 'geoevents[dask]'): {err}"
            ) from None
        self.cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError) as err:
                from .exc import InputError

                raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({err}); is it running, "
                                 "and is the address tcp://HOST:PORT?") from None
        else:
            self.cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)

    def map(self, chunks):
        return _ordered(lambda c: self.client.submit(code_chunk, c, pure=False), chunks,
                        ahead=3 * self.workers + 1)

    def close(self):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _engine(engine: str, workers: int, scheduler: str | None):
    from .exc import InputError

    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if workers < 1:
        raise InputError(f"--workers must be at least 1 (got {workers})")
    if scheduler and engine != "dask":
        raise InputError("--scheduler is for --engine dask")
    if engine == "dask":
        return _Dask(workers, scheduler)
    return _InProcess() if workers == 1 else _Processes(workers)


# --- inputs ----------------------------------------------------------------------------------


def _split_inputs(paths, run: Run) -> tuple[list, list]:
    """Tell incident files apart from articles; expand directories (reporting what is neither)."""
    from .inputs import ARTICLE_EXTENSIONS, Problem, expand_paths, is_incident_file, walk_files

    expanded = []
    for raw in expand_paths(paths):  # glob patterns first, then directories
        if isinstance(raw, Problem):
            run.problems.append(raw)
            continue
        p = Path(str(raw))
        # directories: their incident files are read as incidents, their articles as articles
        if str(raw) != "-" and p.is_dir() and not is_incident_file(p):
            skipped = []
            unreadable = lambda name, why: run.problems.append(Problem(name, f"folder not read: {why}"))  # noqa: E731
            for f in walk_files(p, on_error=unreadable):
                if is_incident_file(f) or f.suffix.lower() in ARTICLE_EXTENSIONS or f.suffix == "":
                    expanded.append(f)
                else:
                    skipped.append(f.suffix.lower())
            if skipped:
                kinds = ", ".join(sorted(set(skipped)))
                run.problems.append(Problem(str(p), f"skipped {len(skipped)} files that are neither articles nor incidents ({kinds})", fatal=False))
        else:
            expanded.append(raw)
    incident_files, articles = [], []
    for raw in expanded:
        if str(raw) != "-" and is_incident_file(raw) and Path(raw).exists():
            incident_files.append(raw)
        else:
            articles.append(raw)
    return incident_files, articles


def _chunks(docs: Iterable, run: Run, store, seen: dict, on_progress=None) -> Iterator[list]:
    """Group documents into chunks, passing problems to ``run`` and skipping done or repeated articles."""
    from .inputs import Problem

    def fresh(chunk):
        if store is None or not chunk:
            return chunk
        done = store.done_among(d.doc_id for d in chunk)
        run.already_done += len(done)
        if done and on_progress is not None:  # a resumed run shows its skipping too
            on_progress(run)
        return [d for d in chunk if d.doc_id not in done]

    chunk: list = []
    size = 0
    for item in docs:
        if isinstance(item, Problem):
            run.problems.append(item)
            continue
        key = item.doc_id
        first = seen.get(key)
        if first is not None:
            run.duplicates += 1
            run.problems.append(Problem(item.name, f"the same text as {first}: coded once, with that copy's "
                                                   "source, address and date", fatal=False))
            continue
        seen[key] = item.name
        chunk.append(item)
        size += getattr(item, "size", None) or len(getattr(item, "text", "") or "")
        if len(chunk) >= CHUNK_DOCS or size >= CHUNK_CHARS:
            chunk = fresh(chunk)
            if chunk:
                yield chunk
            chunk, size = [], 0
    chunk = fresh(chunk)
    if chunk:
        yield chunk


def _result(ex, chunk: list, fut):
    """A chunk's result; when a worker process died (killed, out of memory) the pool is
    restarted and the chunk tried once more, so only the chunk that kills a worker fails."""
    from concurrent.futures import CancelledError

    try:
        return fut.result()
    except (Exception, CancelledError) as err:
        # BrokenProcessPool: this chunk's pool lost a worker; CancelledError: the chunk was
        # still queued in a pool that an earlier failure replaced
        if not hasattr(ex, "restart") or type(err).__name__ not in ("BrokenProcessPool", "CancelledError"):
            raise
        if type(err).__name__ == "BrokenProcessPool" and getattr(fut, "geoevents_pool", None) is ex.pool:
            ex.restart()
        try:
            return ex._submit(chunk).result()
        except Exception as again:
            if type(again).__name__ == "BrokenProcessPool":
                ex.restart()
            raise


def _chunk_failed(chunk: list, err: BaseException) -> list:
    from .inputs import Problem

    why = f"the worker coding it failed ({type(err).__name__}: {err}); try again with --workers 1"
    return [Problem(d.name, why) for d in chunk]


# --- the driver ------------------------------------------------------------------------------


def run_corpus(
    paths,
    *,
    published=None,
    source=None,
    url=None,
    merge: bool = True,
    store=None,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    collect: bool | None = None,
    dataset=None,
    run: Run | None = None,
    on_progress: Callable[[Run], None] | None = None,
):
    """Code a corpus of articles (and read incident files); return ``(GeoDataFrame, Run)``.

    Parameters
    ----------
    paths : iterable
        Files, directories, ``-`` for stdin, JSON Lines corpora, incident files.
    published, source, url
        Metadata that overrides what the files say.
    merge : bool
        Merge reports of one incident from different articles (the store's rule).
    store : IncidentStore, optional
        Append each chunk's incidents to this store in one transaction with the
        content hashes of its articles, and skip articles it has already done:
        the run is resumable; ``run`` gets the store's counts.
    collect : bool, optional
        Return this run's incidents (default: yes without a store, no with
        one, where they are already kept).
    dataset : path, optional
        With ``engine="dask"`` and no store: the workers write the incidents
        (merged) to this month-partitioned GeoParquet directory themselves,
        and only counts come back (:mod:`geoevents.dataset_run`). With the
        local engine the incidents are written there at the end.
    workers : int
        Processes coding articles (``engine="local"``: 1 is this process), or
        the size of the LocalCluster (``engine="dask"`` without ``scheduler``).
    engine : {"local", "dask"}
        Where chunks are coded. Every engine gives the same incidents.
    scheduler : str, optional
        Address of an existing Dask scheduler (``tcp://host:8786``).
    on_progress : callable, optional
        Called with ``run`` after every chunk (for a progress display).
    """
    import pandas as pd

    from .contract import conform, empty_frame
    from .inputs import iter_documents

    run = run if run is not None else Run()
    collect = store is None if collect is None else collect
    if dataset is not None and store is not None:
        from .exc import InputError

        raise InputError("give a store or a dataset directory, not both")
    incident_files, articles = _split_inputs(paths, run)
    frames = []
    for raw in incident_files:
        from .io import read_incidents

        try:
            gdf = read_incidents(raw)
        except Exception as err:  # one bad file never sinks the batch
            from .inputs import Problem

            run.problems.append(Problem(str(raw), f"{type(err).__name__}: {err}"))
            continue
        run.incident_files += 1
        if store is not None:
            _store_counts(run, store.append(gdf, merge=False))
        if collect:
            frames.append(gdf)
    if articles:
        coded = []
        docs = iter_documents(articles, published=published, source=source, url=url)
        ex = _engine(engine, workers, scheduler)
        try:
            if dataset is not None and engine == "dask":
                from .dataset_run import build_dataset

                build_dataset(_chunks(docs, run, None, {}), run, ex.client, Path(dataset), merge=merge,
                              ahead=3 * ex.workers + 1, on_progress=on_progress)
                run.written = run.incidents_found - run.merged
                if frames:  # incident files given beside the articles join the dataset
                    import geopandas as gpd

                    from .io.formats import write_month_parts

                    extra = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True))
                    write_month_parts(extra, dataset, part="part-files")
                    run.written += len(extra)
                return empty_frame(), run
            for chunk, fut in ex.map(_chunks(docs, run, store, {}, on_progress)):
                try:
                    gdf, problems, done = _result(ex, chunk, fut)
                except Exception as err:  # the chunk's worker died twice: reported, the run goes on
                    run.problems.extend(_chunk_failed(chunk, err))
                    continue
                run.problems.extend(problems)
                if store is not None:  # counted once committed, so an interruption reports what is kept
                    with _sigint_deferred():
                        _store_counts(run, store.append(gdf, merge=merge, done=done))
                run.articles += len(chunk)
                run.incidents_found += len(gdf)
                if collect and len(gdf):
                    coded.append(gdf)
                if on_progress is not None:
                    on_progress(run)
        finally:
            ex.close()
        if coded:
            gdf = coded[0] if len(coded) == 1 else conform(
                pd.concat(coded, ignore_index=True).drop_duplicates("event_id", keep="first"))
            if merge and len(gdf) > 1 and gdf["doc_id"].nunique() > 1:
                from .store.merge import merge_incidents

                merged, _records = merge_incidents(gdf)
                if store is None:
                    run.merged += len(gdf) - len(merged)
                gdf = merged
            frames.append(gdf)
    frames = [f for f in frames if len(f)]
    if not frames:
        out = empty_frame()
    elif len(frames) == 1:
        out = frames[0]
    else:
        out = conform(pd.concat(frames, ignore_index=True).drop_duplicates("event_id", keep="first"))
    if dataset is not None:
        from .io import write_incidents

        write_incidents(out, dataset, partition_by_month=True)
    run.written = len(out)
    return out, run


@contextmanager
def _sigint_deferred():
    """Hold Ctrl-C until a store write has committed (it must not land inside SQLite's callbacks)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.getsignal(signal.SIGINT)
    if old in (signal.SIG_IGN, None):
        yield
        return
    got: list = []
    signal.signal(signal.SIGINT, lambda signum, frame: got.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)
    if got:
        raise KeyboardInterrupt


def _store_counts(run: Run, result) -> None:
    run.stored_added += result.added
    run.stored_merged += result.merged
    run.stored_unchanged += result.unchanged
    run.merged += result.merged


def load_inputs(paths, *, published=None, source=None, url=None, merge: bool = True, run: Run | None = None,
                on_progress=None, workers: int = 1):
    """Load articles and incident files into one incident GeoDataFrame.

    Articles are coded by :func:`geoevents.extraction.extract_documents`;
    incident files are read by :func:`geoevents.io.read_incidents`. With
    ``merge`` (the default) reports of the same incident from different
    articles become one incident that keeps every source and sentence.
    :func:`run_corpus` does the same with a store, worker processes or Dask.

    Returns
    -------
    (GeoDataFrame, list[Problem])
        The incidents, and one problem per input that failed or was repaired.
        Pass a :class:`Run` as ``run`` to get the counts as well.
    """
    gdf, run = run_corpus(paths, published=published, source=source, url=url, merge=merge, run=run,
                          on_progress=on_progress, workers=workers)
    return gdf, run.problems
