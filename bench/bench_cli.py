"""CLI cold start: a new process answering, beside a bare Python start."""

from __future__ import annotations

import sys

from bench.common import Row, median_cmd


def run(quick: bool = False) -> list[Row]:
    runs = 3 if quick else 7
    exe = [sys.executable, "-m", "geoevents"]
    base = median_cmd([sys.executable, "-c", "pass"], runs=runs)
    rows = [Row("cli", "python -c pass (baseline)", base, "s")]
    for label, args in (
        ("geoevents --help", ["--help"]),
        ("geoevents extract --help", ["extract", "--help"]),
        ("geoevents map --help", ["map", "--help"]),
        ("geoevents geocode Aleppo", ["geocode", "Aleppo"]),
    ):
        try:
            t = median_cmd(exe + args, runs=runs)
        except Exception as err:  # a command not available in this build
            rows.append(Row("cli", label, float("nan"), "s", note=f"failed: {type(err).__name__}"))
            continue
        rows.append(Row("cli", label, t, "s", "python -c pass", t / base))
    return rows
