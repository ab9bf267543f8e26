"""Time of the segments chart as the number of segments grows (issue 14 item 7).

    python benchmarks/chart_segments.py [--runs 3] [--sizes 30,300,3000]

Builds and draws the chart for a survey split into that many segments over the ten
pillars and prints the median time with the ratio to the smallest size: at most the
12 largest segments are drawn, so it stays about flat (3,000 segments took 183 s).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def make(k: int):
    from cx_pillars.charts.inputs import Footnote, Segment, SegmentsData
    from cx_pillars.pillars import builtin_framework

    fw = builtin_framework()
    rng = random.Random(k)
    segs = []
    for i in range(k):
        order = list(fw.ids)
        rng.shuffle(order)
        segs.append(Segment(name=f"Segment {i}", respondents=rng.randint(5, 400), ranking=order))
    return SegmentsData(
        pillars=list(fw.ids),
        labels={p: fw.label(p, "en") for p in fw.ids},
        footnote=Footnote(source="survey"),
        segments=segs,
    )


def once(data) -> float:
    from cx_pillars import charts

    start = time.perf_counter()
    for fig in charts.build_pages("segments", data):
        fig.canvas.draw()
        fig.clear()
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="30,300,3000")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    once(make(sizes[0]))  # warm: fonts, caches
    base = None
    print(f"{'segments':>9} {'median s':>9} {'ratio':>6}")
    for k in sizes:
        data = make(k)
        med = statistics.median(once(data) for _ in range(args.runs))
        base = base or med
        print(f"{k:>9} {med:>9.3f} {med / base:>6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
