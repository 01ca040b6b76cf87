"""geoevents benchmarks: ``python -m bench`` (or ``make bench``).

Each ``bench/bench_*.py`` module defines ``run(quick: bool) -> list[Row]``;
the runner prints every row. Figures are medians of several runs, with ratios
against a baseline measured in the same run. Tests never assert on time.
"""
