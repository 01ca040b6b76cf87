"""Coding a corpus straight into a partitioned GeoParquet dataset, on the workers.

Used by :func:`geoevents.pipeline.run_corpus` when a Dask engine writes a
dataset directory: nothing but counts and problems travels back to the client,
so the client is not the bottleneck however large the corpus.

Two phases, both run on the cluster:

1. **Code.** Each chunk of articles is coded on a worker, which writes the
   chunk's incidents (one row per report, not yet merged) to
   ``_raw/part-NNNNNNNN.parquet`` and returns the *date islands* of the chunk:
   the maximal runs of days covered by overlapping ``date_start``-``date_end``
   ranges, with their row counts.
2. **Merge.** Two reports can only be one incident when their date ranges
   overlap (the merge rule of :mod:`geoevents.store.merge`), so the union of
   all chunks' islands splits the reports into groups that never interact.
   Each group of islands is read back with a filter on its days, merged with
   :func:`~geoevents.store.merge.merge_incidents` in the order the reports
   arrived, and written as ``event_month=YYYY-MM/part-GGGGGG.parquet``. The
   result is exactly what merging all reports at once gives, which a test
   checks against the local engine.

The dataset is built beside the target and moved into place at the end, so a
reader never sees half of it. The directory must be reachable from every
worker (a local disk for a LocalCluster; a shared file system otherwise).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["code_chunk_to_parts", "islands", "merge_group", "GROUP_ROWS"]

#: Reports per merge task (islands are grouped up to about this many rows).
GROUP_ROWS = 200_000
_RAW = "_raw"
_DAY = "_day_lo"
_SEQ = "_seq"
_UNDATED = -1


def _ranges(gdf):
    """Day ordinals (start, end) of each report's date range; -1 where it has none."""
    import numpy as np
    import pandas as pd

    start = gdf["date_start"].fillna(gdf["event_date"])
    end = gdf["date_end"].fillna(gdf["event_date"])
    ok = start.notna() & end.notna()
    epoch = 719163  # date(1970, 1, 1).toordinal()
    s = np.full(len(gdf), _UNDATED, "int64")
    e = np.full(len(gdf), _UNDATED, "int64")
    if ok.any():
        s[ok.to_numpy()] = (pd.to_datetime(start[ok]).to_numpy().astype("datetime64[D]").astype("int64") + epoch)
        e[ok.to_numpy()] = (pd.to_datetime(end[ok]).to_numpy().astype("datetime64[D]").astype("int64") + epoch)
    e = np.maximum(s, e)
    return s, e


def islands(intervals) -> list[tuple[int, int, int]]:
    """Union of ``(lo, hi, rows)`` day intervals into disjoint islands, sorted by day."""
    out: list[list[int]] = []
    for lo, hi, n in sorted(intervals):
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
            out[-1][2] += n
        else:
            out.append([lo, hi, n])
    return [tuple(x) for x in out]


def code_chunk_to_parts(chunk_no: int, docs: list, root: str):
    """Phase 1 on a worker: code a chunk, write its reports, return ``(n, problems, done, islands)``."""
    from .pipeline import code_chunk

    gdf, problems, done = code_chunk(docs)
    if not len(gdf):
        return 0, problems, done, [], False, 0
    s, e = _ranges(gdf)
    raw = gdf.copy()
    raw[_DAY] = s
    raw[_SEQ] = range(len(raw))
    raw[_SEQ] = raw[_SEQ].astype("int64") + chunk_no * 10_000_000
    from .io.formats import _null_points

    target = Path(root) / _RAW / f"part-{chunk_no:08d}.parquet"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    _null_points(raw).to_parquet(tmp, compression="zstd", index=False)
    os.replace(tmp, target)
    dated = s != _UNDATED
    local = islands(zip(s[dated].tolist(), e[dated].tolist(), [1] * int(dated.sum())))
    return len(gdf), problems, done, local, bool((~dated).any()), int(gdf["doc_id"].nunique())


def merge_group(group_no: int, lo: int, hi: int, root: str, merge: bool) -> tuple[int, int]:
    """Phase 2 on a worker: merge the reports whose range starts in ``[lo, hi]``; return (rows in, rows out).

    ``lo == hi == -1`` takes the undated reports (never merged). ``merge`` is
    false when the whole run had fewer than two articles with incidents, as
    in the local engine.
    """
    import geopandas as gpd

    from .contract import conform
    from .io.formats import write_month_parts

    filters = [(_DAY, "==", _UNDATED)] if lo == _UNDATED else [(_DAY, ">=", lo), (_DAY, "<=", hi)]
    gdf = gpd.read_parquet(Path(root) / _RAW, filters=filters)
    if not len(gdf):
        return 0, 0
    gdf = gdf.sort_values(_SEQ, kind="stable").drop(columns=[_DAY, _SEQ]).reset_index(drop=True)
    n_in = len(gdf)
    gdf = conform(gdf.drop_duplicates("event_id", keep="first"))
    if merge and lo != _UNDATED and len(gdf) > 1:
        from .store.merge import merge_incidents

        gdf, _records = merge_incidents(gdf)
    write_month_parts(gdf, root, part=f"part-{group_no:06d}" if lo != _UNDATED else "part-undated")
    return n_in, len(gdf)


def plan_groups(all_islands, *, undated: bool, group_rows: int = GROUP_ROWS) -> list[tuple[int, int]]:
    """Day windows ``(lo, hi)`` of the merge tasks: consecutive islands up to ``group_rows`` reports."""
    groups: list[list[int]] = []
    rows = 0
    for lo, hi, n in islands(all_islands):
        if groups and rows + n <= group_rows:
            groups[-1][1] = hi
            rows += n
        else:
            groups.append([lo, hi])
            rows = n
    out = [tuple(g) for g in groups]
    if undated:
        out.append((_UNDATED, _UNDATED))
    return out


def build_dataset(chunks, run, client, target: Path, *, merge: bool, ahead: int, on_progress=None) -> None:
    """Drive both phases on a Dask ``client``; write the dataset to ``target``."""
    import shutil

    from .io.formats import replace_dataset
    from .pipeline import _chunk_failed

    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    built = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    if built.exists():
        shutil.rmtree(built)
    built.mkdir()
    try:
        all_islands: list = []
        undated = False
        docs_with_incidents = 0

        def submit(pair):
            no, chunk = pair
            return client.submit(code_chunk_to_parts, no, chunk, str(built), pure=False)

        from .pipeline import _ordered

        for (no, chunk), fut in _ordered(submit, enumerate(chunks), ahead=ahead):
            try:
                n, problems, _done, local, has_undated, n_docs = fut.result()
            except Exception as err:  # a worker died: its chunk is reported, the run goes on
                run.problems.extend(_chunk_failed(chunk, err))
                continue
            run.problems.extend(problems)
            run.articles += len(chunk)
            run.incidents_found += n
            all_islands.extend(local)
            undated |= has_undated
            docs_with_incidents += n_docs
            if on_progress is not None:
                on_progress(run)
        if (built / _RAW).exists():
            groups = plan_groups(all_islands, undated=undated, group_rows=GROUP_ROWS)
            merge = merge and docs_with_incidents > 1
            futs = [client.submit(merge_group, g, lo, hi, str(built), merge, pure=False)
                    for g, (lo, hi) in enumerate(groups)]
            for n_in, n_out in client.gather(futs):
                run.merged += n_in - n_out
            shutil.rmtree(built / _RAW)
        replace_dataset(built, target)
    finally:
        if built.exists():
            shutil.rmtree(built, ignore_errors=True)
