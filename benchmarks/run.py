"""The performance targets, all in one run: python benchmarks/run.py [--quick]

Each case generates its own data in a temporary folder, then times our command and a
reference in fresh processes, alternating (so both see the same machine load), and
prints the medians, their ratio and the target:

1. startup: `cx-pillars --help` and `cx-pillars pillars` against `python -c "import typer"`
   (target ratio <= 1.3);
2. store: `cx-pillars team --json` over 10,000 assessment files against a bare loop that
   only parses the same files with tomllib (target <= 1.5);
3. survey: `cx-pillars survey import` of a 1,000,000-row wide CSV (ten rank columns, a
   generation column, five rating columns) against pandas.read_csv + per-column means by
   generation (target <= 1.0, and peak memory <= 150 MB; skipped without pandas, which
   is installed only for this benchmark: pip install pandas);
4. charts: `cx-pillars report` on the demo data against a script that imports matplotlib
   and saves one empty PDF page (target <= 3 s and ratio <= 1.5);
5. workbooks: `cx-pillars survey import` of a 100,000-row .xlsx against the same rows as
   CSV, in the Microsoft Forms layout and in the wide one (target <= 3.0, and peak
   memory <= 150 MB; benchmarks/survey_xlsx.py has the details).

--quick uses fewer runs and 100,000 survey rows, for a first look.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import startup
import survey_import
import survey_xlsx
import team_load
from common import cx_pillars, paired, run_child
from report import BARE as EMPTY_PDF


def store_case(tmp: Path, runs: int) -> dict:
    folder = tmp / "store"
    folder.mkdir()
    team_load.write_store(folder, 10_000)
    result = paired(
        [cx_pillars(), "team", "--json", "--dir", str(folder)],
        [sys.executable, "-c", team_load.BARE, str(folder)],
        runs,
    )
    return {
        "case": "team --json, 10,000 files",
        "reference_name": "tomllib loop",
        "target": 1.5,
        **result,
    }


def survey_case(tmp: Path, runs: int, rows: int) -> dict | None:
    try:
        import pandas  # noqa: F401  (only to know whether the reference can run)
    except ImportError:
        print(
            "survey: pandas is not installed, so there is no reference (pip install pandas)",
            file=sys.stderr,
        )
        return None
    path = tmp / "customers.csv"
    survey_import.write_csv(path, rows)
    script = tmp / "pandas_means.py"
    script.write_text(survey_import.PANDAS_SCRIPT)
    counter = iter(range(10_000))

    def ours() -> list[str]:  # a new summary name every run: import never overwrites
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
            str(tmp / "s"),
            "--name",
            f"run-{next(counter)}",
            "--json",
        ]

    result = paired(ours, [sys.executable, str(script), str(path)], runs)
    return {
        "case": f"survey import, {rows:,} rows",
        "reference_name": "pandas",
        "target": 1.0,
        "memory_target": 150,
        **result,
    }


def xlsx_case(tmp: Path, runs: int, layout: str) -> dict:
    csv_path, xlsx_path = survey_xlsx.write_both(tmp, layout, 100_000)
    counter = iter(range(10_000))
    store = tmp / f"xlsx-{layout}"
    result = paired(
        survey_xlsx.import_argv(xlsx_path, store, counter, layout),
        survey_xlsx.import_argv(csv_path, store, counter, layout),
        runs,
    )
    return {
        "case": f"xlsx import, {layout}, 100k",
        "reference_name": "same CSV",
        "target": 3.0,
        "memory_target": 150,
        **result,
    }


def report_case(tmp: Path, runs: int) -> dict:
    exe = cx_pillars()
    subprocess.run(
        [exe, "demo", "--out", str(tmp / "demo")],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    counter = iter(range(10_000))

    def ours() -> list[str]:  # a new file every run: report never overwrites
        return [
            exe,
            "report",
            "--dir",
            str(tmp / "demo" / "assessments"),
            "--survey",
            "customers",
            "--lang",
            "en",
            "--out",
            str(tmp / f"pack-{next(counter)}.pdf"),
        ]

    result = paired(ours, [sys.executable, "-c", EMPTY_PDF, str(tmp / "empty.pdf")], runs)
    return {
        "case": "report on the demo data",
        "reference_name": "empty matplotlib PDF",
        "target": 1.5,
        "seconds_target": 3.0,
        **result,
    }


def verdict(c: dict) -> str:
    ratio = c["ours"] / c["reference"]
    ok = ratio <= c["target"]
    if "seconds_target" in c:
        ok = ok and c["ours"] <= c["seconds_target"]
    if "memory_target" in c:
        ok = ok and c["ours_peak_mb"] <= c["memory_target"]
    return "met" if ok else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    rows = 100_000 if args.quick else 1_000_000
    run_child([cx_pillars(), "--version"])
    cases = startup.cases(runs * 3)
    with tempfile.TemporaryDirectory(prefix="cx-bench-") as tmp:
        tmp = Path(tmp)
        cases.append(store_case(tmp, runs))
        survey = survey_case(tmp, max(3, runs // 2), rows)
        if survey:
            cases.append(survey)
        cases.append(report_case(tmp, runs))
        for layout in ("forms", "wide"):
            cases.append(xlsx_case(tmp, max(3, runs // 2), layout))
    print(
        f"{'case':<28} {'ours':>9} {'reference':>22} {'ratio':>6} {'target':>8} "
        f"{'peak MB (ref)':>15}  verdict"
    )
    for c in cases:
        ratio = c["ours"] / c["reference"]
        target = f"≤{c['target']:.1f}" + (
            f", ≤{c['seconds_target']:.0f} s" if "seconds_target" in c else ""
        )
        ref = f"{c['reference'] * 1000:.0f} ms {c['reference_name']}"
        peak = f"{c['ours_peak_mb']:.0f} ({c['reference_peak_mb']:.0f})"
        print(
            f"{c['case']:<28} {c['ours'] * 1000:>6.0f} ms {ref:>22} {ratio:>6.2f} "
            f"{target:>8} {peak:>15}  {verdict(c)}"
        )


if __name__ == "__main__":
    main()
