"""Time of the meeting pack: `cx-pillars report` on the demo data.

Run: python benchmarks/report.py [--runs 5] [--no-survey] [--markdown]

It runs ``cx-pillars demo`` once into a temporary folder, then measures in fresh
processes, alternating, median of ``--runs`` (after one unmeasured warm-up each):

* ours: ``cx-pillars report --dir DEMO/assessments --survey customers --out NEW.pdf``
  (start, load and analyse the team and the survey, build the title and summary
  pages, six charts and two table pages, write one PDF with its fonts embedded);
* bare: a ``python -c`` script that imports matplotlib and saves one empty PDF page,

and prints both medians and their ratio. Targets (issue 5): at most 3 s, ratio at most
1.5. ``--no-survey`` times the team-only pack, ``--markdown`` adds the Markdown summary
with its six PNG charts.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import cx_pillars, run_child

BARE = """
import sys
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
fig = Figure(figsize=(13.333, 7.5))
FigureCanvasAgg(fig)
fig.savefig(sys.argv[1], format="pdf")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-survey", action="store_true", help="the team-only pack")
    parser.add_argument("--markdown", action="store_true", help="also the Markdown and PNGs")
    args = parser.parse_args()
    exe = cx_pillars()
    with tempfile.TemporaryDirectory(prefix="cx-report-bench-") as tmp:
        tmp = Path(tmp)
        subprocess.run(
            [exe, "demo", "--out", str(tmp / "demo")],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        store = tmp / "demo" / "assessments"

        def ours(k: int) -> list[str]:  # a new name every run: report never overwrites
            argv = [
                exe,
                "report",
                "--dir",
                str(store),
                "--out",
                str(tmp / f"pack-{k}.pdf"),
                "--lang",
                "en",
            ]
            if not args.no_survey:
                argv += ["--survey", "customers"]
            if args.markdown:
                argv += ["--markdown", str(tmp / f"pack-{k}.md")]
            return argv

        bare = [sys.executable, "-c", BARE, str(tmp / "empty.pdf")]
        run_child(ours(0))
        run_child(bare)
        mine, theirs = [], []
        for k in range(1, args.runs + 1):
            mine.append(run_child(ours(k))[0])
            theirs.append(run_child(bare)[0])
        pdf = (tmp / "pack-1.pdf").read_bytes()
        pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    ours_s, bare_s = statistics.median(mine), statistics.median(theirs)
    what = "team only" if args.no_survey else "with survey"
    if args.markdown:
        what += ", + Markdown and PNGs"
    print(
        f"cx-pillars report ({what}, {pages} pages): median {ours_s:.3f} s of {args.runs} "
        f"(min {min(mine):.3f}, max {max(mine):.3f})"
    )
    print(
        f"bare matplotlib, one empty PDF page:  median {bare_s:.3f} s of {args.runs} "
        f"(min {min(theirs):.3f}, max {max(theirs):.3f})"
    )
    print(f"ratio {ours_s / bare_s:.2f} (target ≤ 1.5); report {ours_s:.2f} s (target ≤ 3 s)")


if __name__ == "__main__":
    main()
