"""Helpers every benchmark module shares."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Callable


@dataclass
class Row:
    """One printed figure: ``group``/``name`` = ``value`` ``unit``, with an optional baseline ratio."""

    group: str
    name: str
    value: float
    unit: str
    baseline: str | None = None  # what the ratio compares against
    ratio: float | None = None  # value / baseline value (or speed-up; say which in `baseline`)
    note: str = ""

    def line(self) -> str:
        v = f"{self.value:,.3f}" if abs(self.value) < 100 else f"{self.value:,.0f}"
        out = f"{self.group:<10} {self.name:<52} {v:>14} {self.unit:<10}"
        if self.ratio is not None:
            out += f" x{self.ratio:,.2f} vs {self.baseline}"
        if self.note:
            out += f"  ({self.note})"
        return out


def median_time(fn: Callable[[], object], *, runs: int = 5, warmup: int = 1) -> float:
    """Median wall time of ``fn()`` over ``runs`` runs, after ``warmup`` untimed runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def median_cmd(args: list[str], *, runs: int = 5) -> float:
    """Median wall time of running a command in a new process."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def python() -> str:
    return sys.executable
