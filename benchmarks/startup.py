"""Startup time: `cx-pillars --help` and `cx-pillars pillars` against `python -c "import typer"`.

Run: python benchmarks/startup.py [--runs 21]
Prints the median wall time of each command (fresh process each run) and the ratio
to the reference, measured in the same run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def median_seconds(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    exe = str(Path(sys.executable).parent / "cx-pillars")
    if not Path(exe).exists():
        exe = shutil.which("cx-pillars") or sys.exit("cx-pillars is not installed")
    reference = [sys.executable, "-c", "import typer"]
    cases = [("cx-pillars --help", [exe, "--help"]),
             ("cx-pillars pillars", [exe, "pillars"])]
    median_seconds(reference, 3)                     # warm the file cache
    ref = median_seconds(reference, args.runs)
    print(f"{'case':<22} {'median':>9} {'reference':>10} {'ratio':>6}")
    print(f"{'python -c import typer':<22} {ref * 1000:>7.0f}ms")
    for name, argv in cases:
        median_seconds(argv, 3)
        t = median_seconds(argv, args.runs)
        print(f"{name:<22} {t * 1000:>7.0f}ms {ref * 1000:>8.0f}ms {t / ref:>6.2f}")


if __name__ == "__main__":
    main()
