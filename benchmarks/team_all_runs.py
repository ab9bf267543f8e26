"""Load time of every run: `cx-pillars team --all-runs --json` over 10,000 files.

Run: python benchmarks/team_all_runs.py [--files 10000] [--runs 5] [--latest]

It writes ``--files`` valid assessment files (benchmarks/team_load.py's fictional
store: 200 colleagues, a run a quarter, ten pillars) into a temporary folder, then
measures in fresh processes, alternating, median of ``--runs`` after one unmeasured
warm-up each (common.paired):

* ours: ``cx-pillars team --all-runs --json --dir FOLDER`` (start, read and check
  every file, analyse all 10,000 rankings, print the JSON);
* bare: a ``python -c`` loop that only reads and parses the same files with tomllib,

and prints both medians and their ratio. Target (issue 14, item 7): at most 1.5.
``--latest`` also times ``team --json`` (each colleague's latest run) the same way.

On a machine with two or more cores a store of this size is read by two processes
(cx_pillars.store.PARALLEL_MIN); the reference is one.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import team_load
from common import cx_pillars, paired


def check_store(exe: str, folder: Path, extra: list[str], files: int) -> None:
    """Stop unless the command reads the whole store without a warning: a benchmark of
    skipped files would time warnings, not the analysis."""
    done = subprocess.run(
        [exe, "team", "--json", *extra, "--dir", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    if done.stderr.strip():
        sys.exit(f"the benchmark store gives warnings: {done.stderr.splitlines()[0]}")
    runs = json.loads(done.stdout)["runs"]
    if "--all-runs" in extra and runs != files:
        sys.exit(f"team --all-runs read {runs} runs of {files} files")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--latest", action="store_true", help="also time team --json")
    args = parser.parse_args()
    exe = cx_pillars()
    with tempfile.TemporaryDirectory(prefix="cx-all-runs-") as tmp:
        folder = Path(tmp)
        team_load.write_store(folder, args.files)
        bare = [sys.executable, "-c", team_load.BARE, str(folder)]
        cases = [("team --all-runs --json", ["--all-runs"])]
        if args.latest:
            cases.append(("team --json", []))
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
        print(f"{args.files:,} files, {cores} cores, median of {args.runs}")
        for what, extra in cases:
            check_store(exe, folder, extra, args.files)
            result = paired([exe, "team", "--json", *extra, "--dir", str(folder)], bare, args.runs)
            ratio = result["ours"] / result["reference"]
            print(
                f"  {what:<24} {result['ours'] * 1000:6.0f} ms  "
                f"tomllib loop {result['reference'] * 1000:6.0f} ms  "
                f"ratio {ratio:.2f} (target ≤ 1.5)  peak {result['ours_peak_mb']:.0f} MB"
            )


if __name__ == "__main__":
    main()
