"""Time and memory of the agreement chart as the team grows (issue 14 item 7).

    python benchmarks/chart_agreement.py [--runs 3] [--sizes 60,500,5000]

Builds and draws the chart (as the PDF would) for teams of each size ranking the ten
pillars, and prints the median time and the peak memory traced while drawing, with the
ratio to the smallest size: beyond 20 colleagues the chart counts colleagues per
position, so both stay about flat (a column per colleague took 141 s and 1.1 GB for
5,000).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def make(m: int):
    from cx_pillars.charts.inputs import AgreementData, Footnote
    from cx_pillars.pillars import builtin_framework

    fw = builtin_framework()
    rng = random.Random(m)
    rankings = []
    for _ in range(m):
        order = list(fw.ids)
        rng.shuffle(order)
        rankings.append(order)
    return AgreementData(
        pillars=list(fw.ids),
        labels={p: fw.label(p, "en") for p in fw.ids},
        footnote=Footnote(source="team", colleagues=m),
        colleagues=[f"Colleague {k}" for k in range(m)],
        rankings=rankings,
    )


def once(data) -> tuple[float, int]:
    from cx_pillars import charts

    tracemalloc.start()
    start = time.perf_counter()
    for fig in charts.build_pages("agreement", data):
        fig.canvas.draw()
        fig.clear()
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return elapsed, peak


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="60,500,5000")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    once(make(sizes[0]))  # warm: fonts, caches
    base = None
    print(f"{'colleagues':>10} {'median s':>9} {'ratio':>6} {'peak MB':>8}")
    for m in sizes:
        data = make(m)
        times, peaks = zip(*(once(data) for _ in range(args.runs)), strict=True)
        med = statistics.median(times)
        base = base or med
        print(f"{m:>10} {med:>9.3f} {med / base:>6.2f} {max(peaks) / 1e6:>8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
