"""The chain driven end to end: paths in, one incident GeoDataFrame out.

This is the one module that sees every room: it reads inputs
(:mod:`geoevents.inputs`), codes articles (:mod:`geoevents.extraction`),
reads incident files (:mod:`geoevents.io`) and merges reports of the same
incident across articles with the store's merge rule
(:func:`geoevents.store.merge.merge_incidents`). The CLI's ``extract`` and
``map`` commands call it; nothing upstream imports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Run", "load_inputs"]


@dataclass
class Run:
    """What a run read and made: counts for the final summary, and the problems."""

    articles: int = 0
    incident_files: int = 0
    incidents_found: int = 0
    merged: int = 0
    problems: list = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(1 for p in self.problems if p.fatal)

    def summary(self) -> str:
        parts = [f"{self.articles} articles read"]
        if self.incident_files:
            parts.append(f"{self.incident_files} incident files")
        parts.append(f"{self.incidents_found} incidents found")
        if self.merged:
            parts.append(f"{self.merged} merged as retellings")
        parts.append(f"{self.failed} inputs failed")
        return ", ".join(parts)


def load_inputs(paths, *, published=None, source=None, url=None, merge: bool = True, run: Run | None = None,
                on_progress=None):
    """Load articles and incident files into one incident GeoDataFrame.

    Articles are coded by :func:`geoevents.extraction.extract_documents`;
    incident files are read by :func:`geoevents.io.read_incidents`. With
    ``merge`` (the default) reports of the same incident from different
    articles become one incident that keeps every source and sentence.

    Returns
    -------
    (GeoDataFrame, list[Problem])
        The incidents, and one problem per input that failed or was repaired.
        Pass a :class:`Run` as ``run`` to get the counts as well.
    """
    import pandas as pd

    from .contract import conform, empty_frame
    from .extraction import extract_documents
    from .inputs import ARTICLE_EXTENSIONS, Problem, is_incident_file, iter_documents

    run = run if run is not None else Run()
    frames = []
    articles = []
    expanded = []
    for raw in paths:  # directories: their incident files are read as incidents, their articles as articles
        p = Path(str(raw))
        if str(raw) != "-" and p.is_dir() and not is_incident_file(p):
            skipped = []
            for f in sorted(p.rglob("*")):
                if not f.is_file() or f.name.startswith("."):
                    continue
                if is_incident_file(f) or f.suffix.lower() in ARTICLE_EXTENSIONS or f.suffix == "":
                    expanded.append(f)
                else:
                    skipped.append(f.suffix.lower())
            if skipped:
                kinds = ", ".join(sorted(set(skipped)))
                run.problems.append(Problem(str(p), f"skipped {len(skipped)} files that are neither articles nor incidents ({kinds})", fatal=False))
        else:
            expanded.append(raw)
    for raw in expanded:
        if str(raw) != "-" and is_incident_file(raw) and Path(raw).exists():
            from .io import read_incidents

            try:
                frames.append(read_incidents(raw))
                run.incident_files += 1
            except Exception as err:  # one bad file never sinks the batch
                run.problems.append(Problem(str(raw), f"{type(err).__name__}: {err}"))
        else:
            articles.append(raw)
    if articles:

        def progress(doc, n):
            run.articles += 1
            if on_progress is not None:
                on_progress(doc, n)

        gdf, probs = extract_documents(iter_documents(articles, published=published, source=source, url=url),
                                       on_progress=progress)
        run.incidents_found += len(gdf)
        run.problems.extend(probs)
        if merge and len(gdf) > 1 and gdf["doc_id"].nunique() > 1:
            from .store.merge import merge_incidents

            merged, records = merge_incidents(gdf)
            run.merged += len(gdf) - len(merged)
            gdf = merged
        frames.append(gdf)
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_frame(), run.problems
    if len(frames) == 1:
        return frames[0], run.problems
    out = pd.concat(frames, ignore_index=True).drop_duplicates("event_id", keep="first")
    return conform(out), run.problems
