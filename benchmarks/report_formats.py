"""Time of the meeting pack in three formats: `report --out --pptx --html` against
`report --out` alone, on the demo data.

Run: python benchmarks/report_formats.py [--runs 5] [--markdown]

It runs ``cx-pillars demo`` once into a temporary folder, then measures in fresh
processes, alternating, median of ``--runs`` (after one unmeasured warm-up each):

* pdf: ``cx-pillars report --dir DEMO/assessments --survey customers --out NEW.pdf``;
* all: the same with ``--pptx NEW.pptx --html NEW.html`` (``--markdown`` adds the
  Markdown and its PNGs to this side),

and prints both medians and their ratio. Target (issue 18): at most 1.5. The deck and
the page reuse the figures drawn for the PDF; their pictures and SVGs are rendered in a
second process while the PDF is written, so on two cores the ratio stays well under 2.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
from pathlib import Path

from common import cx_pillars, run_child


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--markdown", action="store_true", help="all: also the Markdown")
    args = parser.parse_args()
    if args.runs < 3:
        parser.error("--runs: at least 3 (a median of fewer says little)")
    exe = cx_pillars()
    with tempfile.TemporaryDirectory(prefix="cx-formats-bench-") as tmp:
        tmp = Path(tmp)
        subprocess.run(
            [exe, "demo", "--out", str(tmp / "demo")],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        store = tmp / "demo" / "assessments"
        base = [exe, "report", "--dir", str(store), "--survey", "customers", "--lang", "en"]

        def pdf(k: int) -> list[str]:  # a new name every run
            return [*base, "--out", str(tmp / f"alone-{k}.pdf")]

        def every(k: int) -> list[str]:
            argv = [*base, "--out", str(tmp / f"all-{k}.pdf")]
            argv += ["--pptx", str(tmp / f"all-{k}.pptx"), "--html", str(tmp / f"all-{k}.html")]
            if args.markdown:
                argv += ["--markdown", str(tmp / f"all-{k}.md")]
            return argv

        run_child(pdf(0))
        run_child(every(0))
        alone, both = [], []
        for k in range(1, args.runs + 1):
            alone.append(run_child(pdf(k))[0])
            both.append(run_child(every(k))[0])
        sizes = {
            ext: (tmp / f"all-1.{ext}").stat().st_size / 1e6 for ext in ("pdf", "pptx", "html")
        }
    a, b = statistics.median(alone), statistics.median(both)
    what = "--out --pptx --html" + (" --markdown" if args.markdown else "")
    print(
        f"report --out alone:   median {a:.3f} s of {args.runs} "
        f"(min {min(alone):.3f}, max {max(alone):.3f})"
    )
    print(
        f"report {what}: median {b:.3f} s of {args.runs} (min {min(both):.3f}, max {max(both):.3f})"
    )
    print("sizes: " + ", ".join(f"{ext} {mb:.2f} MB" for ext, mb in sizes.items()))
    print(f"ratio {b / a:.2f} (target ≤ 1.5)")


if __name__ == "__main__":
    main()
