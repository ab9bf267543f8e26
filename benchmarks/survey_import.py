"""Benchmark: `cx-pillars survey import` of a large wide CSV against pandas.

    python benchmarks/survey_import.py [--rows 1000000] [--runs 3] [--profile]

Writes a wide CSV in a temporary folder (one row per respondent: an id, a generation,
ten rank columns holding a random permutation of 1..10, five 1-5 rating columns),
then times, in fresh processes, median of --runs:

* ours:   cx-pillars survey import FILE --segment generation  (the full summary: sums,
          sums of squares, position counts, pairwise preferences, rating histograms,
          per generation and overall, written to a TOML file);
* pandas: pandas.read_csv(FILE) + the mean of every rank and rating column, overall and
          per generation (much less work; skipped when pandas is not installed).

Peak memory is the child's ru_maxrss. Targets (issue 4): ours no slower than pandas,
peak under 150 MB. --profile also runs the import once in-process under cProfile.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
IDS = [
    "advertising",
    "content",
    "digital",
    "non_digital",
    "communications",
    "representatives",
    "products",
    "service",
    "friction",
    "reputation",
]
GENERATIONS = ["Gen Z", "Millennials", "Gen X", "Boomers"]
RATED = IDS[:5]

PANDAS_SCRIPT = """
import sys
import pandas as pd
df = pd.read_csv(sys.argv[1])
cols = [c for c in df.columns if c not in ("respondent", "generation")]
by_generation = df.groupby("generation")[cols].mean()
overall = df[cols].mean()
print(len(df), round(float(overall.iloc[0]), 4))
"""


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    numbers = [str(i) for i in range(11)]
    header = ["respondent", "generation", *IDS, *(f"rating_{p}" for p in RATED)]
    perm = list(range(1, 11))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(header) + "\n")
        lines = []
        for r in range(1, rows + 1):
            rng.shuffle(perm)
            gen = GENERATIONS[rng.randrange(4)]
            ratings = [numbers[rng.randint(1, 5)] for _ in RATED]
            lines.append(
                f"{r},{gen},{','.join(map(numbers.__getitem__, perm))},{','.join(ratings)}\n"
            )
            if len(lines) == 20_000:
                fh.write("".join(lines))
                lines = []
        fh.write("".join(lines))


def run_child(argv: list[str], cwd: Path) -> tuple[float, float, str]:
    """(seconds, peak MB, stdout) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    out, err = proc.stdout.read().decode(), proc.stderr.read().decode()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{argv[2:4]} failed ({proc.returncode}):\n{err}")
    return elapsed, usage.ru_maxrss / 1024, out


def profile(path: Path, store: Path) -> None:
    import cProfile
    import pstats

    sys.path.insert(0, str(REPO))
    from cx_pillars.pillars import builtin_framework
    from cx_pillars.survey.importer import import_file

    prof = cProfile.Profile()
    prof.enable()
    import_file(path, builtin_framework(), segment="generation", name="profiled")
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(18)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="cx-survey-bench-"))
    try:
        path = tmp / "customers.csv"
        t0 = time.perf_counter()
        write_csv(path, args.rows)
        size = path.stat().st_size / 1e6
        print(
            f"{args.rows:,} rows, {size:.1f} MB written in {time.perf_counter() - t0:.1f} s "
            f"({path})"
        )
        store = tmp / "store"

        def ours(i: int) -> list[str]:
            return [
                sys.executable,
                "-m",
                "cx_pillars",
                "survey",
                "import",
                str(path),
                "--segment",
                "generation",
                "--dir",
                str(store),
                "--name",
                f"run-{i}",
                "--json",
            ]

        try:
            import pandas  # noqa: F401

            have_pandas = True
        except ImportError:
            have_pandas = False
        script = tmp / "pandas_means.py"
        script.write_text(PANDAS_SCRIPT)
        # Interleaved runs, so that both see the same machine load.
        mine, theirs, out = [], [], ""
        for i in range(args.runs):
            seconds, peak, out = run_child(ours(i), REPO)
            mine.append((seconds, peak))
            if have_pandas:
                theirs.append(run_child([sys.executable, str(script), str(path)], REPO)[:2])
        import json

        doc = json.loads(out)
        t_ours = statistics.median(t for t, _ in mine)
        mem_ours = max(m for _, m in mine)
        print(
            f"ours    {t_ours:6.2f} s   peak {mem_ours:6.1f} MB   "
            f"({doc['respondents']:,} respondents, {len(doc['segments'])} segments; runs: "
            f"{', '.join(f'{t:.2f}' for t, _ in mine)})"
        )
        if have_pandas:
            t_pd = statistics.median(t for t, _ in theirs)
            mem_pd = max(m for _, m in theirs)
            print(
                f"pandas  {t_pd:6.2f} s   peak {mem_pd:6.1f} MB   (read_csv + means by "
                f"generation; runs: {', '.join(f'{t:.2f}' for t, _ in theirs)})"
            )
            print(
                f"ours/pandas time {t_ours / t_pd:.2f}x; target <= 1.00x: "
                f"{'met' if t_ours <= t_pd else 'NOT met'}"
            )
        else:
            print("pandas is not installed: only our figures (pip install pandas to compare)")
        print(f"peak memory target < 150 MB: {'met' if mem_ours < 150 else 'NOT met'}")
        if args.profile:
            profile(path, store)
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
