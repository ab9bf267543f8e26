"""Time of the meeting pack in three formats: `report --out --pptx --html` against
`report --out` alone, on the demo data.

Run: python benchmarks/report_formats.py [--runs 5] [--markdown]

It runs ``cx-pillars demo`` once into a temporary folder, then measures in fresh
processes, alternating, median of ``--runs`` (after one unmeasured warm-up each):

* pdf: ``cx-pillars report --dir DEMO/assessments --survey customers --out NEW.pdf``;
* all: the same with ``--pptx NEW.pptx --html NEW.html`` (``--markdown`` adds the
  Markdown and its PNGs to this side),

and prints both medians and their ratio, of wall time and of CPU time (the command
and the second process it forks). Target (issue 18): a wall-time ratio of at most 1.5.
The deck and the page reuse the figures drawn for the PDF; their pictures and SVGs are
rendered in a second process while the PDF is written, so with a core to spare the
extra CPU time mostly disappears from the wall time; on a machine whose other core is
busy, the wall-time ratio approaches the CPU-time ratio.

Measured on the project's 2-core machine (median of 5): idle, --out alone 1.435 s,
--out --pptx --html 1.696 s, ratio 1.18 (CPU time 1.53 s and 2.52 s, 1.64); with both
cores busy with other work, 1.50 s and 2.60 s, ratio 1.73.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import ENV, REPO, cx_pillars


def run_child(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and the children it waited for)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv[:3])} failed:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime


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
        alone, both, alone_cpu, both_cpu = [], [], [], []
        for k in range(1, args.runs + 1):
            wall, cpu = run_child(pdf(k))
            alone.append(wall)
            alone_cpu.append(cpu)
            wall, cpu = run_child(every(k))
            both.append(wall)
            both_cpu.append(cpu)
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
    ca, cb = statistics.median(alone_cpu), statistics.median(both_cpu)
    print(f"CPU time: --out alone {ca:.3f} s, {what} {cb:.3f} s: ratio {cb / ca:.2f}")
    print("sizes: " + ", ".join(f"{ext} {mb:.2f} MB" for ext, mb in sizes.items()))
    print(f"ratio {b / a:.2f} (target ≤ 1.5); load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
