"""Corpora at scale (issue 7): batch runs with worker processes, a Dask
LocalCluster, a store that makes runs resumable, progress and the summary.

Every engine must give the same incidents on the same input; a run killed
with SIGKILL and started again must end with exactly what an uninterrupted
run gives.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoevents.cli import main
from geoevents.pipeline import CHUNK_DOCS, Run, run_corpus

ROOT = Path(__file__).resolve().parents[1]
COMPARE = ["event_id", "event_date", "event_type", "sub_event_type", "actor1", "location", "latitude",
           "longitude", "fatalities", "doc_id", "evidence"]


def write_corpus(path: Path, n: int, *, seed: int = 5, size: int = 2500) -> Path:
    sys.path.insert(0, str(ROOT))
    from bench.corpus import synthetic_articles

    with path.open("w", encoding="utf-8") as fh:
        for i, (text, pub) in enumerate(synthetic_articles(n, size=size, seed=seed)):
            fh.write(json.dumps({"text": text, "published": pub.isoformat(), "source": "Synthetic Wire",
                                 "url": f"https://news.example/{i}"}) + "\n")
    return path


def table(gdf):
    out = gdf[COMPARE].astype(str).sort_values("event_id").reset_index(drop=True)
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    # a few chunks' worth, so that chunks really go to different workers
    return write_corpus(tmp_path_factory.mktemp("corpus") / "wire.jsonl", 3 * CHUNK_DOCS + 5)


@pytest.fixture(scope="module")
def one_worker(corpus):
    gdf, run = run_corpus([corpus])
    assert run.articles == 3 * CHUNK_DOCS + 5 and run.failed == 0
    assert len(gdf) > 100
    return gdf


def test_two_worker_processes_give_what_one_gives(corpus, one_worker):
    gdf, run = run_corpus([corpus], workers=2)
    assert run.articles == 3 * CHUNK_DOCS + 5
    assert table(gdf).equals(table(one_worker))


@pytest.mark.slow
def test_dask_local_cluster_gives_what_the_local_engine_gives(corpus, one_worker, tmp_path):
    pytest.importorskip("distributed")
    gdf, run = run_corpus([corpus], engine="dask", workers=2)
    assert run.articles == 3 * CHUNK_DOCS + 5 and run.failed == 0
    assert table(gdf).equals(table(one_worker))


def test_dask_workers_write_the_dataset_themselves_and_it_equals_the_local_result(corpus, one_worker, tmp_path):
    """--engine dask -o DIR/: workers write the reports and merge them by date islands; same incidents."""
    dgpd = pytest.importorskip("dask_geopandas")
    out = tmp_path / "incidents"
    out.mkdir()  # an empty folder is replaced; the result is moved into place at the end
    res = CliRunner().invoke(main, ["extract", str(corpus), "--engine", "dask", "-j", "2", "-o", f"{out}/"])
    assert res.exit_code == 0, res.output
    assert f"wrote {len(one_worker)} incidents" in res.stderr
    months = sorted(p.name for p in out.iterdir())
    assert months and all(m.startswith("event_month=") for m in months)
    assert not list(out.glob("_raw*")) and not list(tmp_path.glob(".incidents.tmp-*"))
    ddf = dgpd.read_parquet(out)
    assert len(ddf.compute()) == len(one_worker)
    from geoevents.io import read_incidents

    back = read_incidents(out)
    assert table(back).equals(table(one_worker))
    res = CliRunner().invoke(main, ["map", str(out), "-o", str(tmp_path / "m.html")])
    assert res.exit_code == 0, res.output
    assert f"({len(one_worker)} incidents" in res.output
    # and the store reads it
    res = CliRunner().invoke(main, ["extract", str(out), "--db", str(tmp_path / "s.gpkg")])
    assert res.exit_code == 0, res.output
    assert f"{len(one_worker)} added" in res.stderr


def test_dask_dataset_with_many_merge_groups_and_undated_reports(tmp_path, monkeypatch):
    """Small merge groups, week ranges across month ends and undated articles: still the local result."""
    pytest.importorskip("distributed")
    from geoevents import dataset_run

    corpus = write_corpus(tmp_path / "wire.jsonl", 2 * CHUNK_DOCS, seed=23)
    with corpus.open("a", encoding="utf-8") as fh:  # no publication date: relative dates stay undated
        fh.write(json.dumps({"text": "Gunmen abducted 12 villagers from a market in Kano last week, witnesses said. "
                                     "Troops shelled Aleppo on Saturday, killing 4."}) + "\n")
        fh.write(json.dumps({"text": "Fighting broke out near Mosul overnight, a monitor said."}) + "\n")
    local, _ = run_corpus([corpus])
    assert local["event_date"].isna().any() and (local["time_precision"] == 2).any()
    monkeypatch.setattr(dataset_run, "GROUP_ROWS", 40)
    out = tmp_path / "ds"
    _, run = run_corpus([corpus], engine="dask", workers=2, dataset=out)
    from geoevents.io import read_incidents

    back = read_incidents(out)
    assert (out / "event_month=unknown").is_dir()
    assert len(list(out.glob("event_month=*/part-*.parquet"))) > 10
    assert table(back).equals(table(local))
    assert run.incidents_found - run.merged == len(local)


def test_date_islands_split_reports_that_can_never_merge():
    from geoevents.dataset_run import islands, plan_groups

    got = islands([(10, 12, 1), (1, 3, 2), (12, 15, 1), (3, 4, 1), (20, 20, 5)])
    assert got == [(1, 4, 3), (10, 15, 2), (20, 20, 5)]
    assert plan_groups(got, undated=True, group_rows=5) == [(1, 15), (20, 20), (-1, -1)]
    assert plan_groups(got, undated=False, group_rows=2) == [(1, 4), (10, 15), (20, 20)]


def test_store_run_is_resumable_and_a_rerun_adds_nothing(corpus, tmp_path):
    from geoevents.store import open_store

    db = tmp_path / "store.gpkg"
    store = open_store(db)
    _, first = run_corpus([corpus], store=store)
    n = len(store)
    assert first.stored_added > 0 and n == first.stored_added
    _, again = run_corpus([corpus], store=store)
    assert again.articles == 0 and again.already_done == 3 * CHUNK_DOCS + 5
    assert len(store) == n


def _store_len(db: Path) -> int:
    import sqlite3

    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM geoevents_docs").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_a_run_stopped_mid_batch_finishes_on_restart_without_duplicates(tmp_path, sig):
    corpus = write_corpus(tmp_path / "big.jsonl", 8 * CHUNK_DOCS, seed=11)
    exe = [sys.executable, "-c", "from geoevents.cli import main; main()"]
    whole = tmp_path / "whole.gpkg"
    subprocess.run([*exe, "extract", str(corpus), "--db", str(whole), "-q"], check=True, timeout=300)

    stopped = tmp_path / "stopped.gpkg"
    # its own process group, as a terminal's Ctrl-C reaches the run and its workers
    proc = subprocess.Popen([*exe, "extract", str(corpus), "--db", str(stopped), "-j", "2"],
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while _store_len(stopped) < 2 * CHUNK_DOCS and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be stopped: make the corpus bigger"
    os.killpg(proc.pid, sig)
    err = proc.communicate(timeout=60)[1]
    if sig == signal.SIGINT:
        assert proc.returncode == 130 and "run the same command again" in err
    done_at_stop = _store_len(stopped)
    assert 0 < done_at_stop < 8 * CHUNK_DOCS

    res = subprocess.run([*exe, "extract", str(corpus), "--db", str(stopped)], capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr
    assert f"{done_at_stop} already done (skipped)" in res.stderr
    assert f"{8 * CHUNK_DOCS - done_at_stop} articles read" in res.stderr

    from geoevents.store import open_store

    a, b = open_store(whole).query(), open_store(stopped).query()
    assert table(a).equals(table(b))
    assert b["event_id"].is_unique


@pytest.mark.slow
def test_a_worker_killed_mid_run_costs_nothing(tmp_path):
    """The OOM killer (here SIGKILL) takes a worker: the pool restarts and its chunks are coded again."""
    psutil = pytest.importorskip("psutil")
    corpus = write_corpus(tmp_path / "big.jsonl", 8 * CHUNK_DOCS, seed=13)
    exe = [sys.executable, "-c", "from geoevents.cli import main; main()"]
    whole, hit = tmp_path / "whole.gpkg", tmp_path / "hit.gpkg"
    subprocess.run([*exe, "extract", str(corpus), "--db", str(whole), "-q"], check=True, timeout=300)
    proc = subprocess.Popen([*exe, "extract", str(corpus), "--db", str(hit), "-j", "2"],
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while _store_len(hit) < CHUNK_DOCS and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    workers = [c for c in psutil.Process(proc.pid).children(recursive=True)
               if "spawn_main" in " ".join(c.cmdline())]
    assert workers and proc.poll() is None
    workers[0].kill()
    err = proc.communicate(timeout=300)[1]
    assert proc.returncode == 0, err
    assert "0 inputs failed" in err and f"{8 * CHUNK_DOCS} articles read" in err

    from geoevents.store import open_store

    assert table(open_store(whole).query()).equals(table(open_store(hit).query()))


def test_bad_articles_are_reported_and_the_batch_goes_on(tmp_path):
    good = write_corpus(tmp_path / "good.jsonl", 4, seed=2)
    (tmp_path / "blank.txt").write_text("   \n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    with (tmp_path / "mixed.jsonl").open("w") as fh:
        fh.write('{"text": "A bomb exploded in Kabul on 3 May 2024, killing 4.", "published": "2024-05-04"}\n')
        fh.write("{not json\n")
        fh.write('{"title": "no text"}\n')
    res = CliRunner().invoke(main, ["extract", str(good), str(tmp_path / "blank.txt"), str(tmp_path / "binary.txt"),
                                    str(tmp_path / "mixed.jsonl"), "-j", "2", "-o", str(tmp_path / "out.geojson")])
    assert res.exit_code == 0, res.output
    err = res.stderr
    assert "blank.txt: empty input" in err and "binary.txt: binary data" in err
    assert "mixed.jsonl:2: not valid JSON" in err and "mixed.jsonl:3: no 'text'" in err
    assert "5 articles read" in err and "4 inputs failed (" in err
    summary = err.strip().splitlines()[-1]
    for why in ("1 empty input", "1 binary data", "1 not valid JSON", "1 no 'text' in the record"):
        assert why in summary
    gdf = __import__("geopandas").read_file(tmp_path / "out.geojson")
    assert "Kabul" in set(gdf["location"])


def test_progress_line_only_on_a_terminal_unless_asked(corpus, tmp_path):
    runner = CliRunner()
    quiet = runner.invoke(main, ["extract", str(corpus), "-o", str(tmp_path / "a.parquet")])
    assert quiet.exit_code == 0 and "\r" not in quiet.stderr  # CliRunner's stderr is not a terminal
    shown = runner.invoke(main, ["extract", str(corpus), "-o", str(tmp_path / "b.parquet"), "--progress"])
    assert shown.exit_code == 0, shown.output
    lines = [seg for seg in shown.stderr.split("\r") if "/s," in seg]
    assert lines, shown.stderr
    assert all("articles" in seg and "incidents" in seg and "errors" in seg for seg in lines)


def test_summary_counts_and_speed(corpus, tmp_path):
    res = CliRunner().invoke(main, ["extract", str(corpus), "--db", str(tmp_path / "s.gpkg")])
    assert res.exit_code == 0, res.output
    last = res.stderr.strip().splitlines()[-1]
    assert last.startswith(f"{3 * CHUNK_DOCS + 5} articles read") and "articles/s" in last
    assert "added" in res.stderr


def test_engine_options_are_checked(corpus):
    res = CliRunner().invoke(main, ["extract", str(corpus), "--scheduler", "tcp://127.0.0.1:1"])
    assert res.exit_code != 0 and "--scheduler needs --engine dask" in res.output
    res = CliRunner().invoke(main, ["extract", str(corpus), "-j", "0"])
    assert res.exit_code != 0 and "0" in res.output


def test_run_progress_line_reports_rate():
    run = Run(articles=10, incidents_found=3)
    line = run.progress_line()
    assert line.startswith("10 articles") and "/s" in line and "3 incidents" in line and "0 errors" in line


def test_map_codes_articles_with_worker_processes(corpus, one_worker, tmp_path):
    res = CliRunner().invoke(main, ["map", str(corpus), "-j", "2", "-o", str(tmp_path / "m.html")])
    assert res.exit_code == 0, res.output
    assert f"({len(one_worker)} incidents" in res.output


def test_patterns_and_hidden_folders(tmp_path, examples_dir):
    import shutil

    (tmp_path / "wire" / "2024").mkdir(parents=True)
    (tmp_path / "wire" / ".git").mkdir()
    (tmp_path / "wire" / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    shutil.copy(examples_dir / "reports.jsonl", tmp_path / "wire" / "2024" / "reports.jsonl")
    gdf, run = run_corpus([str(tmp_path / "wire" / "**" / "*.jsonl"), str(tmp_path / "none-*.txt")])
    assert run.articles == 5 and len(gdf) > 0
    assert [p.reason for p in run.problems if p.fatal] == ["no file matches this pattern"]
    gdf2, run2 = run_corpus([tmp_path / "wire"])
    assert run2.articles == 5 and not any("HEAD" in p.name for p in run2.problems)


def test_a_huge_json_lines_record_is_reported_and_skipped(tmp_path):
    path = tmp_path / "corpus.jsonl"
    with path.open("w") as fh:
        fh.write(json.dumps({"text": "Shelling killed 3 people in Kharkiv on 2 May 2024.", "published": "2024-05-03"}) + "\n")
        fh.write(json.dumps({"text": "word " * 2_000_000, "published": "2024-05-03"}) + "\n")  # 10 MB
        fh.write(json.dumps({"text": "A drone strike hit Odesa on 2 May 2024, killing 2.", "published": "2024-05-03"}) + "\n")
    gdf, run = run_corpus([path])
    assert run.articles == 2 and set(gdf["location"]) >= {"Kharkiv", "Odesa"}
    (big,) = [p for p in run.problems if p.fatal]
    assert big.name.endswith("corpus.jsonl:2") and "10 MB" in big.reason


def test_a_document_whose_incident_breaks_the_contract_costs_that_document_only():
    from geoevents.contract import from_records
    from geoevents.inputs import Document
    from geoevents.pipeline import _drop_broken
    from geoevents.testing import incident_row

    good, bad = Document(text="a", name="good.txt"), Document(text="b", name="bad.txt")
    gdf = from_records([incident_row(event_id="SYR-1", doc_id=good.doc_id),
                        incident_row(event_id="SYR-2", doc_id=bad.doc_id, date_start="2024-12-09"),
                        incident_row(event_id="SYR-3", doc_id=good.doc_id, latitude=36.0)],
                       validate_values=False)
    kept, problems = _drop_broken(gdf, [good, bad])
    assert list(kept["event_id"]) == ["SYR-1", "SYR-3"]
    (p,) = problems
    assert p.name == "bad.txt" and p.fatal and "date_start" in p.reason


def test_an_output_directory_that_is_not_a_dataset_is_refused_before_any_coding(tmp_path, examples_dir):
    mine = tmp_path / "mine"
    (mine / "event_month=2024-01").mkdir(parents=True)
    (mine / "event_month=2024-01" / "my_notes.txt").write_text("keep me")
    res = CliRunner().invoke(main, ["extract", str(examples_dir / "reports.jsonl"), "-o", f"{mine}/"])
    assert res.exit_code == 1 and "not a geoevents GeoParquet dataset" in res.output
    assert "articles read" not in res.output  # nothing was coded
    assert (mine / "event_month=2024-01" / "my_notes.txt").read_text() == "keep me"


def test_a_recursive_pattern_over_symlink_loops_ends(tmp_path):
    loop = tmp_path / "gl" / "loop"
    loop.mkdir(parents=True)
    (loop / "z.txt").write_text("Rebels shelled Aleppo on Tuesday, killing 3.")
    (loop / "up").symlink_to("..")
    (loop / "self").symlink_to("../loop")
    gdf, run = run_corpus([str(tmp_path / "gl" / "**" / "*.txt")], published="2024-12-03")
    assert run.articles == 1 and run.duplicates == 0 and list(gdf["location"]) == ["Aleppo"]


def test_glob_patterns_match_like_the_shell(tmp_path):
    from geoevents.inputs import _glob

    for rel in ("a/b/c.txt", "a/c.txt", "c.txt", "a/b/d.md", "a/x1.txt", "a/x22.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    names = lambda pat: [str(Path(m).relative_to(tmp_path)) for m in _glob(str(tmp_path / pat))]  # noqa: E731
    assert names("**/*.txt") == ["a/b/c.txt", "a/c.txt", "a/x1.txt", "a/x22.txt", "c.txt"]
    assert names("a/**/c.txt") == ["a/b/c.txt", "a/c.txt"]
    assert names("a/x?.txt") == ["a/x1.txt"] and names("a/x[0-9]*.txt") == ["a/x1.txt", "a/x22.txt"]


def test_json_lines_on_stdin_are_one_article_per_line(examples_dir):
    data = (examples_dir / "reports.jsonl").read_bytes()
    res = CliRunner().invoke(main, ["extract", "-", "--format", "jsonl", "-j", "2"], input=data)
    assert res.exit_code == 0, res.output
    assert "5 articles read" in res.stderr
    from_file, _ = run_corpus([examples_dir / "reports.jsonl"])
    assert len(res.stdout.strip().splitlines()) == len(from_file)


def test_two_big_files_that_differ_only_in_the_middle_are_two_articles(tmp_path):
    from geoevents.inputs import MAX_DOCUMENT_BYTES, read_document

    text = b"Shelling hit Homs on Monday, killing 3 people. " * (MAX_DOCUMENT_BYTES // 47 + 2000)
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(text)
    changed = bytearray(text)
    changed[len(text) // 2 : len(text) // 2 + 4] = b"Hama"
    b.write_bytes(bytes(changed))
    da, db = read_document(a), read_document(b)
    assert type(da).__name__ == "StreamedDocument" and da.doc_id != db.doc_id
    assert read_document(a).doc_id == da.doc_id


def test_a_repeated_text_is_coded_once_and_the_copy_is_named(tmp_path):
    text = "Shelling killed 4 people in Kharkiv on 2 May 2024."
    path = tmp_path / "wire.jsonl"
    path.write_text("".join(json.dumps({"text": text, "source": s, "published": "2024-05-03"}) + "\n"
                            for s in ("Reuters", "AP")))
    gdf, run = run_corpus([path])
    assert run.articles == 1 and run.duplicates == 1 and len(gdf) == 1
    (note,) = [p for p in run.problems if "same text" in p.reason]
    assert note.name.endswith("wire.jsonl:2") and "wire.jsonl:1" in note.reason and not note.fatal


def test_json_lines_dates_as_unix_time_or_gdelt_stamps_and_clear_text_errors(tmp_path):
    path = tmp_path / "c.jsonl"
    recs = [{"text": "Shelling killed 4 people in Kharkiv on Monday.", "published": 1733184000},
            {"text": "Shelling killed 5 people in Odesa on Monday.", "published": 1733184000000},
            {"text": "Shelling killed 6 people in Sumy on Monday.", "published": "20241203103000"},
            {"body": "no text key"}, {"text": ["a", "list"]}]
    path.write_text("".join(json.dumps(r) + "\n" for r in recs))
    gdf, run = run_corpus([path])
    assert sorted(gdf["event_date"].dt.strftime("%Y-%m-%d")) == ["2024-12-02"] * 3  # the Monday before 3 Dec
    reasons = [p.reason for p in run.problems if p.fatal]
    assert reasons == ["no 'text' in the record (its keys: 'body')", "'text' must be a string (got list)"]
