"""Run every benchmark and print its figures: ``python -m bench [--quick] [NAME...]``."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
import traceback
from pathlib import Path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", help="only these modules (e.g. extract geoparse map)")
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller sizes")
    args = parser.parse_args(argv)
    here = Path(__file__).parent
    mods = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    if args.names:
        mods = [m for m in mods if m.removeprefix("bench_") in args.names]
    failed = 0
    print(f"geoevents benchmarks ({'quick' if args.quick else 'full'}), python {sys.version.split()[0]}")
    for name in mods:
        t0 = time.perf_counter()
        print(f"\n== {name.removeprefix('bench_')} ==", flush=True)
        try:
            mod = importlib.import_module(f"bench.{name}")
            for row in mod.run(quick=args.quick):
                print(row.line(), flush=True)
        except Exception:
            failed += 1
            traceback.print_exc()
        print(f"   ({time.perf_counter() - t0:.1f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
